"""Load on a real ``vanban serve`` over loopback: concurrent clients upload distinct documents and
read lists, tasks, jobs and exports for a fixed time; then the script waits for processing and
checks that nothing went wrong.

Each client is an asyncio task with its own connection; ``--clients`` of them run for
``--duration`` seconds, each doing one request at a time (so at most ``--clients`` requests are in
flight); after ``--uploads`` documents the uploads turn into reads, so that the processing that
follows stays bounded. A client's mix: upload one document (a variation of ``samples/*.txt``,
distinct bytes each time), list documents, list tasks, poll the job of an upload, export tasks
as CSV, read a processed document's contract JSON. Afterwards the script waits until every job
is done and verifies: no 5xx answer and no connection failure, every 2xx upload is exactly one
document of the organisation, and every one of them was processed.

Figures (requests/s, latency p50/p95/p99 by route, uploads/s, processing docs/s, errors) go to
``benchmarks/results/load.json`` and ``load.md``, one entry per database (a later run on the
other database keeps the first one's entry).

Run: ``.venv/bin/python benchmarks/load_api.py`` (SQLite in a temporary directory), and
``.venv/bin/python benchmarks/load_api.py --database-url postgresql://postgres@127.0.0.1/test``
(PostgreSQL; the script makes a fresh database on that server and drops it afterwards).
Exit code 1 if a check failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
VANBAN = Path(sys.executable).with_name("vanban")
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
# (route label, weight): what a secretariat's clients do, uploads a third of the time
MIX = (
    ("POST /documents", 30),
    ("GET /documents", 20),
    ("GET /tasks", 15),
    ("GET /jobs/{id}", 15),
    ("GET /tasks/export", 10),
    ("GET /documents/{id}", 10),
)


@dataclass
class Record:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    uploads: list[dict[str, Any]] = field(default_factory=list)  # items of 2xx uploads
    started: float = 0.0
    last_upload: float = 0.0  # uploads stop at --uploads: their rate is over their own time


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _document(i: int) -> tuple[str, bytes]:
    """A real sample with one line added: distinct bytes (no upload is a duplicate)."""
    sample = SAMPLES[i % len(SAMPLES)]
    body = sample.read_text(encoding="utf-8") + f"\nMã lưu trữ tải thử: LOAD-{i:06d}\n"
    return f"{sample.stem}-{i}.txt", body.encode()


class Client:
    def __init__(
        self, http: httpx.AsyncClient, record: Record, counter: list[int], max_uploads: int
    ) -> None:
        self.http, self.record, self.counter = http, record, counter
        self.max_uploads = max_uploads

    async def run(self, until: float, rng: random.Random) -> None:
        routes, weights = zip(*MIX, strict=True)
        while time.monotonic() < until:
            route = rng.choices(routes, weights)[0]
            await self.one(route, rng)

    async def one(self, route: str, rng: random.Random) -> None:
        done = list(self.record.uploads)
        if route == "POST /documents" and self.counter[0] >= self.max_uploads:
            route = "GET /documents"
        if route in ("GET /jobs/{id}", "GET /documents/{id}") and not done:
            route = "GET /documents"
        t0 = time.perf_counter()
        try:
            if route == "POST /documents":
                self.counter[0] += 1
                name, data = _document(self.counter[0])
                answer = await self.http.post(
                    "/api/v1/documents", files={"file": (name, data, "text/plain")}
                )
                if answer.is_success:
                    self.record.uploads += answer.json()["data"]
                    self.record.last_upload = time.perf_counter()
            elif route == "GET /documents":
                answer = await self.http.get("/api/v1/documents", params={"limit": 50})
            elif route == "GET /tasks":
                answer = await self.http.get("/api/v1/tasks", params={"limit": 50})
            elif route == "GET /jobs/{id}":
                answer = await self.http.get(f"/api/v1/jobs/{rng.choice(done)['job_id']}")
            elif route == "GET /tasks/export":
                answer = await self.http.get("/api/v1/tasks/export", params={"format": "csv"})
            else:  # a document's contract: 409 not_ready while it waits, which is an answer
                answer = await self.http.get(f"/api/v1/documents/{rng.choice(done)['document_id']}")
        except httpx.HTTPError as err:
            self.record.failures[route].append(type(err).__name__)
            return
        self.record.latencies[route].append(time.perf_counter() - t0)
        self.record.statuses[route][answer.status_code] += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def _make_user(env: dict[str, str]) -> dict[str, str]:
    made = subprocess.run(
        [
            str(VANBAN),
            "users",
            "create",
            "--org",
            f"load-{uuid.uuid4().hex[:6]}",
            "--role",
            "clerk",
            "--email",
            f"load-{uuid.uuid4().hex[:6]}@example.vn",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}


async def _load(
    base: str, headers: dict[str, str], clients: int, duration: float, max_uploads: int
) -> Record:
    record, counter = Record(), [0]
    record.started = time.perf_counter()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits) as http:
        until = time.monotonic() + duration
        await asyncio.gather(
            *(
                Client(http, record, counter, max_uploads).run(until, random.Random(n))
                for n in range(clients)
            )
        )
    return record


def _wait_idle(db_url: str, timeout: float = 900) -> dict[str, Any]:
    """Poll the database until no job is queued or running; then the processing figures."""
    from vanban.api.models import Job

    engine = create_engine(db_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                rows = conn.execute(select(Job.status, func.count()).group_by(Job.status))
                states = {status: count for status, count in rows}  # noqa: C416
            if not states.keys() - {"done", "failed"} or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        with engine.connect() as conn:
            first, last = conn.execute(
                select(func.min(Job.started_at), func.max(Job.finished_at))
            ).one()
    finally:
        engine.dispose()
    span = (last - first).total_seconds() if first and last else 0.0
    return {"states": states, "processing_span_s": round(span, 1)}


def _documents_in_db(db_url: str) -> list[str]:
    from vanban.api.models import Document

    engine = create_engine(db_url)
    with engine.connect() as conn:
        ids = [str(row[0]) for row in conn.execute(select(Document.id))]
    engine.dispose()
    return ids


def run(
    db_url: str | None, clients: int, duration: float, workers: int, max_uploads: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{tmp}/load.db"
        env = {
            **os.environ,
            "VANBAN_DATA_DIR": tmp,
            "VANBAN_DATABASE_URL": url,
            "VANBAN_WORKERS": str(workers),
            "VANBAN_SECRET_KEY": "load",
        }
        headers = _make_user(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [str(VANBAN), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/openapi.json").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            t0 = time.perf_counter()
            record = asyncio.run(_load(base, headers, clients, duration, max_uploads))
            wall = time.perf_counter() - t0
            from vanban.api.config import Settings

            sa_url = Settings(database_url=url).database_url
            processing = _wait_idle(sa_url)
            in_db = _documents_in_db(sa_url)
            server_5xx_in_log = sum(
                1
                for line in (Path(tmp) / "server.log").read_text(errors="replace").splitlines()
                if '" 5' in line and "HTTP/1.1" in line
            )
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
    return _report(
        record, wall, processing, in_db, server_5xx_in_log, clients, workers, max_uploads
    )


def _report(
    record: Record,
    wall: float,
    processing: dict[str, Any],
    in_db: list[str],
    log_5xx: int,
    clients: int,
    workers: int,
    max_uploads: int,
) -> dict[str, Any]:
    routes = {}
    for route, _ in MIX:
        lat = record.latencies.get(route, [])
        routes[route] = {
            "requests": len(lat),
            "statuses": dict(sorted(record.statuses.get(route, {}).items())),
            "failures": len(record.failures.get(route, [])),
            "p50_ms": round(1000 * statistics.median(lat)) if lat else None,
            "p95_ms": round(1000 * _percentile(lat, 0.95)) if lat else None,
            "p99_ms": round(1000 * _percentile(lat, 0.99)) if lat else None,
        }
    total = sum(r["requests"] for r in routes.values())
    errors_5xx = sum(n for r in routes.values() for s, n in r["statuses"].items() if s >= 500)
    failures = sum(r["failures"] for r in routes.values())
    uploaded = [u["document_id"] for u in record.uploads]
    states = processing["states"]
    processed = states.get("done", 0)
    checks = {
        "no 5xx": errors_5xx == 0 and log_5xx == 0,
        "no connection failure": failures == 0,
        "every 2xx upload is one document": len(set(uploaded)) == len(uploaded)
        and sorted(set(uploaded)) == sorted(in_db),
        "every document processed": states.get("failed", 0) == 0 and processed == len(in_db),
    }
    span = processing["processing_span_s"]
    upload_span = record.last_upload - record.started
    return {
        "clients": clients,
        "workers": workers,
        "max_uploads": max_uploads,
        "duration_s": round(wall, 1),
        "requests": total,
        "requests_per_s": round(total / wall, 1),
        "uploads": len(uploaded),
        "uploads_per_s": round(len(uploaded) / upload_span, 2) if upload_span else None,
        "processed": processed,
        "processing_docs_per_s": round(processed / span, 2) if span else None,
        "processing_span_s": span,
        "errors_5xx": errors_5xx,
        "connection_failures": failures,
        "routes": routes,
        "checks": checks,
    }


def _fresh_pg(admin_url: str) -> tuple[str, Any]:
    name = f"vanban_load_{uuid.uuid4().hex[:10]}"
    sa_admin = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(sa_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{admin_url.rpartition('/')[0]}/{name}", drop


def _markdown(report: dict[str, Any]) -> str:
    lines = ["# API under load (vanban serve on loopback)", ""]
    for backend, r in report["runs"].items():
        lines += [
            f"## {backend}: {r['clients']} clients, {r['workers']} workers, {r['duration_s']} s",
            "",
            f"{r['requests']} requests ({r['requests_per_s']}/s), {r['uploads']} uploads "
            f"({r['uploads_per_s']}/s), {r['processed']} processed "
            f"({r['processing_docs_per_s']} docs/s over {r['processing_span_s']} s), "
            f"5xx: {r['errors_5xx']}, connection failures: {r['connection_failures']}.",
            "",
            "| route | requests | statuses | p50 ms | p95 ms | p99 ms |",
            "|---|---|---|---|---|---|",
        ]
        for route, x in r["routes"].items():
            statuses = ", ".join(f"{s}×{n}" for s, n in x["statuses"].items())
            lines.append(
                f"| {route} | {x['requests']} | {statuses} | {x['p50_ms']} | {x['p95_ms']} | "
                f"{x['p99_ms']} |"
            )
        checks = ", ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in r["checks"].items())
        lines += ["", f"Checks: {checks}.", f"Machine: {r['machine']}.", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (fresh db made)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--uploads", type=int, default=60, help="documents uploaded at most")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    load_before = os.getloadavg()[0]
    drop = None
    db_url = None
    if args.database_url:
        db_url, drop = _fresh_pg(args.database_url)
    try:
        result = run(db_url, args.clients, args.duration, args.workers, args.uploads)
    finally:
        if drop:
            drop()
    result["machine"] = (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"1-minute load average before the run {load_before:.2f}"
    )
    path = RESULTS / "load.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    report.setdefault("what", "concurrent clients upload and read for a fixed time; then checks")
    report.setdefault("runs", {})[backend] = result
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = _markdown(report)
    (RESULTS / "load.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
