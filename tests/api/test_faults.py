"""The service under faults: killed mid-way, its disk full, its database locked or unreachable.

Everything is real: ``vanban serve`` as a process group SIGKILLed during uploads and processing,
a data directory on a small tmpfs filled to the last byte, a SQLite write lock held by another
process's connection, and PostgreSQL reached through a TCP proxy that the test cuts and restores
(the shared PostgreSQL server itself is never stopped).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from vanban.api import crud
from vanban.api.config import Settings
from vanban.api.db import make_engine, make_sessionmaker, migrate, session_scope
from vanban.api.errors import message
from vanban.api.main import create_app
from vanban.api.models import Document, Job

from tests.api.conftest import fresh_pg_database
from tests.api.helpers import Account, new_org, short_dispatch, upload, wait_job

VANBAN = Path(sys.executable).with_name("vanban")
PG_PORT = 5432


# --- fixtures: a fresh PostgreSQL database, a small tmpfs, a cuttable TCP proxy


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill_disk(directory: Path) -> Path:
    """Write one file until the file system has no byte left."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as out:
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 65536)
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 512)
    return filler


class TcpProxy:
    """Loopback TCP to a server; ``cut`` drops the listener and every connection at once."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = _free_port()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listening = threading.Event()

    def start(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        listener.settimeout(0.1)
        self.listening.set()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while self.listening.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
                with self.lock:
                    self.sockets += [client, upstream]
                for src, dst in ((client, upstream), (upstream, client)):
                    threading.Thread(target=_pump, args=(src, dst), daemon=True).start()

    def cut(self) -> None:
        self.listening.clear()
        time.sleep(0.3)  # the accept loop sees the flag and closes the listener
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.start()


def _pump(src: socket.socket, dst: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := src.recv(65536):
            dst.sendall(data)
    with contextlib.suppress(OSError):
        dst.shutdown(socket.SHUT_WR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _assert_unavailable(answer: httpx.Response, code: str, lang: str = "vi") -> None:
    assert answer.status_code == 503, answer.text
    body = answer.json()
    assert body["code"] == code and body["message"] == message(code, lang)
    assert int(answer.headers["retry-after"]) > 0


# --- a real server killed with SIGKILL during uploads and processing


class Server:
    """``vanban serve`` in its own process group (the worker processes are in it too)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, headers: dict[str, str]) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(VANBAN), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.base}/api/v1/users/me", headers=headers).status_code == 200:
                    return
            time.sleep(0.1)
        raise AssertionError("vanban serve did not start within 60 s")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Uploaders:
    """Threads uploading distinct short dispatches until told to stop; every answer recorded."""

    def __init__(self, base: str, clerk: Account, threads: int) -> None:
        self.base, self.clerk = base, clerk
        self.accepted: list[dict] = []  # the items of 2xx answers
        self.refused: list[int] = []  # non-2xx status codes (none expected)
        self.cut = 0  # requests whose connection died with the server
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(threads)
        ]
        self.slow = threading.Thread(target=self._slow_upload, daemon=True)

    def start(self) -> None:
        for thread in [*self.threads, self.slow]:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in [*self.threads, self.slow]:
            thread.join(timeout=30)

    def _loop(self, n: int) -> None:
        with httpx.Client(base_url=self.base, headers=self.clerk.headers, timeout=30) as client:
            for i in range(10_000):
                if self.stop.is_set():
                    return
                data = short_dispatch(f"t{n}-{i}-{uuid.uuid4().hex[:6]}")
                try:
                    answer = client.post(
                        "/api/v1/documents", files={"file": (f"cv-{n}-{i}.txt", data)}
                    )
                except httpx.TransportError:
                    with self.lock:
                        self.cut += 1
                    return  # the server is gone
                with self.lock:
                    if answer.is_success:
                        self.accepted += answer.json()["data"]
                    else:
                        self.refused.append(answer.status_code)
                time.sleep(0.2)

    def _slow_upload(self) -> None:
        """One upload that trickles in, so that the kill finds a file half received."""

        def body() -> Iterator[bytes]:
            boundary = b"--vanbanfaults"
            yield boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"'
            yield b"\r\nContent-Type: text/plain\r\n\r\n"
            yield short_dispatch("slow")
            while not self.stop.is_set():
                yield b"x" * 1024
                time.sleep(0.05)

        multipart = "multipart/form-data; boundary=vanbanfaults"
        headers = {**self.clerk.headers, "content-type": multipart}
        try:
            answer = httpx.post(
                f"{self.base}/api/v1/documents", content=body(), headers=headers, timeout=60
            )
        except httpx.TransportError:
            with self.lock:
                self.cut += 1
            return
        with self.lock:
            self.refused.append(answer.status_code)  # it never ends: any answer is wrong


def _states(sessions, org_id: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with session_scope(sessions) as session:
        rows = session.execute(
            select(Job.status, func.count()).where(Job.org_id == org_id).group_by(Job.status)
        )
        return {status: count for status, count in rows}  # noqa: C416


def _assert_nothing_half_written(sessions, org_id: int) -> None:  # type: ignore[no-untyped-def]
    """Every document has its job; results exist exactly for the jobs that are done."""
    with session_scope(sessions) as session:
        documents = session.scalars(select(Document).where(Document.org_id == org_id)).all()
        for document in documents:
            job = session.scalar(select(Job).where(Job.document_id == document.id))
            assert job is not None, f"document {document.id} without a job"
            assert (document.result is not None) == (job.status == "done"), (job.status, job.id)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_server_killed_mid_way_loses_no_accepted_upload(backend: str, tmp_path: Path) -> None:
    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / 'vanban.db'}"
        else:
            url = stack.enter_context(fresh_pg_database("vanban_faults"))
        env = {
            **os.environ,
            "VANBAN_DATA_DIR": str(tmp_path),
            "VANBAN_DATABASE_URL": url,
            "VANBAN_WORKERS": "1",
            "VANBAN_SECRET_KEY": "faults",
        }
        engine = make_engine(Settings(database_url=url).database_url)
        stack.callback(engine.dispose)
        migrate(engine)
        sessions = make_sessionmaker(engine)
        with session_scope(sessions) as session:
            user, token = crud.create_user(
                session=session, org_name="Văn phòng UBND", email="vt@example.vn", role="clerk"
            )
        clerk = Account(user.org_id, user.email, "clerk", token)
        server = Server(env, tmp_path / "server.log")
        stack.callback(server.stop)
        files_dir = tmp_path / "files"

        server.start(clerk.headers)
        uploaders = Uploaders(server.base, clerk, threads=3)
        with httpx.Client(base_url=server.base, timeout=30) as client:  # the worker is warm
            first = upload(client, clerk, ("dau.txt", short_dispatch("đầu")))
            assert first.status_code == 202, first.text
            uploaders.accepted += first.json()["data"]
            assert wait_job(client, clerk, first.json()["data"][0]["job_id"])["status"] == "done"
        uploaders.start()
        stack.callback(uploaders.join)
        # kill once documents are being processed while uploads (one half received) go on
        deadline = time.monotonic() + 60
        while not (
            _states(sessions, clerk.org_id).get("done", 0) >= 2
            and len(uploaders.accepted) >= 6
            and list(files_dir.glob("*.part"))
        ):
            assert time.monotonic() < deadline, _states(sessions, clerk.org_id)
            time.sleep(0.05)
        server.kill()
        uploaders.join()

        assert uploaders.refused == []
        assert uploaders.cut >= 1  # the kill did land mid-request (the trickling upload at least)
        before = _states(sessions, clerk.org_id)
        assert before.get("queued", 0) + before.get("running", 0) > 0, before  # work was left
        _assert_nothing_half_written(sessions, clerk.org_id)
        assert list(files_dir.glob("*.part"))  # the half-received upload is on disk …

        server.start(clerk.headers)
        assert not list(files_dir.glob("*.part"))  # … and swept at start-up, never registered
        deadline = time.monotonic() + 60
        while (states := _states(sessions, clerk.org_id)).keys() - {"done", "failed"}:
            assert time.monotonic() < deadline, states
            time.sleep(0.2)
        assert states == {"done": states["done"]}, states
        _assert_nothing_half_written(sessions, clerk.org_id)

        accepted_ids = {item["document_id"] for item in uploaders.accepted}
        assert len(accepted_ids) == len(uploaders.accepted)  # no upload answered twice
        with httpx.Client(base_url=server.base, headers=clerk.headers, timeout=30) as client:
            listed = client.get("/api/v1/documents", params={"limit": 500}).json()
            listed_ids = {d["id"] for d in listed["data"]}
            assert accepted_ids <= listed_ids
            # at most the requests cut by the kill were committed without their answer
            assert len(listed_ids) - len(accepted_ids) <= uploaders.cut
            for item in uploaders.accepted:
                assert client.get(f"/api/v1/jobs/{item['job_id']}").json()["status"] == "done"
                result = client.get(f"/api/v1/documents/{item['document_id']}").json()
                assert result["metadata"]["number_symbol"] == "15/UBND-NV"
        with session_scope(sessions) as session:
            stored = session.scalars(
                select(Document.storage_name).where(Document.org_id == clerk.org_id)
            ).all()
        assert all((files_dir / name).is_file() for name in stored)


# --- disk full and SQLite locked: a data directory on a small tmpfs


@pytest.mark.slow
def test_full_disk_and_locked_database_answer_503_then_recover(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "data", "16m") as data_dir:
        settings = Settings(
            data_dir=data_dir,
            workers=1,
            secret_key="faults",
            job_timeout_s=60,
            database_timeout_s=1,
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            org = new_org(client)
            first = upload(client, org.clerk, ("mot.txt", short_dispatch("một")))
            assert first.status_code == 202, first.text
            first_job = first.json()["data"][0]["job_id"]
            assert wait_job(client, org.clerk, first_job)["status"] == "done"

            # another process holds SQLite's write lock (a backup, a stuck script)
            holder = sqlite3.connect(data_dir / "vanban.db", timeout=1)
            holder.execute("BEGIN IMMEDIATE")
            try:
                locked = upload(client, org.clerk, ("hai.txt", short_dispatch("hai")))
                _assert_unavailable(locked, "database_unavailable")
                english = upload(
                    client, org.clerk, ("hai.txt", short_dispatch("hai")), params={"lang": "en"}
                )
                _assert_unavailable(english, "database_unavailable", "en")
                # readers are not blocked (WAL)
                assert client.get("/api/v1/documents", headers=org.clerk.headers).status_code == 200
            finally:
                holder.rollback()
                holder.close()
            assert _stored(settings) == 1  # the refused files were not kept

            filler = fill_disk(data_dir)
            full = upload(client, org.clerk, ("ba.txt", short_dispatch("ba")))
            _assert_unavailable(full, "storage_full")
            listed = client.get("/api/v1/documents", headers=org.clerk.headers)
            assert listed.status_code == 200 and listed.json()["count"] == 1
            assert client.get(f"/api/v1/jobs/{first_job}", headers=org.clerk.headers).is_success
            assert _stored(settings) == 1 and not list(settings.files_dir.glob("*.part"))

            filler.unlink()
            again = upload(client, org.clerk, ("ba.txt", short_dispatch("ba")))
            assert again.status_code == 202, again.text
            job = wait_job(client, org.clerk, again.json()["data"][0]["job_id"])
            assert job["status"] == "done"
            assert client.get("/api/v1/documents", headers=org.clerk.headers).json()["count"] == 2
        check = sqlite3.connect(data_dir / "vanban.db")
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        check.close()


def _stored(settings: Settings) -> int:
    return sum(1 for path in settings.files_dir.iterdir() if path.is_file())


# --- PostgreSQL unreachable: the service reaches it through a proxy the test cuts


@pytest.mark.slow
def test_postgresql_cut_answers_503_and_jobs_wait_for_it(tmp_path: Path) -> None:
    proxy = TcpProxy(PG_PORT)
    proxy.start()
    with fresh_pg_database("vanban_faults") as direct_url:
        url = direct_url.replace(f":{PG_PORT}/", f":{proxy.port}/")
        settings = Settings(
            data_dir=tmp_path,
            database_url=url,
            workers=1,
            secret_key="faults",
            job_timeout_s=60,
            database_timeout_s=2,
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            org = new_org(client)
            headers = org.clerk.headers
            accepted = upload(client, org.clerk, ("mot.txt", short_dispatch("pg một")))
            assert accepted.status_code == 202, accepted.text
            item = accepted.json()["data"][0]

            proxy.cut()  # while the job is queued or running
            try:
                down = client.get("/api/v1/documents", headers=headers)
                _assert_unavailable(down, "database_unavailable")
                english = client.get("/api/v1/tasks", headers={**headers, "Accept-Language": "en"})
                _assert_unavailable(english, "database_unavailable", "en")
                refused = upload(client, org.clerk, ("hai.txt", short_dispatch("pg hai")))
                _assert_unavailable(refused, "database_unavailable")
                time.sleep(2)  # the job runner meets the outage too, and waits
                _assert_unavailable(
                    client.get("/api/v1/documents", headers=headers), "database_unavailable"
                )
            finally:
                proxy.restore()

            assert wait_job(client, org.clerk, item["job_id"])["status"] == "done"
            listed = client.get("/api/v1/documents", headers=headers)
            assert listed.status_code == 200 and listed.json()["count"] == 1
            again = upload(client, org.clerk, ("hai.txt", short_dispatch("pg hai")))
            assert again.status_code == 202, again.text
            again_job = again.json()["data"][0]["job_id"]
            assert wait_job(client, org.clerk, again_job)["status"] == "done"
            assert _stored(settings) == 2
        proxy.cut()


def test_start_up_removes_files_no_document_names(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A server killed between naming an upload's file and committing its document leaves a file
    nobody references: the next start removes it and nothing else."""
    from tests.api.conftest import make_settings

    settings = make_settings("sqlite", tmp_path, request)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        org = new_org(client)
        answer = upload(client, org.clerk, ("kept.txt", short_dispatch("giữ")))
        assert answer.status_code == 202
    files = settings.files_dir
    kept = {p.name for p in files.iterdir()}
    assert len(kept) == 1
    orphan = files / uuid.uuid4().hex
    orphan.write_bytes(b"renamed, never committed")
    unrelated = files / "README.txt"
    unrelated.write_text("not an upload")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/api/v1/documents", headers=org.clerk.headers).json()["count"] == 1
    assert {p.name for p in files.iterdir()} == kept | {"README.txt"}
