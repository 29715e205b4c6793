"""``vanban batch INPUT... --out DIR``: every document of an archive to contract JSON, resumably.

Exit codes as ``extract``: 0 every document done; 1 some failed (the others are still written);
2 bad usage (nothing matched, a bad option, DIR in use by another run); 130 interrupted (rerun the
same command to go on). Messages in Vietnamese by default, ``--lang en`` for English.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..cli import Lang, _default_lang
from ..errors import MESSAGES as ERROR_MESSAGES
from ..errors import VanbanError
from ..sandbox import Limits

MESSAGES = {
    "no_match": ("Không tìm thấy tệp nào khớp với: {inputs}", "Nothing matches: {inputs}"),
    "nothing": ("Không có văn bản nào để xử lý.", "There is no document to process."),
    "bad_memory": (
        "Giới hạn bộ nhớ không hợp lệ: {value} (ví dụ: 2G, 512M, 0 = không giới hạn).",
        "Invalid memory limit: {value} (e.g. 2G, 512M, 0 = no limit).",
    ),
    "bad_out": ("{path} không phải là thư mục.", "{path} is not a directory."),
    "locked": (
        "Một lệnh vanban batch khác đang ghi vào {path}; hãy đợi nó xong.",
        "Another vanban batch is writing to {path}; wait for it to finish.",
    ),
    "no_dask": (
        "Không dùng được Dask ({detail}).",
        "Dask is not available ({detail}).",
    ),
    "write_failed": (
        "Không ghi được kết quả vào {path} ({detail}).",
        "Could not write results to {path} ({detail}).",
    ),
    "failed": ("Lỗi", "Error"),
    "more_failed": (
        "… và {n} lỗi khác (xem {summary}).",
        "… and {n} more failures (see {summary}).",
    ),
    "summary": (
        "Xong: {done} văn bản mới, {failed} lỗi, {skipped} bỏ qua{reasons} trong {seconds:.1f} s"
        " ({rate:.2f} văn bản/giây). Kết quả: {out}",
        "Finished: {done} new documents, {failed} failed, {skipped} skipped{reasons}"
        " in {seconds:.1f} s ({rate:.2f} documents/s). Results: {out}",
    ),
    "interrupted": (
        "Đã dừng. {done} văn bản xong trong lần chạy này đã được lưu."
        " Chạy lại đúng lệnh này để tiếp tục:",
        "Stopped. The {done} documents finished in this run are kept."
        " Run the same command again to go on:",
    ),
}
SKIP_REASONS = {
    "done_before": ("đã xử lý trước đó", "done before"),
    "duplicate": ("trùng nội dung", "duplicate content"),
    "not_finished": ("chưa xong", "not finished"),
}
_MAX_FAILURE_LINES = 20
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


def _msg(key: str, lang: Lang, **kw: object) -> str:
    vi, en = MESSAGES[key]
    return (vi if lang is Lang.vi else en).format(**kw)


def _default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_memory(value: str) -> int:
    """``2G``, ``512MB``, ``1.5GiB`` or plain bytes → bytes; ``0`` means no cap."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", value.upper())
    if not match:
        raise ValueError(value)
    return int(float(match[1]) * _UNITS[match[2]])


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="tệp, thư mục (đệ quy) hoặc mẫu glob / files, folders (recursive) or glob patterns"
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="thư mục kết quả / output folder")],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="json (một tệp mỗi văn bản / one file each) | jsonl | parquet"
        ),
    ] = OutputFormat.json,
    workers: Annotated[
        int,
        typer.Option(min=1, help="số tiến trình / worker processes (mặc định / default: số CPU)"),
    ] = _default_workers(),
    timeout: Annotated[
        float, typer.Option(min=0.001, help="giây tối đa mỗi văn bản / seconds per document")
    ] = 60.0,
    memory: Annotated[
        str,
        typer.Option(
            help="bộ nhớ tối đa mỗi tiến trình / memory cap per worker (2G, 512M, 0 = none)"
        ),
    ] = "2G",
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="thử lại các văn bản đã lỗi / read failed documents again"
        ),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", help="địa chỉ scheduler Dask hoặc 'local' / Dask scheduler address or 'local'"
        ),
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="vi | en (mặc định / default: vi)")
    ] = None,
) -> None:
    """Xử lý hàng loạt, tiếp tục được khi bị ngắt / extract a whole archive, resumably."""
    from .inputs import expand_inputs
    from .progress import make_progress
    from .runner import BatchLocked, run_batch

    lang = lang or _default_lang()
    try:
        limits = Limits(timeout_s=timeout, memory_bytes=parse_memory(memory))
    except ValueError:
        _fail(_msg("bad_memory", lang, value=memory))
    if out.exists() and not out.is_dir():
        _fail(_msg("bad_out", lang, path=out))
    found = expand_inputs(inputs, exclude=out)
    if found.unmatched:
        typer.echo(_msg("no_match", lang, inputs=", ".join(found.unmatched)), err=True)
    if not found.paths:
        _fail(_msg("nothing", lang))

    make_backend, backend_name, workers = _backend(dask, workers, limits, len(found.paths), lang)
    progress = make_progress(len(found.paths), lang.value)
    previous_sigterm = _sigterm_as_interrupt()
    try:
        summary = run_batch(
            found.paths,
            out,
            make_backend=make_backend,
            fmt=fmt.value,
            backend_name=backend_name,
            workers=workers,
            retry_failed=retry_failed,
            progress=progress,
        )
    except BatchLocked:
        _fail(_msg("locked", lang, path=out))
    except BackendUnavailable as err:
        _fail(str(err))
    except OSError as err:
        _fail(_msg("write_failed", lang, path=out, detail=err.strerror or type(err).__name__))
    finally:
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)
    _report(summary, out, lang)
    if summary["interrupted"]:
        raise typer.Exit(130)
    incomplete = summary["failed"] or summary["skipped_reasons"].get("not_finished")
    raise typer.Exit(1 if incomplete else 0)


class BackendUnavailable(Exception):
    """The cluster could not be reached: a usage error, reported before any document is read."""


def _backend(
    dask: str | None, workers: int, limits: Limits, n_documents: int, lang: Lang
) -> tuple[Any, str, int]:
    """A factory (called only if some document needs reading), the backend's name, its workers."""
    if dask:
        try:
            from .dask_backend import ClusterUnavailable, DaskBackend
        except ImportError as err:
            _fail(_msg("no_dask", lang, detail=str(err)))

        def make_dask() -> Any:
            try:
                backend = DaskBackend(dask, workers, limits)
            except ClusterUnavailable as err:
                raise BackendUnavailable(err.message(lang.value)) from err
            for notice in backend.warnings(lang.value):  # e.g. workers that cannot isolate
                typer.echo(notice, err=True)
            return backend

        return make_dask, "dask", workers
    from .backend import LocalBackend

    workers = max(1, min(workers, n_documents))  # each worker loads the models: none idle
    return (lambda: LocalBackend(workers, limits)), "local", workers


def _sigterm_as_interrupt() -> Any:
    """A cluster scheduler stops a job with SIGTERM: end it like Ctrl-C, keeping what finished."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        return None


def _report(summary: dict[str, Any], out: Path, lang: Lang) -> None:
    index = 0 if lang is Lang.vi else 1
    failures = summary["failed"]
    for failure in failures[:_MAX_FAILURE_LINES]:
        line = f"{_msg('failed', lang)} [{failure['code']}]: {_describe(failure, lang)}"
        typer.echo(line, err=True)
    if len(failures) > _MAX_FAILURE_LINES:
        more = len(failures) - _MAX_FAILURE_LINES
        typer.echo(_msg("more_failed", lang, n=more, summary=out / "summary.json"), err=True)
    reasons = ", ".join(
        f"{SKIP_REASONS.get(k, (k, k))[index]}: {n}" for k, n in summary["skipped_reasons"].items()
    )
    typer.echo(
        _msg(
            "summary",
            lang,
            done=summary["done"],
            failed=len(failures),
            skipped=summary["skipped"],
            reasons=f" ({reasons})" if reasons else "",
            seconds=summary["seconds"],
            rate=summary["documents_per_s"],
            out=out,
        ),
        err=True,
    )
    if summary["interrupted"]:
        typer.echo(_msg("interrupted", lang, done=summary["done"]), err=True)
        typer.echo(f"  {_command_line()}", err=True)


def _describe(failure: dict[str, Any], lang: Lang) -> str:
    code, path, detail = failure["code"], failure["path"], failure.get("detail") or ""
    if code in ERROR_MESSAGES:
        return VanbanError(code, path, detail).message(lang.value)
    return f"{path}: {code}" + (f" ({detail})" if detail else "")


def _command_line() -> str:
    program = Path(sys.argv[0]).name
    program = "vanban" if program in ("vanban", "__main__.py") else sys.argv[0]
    return shlex.join([program, *sys.argv[1:]])


def _fail(message: str) -> None:
    typer.echo(f"{message}", err=True)
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``vanban batch`` to the command line."""
    app.command("batch")(batch)
