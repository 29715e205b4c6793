"""Issuers and types of cited instruments: what the symbol settles, and what the text states.

Guidelines R5/R6: the type comes from the word before the number, or after a bare "Văn bản số"
from the symbol's type abbreviation; the issuer is "the full name as the text states it" with
abbreviations expanded and the document's own unit filled in ("của UBND huyện" → "Ủy ban nhân dân
huyện Cao Lộc", seed 003), or what the symbol settles beyond doubt (``NĐ-CP`` → "Chính phủ",
``nlp/data/issuer_codes.tsv``). Pure functions; ``legal_refs`` calls them while resolving.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cache

from ..contract import Metadata
from ..data import load_lines
from ..names import canonical_name
from . import legal_ref_patterns as P
from .provinces import find_province

# Party committees named by level: "của Huyện ủy" → "Huyện ủy Tây Sơn" (seed 004)
PARTY_COMMITTEES = {
    "tỉnh ủy": "tỉnh", "thành ủy": "thành phố", "huyện ủy": "huyện", "thị ủy": "thị xã",
    "quận ủy": "quận",
}  # fmt: skip
PROVINCE = "province"  # key of the own province, as a phrase ("tỉnh Quảng Ngãi"), in own units


@cache
def _issuer_codes() -> dict[str, str]:
    return dict(line.split("\t")[:2] for line in load_lines("issuer_codes.tsv"))


def symbol_groups(number_symbol: str) -> list[str]:
    """``91/2017/NĐ-CP`` → ``["NĐ", "CP"]``; ``34-CT/TW`` → ``["CT", "TW"]``."""
    rest = P.SYMBOL_NUMBER_PART.sub("", number_symbol)
    return [g for g in P.SYMBOL_GROUP_SEP.split(rest) if g]


def symbol_type(number_symbol: str) -> str | None:
    """The type a symbol's first group names (Decree 30 App. III): ``TB`` → ``thong_bao``."""
    groups = symbol_groups(number_symbol)
    return P.TYPE_BY_ABBR.get(groups[0]) if groups else None


def symbol_issuer(number_symbol: str) -> str | None:
    """The issuer a symbol settles (guidelines R6), from ``nlp/data/issuer_codes.tsv``: the group
    after a type abbreviation ("NĐ-CP", "CT-TTg", "TB-VPCP"), else the first group (a công văn
    "BTC-PTHT", a law "QH15"); a trailing term number is ignored."""
    groups = symbol_groups(number_symbol)
    if not groups:
        return None
    codes = _issuer_codes()
    candidates = groups[1:2] if groups[0] in P.TYPE_BY_ABBR else groups[:1]
    for code in candidates:
        name = codes.get(code) or codes.get(P.TRAILING_DIGITS.sub("", code))
        if name:
            return name
    return None


def canonical_issuer(written: str, units: Mapping[str, str]) -> str:
    """``UBND tỉnh`` → ``Ủy ban nhân dân tỉnh Lạng Sơn``: abbreviations expanded, capitals put in
    running-text case, and a bare level word, a Party committee or a Sở of the own province
    completed with the document's own unit (``units``, see ``own_units``)."""
    name = canonical_name(P.FOOTNOTE_MARK.sub("", written)).strip(" ,;.")
    low = name.casefold()
    for committee, level in PARTY_COMMITTEES.items():
        if low.endswith(committee) and units.get(level):
            return f"{name} {units[level]}"  # "Huyện ủy" → "Huyện ủy Tây Sơn" (seed 004)
    m = P.BARE_LEVEL_END.search(name)
    if m and units.get(m.group("level").casefold()):
        level = m.group("level").casefold()
        return f"{name[: m.start()]}{level} {units[level]}"
    # a Sở of the own province: "Giám đốc Sở Tài chính" → "… tỉnh Quảng Ngãi" (qngai-011)
    if (
        P.PROVINCIAL_DEPARTMENT.search(name)
        and not P.LEVEL_WORD.search(name)
        and units.get(PROVINCE)
    ):
        return f"{name} {units[PROVINCE]}"
    # a level word capitalised mid-name means the issuer's own unit ("UBND Thành phố", seed 000)
    return P.LEVEL_WORD.sub(lambda x: x.group(1).casefold() if x.start() > 0 else x.group(1), name)


def own_units(text: str, metadata: Metadata | None) -> dict[str, str]:
    """The document's own administrative units by level ("huyện" → "Cao Lộc") and its province
    as a phrase (``PROVINCE`` → "tỉnh Lạng Sơn").

    In order: the issuer and parent names in the metadata; else the one unit of a level that the
    text names (seed 003 names only "tỉnh Lạng Sơn"; province names are checked against the
    province table, so "UBND tỉnh Võ Phiên", a person, is none, qngai-003); else, for a document
    without a header, its place line for the level it calls itself by ("Chủ tịch UBND huyện yêu
    cầu", place "Cao Lộc", seed 003). A Cục Thuế letter's "UBND tỉnh" is another province's
    (tvpl-030), so the place line is not used when the issuer is known.
    """
    units: dict[str, str] = {}
    own_names = (
        [metadata.issuer.name, metadata.issuer.parent or ""] if metadata and metadata.issuer else []
    )
    for name in own_names:
        for m in P.UNIT_MENTION.finditer(name):
            _add_unit(units, m.group("level").casefold(), m.group("name"))
    for level, name in _units_named_once(text).items():
        if level not in units:
            _add_unit(units, level, name)
    place = metadata.place if metadata else None
    if place and place not in units.values() and not own_names:
        for level in P.LEVELS:
            if level not in units and P.bare_level_self(level).search(text):
                units[level] = place
                break
    return units


def _units_named_once(text: str) -> dict[str, str]:
    """Per level, the unit the text names clearly more often than any other."""
    counts: dict[str, Counter[str]] = {}
    for m in P.UNIT_MENTION.finditer(text):
        level, name = m.group("level"), m.group("name")
        if level == "tỉnh":
            name = province_prefix(name) or ""
            if not name:
                continue
        counts.setdefault(level, Counter())[name] += 1
    named = {}
    for level, counter in counts.items():
        (top, n), (_second, m) = (counter.most_common(2) + [("", 0)])[:2]
        if m * 2 < n:
            named[level] = top
    return named


def _add_unit(units: dict[str, str], level: str, name: str) -> None:
    if level in ("tỉnh", "thành phố"):
        province = province_prefix(name)
        row = find_province(province) if province else None
        if row and PROVINCE not in units and row.level == level:
            units[PROVINCE] = f"{level} {province}"
        if level == "tỉnh":
            name = province or name
    units.setdefault(level, name)


def province_prefix(name: str) -> str | None:
    """The longest leading words of ``name`` that name a province ("Phú Thọ Cộng Hòa", a header
    line run into the motto in qlvb-001 → "Phú Thọ")."""
    words = name.split()
    for k in range(len(words), 0, -1):
        if find_province(" ".join(words[:k])):
            return " ".join(words[:k])
    return None
