"""Requests per second and p50/p95 latency of upload → task list, for a two-page PDF, with 1 and
2 worker processes, against a real ``vanban serve`` on loopback (SQLite).

Each request uploads a distinct two-page dispatch (the seed 002 header, body and signature,
rendered with reportlab as the tests do; the number changes per request so that none is a
duplicate), polls its job until done and reads the document's task list. Latency is from the
start of the upload to the task list's answer. Clients run in threads, twice as many as workers,
for a bounded number of documents.

Writes ``benchmarks/results/api.json`` and ``api.md``.
Run: ``.venv/bin/python benchmarks/bench_api.py``.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.api.helpers renders the PDF as the tests do
RESULTS = REPO / "benchmarks" / "results"
VANBAN = Path(sys.executable).with_name("vanban")
DOCUMENTS = 24  # per configuration (bounded)
WARMUP = 2


def _pdfs(n: int) -> list[bytes]:
    from tests.api.helpers import two_page_pdf

    seed = (REPO / "samples" / "seed-002.txt").read_text(encoding="utf-8")
    return [two_page_pdf(seed.replace("2290", str(3000 + i))) for i in range(n)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _one(client: httpx.Client, headers: dict[str, str], name: str, pdf: bytes) -> tuple[float, int]:
    t0 = time.perf_counter()
    answer = client.post(
        "/api/v1/documents", files={"file": (name, pdf, "application/pdf")}, headers=headers
    )
    answer.raise_for_status()
    item = answer.json()["data"][0]
    while True:
        job = client.get(f"/api/v1/jobs/{item['job_id']}", headers=headers).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.02)
    if job["status"] != "done":
        raise RuntimeError(f"job failed: {job}")
    tasks = client.get(
        "/api/v1/tasks", params={"document_id": item["document_id"]}, headers=headers
    )
    tasks.raise_for_status()
    return time.perf_counter() - t0, tasks.json()["count"]


def run(workers: int, pdfs: list[bytes]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "VANBAN_DATA_DIR": tmp,
            "VANBAN_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "VANBAN_WORKERS": str(workers),
        }
        made = subprocess.run(
            [
                str(VANBAN),
                "users",
                "create",
                "--org",
                "bench",
                "--role",
                "clerk",
                "--email",
                "bench@example.vn",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        headers = {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}
        port = _free_port()
        server = subprocess.Popen(
            [str(VANBAN), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=120) as client:
                for _ in range(600):
                    try:
                        client.get("/openapi.json")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                # warm up: every worker loads the pipeline once
                warm = pdfs[: WARMUP * workers]
                with ThreadPoolExecutor(workers) as pool:
                    list(
                        pool.map(
                            lambda i: _one(client, headers, f"w{i}.pdf", warm[i]), range(len(warm))
                        )
                    )
                measured = pdfs[WARMUP * workers :][:DOCUMENTS]
                clients = 2 * workers
                lock = threading.Lock()
                latencies: list[float] = []
                task_counts: list[int] = []

                def one(i: int) -> None:
                    latency, count = _one(client, headers, f"d{i}.pdf", measured[i])
                    with lock:
                        latencies.append(latency)
                        task_counts.append(count)

                t0 = time.perf_counter()
                with ThreadPoolExecutor(clients) as pool:
                    list(pool.map(one, range(len(measured))))
                wall = time.perf_counter() - t0
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    latencies.sort()
    return {
        "workers": workers,
        "clients": clients,
        "documents": len(latencies),
        "wall_s": round(wall, 2),
        "docs_per_s": round(len(latencies) / wall, 2),
        "p50_ms": round(1000 * statistics.median(latencies)),
        "p95_ms": round(1000 * latencies[max(0, int(round(0.95 * len(latencies))) - 1)]),
        "max_ms": round(1000 * latencies[-1]),
        "tasks_per_document": round(statistics.mean(task_counts), 1),
    }


def main() -> None:
    import pypdfium2

    load_before = os.getloadavg()[0]  # other work on the machine skews the figures
    pdfs = _pdfs(WARMUP * 2 + DOCUMENTS)
    pages = len(pypdfium2.PdfDocument(pdfs[0]))
    rows = [run(workers, pdfs) for workers in (1, 2)]
    report = {
        "what": "upload → job done → task list, two-page PDF, vanban serve on loopback, SQLite",
        "pages_per_pdf": pages,
        "pdf_bytes": len(pdfs[0]),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "results": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# API: upload → task list ({pages}-page PDF, {len(pdfs[0]) // 1024} KB, SQLite, "
        "loopback)",
        "",
        "| workers | clients | documents | docs/s | p50 ms | p95 ms | max ms | tasks/doc |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workers']} | {r['clients']} | {r['documents']} | {r['docs_per_s']} | "
            f"{r['p50_ms']} | "
            f"{r['p95_ms']} | {r['max_ms']} | {r['tasks_per_document']} |"
        )
    lines += [
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"1-minute load average before the run: {load_before:.2f}.",
    ]
    (RESULTS / "api.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
