"""An interrupted `vanban batch` loses nothing and reads nothing twice.

The real command runs as a subprocess in its own process group over 60 synthetic dispatches with
two worker processes. It is killed with SIGKILL (whole group: parent and workers, mid-write),
rerun and stopped with SIGINT (what Ctrl-C in a terminal sends to the group), rerun to the end:
every document must then be done exactly once in the ledger, the JSON files and the JSON Lines.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from vanban.nlp.contract import DocumentResult

from tests.batch.synthetic import write_documents

DOCUMENTS = 60
WAIT_S = 180  # a generous ceiling for a loaded CI machine; a run normally needs a few seconds


def _vanban() -> str:
    exe = shutil.which("vanban", path=str(Path(sys.executable).parent))
    assert exe, "the vanban console script is installed beside the interpreter"
    return exe


def _start(inputs: Path, out: Path, fmt: str, workers: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "VANBAN_LANG"}
    command = [
        _vanban(),
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--format",
        fmt,
        "--workers",
        str(workers),
    ]
    with log.open("w") as stderr:  # the child keeps its own descriptor
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            env=env,
        )


def _done_count(out: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{out / '.vanban-batch.sqlite'}?mode=ro", uri=True)
        try:
            return db.execute("SELECT COUNT(*) FROM documents WHERE status = 'done'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def _wait_for_done(out: Path, at_least: int, process: subprocess.Popen) -> int:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the batch ended before it could be interrupted"
        done = _done_count(out)
        if done >= at_least:
            return done
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} documents done after {WAIT_S} s")


def _live_group_members(pgid: int) -> list[int]:
    """Processes of the group that are still running (zombies do not count)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _wait_group_gone(pgid: int) -> None:
    deadline = time.monotonic() + 30
    while _live_group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _live_group_members(pgid), "a worker outlived its batch"


@pytest.mark.slow
def test_killed_and_interrupted_runs_resume_to_every_document_exactly_once(tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "in", DOCUMENTS)
    by_hash = {hashlib.sha256(d.path.read_bytes()).hexdigest(): d for d in docs}
    assert len(by_hash) == DOCUMENTS
    out = tmp_path / "out"

    # 1. kill -9 the whole group midway
    first = _start(tmp_path / "in", out, "json", 2, tmp_path / "first.log")
    _wait_for_done(out, 3, first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(30)
    _wait_group_gone(first.pid)
    done_first = _done_count(out)
    assert done_first < DOCUMENTS

    # 2. Ctrl-C: stops cleanly, keeps what finished, says how to go on
    second = _start(tmp_path / "in", out, "jsonl", 1, tmp_path / "second.log")  # 1: spare the CPU
    _wait_for_done(out, done_first + 3, second)
    os.killpg(second.pid, signal.SIGINT)
    assert second.wait(WAIT_S) == 130
    _wait_group_gone(second.pid)
    log = (tmp_path / "second.log").read_text(encoding="utf-8")
    assert "Chạy lại đúng lệnh này để tiếp tục" in log and f"vanban batch {tmp_path / 'in'}" in log
    assert "Traceback" not in log
    done_second = _done_count(out)
    assert done_second < DOCUMENTS
    kept = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(
        DocumentResult.model_validate_json(line).source.sha256 for line in kept
    ) == sorted(
        row[0]
        for row in sqlite3.connect(out / ".vanban-batch.sqlite").execute(
            "SELECT sha256 FROM documents"
        )
    )

    # 3. rerun to the end: only what was not done is read
    third = subprocess.run(
        [_vanban(), "batch", str(tmp_path / "in"), "--out", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=WAIT_S,
    )
    assert third.returncode == 0, third.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (
        summary["done"] == DOCUMENTS - done_second
        and summary["processed"] == DOCUMENTS - done_second
    )
    assert summary["skipped_reasons"] == {"done_before": done_second} and summary["failed"] == []

    # 4. the JSON Lines view of the whole folder, rebuilt without reading anything
    fourth = subprocess.run(
        [_vanban(), "batch", str(tmp_path / "in"), "--out", str(out), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=WAIT_S,
    )
    assert fourth.returncode == 0, fourth.stderr

    db = sqlite3.connect(out / ".vanban-batch.sqlite")
    rows = db.execute("SELECT sha256, path, status FROM documents").fetchall()
    assert sorted(rows) == sorted((sha, str(d.path), "done") for sha, d in by_hash.items())

    files = {p.name: p for p in out.glob("*.json") if p.name != "summary.json"}
    assert sorted(files) == sorted(f"{d.path.stem}-{sha[:12]}.json" for sha, d in by_hash.items())
    for sha, doc in by_hash.items():
        result = DocumentResult.model_validate_json(
            files[f"{doc.path.stem}-{sha[:12]}.json"].read_text("utf-8")
        )
        assert result.source.sha256 == sha
        assert (
            result.metadata.number_symbol.startswith(f"{doc.number}/")
            and result.metadata.date == doc.date
        )

    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(
        DocumentResult.model_validate_json(line).source.sha256 for line in lines
    ) == sorted(by_hash)
    assert [p.name for p in out.rglob("*.tmp")] == []
