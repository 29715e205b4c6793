"""A 200 MB upload against a real ``vanban serve``: refused while it streams, before the body is
read, and the server neither grows nor falls over."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import httpx
import psutil
import pytest
from vanban.api import crud
from vanban.api.config import Settings
from vanban.api.db import make_engine, make_sessionmaker, migrate, session_scope

from tests.api.test_faults import Server

UPLOAD_BYTES = 200 * 1024 * 1024
LIMIT_BYTES = 8 * 1024 * 1024
BOUNDARY = "vanbanbigupload"


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'vanban.db'}"
    engine = make_engine(Settings(database_url=url).database_url)
    migrate(engine)
    with session_scope(make_sessionmaker(engine)) as session:
        _user, token = crud.create_user(
            session=session, org_name="Văn thư", email="vt@example.vn", role="clerk"
        )
    engine.dispose()
    env = {
        **os.environ,
        "VANBAN_DATA_DIR": str(tmp_path),
        "VANBAN_DATABASE_URL": url,
        "VANBAN_WORKERS": "1",
        "VANBAN_SECRET_KEY": "big",
        "VANBAN_MAX_UPLOAD_BYTES": str(LIMIT_BYTES),
    }
    headers = {"Authorization": f"Bearer {token}"}
    running = Server(env, tmp_path / "server.log")
    running.start(headers)
    yield running, headers, tmp_path / "files"
    running.stop()


def _head(token_headers: dict[str, str], port: int, extra: str) -> bytes:
    auth = token_headers["Authorization"]
    return (
        f"POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: {auth}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{extra}\r\n"
    ).encode()


def _part_head() -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="to.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()


def _status_and_body(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    sock.settimeout(30)
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1]


@pytest.mark.slow
def test_a_200_mb_upload_is_refused_while_streaming_and_the_server_stays_up(
    server,  # type: ignore[no-untyped-def]
) -> None:
    running, headers, files_dir = server
    rss_before = psutil.Process(running.process.pid).memory_info().rss

    # 1. declared size: refused from the headers alone, no body read
    with socket.create_connection(("127.0.0.1", running.port)) as sock:
        sock.sendall(_head(headers, running.port, f"Content-Length: {UPLOAD_BYTES}\r\n"))
        status, body = _status_and_body(sock)
    assert status == 413 and b'"too_large"' in body

    # 2. undeclared size (chunked): refused at the limit while the body streams
    sent = 0
    chunk = b"a" * (1024 * 1024)
    with socket.create_connection(("127.0.0.1", running.port)) as sock:
        sock.sendall(_head(headers, running.port, "Transfer-Encoding: chunked\r\n"))
        first = _part_head()
        sock.sendall(f"{len(first):x}\r\n".encode() + first + b"\r\n")
        try:
            while sent < UPLOAD_BYTES:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: what we want
        status, body = _status_and_body(sock)
    assert status == 413 and b'"too_large"' in body
    assert sent < UPLOAD_BYTES // 2, f"the server read {sent / 2**20:.0f} MB before refusing"

    # nothing kept, memory did not follow the upload, and the service still answers
    time.sleep(0.5)
    assert not files_dir.exists() or not any(files_dir.iterdir())  # no partial file kept
    growth = psutil.Process(running.process.pid).memory_info().rss - rss_before
    assert growth < 64 * 1024 * 1024, f"server grew by {growth / 2**20:.0f} MB"
    assert httpx.get(f"{running.base}/api/v1/users/me", headers=headers).status_code == 200
