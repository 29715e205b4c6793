"""Service fixtures: the same tests run against SQLite and against PostgreSQL.

Each test session makes a fresh SQLite file and a fresh PostgreSQL database (dropped at the end)
on the server at 127.0.0.1:5432 (trust auth; ``VANBAN_TEST_PG`` names another server). The app
runs with its real job runner (one worker process) and real HTTP requests through TestClient.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from vanban.api.config import Settings
from vanban.api.main import create_app

from tests.api.helpers import Org, new_org

PG_SERVER = os.environ.get("VANBAN_TEST_PG", "postgresql+psycopg://{user}@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def _pg_admin_url() -> str:
    """The maintenance URL, trying the usual superusers of a trust-auth server."""
    errors = []
    for user in ("postgres", "root"):
        url = PG_SERVER.format(user=user)
        try:
            engine = create_engine(url)
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            return url
        except Exception as err:  # try the next user
            errors.append(f"{user}: {type(err).__name__}")
    raise RuntimeError(f"no PostgreSQL server for the tests at {PG_SERVER} ({'; '.join(errors)})")


@contextlib.contextmanager
def fresh_pg_database(prefix: str = "vanban_test") -> Iterator[str]:
    """A database of its own on the test server, dropped afterwards."""
    admin_url = _pg_admin_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield f"{admin_url.rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh database for this test session."""
    with fresh_pg_database() as url:
        yield url


def make_settings(
    backend: str, root: Path, request: pytest.FixtureRequest, **overrides: object
) -> Settings:
    url = (
        f"sqlite:///{root / 'vanban.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    values: dict[str, object] = {
        "data_dir": root,
        "database_url": url,
        "workers": 1,
        "secret_key": "test-secret",
        "job_timeout_s": 60,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=BACKENDS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The app on one database, with its job runner started (lifespan), for the whole session."""
    settings = make_settings(request.param, tmp_path_factory.mktemp(request.param), request)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def org(service: TestClient) -> Org:
    return new_org(service)


@pytest.fixture
def other_org(service: TestClient) -> Org:
    return new_org(service)
