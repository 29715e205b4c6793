"""Stage 2: raw extracted text → the normalised text every later stage sees.

``clean_text(raw, steps)`` runs named steps in order (``CLEANERS``); each is a function
``MappedText -> MappedText`` so offsets into the raw text survive (see ``nlp.mapped``). The
legacy-encoding repair runs first and separately because it changes what the raw text *means*.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import regex
import viparse

from .mapped import MappedText
from .types import CleanText

Step = Callable[[MappedText], MappedText]

L = r"\p{Ll}"  # lower-case letter (Vietnamese included)
U = r"\p{Lu}"


def _re(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags | regex.V1)


# --- character-level steps --------------------------------------------------------------


def nfc(t: MappedText) -> MappedText:
    """NFC per character cluster, keeping offsets (NFD input comes from macOS and some PDFs)."""
    if unicodedata.is_normalized("NFC", t.text):
        return t
    t = t.sub(_re(r"\P{M}\p{M}+"), lambda m: unicodedata.normalize("NFC", m.group(0)))
    if unicodedata.is_normalized("NFC", t.text):
        return t
    # what is left composes without marks (U+F900 豈 → 豈, Hangul jamo): per grapheme cluster
    return t.sub(_re(r"\X"), lambda m: unicodedata.normalize("NFC", m.group(0)))


_CHAR_FOLDS = {
    "\u00d0": "\u0110",  # Icelandic eth from legacy converters → Vietnamese Đ (domain §2)
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200b": "", "\ufeff": "",
    "\u00ad": "",  # soft hyphen
    "\r": "",
}  # fmt: skip
_CHAR_FOLD_RE = _re("[" + "".join(_CHAR_FOLDS) + "]")


def fold_chars(t: MappedText) -> MappedText:
    return t.sub(_CHAR_FOLD_RE, lambda m: _CHAR_FOLDS[m.group(0)])


# Tone marks: the "new" placement (hoà, uỷ) becomes the "old" one (hòa, ủy) that the contract
# and most state documents use. Only open syllables with glide o/u change (domain §8): the mark
# moves from the second vowel to the first, which keeps the length (and so the offsets).
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def _move_tone(pair: str) -> str:
    glide, vowel = pair[0], unicodedata.normalize("NFD", pair[1])
    base, marks = vowel[0], "".join(c for c in vowel[1:] if c in _TONES)
    rest = "".join(c for c in vowel[1:] if c not in _TONES)
    return unicodedata.normalize("NFC", glide + marks) + unicodedata.normalize("NFC", base + rest)


_NEW_TONE_RE = _re(
    r"(?<!\p{L})\p{L}*?(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\p{L})"
)


def unify_tone_marks(t: MappedText) -> MappedText:
    def repl(m: regex.Match[str]) -> str:
        word = m.group(0)
        if word[-3:-2] in ("q", "Q"):  # "quý", "quả": the u belongs to qu-, nothing moves
            return word
        return word[:-2] + _move_tone(word[-2:])

    return t.sub(_NEW_TONE_RE, repl)


# --- markup -----------------------------------------------------------------------------

_MD_HEADING_RE = _re(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
_MD_EMPHASIS_RE = _re(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?m)^\*{1,3}[ \t]*$|(?<!\w)__(?=\S)|(?<=\S)__(?!\w)")
_MD_LINK_RE = _re(r"\[([^\]\n]{1,300})\]\((?:https?|mailto):[^)\s]{1,500}\)")
_MD_ESCAPE_RE = _re(r"\\(?=[\\`*_{}\[\]()#+\-.!|])")
_RULE_LINE_RE = _re(r"(?m)^[ \t]*[-_=*]{3,}[ \t]*$")
_SUP_MARK_RE = _re(r"<sup>\s*\d{1,3}\s*</sup>")


def strip_markup(t: MappedText) -> MappedText:
    """Drop markdown markers, HTML footnote marks and ``-----`` rules, keeping their text."""
    t = _move_footnote_bodies(t)
    for pattern, repl in (
        (_MD_LINK_RE, r"\1"),
        (_MD_HEADING_RE, ""),
        (_MD_EMPHASIS_RE, ""),
        (_MD_ESCAPE_RE, ""),
        (_RULE_LINE_RE, ""),
        (_SUP_MARK_RE, ""),
    ):
        t = t.sub(pattern, repl)
    return t


# Footnote bodies printed in the flow ("<sup>1</sup> Sáng kiến …" in seed 003, between the two
# halves of item 9's sentence) move to the end, so the interrupted sentence can be joined.
_FOOTNOTE_BODY_RE = _re(r"(?m)^[ \t]*<sup>\s*(\d{1,3})\s*</sup>[ \t]*(\S[^\n]*)\n?")


def _move_footnote_bodies(t: MappedText) -> MappedText:
    bodies = list(_FOOTNOTE_BODY_RE.finditer(t.text))
    if not bodies:
        return t
    kept_text: list[str] = []
    kept_offsets: list[int] = []
    tail_text: list[str] = []
    tail_offsets: list[int] = []
    last = 0
    for m in bodies:
        kept_text.append(t.text[last : m.start()])
        kept_offsets.extend(t.offsets[last : m.start()])
        body_start, body_end = m.start(2), m.end(2)
        # keep the number as "1 " in front of the body so the footnote stays identifiable
        num = m.group(1) + " "
        tail_text.append("\n" + num + t.text[body_start:body_end])
        tail_offsets.extend([t.offsets[m.start(1)]] * (len(num) + 1) + t.offsets[body_start:body_end])
        last = m.end()
    kept_text.append(t.text[last:])
    kept_offsets.extend(t.offsets[last:])
    end_marker = "\n" + FOOTNOTES_HEADING
    anchor = t.offsets[-1] if t.offsets else 0
    text = "".join(kept_text).rstrip("\n") + end_marker + "".join(tail_text) + "\n"
    body = "".join(kept_text).rstrip("\n")
    offsets = kept_offsets[: len(body)] + [anchor] * len(end_marker) + tail_offsets + [anchor]
    return MappedText(text, offsets)


FOOTNOTES_HEADING = "Chú thích:"  # heading under which footnote bodies are gathered


# --- layout -----------------------------------------------------------------------------

_COLUMN_GAP_RE = _re(r"\S(?:\t+| {3,})\S")
_CELL_MAX = 75  # header and footer cells are short; a longer side means prose, not columns
BLOCK_ZONE = 45  # columns are looked for in the first and in the last lines only


def _gap(line: str) -> regex.Match[str] | None:
    m = _COLUMN_GAP_RE.search(line)
    if m and line[m.end() - 1] in "/-–":  # "Số:  542      /TB-UBND": a filled-in field, one cell
        return None
    if m and len(line[: m.start() + 1].strip()) <= _CELL_MAX and len(line[m.end() - 1 :].strip()) <= _CELL_MAX:
        return m
    return None


def split_layout_columns(t: MappedText) -> MappedText:
    """Two-column blocks laid out side by side (``pdftotext -layout``, antiword tables): the
    header (``ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI …``) and the footer (``Nơi nhận:   TM. ỦY BAN``)
    become the left column's lines, then the right column's. A row with one cell goes to the
    column its indentation points at.
    """
    lines = t.text.split("\n")
    n = len(lines)
    zone = set(range(min(BLOCK_ZONE, n))) | set(range(max(0, n - BLOCK_ZONE), n))
    gapped = [i for i in sorted(zone) if lines[i].strip() and _gap(lines[i].strip())]
    if not gapped:
        return t
    blocks: list[list[int]] = [[gapped[0]]]
    for i in gapped[1:]:
        if i - blocks[-1][-1] <= 3:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    text, offsets, done = [], [], 0
    for block in blocks:
        first, last = block[0], block[-1]
        # extend the footer block downwards over one-cell rows (the signer's name)
        while last + 1 < n and lines[last + 1].strip() and last + 1 - block[-1] <= 4 and first > n // 2:
            last += 1
        cut = min(_gap(lines[i].strip()).end() - 1 + len(lines[i]) - len(lines[i].lstrip()) for i in block)
        left, right = [], []
        for i in range(first, last + 1):
            line, base = lines[i], starts[i]
            stripped_at = len(line) - len(line.lstrip())
            m = _gap(line.strip())
            if m:
                left.append((base + stripped_at, base + stripped_at + m.start() + 1))
                right.append((base + stripped_at + m.end() - 1, base + len(line)))
            elif line.strip():
                (right if stripped_at >= cut - 4 else left).append((base + stripped_at, base + len(line)))
        text.append(t.text[done : starts[first]])
        offsets.extend(t.offsets[done : starts[first]])
        for a, b in left + right:
            text.append(t.text[a:b] + "\n")
            offsets.extend(t.offsets[a:b] + [t.offsets[max(a, b - 1)]])
        done = min(starts[last] + len(lines[last]) + 1, len(t.text))
    text.append(t.text[done:])
    offsets.extend(t.offsets[done:])
    return MappedText("".join(text), offsets)


# Readers that go row by row (OCR, some PDF layouts) glue the two header columns into one line:
# "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 542 /TB-UBND Quảng Ngãi, ngày 06 …"
# (Quảng Ngãi signed PDFs and scans, Phú Thọ scans). A line break goes back before the right cell.
_GLUED_MOTTO_RE = _re(r"(?<=\S)[ \t]+(?=(?:CỘNG\s+H[OÒ][AÀ]\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT|Độc\s+lập\s*[-–]\s*Tự\s+do)\b)")
_GLUED_PLACE_DATE_RE = _re(
    r"(?m)^([ \t]*Số\b[^\n]{0,40}?/[^\s\n]{2,30})[ \t]+(?=\p{Lu}[\p{L} .'-]{1,40},\s*ngày\b)"
)
# ... and the footer's: "Nơi nhận: TM. CHÍNH PHỦ" (OCR of Government resolutions and UBND scans)
_GLUED_AUTHORITY_RE = _re(r"(?<=\S)[ \t]+(?=(?:TM|KT|TL|TUQ|T/M|K/T)\.?[ \t]+\p{Lu}{2,})")
HEADER_CHARS = 1500  # the header sits in the first lines
FOOTER_CHARS = 4000  # the signature block in the last ones


def split_glued_header_cells(t: MappedText) -> MappedText:
    cut = max(HEADER_CHARS, len(t.text) - FOOTER_CHARS)
    head = MappedText(t.text[:HEADER_CHARS], t.offsets[:HEADER_CHARS])
    middle = MappedText(t.text[HEADER_CHARS:cut], t.offsets[HEADER_CHARS:cut])
    foot = MappedText(t.text[cut:], t.offsets[cut:])
    head = head.sub(_GLUED_MOTTO_RE, "\n").sub(_GLUED_PLACE_DATE_RE, lambda m: m.group(1) + "\n")
    foot = foot.sub(_GLUED_AUTHORITY_RE, "\n")
    return MappedText(head.text + middle.text + foot.text, head.offsets + middle.offsets + foot.offsets)


_TRAILING_WS_RE = _re(r"[ \t]+(?=\n)|[ \t]+\Z")
_LEADING_WS_RE = _re(r"(?m)^[ \t]+")
_INNER_WS_RE = _re(r"[ \t]{2,}")
_FORMFEED_RE = _re(r"\f")


def tidy_whitespace(t: MappedText) -> MappedText:
    t = t.sub(_FORMFEED_RE, "\n")
    t = t.sub(_TRAILING_WS_RE, "")
    t = t.sub(_LEADING_WS_RE, "")
    return t.sub(_INNER_WS_RE, " ")


# "QĐ-\nUBND", "UBND-\nNV": a symbol broken after its hyphen is rejoined without a space, while
# "kinh tế -\nxã hội" (a spaced hyphen in prose) keeps its space (domain §8).
_SYMBOL_BREAK_RE = _re(rf"(?<=[{U}\d][{U}\p{{Ll}}\d]*-)\n+(?=[{U}\d])")
# "Số:" then the number/symbol on the next line, or "số\n828/UBND-HC" inside the body
_GLUED_WORD_RE = _re(rf"(?<=(?<![\p{{L}}\d])[{L}]{{2,}})(?=[{U}][{L}])")


def rejoin_symbols(t: MappedText) -> MappedText:
    return t.sub(_SYMBOL_BREAK_RE, "")


def split_glued_words(t: MappedText) -> MappedText:
    """``Ủy ban nhân dânThành phố`` → ``… dân Thành phố`` (a missing space at a PDF line join).

    Only a whole lower-case word followed by a capitalised one: symbols such as ``QĐi``,
    ``TTg``, ``BKHCN`` start upper-case and are left alone.
    """
    return t.sub(_GLUED_WORD_RE, " ")


_LIST_MARKER = (
    r"(?:[-+•–*]\s|\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s|[a-zđ]\)\s|[IVXLC]{1,6}[.)]\s|"
    r"(?:Điều|Chương|Mục|Phần|Khoản|Bước)\s+[\dIVXLC]+|Căn cứ\b|Kính gửi|Nơi nhận|Số\s*:)"
)
_LIST_MARKER_RE = _re(_LIST_MARKER)
_HEADER_LINE_RE = _re(
    r"^(?:CỘNG H[OÒ][ÀA]|ĐỘC LẬP|Độc lập\s*-|ĐẢNG CỘNG SẢN|Số\s*:|.{2,40},\s*ngày\b|V/v\b|Kính gửi|"
    r"Đồng kính gửi|Nơi nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.\s)",
)
_END_OF_PARAGRAPH_RE = _re(r"[.:;!?…]\s*[\"”’»)]?$|\./\.$")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def join_wrapped_lines(t: MappedText) -> MappedText:
    """Join hard line wraps inside a paragraph with one space (PDF text, crawled markdown).

    A line continues the previous one unless the previous ends a sentence or clause
    (``.`` ``:`` ``;``), either line is an all-caps header line or a header component (motto,
    ``Số:``, place-date, ``Kính gửi``), or the next starts a list item. Blank lines between the
    two do not stop a join when the next line starts in lower case (seed 000 puts a blank line
    after every visual line) or the previous line is as long as the page's full lines.
    """
    lines = t.text.split("\n")
    widths = sorted(len(x) for x in lines if x.strip())
    full_width = widths[int(len(widths) * 0.9)] if widths else 0
    # where each line starts in t.text
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1

    joins: list[tuple[int, int]] = []  # (start, end) of the "\n…\n" run to replace by " "
    prev = None  # index of the last non-blank line
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if prev is not None and _continues(lines[prev], line, blank_between=i - prev > 1,
                                           full_width=full_width):
            joins.append((starts[prev] + len(lines[prev]), starts[i]))
        prev = i
    if not joins:
        return t
    spans = {start: end for start, end in joins}
    pattern = _re(r"\n(?:[ \t]*\n)*")

    def repl(m: regex.Match[str]) -> str:
        return " " if spans.get(m.start()) == m.end() else m.group(0)

    return t.sub(pattern, repl)


_NUMBER_LABEL_RE = _re(r"^Số\s*:?$")


def _continues(prev: str, line: str, *, blank_between: bool, full_width: int) -> bool:
    p, n = prev.strip(), line.strip()
    if _NUMBER_LABEL_RE.match(p):  # "Số:" ⏎ "103/2025/QĐ-UBND"
        return n[:1].isdigit() or n[:1] == "/"
    if _END_OF_PARAGRAPH_RE.search(p) or _LIST_MARKER_RE.match(n):
        return False
    # a caps line that starts with a digit is a number/symbol continuing a wrap ("Nghị định" ⏎ "136/2025/NĐ-CP")
    n_caps = _is_caps(n) and not n[:1].isdigit()
    if _is_caps(p) or n_caps or _HEADER_LINE_RE.match(p) or _HEADER_LINE_RE.match(n):
        # header blocks are joined by the segmenter, which knows their parts; but a
        # lower-case continuation of V/v / place-date lines is a wrap ("Hà Nội, ngày 25" ⏎ "tháng 11")
        return bool(_HEADER_LINE_RE.match(p)) and not _is_caps(p) and (n[:1].islower() or n[:1].isdigit())
    first = n[:1]
    if first.islower() or first.isdigit() or first in "(\"“":
        return True
    # an upper-case start continues a line that ran to the page's full width
    return len(p) >= 0.8 * full_width and p[-1:] not in ")"


_BLANK_RUN_RE = _re(r"\n{2,}")
_EDGE_NL_RE = _re(r"\A\n+|\n+\Z")


def collapse_blank_lines(t: MappedText) -> MappedText:
    return t.sub(_BLANK_RUN_RE, "\n").sub(_EDGE_NL_RE, "")


CLEANERS: dict[str, Step] = {
    "nfc": nfc,
    "fold_chars": fold_chars,
    "unify_tone_marks": unify_tone_marks,
    "strip_markup": strip_markup,
    "split_layout_columns": split_layout_columns,
    "split_glued_header_cells": split_glued_header_cells,
    "tidy_whitespace": tidy_whitespace,
    "rejoin_symbols": rejoin_symbols,
    "join_wrapped_lines": join_wrapped_lines,
    "split_glued_words": split_glued_words,
    "collapse_blank_lines": collapse_blank_lines,
}

DEFAULT_STEPS: tuple[str, ...] = tuple(CLEANERS)


def fix_legacy_encoding(raw: str) -> tuple[MappedText, str | None]:
    """Detect TCVN3 (ABC) or VNI text and convert it, line by line so offsets stay near."""
    encoding = viparse.detect_text_encoding(raw[:20000]) if raw else None
    if encoding not in ("tcvn3", "vni"):
        return MappedText(raw), None
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for line in raw.split("\n"):
        fixed = viparse.fix(line, encoding=encoding) if line.strip() else line
        pieces.append(fixed)
        # a converted character maps to the raw character at the same position, capped
        offsets.extend(pos + min(i, max(len(line) - 1, 0)) for i in range(len(fixed)))
        pieces.append("\n")
        offsets.append(pos + len(line))
        pos += len(line) + 1
    text = "".join(pieces)[:-1]
    offsets = offsets[:-1]
    # TCVN3 upper-case headings were typed in lower-case codes (domain §8): left as converted;
    # matching downstream is case-insensitive.
    return MappedText(text, offsets), encoding


def clean_text(raw: str, steps: Iterable[str | Step] = DEFAULT_STEPS) -> CleanText:
    """Normalise ``raw``: legacy encodings, then each named (or given) step in order."""
    mapped, encoding = fix_legacy_encoding(raw)
    for step in steps:
        fn = CLEANERS[step] if isinstance(step, str) else step
        mapped = fn(mapped)
    return CleanText(text=mapped.text, raw_offsets=mapped.offsets, encoding_fixed=encoding)
