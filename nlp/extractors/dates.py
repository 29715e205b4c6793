"""Pure parsers for Vietnamese dates (no spaCy): "ngày 19 tháng 7 năm 2023", "29/9/2023",
"ngày tháng 10 năm 2023" (blank parts), "4-7-2017" (Party prose)."""

from __future__ import annotations

import datetime as dt

import regex

# blanks allowed in drafts: "ngày   tháng 10 năm 2023" (domain §5)
LONG_DATE = regex.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", regex.V1 | regex.I
)
NUMERIC_DATE = regex.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})(?![\d/])"
)


def iso_date(day: int | None, month: int | None, year: int | None) -> str | None:
    """ISO date, or "YYYY-MM"/"YYYY" when parts are blank; None when the parts are impossible."""
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def parse_date(text: str) -> str | None:
    """The first date written in ``text``, as ISO (partial when the text leaves parts blank)."""
    candidates = [m for m in (LONG_DATE.search(text), NUMERIC_DATE.search(text)) if m]
    if not candidates:
        return None
    m = min(candidates, key=lambda x: x.start())
    return iso_date(_int(m.group("d")), _int(m.group("m")), _int(m.group("y")))
