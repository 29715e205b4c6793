"""Pure parsers for Vietnamese dates (no spaCy): "ngày 19 tháng 7 năm 2023", "29/9/2023",
"ngày tháng 10 năm 2023" (blank parts), "4-7-2017" (Party prose)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

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
    if year is None or year < dt.MINYEAR:  # "năm 0000" is no year
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


# --- document-relative resolution (deadlines) ------------------------------------------------
# The helpers below settle dates that the text leaves partial ("ngày 05/02", "trước 30/6",
# "trước ngày 10/12 hằng năm") against the document's own date, which may itself be partial
# ("2023-10", "2023"): domain guide §5 and annotation guidelines D1–D2.

# How far before the document date a year-less date may fall and still be read in the document's
# year: a few weeks covers a notice dated after the meeting it records; anything earlier is
# "clearly before" the document (a December letter asking for "trước ngày 10/01") → next year.
CLEARLY_BEFORE = dt.timedelta(days=30)


@dataclass(frozen=True)
class DocDate:
    """The document's own date, with blank parts left None (the contract allows "2023-10")."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> DocDate:
        """From the contract's ISO form; anything unreadable gives an empty date."""
        m = regex.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
        if not m:
            return cls()
        day_month_year = [_int(g) for g in reversed(m.groups())]
        if iso_date(*day_month_year) is None:  # an impossible date ("2023-13-45") is unreadable
            return cls()
        return cls(*(_int(g) for g in m.groups()))

    @property
    def start(self) -> dt.date | None:
        """The earliest day the date can denote ("2023-10" → 1 October 2023)."""
        if self.year is None:
            return None
        return dt.date(self.year, self.month or 1, self.day or 1)


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None for impossible parts (31/6, 29/2 in a common year)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_missing_year(month: int, day: int | None, doc: DocDate) -> int | None:
    """Year of a date written without one: the document's year, or the next one when the
    result falls clearly before the document date (guidelines D1). A month alone counts by its
    last day. No document year → None (never guess)."""
    if doc.year is None or not 1 <= month <= 12:
        return None
    start = doc.start
    candidate = valid_date(doc.year, month, day) if day else month_end(doc.year, month)
    if candidate is None and day == 29 and month == 2:  # 29/02 read in a common year
        candidate = dt.date(doc.year, 2, 28)
    if start is not None and candidate is not None and candidate < start - CLEARLY_BEFORE:
        return doc.year + 1
    return doc.year


def next_yearly(month: int, day: int | None, doc: DocDate) -> str | None:
    """First occurrence, strictly after the document date, of a day/month (or a month) that
    recurs every year: "trước ngày 10/12 hằng năm", "tháng 11 hằng năm" (guidelines D2).
    A partial document date is read as its first day, so a month equal to the document's
    month counts as the same year only when the day can still come after it."""
    if doc.year is None or not 1 <= month <= 12:
        return None
    year = doc.year
    if doc.month is not None:
        if day is None:  # a whole month: it must start after the document's month
            if month <= doc.month:
                year += 1
        elif (month, day) <= (doc.month, doc.day or 0):
            year += 1
    if day is None:
        return f"{year:04d}-{month:02d}"
    found = valid_date(year, month, day) or (
        valid_date(year + 1, month, day) if (month, day) == (2, 29) else None
    )
    return found.isoformat() if found else None


# Counts written in words in durations ("trong thời hạn mười ngày", "năm ngày", "mười lăm ngày").
_UNITS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip


def parse_count(text: str) -> int | None:
    """A small cardinal written in digits ("05") or in words ("mười lăm", "hai mươi")."""
    words = text.casefold().split()
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    current = 0
    for w in words:
        if w in ("mười", "mươi"):
            current = (current or 1) * 10
        elif w in _UNITS and not (w in ("lăm", "mốt") and current == 0):
            current += _UNITS[w]
        else:
            return None
    return current or None
