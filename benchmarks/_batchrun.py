"""Run ``vanban batch`` as a user would and watch it from outside.

The command runs in its own process group (so that one signal reaches it and every worker it
started). While it runs, the whole process tree is sampled with psutil: the peak RSS of the parent
and of each worker process are kept apart (a worker that is replaced counts as a new worker), and
the ledger is read read-only to see how many documents are done. Used by ``bench_batch.py`` and
``kill_resume.py``.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
VANBAN = REPO / ".venv" / "bin" / "vanban"
LEDGER = ".vanban-batch.sqlite"
MB = 1024 * 1024
# processes in the tree that are plumbing, not workers running documents
_HELPERS = ("resource_tracker", "semaphore_tracker", "forkserver")


def machine() -> dict[str, Any]:
    """Cores, memory, load average now, and the versions that matter for the figures."""
    versions = {}
    for dist in (
        "vanban",
        "spacy",
        "underthesea",
        "pdfminer.six",
        "scikit-learn",
        "pebble",
        "dask",
        "distributed",
        "psutil",
        "reportlab",
    ):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def batch_argv(
    inputs: Sequence[Path | str],
    out: Path,
    *,
    workers: int,
    fmt: str = "jsonl",
    dask: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    argv = [
        str(VANBAN),
        "batch",
        *map(str, inputs),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--format",
        fmt,
    ]
    if dask:
        argv += ["--dask", dask]
    return argv + list(extra)


def ledger_counts(out: Path) -> dict[str, int]:
    """Rows by status, read-only (the batch may be writing); empty before the ledger exists."""
    path = out / LEDGER
    if not path.exists():
        return {}
    try:
        with closing(connect_read_only(path)) as db:
            return dict(
                db.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
            )
    except sqlite3.Error:  # the table is not created yet, or locked for a moment
        return {}


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Read the ledger without leaving a trace: a reader of a WAL database that finds no ``-wal``
    file creates ``-wal`` and ``-shm`` and, being read-only, cannot remove them. No ``-wal`` means
    no writer has it open, so the file is read as immutable; otherwise as an ordinary reader."""
    mode = "mode=ro" if path.with_name(path.name + "-wal").exists() else "immutable=1"
    return sqlite3.connect(f"file:{path}?{mode}", uri=True, timeout=5)


class TreeWatch:
    """Peak RSS of the root process and of every other process below it."""

    def __init__(self, root_pid: int) -> None:
        self.root = psutil.Process(root_pid)
        self.parent_peak = 0
        self.workers: dict[int, dict[str, Any]] = {}  # pid -> {"peak": bytes, "role": ...}
        self.tree_peak = 0
        self.worker_peak = 0  # largest worker RSS seen so far

    def sample(self) -> tuple[int, int]:
        """Take one sample; return (parent RSS, largest worker RSS) now."""
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return 0, 0
        parent = worker_max = total = 0
        for proc in procs:
            try:
                rss = proc.memory_info().rss
                if proc.pid == self.root.pid:
                    parent = rss
                    self.parent_peak = max(self.parent_peak, rss)
                else:
                    entry = self.workers.get(proc.pid)
                    if entry is None:
                        cmd = " ".join(proc.cmdline())
                        role = "helper" if any(h in cmd for h in _HELPERS) else "worker"
                        entry = self.workers[proc.pid] = {
                            "peak": 0,
                            "role": role,
                            "depth": len(proc.parents()) - len(self.root.parents()),
                        }
                    entry["peak"] = max(entry["peak"], rss)
                    if entry["role"] == "worker":
                        worker_max = max(worker_max, rss)
            except psutil.Error:  # it ended between listing and reading
                continue
            total += rss
        self.tree_peak = max(self.tree_peak, total)
        self.worker_peak = max(self.worker_peak, worker_max)
        return parent, worker_max

    def report(self) -> dict[str, Any]:
        peaks = sorted(
            (w["peak"] for w in self.workers.values() if w["role"] == "worker"), reverse=True
        )
        # processes holding a pipeline weigh hundreds of MB; small ones are runtime plumbing
        loaded = [p for p in peaks if p > 150 * MB]
        return {
            "parent_mb": round(self.parent_peak / MB, 1),
            "worker_max_mb": round(peaks[0] / MB, 1) if peaks else None,
            "worker_peaks_mb": [round(p / MB, 1) for p in peaks],
            "pipeline_processes": len(loaded),
            "tree_sum_max_mb": round(self.tree_peak / MB, 1),
        }


def group_alive(pgid: int) -> list[int]:
    """Processes still in a process group."""
    alive = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc.pid)
        except (ProcessLookupError, psutil.Error):
            continue
    return alive


def run_watched(
    argv: list[str],
    out: Path,
    *,
    poll_s: float = 0.5,
    checkpoints: Sequence[int] = (),
    kill_when: Callable[[int], bool] | None = None,
    log: Path | None = None,
) -> dict[str, Any]:
    """Run the batch command to its end (or SIGKILL its process group once ``kill_when(done)``)."""
    log = log or out.with_name(out.name + ".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    marks = sorted(checkpoints)
    reached: list[dict[str, Any]] = []
    progress: list[tuple[float, int]] = []  # (elapsed, done) whenever the ledger grew
    killed_at: int | None = None
    with open(log, "wb") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO
        )
        watch = TreeWatch(proc.pid)
        while proc.poll() is None:
            parent_rss, _ = watch.sample()
            done = ledger_counts(out).get("done", 0)
            if done and (not progress or done > progress[-1][1]):
                progress.append((time.perf_counter() - started, done))
            while marks and done >= marks[0]:
                reached.append(
                    {
                        "done": marks.pop(0),
                        "seen_done": done,
                        "elapsed_s": round(time.perf_counter() - started, 2),
                        "parent_now_mb": round(parent_rss / MB, 1),
                        "parent_peak_mb": round(watch.parent_peak / MB, 1),
                        "worker_peak_mb": round(watch.worker_peak / MB, 1),
                    }
                )
            if kill_when is not None and killed_at is None and kill_when(done):
                os.killpg(proc.pid, signal.SIGKILL)
                killed_at = done
            time.sleep(poll_s)
        wall = time.perf_counter() - started
    stray = []
    deadline = time.time() + 10
    while time.time() < deadline:  # the group's members may take a moment to be reaped
        stray = group_alive(proc.pid)
        if not stray:
            break
        time.sleep(0.2)
    summary_path = out / "summary.json"
    summary = (
        json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
    )
    return {
        "argv": [Path(argv[0]).name, *argv[1:]]
        if len(argv) < 12
        else [Path(argv[0]).name, "batch", "…"],
        "returncode": proc.returncode,
        "killed_at_done": killed_at,
        "wall_s": round(wall, 2),
        "summary": summary,
        "rss": watch.report(),
        "checkpoints": reached,
        "steady": steady_rate(progress),
        "stray_processes": stray,
        "log_tail": log.read_text(encoding="utf-8", errors="replace")[-1500:],
    }


def steady_rate(progress: list[tuple[float, int]]) -> dict[str, float] | None:
    """Documents/s between the first and the last document seen done: the throughput once the
    workers are up, without start-up (spawning, loading the pipeline) and the final writing."""
    if len(progress) < 2 or progress[-1][0] <= progress[0][0]:
        return None
    (t0, n0), (t1, n1) = progress[0], progress[-1]
    return {
        "first_done_s": round(t0, 2),
        "last_done_s": round(t1, 2),
        "documents_per_s": (n1 - n0) / (t1 - t0),
    }


def contracts(out: Path, fmt: str) -> list[dict[str, Any]]:
    """The contract JSON objects the batch wrote (jsonl lines or one file per document)."""
    if fmt == "jsonl":
        path = out / "results.jsonl"
        return [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    if fmt == "json":
        return [
            json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.json"))
            if p.name != "summary.json"
        ]
    raise ValueError(f"cannot read format {fmt}")


def source_of(record: dict[str, Any]) -> dict[str, Any]:
    """The contract's ``source`` block, whether the record is the contract or wraps it."""
    if "source" in record:
        return record["source"]
    return source_of(record["result"]) if isinstance(record.get("result"), dict) else {}


def text_of(record: dict[str, Any]) -> str:
    if "text" in record and "source" in record:
        return record["text"] or ""
    return text_of(record["result"]) if isinstance(record.get("result"), dict) else ""
