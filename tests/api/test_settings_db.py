"""Settings, the database set-up (migrations equal to the models, SQLite pragmas) and the limits
a worker runs under."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from vanban.api.config import Settings
from vanban.api.main import create_app
from vanban.api.models import Base

from tests.api.conftest import make_settings
from tests.api.helpers import new_org, upload, wait_job

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////var/lib/vanban.db", "sqlite:////var/lib/vanban.db"),
    ],
)
def test_settings_database_url_is_normalised(given: str, expected: str) -> None:
    assert Settings(database_url=given).database_url == expected


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VANBAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VANBAN_MAX_UPLOAD_BYTES", "1000")
    monkeypatch.delenv("VANBAN_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'vanban.db'}"
    assert settings.files_dir == tmp_path / "files" and settings.max_upload_bytes == 1000
    secret = settings.session_secret()
    assert len(secret) > 40 and Settings().session_secret() == secret  # kept across starts
    monkeypatch.setenv("VANBAN_WORKERS", "0")
    with pytest.raises(ValueError):
        Settings()


def test_db_migrations_match_the_models(service: TestClient) -> None:
    with service.app.state.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_db_sqlite_runs_in_wal_mode_with_foreign_keys(service: TestClient) -> None:
    engine = service.app.state.engine
    if engine.dialect.name != "sqlite":
        assert engine.dialect.driver == "psycopg"
        return
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_openapi_has_the_contract_schema(service: TestClient) -> None:
    schema = service.get("/openapi.json").json()
    assert {"DocumentResult", "Obligation", "Reference"} <= set(schema["components"]["schemas"])
    answer = schema["paths"]["/api/v1/documents/{document_id}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/DocumentResult")
    upload_body = schema["paths"]["/api/v1/documents"]["post"]["requestBody"]["content"]
    assert upload_body["multipart/form-data"]["schema"]["properties"]["file"]["type"] == "array"


@pytest.mark.slow  # its own app: the time limit is fixed when the workers start
def test_worker_time_limit_fails_the_job_with_a_code(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    settings = make_settings("sqlite", tmp_path, request, job_timeout_s=0.001)
    with TestClient(create_app(settings), raise_server_exceptions=False) as service:
        org = new_org(service)
        data = (SAMPLES / "seed-003.txt").read_bytes()
        item = upload(service, org.clerk, ("slow.txt", data)).json()["data"][0]
        job = wait_job(service, org.clerk, item["job_id"])
    assert job["status"] == "failed" and job["error_code"] == "timeout"
    assert "slow.txt" in job["error_message"]
