"""Canonical names of actors: ``canonical_actor(name, context)``, a pure function that the actors
extractor, the recipients (contract ``recipients[].canonical``) and the obligations' assignees
share.

Steps, in order: clean the string (NFC, one tone-mark style, one dash, no trailing punctuation);
read the short forms whose meaning depends on their neighbours (TT, CT, CP, TU, the issuer's own
initials); expand the rest with ``nlp/data/abbreviations.tsv``; then fill in what the document
leaves to its context (domain guide §4): a bare unit word is the issuer's own unit or province, a
capitalised "Thành phố" / "Tỉnh" too, a bare "Bộ" / "Sở" the issuer or its parent, a Sở without a
place the province's, a Phòng the district's. Names are kept as of the document date; names it
cannot place are returned as written. A canonical name maps to itself.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import regex

from ..mapped import MappedText
from ..names import canonical_name, expand_abbreviations
from ..normalize import unify_tone_marks
from . import actor_patterns as P
from .actor_context import UNIT, ActorContext, level_of, province_prefix
from .provinces import PROVINCE_LEVELS, province_exists

Kind = Literal["body", "office_holder", "group"]

# --- patterns: cleaning -------------------------------------------------------------------------

# "TT. Thành ủy", "CT và các PCT. UBND" (tvpl-039), "TT.Thành ủy" (qlvb-007)
ABBR_DOT = regex.compile(r"(?<=(?<!\p{L})\p{Lu}{2,})\.(?=\s|\p{Lu})")
# "Lao động – Thương binh" (qngai-010) = "Lao động - Thương binh"; "Thông tin- Công báo" (tvpl-046)
SPACED_DASH = regex.compile(r"\s*[-–—]\s+|\s+[-–—]\s*")
# "Đồng chí Bí thư tỉnh ủy …" (tvpl-012, tvpl-027): an honorific, not part of the post
HONORIFIC = regex.compile(r"^[Đđ]ồng\s+chí\s+")
# Public bodies whose upper-case header names go into running-text case; a company's name in
# capitals ("CÔNG TY CỔ PHẦN BIA SÀI GÒN – BẾN TRE", tvpl-023) is its own and is kept.
HEADER_HEADS = regex.compile(
    r"(?:ỦY\s+BAN|UBND|HỘI\s+ĐỒNG|HĐND|SỞ|BỘ|CỤC|TỔNG\s+CỤC|CHI\s+CỤC|BAN|VĂN\s+PHÒNG|PHÒNG"
    r"|THANH\s+TRA|VỤ|TỈNH\s+ỦY|THÀNH\s+ỦY|HUYỆN\s+ỦY|THỊ\s+ỦY|ĐẢNG\s+ỦY|CHÍNH\s+PHỦ|THỦ\s+TƯỚNG"
    r"|CHỦ\s+TỊCH|KHO\s+BẠC|CÔNG\s+AN|THUẾ|TÒA\s+ÁN|VIỆN\s+KIỂM\s+SÁT)(?!\p{L})"
)

# --- patterns: short forms read in context ------------------------------------------------------

MASK = regex.compile(r"\uE000(\d+)\uE001")
TOKEN = regex.compile(r"(?<![\p{L}&])(?P<tok>\p{Lu}[\p{L}&]*)(?![\p{L}&])")
# Glued abbreviations: "TTTU" (tvpl-046 Phú Thọ, tvpl-047 Hải Phòng), "TTHĐND", "TTHĐNDTP".
GLUE_PARTS = ("HĐND", "UBND", "TT", "TU", "HU", "TP")
# After "Bộ:", "Sở:", "các Vụ:" the items are the bodies' own codes: "Các Bộ: TC, XD, NV, CT, KH&CN"
# (CT = Công Thương, tvpl-007), "Các Bộ: XD, NN&MT, TC, TP" (TP = Tư pháp, tvpl-004): posts and
# unit words are not read there.
CODE_LIST = regex.compile(r"(?<=(?:Bộ|Sở|Vụ|Cục|Ban|Phòng)\s*:)[^;]*")
POST_CODES = regex.compile(r"(?<![\p{L}&])(?:P?CT|TP|TT|VP|CP|TW|TU)(?![\p{L}&])")
TT = regex.compile(r"(?<![\p{L}&-])TT(?![\p{L}&]|[-&]\p{L})")
TT_STANDING = regex.compile(
    r"\s+(?:(?:Tỉnh|Thành|Huyện|Thị|Quận|Đảng)\s+ủy|TU|HU|HĐND|UBND|Hội\s+đồng|Ủy\s+ban|UB|Ban"
    r"|MTTQ|Mặt\s+trận|UBMT|(?:Tỉnh|Thành|Huyện|Thị|Quận)(?=\s*,))(?![\p{L}&])"
)
TT_AFTER_DEPUTY = regex.compile(r"Phó\s+\S+(?:\s+\S+)?\s+$")
# CP is Chính phủ after a Government post or "thuộc" ("các Phó Thủ tướng CP", VPCP and TTg
# letters), not "cổ phần" in a company name ("Công ty CP …").
CP = regex.compile(
    r"(?<=(?:Thủ\s+tướng|TTg|PTTg|thuộc|TTĐT|Thông\s+tin\s+điện\s+tử)\s+)CP(?![\p{L}&])"
)
WORD_TU = regex.compile(r"(?<![\p{L}&])TU(?![\p{L}&])")
WORD_HU = regex.compile(r"(?<![\p{L}&])HU(?![\p{L}&])")

# --- patterns: context -------------------------------------------------------------------------

# "Thủ tướng" alone is the Prime Minister; "Phó Thủ tướng thường trực Chính phủ …" (tvpl-012) is
# complete as written.
PRIME_MINISTER = regex.compile(
    r"(?<!\p{L})Thủ\s+tướng(?!\s+(?:Chính\s+phủ|(?i:thường\s+trực)))(?!\p{L})"
)
# "Tỉnh ủy" with no name after, not in a class ("các tỉnh ủy") or a list ("Tỉnh ủy, Thành ủy")
PARTY = P.compile(
    r"(?<!(?:các|những)\s+)(?<!\p{L})(?P<unit>[Tt]ỉnh|[Tt]hành|[Hh]uyện|[Tt]hị|[Qq]uận)\s+ủy"
    rf"(?!\p{{L}})(?!\s+{P.NAME})(?!\s*,\s*\p{{L}}+\s+ủy)(?<!\p{{L}}+\s+ủy\s*,\s*\p{{L}}+\s+ủy)"
)
PARTY_LEVEL = {
    "tỉnh": "tỉnh",
    "thành": "thành phố",
    "huyện": "huyện",
    "thị": "thị xã",
    "quận": "quận",
}
# a capitalised bare unit word: "UBND Thành phố" (seed 000); not "Tỉnh ủy", "Tỉnh Đoàn" (qngai-002)
CAP_LEVEL = P.compile(
    r"(?<!\p{L})(?P<level>Thành\s+phố|Thị\s+xã|Tỉnh|Huyện|Quận)(?!\s+(?i:ủy|đoàn)(?!\p{L}))"
    rf"(?!\s+{P.NAME})(?!\s+trực\s+thuộc)(?!\p{{L}})"
)
LOWER_LEVEL = (
    r"(?:thành\s+phố|thị\s+xã|thị\s+trấn|đặc\s+khu|tỉnh|huyện|quận|(?<!thị\s)xã(?!\s+hội)|phường)"
)
# a lower-case bare unit word: "UBND huyện"; not a class ("các huyện", "cấp tỉnh"), not a list
# ("tỉnh, thành phố"), not "thành phố trực thuộc Trung ương"
BARE_LEVEL = P.compile(
    rf"(?<!(?:các|cấp|những|mỗi|từng|toàn|trong|ngoài)\s+)(?<!{LOWER_LEVEL}\s*(?:,|và)\s*)"
    rf"(?<!\p{{L}})(?P<level>{LOWER_LEVEL})(?!\p{{L}})(?!\s*(?:,|và)\s*{LOWER_LEVEL}(?!\p{{L}}))"
    rf"(?!\s+{P.NAME})(?!\s+trực\s+thuộc)(?!\s+ủy)"
)
# "VPUB: CVP, PCVP" → "Văn phòng Ủy ban nhân dân: …" (qngai-001 …): a committee with no unit after
BARE_COMMITTEE_END = regex.compile(
    r"(?<!\p{L})(?:Ủy\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân)(?=\s*(?:$|:|\())"
)
# "Lãnh đạo Bộ" (tvpl-015), "Văn phòng Bộ" (tvpl-016), "Các đơn vị thuộc Bộ: CST" (tvpl-019),
# "Các phòng, ban thuộc Sở" (qlvb-005)
BARE_AGENCY = regex.compile(
    r"(?<=(?:Lãnh\s+đạo|Văn\s+phòng|thuộc|của|Website|Cổng\s+Thông\s+tin\s+điện\s+tử)\s+)"
    r"(?P<bare>Bộ|Sở|sở|Cục)(?!\p{L})(?!\s+\p{Lu})"
)
# a Sở or Phòng named without a place: "Sở Nội vụ", "Phòng Nội vụ (qua …)"
PLACELESS = P.compile(rf"^(?P<agency_head>Sở|Phòng)\s+{P.FIELD}(?:\s*\([^)]*\))?$")
# kinds
GROUP = regex.compile(
    rf"(?<!\p{{L}})(?:[Cc]ác|[Nn]hững|cấp\s+(?:tỉnh|huyện|xã))(?!\p{{L}})"
    rf"|{LOWER_LEVEL}\s*,\s*{LOWER_LEVEL}|\S:\s|^(?i:sở|ban|ngành|phòng)\s*,"
)


# --- the function ---------------------------------------------------------------------------------


def canonical_actor(name: str, context: ActorContext | None = None) -> str:
    """The canonical name of an actor as written, in the document's context.

    ``"UBND huyện"`` in a Cao Lộc dispatch → ``"Ủy ban nhân dân huyện Cao Lộc"``; ``"Sở Nội vụ"``
    in a Thái Bình document → ``"Sở Nội vụ tỉnh Thái Bình"``; ``"CT, các PCT UBND Thành phố"`` in
    Sa Đéc → ``"Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân thành phố Sa Đéc"``. Without a context,
    only the abbreviations are expanded. What it cannot place is returned as written.
    """
    ctx = context or ActorContext()
    text = _clean(name)
    if not text:
        return text
    if _is_header_case(text):  # "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
        text = canonical_name(text)
    kept: list[str] = []
    text = _expand_in_context(text, ctx, kept)
    text = _unmask(expand_abbreviations(text), kept)
    steps = (
        _complete_titles,
        _resolve_party,
        _resolve_capital_levels,
        _resolve_bare_levels,
        _resolve_bare_committee,
        _resolve_bare_agency,
        _attach_place,
    )
    for step in steps:
        text = step(text, ctx)
    return " ".join(text.split())


def actor_kind(canonical: str) -> Kind:
    """group: a class or several ("các cơ quan, đơn vị", "UBND các xã, thị trấn", "CT, các PCT UBND
    huyện", "Bộ trưởng các Bộ: …"); office_holder: a post ("Chủ tịch UBND huyện", "Thủ tướng Chính
    phủ"); else body."""
    if GROUP.search(canonical):
        return "group"
    if P.title_start().match(canonical):
        return "office_holder"
    return "body"


def names_former_province(canonical: str, date: str | None) -> bool:
    """Whether the name holds a province that did not exist on ``date`` ("tỉnh Thái Bình" in a
    2025-11 document: merged into Hưng Yên on 1 July 2025)."""
    for m in UNIT.finditer(canonical):
        if level_of(m) in PROVINCE_LEVELS:
            row = province_prefix(m.group("uname"))
            if row and province_exists(row.name, date) is False:
                return True
    return False


# --- cleaning ------------------------------------------------------------------------------------


def _clean(name: str) -> str:
    text = unify_tone_marks(MappedText(unicodedata.normalize("NFC", name))).text
    # "Đài PT-TH tỉnh; -": an empty bullet left after the entry (qngai-005)
    text = " ".join(text.split()).strip(" ;,.:-–")
    text = HONORIFIC.sub("", SPACED_DASH.sub(" - ", text))
    text = ABBR_DOT.sub(" ", text)
    return regex.sub(r"\bTP\.(?=\S)", "TP ", text)


def _is_header_case(text: str) -> bool:
    """Upper-case syllables that are words, not abbreviations: a header ("ỦY BAN NHÂN DÂN HUYỆN CAO
    LỘC"), not office codes ("VPUB: CVP, PCVP (KGVX), HC-QT", qngai-001; "CVP, C₂", seed 004)."""
    if not text.isupper() or not HEADER_HEADS.match(text):
        return False
    words = regex.findall(r"\p{L}+", text)
    return sum(1 for w in words if expand_abbreviations(w) == w and _is_syllable(w)) >= 2


def _is_syllable(word: str) -> bool:
    """One vowel group, at most three consonants before it: "NHÂN", "HUYỆN"; not "KTTH", "CBTH"."""
    marks = unicodedata.normalize("NFD", word)
    base = "".join(c for c in marks if not unicodedata.combining(c)).upper().replace("Đ", "D")
    return bool(regex.fullmatch(r"[^AEIOUY]{0,3}[AEIOUY]{1,3}[^AEIOUY]{0,2}", base))


# --- short forms in context ----------------------------------------------------------------------


def _mask(text: str, kept: list[str], pattern: regex.Pattern[str]) -> str:
    """Hide what ``pattern`` matches from later expansions; ``_unmask`` restores it as written."""

    def repl(m: regex.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    return pattern.sub(repl, text)


def _unmask(text: str, kept: list[str]) -> str:
    return MASK.sub(lambda m: kept[int(m.group(1))], text)


def _expand_in_context(text: str, ctx: ActorContext, kept: list[str]) -> str:
    """Short forms the abbreviation table cannot settle alone; what stays uncertain is masked."""
    text = CODE_LIST.sub(lambda m: _mask(m.group(0), kept, POST_CODES), text)
    text = TOKEN.sub(lambda m: _unglue(m.group("tok")), text)
    # TU is Tỉnh ủy, or Thành ủy in a centrally-run city (Hải Phòng "TTTU", tvpl-047): Party code
    # TU covers both (domain §2)
    city = ctx.province is not None and ctx.province[0] == "thành phố"
    text = WORD_TU.sub("Thành ủy" if city else "Tỉnh ủy", text)
    text = WORD_HU.sub("Huyện ủy", text)
    text = TT.sub(lambda m: _read_tt(m, text, kept), text)
    text = CP.sub("Chính phủ", text)
    for initials, full in ctx.initials:
        text = _issuer_initials(initials).sub(full, text)
    return text


def _issuer_initials(initials: str) -> regex.Pattern[str]:
    """The issuer's initials ("Website CT" in a Cục Thuế letter), but not CT before a committee or
    in "CT, các PCT" (Chủ tịch: the table's reading)."""
    esc = regex.escape(initials)
    return regex.compile(
        rf"(?<![\p{{L}}&]){esc}(?![\p{{L}}&])(?!\s*(?:,|và)\s*(?:các\s+)?P{esc})"
        r"(?!\s+(?:UBND|HĐND|Ủy\s+ban|Hội\s+đồng))"
    )


def _read_tt(m: regex.Match[str], text: str, kept: list[str]) -> str:
    """TT is Thường trực before a committee ("TT Thị ủy", "TT HĐND thị xã", seed 001; "TT Huyện,
    Thành ủy", qngai-006) or after a deputy's post ("Phó Thủ tướng TT Trương Hòa Bình", qngai-005);
    Thông tin after "Cổng" ("Cổng TT. Điện tử TP", tvpl-039, as "Cổng TTĐT" elsewhere); Trung tâm
    before another name ("TT Công báo tỉnh", qlvb-004; "TT NS&VSMTNT", tvpl-039). Otherwise it
    stays as written ("Tổng TT", Thanh tra Chính phủ, qlvb-009)."""
    after, before = text[m.end() :], text[: m.start()]
    if TT_STANDING.match(after) or TT_AFTER_DEPUTY.search(before):
        return "Thường trực"
    if regex.search(r"Cổng\s+$", before):
        return "Thông tin"
    if regex.match(r"\s+\p{Lu}", after):
        return "Trung tâm"
    return _mask("TT", kept, regex.compile("TT"))


def _unglue(token: str) -> str:
    """ "TTTU" → "TT TU"; a token that is an abbreviation itself ("TTĐT", "UBND") stays whole."""
    if token in GLUE_PARTS or expand_abbreviations(token) != token:
        return token
    parts: list[str] = []
    rest = token
    while rest:
        part = next((p for p in GLUE_PARTS if rest.startswith(p)), None)
        if part is None:
            return token
        parts.append(part)
        rest = rest[len(part) :]
    return " ".join(parts) if len(parts) > 1 else token


# --- context -------------------------------------------------------------------------------------


def _complete_titles(text: str, ctx: ActorContext) -> str:
    """ "Thủ tướng, các Phó Thủ tướng CP" → "Thủ tướng Chính phủ, các Phó Thủ tướng Chính phủ", as
    "TTg" expands (VPCP, Prime Minister, Bộ Tài chính and Bộ Công Thương letters)."""
    return PRIME_MINISTER.sub("Thủ tướng Chính phủ", text)


def _names_level(text: str, level: str) -> bool:
    """Whether the entry names a unit of this level itself ("Tỉnh ủy, HĐND, UBND tỉnh Thanh Hóa",
    tvpl-007: the place after the list qualifies every member)."""
    return any(level_of(m) == level for m in UNIT.finditer(text))


def _resolve_party(text: str, ctx: ActorContext) -> str:
    """ "Thường trực Tỉnh ủy" → "Thường trực Tỉnh ủy Quảng Ngãi": a Party committee is named by its
    unit without the unit word (seeds 001, 002; qngai, Cần Thơ, Phú Thọ letters)."""

    def repl(m: regex.Match[str]) -> str:
        level = PARTY_LEVEL[m.group("unit").lower()]
        name = ctx.unit_name(level)
        if not name or _names_level(text, level):
            return m.group(0)
        return f"{m.group('unit').capitalize()} ủy {name}"

    return PARTY.sub(repl, text)


def _resolve_capital_levels(text: str, ctx: ActorContext) -> str:
    """A capitalised bare unit word is the issuer's own: "UBND Thành phố", "Phòng Nội vụ Thành phố",
    "Cụm thi đua Tỉnh" (seed 000, Sa Đéc); "Ủy ban MTTQVN Tỉnh" (qngai-006)."""

    def repl(m: regex.Match[str]) -> str:
        level = level_of(m)
        name = ctx.unit_name(level)
        return f"{level} {name}" if name else m.group(0)

    return CAP_LEVEL.sub(repl, text)


def _resolve_bare_levels(text: str, ctx: ActorContext) -> str:
    """ "UBND huyện" → "Ủy ban nhân dân huyện Cao Lộc" (seed 003), "HĐND tỉnh" → "… tỉnh Quảng Ngãi"
    (qngai), "Phòng Nội vụ huyện" (seed 004), "TT. HĐND thành phố" (Cần Thơ)."""

    def repl(m: regex.Match[str]) -> str:
        level = level_of(m)
        name = ctx.unit_name(level)
        if not name or _names_level(text, level):
            return m.group(0)
        return f"{level} {name}"

    return BARE_LEVEL.sub(repl, text)


def _resolve_bare_committee(text: str, ctx: ActorContext) -> str:
    """ "Văn phòng Ủy ban nhân dân: CVP, PCVP" → "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi: …": a
    committee named without a unit is the issuer's own (or its parent's, for a Sở)."""
    unit = ctx.issuer_unit()
    if unit is None:
        return text
    return BARE_COMMITTEE_END.sub(lambda m: f"{m.group(0)} {unit[0]} {unit[1]}", text)


def _resolve_bare_agency(text: str, ctx: ActorContext) -> str:
    """ "Lãnh đạo Bộ" → "Lãnh đạo Bộ Tài chính"; in a Cục Thuế letter "thuộc Bộ" is its parent's."""
    return BARE_AGENCY.sub(lambda m: ctx.agency(m.group("bare").capitalize()) or m.group(0), text)


def _attach_place(text: str, ctx: ActorContext) -> str:
    """A Sở named without a place is the province's ("Sở Nội vụ" in a Thái Bình letter, seed 002;
    qngai, Cần Thơ, Hải Phòng letters); a Phòng the district's, or the commune's after the reform
    ("Phòng Nội vụ" in a Cao Lộc letter, seed 003)."""
    m = PLACELESS.match(text)
    if not m or UNIT.search(text):
        return text
    unit = ctx.province if m.group("agency_head") == "Sở" else ctx.own
    if unit is None:
        return text
    paren = text.find(" (")
    if paren > 0:
        return f"{text[:paren]} {unit[0]} {unit[1]}{text[paren:]}"
    return f"{text} {unit[0]} {unit[1]}"
