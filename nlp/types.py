"""Values passed between the pipeline's stages.

bytes --[ingest]--> SourceText --[normalize]--> CleanText --[segment]--> spaCy Doc --> DocumentResult

Each value is a plain dataclass: the stages share no state but these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom-left


@dataclass(frozen=True)
class Line:
    """One visual line of the source, as the reader saw it.

    ``start``/``end`` index ``SourceText.text``. ``page`` and ``bbox`` are known for PDF input
    (text layer or OCR); ``bold`` for PDF (font names) and DOCX (runs).
    """

    start: int
    end: int
    page: int | None = None
    bbox: BBox | None = None
    bold: bool = False


@dataclass(frozen=True)
class SignatureStamp:
    """Text of a digital-signature stamp found on a signed PDF (kept out of the body)."""

    signer: str | None = None  # "Người ký: …"
    organisation: str | None = None  # "Cơ quan: …" or the stamp's first lines
    signed_at: str | None = None  # ISO date(-time) from "Thời gian ký: …" / "06.11.2024 09:27:05"
    text: str = ""


@dataclass
class SourceText:
    """What a reader extracted from a file: raw text plus layout facts about it.

    ``text`` is the extracted text with one ``\\n`` per visual line and a ``\\f`` between pages;
    it is not yet normalised. ``lines`` cover it in order.
    """

    text: str
    media_type: str
    pages: int | None = None
    ocr: bool = False
    lines: list[Line] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # DOCX footnote bodies, in order
    signature: SignatureStamp | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class CleanText:
    """Normalised text and, for each of its characters, the offset it came from in the raw text."""

    text: str
    raw_offsets: list[int]
    encoding_fixed: str | None = None  # "tcvn3" | "vni"

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the clean text back to the raw text."""
        if start >= end or not self.raw_offsets:
            pos = self.raw_offsets[start] if start < len(self.raw_offsets) else 0
            return pos, pos
        # min/max, not the ends: a split header column moves later raw text before earlier
        covered = self.raw_offsets[start:end]
        return min(covered), max(covered) + 1
