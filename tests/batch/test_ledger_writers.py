"""The batch's resume state and output files, without the pipeline: what reruns and readers see."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from vanban.nlp.batch.ledger import LEDGER_NAME, Ledger
from vanban.nlp.batch.writers import (
    JSONL_NAME,
    PARQUET_NAME,
    contract_json,
    json_name,
    make_writer,
    remove_stale_temp_files,
    write_summary,
)
from vanban.nlp.contract import DocumentResult, Issuer, Metadata, Obligation, Reference, Source


def _result(name: str, number: int) -> tuple[str, str]:
    """A small but valid contract result, and its content hash."""
    text = f"Số: {number}/UBND-VP về việc {name}"
    sha256 = hashlib.sha256(text.encode()).hexdigest()
    result = DocumentResult(
        source=Source(filename=name, sha256=sha256, media_type="text/plain"),
        text=text,
        metadata=Metadata(
            number_symbol=f"{number}/UBND-VP",
            doc_type="cong_van",
            date="2024-03-0" + str(number % 9 + 1),
            issuer=Issuer(name="UBND huyện Cao Lộc"),
            subject=name,
        ),
        references=[Reference(type="nghi_dinh", number_symbol="30/2020/NĐ-CP")] * (number % 3),
        obligations=[Obligation(quote="báo cáo", modality="obligation", category="report")]
        * (number % 2),
    )
    return sha256, contract_json(result.model_dump(mode="json"))


def _fill(out: Path, count: int) -> list[tuple[str, str, str]]:
    rows = []
    with Ledger(out) as ledger:
        for i in range(count):
            name = f"cv-{i:03d}.txt"
            sha256, result_json = _result(name, i)
            ledger.record_done(sha256, str(out / "in" / name), name, result_json, attempts=1)
            rows.append((sha256, name, result_json))
        ledger.record_failed("f" * 64, "/in/rong.txt", "rong.txt", "empty_file", "", attempts=1)
    return rows


def test_ledger_rows_survive_reopening_and_a_rerun_replaces_not_duplicates(tmp_path: Path) -> None:
    sha256, result_json = _result("a.txt", 1)
    with Ledger(tmp_path) as ledger:
        ledger.record_failed(sha256, "/in/a.txt", "a.txt", "timeout", "> 60 s", attempts=2)
    with Ledger(tmp_path) as ledger:  # a new run
        entry = ledger.get(sha256)
        assert (entry.status, entry.code, entry.attempts) == ("failed", "timeout", 2)
        ledger.record_done(sha256, "/in/a.txt", "a.txt", result_json, attempts=1)
        assert ledger.counts() == {"done": 1, "failed": 0}
        assert [row[3] for row in ledger.done()] == [result_json]
    db = sqlite3.connect(tmp_path / LEDGER_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone() == (1,)


def test_json_files_are_named_by_content_and_valid(tmp_path: Path) -> None:
    rows = _fill(tmp_path, 3)
    writer = make_writer("json", tmp_path)
    for sha256, name, result_json in rows:
        writer.add(sha256, name, result_json)
        writer.add(sha256, name, result_json)  # again: same name, same content
    files = sorted(tmp_path.glob("*.json"))
    assert [f.name for f in files] == sorted(f"{Path(n).stem}-{s[:12]}.json" for s, n, _ in rows)
    for f in files:
        DocumentResult.model_validate_json(f.read_text(encoding="utf-8"))
    assert not list(tmp_path.glob(".*.tmp"))


def test_json_files_missing_for_done_documents_are_written_from_the_ledger(tmp_path: Path) -> None:
    rows = _fill(tmp_path, 4)
    with Ledger(tmp_path) as ledger:
        make_writer("json", tmp_path).finish(ledger)
    names = {f.name for f in tmp_path.glob("*.json")}
    assert names == {json_name(n, s) for s, n, _ in rows}


def test_jsonl_is_rebuilt_whole_from_the_ledger_on_every_run(tmp_path: Path) -> None:
    rows = _fill(tmp_path, 5)
    (tmp_path / JSONL_NAME).write_text(
        '{"partial": tr', encoding="utf-8"
    )  # a torn line from elsewhere
    for _ in range(2):
        with Ledger(tmp_path) as ledger:
            make_writer("jsonl", tmp_path).finish(ledger)
    lines = (tmp_path / JSONL_NAME).read_text(encoding="utf-8").splitlines()
    results = [DocumentResult.model_validate_json(line) for line in lines]
    assert sorted(r.source.sha256 for r in results) == sorted(s for s, _, _ in rows)


def test_parquet_has_the_flat_columns_and_the_whole_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vanban.nlp.batch.writers._ROW_GROUP", 2)  # several row groups with 5 rows
    rows = _fill(tmp_path, 5)
    with Ledger(tmp_path) as ledger:
        make_writer("parquet", tmp_path).finish(ledger)
    parquet = pq.ParquetFile(tmp_path / PARQUET_NAME)
    assert parquet.metadata.num_row_groups == 3
    table = parquet.read()
    assert table.column_names == [
        "sha256",
        "path",
        "filename",
        "doc_type",
        "number_symbol",
        "date",
        "issuer",
        "subject",
        "n_references",
        "n_obligations",
        "result",
    ]
    for row in table.to_pylist():
        result = DocumentResult.model_validate_json(row["result"])
        assert row["sha256"] == result.source.sha256 and row["filename"] == result.source.filename
        assert row["number_symbol"] == result.metadata.number_symbol
        assert row["date"] == result.metadata.date and row["issuer"] == "UBND huyện Cao Lộc"
        assert (row["n_references"], row["n_obligations"]) == (
            len(result.references),
            len(result.obligations),
        )
    assert sorted(table.column("sha256").to_pylist()) == sorted(s for s, _, _ in rows)


def test_an_empty_ledger_gives_empty_but_valid_outputs(tmp_path: Path) -> None:
    with Ledger(tmp_path) as ledger:
        make_writer("parquet", tmp_path).finish(ledger)
        make_writer("jsonl", tmp_path).finish(ledger)
    assert pq.read_table(tmp_path / PARQUET_NAME).num_rows == 0
    assert (tmp_path / JSONL_NAME).read_text(encoding="utf-8") == ""


def test_a_killed_runs_temp_files_are_removed_and_others_kept(tmp_path: Path) -> None:
    (tmp_path / ".cv-001-0123456789ab.json.3f2a.tmp").write_text("{", encoding="utf-8")
    (tmp_path / "notes.tmp").write_text("user file", encoding="utf-8")
    assert remove_stale_temp_files(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["notes.tmp"]


def test_summary_json_is_plain_json(tmp_path: Path) -> None:
    summary = {
        "done": 2,
        "failed": [{"path": "/in/rỗng.txt", "code": "empty_file", "detail": "", "attempts": 1}],
    }
    path = write_summary(tmp_path, summary)
    assert json.loads(path.read_text(encoding="utf-8")) == summary
