"""Regular expressions for actors: bodies, office-holders and groups named in a document.

Patterns only, built from ``nlp/data/actor_terms.tsv`` (users add their bodies and posts there).
They run on the normalised text (NFC, old-style tone marks "Ủy", wraps joined). Matching is
case-sensitive: Decree 30 App. II capitalises the head word and the first syllable of a body's own
name ("Sở Nội vụ", "Ban Chỉ đạo") and keeps the unit word lower case before a place name ("Ủy ban
nhân dân huyện Cao Lộc"), so lower-case "sở", "ban", "phòng" in prose ("cơ sở", "ban hành",
"phòng, chống") start no mention.

The pieces (a proper name, a place, an agency's field, a committee …) nest into one another, so
they are written once in a ``(?(DEFINE)…)`` block and called by name (``(?&place)``); ``compile``
prepends the block. Spelled out inline, the office-holder pattern alone ran to 240,000 characters.
"""

from __future__ import annotations

from functools import cache

import regex

from ..data import load_lines

F = regex.V1

# --- building blocks ---------------------------------------------------------------------------

_L = r"[\p{L}\p{M}]"
CAP = rf"\p{{Lu}}[\p{{L}}\p{{M}}&]*"  # "Cao", "Lộc", and abbreviations: "TĐKT", "KH&ĐT"
LOW = rf"\p{{Ll}}{_L}*"
S = r"[^\S\n]"  # a space within a line: a mention never runs into the next paragraph
# Not inside a word, nor inside a symbol: "Số: /UBND-NV", "2054/SNV-TĐKT" hold no actor.
B = r"(?<![\p{L}\p{M}\d&/-])"
E = r"(?![\p{L}\p{M}\d&]|-\p{L})"

# Administrative-unit words (domain §4). "TP" is expanded for canonical names but matched here as
# written: "CT, PCT UBND TP" (Cần Thơ, Hải Phòng). "xã hội" is no commune ("kinh tế - xã hội",
# the motto "CỘNG HÒA XÃ HỘI …").
LEVEL = (
    rf"(?:thành{S}+phố|thị{S}+xã|thị{S}+trấn|đặc{S}+khu|tỉnh|huyện|quận"
    rf"|xã(?!{S}+(?i:hội))|phường|TP\.?)"
)
# A capitalised bare unit word means the issuer's own unit: "UBND Thành phố", "Khối, Cụm thi đua
# Tỉnh" (seed 000); not "Tỉnh ủy", "Tỉnh Đoàn" (qngai-002).
CAP_LEVEL = rf"(?:Thành{S}+phố|Thị{S}+xã|Tỉnh|Huyện|Quận)(?!{S}+(?i:ủy|đoàn)(?!\p{{L}}))"
CENTRAL_PLACE = rf"(?:Trung{S}+ương|TW|TƯ)"

# Named pieces, defined once in DEFINE() and called as (?&name).
NAME = "(?&name)"
PLACE = "(?&place)"
FIELD = "(?&field)"
COMMITTEE = "(?&committee)"
LOCAL = "(?&local)"
PARTY = "(?&party)"
CENTRAL = "(?&central)"
STANDING = "(?&standing)"
AGENCY = "(?&agency)"
GROUP = "(?&group)"
TITLES = "(?&titles)"


def _words(term: str, space: str = r"\s+") -> str:
    return space.join(regex.escape(w) for w in term.split())


def _alt(terms: list[str]) -> str:
    """Longest first; spaces match any run of whitespace (wraps are joined, spacing varies)."""
    return "(?:" + "|".join(_words(t) for t in sorted(set(terms), key=len, reverse=True)) + ")"


def _title_alt(terms: list[str]) -> str:
    """Titles may open with a lower-case letter in running text ("chủ tịch UBND các xã", seed
    004), except one-syllable ones ("Trưởng": "tăng trưởng" is a word) and abbreviations."""
    out = []
    for t in sorted(set(terms), key=len, reverse=True):
        body = _words(t)
        if " " in t and not t.isupper():
            body = f"[{t[0]}{t[0].lower()}]" + body[1:]
        out.append(body)
    return "(?:" + "|".join(out) + ")"


@cache
def terms(role: str) -> list[str]:
    rows = (line.split("\t")[:2] for line in load_lines("actor_terms.tsv"))
    return [t.strip() for t, r in rows if r.strip() == role]


_HEAD_ROLES = ("committee", "local", "party", "agency", "central", "standing", "title")
# One-syllable agency heads that are also syllables of place names ("Hải Phòng", "Hội An", "Vụ
# Bản", "Ban Mê Thuột"): a proper name may run through them; the other head words end it.
_IN_PLACE_NAMES = {"Phòng", "Vụ", "Ban", "Viện", "Trường", "Đài", "Báo", "Hội", "Quỹ", "Đoàn"}


@cache
def name_stops() -> str:
    """Words that end a proper name ("UBND huyện Cao Lộc Chủ tịch …", "tỉnh Lạng Sơn UBND …")."""
    roles = (*_HEAD_ROLES, "title_alone")
    return _alt([t for role in roles for t in terms(role) if t not in _IN_PLACE_NAMES])


@cache
def agency_heads() -> str:
    """Head words of agencies and complete central names: such an issuer has initials ("CT")."""
    return _alt(terms("agency") + terms("central"))


@cache
def province_names() -> str:
    """The provinces of ``province_mergers_2025.tsv``, with any spacing around a dash."""
    names = {line.split("\t")[0].strip() for line in load_lines("province_mergers_2025.tsv")}
    dash = rf"{S}*[-–]{S}*"
    spelled = (dash.join(_words(part, rf"{S}+") for part in n.split(" - ")) for n in names)
    return "(?:" + "|".join(sorted(spelled, key=len, reverse=True)) + ")"


@cache
def _pieces() -> dict[str, str]:
    """The named pieces, each written once."""
    syllable = rf"(?!(?&stop){E}){CAP}"
    word = rf"(?!(?&stop){E}){CAP}(?:{S}+(?!{LEVEL}{E}){LOW})?"
    levels = rf"(?:các{S}+)?(?:cấp{S}+)?{LEVEL}(?:{S}*(?:,|và){S}*{LEVEL})*"
    noun = _alt(terms("group"))
    nouns = rf"{noun}(?:{S}*(?:,|và){S}*{noun})*{E}"
    rel = rf"(?:(?:trực{S}+)?thuộc|của|trên{S}+địa{S}+bàn|đóng{S}+trên{S}+địa{S}+bàn)"
    owner = rf"(?:{COMMITTEE}|{LOCAL}|{AGENCY}|{PARTY}|{CENTRAL}|{PLACE}|Bộ|Sở)"
    item = rf"(?:{FIELD}|{NAME})"
    title = rf"(?:Phó{S}+)?{_title_alt(terms('title') + terms('title_alone'))}"
    return {
        "stop": name_stops(),
        # a place or body's proper name: a province of the merger table first ("UBND tỉnh Vĩnh Phúc
        # Quy định …", tvpl-046, stops at "Phúc"), else capitalised syllables ("Bà Rịa - Vũng Tàu"),
        # or a number ("Quận 1")
        "name": (
            rf"(?:{province_names()}{E}|\d{{1,3}}{E}"
            rf"|{syllable}(?:(?:{S}+|{S}*-{S}*){syllable}){{0,4}})"
        ),
        # "tỉnh Lạng Sơn", "huyện", "các xã, thị trấn", "cấp tỉnh", "Thành phố", "các tỉnh, thành
        # phố trực thuộc Trung ương", "Trung ương"
        "place": (
            rf"(?:{levels}(?:{S}+{NAME})?(?:{S}+trực{S}+thuộc{S}+{CENTRAL_PLACE})?"
            rf"|{CAP_LEVEL}(?:{S}+{NAME})?|{CENTRAL_PLACE}){E}"
        ),
        # an agency's own name after its head: known fields first ("Lao động - Thương binh và Xã
        # hội"), else capitalised words, each with at most one lower-case syllable after it ("Chỉ
        # đạo", "Thi đua - Khen thưởng"), so that "Ban Quản lý dự án" gives "Ban Quản lý" and stops
        "field": (
            rf"(?:{_alt(terms('field'))}{E}"
            rf"|{word}(?:(?:{S}+và{S}+|{S}*-{S}*|,{S}+|{S}+){word}){{0,3}}{E})"
        ),
        # "UBND huyện", "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND các xã, thị trấn", "Ủy ban MTTQVN
        # huyện", "Ủy ban nhân dân" alone (the issuer's own: "Văn phòng Ủy ban nhân dân")
        "committee": rf"{B}{_alt(terms('committee'))}(?:{S}+{PLACE}|{E})",
        # the unit required: "Công an tỉnh", "Thanh tra huyện", "Thuế tỉnh Tây Ninh" (tvpl-022)
        "local": rf"{B}{_alt(terms('local'))}{S}+{PLACE}",
        # "Tỉnh ủy", "Huyện ủy Cao Lộc", "Thành ủy"
        "party": rf"{B}{_alt(terms('party'))}(?:{S}+{NAME})?{E}",
        "central": rf"{B}{_alt(terms('central'))}{E}",
        # "Thường trực Tỉnh ủy", "TT HĐND thị xã" (seed 001), "BTT Ủy ban MTTQ Việt Nam tỉnh"
        # (qngai-002), "Đoàn Chủ tịch UBTWMTTQ Việt Nam" (tvpl-016)
        "standing": rf"{B}{_alt(terms('standing'))}\.?{S}+(?:{COMMITTEE}|{PARTY}|{CENTRAL})",
        # head + field [+ unit]: "Sở Nội vụ", "Phòng Nội vụ huyện", "Ban Tuyên giáo Tỉnh ủy", "Văn
        # phòng UBND tỉnh", "Văn phòng Bộ" (bare: the issuer's ministry, tvpl-016), "Cục Thuế",
        # "Ủy ban Dân nguyện và Giám sát Quốc hội" (tvpl-016)
        "agency": (
            rf"{B}{_alt(terms('agency'))}{S}+"
            rf"(?:{COMMITTEE}|{PARTY}|{CENTRAL}|{FIELD}|(?:Bộ|Sở|Cục)(?!{S}*\p{{Lu}}))"
            rf"(?:{S}+(?:{PLACE}|{PARTY}|(?:của{S}+)?Quốc{S}+hội{E}))?"
        ),
        # "các cơ quan, đơn vị", "các sở, ban, ngành tỉnh", "các Bộ, cơ quan ngang Bộ, cơ quan thuộc
        # Chính phủ"; a qualifier ("thuộc …", "của …", "trên địa bàn …", "có liên quan"), with one
        # class before the owner ("các cơ quan, đơn vị thuộc khối, cụm thi đua của huyện", seed 003;
        # "Các đơn vị thuộc Cụm, Khối thi đua thuộc tỉnh", seed 002); a list after a colon ("các
        # Bộ: Tài chính, Y tế", tvpl-008)
        "group": (
            rf"{B}(?:[Cc]ác|[Nn]hững){S}+{nouns}"
            rf"(?:(?:{S}+{rel}{S}+{nouns}(?:{S}+thi{S}+đua)?(?={S}+{rel}{S}+{owner}))?"
            rf"{S}+{rel}{S}+{owner})?"
            rf"(?:{S}+(?:có{S}+)?liên{S}+quan)?"
            rf"(?:{S}*:{S}*(?:Bộ{S}+)?{item}(?:{S}*(?:,|và){S}*(?:Bộ{S}+)?{item})*)?"
        ),
        "titles": rf"{title}(?:{S}*(?:,|và){S}*(?:các{S}+)?{title})*",
    }


@cache
def definitions() -> str:
    return "(?(DEFINE)" + "".join(f"(?P<{k}>{v})" for k, v in _pieces().items()) + ")"


def compile(body: str, flags: int = F) -> regex.Pattern[str]:
    """A pattern that may call the named pieces (``NAME``, ``PLACE``, ``FIELD`` …)."""
    return regex.compile(definitions() + body, flags)


# --- mentions ----------------------------------------------------------------------------------


@cache
def office_holder() -> str:
    """Title(s) + body or group: "Chủ tịch UBND huyện", "CT, các PCT UBND huyện", "Bộ trưởng Bộ
    Tài chính", "Thủ trưởng các cơ quan, đơn vị", "Bộ trưởng các Bộ: Tài chính, Nội vụ" (VPCP
    addressees); and the posts that stand alone ("Thủ tướng Chính phủ", "Chủ tịch nước")."""
    body = rf"(?:{GROUP}|{STANDING}|{COMMITTEE}|{LOCAL}|{PARTY}|{AGENCY}|{CENTRAL})"
    return rf"{B}(?:{TITLES}{S}+{body}|(?:Phó{S}+)?{_alt(terms('title_alone'))}{E})"


@cache
def title_start() -> regex.Pattern[str]:
    """A name that opens with a post: "Chủ tịch UBND huyện", "Phó Thủ tướng", "Thành viên …"."""
    titles = _title_alt(terms("title") + terms("title_alone"))
    return regex.compile(rf"(?:Phó{S}+)?{titles}(?![\p{{L}}\p{{M}}])", F)


@cache
def start_pattern() -> regex.Pattern[str]:
    """Where a mention can start: a head word, a title or "các". The finder tries the patterns only
    there, anchored: ten times faster than scanning the text with each of them."""
    heads = [t for role in _HEAD_ROLES if role != "title" for t in terms(role)]
    titles = _title_alt(terms("title") + terms("title_alone"))
    return regex.compile(rf"{B}(?:{_alt(heads)}|Phó{S}|{titles}|[Cc]ác{S}|[Nn]hững{S})", F)


@cache
def mention_patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(pattern name, compiled pattern); the finder keeps the longest of overlapping candidates."""
    named = {
        "office_holder": office_holder(),
        "group": GROUP,
        "agency": AGENCY,
        "standing": STANDING,
        "committee": COMMITTEE,
        "local": LOCAL,
        "party": PARTY,
        "central": CENTRAL,
    }
    return tuple((name, compile(body)) for name, body in named.items())
