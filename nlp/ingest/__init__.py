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


def read_document(data: bytes, *, filename: str) -> SourceText:
    """Read a PDF, DOCX, DOC, ODT or plain-text document (and RTF, which many ".doc" files
    really are)."""
    if not data or not data.strip(b" \t\r\n\x00"):
        raise VanbanError("empty_file", filename)
    try:
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
    except VanbanError:
        raise
    except Exception as exc:  # a parser's own exception must never reach the user
        raise VanbanError("internal_error", filename, type(exc).__name__) from exc
