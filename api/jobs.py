"""The job runner: a queue of job ids served by worker processes, with every state in the database.

Uploads only enqueue a job id. At start-up, jobs left queued or running (the server stopped
mid-way) go back to the queue, so an accepted upload is always processed or still queued.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import uuid
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from vanban.nlp.contract import DocumentResult

from . import crud
from .config import Settings
from .db import session_scope
from .models import Job
from .worker import init_worker, run_job

log = logging.getLogger("vanban.api.jobs")
MAX_ATTEMPTS = 2  # a job whose worker died is tried once more before it fails


class JobRunner:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = sessions
        self.queue: asyncio.Queue[uuid.UUID] = asyncio.Queue()
        self.pool: ProcessPoolExecutor | None = None
        self.consumers: list[asyncio.Task[None]] = []
        self.loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.pool = self._new_pool()
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
            await asyncio.to_thread(_close_pool, self.pool)
        # jobs still marked running are resumed at the next start

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

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(self.settings.worker_memory_bytes,),
        )

    def _resumable(self) -> list[uuid.UUID]:
        with session_scope(self.sessions) as session:
            return crud.jobs_to_resume(session=session)

    async def _consume(self) -> None:
        while True:
            job_id = await self.queue.get()
            try:
                await self._run(job_id)
            except asyncio.CancelledError:
                raise
            except Exception:  # one job's failure must not stop the queue
                log.exception("job %s", job_id)
                await asyncio.to_thread(self._fail, job_id, "internal_error", "")

    async def _run(self, job_id: uuid.UUID) -> None:
        started = await asyncio.to_thread(self._start, job_id)
        if started is None:
            return
        storage_name, filename, attempts = started
        path = str(self.settings.files_dir / storage_name)
        assert self.loop is not None and self.pool is not None
        pool = self.pool
        try:
            outcome = await self.loop.run_in_executor(
                pool, run_job, path, filename, self.settings.job_timeout_s
            )
        except BrokenProcessPool:
            if self.pool is pool:  # the first consumer to notice replaces the pool
                self.pool = self._new_pool()
            if attempts < MAX_ATTEMPTS:
                await asyncio.to_thread(self._requeue, job_id)
                self.queue.put_nowait(job_id)
                return
            outcome = {"ok": False, "code": "worker_crashed", "detail": ""}
        await asyncio.to_thread(self._finish, job_id, outcome)

    def _start(self, job_id: uuid.UUID) -> tuple[str, str, int] | None:
        with session_scope(self.sessions) as session:
            started = crud.start_job(session=session, job_id=job_id)
            if started is None:
                return None
            job = session.get(Job, job_id)
            return started[0], started[1], job.attempts if job else 1

    def _requeue(self, job_id: uuid.UUID) -> None:
        with session_scope(self.sessions) as session:
            crud.requeue_job(session=session, job_id=job_id)

    def _fail(self, job_id: uuid.UUID, code: str, detail: str) -> None:
        with session_scope(self.sessions) as session:
            crud.fail_job(session=session, job_id=job_id, code=code, detail=detail)

    def _finish(self, job_id: uuid.UUID, outcome: dict[str, Any]) -> None:
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


def _close_pool(pool: ProcessPoolExecutor) -> None:
    """Stop at once: a job mid-way stays ``running`` in the database and is resumed at the next
    start, so its worker is terminated rather than waited for. (Python 3.14 has
    ``terminate_workers()``; on 3.11 the pool's process table is the only handle.)"""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
    pool.shutdown(wait=True)
