"""The job runner on the sandbox pool: a worker killed mid-document costs one retry, twice fails the
job with ``worker_crashed``; attempts live in the database, so a restart resumes a job with the
count it had; a stop hands running jobs back without counting them. Real worker processes, a real
scan through OCR (long enough to be caught mid-way), real SIGKILLs, SQLite."""

from __future__ import annotations

import signal
import time
import uuid
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient
from vanban.api import crud
from vanban.api.config import Settings
from vanban.api.db import make_engine, make_sessionmaker, migrate, session_scope
from vanban.api.errors import message
from vanban.api.main import create_app
from vanban.api.models import Job

from tests.api.helpers import Account, new_org, short_dispatch, upload, wait_job

pytestmark = pytest.mark.slow  # worker processes load the pipeline, and are killed and replaced


def _busy_worker(not_pid: int | None = None, timeout: float = 120) -> psutil.Process:
    """A worker process of this test's pool once it runs OCR (its own children): mid-document."""
    me = psutil.Process()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in me.children():
            if child.pid != not_pid and child.children(recursive=True):
                return child
        time.sleep(0.05)
    raise AssertionError(f"no worker started OCR within {timeout} s")


def _job_row(client: TestClient, job_id: str) -> tuple[str, int, str | None]:
    with session_scope(client.app.state.sessions) as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        return job.status, job.attempts, job.error_code


def _left_running(settings: Settings, org_id: int, attempts: int, tag: str) -> str:
    """A job as a server killed mid-way leaves it: running, ``attempts`` starts already counted."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    storage_name = uuid.uuid4().hex
    settings.files_dir.mkdir(parents=True, exist_ok=True)
    (settings.files_dir / storage_name).write_bytes(short_dispatch(tag))
    with session_scope(make_sessionmaker(engine)) as session:
        document = crud.create_document(
            session=session,
            org_id=org_id,
            user_id=None,
            filename=f"{tag}.txt",
            storage_name=storage_name,
            sha256=uuid.uuid4().hex * 2,
            size=100,
        )
        job = document.job
        job.status, job.attempts = "running", attempts
        job_id = str(job.id)
    engine.dispose()
    return job_id


def test_crashes_retry_then_fail_and_attempts_survive_restarts(
    tmp_path: Path, raw_dir: Path
) -> None:
    settings = Settings(data_dir=tmp_path, workers=1, secret_key="jobs", job_timeout_s=300)
    engine = make_engine(settings.database_url)
    migrate(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        user, token = crud.create_user(
            session=session, org_name="UBND xã", email="vt@example.vn", role="clerk"
        )
    engine.dispose()
    clerk = Account(user.org_id, user.email, "clerk", token)
    once = _left_running(settings, clerk.org_id, attempts=1, tag="mot-lan")
    twice = _left_running(settings, clerk.org_id, attempts=2, tag="hai-lan")
    scan = (raw_dir / "qlvb-001.pdf").read_bytes()  # read in place; OCR takes seconds a page

    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        # resumed at start-up: one more try for the first, none left for the second
        assert wait_job(client, clerk, once)["status"] == "done"
        assert _job_row(client, once) == ("done", 2, None)
        interrupted = wait_job(client, clerk, twice)
        assert interrupted["status"] == "failed" and interrupted["error_code"] == "worker_crashed"

        # a worker killed mid-document: tried again on a new worker, killed again: failed
        answer = upload(client, clerk, ("scan.pdf", scan))
        assert answer.status_code == 202, answer.text
        job_id = answer.json()["data"][0]["job_id"]
        first = _busy_worker()
        first.send_signal(signal.SIGKILL)
        _busy_worker(not_pid=first.pid).send_signal(signal.SIGKILL)
        job = wait_job(client, clerk, job_id)
        assert job["status"] == "failed" and job["error_code"] == "worker_crashed"
        reason = message("worker_crashed", "vi", filename="scan.pdf")
        assert job["error_message"].startswith(reason[:-1])  # then the exit code
        assert _job_row(client, job_id)[:2] == ("failed", 2)

        # the service goes on: the next document is processed
        other = new_org(client)
        after = upload(client, other.clerk, ("sau.txt", short_dispatch("sau")))
        assert wait_job(client, other.clerk, after.json()["data"][0]["job_id"])["status"] == "done"

        # an idle worker killed (the OOM killer's choice): pebble gives up on the whole pool;
        # the runner replaces it and the next document is processed
        idle = [c for c in psutil.Process().children() if "spawn_main" in " ".join(c.cmdline())]
        assert idle, "no worker process"
        for worker in idle:
            worker.send_signal(signal.SIGKILL)
        time.sleep(0.5)
        later = upload(client, other.clerk, ("sau-nua.txt", short_dispatch("sau nữa")))
        assert wait_job(client, other.clerk, later.json()["data"][0]["job_id"])["status"] == "done"

        # a stop mid-document is not the document's fault: handed back, attempt not counted
        stopped = upload(client, other.clerk, ("scan.pdf", scan)).json()["data"][0]["job_id"]
        _busy_worker()
        assert _job_row(client, stopped)[:2] == ("running", 1)
    with session_scope(make_sessionmaker(make_engine(settings.database_url))) as session:
        job_row = session.get(Job, uuid.UUID(stopped))
        assert job_row is not None and (job_row.status, job_row.attempts) == ("queued", 0)
