"""Proof that a batch survives ``kill -9``: every document done exactly once after a rerun.

1. Make 1,000 distinct documents (``_archive.py``, from ``samples/``) in a temporary folder.
2. Start ``vanban batch DIR --out OUT --workers 2 --format F`` in its own process group, read the
   ledger read-only while it runs, and SIGKILL the whole group once ~40 % are done.
3. Check that nothing of the group survived, then run the same command again to its end.
4. Verify from the outside: one ledger row per document, each ``done``, their SHA-256 exactly the
   files'; the output holds each document once (jsonl: 1,000 lines, 1,000 distinct sha256; json:
   1,000 files); no temporary file left; the rerun processed only what the first run had not
   committed and skipped the rest.

Writes ``benchmarks/results/kill_resume.json`` and ``kill_resume.md``.
Run: ``.venv/bin/python benchmarks/kill_resume.py`` (``--quick``: 100 documents;
``--format json`` or ``--format both``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import _archive
from _batchrun import (
    LEDGER,
    batch_argv,
    connect_read_only,
    contracts,
    ledger_counts,
    machine,
    run_watched,
    source_of,
)

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
KILL_FRACTION = 0.4
# the batch's own files; the lock file is kept on purpose (an flock target, never removed)
EXPECTED_FILES = {LEDGER, LEDGER.replace(".sqlite", ".lock"), "summary.json", "results.jsonl"}


def ledger_rows(out: Path) -> list[tuple[str, str]]:
    with closing(connect_read_only(out / LEDGER)) as db:
        return db.execute("SELECT sha256, status FROM documents").fetchall()


def leftovers(out: Path, fmt: str) -> list[str]:
    """Files in OUT that are neither the ledger, the summary nor a result (temporary files, WAL)."""
    names = []
    for path in out.rglob("*"):
        if path.is_dir():
            continue
        name = path.relative_to(out).as_posix()
        if name in EXPECTED_FILES or (
            fmt == "json" and name.endswith(".json") and not name.startswith(".")
        ):
            continue
        names.append(name)
    return sorted(names)


def verify(out: Path, fmt: str, expected: dict[str, str]) -> dict[str, Any]:
    """What a user would check after the rerun; ``expected`` maps sha256 → file name."""
    left = leftovers(out, fmt)  # before our own reader may add a -shm file
    rows = ledger_rows(out)
    shas = [sha for sha, _ in rows]
    records = contracts(out, fmt)
    result_shas = [source_of(r).get("sha256") for r in records]
    checks = {
        "ledger rows": len(rows),
        "ledger rows done": sum(1 for _, status in rows if status == "done"),
        "ledger sha256 distinct": len(set(shas)),
        "ledger sha256 = input files' sha256": set(shas) == set(expected),
        f"{'lines in results.jsonl' if fmt == 'jsonl' else 'JSON files'}": len(records),
        "distinct sha256 in results": len(set(result_shas)),
        "results sha256 = input files' sha256": set(result_shas) == set(expected),
        "files left besides ledger, summary, results": left,
    }
    n = len(expected)
    checks["passed"] = (
        checks["ledger rows"] == checks["ledger rows done"] == checks["ledger sha256 distinct"] == n
        and len(records) == len(set(result_shas)) == n
        and checks["ledger sha256 = input files' sha256"]
        and checks["results sha256 = input files' sha256"]
        and not checks["files left besides ledger, summary, results"]
    )
    return checks


def kill_and_resume(docs: list[Path], work: Path, fmt: str) -> dict[str, Any]:
    expected = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in docs}
    assert len(expected) == len(docs), "the archive's documents must be distinct"
    out = work / f"out-{fmt}"
    argv = batch_argv([work / "archive"], out, workers=2, fmt=fmt)
    threshold = round(KILL_FRACTION * len(docs))
    first = run_watched(
        argv,
        out,
        poll_s=0.1,
        kill_when=lambda done: done >= threshold,
        log=work / f"first-{fmt}.log",
    )
    temp_after_kill = leftovers(out, fmt)
    after_kill = ledger_counts(out)
    second = run_watched(argv, out, log=work / f"second-{fmt}.log")
    summary = second["summary"] or {}
    checks = verify(out, fmt, expected)
    committed = after_kill.get("done", 0)
    checks["second run skipped = rows committed before the kill"] = (
        summary.get("skipped") == committed
    )
    checks["second run processed = the rest"] = summary.get("done") == len(docs) - committed
    checks["nothing of the killed group survived"] = not first["stray_processes"]
    checks["passed"] = bool(
        checks["passed"]
        and checks["second run skipped = rows committed before the kill"]
        and checks["second run processed = the rest"]
        and checks["nothing of the killed group survived"]
        and second["returncode"] == 0
    )
    return {
        "format": fmt,
        "documents": len(docs),
        "command": " ".join(
            ["vanban", "batch", "ARCHIVE", "--out", "OUT", "--workers", "2", "--format", fmt]
        ),
        "kill_threshold": threshold,
        "first_run": {
            "returncode": first["returncode"],
            "seconds_until_kill": first["wall_s"],
            "done_seen_when_killed": first["killed_at_done"],
            "ledger_after_kill": after_kill,
            "files_left_by_the_kill": temp_after_kill,
            "stray_processes": first["stray_processes"],
            "rss": first["rss"],
        },
        "second_run": {
            "returncode": second["returncode"],
            "wall_s": second["wall_s"],
            "summary": summary,
            "rss": second["rss"],
            **({"log_tail": second["log_tail"]} if second["returncode"] else {}),
        },
        "checks": checks,
    }


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        "# kill -9 in the middle of a batch, then a rerun",
        "",
        f"Machine: {m['cpus']} CPUs, Python {m['python']}, load average at start "
        f"{m['load_average'][0]:.2f}, at end {result['load_average_end'][0]:.2f}. "
        f"Run: `{result['command']}` ({result['total_seconds']:.0f} s).",
    ]
    for run in result["runs"]:
        first, second, checks = run["first_run"], run["second_run"], run["checks"]
        summary = second["summary"]
        left = ", ".join(first["files_left_by_the_kill"]) or "none"
        lines += [
            "",
            f"## {run['documents']:,} documents, `{run['command']}`",
            "",
            f"First run: SIGKILL to its process group after {first['seconds_until_kill']:.1f} s, "
            f"when the ledger showed {first['done_seen_when_killed']} done (threshold "
            f"{run['kill_threshold']}); exit code {first['returncode']}; ledger after the kill "
            f"{first['ledger_after_kill']}; files left by the kill: {left}.",
            f"Second run (same command): exit code {second['returncode']}, "
            f"{second['wall_s']:.1f} s, processed {summary.get('done')}, skipped "
            f"{summary.get('skipped')}, failed {len(summary.get('failed') or [])}.",
            "",
            "| check | value |",
            "|---|---|",
        ]
        for name, value in sorted(checks.items(), key=lambda kv: kv[0] == "passed"):  # verdict last
            shown = (", ".join(value) or "none") if isinstance(value, list) else value
            lines.append(f"| {name} | {shown} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 documents instead of 1,000")
    parser.add_argument("--format", choices=("jsonl", "json", "both"), default="jsonl")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    count = 100 if args.quick else 1000
    info = machine()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="vanban-kill-resume-"))
    try:
        docs = _archive.write_text(work / "archive", count, seed=1000)
        formats = ("jsonl", "json") if args.format == "both" else (args.format,)
        runs = [kill_and_resume(docs, work, fmt) for fmt in formats]
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "machine": info,
        "command": "python benchmarks/kill_resume.py"
        + (" --quick" if args.quick else "")
        + (f" --format {args.format}" if args.format != "jsonl" else ""),
        "runs": runs,
        "passed": all(r["checks"]["passed"] for r in runs),
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "kill_resume.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    text = markdown(result)
    (RESULTS / "kill_resume.md").write_text(text, encoding="utf-8")
    print(text)
    raise SystemExit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
