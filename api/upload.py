"""Receive multipart uploads as a stream: each file goes straight to disk under a generated name,
hashed and counted as it arrives, and the request stops at the first byte over the limit.

(FastAPI's UploadFile would read the whole body before the route runs, whatever its size.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from .db import FULL_ERRNOS
from .errors import ApiError

MAX_FILENAME = 255
_GENERATED = re.compile(r"[0-9a-f]{32}")  # uuid4().hex: the only names uploads are stored under
PARTIAL = ".part"  # a file still being received; renamed by ``keep`` once complete


@dataclass
class ReceivedFile:
    filename: str
    storage_name: str  # generated; the user's name is never used on disk
    path: Path
    size: int = 0
    sha256: str = ""
    _hash: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)
    _out: IO[bytes] | None = field(default=None, repr=False)


class _Parser:
    """Callbacks for python-multipart's streaming parser: only parts named ``file`` are kept."""

    def __init__(self, dest: Path, field_name: str, max_file_bytes: int, max_files: int) -> None:
        self.dest, self.field_name = dest, field_name
        self.max_file_bytes, self.max_files = max_file_bytes, max_files
        self.files: list[ReceivedFile] = []
        self.current: ReceivedFile | None = None
        self.header_field = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.error: ApiError | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self.headers, self.current = {}, None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name != self.field_name or b"filename" not in options:
            return  # other fields are ignored
        if len(self.files) >= self.max_files:
            raise ApiError(413, "too_many_files", detail=f"≤ {self.max_files}")
        filename = _safe_display_name(options[b"filename"].decode("utf-8", "replace"))
        storage_name = uuid.uuid4().hex
        path = self.dest / (storage_name + PARTIAL)
        received = ReceivedFile(filename=filename, storage_name=storage_name, path=path)
        received._out = open(path, "xb")  # noqa: SIM115 - closed in on_part_end or cleanup
        self.files.append(received)
        self.current = received

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        received = self.current
        if received is None or received._out is None:
            return
        chunk = data[start:end]
        received.size += len(chunk)
        if received.size > self.max_file_bytes:
            raise ApiError(
                413,
                "too_large",
                filename=received.filename,
                detail=_limit_text(self.max_file_bytes),
            )
        received._hash.update(chunk)
        received._out.write(chunk)

    def on_part_end(self) -> None:
        received = self.current
        if received is not None and received._out is not None:
            received._out.close()
            received._out = None
            received.sha256 = received._hash.hexdigest()
        self.current = None


def _safe_display_name(name: str) -> str:
    """The base name only (browsers on Windows send full paths), no control characters or quotes
    (it is shown and sent back in Content-Disposition, never used on disk)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch != '"').strip()
    return base[:MAX_FILENAME] or "upload"


def _limit_text(limit: int) -> str:
    return f"tối đa / max {limit / (1024 * 1024):g} MB"


async def receive_files(
    request: Request, *, dest: Path, field_name: str, max_file_bytes: int, max_files: int
) -> list[ReceivedFile]:
    """Stream the request's files to ``dest``; on any error nothing is left on disk."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise ApiError(422, "invalid_request", detail="multipart/form-data, field 'file'")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_files * (max_file_bytes + 64 * 1024):
        raise ApiError(413, "too_large", detail=_limit_text(max_file_bytes))
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise storage_error(err) from err
    state = _Parser(dest, field_name, max_file_bytes, max_files)
    parser = MultipartParser(boundary, state.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
        if state.current is not None:  # the body ended inside a part
            raise ApiError(422, "invalid_request", detail="truncated multipart body")
    except ApiError:
        _discard(state.files)
        raise
    except OSError as err:  # the disk, not the request: nothing is kept, try again later
        _discard(state.files)
        raise storage_error(err) from err
    except Exception as err:  # the parser's own errors: a malformed body
        _discard(state.files)
        raise ApiError(422, "invalid_request", detail=f"multipart: {type(err).__name__}") from err
    if not state.files:
        raise ApiError(422, "invalid_request", detail="no file in field 'file'")
    for received in state.files:
        if received.size == 0:
            _discard(state.files)
            raise ApiError(422, "empty_file", filename=received.filename)
    return state.files


def storage_error(err: OSError) -> ApiError:
    code = "storage_full" if err.errno in FULL_ERRNOS else "storage_unavailable"
    return ApiError(503, code, headers={"Retry-After": "30"})


def _discard(files: list[ReceivedFile]) -> None:
    for received in files:
        if received._out is not None:
            with contextlib.suppress(OSError):  # a full disk fails the flush on close
                received._out.close()
            received._out = None
        with contextlib.suppress(FileNotFoundError):
            os.unlink(received.path)


def sweep_partial(dest: Path) -> int:
    """Remove files left half-received by a server that died mid-upload (never registered, so
    never served); run at start-up, before any upload. Returns how many were removed."""
    removed = 0
    for leftover in dest.glob("*" + PARTIAL):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed += 1
    return removed


def sweep_unregistered(dest: Path, registered: set[str]) -> int:
    """Remove complete uploads that no document names: a server killed between giving a file its
    final name and committing its document leaves one. Run at start-up, before any upload; only
    generated names are considered. Returns how many were removed."""
    removed = 0
    for stored in dest.iterdir():
        if _GENERATED.fullmatch(stored.name) and stored.name not in registered:
            with contextlib.suppress(FileNotFoundError):
                stored.unlink()
                removed += 1
    return removed


def keep(received: ReceivedFile) -> Path:
    """Give a complete upload its final (generated) name."""
    final = received.path.with_suffix("")
    os.replace(received.path, final)
    received.path = final
    return final


def discard(received: ReceivedFile) -> None:
    _discard([received])
