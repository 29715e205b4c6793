"""Ingest: bytes of an uploaded document → ``SourceText``.

The kind of document is read from the content (magic bytes), never from the file name; the
name is only used in messages. Every failure is a ``VanbanError``.
"""

from __future__ import annotations

from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest.docx import read_docx
from vanban.nlp.ingest.office import read_office
from vanban.nlp.ingest.pdf import read_pdf
from vanban.nlp.ingest.sniff import MEDIA_TYPES, Kind, other_format, sniff
from vanban.nlp.ingest.text import read_text
from vanban.nlp.types import SourceText

__all__ = ["read_document"]

MAX_INPUT_BYTES = 100 * 1024 * 1024  # the service's own upload limit is lower (50 MB)
# The pipeline's text limit, below spaCy's max_length (1,000,000; normalisation and footnotes
# may lengthen the text a little): one dispatch, even a long law, is a few hundred thousand
# characters. A text file holds at least a character per 4 bytes, so larger ones are refused
# before decoding.
MAX_TEXT_CHARS = 900_000
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS


def read_document(data: bytes, *, filename: str) -> SourceText:
    """Read a PDF, DOCX, DOC, ODT or plain-text document (and RTF, which many ".doc" files
    really are)."""
    if not data or not data.strip(b" \t\r\n\x00"):
        raise VanbanError("empty_file", filename)
    if len(data) > MAX_INPUT_BYTES:
        raise VanbanError("too_large", filename, _megabytes(len(data), MAX_INPUT_BYTES))
    try:
        source = _read(data, filename)
    except VanbanError:
        raise
    except MemoryError as exc:
        raise VanbanError("too_large", filename, "memory limit") from exc
    except Exception as exc:  # a parser's own exception must never reach the user
        raise VanbanError("internal_error", filename, type(exc).__name__) from exc
    if len(source.text) > MAX_TEXT_CHARS:
        raise VanbanError("too_large", filename,
                          f"{len(source.text)} ký tự, tối đa {MAX_TEXT_CHARS}")
    return source


def _megabytes(size: int, limit: int) -> str:
    return f"{size / 2**20:.0f} MB, tối đa {limit // 2**20} MB"


def _read(data: bytes, filename: str) -> SourceText:
    kind = sniff(data)
    if kind is Kind.PDF:
        return read_pdf(data, filename)
    if kind is Kind.DOCX:
        return read_docx(data, filename)
    if kind is Kind.DOC:
        return read_office(data, filename, suffix=".doc", media_type=MEDIA_TYPES[kind])
    if kind is Kind.ODT:
        return read_office(data, filename, suffix=".odt", media_type=MEDIA_TYPES[kind])
    if kind is Kind.RTF:
        return read_office(data, filename, suffix=".rtf", media_type=MEDIA_TYPES[kind])
    if kind is Kind.TEXT:
        if len(data) > MAX_TEXT_BYTES:
            raise VanbanError("too_large", filename, _megabytes(len(data), MAX_TEXT_BYTES))
        source = read_text(data, filename)
        if not source.text.strip():
            raise VanbanError("empty_file", filename)
        return source
    if kind is Kind.ENCRYPTED_OFFICE:
        raise VanbanError("encrypted_document", filename)
    if kind is Kind.BROKEN_ZIP:
        # a damaged zip here is nearly always a Word file cut short in transfer
        raise VanbanError("corrupt_docx", filename, "ZIP")
    raise VanbanError("unsupported_type", filename, other_format(data))
