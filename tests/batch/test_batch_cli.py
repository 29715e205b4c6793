"""`vanban batch` as a user runs it: real documents through real worker processes, then reruns.

One batch over a small archive (synthetic dispatches, a duplicate, an empty and a junk file, a
hidden draft) is shared by the tests that only read its results or rerun it without reading
anything again; the time limit gets its own run on a real PDF.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner
from vanban.nlp.contract import DocumentResult

from tests.batch.synthetic import synthetic_text, write_documents
from vanban.cli import app

runner = CliRunner()
LEDGER = ".vanban-batch.sqlite"


def ledger_rows(out: Path) -> dict[str, dict]:
    db = sqlite3.connect(f"file:{out / LEDGER}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    try:
        return {row["sha256"]: dict(row) for row in db.execute("SELECT * FROM documents")}
    finally:
        db.close()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summary_of(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("batch")
    archive = root / "luu-tru"
    docs = write_documents(archive, 3) + write_documents(archive / "van-ban-2024", 1, start=3)
    shutil.copy(
        docs[0].path, archive / "van-ban-2024" / "ban-sao.txt"
    )  # same content, another name
    (archive / "rong.txt").write_bytes(b"")
    (archive / "hong.pdf").write_bytes(bytes(range(256)) * 20)  # the extension lies
    (archive / ".nhap.txt").write_text(synthetic_text(9)[0], encoding="utf-8")  # a hidden draft
    out = root / "ket-qua"
    result = runner.invoke(app, ["batch", str(archive), "--out", str(out), "--workers", "1"])
    return SimpleNamespace(
        archive=archive,
        docs=docs,
        out=out,
        result=result,
        summary=summary_of(out),
        ledger=ledger_rows(out),
    )


@pytest.mark.slow
def test_batch_writes_one_valid_contract_per_document_and_goes_on_past_failures(first_run) -> None:
    out, docs = first_run.out, first_run.docs
    assert first_run.result.exit_code == 1, first_run.result.output  # some failed
    written = {
        p.name: DocumentResult.model_validate_json(p.read_text(encoding="utf-8"))
        for p in out.glob("*.json")
        if p.name != "summary.json"
    }
    assert sorted(written) == sorted(f"{d.path.stem}-{sha256_of(d.path)[:12]}.json" for d in docs)
    for doc in docs:
        result = written[f"{doc.path.stem}-{sha256_of(doc.path)[:12]}.json"]
        assert (
            result.source.sha256 == sha256_of(doc.path) and result.source.filename == doc.path.name
        )
        assert result.metadata.number_symbol.startswith(f"{doc.number}/")
        assert result.metadata.date == doc.date

    summary = first_run.summary
    assert (
        summary["done"] == 4
        and summary["skipped"] == 1
        and summary["skipped_reasons"] == {"duplicate": 1}
    )
    failures = {Path(f["path"]).name: (f["code"], f["attempts"]) for f in summary["failed"]}
    assert failures == {"rong.txt": ("empty_file", 1), "hong.pdf": ("unsupported_type", 1)}
    assert summary["backend"] == "local" and summary["workers"] == 1 and summary["processed"] == 6

    statuses = {Path(row["path"]).name: row["status"] for row in first_run.ledger.values()}
    assert statuses == {
        **{d.path.name: "done" for d in docs},
        "rong.txt": "failed",
        "hong.pdf": "failed",
    }

    stderr = first_run.result.stderr
    assert "[empty_file]" in stderr and "rong.txt" in stderr and "Traceback" not in stderr
    assert (
        "Xong: 4 văn bản mới, 2 lỗi, 1 bỏ qua (trùng nội dung: 1)" in stderr
    )  # Vietnamese by default
    assert (
        "[7/7] xong 4, lỗi 2, bỏ qua 1" in stderr
    )  # progress counts every input, not the hidden one


@pytest.mark.slow
def test_a_rerun_reads_nothing_again_and_still_reports_what_failed(
    first_run, tmp_path: Path
) -> None:
    out = tmp_path / "ket-qua"
    shutil.copytree(first_run.out, out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "summary.json"}
    result = runner.invoke(
        app, ["batch", str(first_run.archive), "--out", str(out), "--lang", "en"]
    )
    assert result.exit_code == 1  # the two broken files are still not done
    summary = summary_of(out)
    assert summary["processed"] == 0 and summary["done"] == 0
    assert summary["skipped_reasons"] == {"done_before": 4, "duplicate": 1}
    assert sorted(f["code"] for f in summary["failed"]) == ["empty_file", "unsupported_type"]
    assert all(f["previous_run"] for f in summary["failed"])
    assert ledger_rows(out) == first_run.ledger  # not a row rewritten
    assert {
        p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "summary.json"
    } == stamps
    assert "Finished: 0 new documents, 2 failed, 5 skipped" in result.stderr


@pytest.mark.slow
def test_jsonl_and_parquet_are_built_from_the_finished_work(first_run, tmp_path: Path) -> None:
    out = tmp_path / "ket-qua"
    shutil.copytree(first_run.out, out)
    expected = {sha256_of(d.path): d for d in first_run.docs}
    for fmt in ("jsonl", "parquet"):
        result = runner.invoke(
            app, ["batch", str(first_run.archive), "--out", str(out), "--format", fmt]
        )
        assert result.exit_code == 1 and summary_of(out)["processed"] == 0
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    results = [DocumentResult.model_validate_json(line) for line in lines]
    assert sorted(r.source.sha256 for r in results) == sorted(expected)
    table = pq.read_table(out / "results.parquet").to_pylist()
    assert sorted(row["sha256"] for row in table) == sorted(expected)
    for row in table:
        doc = expected[row["sha256"]]
        assert row["path"] == str(doc.path) and row["filename"] == doc.path.name
        assert row["number_symbol"].startswith(f"{doc.number}/") and row["date"] == doc.date
        assert DocumentResult.model_validate_json(row["result"]).source.sha256 == row["sha256"]


@pytest.mark.slow
def test_a_document_over_the_time_limit_is_killed_twice_then_retried_on_request(
    raw_dir, tmp_path
) -> None:
    pdf = raw_dir / "congbao-002.pdf"  # a 4-page Công báo PDF: reading it takes well over 0.05 s
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", str(pdf), "--out", str(out), "--workers", "1", "--timeout", "0.05"]
    )
    assert result.exit_code == 1
    assert [(f["code"], f["attempts"]) for f in summary_of(out)["failed"]] == [("timeout", 2)]
    (row,) = ledger_rows(out).values()
    assert (row["status"], row["code"], row["attempts"], row["result"]) == (
        "failed",
        "timeout",
        2,
        None,
    )
    assert "[timeout]" in result.stderr and "quá thời gian" in result.stderr

    again = runner.invoke(
        app, ["batch", str(pdf), "--out", str(out), "--workers", "1", "--retry-failed"]
    )
    assert again.exit_code == 0, again.stderr
    (row,) = ledger_rows(out).values()
    assert row["status"] == "done" and row["sha256"] == sha256_of(pdf)
    (written,) = out.glob("congbao-002-*.json")
    assert (
        "798/QĐ-TTg"
        in DocumentResult.model_validate_json(
            written.read_text(encoding="utf-8")
        ).metadata.number_symbol
    )


@pytest.mark.parametrize(
    ("lang", "expected"), [("vi", "Không tìm thấy tệp nào khớp"), ("en", "Nothing matches")]
)
def test_inputs_that_match_nothing_are_a_usage_error(
    lang: str, expected: str, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["batch", str(tmp_path / "*.pdf"), "--out", str(tmp_path / "o"), "--lang", lang]
    )
    assert result.exit_code == 2
    assert expected in result.stderr and "*.pdf" in result.stderr
    assert not (tmp_path / "o").exists()


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    doc = write_documents(tmp_path / "in", 1)[0].path
    bad_memory = runner.invoke(
        app, ["batch", str(doc), "--out", str(tmp_path / "o"), "--memory", "lots"]
    )
    assert bad_memory.exit_code == 2 and "Giới hạn bộ nhớ không hợp lệ" in bad_memory.stderr
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out_is_a_file = runner.invoke(
        app, ["batch", str(doc), "--out", str(tmp_path / "file"), "--lang", "en"]
    )
    assert out_is_a_file.exit_code == 2 and "is not a directory" in out_is_a_file.stderr


def test_a_second_batch_on_the_same_output_folder_is_refused(tmp_path: Path) -> None:
    doc = write_documents(tmp_path / "in", 1)[0].path
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".vanban-batch.lock").open("a") as held:  # what a running batch holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = runner.invoke(app, ["batch", str(doc), "--out", str(out)])
    assert result.exit_code == 2 and "Một lệnh vanban batch khác đang ghi vào" in result.stderr
    assert not (out / "summary.json").exists()
