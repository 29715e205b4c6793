"""The job runner: a queue of job ids served by sandboxed worker processes, every state in the DB.

Uploads only enqueue a job id. Documents run in ``vanban.nlp.sandbox.DocumentPool`` (pebble): a
document over its time limit gets its worker killed and replaced, and a worker that dies fails
only its own document. ``jobs.attempts`` counts the starts of a job, so the retry budget survives
a restart: a crash or a timeout is tried once more, the second one fails the job with its code
(``timeout`` / ``worker_crashed``).

At start-up, jobs left queued or running (the server stopped mid-way) go back to the queue, so an
accepted upload is always processed or still queued. Faults that are not the document's keep the
job instead of failing it: while the database is unreachable (or its disk full) the runner waits
and tries again; a pool that pebble gave up on (a worker could not start, or died outside a
document) is replaced, after a growing pause, and the job handed back uncounted.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from vanban.nlp.contract import DocumentResult
from vanban.nlp.sandbox import RETRIED_CODES, DocumentPool, Limits, Outcome

from . import crud
from .config import Settings
from .db import outage_code, session_scope
from .models import Job

log = logging.getLogger("vanban.api.jobs")
MAX_ATTEMPTS = 2  # a crash or a timeout is tried once more before the job fails
RETRY_DELAYS = (0.5, 1, 2)  # seconds between tries while the database is unavailable
POOL_DELAYS = (0, 1, 5, 30)  # seconds before replacing a broken pool, by breakages in a row
T = TypeVar("T")


class JobRunner:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions
        self.queue: asyncio.Queue[uuid.UUID] = asyncio.Queue()
        self.pool: DocumentPool | None = None
        self.consumers: list[asyncio.Task[None]] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.in_flight: set[uuid.UUID] = set()
        self.pool_lock = asyncio.Lock()
        self.breakages = 0  # pools replaced since the last document answered

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.pool = self._new_pool()
        self.pool.start()  # the workers load the pipeline while we start up
        for job_id in await asyncio.to_thread(self._resumable):
            self.queue.put_nowait(job_id)
        self.consumers = [
            asyncio.create_task(self._consume()) for _ in range(self.settings.workers)
        ]

    async def stop(self) -> None:
        for task in self.consumers:
            task.cancel()
        await asyncio.gather(*self.consumers, return_exceptions=True)
        if self.pool:
            # stop at once: documents mid-way are handed back and resumed at the next start
            await asyncio.to_thread(self.pool.close, wait=False)
        if self.in_flight:
            try:
                await asyncio.to_thread(self._hand_back, set(self.in_flight))
            except Exception:  # left running: resumed (and counted) at the next start
                log.warning("could not hand back %d running jobs", len(self.in_flight))

    def submit(self, job_id: uuid.UUID) -> None:
        """Enqueue a job; safe to call from the event loop or from a worker thread."""
        assert self.loop is not None, "runner not started"
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self.queue.put_nowait(job_id)
        else:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, job_id)

    def _new_pool(self) -> DocumentPool:
        limits = Limits(
            timeout_s=self.settings.job_timeout_s,
            memory_bytes=self.settings.worker_memory_bytes,
            retries=0,  # retried here, with the count in the database
        )
        return DocumentPool(self.settings.workers, limits)

    async def _consume(self) -> None:
        while True:
            job_id = await self.queue.get()
            self.in_flight.add(job_id)
            try:
                await self._run(job_id)
            except asyncio.CancelledError:
                raise
            except Exception:  # one job's failure must not stop the queue
                log.exception("job %s", job_id)
                await self._db(self._fail, job_id, "internal_error", "")
            self.in_flight.discard(job_id)

    async def _run(self, job_id: uuid.UUID) -> None:
        started = await self._db(self._start, job_id)
        if started is None:
            return
        path, filename, attempts = started
        outcome = await self._process(path, filename)
        if outcome is None:  # the pool broke, not this document
            await self._db(self._hand_back, {job_id})
            self.queue.put_nowait(job_id)
            return
        if outcome.get("code") in RETRIED_CODES and attempts < MAX_ATTEMPTS:
            log.warning("job %s: %s, trying again", job_id, outcome["code"])
            await self._db(self._requeue, job_id)
            self.queue.put_nowait(job_id)
            return
        await self._db(self._finish, job_id, outcome)

    async def _process(self, path: str, filename: str) -> Outcome | None:
        """The document's outcome, or None when the pool itself failed."""
        pool = await self._healthy_pool()
        try:
            outcome = await asyncio.wrap_future(pool.submit(path, filename))
        except RuntimeError:  # pebble refuses tasks once it has failed
            return None
        if not outcome["ok"] and pool.broken:
            return None
        self.breakages = 0
        return outcome

    async def _healthy_pool(self) -> DocumentPool:
        async with self.pool_lock:  # one consumer replaces it, the others wait
            assert self.pool is not None, "runner not started"
            while self.pool.broken:
                delay = POOL_DELAYS[min(self.breakages, len(POOL_DELAYS) - 1)]
                log.error("worker pool failed; replacing it in %g s", delay)
                await asyncio.to_thread(self.pool.close, wait=False)
                await asyncio.sleep(delay)
                self.pool = self._new_pool()
                self.breakages += 1
            return self.pool

    async def _db(self, call: Callable[..., T], *args: Any) -> T:
        """Run a database step in a thread; while the database is down, wait and try again."""
        for attempt in itertools.count():
            try:
                return await asyncio.to_thread(call, *args)
            except Exception as err:
                if outage_code(err) is None:
                    raise
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
                log.warning("database unavailable (%s); again in %g s", type(err).__name__, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # for the type checker

    def _resumable(self) -> list[uuid.UUID]:
        with session_scope(self.sessions) as session:
            return crud.jobs_to_resume(session=session)

    def _start(self, job_id: uuid.UUID) -> tuple[str, str, int] | None:
        """(path, filename, attempts including this one), or None if the job is gone, taken or
        has used its attempts without an answer (the server died under it each time)."""
        with session_scope(self.sessions) as session:
            job = session.get(Job, job_id)
            if job is not None and job.status == "queued" and job.attempts >= MAX_ATTEMPTS:
                crud.fail_job(
                    session=session, job_id=job_id, code="worker_crashed", detail="interrupted"
                )
                return None
            started = crud.start_job(session=session, job_id=job_id)
            if started is None or job is None:
                return None
            storage_name, filename = started
            return str(self.settings.files_dir / storage_name), filename, job.attempts

    def _requeue(self, job_id: uuid.UUID) -> None:
        with session_scope(self.sessions) as session:
            crud.requeue_job(session=session, job_id=job_id)

    def _hand_back(self, job_ids: set[uuid.UUID]) -> None:
        """A stop or a broken pool is not the document's fault: its attempt is not counted."""
        with session_scope(self.sessions) as session:
            session.execute(
                update(Job)
                .where(Job.id.in_(job_ids), Job.status == "running")
                .values(status="queued", started_at=None, attempts=Job.attempts - 1)
            )

    def _fail(self, job_id: uuid.UUID, code: str, detail: str) -> None:
        with session_scope(self.sessions) as session:
            crud.fail_job(session=session, job_id=job_id, code=code, detail=detail)

    def _finish(self, job_id: uuid.UUID, outcome: Outcome) -> None:
        if not outcome["ok"]:
            self._fail(job_id, outcome["code"], outcome.get("detail") or "")
            return
        result = DocumentResult.model_validate(outcome["result"])
        with session_scope(self.sessions) as session:
            crud.finish_job(
                session=session,
                job_id=job_id,
                result=result,
                review_threshold=self.settings.review_threshold,
            )
