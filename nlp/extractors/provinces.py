"""Provinces before and after the 2025 reform (Resolution 202/2025/QH15, Law 72/2025/QH15), read
from ``nlp/data/province_mergers_2025.tsv``. Pure functions, no spaCy.

Names are resolved *as of the document date* (domain guide §4): a 2023 Thái Bình document keeps
Thái Bình, and a province named in a document dated after its merger is flagged, not renamed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from ..data import load_lines
from ..mapped import MappedText
from ..normalize import unify_tone_marks

# Law 72/2025/QH15 Art. 51(3): from this day there is no district level, and 63 provinces became 34.
REFORM_DATE = "2025-07-01"
# Levels that Law 72/2025 abolished (the "cấp huyện"); a thành phố can be either tier, so the merger
# table decides: a thành phố that is not a province is a district-level city (Sa Đéc).
DISTRICT_LEVELS = ("huyện", "quận", "thị xã", "thành phố")
PROVINCE_LEVELS = ("tỉnh", "thành phố")


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # "Thái Bình"
    level: str  # "tỉnh" | "thành phố"
    successor: str  # "Hưng Yên" (itself when the name was kept)
    successor_level: str
    until: str | None  # last day in force, ISO; None while still in force


def fold_place(name: str) -> str:
    """Case, tone-mark style and dash spacing folded: "Bà Rịa-Vũng Tàu" = "bà rịa - vũng tàu",
    "Hoà" = "Hòa"."""
    text = unify_tone_marks(MappedText(unicodedata.normalize("NFC", name))).text
    text = regex.sub(r"\s*[-–]\s*", " - ", text)
    return " ".join(text.casefold().split())


@cache
def provinces() -> dict[str, Province]:
    """Folded name → row, for every province that existed on 30 June 2025 (and Thừa Thiên Huế)."""
    table: dict[str, Province] = {}
    for line in load_lines("province_mergers_2025.tsv"):
        cells = [c.strip() for c in line.split("\t")]
        name, level, successor, successor_level = cells[:4]
        until = cells[4] if len(cells) > 4 and cells[4] else None
        table[fold_place(name)] = Province(name, level, successor, successor_level, until)
    return table


def find_province(name: str) -> Province | None:
    """The table row of a province's bare name ("Thái Bình"; "TP Hồ Chí Minh" → None)."""
    return provinces().get(fold_place(name))


def is_province(name: str) -> bool:
    return find_province(name) is not None


def after_reform(date: str | None) -> bool | None:
    """Whether an ISO date (possibly partial) falls on or after 1 July 2025; None when it cannot be
    told ("2025" alone, or no date)."""
    if not date:
        return None
    year = int(date[:4])
    if year != 2025:
        return year > 2025
    if len(date) < 7:
        return None
    return date[:7] >= REFORM_DATE[:7]


def province_exists(name: str, date: str | None) -> bool | None:
    """Whether the province ``name`` existed under that name on ``date``. None when the name is not
    in the table or the date is unknown. The table records ends, not starts: a name that did not
    exist yet (the city Huế before 2025) is not checked."""
    row = find_province(name)
    if row is None or not date or len(date) < 4:
        return None
    if row.until is None:
        return True
    first, last = _period(date)
    if last <= row.until:
        return True
    return False if first > row.until else None  # a partial date that straddles the end


def _period(date: str) -> tuple[str, str]:
    """First and last day of a possibly partial ISO date ("2025-06" → 2025-06-01, 2025-06-30)."""
    if len(date) >= 10:
        return date[:10], date[:10]
    if len(date) >= 7:
        year, month = int(date[:4]), int(date[5:7])
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return f"{date[:7]}-01", last.isoformat()
    return f"{date[:4]}-01-01", f"{date[:4]}-12-31"


def successor(name: str) -> str | None:
    """The province that ``name`` belongs to after the reform ("Thái Bình" → "Hưng Yên")."""
    row = find_province(name)
    return row.successor if row else None
