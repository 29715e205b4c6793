"""Candidate units: the pieces of a document's body that may each be one obligation.

The contract's annotation rule and guidelines O1/O2 (``../shared/docs/annotation-guidelines.md``):
a unit is the smallest numbered or bulleted item, or else the sentence; an item with several
sentences gives one unit per sentence, except a sentence that only gives the time limit of the
one before ("Thời gian hoàn thành: trước ngày …"), which stays with it. The quote leaves out the
item marker, a leading field label ("Đối với …:", "Lưu ý:"), an inline assignee label ("Giao Sở
X:", whose body the assignee step reads from ``Unit.label``) and trailing punctuation. Footnotes,
the header, Căn cứ clauses, Nơi nhận and the signature are not in the flow.

Pure: works on the normalised text and the segmenter's ``PartSpan`` list (no spaCy), so that
training, the component and the tests read units the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ..segment import PartSpan

# Parts never in the flow, even inside the body's range. Closing sentences are candidates (closing
# formulas are optional gold; "nếu có khó khăn … báo cáo" may be a duty).
OUT_OF_FLOW = ("basis", "footnote", "noi_nhan", "signature", "kinh_gui", "subject", "doc_type")


@dataclass(frozen=True)
class Unit:
    """One candidate: ``quote`` is ``text[start:end]`` with wraps joined.

    Context for the classifier and the attribute steps: ``heading`` is the own text of the
    enclosing item (its first sentence), ``ancestors`` every enclosing item's, outermost first;
    ``lead_in`` the nearest sentence ending in ":" that introduces this unit; ``label`` an inline
    label cut off the front ("Giao Sở Tài chính", "Đối với công tác thi đua"); ``previous`` the
    sentence before it in the same item or paragraph (a subject-less continuation reads its
    assignee there, O11).
    """

    start: int
    end: int
    quote: str
    index: int = 0  # position among the document's units
    position: float = 0.0  # relative position in the body, 0 = first unit
    marker: str | None = None  # the item's marker as written ("1.", "a)", "-"), None for prose
    level: int = -1  # depth in the item tree; -1 for prose outside any item
    sentence: int = 0  # index of the sentence within its item or paragraph
    sentences: int = 1  # sentences in its item or paragraph
    heading: str = ""
    ancestors: tuple[str, ...] = ()
    lead_in: str = ""
    label: str = ""
    previous: str = ""
    closing: bool = False  # in the closing paragraph(s)
    appendix: bool = False  # in an appendix (an attached Quy định, a form)
    ends_with_colon: bool = False  # the unit itself introduces what follows (a lead-in)
    context_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    """Character ranges of the heading(s) and lead-in, for deadlines and references stated there."""


# --- sentence splitting --------------------------------------------------------------------------

# A sentence ends at ".", "!" or "?" (or "…") before a capital, a quote mark or an opening bracket.
# Not after abbreviations that take a dot ("TP. Hồ Chí Minh", "v.v.", "Tp.", "ThS."), nor after a
# single capital ("Nguyễn V. A").
_ABBREV_BEFORE_DOT = regex.compile(r"(?:\b(?:TP|Tp|tp|TS|ThS|PGS|GS|TT|Th|St|Co|v\.v|vv|Q|P|TX|TT)|\b\p{Lu})$")
_SENTENCE_END = regex.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\p{Lu}\d“\"‘(\[])")
# Ordinal openers in conclusions ("Thứ nhất, …", tvpl VPCP notices): a marker, not quote text.
_ORDINAL = regex.compile(r"^Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười(?:\s+\p{L}+)?)\s*[,:.]\s*", regex.I)
# A field or step label before a colon, at most ~14 words, at the start of a unit:
# "Đối với các sở, ngành:", "Lưu ý:", "Nội dung thực hiện:", "Giao Sở Tài chính:", "Bước 1:".
_LABEL = regex.compile(r"^(?P<label>[^:;.\n“\"]{2,120}?)\s*:\s+(?=\S)")
# "Các Bộ:", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:" before a list of
# names is the subject of the sentence, not a label (tvpl-010, tvpl-011, tvpl-012: VPCP dispatches).
_CLASS_LIST = regex.compile(r"(?i:các)\s+(?:Bộ|bộ|tỉnh|thành\s+phố|Sở|sở|ngành|Quân\s+khu)\b[^:]*$")
_STEP = regex.compile(r"^Bước\s+\d+\s*[.:]\s*", regex.I)
# A label never begins with these: they open a sentence whose colon introduces a list of its own
# ("UBND tỉnh yêu cầu các cơ quan: …" keeps its words; its body is the unit).
_NOT_LABEL_START = regex.compile(r"^(?:Căn\s+cứ|Theo|Thực\s+hiện|Trong\s+đó|Ví\s+dụ|Tại)\b", regex.I)
# "Thời gian (hoàn thành|thực hiện): …" only gives the time of the task before it (O1).
_TIME_ONLY = regex.compile(r"^(?:Thời\s+gian|Thời\s+hạn|Hạn)\s*(?:hoàn\s+thành|thực\s+hiện|báo\s+cáo|gửi)?\s*:", regex.I)
_TRAILING = regex.compile(r"[\s.;:,/]+$")
_MARKER_LINE_START = regex.compile(
    r"^(?:[IVXLC]{1,6}\s*[.)/]|\d{1,2}(?:\.\d{1,2}){0,2}\s*[.)]|[a-zđ]\s*[).]|[-–—•+*])\s*"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of the sentences of one paragraph (no newline inside)."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip("\"”’)")
        head = before[:-1] if before.endswith(".") else ""
        if head and _ABBREV_BEFORE_DOT.search(head):
            continue
        if before.endswith("...") and not text[m.end() : m.end() + 1].isupper():
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, a leading marker and trailing punctuation off [start, end)."""
    while start < end and text[start].isspace():
        start += 1
    m = _TRAILING.search(text, start, end)
    if m:
        end = m.start()
    return start, max(start, end)


def joined(text: str) -> str:
    """Wraps joined: every run of whitespace (newlines included) becomes one space."""
    return " ".join(text.split())


# --- blocks: the item tree and prose paragraphs ---------------------------------------------------


@dataclass
class _Block:
    start: int
    end: int
    marker: str | None
    level: int
    parent: int | None  # index into blocks
    closing: bool = False
    appendix: bool = False
    own: str = ""  # first sentence without marker, for children's context


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs of [start, end): lines joined when the first does not end a sentence or the
    next starts in lower case (crawled texts wrap mid-sentence: "Thủ tướng Chính phủ Phạm" ⏎
    "Minh Chính", tvpl-006)."""
    out: list[list[int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        stripped = line.strip()
        if not stripped:
            continue
        s = line_start + len(line) - len(line.lstrip())
        e = s + len(stripped)
        if out:
            prev = text[out[-1][0] : out[-1][1]]
            continues = not prev.rstrip().endswith((".", ":", ";", "!", "?", "./.")) or stripped[:1].islower()
            if continues and not _MARKER_LINE_START.match(stripped):
                out[-1][1] = e
                continue
        out.append([s, e])
    return [(s, e) for s, e in out]


def _blocks(text: str, parts: Sequence[PartSpan]) -> list[_Block]:
    """Items (own text only: an item's span never covers its children), closing paragraphs and
    prose paragraphs of the body and the appendices, in text order."""
    regions = [(p.start, p.end, p.label == "appendix") for p in parts if p.label in ("body", "appendix")]
    excluded = [(p.start, p.end) for p in parts if p.label in OUT_OF_FLOW]

    def in_appendix(pos: int) -> bool:
        return any(s <= pos < e and app for s, e, app in regions)

    entries: list[tuple[_Block, int | None, int | None]] = []  # block, part index, parent part
    covered: list[tuple[int, int]] = []
    for i, p in enumerate(parts):
        if p.label == "item":
            block = _Block(p.start, p.end, p.marker, p.level or 0, None, appendix=in_appendix(p.start))
            entries.append((block, i, p.parent))
        elif p.label == "closing":
            entries.append((_Block(p.start, p.end, None, -1, None, closing=True), None, None))
        else:
            continue
        covered.append((p.start, p.end))
    prose: list[_Block] = []
    for r_start, r_end, app in regions:
        pos = r_start
        for line in text[r_start:r_end].split("\n"):
            s, e = pos, pos + len(line)
            pos = e + 1
            if not line.strip() or any(cs <= s < ce or cs < e <= ce for cs, ce in covered + excluded):
                continue
            s += len(line) - len(line.lstrip())
            e = s + len(line.strip())
            prev = prose[-1] if prose else None
            if prev is not None and text[prev.end : s].count("\n") == 1 and _wraps(text[prev.start : prev.end], line.strip()):
                prev.end = e
                continue
            prose.append(_Block(s, e, None, -1, None, appendix=app))
    entries.extend((b, None, None) for b in prose)
    entries.sort(key=lambda t: t[0].start)
    index_of_part = {part: k for k, (_, part, _) in enumerate(entries) if part is not None}
    for block, _part, parent in entries:
        block.parent = index_of_part.get(parent) if parent is not None else None
    return [b for b, _, _ in entries]


def _wraps(previous: str, line: str) -> bool:
    """``line`` continues the paragraph ``previous`` (a wrap, not a new paragraph)."""
    if _MARKER_LINE_START.match(line):
        return False
    return not previous.rstrip().endswith((".", ":", ";", "!", "?")) or line[:1].islower()


# --- units ---------------------------------------------------------------------------------------


def _strip_marker(text: str, start: int, end: int, marker: str | None) -> int:
    """Offset after the item marker (and an ordinal opener) at ``start``."""
    s = start
    if marker:
        seg = text[s:end]
        idx = seg.find(marker)
        if 0 <= idx <= 2:
            s += idx + len(marker)
            while s < end and text[s] in ".):/ \t":
                s += 1
    m = _ORDINAL.match(text[s:end])
    if m:
        s += m.end()
    return s


def _label(text: str, start: int, end: int) -> tuple[int, str]:
    """An inline label at ``start`` ("Lưu ý:", "Giao Sở X:", "Bước 1."), as (new start, label)."""
    sentence = text[start:end]
    m = _STEP.match(sentence)
    if m:
        return start + m.end(), joined(sentence[: m.end()]).rstrip(".: ")
    m = _LABEL.match(sentence)
    if not m or _NOT_LABEL_START.match(m.group("label")) or _TIME_ONLY.match(sentence):
        return start, ""
    label = joined(m.group("label"))
    if len(label.split()) > 14 or _CLASS_LIST.search(label) and sentence[m.end() : m.end() + 1].isupper():
        return start, ""  # "Các Bộ: Quốc phòng, Công an chủ động …": a class and its list, no label
    return start + m.end(), label


def _first_sentence(text: str, start: int, end: int, marker: str | None) -> str:
    s = _strip_marker(text, start, end, marker)
    paragraphs = _paragraphs(text, s, end)
    para = text[paragraphs[0][0] : paragraphs[0][1]].replace("\n", " ") if paragraphs else ""
    spans = split_sentences(para)
    first = para[spans[0][0] : spans[0][1]] if spans else para
    return joined(first).rstrip(" .;")


def find_units(text: str, parts: Sequence[PartSpan]) -> list[Unit]:
    """The candidate units of a document, in text order (see the module docstring)."""
    blocks = _blocks(text, parts)
    for b in blocks:
        b.own = _first_sentence(text, b.start, b.end, b.marker)
    raw: list[dict] = []
    last_lead: dict[int | None, tuple[str, tuple[int, int]]] = {}  # parent block → lead-in
    for k, b in enumerate(blocks):
        ancestors: list[_Block] = []
        p = b.parent
        while p is not None and len(ancestors) < 8:
            ancestors.append(blocks[p])
            p = blocks[p].parent
        ancestors.reverse()
        heading = ancestors[-1].own if ancestors else ""
        context = [(a.start, a.start + len(a.own) + 8) for a in ancestors]
        lead_text, lead_span = last_lead.get(b.parent, ("", (0, 0)))
        if not lead_text and ancestors and ancestors[-1].own.endswith(":"):
            lead_text = ancestors[-1].own
        if lead_span != (0, 0):
            context.append(lead_span)
        body_start = _strip_marker(text, b.start, b.end, b.marker)
        sentences: list[tuple[int, int]] = []
        for ps, pe in _paragraphs(text, body_start, b.end):
            para = text[ps:pe]
            for ss, se in split_sentences(para.replace("\n", " ")):
                sentences.append((ps + ss, ps + se))
        # a time-only sentence stays with the task before it (O1)
        merged: list[list[int]] = []
        for ss, se in sentences:
            if merged and _TIME_ONLY.match(text[ss:se]):
                merged[-1][1] = se
            else:
                merged.append([ss, se])
        previous = ""
        for j, (ss, se) in enumerate(merged):
            s, label = _label(text, ss, se)
            s, e = _clean_span(text, s, se)
            if e - s < 3:
                if label:  # the whole sentence is a label ("Giao Phòng Nội vụ:")
                    s, e = _clean_span(text, ss, se)
                    label = ""
                else:
                    continue
            quote = joined(text[s:e])
            colon = text[ss:se].rstrip().endswith(":")
            raw.append(
                dict(
                    start=s, end=e, quote=quote, marker=b.marker, level=b.level, sentence=j,
                    sentences=len(merged), heading=heading, ancestors=tuple(a.own for a in ancestors),
                    lead_in=lead_text, label=label, previous=previous, closing=b.closing,
                    appendix=b.appendix, ends_with_colon=colon, context_spans=tuple(context),
                )
            )
            previous = quote
            if colon:
                # this sentence introduces what follows: its own children, and later prose
                # sentences or items at the same level
                last_lead[k] = (quote, (s, e))
                last_lead[b.parent] = (quote, (s, e))
    n = len(raw)
    return [Unit(index=i, position=i / max(1, n - 1), **r) for i, r in enumerate(raw)]
