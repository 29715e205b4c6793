"""The sandbox pool: real worker processes, a real scan through OCR, a real SIGKILL of a worker."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest
from vanban.nlp.contract import DocumentResult
from vanban.nlp.errors import MESSAGES
from vanban.nlp.sandbox import DocumentPool, Limits

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "seed-004.txt"

pytestmark = pytest.mark.slow  # each test starts worker processes that load the pipeline


def _scan(raw_dir: Path) -> Path:
    # a real scanned dispatch: OCR takes seconds a page, long enough to be caught mid-way
    return raw_dir / "qlvb-001.pdf"


@pytest.fixture(scope="module")
def raw(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "raw"


def test_documents_and_failures_come_back_as_outcomes(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(4096))
    with DocumentPool(2, Limits(timeout_s=60)) as pool:
        good = pool.submit(str(SAMPLE), SAMPLE.name)
        bad = pool.submit(str(junk), junk.name)
        missing = pool.submit(str(tmp_path / "gone.txt"), "gone.txt")
        good_outcome, bad_outcome, missing_outcome = good.result(), bad.result(), missing.result()
    assert good_outcome["ok"] and good_outcome["attempts"] == 1
    result = DocumentResult.model_validate(good_outcome["result"])
    assert result.metadata.number_symbol and result.obligations
    assert not bad_outcome["ok"] and bad_outcome["code"] in MESSAGES
    assert bad_outcome["code"] not in {"internal_error", "worker_crashed", "timeout"}
    assert missing_outcome == {
        "ok": False,
        "code": "file_not_found",
        "detail": "FileNotFoundError",
        "attempts": 1,
    }


def test_a_document_over_its_time_limit_is_killed_tried_again_then_failed(
    raw: Path, tmp_path: Path
) -> None:
    scan = _scan(raw)
    short = tmp_path / "short.txt"
    short.write_text("Kính gửi: Sở Nội vụ.\nĐề nghị Sở Nội vụ báo cáo trước ngày 15/12/2025.\n")
    with DocumentPool(1, Limits(timeout_s=3.0)) as pool:
        started = time.monotonic()
        outcome = pool.submit(str(scan), scan.name).result(timeout=120)
        elapsed = time.monotonic() - started
        # the pool is still usable after its worker was killed twice
        after = pool.submit(str(short), short.name).result(timeout=120)
    assert outcome["ok"] is False and outcome["code"] == "timeout" and outcome["attempts"] == 2
    assert elapsed < 60  # killed, not waited for (OCR of this scan takes longer than 6 s)
    assert after["ok"]


def test_a_worker_killed_mid_document_costs_one_retry_not_the_pool(raw: Path) -> None:
    scan = _scan(raw)
    with DocumentPool(1, Limits(timeout_s=300)) as pool:
        future = pool.submit(str(scan), scan.name)
        busy = _wait_for_busy_worker()
        busy.send_signal(signal.SIGKILL)
        outcome = future.result(timeout=300)
    assert outcome["ok"] and outcome["attempts"] == 2
    assert DocumentResult.model_validate(outcome["result"]).source.ocr


def _wait_for_busy_worker() -> psutil.Process:
    """The pool's worker process once it has started OCR children (it is mid-document)."""
    me = psutil.Process()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for child in me.children():
            if child.children(recursive=True):  # OCR runs in the worker's own children
                return child
        time.sleep(0.1)
    raise AssertionError("no worker started OCR within 120 s")


_PARENT = """
import sys
from vanban.nlp.sandbox import DocumentPool
if __name__ == "__main__":
    pool = DocumentPool(1)
    assert pool.submit(sys.argv[1], "seed.txt").result()["ok"]
    print("ready", flush=True)
    sys.stdin.read()  # until killed
"""


def test_workers_leave_when_their_parent_is_killed(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "parent.py"
    script.write_text(_PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), str(SAMPLE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "ready"
        workers = [
            p
            for p in psutil.Process(parent.pid).children(recursive=True)
            if "spawn_main" in " ".join(p.cmdline())
            and "resource_tracker" not in " ".join(p.cmdline())
        ]
        assert workers
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        _gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, f"orphaned workers still running: {[p.pid for p in alive]}"
    finally:
        if parent.poll() is None:
            parent.kill()
