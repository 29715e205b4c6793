"""Page geometry: fragments of text → visual lines → reading order.

Pure geometry on PDF points (origin bottom-left), shared by the text-layer reader and OCR.

Two problems are solved here (stack-notes §4):

* pdfminer cuts a *justified* line wherever a word gap is wider than ``char_margin`` times a
  character, so one visual line arrives as several fragments. Merging fragments on the same
  row by distance alone does not work: in real headers the gap between the issuer column and
  the national-motto column is only 0.7–2 em, no wider than a stretched word gap. So a gap is
  bridged only when it looks like the *same* spacing as the line's own word gaps (justified
  text spreads all gaps equally) or when the lines just above/below have text across it
  (a paragraph has no gutter; a two-column header does).
* Multi-column blocks (header, "Nơi nhận" | signature) must be read column by column, not
  row by row. Consecutive rows that hold two or more lines form a band; a band is emitted
  column after column.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Thresholds, in em (the font size of the fragments involved).
TOUCH = 0.35  # closer than this: the same line, whatever the reason pdfminer split it
MAX_JUSTIFIED_GAP = 8.0  # wider than this is never one line of running text
MAX_COVERED_GAP = 3.0  # neighbour-coverage rule only for moderate gaps
WORD_GAP_RATIO = 1.5  # split gap ≈ the line's own word gaps → justified spacing
COVERAGE = 0.6  # share of the gap that neighbouring lines must cover with text
NEIGHBOUR_DISTANCE = 2.0  # rows whose centres are this close count as neighbours
BAND_BREAK = 0.8  # a vertical gap wider than this ends a multi-column band
NEW_BLOCK_GAP = 0.25  # …and this much ends it when the row only opens new text blocks


@dataclass
class Glyph:
    """One character (or an inserted space) with its horizontal extent."""

    text: str
    x0: float
    x1: float
    bold: bool = False
    real: bool = True  # False for spaces inserted by the layout analysis

    @property
    def space(self) -> bool:
        return self.text.isspace()


@dataclass
class Frag:
    """A run of glyphs on one baseline: a pdfminer text line, an OCR line, or a merge."""

    glyphs: list[Glyph]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    tag: str | None = None  # annotation the text came from, if any
    box: int | None = None  # text block it belongs to (pdfminer text box, Tesseract block)

    @property
    def text(self) -> str:
        return unicodedata.normalize("NFC", "".join(g.text for g in self.glyphs)).strip()

    @property
    def bold(self) -> bool:
        """Bold when more than half of the visible characters are bold."""
        ink = [g for g in self.glyphs if not g.space and g.real]
        return bool(ink) and sum(g.bold for g in ink) * 2 > len(ink)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2))

    @property
    def height(self) -> float:
        return self.y1 - self.y0


# --------------------------------------------------------------------------- rows


def _voverlap(a: Frag, b: Frag) -> float:
    return min(a.y1, b.y1) - max(a.y0, b.y0)


def build_rows(frags: Iterable[Frag]) -> list[list[Frag]]:
    """Group fragments whose vertical extents overlap by half of the smaller one."""
    rows: list[list[Frag]] = []
    for frag in sorted(frags, key=lambda f: (-f.y1, f.x0)):
        for row in reversed(rows[-4:]):  # only recent rows can still overlap
            ref = row[0]  # compare with the row's first fragment: no chaining down a page
            if _voverlap(ref, frag) > 0.5 * min(ref.height, frag.height):
                row.append(frag)
                break
        else:
            rows.append([frag])
    for row in rows:
        row.sort(key=lambda f: f.x0)
    rows.sort(key=lambda r: -max(f.y1 for f in r))
    return rows


# ------------------------------------------------------------------ merging a row


def word_gaps(frag: Frag) -> list[float]:
    """Widths of the single-space word gaps inside a fragment.

    Runs of several typed spaces (``Số:        /UBND``) are layout, not word spacing, and
    are left out.
    """
    gaps: list[float] = []
    last_ink: Glyph | None = None
    real_spaces = 0
    seen_space = False
    for g in frag.glyphs:
        if g.space:
            seen_space = True
            real_spaces += g.real
            continue
        if last_ink is not None and seen_space and real_spaces <= 1:
            gaps.append(g.x0 - last_ink.x1)
        last_ink, seen_space, real_spaces = g, False, 0
    return gaps


def _covered(lo: float, hi: float, neighbours: Iterable[Frag]) -> float:
    """Share of ``[lo, hi]`` that the neighbours' fragments cover."""
    spans = sorted((max(lo, f.x0), min(hi, f.x1)) for f in neighbours if f.text)
    covered, end = 0.0, lo
    for a, b in spans:
        a = max(a, end)
        if b > a:
            covered += b - a
            end = b
    return covered / (hi - lo) if hi > lo else 1.0


def _largest_hole(lo: float, hi: float, neighbours: Iterable[Frag]) -> float:
    """Widest stretch of ``[lo, hi]`` that no neighbour covers."""
    spans = sorted((max(lo, f.x0), min(hi, f.x1)) for f in neighbours if f.x1 > lo and f.x0 < hi)
    hole, end = 0.0, lo
    for a, b in spans:
        hole = max(hole, a - end)
        end = max(end, b)
    return max(hole, hi - end)


def should_merge(a: Frag, b: Frag, neighbours: list[Frag]) -> bool:
    """Whether ``b`` (right of ``a`` on the same row) continues the same visual line."""
    em = max(a.size, b.size, 1.0)
    gap = b.x0 - a.x1
    if gap <= TOUCH * em:
        return True
    if gap > MAX_JUSTIFIED_GAP * em:
        return False
    inner = word_gaps(a) + word_gaps(b)
    if inner and gap <= WORD_GAP_RATIO * statistics.median(inner) + 0.1 * em:
        return True
    return gap <= MAX_COVERED_GAP * em and _covered(a.x1, b.x0, neighbours) >= COVERAGE


def _space(x0: float, x1: float) -> Glyph:
    return Glyph(" ", x0, x1, real=False)


def merge(a: Frag, b: Frag) -> Frag:
    """One fragment from two on the same row; a space goes where a gap was."""
    em = max(a.size, b.size, 1.0)
    if b.x0 >= a.x1 - 0.1 * em:  # side by side
        glyphs = list(a.glyphs)
        if glyphs and b.glyphs and not glyphs[-1].space and not b.glyphs[0].space \
                and b.x0 - a.x1 > 0.1 * em:
            glyphs.append(_space(a.x1, b.x0))
        glyphs += b.glyphs
    else:
        # One printed inside the other: a value filled into a blank (``Số:      /UBND`` +
        # ``542`` from a signature field). The host's spaces under the value are the blank.
        host, guest = (a, b) if a.x1 - a.x0 >= b.x1 - b.x0 else (b, a)
        kept = [g for g in host.glyphs
                if not (g.space and g.x0 >= guest.x0 - 0.5 and g.x1 <= guest.x1 + 0.5)]
        cut = next((i for i, g in enumerate(kept) if (g.x0 + g.x1) / 2 >= guest.x0), len(kept))
        before, after = kept[:cut], kept[cut:]
        glyphs = list(before)
        if before and not before[-1].space:
            glyphs.append(_space(before[-1].x1, guest.x0))
        glyphs += guest.glyphs
        if after and not after[0].space:
            glyphs.append(_space(guest.x1, after[0].x0))
        glyphs += after
    tag = a.tag if a.tag == b.tag else None
    return Frag(glyphs, min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1),
                max(a.size, b.size), tag, a.box if a.box is not None else b.box)


def _neighbours(rows: list[list[Frag]], i: int) -> list[Frag]:
    row = rows[i]
    centre = sum((f.y0 + f.y1) / 2 for f in row) / len(row)
    em = max(f.size for f in row)
    out: list[Frag] = []
    for j in (i - 1, i + 1):
        if 0 <= j < len(rows):
            other = rows[j]
            oc = sum((f.y0 + f.y1) / 2 for f in other) / len(other)
            if abs(oc - centre) <= NEIGHBOUR_DISTANCE * em:
                out += other
    return out


def _evenly_spread(row: list[Frag], left: float, right: float) -> bool:
    """A justified line cut into single words: three or more pieces, equal gaps, and the
    row runs from margin to margin (a table row's cells are not evenly spaced like that)."""
    if len(row) < 3:
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:], strict=False)]
    em = max(f.size for f in row)
    return (min(gaps) > 0 and max(gaps) <= 1.15 * min(gaps) + 0.05 * em
            and max(gaps) <= MAX_JUSTIFIED_GAP * em
            and row[-1].x1 - row[0].x0 >= 0.9 * (right - left))


def merge_rows(rows: list[list[Frag]]) -> list[list[Frag]]:
    """Bridge the gaps pdfminer opened inside visual lines; keep column gutters."""
    frags = [f for row in rows for f in row]
    left = min((f.x0 for f in frags), default=0.0)
    right = max((f.x1 for f in frags), default=0.0)
    merged_rows: list[list[Frag]] = []
    for i, row in enumerate(rows):
        if _evenly_spread(row, left, right):
            line = row[0]
            for frag in row[1:]:
                line = merge(line, frag)
            merged_rows.append([line])
            continue
        neighbours = _neighbours(rows, i)
        out = [row[0]]
        for frag in row[1:]:
            if should_merge(out[-1], frag, neighbours):
                out[-1] = merge(out[-1], frag)
            else:
                out.append(frag)
        merged_rows.append(out)
    return merged_rows


# -------------------------------------------------------------- combining marks


def attach_marks(frags: list[Frag]) -> list[Frag]:
    """Put combining marks that layout analysis scattered into lines of their own back after
    the base letter they sit on (NFD PDFs; stack-notes §4)."""
    marks = [f for f in frags if f.glyphs and all(
        g.space or unicodedata.combining(g.text[0]) for g in f.glyphs)]
    if not marks:
        return frags
    rest = [f for f in frags if f not in marks]
    for mf in marks:
        for mark in (g for g in mf.glyphs if not g.space):
            centre = (mark.x0 + mark.x1) / 2
            best: tuple[float, Frag, int] | None = None
            for f in rest:
                if f.y0 - f.size > mf.y1 or f.y1 + f.size < mf.y0:
                    continue
                for k, g in enumerate(f.glyphs):
                    if g.space:
                        continue
                    d = 0.0 if g.x0 - 0.5 <= centre <= g.x1 + 0.5 else min(
                        abs(centre - g.x0), abs(centre - g.x1))
                    score = d + abs((f.y0 + f.y1) / 2 - (mf.y0 + mf.y1) / 2) * 0.1
                    if best is None or score < best[0]:
                        best = (score, f, k)
            if best is not None and best[0] <= best[1].size:
                f, k = best[1], best[2]
                while k + 1 < len(f.glyphs) and unicodedata.combining(f.glyphs[k + 1].text[0]):
                    k += 1  # after any marks already attached to that letter
                f.glyphs.insert(k + 1, Glyph(mark.text, f.glyphs[k].x1, f.glyphs[k].x1,
                                             bold=mark.bold))
    return rest


# --------------------------------------------------------------- reading order


@dataclass
class _Band:
    cols: list[list[Frag]]
    bottom: float

    def extent(self, col: list[Frag]) -> tuple[float, float]:
        return min(f.x0 for f in col), max(f.x1 for f in col)


def _hoverlap(f: Frag, lo: float, hi: float) -> float:
    return min(f.x1, hi) - max(f.x0, lo)


def _add_row(band: _Band, row: list[Frag], gap: float) -> bool:
    """Add a row to a band if each line falls in one column.

    False (the band ends) if a line spans several columns, or if every line of the row opens
    a new text block after some vertical space, or on a row of two or more new blocks: that
    is the next header row (``Số: …`` | ``…, ngày …`` under issuer | motto), which is read
    after the whole row above it.
    """
    boxes = {f.box for col in band.cols for f in col}
    if all(f.box is not None and f.box not in boxes for f in row) and (
            len(row) > 1 or gap > NEW_BLOCK_GAP * max(f.size for f in row)):
        return False
    plan: list[tuple[Frag, int | None]] = []
    for f in row:
        hits = []
        for k, col in enumerate(band.cols):
            lo, hi = band.extent(col)
            if _hoverlap(f, lo, hi) > 0.3 * min(f.x1 - f.x0, hi - lo):
                hits.append(k)
        if len(hits) > 1:
            return False
        plan.append((f, hits[0] if hits else None))
    for f, k in plan:
        if k is None:
            band.cols.append([f])
        else:
            band.cols[k].append(f)
    band.bottom = min(f.y0 for f in row)
    return True


def reading_order(rows: list[list[Frag]]) -> list[Frag]:
    """Lines in reading order: rows top to bottom; multi-column bands column by column."""
    out: list[Frag] = []
    band: _Band | None = None

    def flush() -> None:
        nonlocal band
        if band is not None:
            for col in sorted(band.cols, key=lambda c: min(f.x0 for f in c)):
                out.extend(col)
            band = None

    for row in rows:
        em = max(f.size for f in row)
        top = max(f.y1 for f in row)
        gap = band.bottom - top if band is not None else 0.0
        if band is not None and (gap > BAND_BREAK * em or not _add_row(band, row, gap)):
            flush()
        if band is None:
            if len(row) > 1:
                band = _Band([[f] for f in row], min(f.y0 for f in row))
            else:
                out.extend(row)
    flush()
    return out


def visual_lines(frags: list[Frag]) -> list[Frag]:
    """Fragments → visual lines in reading order."""
    frags = [f for f in attach_marks(frags) if f.text]
    return reading_order(merge_rows(build_rows(frags)))


# A wide gap after "Số:" / "ngày" or before "/UBND" / "tháng" is a blank left for the number
# or the day, not a column gutter.
# (Case-sensitive: "NGÃ NĂM" at the end of an issuer line is a place, not a date blank.)
_BLANK_BEFORE = re.compile(r"(?:ngày|tháng|:)$")
_BLANK_AFTER = re.compile(r"^(?:/|tháng|năm\b)")


def _words(frag: Frag) -> list[list[Glyph]]:
    words: list[list[Glyph]] = [[]]
    for g in frag.glyphs:
        if g.space:
            if words[-1]:
                words.append([])
        else:
            words[-1].append(g)
    return [w for w in words if w]


def split_gutters(frag: Frag, neighbours: Iterable[Frag] = (), factor: float = 1.5
                  ) -> list[Frag]:
    """Cut a line where a word gap is a column gutter (OCR joins header columns).

    A gap is a gutter when it is wide (``factor`` em and four typical word gaps), the words
    of the lines above and below leave a wide stretch of it empty (in a paragraph they run
    across it), and it is not a blank form field.
    """
    words = _words(frag)
    if len(words) < 2:
        return [frag]
    gaps = [b[0].x0 - a[-1].x1 for a, b in zip(words, words[1:], strict=False)]
    typical = statistics.median(gaps)
    limit = max(factor * frag.size, 4 * typical)
    near = [Frag(w, w[0].x0, f.y0, w[-1].x1, f.y1, f.size) for f in neighbours
            if f is not frag and abs((f.y0 + f.y1) / 2 - (frag.y0 + frag.y1) / 2)
            <= NEIGHBOUR_DISTANCE * max(f.size, frag.size) for w in _words(f)]
    parts: list[list[list[Glyph]]] = [[words[0]]]
    for gap, left, word in zip(gaps, words, words[1:], strict=False):
        lo, hi = left[-1].x1, word[0].x0
        if (gap > limit and _largest_hole(lo, hi, near) > max(frag.size, 2 * typical)
                and not _BLANK_BEFORE.search("".join(g.text for g in left))
                and not _BLANK_AFTER.search("".join(g.text for g in word))):
            parts.append([])
        parts[-1].append(word)
    if len(parts) == 1:
        return [frag]
    out = []
    for part in parts:
        glyphs: list[Glyph] = []
        for w in part:
            if glyphs:
                glyphs.append(_space(glyphs[-1].x1, w[0].x0))
            glyphs += w
        out.append(Frag(glyphs, glyphs[0].x0, frag.y0, glyphs[-1].x1, frag.y1, frag.size,
                        frag.tag, frag.box))
    return out
