"""``vanban import DIR``: batch results (contract JSON) into the service's store.

Reads what ``vanban batch`` writes (one contract per ``*.json`` file, ``results.jsonl``, or
``results.parquet`` with the contract in column ``result``) or any directory of contract JSON,
recursively. Each valid record becomes a document with a finished job through the same ``crud``
calls the job runner makes (``create_document`` → ``start_job`` → ``finish_job``), so its tasks,
review flags and citations are exactly those an upload would give.

Records are committed in chunks, one transaction each, and a document whose SHA-256 is already in
the organisation is skipped: importing twice, or again after a kill mid-way, adds nothing twice.
An invalid record is reported with its file and line and skipped.

Imported documents have no stored original: their ``storage_name`` (``imported-…``) names no
file, so ``GET /documents/{id}/original`` answers 404.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from vanban.nlp.contract import DocumentResult

from . import crud
from .db import session_scope
from .models import Organisation

SKIPPED_NAMES = frozenset({"summary.json"})  # vanban batch's run summary, not a contract
RESULT_COLUMN = "result"  # the contract JSON string in vanban batch's Parquet output
IMPORTED_PREFIX = "imported-"  # storage names of documents whose original was never stored
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_FILENAME = 255  # Document.filename


@dataclass(frozen=True)
class Record:
    where: str  # file, or file:line / file:row, relative to the imported directory
    result: DocumentResult


@dataclass(frozen=True)
class Invalid:
    where: str
    reason: str


Item = Record | Invalid


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0  # already in the organisation's archive
    repeats: int = 0  # the same document again in this input (e.g. both .json and .jsonl)
    invalid: int = 0


# --- reading


def result_files(root: Path) -> list[Path]:
    """The contract files under ``root`` (or ``root`` itself when it is a file), sorted; hidden
    files and folders (vanban batch's ledger, temporary files) are left out."""
    if root.is_file():
        return [root] if root.suffix.lower() in _READERS else []
    found = []
    for path in root.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.suffix.lower() in _READERS and path.name not in SKIPPED_NAMES and path.is_file():
            found.append(path)
    return sorted(found)


def read_results(root: Path, files: Iterable[Path] | None = None) -> Iterator[Item]:
    """Every record of every result file, validated against the contract, in file order."""
    for path in result_files(root) if files is None else files:
        label = path.name if path == root else str(path.relative_to(root))
        yield from _READERS[path.suffix.lower()](path, label)


def _read_json(path: Path, label: str) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Invalid(label, _json_reason(err))
        return
    yield _parse(data, label)


def _parse(text: str | bytes, where: str) -> Item:
    try:
        data = json.loads(text)
    except ValueError as err:
        return Invalid(where, _json_reason(err))
    return _validate(data, where)


def _read_jsonl(path: Path, label: str) -> Iterator[Item]:
    try:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                yield _parse(line, f"{label}:{number}")
    except OSError as err:
        yield Invalid(label, _json_reason(err))


def _read_parquet(path: Path, label: str) -> Iterator[Item]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = 0
    try:
        table = pq.ParquetFile(path)
        if RESULT_COLUMN not in table.schema_arrow.names:
            yield Invalid(label, f"no column '{RESULT_COLUMN}'")
            return
        # row groups one batch at a time: an archive-sized file never sits in memory whole
        for batch in table.iter_batches(columns=[RESULT_COLUMN], batch_size=256):
            for value in batch.column(0).to_pylist():
                row += 1
                where = f"{label}:{row}"
                if value is None:
                    yield Invalid(where, f"empty '{RESULT_COLUMN}'")
                    continue
                yield _parse(value, where)
    except (OSError, pa.ArrowException) as err:
        yield Invalid(f"{label}:{row + 1}" if row else label, f"Parquet: {err}")


_READERS: dict[str, Callable[[Path, str], Iterator[Item]]] = {
    ".json": _read_json,
    ".jsonl": _read_jsonl,
    ".parquet": _read_parquet,
}


def _validate(data: Any, where: str) -> Item:
    try:
        result = DocumentResult.model_validate(data)
    except ValidationError as err:
        return Invalid(where, _validation_reason(err))
    # the document's identity in the archive: it must be the hash an upload of the file would get
    if not SHA256.fullmatch(result.source.sha256):
        return Invalid(where, "source.sha256: not a lower-case hexadecimal SHA-256")
    return Record(where, result)


def _validation_reason(err: ValidationError) -> str:
    errors = err.errors(include_url=False)
    first = errors[0]
    field = ".".join(str(part) for part in first["loc"]) or "(record)"
    more = f" (+{len(errors) - 1})" if len(errors) > 1 else ""
    return f"{field}: {first['msg']}{more}"


def _json_reason(err: Exception) -> str:
    return f"JSON: {err}" if isinstance(err, ValueError) else str(err)


# --- storing


def ensure_organisation(sessions: sessionmaker[Session], name: str) -> tuple[int, bool]:
    """The organisation's id, creating it if new (committed at once); True when created."""
    try:
        with session_scope(sessions) as session:
            org_id = session.scalar(select(Organisation.id).where(Organisation.name == name))
            if org_id is not None:
                return org_id, False
            org = Organisation(name=name)
            session.add(org)
            session.flush()
            return org.id, True
    except IntegrityError:  # created meanwhile by another command
        with session_scope(sessions) as session:
            org_id = session.scalar(select(Organisation.id).where(Organisation.name == name))
            assert org_id is not None
            return org_id, False


def import_records(
    items: Iterable[Item],
    *,
    sessions: sessionmaker[Session],
    org_id: int,
    chunk_size: int,
    review_threshold: float,
    on_invalid: Callable[[Invalid], None] = lambda _: None,
    on_chunk: Callable[[ImportReport], None] = lambda _: None,
) -> ImportReport:
    """Store the valid records, ``chunk_size`` to a transaction; invalid ones go to
    ``on_invalid`` and are counted. ``on_chunk`` hears the running totals after each commit.
    A document met twice in the input is stored once, from its first record."""
    report = ImportReport()
    seen: set[str] = set()

    def invalid(item: Invalid) -> None:
        report.invalid += 1
        on_invalid(item)

    chunk: list[Record] = []
    for item in items:
        if isinstance(item, Invalid):
            invalid(item)
            continue
        if item.result.source.sha256 in seen:
            report.repeats += 1
            continue
        seen.add(item.result.source.sha256)
        chunk.append(item)
        if len(chunk) >= chunk_size:
            _store_chunk(sessions, org_id, chunk, review_threshold, report, invalid)
            on_chunk(report)
            chunk = []
    if chunk:
        _store_chunk(sessions, org_id, chunk, review_threshold, report, invalid)
        on_chunk(report)
    return report


def _store_chunk(
    sessions: sessionmaker[Session],
    org_id: int,
    records: list[Record],
    review_threshold: float,
    report: ImportReport,
    invalid: Callable[[Invalid], None],
) -> None:
    try:
        with session_scope(sessions) as session:
            stored = [_store(session, org_id, r.result, review_threshold) for r in records]
    except (DataError, IntegrityError):
        # A record the database refuses (a field too long for PostgreSQL, the same file uploaded
        # meanwhile) must not cost the others: redo this chunk one record per transaction.
        for record in records:
            _store_alone(sessions, org_id, record, review_threshold, report, invalid)
        return
    report.imported += sum(stored)
    report.duplicates += len(stored) - sum(stored)


def _store_alone(
    sessions: sessionmaker[Session],
    org_id: int,
    record: Record,
    review_threshold: float,
    report: ImportReport,
    invalid: Callable[[Invalid], None],
) -> None:
    try:
        with session_scope(sessions) as session:
            stored = _store(session, org_id, record.result, review_threshold)
    except (DataError, IntegrityError) as err:
        with session_scope(sessions) as session:
            sha256 = record.result.source.sha256
            if crud.document_by_hash(session=session, org_id=org_id, sha256=sha256) is not None:
                report.duplicates += 1
            else:
                invalid(Invalid(record.where, f"database: {first_line(err.orig)}"))
        return
    if stored:
        report.imported += 1
    else:
        report.duplicates += 1


def _store(session: Session, org_id: int, result: DocumentResult, review_threshold: float) -> bool:
    """One document as the job runner leaves it (job done, tasks, citations); False when the
    organisation already has a document with this SHA-256."""
    source = result.source
    if crud.document_by_hash(session=session, org_id=org_id, sha256=source.sha256) is not None:
        return False
    document = crud.create_document(
        session=session,
        org_id=org_id,
        user_id=None,
        filename=source.filename[:MAX_FILENAME],
        storage_name=IMPORTED_PREFIX + uuid.uuid4().hex,
        sha256=source.sha256,
        size=0,  # the original's size is not in the contract, and the original is not stored
    )
    job_id = document.job.id
    crud.start_job(session=session, job_id=job_id)
    crud.finish_job(
        session=session, job_id=job_id, result=result, review_threshold=review_threshold
    )
    return True


def first_line(err: object) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


# --- messages (Vietnamese by default, English with --lang en)

MESSAGES = {
    "no_dir": ("Không thấy thư mục {path}.", "Directory not found: {path}."),
    "bad_org": (
        "Tên cơ quan phải có từ 1 đến 200 ký tự.",
        "The organisation's name must have 1 to 200 characters.",
    ),
    "no_results": (
        "Không thấy kết quả nào trong {path} (tệp *.json, *.jsonl, *.parquet).",
        "No results in {path} (*.json, *.jsonl or *.parquet files).",
    ),
    "org_created": ("Đã tạo cơ quan «{name}».", "Created the organisation “{name}”."),
    "invalid": ("Bản ghi không hợp lệ, bỏ qua", "Invalid record, skipped"),
    "progress": (
        "… đã nhập {imported}, đã có {duplicates}, lặp lại {repeats}, không hợp lệ {invalid}",
        "… imported {imported}, already there {duplicates}, repeated {repeats}, invalid {invalid}",
    ),
    "summary": (
        "Cơ quan «{name}»: đã nhập {imported} văn bản; bỏ qua {duplicates} văn bản đã có "
        "(trùng){repeats}; {invalid} bản ghi không hợp lệ.",
        "Organisation “{name}”: imported {imported} documents; skipped {duplicates} already "
        "there (duplicates){repeats}; {invalid} invalid records.",
    ),
    "repeats": (
        " và {repeats} bản ghi lặp lại trong dữ liệu nhập",
        " and {repeats} repeated in the input",
    ),
    "db_error": (
        "Lỗi cơ sở dữ liệu: {detail}. Các phần đã ghi được giữ lại; chạy lại lệnh để nhập tiếp.",
        "Database error: {detail}. What was written is kept; run the command again to go on.",
    ),
    "interrupted": (
        "Đã dừng. Các phần đã ghi được giữ lại; chạy lại lệnh để nhập tiếp.",
        "Stopped. What was written is kept; run the command again to go on.",
    ),
}


def say(key: str, lang: str, **values: object) -> str:
    vi, en = MESSAGES[key]
    return (en if lang == "en" else vi).format(**values)
