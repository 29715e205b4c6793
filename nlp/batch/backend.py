"""Where a batch's documents run: local worker processes (default) or a Dask cluster.

A backend takes work items lazily and yields each item's outcome as soon as it is known, in any
order, with a bounded number of documents in flight, so that an archive of any size streams
through in constant memory. Outcomes follow ``vanban.nlp.sandbox`` (ok/result or code/detail,
attempts); retrying a crashed or hung document once is the backend's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Protocol

from ..sandbox import DocumentPool, Limits, Outcome


@dataclass(frozen=True)
class WorkItem:
    key: str  # SHA-256 of the file's bytes: the document's identity for resume
    path: str
    filename: str


class Backend(Protocol):
    workers: int

    def run(self, items: Iterable[WorkItem]) -> Iterator[tuple[WorkItem, Outcome]]: ...

    def close(self) -> None: ...


class LocalBackend:
    """``workers`` pebble processes on this machine, each loading the pipeline once."""

    def __init__(self, workers: int, limits: Limits | None = None) -> None:
        self.workers = max(1, workers)
        self.limits = limits
        self.pool = DocumentPool(self.workers, limits)

    def run(self, items: Iterable[WorkItem]) -> Iterator[tuple[WorkItem, Outcome]]:
        window = 2 * self.workers  # enough to keep every worker busy, no more read ahead
        pending: dict[Future[Outcome], WorkItem] = {}
        source = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                pending[self._submit(item)] = item
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                item, outcome = pending.pop(future), future.result()
                if not outcome["ok"] and self.pool.broken:  # the pool's failure, not the document's
                    pending[self._submit(item)] = item
                else:
                    yield item, outcome

    def _submit(self, item: WorkItem) -> Future[Outcome]:
        if self.pool.broken:
            self.pool.close(wait=False)
            self.pool = DocumentPool(self.workers, self.limits)
        return self.pool.submit(item.path, item.filename)

    def close(self) -> None:
        self.pool.close(wait=False)
