"""Engine and sessions (SQLAlchemy 2, synchronous); migrations run at start-up.

SQLite runs in WAL mode with foreign keys on, so that readers never block the writer and a
deleted document takes its tasks with it, as on PostgreSQL. ``outage_code`` tells a database
that cannot be used right now (unreachable, locked, its disk full), which the service answers
with 503 and the job runner waits out, from a bug, which stays an error.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# SQLite result codes (primary name) of a database that is busy or whose file cannot be written
_SQLITE_FULL = "SQLITE_FULL"
_SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_IOERR",
                       "SQLITE_CANTOPEN", "SQLITE_PROTOCOL")
_PG_DISK_FULL = "53100"


def make_engine(url: str, timeout_s: float = 30) -> Engine:
    """``timeout_s``: how long to wait for a locked SQLite file or a PostgreSQL connection."""
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": timeout_s}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=timeout_s,
        connect_args={"connect_timeout": max(1, round(timeout_s))},
    )


def outage_code(err: BaseException) -> str | None:
    """``storage_full`` or ``database_unavailable`` when ``err`` says that the database or the
    disk cannot be used right now; None for anything else."""
    if isinstance(err, OSError):
        return "storage_full" if err.errno in FULL_ERRNOS else None
    if isinstance(err, (sa_exc.TimeoutError, sa_exc.DisconnectionError)):
        return "database_unavailable"
    if not isinstance(err, sa_exc.DBAPIError):
        return None
    cause = err.orig
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "")
        if name.startswith(_SQLITE_FULL):
            return "storage_full"
        return "database_unavailable" if name.startswith(_SQLITE_UNAVAILABLE) else None
    if isinstance(cause, psycopg.Error):
        if cause.sqlstate == _PG_DISK_FULL:
            return "storage_full"
        if isinstance(cause, psycopg.OperationalError) or err.connection_invalidated:
            return "database_unavailable"
    return "database_unavailable" if err.connection_invalidated else None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode up to the last checkpoint
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
