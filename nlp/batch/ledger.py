"""The batch's memory between runs: ``DIR/.vanban-batch.sqlite``, one row per document content.

A document is identified by the SHA-256 of its bytes, so a renamed or copied file is not read
again, and it is *done* exactly when its row is committed. Each row is its own transaction in WAL
mode: a process killed at any instant (``kill -9``, a crashed machine) leaves every committed row
intact and no half row, so the next run starts from a consistent state. ``synchronous=NORMAL`` is
enough for that: a killed process loses nothing committed; only a power cut may lose the last
rows, which the next run then simply reads again.

The result column holds the contract JSON of done documents; the JSON Lines and Parquet files are
rebuilt from it, never appended to.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LEDGER_NAME = ".vanban-batch.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    filename TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    code TEXT,
    detail TEXT,
    attempts INTEGER NOT NULL,
    result TEXT,
    finished_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Entry:
    sha256: str
    path: str
    filename: str
    status: str  # done | failed
    code: str | None
    detail: str | None
    attempts: int
    finished_at: str


class Ledger:
    """Thread-safe: a backend may pull work items (and so ledger look-ups) from its own thread."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LEDGER_NAME
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            self._db.execute(_SCHEMA)

    def get(self, sha256: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT sha256, path, filename, status, code, detail, attempts, finished_at"
                " FROM documents WHERE sha256 = ?",
                (sha256,),
            ).fetchone()
        return Entry(*row) if row else None

    def record_done(
        self, sha256: str, path: str, filename: str, result_json: str, attempts: int
    ) -> None:
        self._put(sha256, path, filename, "done", None, None, attempts, result_json)

    def record_failed(
        self, sha256: str, path: str, filename: str, code: str, detail: str, attempts: int
    ) -> None:
        self._put(sha256, path, filename, "failed", code, detail, attempts, None)

    def _put(self, *values: object) -> None:
        finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock, self._db:  # one transaction: the row is there whole or not at all
            self._db.execute(
                "INSERT OR REPLACE INTO documents"
                " (sha256, path, filename, status, code, detail, attempts, result, finished_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, finished_at),
            )

    def done(self, batch: int = 500) -> Iterator[tuple[str, str, str, str]]:
        """(sha256, path, filename, result JSON) of every done document, in path order, streamed."""
        with self._lock:
            cursor = self._db.execute(
                "SELECT sha256, path, filename, result FROM documents"
                " WHERE status = 'done' ORDER BY path, sha256"
            )
            rows = cursor.fetchmany(batch)
        while rows:
            yield from rows
            with self._lock:
                rows = cursor.fetchmany(batch)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT status, COUNT(*) FROM documents GROUP BY status"
            ).fetchall()
        return {"done": 0, "failed": 0, **dict(rows)}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
