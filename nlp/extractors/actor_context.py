"""What a document leaves implicit about its actors: the issuer, the date, and the units that a bare
"huyện", "Tỉnh" or "Bộ" stands for (domain guide §4 "Resolving issuers and actors").

Pure: built from the contract metadata and the text, no spaCy. ``canonical_actor`` reads it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from ..contract import Metadata
from . import actor_patterns as P
from .provinces import DISTRICT_LEVELS, PROVINCE_LEVELS, Province, after_reform, find_province

Unit = tuple[str, str]  # (level word, proper name): ("huyện", "Cao Lộc")

# --- patterns ------------------------------------------------------------------------------------

# "CỘNG HÒA XÃ HỘI …" (the motto, run into an OCR'd header) names no commune
LEVELS = r"(?:thành\s+phố|thị\s+xã|thị\s+trấn|đặc\s+khu|tỉnh|huyện|quận|xã(?!\s+(?i:hội))|phường)"
# a named unit: "huyện Cao Lộc", "tỉnh Thái Bình", "Thành phố Hồ Chí Minh", "TỈNH QUẢNG NGÃI"
UNIT = P.compile(rf"(?<!\p{{L}})(?i:(?P<level>{LEVELS}))\s+(?P<uname>{P.NAME})")
# "UBND huyện", "Ủy ban nhân dân Thành phố" with no name after: how the body of a header-less
# document names its own issuer (seeds 000 and 003)
BARE_COMMITTEE = P.compile(
    rf"(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?P<level>{LEVELS}|Thành\s+phố|Tỉnh|Huyện|Thị\s+xã|Quận)"
    rf"(?!\s*(?:,|và)\s*{LEVELS})(?!\s+{P.NAME})(?!\p{{L}})"
)
# a committee signs: "TM. ỦY BAN NHÂN DÂN" (seed 000) or "Chủ tịch UBND huyện yêu cầu" (seed 003)
COMMITTEE_SIGNS = regex.compile(
    r"(?i)T/?M\.?\s+ỦY\s+BAN\s+NHÂN\s+DÂN"
    r"|Chủ\s+tịch\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+\w+(?:\s+\w+)?\s+yêu\s+cầu"
)
COMMITTEE_NAME = regex.compile(r"(?i)(?:Ủy\s+ban\s+nhân\s+dân|UBND)(?!\p{L})")
# heads that may stand alone for the issuer or its parent: "Lãnh đạo Bộ", "các phòng thuộc Sở"
BARE_HEADS = ("Tổng cục", "Chi cục", "Bộ", "Sở", "Cục")


def level_of(match: regex.Match[str]) -> str:
    """The level word of a UNIT or BARE_COMMITTEE match, lower case, one space: "thành phố"."""
    return " ".join(match.group("level").lower().split())


@dataclass(frozen=True)
class ActorContext:
    """The issuer, the date and the units that the document's bare names stand for.

    ``own``: the issuer's unit below the province (("huyện", "Cao Lộc")); ``province``: its province
    or centrally-run city (("tỉnh", "Lạng Sơn")); ``agencies``: a bare head word → the issuer or
    parent it stands for (("Bộ", "Bộ Tài chính") in a Cục Thuế letter); ``initials``: the issuer's
    initials → its name (("CT", "Cục Thuế")). Build it with ``of`` or ``from_metadata``.
    """

    issuer: str | None = None
    parent: str | None = None
    date: str | None = None
    own: Unit | None = None
    province: Unit | None = None
    agencies: tuple[tuple[str, str], ...] = ()
    initials: tuple[tuple[str, str], ...] = ()
    issuer_inferred: bool = field(default=False, compare=False)

    @property
    def after_reform(self) -> bool:
        """True only when the date is known to fall on or after 1 July 2025."""
        return bool(after_reform(self.date))

    @classmethod
    def of(
        cls,
        issuer: str | None = None,
        *,
        parent: str | None = None,
        date: str | None = None,
        place: str | None = None,
        text: str = "",
    ) -> ActorContext:
        """Units from the issuer and its parent; without them, from the place line and the body's
        bare committee phrases ("Chủ tịch UBND huyện yêu cầu", seed 003). ``text`` also gives the
        province of a district or city issuer whose header does not name it ("UBND tỉnh Lạng
        Sơn")."""
        own, province = units_of(parent, issuer)
        inferred = False
        if own is None and province is None and (issuer is None or COMMITTEE_NAME.match(issuer)):
            own, province, issuer, inferred = _units_from_text(issuer, place, text)
        if own is not None and province is None:
            province = named_province(text)
        if own is not None and own[0] in DISTRICT_LEVELS and after_reform(date):
            own = None  # two-tier government from 1 July 2025 (Law 72/2025): no district left
        return cls(
            issuer=issuer,
            parent=parent,
            date=date,
            own=own,
            province=province,
            agencies=_agencies(issuer, parent),
            initials=_initials(issuer, parent),
            issuer_inferred=inferred,
        )

    @classmethod
    def from_metadata(cls, metadata: Metadata | None, text: str = "") -> ActorContext:
        """From the contract metadata that ``vanban_metadata`` sets (the issuer may be null)."""
        if metadata is None:
            return cls.of(text=text)
        issuer = metadata.issuer
        return cls.of(
            issuer.name if issuer else None,
            parent=issuer.parent if issuer else None,
            date=metadata.date,
            place=metadata.place,
            text=text,
        )

    def unit_name(self, level: str) -> str | None:
        """The proper name a bare unit word of this level stands for, if the context knows it."""
        own, province = self.own, self.province
        if level == "tỉnh":
            return province[1] if province and province[0] == "tỉnh" else None
        if level == "thành phố":
            if own and own[0] == "thành phố":
                return own[1]
            return province[1] if province and province[0] == "thành phố" else None
        return own[1] if own and own[0] == level else None

    def issuer_unit(self) -> Unit | None:
        return self.own or self.province

    def agency(self, head: str) -> str | None:
        return dict(self.agencies).get(head)


def units_of(*names: str | None) -> tuple[Unit | None, Unit | None]:
    """(own unit, province) named in the issuer and its parent: "Ủy ban nhân dân huyện Cao Lộc" →
    own; "Sở Nội vụ tỉnh Thái Bình" → province. Later names win (the issuer over its parent)."""
    own = province = None
    for name in names:
        for m in UNIT.finditer(name or ""):
            level, unit = level_of(m), m.group("uname")
            row = province_prefix(unit) if level in PROVINCE_LEVELS else None
            if row:
                province = (row.level, row.name)
            elif level not in PROVINCE_LEVELS or not unit.isupper():
                own = (level, unit.title() if unit.isupper() else unit)
    return own, province


def province_prefix(name: str) -> Province | None:
    """The province a name starts with: an OCR'd header runs on ("QUẢNG NGÃI CỘNG HÒA …")."""
    words = name.split()
    for n in range(len(words), 0, -1):
        row = find_province(" ".join(words[:n]))
        if row:
            return row
    return None


def _units_from_text(
    issuer: str | None, place: str | None, text: str
) -> tuple[Unit | None, Unit | None, str | None, bool]:
    """A header-less document: the level from the body's bare "UBND <level>" phrases, the name from
    the place line ("Cao Lộc, ngày …") or else from the unit of that level the text names most
    ("UBND thành phố Sa Đéc", seed 000). The issuer is inferred only when a committee signs."""
    levels = Counter(level_of(m) for m in BARE_COMMITTEE.finditer(text))
    if not levels:
        return None, None, issuer, False
    level = levels.most_common(1)[0][0]
    name = place or _named_unit(text, level)
    if not name:
        return None, None, issuer, False
    row = find_province(name) if level in PROVINCE_LEVELS else None
    own, province = (None, (row.level, row.name)) if row else ((level, name), None)
    if issuer is None and COMMITTEE_SIGNS.search(text):
        return own, province, f"Ủy ban nhân dân {level} {name}", True
    return own, province, issuer, False


def _named_unit(text: str, level: str) -> str | None:
    names = Counter(m.group("uname") for m in UNIT.finditer(text) if level_of(m) == level)
    return names.most_common(1)[0][0] if names else None


def named_province(text: str) -> Unit | None:
    """The province a district document names most ("UBND tỉnh Lạng Sơn", seed 003; "Sở Nội vụ
    tỉnh Đồng Tháp", seed 000); None when the text names none (seed 004 never names Bình Định)."""
    found: Counter[Unit] = Counter()
    for m in UNIT.finditer(text):
        if level_of(m) in PROVINCE_LEVELS:
            row = province_prefix(m.group("uname"))
            if row:
                found[(row.level, row.name)] += 1
    return found.most_common(1)[0][0] if found else None


def _agencies(*names: str | None) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for name in names:
        for head in BARE_HEADS:
            if name and regex.match(rf"{head}\s+\p{{Lu}}", name) and head not in out:
                out[head] = name
    return tuple(out.items())


def _initials(*names: str | None) -> tuple[tuple[str, str], ...]:
    """Initials of an agency issuer and its parent ("Cục Thuế" → "CT", "Bộ Tài chính" → "BTC"):
    agencies write their own names so in Nơi nhận ("Website CT", "Vụ PC (BTC)", tvpl-017) and in
    symbols ("2054/SNV-TĐKT", seed 000; "VPCP: BTCN, …" in VPCP and Prime Minister letters)."""
    out = []
    agency_head = regex.compile(P.agency_heads())
    for name in names:
        if not name or len(name) > 80 or COMMITTEE_NAME.match(name) or not agency_head.match(name):
            continue
        stem = UNIT.split(name)[0] if UNIT.search(name) else name
        letters = "".join(w[0].upper() for w in stem.replace("-", " ").split() if w != "và")
        if 2 <= len(letters) <= 6:
            out.append((letters, name))
    return tuple(out)
