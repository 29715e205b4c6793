"""The whole flow for one document, on one screen: bytes → DocumentResult.

Each stage is called here in order; no stage calls the next one itself.
"""

from __future__ import annotations

import hashlib

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .contract import DocumentResult, Part, Source
from .errors import VanbanError
from .ingest import read_document
from .normalize import FOOTNOTES_HEADING, clean_text
from .pipeline import PARTS_KEY, default_nlp, run
from .types import CleanText, SourceText

# Letters only Vietnamese uses among Latin scripts; their share tells Vietnamese from English.
_VI_LETTERS = regex.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", regex.I)
_LETTERS = regex.compile(r"\p{L}")
_LATIN = regex.compile(r"\p{Latin}")


def process(data: bytes, *, filename: str, nlp: Language | None = None) -> DocumentResult:
    """Read, normalise, segment and extract one document."""
    return process_doc(data, filename=filename, nlp=nlp)[0]


def process_doc(data: bytes, *, filename: str, nlp: Language | None = None) -> tuple[DocumentResult, Doc]:
    """``process``, also returning the spaCy Doc (for the HTML view)."""
    nlp = nlp or default_nlp()
    source = read_document(data, filename=filename)  # 1. bytes → SourceText
    clean = clean_text(_with_footnotes(source))  # 2. → normalised text + offset map
    _check_language(clean.text, filename)
    # a scan's stamp is the digitising office's, not the signer's: its date says nothing
    stamp = None if source.ocr else source.signature
    doc = run(nlp, clean.text, signature=stamp)  # 3-4. → Doc with parts and entities
    result = DocumentResult(
        source=Source(
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            media_type=source.media_type,
            pages=source.pages,
            ocr=source.ocr,
            encoding_fixed=clean.encoding_fixed,
        ),
        text=clean.text,
        metadata=doc._.metadata,
        recipients=doc._.recipients,
        references=doc._.references or [],
        deadlines=doc._.deadlines or [],
        obligations=doc._.obligations or [],
        parts=[_part(span, source, clean) for span in doc.spans[PARTS_KEY]],
        warnings=list(source.warnings),
    )
    return result, doc


def _with_footnotes(source: SourceText) -> str:
    """DOCX footnote bodies go after the text under the heading that markdown footnotes get."""
    if not source.footnotes:
        return source.text
    notes = "\n".join(f"{i} {body}" for i, body in enumerate(source.footnotes, 1))
    return f"{source.text}\n{FOOTNOTES_HEADING}\n{notes}\n"


def _check_language(text: str, filename: str) -> None:
    letters = len(_LETTERS.findall(text))
    if letters < 80:
        return
    latin = len(_LATIN.findall(text))
    if latin / letters < 0.5:
        raise VanbanError("not_vietnamese", filename, "chữ không phải chữ Latinh / not Latin script")
    if len(_VI_LETTERS.findall(text)) / latin < 0.03:
        raise VanbanError("not_vietnamese", filename, "không có dấu tiếng Việt / no Vietnamese diacritics")


def _part(span, source: SourceText, clean: CleanText) -> Part:
    page, bbox = _layout(span.start_char, span.end_char, source, clean)
    return Part(
        label=span.label_,
        span=(span.start_char, span.end_char),
        page=page,
        bbox=bbox,
        level=span._.level,
        marker=span._.marker,
        parent=span._.parent,
    )


def _layout(start: int, end: int, source: SourceText, clean: CleanText):
    """Page and bounding box of a clean-text span, from the reader's lines (PDF input)."""
    if not source.lines or source.lines[0].page is None or start >= end:
        return None, None
    raw_start, raw_end = clean.raw_span(start, end)
    lines = [ln for ln in source.lines if ln.end > raw_start and ln.start < raw_end and ln.bbox]
    if not lines:
        return None, None
    page = lines[0].page
    boxes = [ln.bbox for ln in lines if ln.page == page]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return page, bbox
