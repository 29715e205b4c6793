"""One batch run: inputs → content hash → skip what the ledger knows → backend → ledger + files.

The runner neither knows nor cares where documents run: it hands the backend a lazy stream of
work items and records each outcome as it comes back. An outcome is committed to the ledger only
after its output file is in place, so a document the ledger calls done always has its result;
whatever was in flight when a run died is simply read again by the next one.

Skipped without reading: content already done in DIR (from any earlier run, under any name), the
second path with the same content in this run, and, unless ``retry_failed``, content that failed
before (it is reported as failed again, with its first reason).
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..sandbox import Outcome
from .backend import Backend, WorkItem
from .ledger import Ledger
from .progress import BatchProgress
from .writers import contract_json, make_writer, remove_stale_temp_files, write_summary

LOCK_NAME = ".vanban-batch.lock"
# Outcomes that say nothing about the document (the backend was shutting down): not recorded,
# so the next run reads the document again.
_NOT_RECORDED = frozenset({"cancelled"})


class BatchLocked(Exception):
    """Another ``vanban batch`` is writing to the same output folder."""


@contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """One run per output folder; the kernel drops the lock when its holder dies (even kill -9)."""
    with (out_dir / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchLocked(str(out_dir)) from None
        yield


def content_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class _Tally:
    """This run's counts; updated from the backend's thread and ours."""

    def __init__(self, progress: BatchProgress | None) -> None:
        self.progress = progress
        self.done = 0
        self.processed = 0
        self.failed: list[dict[str, Any]] = []
        self.skipped: Counter[str] = Counter()
        self._lock = threading.Lock()

    def count_done(self) -> None:
        with self._lock:
            self.done += 1
            self.processed += 1
        self._advance("done")

    def count_failed(self, failure: dict[str, Any], *, processed: bool) -> None:
        with self._lock:
            self.failed.append(failure)
            self.processed += processed
        self._advance("failed", read=processed)

    def count_skipped(self, reason: str) -> None:
        with self._lock:
            self.skipped[reason] += 1
        self._advance("skipped")

    def _advance(self, outcome: str, *, read: bool = True) -> None:
        if self.progress is not None:
            self.progress.advance(outcome, read=read)


def run_batch(
    paths: Sequence[str | Path],
    out_dir: Path,
    *,
    make_backend: Callable[[], Backend],
    fmt: str = "json",
    backend_name: str = "local",
    workers: int = 1,
    retry_failed: bool = False,
    progress: BatchProgress | None = None,
) -> dict[str, Any]:
    """Run the batch and return its summary (also written to ``DIR/summary.json``).

    ``make_backend`` is called only when some document needs reading, so a rerun over finished
    work starts no worker. Ctrl-C stops at once and still writes the outputs and the summary
    (``interrupted``: true); raises ``BatchLocked`` if another run holds the folder.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        with run_lock(out_dir), Ledger(out_dir) as ledger:
            remove_stale_temp_files(out_dir)
            writer = make_writer(fmt, out_dir)
            tally = _Tally(progress)
            backend: Backend | None = None
            interrupted = False
            try:
                items = _work_items(paths, ledger, tally, retry_failed)
                first = next(items, None)
                if first is not None:
                    backend = make_backend()
                    for item, outcome in backend.run(itertools.chain([first], items)):
                        _record(item, outcome, ledger, writer, tally)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                if backend is not None:
                    backend.close()
            writer.finish(ledger)
            remove_stale_temp_files(out_dir)
            seconds = time.monotonic() - started
            summary = {
                "done": tally.done,
                "failed": tally.failed,
                "skipped": sum(tally.skipped.values()),
                "skipped_reasons": dict(tally.skipped),
                "inputs": len(paths),
                "processed": tally.processed,
                "seconds": round(seconds, 3),
                "documents_per_s": round(tally.processed / seconds, 3) if seconds else 0.0,
                "workers": backend.workers if backend is not None else workers,
                "backend": backend_name,
                "format": fmt,
                "interrupted": interrupted,
                "ledger": ledger.counts(),  # the whole folder, all runs together
                "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            write_summary(out_dir, summary)
    finally:
        if progress is not None:
            progress.close()
    return summary


def _work_items(
    paths: Sequence[str | Path], ledger: Ledger, tally: _Tally, retry_failed: bool
) -> Iterator[WorkItem]:
    """The documents still to read, hashed lazily: the backend pulls only a few ahead."""
    seen: set[str] = set()
    for name in paths:
        path = Path(name)
        try:
            sha256 = content_hash(path)
        except OSError as err:  # gone or unreadable since the listing: no content, no ledger row
            failure = {
                "path": str(path),
                "code": "file_not_found",
                "detail": err.strerror or "",
                "attempts": 0,
            }
            tally.count_failed(failure, processed=False)
            continue
        if sha256 in seen:
            tally.count_skipped("duplicate")
            continue
        seen.add(sha256)
        entry = ledger.get(sha256)
        if entry is not None and entry.status == "done":
            tally.count_skipped("done_before")
            continue
        if entry is not None and not retry_failed:
            failure = {
                "path": str(path),
                "code": entry.code,
                "detail": entry.detail or "",
                "attempts": entry.attempts,
                "sha256": sha256,
                "previous_run": True,
            }
            tally.count_failed(failure, processed=False)
            continue
        yield WorkItem(key=sha256, path=str(path), filename=path.name)


def _record(item: WorkItem, outcome: Outcome, ledger: Ledger, writer: Any, tally: _Tally) -> None:
    attempts = int(outcome.get("attempts", 1))
    if outcome.get("ok"):
        result_json = contract_json(outcome["result"])
        writer.add(item.key, item.filename, result_json)  # the file first: done implies written
        ledger.record_done(item.key, item.path, item.filename, result_json, attempts)
        tally.count_done()
        return
    code, detail = str(outcome.get("code", "internal_error")), str(outcome.get("detail", ""))
    if code in _NOT_RECORDED:
        tally.count_skipped("not_finished")
        return
    ledger.record_failed(item.key, item.path, item.filename, code, detail, attempts)
    failure = {
        "path": item.path,
        "code": code,
        "detail": detail,
        "attempts": attempts,
        "sha256": item.key,
    }
    tally.count_failed(failure, processed=True)
