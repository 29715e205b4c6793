"""The batch's output files in DIR, always written whole (temporary file + ``os.replace``).

- ``json``: ``<stem>-<sha256[:12]>.json`` per document, written as each finishes; the name depends
  only on the content, so writing it again is harmless.
- ``jsonl`` → ``results.jsonl`` and ``parquet`` → ``results.parquet``: rebuilt from the ledger at
  the end of each run, so they never hold a duplicate or a partial line, whatever happened before.
- ``summary.json`` after every run.

The ledger is the truth; these files are views of it. Temporary files are hidden
(``.<name>.<random>.tmp``) and a killed run's leftovers are removed by the next one.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

from .ledger import Ledger

JSONL_NAME = "results.jsonl"
PARQUET_NAME = "results.parquet"
SUMMARY_NAME = "summary.json"
FORMATS = ("json", "jsonl", "parquet")
_TMP_SUFFIX = ".tmp"
_ROW_GROUP = 1000  # Parquet rows per group: bounded memory whatever the archive's size


def contract_json(result: dict[str, Any]) -> str:
    """The one serialisation of a result, shared by the ledger and every output file."""
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def json_name(filename: str, sha256: str) -> str:
    return f"{Path(filename).stem}-{sha256[:12]}.json"


@contextmanager
def atomic_file(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """A file that appears at ``path`` complete or not at all (with the umask's permissions)."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{_TMP_SUFFIX}")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_stale_temp_files(out_dir: Path) -> int:
    """Temporary files a killed run left behind (only ours: hidden, ``.tmp``)."""
    removed = 0
    for leftover in out_dir.glob(f".*{_TMP_SUFFIX}"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


class Writer(Protocol):
    def add(self, sha256: str, filename: str, result_json: str) -> None:
        """Called as each document is done, before its ledger row is committed."""

    def finish(self, ledger: Ledger) -> None:
        """Called at the end of each run (also an interrupted one)."""


class JsonFilesWriter:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def add(self, sha256: str, filename: str, result_json: str) -> None:
        with atomic_file(self.out_dir / json_name(filename, sha256)) as handle:
            handle.write(result_json)

    def finish(self, ledger: Ledger) -> None:
        # a done document whose file is missing (deleted, or an earlier run in another format)
        for sha256, _path, filename, result_json in ledger.done():
            if not (self.out_dir / json_name(filename, sha256)).is_file():
                self.add(sha256, filename, result_json)


class JsonLinesWriter:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def add(self, sha256: str, filename: str, result_json: str) -> None:
        pass  # the ledger holds it until ``finish``

    def finish(self, ledger: Ledger) -> None:
        with atomic_file(self.out_dir / JSONL_NAME) as handle:
            for _sha256, _path, _filename, result_json in ledger.done():
                handle.write(result_json + "\n")


class ParquetWriter:
    """One row per document: a few flat columns to filter on, and the whole contract JSON."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def add(self, sha256: str, filename: str, result_json: str) -> None:
        pass

    def finish(self, ledger: Ledger) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema(
            [
                ("sha256", pa.string()),
                ("path", pa.string()),
                ("filename", pa.string()),
                ("doc_type", pa.string()),
                ("number_symbol", pa.string()),
                ("date", pa.string()),
                ("issuer", pa.string()),
                ("subject", pa.string()),
                ("n_references", pa.int32()),
                ("n_obligations", pa.int32()),
                ("result", pa.large_string()),
            ]
        )
        with (
            atomic_file(self.out_dir / PARQUET_NAME, "wb") as handle,
            pq.ParquetWriter(handle, schema) as parquet,
        ):
            rows: list[dict[str, Any]] = []
            for row in ledger.done():
                rows.append(_parquet_row(*row))
                if len(rows) == _ROW_GROUP:
                    parquet.write_table(pa.Table.from_pylist(rows, schema))
                    rows = []
            if rows:  # no row at all still gives a valid, empty file
                parquet.write_table(pa.Table.from_pylist(rows, schema))


def _parquet_row(sha256: str, path: str, filename: str, result_json: str) -> dict[str, Any]:
    result = json.loads(result_json)
    metadata = result.get("metadata") or {}
    issuer = metadata.get("issuer") or {}
    return {
        "sha256": sha256,
        "path": path,
        "filename": filename,
        "doc_type": metadata.get("doc_type"),
        "number_symbol": metadata.get("number_symbol"),
        "date": metadata.get("date"),
        "issuer": issuer.get("name"),
        "subject": metadata.get("subject"),
        "n_references": len(result.get("references") or []),
        "n_obligations": len(result.get("obligations") or []),
        "result": result_json,
    }


def make_writer(fmt: str, out_dir: Path) -> Writer:
    writers = {"json": JsonFilesWriter, "jsonl": JsonLinesWriter, "parquet": ParquetWriter}
    return writers[fmt](out_dir)


def write_summary(out_dir: Path, summary: dict[str, Any]) -> Path:
    path = out_dir / SUMMARY_NAME
    with atomic_file(path) as handle:
        json.dump(summary, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return path
