"""Legal references: every instrument a document cites (contract ``references``).

Three steps, in eyecite's find → resolve → annotate style (``shared/docs/style-models.md`` §1):

- ``find(text, context)`` locates mentions with the patterns of ``legal_ref_patterns``: numbered
  citations ("Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định …"), instruments
  cited by name ("Luật Thi đua, Khen thưởng"), and anaphora ("Nghị định nêu trên"); each mention
  carries what the text says right around it (type word, date, issuer as written, title, pinpoint).
- ``resolve(mentions, context, text)`` groups mentions into instruments (one entry per
  instrument, in first-mention order), decides each entry's relation to the document, and names
  its issuer (``legal_ref_issuers``).
- ``set_annotations(doc, references, groups)`` writes ``doc.spans["references"]`` (one span per
  mention, labelled with the type code) and ``doc._.references`` (contract ``Reference`` objects).

The component ``vanban_legal_refs`` goes after ``vanban_metadata``: it needs the parts (the
header's number line, where the body starts) and the metadata (the document's own number and
type, which are never references of their own, and its issuer and place, which complete "UBND
tỉnh" into "Ủy ban nhân dân tỉnh Lạng Sơn").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import regex
from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..contract import Mention as ContractMention
from ..contract import Metadata, Reference
from ..tokenizer import doc_text
from . import legal_ref_patterns as P
from .dates import parse_date
from .legal_ref_issuers import canonical_issuer, own_units, symbol_issuer, symbol_type

REFERENCES_KEY = "references"  # doc.spans key of the mention spans, labelled with the type code
DOC_EXTENSION = "references"  # doc._.references: list[contract Reference], first-mention order

NUMBERED, NAMED, ANAPHOR = "numbered", "named", "anaphor"
TITLE_SIMILARITY = 90  # rapidfuzz ratio above which two names of an instrument are one name
BEFORE_WINDOW = 300  # characters looked at before a number for its type word or law name
MAX_LEAD_LINES = 8  # header/title lines the segmenter may leave above the "Căn cứ" clauses

# When mentions of one instrument disagree, the strongest relation wins: an instrument in a
# "Căn cứ" clause that is also cited in the body is a basis (guidelines R7); one cited in item 1
# and attached at the end is attached (seed 003, 1123/UBND-NV).
RELATION_PRIORITY = ("basis", "amends", "replaces", "attached", "implements", "cites")


# --- values passed between the steps ------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the steps need to know about the document itself (``context_of`` reads it)."""

    own_number_symbol: str | None = None  # never a reference (guidelines R2)
    own_type: str | None = None  # "Quyết định này" is a self-reference in a decision
    skip_spans: tuple[tuple[int, int], ...] = ()  # the header's number line
    basis_spans: tuple[tuple[int, int], ...] = ()  # the opening "Căn cứ …;" clauses
    own_units: tuple[tuple[str, str], ...] = ()  # ("huyện", "Cao Lộc"), ("province", "tỉnh …")
    body_start: int = 0  # a bare number above the body is the header's own

    @property
    def units(self) -> Mapping[str, str]:
        return dict(self.own_units)


@dataclass(frozen=True)
class FoundMention:
    """One mention of an instrument, with what the text says around it."""

    start: int  # span of the mention: type word … symbol, or the name
    end: int
    kind: str  # NUMBERED | NAMED | ANAPHOR
    type: str | None  # contract code (None: an anaphor of any type, "văn bản nêu trên")
    number_symbol: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    date: str | None = None
    issuer: str | None = None  # as written after the number ("… của UBND tỉnh")
    issuer_before: str | None = None  # as written before it ("… của Bộ Tài chính tại Công văn …")
    pinpoint: str | None = None
    year: str | None = None  # "Luật Đất đai năm 2024"
    tail_end: int = 0  # end of the date, issuer and title that follow
    note: str | None = None  # a parenthesis after the title: "(bản chụp được gửi kèm theo)"

    def __repr__(self) -> str:  # short, for readable test diffs
        return f"<{self.kind} {self.type} {self.number_symbol or self.title!r} @{self.start}>"


@dataclass(frozen=True)
class _Head:
    """What stands before a number: the type word (or a law's name), and whether the number only
    continues a list."""

    start: int
    type: str
    number_symbol: str
    title: str | None = None
    title_span: tuple[int, int] | None = None
    date: str | None = None
    in_list: bool = False


@dataclass(frozen=True)
class _Tail:
    """What a citation says after its number: date, issuer (as written) and title."""

    end: int
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    note: str | None = None


@dataclass
class _Entry:
    """One instrument while resolving: its mentions and the relation each of them states."""

    mentions: list[FoundMention] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)


# --- text preparation ----------------------------------------------------------------------


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def soften_breaks(text: str, start: int = 0) -> str:
    """Line breaks inside a sentence (from ``start`` on) become spaces; the length is kept, so
    offsets hold.

    Why: normalisation keeps a break where the source had a page break or an unusual wrap, and a
    citation runs across it ("… của Thủ tướng" ⏎ "Chính phủ về việc …" seed 002; "Căn cứ Luật Tổ
    chức" ⏎ "Chính phủ ngày 18 tháng 02 năm 2025;" tvpl-013). A break stays after ``. ; : ! ?``
    (a closing quote after them too), around all-caps lines, and before a list marker or a new
    clause ("Căn cứ", "Thực hiện", "Điều 2").
    """
    chars = list(text)
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        prev = line.rstrip().rstrip('”"’»)')
        nxt = lines[i + 1].lstrip()
        if (
            pos >= start
            and prev
            and nxt
            and prev[-1] not in ".;:!?"
            and not _is_caps(prev)
            and not _is_caps(nxt)
            and not P.HARD_LINE_START.match(nxt)
        ):
            chars[pos] = " "
        pos += 1
    return "".join(chars)


def normalise_number_symbol(value: str) -> str:
    """As written, spaces removed, a trailing dot dropped (contract, references)."""
    return P.WHITESPACE.sub("", value or "").rstrip(".")


def _fold_title(value: str | None) -> str:
    return " ".join(P.PUNCTUATION.sub(" ", (value or "").casefold()).split())


def _same_title(a: str, b: str) -> bool:
    """Folded titles that name the same instrument, typos and OCR slips allowed ("Tô chức Chính
    quyền địa phương" = "Tổ chức chính quyền địa phương", qngai-009); the numbers in them must
    agree ("… thường kỳ tháng 9 năm 2025" is not "… tháng 10 năm 2025", tvpl-026)."""
    if a == b:
        return True
    if P.DIGITS.findall(a) != P.DIGITS.findall(b) or min(len(a), len(b)) < 8:
        return False
    return fuzz.ratio(a, b) >= TITLE_SIMILARITY


def _symbol_year(number_symbol: str | None) -> str | None:
    m = P.YEAR_IN_SYMBOL.search(number_symbol or "")
    return m.group("year") if m else None


# --- find ---------------------------------------------------------------------------------


def find(text: str, context: Context = Context()) -> list[FoundMention]:
    """All mentions of instruments in ``text`` (normalised text), in text order."""
    work = soften_breaks(text, start=context.body_start)
    numbered = list(_find_numbered(work, context))
    starts = {n.start for n in numbered}
    # a name that heads a numbered citation ("Luật X số 06/2022/QH15") is no mention of its own
    named = [m for m in _find_named(work) if m.start not in starts]
    anaphora = list(_find_anaphora(work, context))
    return sorted(numbered + named + anaphora, key=lambda m: (m.start, -m.end))


# numbered citations ---------------------------------------------------------------------------


def _find_numbered(work: str, context: Context) -> Iterable[FoundMention]:
    previous: FoundMention | None = None  # the last mention not inside another's title
    for m in P.NUMBER_SYMBOL.finditer(work):
        head = _citation_head(work, m, context, previous)
        if head is None:
            continue
        tail = _read_tail(work, m.end())
        issuer_before = _issuer_before(work, head.start)
        if issuer_before is None and previous and _continues_list(work, previous, head.start):
            # "… của Thường trực HĐND tỉnh tại các Công văn: số 87/…, số 208/…" (qngai-011)
            issuer_before = previous.issuer_before
        mention = FoundMention(
            start=head.start, end=m.end(), kind=NUMBERED, type=head.type,
            number_symbol=head.number_symbol, title=head.title or tail.title,
            title_span=head.title_span if head.title else tail.title_span,
            date=tail.date or head.date, issuer=tail.issuer, issuer_before=issuer_before,
            pinpoint=_pinpoint_before(work, head.start), tail_end=tail.end, note=tail.note,
        )  # fmt: skip
        if previous is None or not _within(mention.start, previous.title_span):
            previous = mention
        yield mention


def _citation_head(
    work: str, m: regex.Match[str], context: Context, previous: FoundMention | None
) -> _Head | None:
    """The head of the citation whose number ``m`` is, or None when the number is no citation:
    the document's own number, a form number, its own annex heading."""
    s = m.start()
    number_symbol = normalise_number_symbol(m.group(0))
    own = normalise_number_symbol(context.own_number_symbol or "")
    if any(a <= s < b for a, b in context.skip_spans) or (own and number_symbol == own):
        return None
    before = work[max(0, s - BEFORE_WINDOW) : s]
    if P.FORM_BEFORE.search(before):
        return None
    offset = s - len(before)
    tw = P.TYPE_BEFORE.search(before)
    if (
        tw
        and tw.group("tw").casefold() == "luật"
        and before[: tw.start()].casefold().endswith("pháp ")
    ):
        tw = None  # "… quy phạm pháp luật số 64/2025/QH15" ends a law's name, not a type word
    if tw:
        start, type_code = offset + tw.start(), _type_of_word(tw.group("tw"))
        if _is_annex_self(work, start, type_code, context):
            return None
        pre_date = tw.group("pre_date")
        date = parse_date(pre_date) if pre_date else _date_before(work, start)
        return _Head(start, _resolve_type(type_code, number_symbol, m), number_symbol, date=date)
    named = _named_before_number(before)
    if named:
        t0 = offset + named.start("title")
        type_code = _resolve_type(_type_of_word(named.group("tw")), number_symbol, m)
        return _Head(
            offset + named.start(), type_code, number_symbol, title=named.group("title").strip(),
            title_span=(t0, t0 + len(named.group("title"))),
        )  # fmt: skip
    line_start = work.rfind("\n", 0, s) + 1
    if s < context.body_start or P.OWN_NUMBER_LINE.match(work[line_start:s]):
        return None  # the own number, misread or misplaced in the header (qngai-003, nomvn-002)
    in_list = bool(
        previous
        and P.LIST_BEFORE.search(before)
        and not P.SENTENCE_END.search(work, previous.end, s)
        and _same_shape(previous.number_symbol or "", number_symbol)
    )
    type_code = None
    if in_list and previous and symbol_type(number_symbol) in (None, previous.type):
        # "Luật số 59/2020/QH14, 48/2024/QH15": the list shares its type word; not across
        # shapes ("… Nghị định số 104/2024/NĐ-CP …; số 1187/BTC-ĐT" is a công văn, qngai-014)
        type_code = previous.type
    return _Head(s, _resolve_type(type_code, number_symbol, m), number_symbol, in_list=in_list)


def _type_of_word(word: str) -> str | None:
    return P.TYPE_BY_WORD.get(" ".join(word.casefold().split()))


def _resolve_type(type_code: str | None, number_symbol: str, m: regex.Match[str]) -> str:
    """A type word's code; for "Văn bản số …" or a bare number, the symbol's type abbreviation,
    else a công văn for an administrative symbol (``N/ISSUER-UNIT``, guidelines R5)."""
    if type_code not in (None, P.FROM_SYMBOL):
        return type_code
    return symbol_type(number_symbol) or ("cong_van" if m.group("asym") else "other")


def _named_before_number(before: str) -> regex.Match[str] | None:
    """The leftmost law name that runs up to "số" and reads as one name: "… Luật Đất đai năm
    1993, Luật Đất đai số 13/2003/QH11" (tvpl-017) names the second law only. An amending law's
    name may list laws ("Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và
    Luật Đê điều số 60/2020/QH14", tvpl-046)."""
    pos = 0
    while (m := P.NAMED_BEFORE_NUMBER.search(before, pos)) is not None:
        title = m.group("title")
        lists_laws = P.LIST_CITATION_NAME.search(title) and not title.startswith("sửa đổi")
        if not (P.NUMBER_SYMBOL.search(title) or P.NAME_BREAK.search(title) or lists_laws):
            return m
        pos = m.start() + 1
    return None


def _same_shape(a: str, b: str) -> bool:
    """Both normative (a year in the symbol), both Party, or both administrative."""

    def shape(ns: str) -> str:
        return "year" if _symbol_year(ns) else "party" if P.PARTY_NUMBER.match(ns) else "admin"

    return shape(a) == shape(b)


def _is_annex_self(work: str, start: int, type_code: str | None, context: Context) -> bool:
    """ "(Ban hành kèm theo Quyết định số …)" in a decision is its own annex heading (R2)."""
    line_start = work.rfind("\n", 0, start) + 1
    return type_code == context.own_type and bool(P.ANNEX_SELF.search(work[line_start:start]))


def _continues_list(work: str, previous: FoundMention, start: int) -> bool:
    """Only a list joint stands between the previous citation (with its date, issuer and title)
    and this one: "Tờ trình số 127/TTr - HĐQT ngày 30 tháng 9 năm 2025 và văn bản số 9720/…"."""
    return bool(P.LIST_JOINT.match(work[max(previous.end, previous.tail_end) : start]))


def _date_before(work: str, start: int) -> str | None:
    m = P.DATE_BEFORE.search(work[max(0, start - 250) : start])
    return parse_date("ngày " + m.group("date")) if m else None


def _issuer_before(work: str, start: int) -> str | None:
    before = work[max(0, start - 200) : start]
    m = P.ISSUER_BEFORE.search(before) or P.ISSUED_BY_BEFORE.search(before)
    return _read_issuer(m.group("issuer") + ".")[0] if m else None


def _read_tail(work: str, pos: int) -> _Tail:
    """Date, issuer and title written after a citation's number, date and issuer in either order
    ("Thông tư số 556/2007/TT-TTCP của Thanh tra Chính phủ ngày 26 tháng 3 năm 2007 …" qlvb-009)."""
    date = issuer = None
    for _ in range(3):
        rest = work[pos : pos + 400]
        d = P.DATE_AFTER.match(rest)
        if d and date is None:
            date, pos = parse_date("ngày " + d.group("date")), pos + d.end()
            continue
        i = P.ISSUER_AFTER.match(rest)
        if i:
            name, length = _read_issuer(rest[i.end() :])
            if name and not P.ISSUER_OF_NEXT.match(rest[i.end() + length :]):
                issuer, pos = issuer or name, pos + i.end() + length
                continue
        break
    sent_to = P.SENT_TO.match(work, pos)  # "… gửi Thủ tướng Chính phủ về việc …" (tvpl-003)
    if sent_to:
        pos = sent_to.end()
    return _read_title(work, pos, date, issuer)


def _read_issuer(rest: str) -> tuple[str | None, int]:
    """The issuer's name at the start of ``rest`` and its length; None when it runs on."""
    stop = P.ISSUER_STOP.search(rest)
    raw = rest[: stop.start()] if stop else rest[:120]
    words = raw.split()
    if not words or len(words) > 16:
        return None, 0
    return " ".join(words), len(raw)


def _read_title(work: str, pos: int, date: str | None, issuer: str | None) -> _Tail:
    rest = work[pos : pos + 700]
    t = P.TITLE_START.match(rest)
    if not t:
        return _Tail(pos, date, issuer)
    body = t.end()
    if t.group("quote"):
        close = P.QUOTE_CLOSE.search(rest, body)
        end = close.start() if close else len(rest)
        title = _clean_title(P.QUOTED_TITLE_PREFIX.sub("", rest[body:end]))
        return _Tail(pos + end + 1, date, issuer, title, (pos + body, pos + end))
    end = _title_end(rest, body)
    note = None
    if rest[end : end + 1] == "(":
        close = rest.find(")", end)
        note = rest[end : close + 1] if close > 0 else None
    title = _clean_title(rest[body:end])
    if not title:
        return _Tail(pos, date, issuer, note=note)
    return _Tail(pos + end, date, issuer, title, (pos + body, pos + end), note)


def _title_end(rest: str, start: int) -> int:
    """``P.TITLE_END``, or a following citation when the title cites nothing itself."""
    end_m = P.TITLE_END.search(rest, start)
    end = end_m.start() if end_m else len(rest)
    for lc in P.LIST_CITATION.finditer(rest, start, end):
        if not P.NUMBER_SYMBOL.search(rest, start, lc.start()):
            return lc.start()
    return end


def _clean_title(raw: str) -> str | None:
    return " ".join(raw.split()).strip(" ,;.-–") or None


def _pinpoint_before(work: str, start: int) -> str | None:
    m = P.PINPOINT_BEFORE.search(work[max(0, start - 200) : start])
    return " ".join(m.group("pin").split()) if m else None


# instruments cited by name -------------------------------------------------------------------


def _find_named(work: str) -> Iterable[FoundMention]:
    """Instruments cited by name: laws and the like ("Luật Thi đua, Khen thưởng"), Party
    resolutions named by the meeting that passed them ("Nghị quyết Trung ương 4 khóa XII")."""
    for m in P.NAMED.finditer(work):
        meeting = bool(m.group("tw2"))
        t0 = m.start("title2") if meeting else m.start("title")
        rest = work[t0 : t0 + 400]
        end = _name_end(rest, amending=rest.startswith("sửa"), meeting=meeting)
        title = _clean_title(rest[:end])
        if not title or P.NUMBERED_AFTER_NAME.match(rest[end:]):
            continue  # "Luật Thi đua, Khen thưởng số 06/2022/QH15" is a numbered citation
        pos, year = t0 + end, None
        y = None if meeting else P.YEAR_AFTER.match(work[pos : pos + 20])
        if y:
            year, pos = y.group("year"), pos + y.end()
        tail = _read_tail(work, pos)
        if (
            not meeting
            and title[0].islower()
            and not title.startswith("sửa đổi")
            and not (year or tail.date)
        ):
            continue  # "Luật phòng, chống tham nhũng năm 2005" (qlvb-009) is a law; "Luật pháp" no
        issuer = tail.issuer or (_meeting_issuer(title) if meeting else None)
        yield FoundMention(
            start=m.start(), end=pos if y else t0 + end, kind=NAMED,
            type=_type_of_word(m.group("tw2") or m.group("tw")), title=title,
            title_span=(t0, t0 + end), date=tail.date or year, issuer=issuer,
            pinpoint=_pinpoint_before(work, m.start()), year=year or (tail.date or "")[:4] or None,
            tail_end=max(tail.end, pos),
        )  # fmt: skip


def _meeting_issuer(title: str) -> str | None:
    """ "Trung ương 4 khóa XII" → "Ban Chấp hành Trung ương Đảng khóa XII" (tvpl-048);
    "phiên họp Chính phủ …" → "Chính phủ" (tvpl-026)."""
    plenum = P.PLENUM.match(title)
    if plenum:
        return f"Ban Chấp hành Trung ương Đảng {plenum.group('term')}"
    return "Chính phủ" if P.GOVERNMENT_MEETING.match(title) else None


def _name_end(rest: str, *, amending: bool, meeting: bool) -> int:
    """Where an instrument's name stops (``P.NAME_END``, ``P.AMENDING_NAME_END``,
    ``P.MEETING_NAME_END``), with the commas that names contain."""
    pattern = P.AMENDING_NAME_END if amending else P.MEETING_NAME_END if meeting else P.NAME_END
    m = pattern.search(rest)
    end = m.start() if m else min(len(rest), 150)
    of = rest.find(" của ", 0, end)
    if amending and of > 0:
        # after the amended instrument a comma before a lower-case word ends the name ("… của
        # Pháp lệnh Cảnh sát môi trường, trình Ủy ban …" tvpl-014), but not the comma of a name
        # ("… của Luật Chứng khoán, …, Luật Quản lý, sử dụng tài sản công, …" vbpl-002)
        for comma in P.COMMA_BEFORE_LOWER.finditer(rest, of, end):
            head = rest[of : comma.start()]
            last = max((t.end() for t in P.AMENDED_TYPE_WORD.finditer(head)), default=0)
            if len(head[last:].split()) >= 3:
                return comma.start()
    if not amending and not meeting:
        # a comma inside a law's name follows its first word or two ("Thi đua, khen thưởng",
        # "Quản lý, sử dụng tài sản công"); after more it ends the name ("… môi trường, trình …")
        for comma in P.COMMA.finditer(rest, 0, end):
            if len(rest[: comma.start()].split()) >= 3:
                return comma.start()
    words = rest[:end].split()
    return len(" ".join(words[:80])) if len(words) > 80 else end


# anaphora -------------------------------------------------------------------------------------


def _find_anaphora(work: str, context: Context) -> Iterable[FoundMention]:
    """ "Nghị định nêu trên", "Thông tư này" (when the document is no circular): a mention of the
    last instrument of that type. Not mentions: "Công văn này", "Văn bản này" (the document
    itself), and any "… này" inside a quotation, where the quoted text speaks of itself ("“…
    theo quy định tại Điều 32 Nghị định này.”" tvpl-030, "… Thông tư này" tvpl-018, tvpl-023)."""
    quotes = [(q.start(), q.end()) for q in P.QUOTATION.finditer(work)]
    for m in P.SELF_OR_ANAPHOR.finditer(work):
        code = _type_of_word(m.group("tw"))
        if " ".join(m.group("which").split()) == "này" and (
            code in (context.own_type, P.FROM_SYMBOL) or any(a < m.start() < b for a, b in quotes)
        ):
            continue
        yield FoundMention(
            start=m.start(), end=m.end(), kind=ANAPHOR,
            type=None if code == P.FROM_SYMBOL else code,
            pinpoint=_pinpoint_before(work, m.start()), tail_end=m.end(),
        )  # fmt: skip


# --- resolve ------------------------------------------------------------------------------


def resolve(
    mentions: Sequence[FoundMention], context: Context, text: str
) -> tuple[list[Reference], list[list[FoundMention]]]:
    """Group mentions into instruments and settle each instrument's attributes.

    Returns the contract references in first-mention order and, for each, its mentions.
    """
    work = soften_breaks(text, start=context.body_start)
    mentions = _without_borrowed_tails(mentions)
    nested = _nested(mentions)
    entries: list[_Entry] = []
    by_symbol: dict[str, _Entry] = {}
    for i, mention in enumerate(mentions):
        entry = _entry_for(mention, entries, by_symbol)
        if entry is None and mention.kind == NAMED:
            entry = _numbered_later(mention, mentions, entries, by_symbol)
        if entry is None:
            if mention.kind == ANAPHOR:
                continue  # points at nothing cited before it
            entry = _Entry()
            entries.append(entry)
            if mention.number_symbol:
                by_symbol[mention.number_symbol] = entry
        entry.mentions.append(mention)
        entry.relations.append(relation_of(work, mention, i in nested, mentions, context))
    references = [_reference(entry, context) for entry in entries]
    return references, [entry.mentions for entry in entries]


def _within(pos: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= pos < span[1]


def _without_borrowed_tails(mentions: Sequence[FoundMention]) -> list[FoundMention]:
    """A name that ends another instrument's title does not own the date after it: in "Căn cứ
    Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền
    địa phương ngày 22 tháng 11 năm 2019" the date is the amending law's (qngai-009)."""
    out = []
    for m in mentions:
        ends = [o.title_span[1] for o in mentions if o is not m and _within(m.start, o.title_span)]
        if m.kind == NAMED and ends and m.tail_end > max(ends):
            m = replace(m, date=None, year=None, issuer=None, tail_end=m.end)
        out.append(m)
    return out


def _nested(mentions: Sequence[FoundMention]) -> set[int]:
    """Mentions inside another mention's title ("… Thông tư số 18/2013/TT-BKHHCN … hướng dẫn
    thi hành … Điều lệ Sáng kiến được ban hành theo Nghị định số 13/2012/NĐ-CP" seed 003)."""
    spans = [m.title_span for m in mentions]
    return {
        i for i, m in enumerate(mentions)
        if any(j != i and _within(m.start, s) for j, s in enumerate(spans))
    }  # fmt: skip


def _entry_for(
    mention: FoundMention, entries: list[_Entry], by_symbol: dict[str, _Entry]
) -> _Entry | None:
    """The instrument a mention names, if it was mentioned before."""
    if mention.kind == NUMBERED:
        return by_symbol.get(mention.number_symbol or "")
    if mention.kind == ANAPHOR:
        earlier = [
            e for e in entries
            if e.mentions[0].start < mention.start and mention.type in (None, _entry_type(e))
        ]  # fmt: skip
        return max(earlier, key=lambda e: e.mentions[-1].start, default=None)
    # a name: the instrument with that type and title, of that year when the text gives one
    # ("Luật Đất đai năm 1993" and "Luật Đất đai năm 2024" are two laws, tvpl-017)
    title = _fold_title(mention.title)
    same = [
        e for e in entries
        if _entry_type(e) == mention.type and any(_same_title(title, t) for t in _entry_titles(e))
    ]  # fmt: skip
    if mention.year:
        exact = [e for e in same if _entry_year(e) == mention.year]
        same = exact or [e for e in same if _entry_year(e) is None]
    return max(same, key=lambda e: e.mentions[-1].start, default=None)


def _numbered_later(
    mention: FoundMention,
    mentions: Sequence[FoundMention],
    entries: list[_Entry],
    by_symbol: dict[str, _Entry],
) -> _Entry | None:
    """A law named before its full citation: "… Điều 159 Luật Đất đai" then "Luật đất đai số
    31/2024/QH15" (tvpl-030) is one law, unless the years differ. (Seed 002's unnumbered "Luật
    Thi đua, Khen thưởng" before "… số 06/2022/QH15" is optional in gold, so joining it costs
    nothing there.)"""
    title = _fold_title(mention.title)
    for later in mentions:
        if later.kind != NUMBERED or later.start <= mention.start or later.type != mention.type:
            continue
        if not _same_title(_fold_title(later.title), title):
            continue
        year = _symbol_year(later.number_symbol)
        if mention.year and year and year != mention.year:
            continue
        key = later.number_symbol or ""
        if key not in by_symbol:
            by_symbol[key] = _Entry()
            entries.append(by_symbol[key])
        return by_symbol[key]
    return None


def _entry_type(entry: _Entry) -> str | None:
    return entry.mentions[0].type


def _entry_titles(entry: _Entry) -> set[str]:
    return {_fold_title(m.title) for m in entry.mentions if m.title}


def _entry_year(entry: _Entry) -> str | None:
    for m in entry.mentions:
        year = m.year or (m.date or "")[:4] or _symbol_year(m.number_symbol)
        if year:
            return year
    return None


# relation -----------------------------------------------------------------------------------


def relation_of(
    work: str,
    mention: FoundMention,
    nested: bool,
    mentions: Sequence[FoundMention],
    context: Context,
) -> str:
    """The relation one mention states (guidelines R7); ``resolve`` keeps the strongest."""
    if nested:
        return "cites"  # an instrument named inside another's title
    if any(a <= mention.start < b for a, b in context.basis_spans):
        return "basis"
    start = _sentence_start(work, mention.start)
    sentence = work[start : mention.start]
    line = work[work.rfind("\n", 0, mention.start) + 1 : mention.start]
    if _is_attached(line, mention):
        return "attached"
    changed = _change_relation(work, mention, sentence, mentions, context)
    if changed:
        return changed
    lead = len(sentence) - len(sentence.lstrip())
    cue = P.IMPLEMENTS_START.match(sentence[lead:])
    if cue and _only_fillers(work, start + lead + cue.end(), mention, mentions):
        return "implements"
    return "cites"


def _sentence_start(work: str, pos: int) -> int:
    starts = [work.rfind("\n", 0, pos) + 1]
    starts.extend(m.end() for m in P.SENTENCE_START.finditer(work, starts[0], pos))
    return max(starts)


def _blank_others(
    work: str, start: int, mention: FoundMention, mentions: Sequence[FoundMention]
) -> str:
    """The text from ``start`` to ``mention`` with the other mentions (and what follows them:
    date, issuer, title) blanked out, to see what else stands there."""
    chars = list(work[start : mention.start])
    for other in mentions:
        if other is mention or other.end <= start or other.start >= mention.start:
            continue
        for k in range(max(other.start, start), min(max(other.end, other.tail_end), mention.start)):
            chars[k - start] = " "
    return "".join(chars)


def _only_fillers(
    work: str, start: int, mention: FoundMention, mentions: Sequence[FoundMention]
) -> bool:
    """Between "Thực hiện" and this mention stand only other cited instruments (with their
    dates, issuers and titles), pinpoints and the words ``P.IMPLEMENTS_FILLER`` allows."""
    return bool(
        P.IMPLEMENTS_FILLER.match(_without_pinpoint(_blank_others(work, start, mention, mentions)))
    )


def _is_attached(line: str, mention: FoundMention) -> bool:
    """Inside "(Gửi kèm theo …)" (seed 003), or the title is followed by "(… gửi kèm theo)"
    (tvpl-003); "ban hành kèm theo" names what an instrument issued, not an attachment."""
    paren = line.rfind("(")
    scope = line[paren:] if paren >= 0 else line
    if P.ATTACHED.search(scope) and not P.ANNEX_ISSUE.search(scope):
        return True
    return bool(mention.note and P.ATTACHED.search(mention.note.strip("()")))


def _change_relation(
    work: str,
    mention: FoundMention,
    sentence: str,
    mentions: Sequence[FoundMention],
    context: Context,
) -> str | None:
    """``amends`` / ``replaces`` when this document changes the instrument (R7): its own verb
    governs the mention ("Bãi bỏ toàn bộ Thông tư số …"), the sentence opens with the instruments
    and says they expire, or a lead-in above a list says so."""
    if P.SELF_SUBJECT.search(sentence):  # "Quyết định này thay thế Quyết định số …" (qlvb-008)
        return "replaces" if P.REPLACES_VERB.search(sentence) else "amends"
    if P.PROPOSAL.search(sentence):
        return None
    verbs = list(P.AMENDS_VERB.finditer(sentence))
    verb = verbs[-1] if verbs else None  # the one nearest the mention
    if verb and _own_verb(sentence[: verb.start()], context) and _governs(sentence[verb.end() :]):
        return "amends"
    verb = P.REPLACES_BEFORE.search(_without_pinpoint(sentence))
    if verb and _own_verb(sentence[: verb.start()], context):
        return (
            "replaces"  # "Thay thế Quyết định số …"; not "… thuốc thay thế" in a title (tvpl-033)
        )
    end = P.SENTENCE_END.search(work, mention.end)
    after = work[mention.end : end.start() if end else len(work)]
    expires = P.EXPIRES.search(after)
    if expires and not P.PROPOSAL.search(after, 0, expires.start()):
        opening = _blank_others(work, mention.start - len(sentence), mention, mentions)
        if P.LIST_ONLY.match(opening):
            return "amends"  # "IV. Thông tư liên tịch số 527/… và Thông tư số 556/… hết hiệu lực"
    return _lead_in_relation(work, mention)


def _governs(between: str) -> bool:
    """Only "toàn bộ", "một số điều của", a pinpoint … stand between the verb and the mention
    ("Bãi bỏ khoản 1 Điều 12 Nghị định số …" vbpl-004); "… rà soát, sửa đổi, bổ sung hoàn thiện
    quy định, quy trình …; thực hiện Chỉ thị số 35-CT/TW" (tvpl-048) amends nothing of it."""
    return bool(P.VERB_TO_OBJECT.match(_without_pinpoint(between)))


def _own_verb(before_verb: str, context: Context) -> bool:
    """The verb is this document's own unless an instrument of another type is named before it:
    "Sở Nội vụ đã ban hành Quyết định bãi bỏ Quyết định số …" in a công văn reports someone
    else's repeal; "Bộ trưởng … ban hành Thông tư bãi bỏ Thông tư số 73/…" in a circular is its
    own (tvpl-033), and so is "… công bố bổ sung, sửa đổi một số điểm tại công văn số 3364/…" in
    a công văn that amends an earlier one (qlvb-011)."""
    return all(
        _type_of_word(m.group("tw")) == context.own_type for m in P.TYPE_WORD.finditer(before_verb)
    )


def _lead_in_relation(work: str, mention: FoundMention) -> str | None:
    """A list item that opens with the mention, under a lead-in that repeals, amends or replaces:
    "Bãi bỏ toàn bộ các nghị định sau đây:" (vbpl-004), "Các quyết định sau hết hiệu lực …:"
    (tvpl-046)."""
    line_start = work.rfind("\n", 0, mention.start)
    if line_start <= 0 or P.LETTER.search(_strip_marker(work[line_start + 1 : mention.start])):
        return None
    prev_start = work.rfind("\n", 0, line_start) + 1
    lead = work[prev_start:line_start]
    for _ in range(30):  # walk back over sibling items to the lead-in
        if lead.rstrip().endswith(":") or prev_start == 0 or not P.LIST_ITEM.match(lead):
            break
        new_start = work.rfind("\n", 0, prev_start - 1) + 1
        lead, prev_start = work[new_start : prev_start - 1], new_start
    if not lead.rstrip().endswith(":") or P.PROPOSAL.search(lead):
        return None
    if P.EXPIRES.search(lead) or P.AMENDS_VERB.search(lead):
        return "amends"
    return "replaces" if P.REPLACES_VERB.search(lead) else None


def _without_pinpoint(prefix: str) -> str:
    pin = P.PINPOINT_BEFORE.search(prefix)
    return prefix[: pin.start()] if pin else prefix


def _strip_marker(prefix: str) -> str:
    return P.ITEM_MARKER_PREFIX.sub("", prefix)


# attributes --------------------------------------------------------------------------------


def _reference(entry: _Entry, context: Context) -> Reference:
    mentions = entry.mentions
    number_symbol = next((m.number_symbol for m in mentions if m.number_symbol), None)
    return Reference(
        type=next((m.type for m in mentions if m.type and m.kind != ANAPHOR), None) or "other",
        number_symbol=number_symbol,
        # a law's year from a short mention ("Luật Đất đai năm 2024") is no date of a numbered law
        date=next(
            (m.date for m in mentions if m.date and (m.kind == NUMBERED or not number_symbol)), None
        ),
        issuer=_issuer(mentions, number_symbol, context),
        title=next((m.title for m in mentions if m.title), None),
        relation=min(entry.relations, key=RELATION_PRIORITY.index),
        mentions=[ContractMention(span=(m.start, m.end), pinpoint=m.pinpoint) for m in mentions],
    )


def _issuer(
    mentions: Sequence[FoundMention], number_symbol: str | None, context: Context
) -> str | None:
    """The issuer written after a number wins ("ý kiến chỉ đạo của Thủ tướng Chính phủ tại văn
    bản số 6902/VPCP-KSTT … của Văn phòng Chính phủ", tvpl-003); then an issuer code that settles
    it ("… của Phó Thủ tướng … tại văn bản số 6721/VPCP-V.I": the Office issued it, tvpl-001);
    then the issuer written before the citation ("… của Bộ Tài chính tại Công văn số …")."""
    written = next((m.issuer for m in mentions if m.issuer and m.kind != ANAPHOR), None)
    if written:
        return canonical_issuer(written, context.units)
    from_symbol = symbol_issuer(number_symbol) if number_symbol else None
    if from_symbol:
        return from_symbol
    before = next((m.issuer_before for m in mentions if m.issuer_before), None)
    return canonical_issuer(before, context.units) if before else None


# --- annotate -----------------------------------------------------------------------------


def set_annotations(
    doc: Doc, references: list[Reference], groups: list[list[FoundMention]]
) -> None:
    """Mention spans in ``doc.spans[REFERENCES_KEY]`` (label = type code), references in
    ``doc._.references``."""
    spans: list[Span] = []
    for reference, mentions in zip(references, groups, strict=True):
        for mention in mentions:
            span = doc.char_span(
                mention.start, mention.end, label=reference.type, alignment_mode="expand"
            )
            if span is not None:
                spans.append(span)
    doc.spans[REFERENCES_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
    setattr(doc._, DOC_EXTENSION, references)


# --- the component ------------------------------------------------------------------------


def context_of(doc: Doc) -> Context:
    """The document facts the steps need, read off the parts and the metadata."""
    parts = getattr(doc._, "parts", None) or []
    metadata: Metadata | None = getattr(doc._, "metadata", None)
    body = next((p.start for p in parts if p.label == "body"), 0)
    return Context(
        own_number_symbol=metadata.number_symbol if metadata else None,
        own_type=metadata.doc_type if metadata else None,
        skip_spans=tuple((p.start, p.end) for p in parts if p.label == "number"),
        basis_spans=opening_basis(doc_text(doc), body if parts else None),
        own_units=tuple(own_units(doc_text(doc), metadata).items()),
        body_start=body,
    )


def opening_basis(text: str, body_start: int | None) -> tuple[tuple[int, int], ...]:
    """Spans of the "Căn cứ …;" clauses that open the body (guidelines R7 †: ``basis``).

    The opening block is the run of "Căn cứ", "Xét/Theo đề nghị" and "Thực hiện" clauses at the
    start of the body, after at most a few header or title lines the segmenter left in the body
    (lines with no sentence end: vbpl-001, nomvn-002). A "Căn cứ" after the body has begun is
    ordinary citing (the answers of tvpl-019 reason "Căn cứ Điều 34 Luật Doanh nghiệp …" after
    their first paragraph), and so is one in an attached second document (qlvb-001). A clause
    runs across a line break to its ";" (tvpl-013). Without parts, the block starts at the first
    "Căn cứ" line.
    """
    work = soften_breaks(text, start=body_start or 0)
    if body_start is None:
        first = P.FIRST_BASIS_LINE.search(work)
        if not first:
            return ()
        body_start = first.start()
    spans: list[tuple[int, int]] = []
    pos = work.rfind("\n", 0, body_start) + 1
    lead_lines = 0  # header or title lines still above the first clause
    while pos < len(work):
        start = pos
        end = work.find("\n", start)
        end = len(work) if end < 0 else end
        line = work[start:end].strip()
        pos = end + 1
        if not line:
            continue
        if P.OPENING_CLAUSE.match(line):
            if P.BASIS_START.match(line):
                spans.append((start, end))
            continue
        if (
            spans
            or lead_lines >= MAX_LEAD_LINES
            or not (_is_caps(line) or P.OPEN_LINE.search(line))
        ):
            break
        lead_lines += 1
    return tuple(spans)


def extract(doc: Doc) -> Doc:
    """find → resolve → annotate on one Doc."""
    context = context_of(doc)
    references, groups = resolve(find(doc_text(doc), context), context, doc_text(doc))
    set_annotations(doc, references, groups)
    return doc


def references_of(text: str, context: Context = Context()) -> list[Reference]:
    """The references of a bare text (no spaCy): for tests and quick checks."""
    return resolve(find(text, context), context, text)[0]


def _register_extensions() -> None:
    if not Doc.has_extension(DOC_EXTENSION):
        Doc.set_extension(DOC_EXTENSION, default=None)


_register_extensions()


class LegalRefs:
    """Stateless: ``__call__`` only chains the three steps."""

    def __call__(self, doc: Doc) -> Doc:
        return extract(doc)


@Language.factory(
    "vanban_legal_refs",
    assigns=["doc.spans", f"doc._.{DOC_EXTENSION}"],
    requires=["doc._.metadata"],
)
def make_legal_refs(nlp: Language, name: str) -> LegalRefs:
    return LegalRefs()


__all__ = [
    "REFERENCES_KEY", "Context", "FoundMention", "find", "resolve", "set_annotations",
    "references_of", "context_of", "opening_basis", "make_legal_refs",
]  # fmt: skip
