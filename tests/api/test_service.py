"""The service as a whole: jobs left queued or running resume at start-up, `vanban users create`,
and the real `vanban serve` process over loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from vanban.api import crud
from vanban.api.db import session_scope
from vanban.api.main import create_app
from vanban.api.models import Job

from tests.api.helpers import Account, Org, short_dispatch, wait_job

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
VANBAN = Path(sys.executable).with_name("vanban")


def test_service_restart_resumes_queued_and_running_jobs(service: TestClient, org: Org) -> None:
    settings = service.app.state.settings
    job_ids = []
    with session_scope(service.app.state.sessions) as session:
        for n, state in ((2, "queued"), (4, "running")):
            storage_name = uuid.uuid4().hex
            data = short_dispatch(f"resume {n}")
            (settings.files_dir / storage_name).write_bytes(data)
            document = crud.create_document(
                session=session,
                org_id=org.clerk.org_id,
                user_id=None,
                filename=f"s{n}.txt",
                storage_name=storage_name,
                sha256=uuid.uuid4().hex,
                size=len(data),
            )
            document.job.status = state  # as a server stopped mid-way left it
            document.job.attempts = 1 if state == "running" else 0
            job_ids.append(str(document.job.id))
    # the running service never heard of these jobs; a new start picks them up
    with TestClient(create_app(settings)) as restarted:
        for job_id in job_ids:
            assert wait_job(restarted, org.clerk, job_id)["status"] == "done"
    with session_scope(service.app.state.sessions) as session:
        assert {session.get(Job, uuid.UUID(j)).attempts for j in job_ids} == {1, 2}


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VANBAN_DATA_DIR": str(tmp_path),
        "VANBAN_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "VANBAN_WORKERS": "1",
    }


def _create_user(env: dict[str, str], org: str, role: str, email: str) -> str:
    done = subprocess.run(
        [str(VANBAN), "users", "create", "--org", org, "--role", role, "--email", email],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_service_users_create_prints_a_working_token(tmp_path: Path) -> None:
    env = _env(tmp_path)
    token = _create_user(env, "Sở Nội vụ", "viewer", "Van.Thu@example.vn")
    assert token.startswith("vb_") and len(token) > 40
    duplicate = subprocess.run(
        [
            str(VANBAN),
            "users",
            "create",
            "--org",
            "Sở Nội vụ",
            "--role",
            "clerk",
            "--email",
            "van.thu@example.vn",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr
    bad_role = subprocess.run(
        [str(VANBAN), "users", "create", "--org", "X", "--role", "admin", "--email", "a@b.vn"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad_role.returncode == 2
    from vanban.api.config import Settings

    with TestClient(
        create_app(Settings(data_dir=tmp_path, database_url=env["VANBAN_DATABASE_URL"]))
    ) as client:
        me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (
        me["email"] == "van.thu@example.vn"
        and me["role"] == "viewer"
        and me["organisation"] == "Sở Nội vụ"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_service_vanban_serve_answers_over_loopback(tmp_path: Path) -> None:
    env = _env(tmp_path)
    clerk = Account(
        0, "clerk@example.vn", "clerk", _create_user(env, "UBND huyện", "clerk", "clerk@example.vn")
    )
    port = _free_port()
    server = subprocess.Popen(
        [str(VANBAN), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get("/openapi.json").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail("vanban serve did not start")
            schema = client.get("/openapi.json").json()
            assert "DocumentResult" in schema["components"]["schemas"]
            data = (SAMPLES / "seed-002.txt").read_bytes()
            answer = client.post(
                "/api/v1/documents", files={"file": ("s2.txt", data)}, headers=clerk.headers
            )
            assert answer.status_code == 202, answer.text
            item = answer.json()["data"][0]
            assert wait_job(client, clerk, item["job_id"])["status"] == "done"  # type: ignore[arg-type]
            result = client.get(
                f"/api/v1/documents/{item['document_id']}", headers=clerk.headers
            ).json()
            assert result["metadata"]["number_symbol"] == "2290/UBND-NCKS"
            assert client.get("/api/v1/tasks", headers=clerk.headers).status_code == 200
            assert client.get("/api/v1/tasks").status_code == 401
    finally:
        server.send_signal(signal.SIGTERM)  # as a service manager stops it
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    # uvicorn re-raises the signal it stopped on once it has shut down cleanly
    assert server.returncode in (0, -signal.SIGTERM), (
        server.stderr.read().decode() if server.stderr else ""
    )
    table = subprocess.run(["ps", "-eo", "pid=,sid=,args="], capture_output=True, text=True).stdout
    # (an exited helper whose new parent, this container's init, does not reap it shows <defunct>)
    leftover = [
        ln
        for ln in table.splitlines()
        if ln.split()[1] == str(server.pid) and "<defunct>" not in ln
    ]
    assert leftover == [], f"worker processes left: {leftover}"


@pytest.mark.slow
def test_service_demo_run_shows_a_processed_sample(tmp_path: Path) -> None:
    """The README's run command: the service on SQLite, a demo clerk, a sample loaded."""
    env = _env(tmp_path)
    port = _free_port()
    command = [
        str(VANBAN),
        "serve",
        "--port",
        str(port),
        "--demo",
        "--load",
        str(SAMPLES / "seed-002.txt"),
    ]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("Trang web / page: http://127.0.0.1:") and "sqlite" in lines[0]
        demo = Account(0, "demo@vanban.local", "clerk", lines[2].strip())
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(300):
                try:
                    listing = client.get("/api/v1/documents", headers=demo.headers)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail("vanban serve --demo did not start")
            assert listing.status_code == 200 and listing.json()["count"] == 1
            document = listing.json()["data"][0]
            assert wait_job(client, demo, str(document["job_id"]))["status"] == "done"  # type: ignore[arg-type]
            page = client.post("/signin", data={"token": demo.token}, follow_redirects=True)
            assert page.status_code == 200 and "2290/UBND-NCKS" in page.text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
