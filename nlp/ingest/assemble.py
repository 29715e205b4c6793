"""Build a ``SourceText`` from the visual lines a reader found.

Every reader (PDF text layer, OCR, DOCX) ends with a list of lines per page; this module is
the one place that turns them into ``text`` + ``lines`` so the offsets rules hold everywhere:
each line is followed by one ``\\n``; a ``\\f`` separates pages (after the previous page's
last ``\\n``, as pdftotext does); ``Line.start``/``end`` cover the line without its ``\\n``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from vanban.nlp.types import BBox, Line, SignatureStamp, SourceText


@dataclass
class RawLine:
    """One visual line before offsets are known."""

    text: str
    page: int | None = None
    bbox: BBox | None = None
    bold: bool = False
    ocr: bool = False


def clean_line(text: str) -> str:
    """NFC, no line-breaking characters inside, no outer whitespace."""
    text = unicodedata.normalize("NFC", text)
    # \n, \r, \f, \v, U+2028/2029 inside a line would break the one-line-one-\n rule
    text = "".join(" " if ch in "\n\r\f\v\x85\u2028\u2029" else ch for ch in text)
    return text.strip()


def build_source(
    pages: Sequence[Sequence[RawLine]],
    *,
    media_type: str,
    page_count: int | None = None,
    ocr: bool = False,
    footnotes: list[str] | None = None,
    signature: SignatureStamp | None = None,
    warnings: list[str] | None = None,
) -> SourceText:
    """Join the lines of each page into one text with exact ``Line`` offsets."""
    parts: list[str] = []
    lines: list[Line] = []
    pos = 0
    for index, page_lines in enumerate(pages):
        if index:
            parts.append("\f")
            pos += 1
        for raw in page_lines:
            text = clean_line(raw.text)
            if not text:
                continue
            lines.append(Line(start=pos, end=pos + len(text), page=raw.page, bbox=raw.bbox,
                              bold=raw.bold))
            parts.append(text + "\n")
            pos += len(text) + 1
            ocr = ocr or raw.ocr
    return SourceText(
        text="".join(parts),
        media_type=media_type,
        pages=page_count,
        ocr=ocr,
        lines=lines,
        footnotes=footnotes or [],
        signature=signature,
        warnings=warnings or [],
    )
