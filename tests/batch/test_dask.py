"""The Dask backend on a real LocalCluster: same outcomes as the local backend, pipeline loaded once
per worker process, a crash mid-document isolated, daemonic workers falling back, and the CLI end
to end (``vanban batch --dask local``)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster
from vanban.nlp.batch.backend import LocalBackend, WorkItem
from vanban.nlp.batch.dask_backend import ClusterUnavailable, DaskBackend
from vanban.nlp.contract import DocumentResult
from vanban.nlp.errors import MESSAGES
from vanban.nlp.sandbox import Limits

REPO = Path(__file__).resolve().parents[2]
VANBAN = Path(sys.executable).parent / "vanban"
# Long enough (~15 s of work) to be caught mid-way by a kill; never run to its end.
LONG_TEXT = (REPO / "samples" / "seed-002.txt").read_bytes() * 30
# Generous: under a loaded machine a sample can take several seconds; no retries after a crash.
LIMITS = Limits(timeout_s=60.0, memory_bytes=2 * 1024**3, retries=0)


def _item(path: Path) -> WorkItem:
    return WorkItem(hashlib.sha256(path.read_bytes()).hexdigest(), str(path), path.name)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> dict[str, Path]:
    """The samples, a shared seed with the same bytes as a sample under another name, and junk."""
    folder = tmp_path_factory.mktemp("dask-docs")
    junk = folder / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    samples = sorted((REPO / "samples").glob("seed-*.txt"))
    twin = next(p for p in seed_paths if p.read_bytes() == samples[0].read_bytes())
    return {p.name: p for p in [*samples, twin, junk]}


@pytest.fixture(scope="module")
def local_outcomes(documents: dict[str, Path]) -> dict[str, dict]:
    backend = LocalBackend(2, LIMITS)
    try:
        items = map(_item, documents.values())
        return {item.filename: outcome for item, outcome in backend.run(items)}
    finally:
        backend.close()


class _Counted:
    """Items handed out lazily, counting how many the backend has pulled."""

    def __init__(self, items: Iterable[WorkItem]) -> None:
        self.items, self.pulled = list(items), 0

    def __iter__(self) -> Iterator[WorkItem]:
        for item in self.items:
            self.pulled += 1
            yield item


def _run(backend: DaskBackend, items: list[WorkItem]) -> dict[str, dict]:
    source, outcomes = _Counted(items), {}
    for item, outcome in backend.run(source):
        # streamed: never more than the in-flight window read ahead of what came back
        assert source.pulled - len(outcomes) <= 2 * backend.workers
        outcomes[item.filename] = outcome
    assert source.pulled == len(items)
    return outcomes


def _kill_sandbox_once_busy(backend: DaskBackend, before: dict[str, dict], killed: list) -> None:
    """SIGKILL the sandbox process of the worker that has just started one more document."""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for address, report in backend.worker_report().items():
                if report["tasks"] > before[address]["tasks"]:
                    time.sleep(0.5)  # in the sandbox now: the document runs for many seconds
                    [pid] = report["sandbox_pids"]
                    os.kill(pid, signal.SIGKILL)
                    killed.append((address, pid))
                    return
            time.sleep(0.1)
    except Exception as err:  # reported by the test
        killed.append(err)


@pytest.mark.slow
def test_local_cluster_gives_the_local_outcomes_and_loads_the_pipeline_once_per_worker(
    tmp_path: Path, documents: dict[str, Path], local_outcomes: dict[str, dict]
) -> None:
    long_document = tmp_path / "long.txt"
    long_document.write_bytes(LONG_TEXT)
    with DaskBackend("local", 2, LIMITS) as backend:
        assert backend.workers == 2
        outcomes = _run(backend, [_item(path) for path in documents.values()])
        after_run = backend.worker_report()

        # A document whose sandbox process dies under it (as a parser crash would kill it).
        killed: list = []
        killer = threading.Thread(target=_kill_sandbox_once_busy, args=(backend, after_run, killed))
        killer.start()
        crashed = _run(backend, [_item(long_document)])
        killer.join()
        assert len(killed) == 1 and isinstance(killed[0], tuple), killed
        address, dead_pid = killed[0]
        deadline = time.monotonic() + 60
        while (after_crash := backend.worker_report())[address]["sandbox_pids"] in ([], [dead_pid]):
            assert time.monotonic() < deadline, "the sandbox process was not replaced"
            time.sleep(0.2)

    assert outcomes == local_outcomes  # every outcome, field for field; only the order differs
    for name, outcome in outcomes.items():
        if name.endswith(".txt"):
            DocumentResult.model_validate(outcome["result"])
            assert outcome["result"]["source"]["filename"] == name
    assert outcomes["junk.pdf"]["ok"] is False and outcomes["junk.pdf"]["code"] in MESSAGES

    # Both workers took documents, each through one sandbox pool whose one process loaded the
    # pipeline once and served all of that worker's documents.
    assert len(after_run) == 2
    assert sum(r["tasks"] for r in after_run.values()) == len(documents)
    for report in after_run.values():
        assert report["isolated"] and report["pools_started"] == 1
        assert report["tasks"] >= 1 and len(report["sandbox_pids"]) == 1

    # The crash cost that document and its sandbox process only: a failure code, the same Dask
    # worker processes with their one pool each, and the other worker's pipeline untouched.
    assert crashed["long.txt"]["code"] == "worker_crashed" and crashed["long.txt"]["attempts"] == 1
    assert after_crash.keys() == after_run.keys()
    for other, report in after_crash.items():
        assert report["pid"] == after_run[other]["pid"] and report["pools_started"] == 1
        if other != address:
            assert report["sandbox_pids"] == after_run[other]["sandbox_pids"]


@pytest.mark.slow
def test_daemonic_worker_of_a_remote_cluster_runs_documents_in_process(
    documents: dict[str, Path], local_outcomes: dict[str, dict]
) -> None:
    names = ["seed-001.txt", "junk.pdf"]
    with (
        dask.config.set({"distributed.worker.daemon": True}),  # Dask's default, made explicit
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as admin,
    ):
        backend = DaskBackend(cluster.scheduler_address, 1, LIMITS)
        try:
            [report] = backend.worker_report().values()
            warnings = backend.warnings("en")
            outcomes = _run(backend, [_item(documents[name]) for name in names])
        finally:
            backend.close()
        plugins_left = admin.run(lambda dask_worker: list(dask_worker.plugins))

    assert not report["isolated"] and report["sandbox_pids"] == []
    assert len(warnings) == 1 and "DASK_DISTRIBUTED__WORKER__DAEMON=False" in warnings[0]
    assert outcomes == {name: local_outcomes[name] for name in names}
    # close() on a shared cluster removed our plugin but left the worker running
    [left] = plugins_left.values()
    assert backend.plugin_name not in left


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(ClusterUnavailable) as raised,
    ):
        DaskBackend("tcp://127.0.0.1:9", 1, LIMITS)
    assert "tcp://127.0.0.1:9" in raised.value.message("vi")
    assert raised.value.message("vi").startswith("Không kết nối được")


@pytest.mark.slow
def test_cli_batch_on_a_local_cluster_then_a_rerun_skips_everything(
    tmp_path: Path, documents: dict[str, Path], local_outcomes: dict[str, dict]
) -> None:
    names = ["seed-000.txt", "seed-003.txt", "seed-004.txt", "junk.pdf"]
    out = tmp_path / "out"
    command = [
        str(VANBAN),
        "batch",
        *(str(documents[n]) for n in names),
        "-o",
        str(out),
        "--dask",
        "local",
        "--workers",
        "2",
        "--lang",
        "en",
    ]

    first = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert first.returncode == 1, first.stderr  # the junk file failed, the rest was written
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["backend"], summary["workers"]) == ("dask", 2)
    assert (summary["done"], len(summary["failed"])) == (3, 1)
    assert "junk.pdf" in first.stderr and f"[{local_outcomes['junk.pdf']['code']}]" in first.stderr
    written = {
        json.loads(p.read_text())["source"]["filename"]: json.loads(p.read_text())
        for p in out.glob("*.json")
        if p.name != "summary.json"
    }
    assert written == {n: local_outcomes[n]["result"] for n in names if n.endswith(".txt")}

    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    summary = json.loads((out / "summary.json").read_text())
    assert again.returncode == 1, again.stderr  # the junk file is still reported as failed
    assert (summary["done"], summary["processed"]) == (0, 0)
    assert summary["skipped_reasons"] == {"done_before": 3}
