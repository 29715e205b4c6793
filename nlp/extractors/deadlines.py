"""Deadlines: the dates by which, or on which, something must be done (contract ``deadlines``).

The component ``vanban_deadlines`` works in eyecite's three steps (style-models §1):

1. ``find``: every date mention of the text (``deadline_patterns``), kept only when a cue just
   left of it makes it a deadline ("trước", "chậm nhất", "vào", a "Thời gian:" field), plus
   durations ("trong thời hạn 05 ngày làm việc kể từ …") and periodic phrases ("định kỳ hằng
   quý"). Dates without a cue (cited instruments' dates, past events, effective dates, cut-offs)
   never become candidates; header parts and Căn cứ clauses are skipped.
2. ``resolve``: each candidate gets its ISO date against the document's own date
   (``doc._.metadata.date``): a missing year from the document (the next year when clearly
   before it), a yearly day/month its first occurrence after the document date (guidelines D2),
   a duration its end by the Civil Code's counting (``calendar.py``). Past dates recalled as
   background are dropped (D4).
3. ``set_annotations``: ``doc.spans["deadlines"]`` holds every deadline mention, labelled with its
   kind (``span._.deadline_dates``, ``span._.deadline_rule`` say what was read and why: "Ngày
   26, 27/12/2011" is one span with two dates; undated ones such as "trước ngày 5 hằng tháng"
   are kept here only); ``doc._.deadlines`` holds the contract's ``Deadline`` objects, one per
   date, in text order (D1: "list each date once").

Place it after ``vanban_metadata``, whose document date it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..contract import Deadline, DeadlineKind
from ..tokenizer import doc_text
from . import deadline_patterns as P
from .calendar import Unit, period_end
from .dates import (
    CLEARLY_BEFORE,
    DocDate,
    month_end,
    next_yearly,
    parse_count,
    resolve_missing_year,
    valid_date,
)

KEY = "deadlines"  # doc.spans key
FACTORY = "vanban_deadlines"

LEFT_WINDOW = 160  # characters of left context a cue is looked for in


def register_extensions() -> None:
    """``doc._.deadlines`` (contract objects) and the two span attributes of ``doc.spans[KEY]``."""
    if not Doc.has_extension("deadlines"):
        Doc.set_extension("deadlines", default=None)
    for name in ("deadline_dates", "deadline_rule"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


# --- data passed between the steps ----------------------------------------------------------------


@dataclass(frozen=True)
class DateMention:
    """A date as written: one or more days of a month, a month, or a year; parts may be missing."""

    start: int
    end: int
    days: tuple[int, ...] = ()
    month: int | None = None
    year: int | None = None
    after_ngay: bool = False  # written after the word "ngày"

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return "day" if self.days else "month" if self.month else "year"


@dataclass(frozen=True)
class Candidate:
    """A deadline mention found in the text, before its date is settled."""

    start: int  # where the cue starts (or the date, when the cue is a field label or a chain)
    end: int
    kind: DeadlineKind
    rule: str  # which pattern made it a deadline, for the HTML view and for debugging
    mention: DateMention | None = None
    every: str | None = None  # "năm", "tháng", "quý" or "" (định kỳ): a recurring deadline
    duration: tuple[int, Unit] | None = None
    anchor: DateMention | Literal["signing", "event"] | None = None
    opening: bool = False  # "Trong tháng 11 năm 2025, …" opens its sentence (background if past)


@dataclass(frozen=True)
class Resolved:
    start: int
    end: int
    kind: DeadlineKind
    date: str | None
    rule: str


# --- find -----------------------------------------------------------------------------------------


def find(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """Deadline candidates of ``text`` in text order; nothing inside the ``skip`` ranges."""
    found: list[Candidate] = []
    previous: Candidate | None = None
    for mention in find_date_mentions(text):
        if _inside(mention.start, mention.end, skip):
            continue
        candidate = _classify(text, mention, previous)
        if candidate is not None:
            found.append(candidate)
            previous = candidate
    found += [c for c in _find_durations(text) if not _inside(c.start, c.end, skip)]
    found += [c for c in _find_periodic(text, found) if not _inside(c.start, c.end, skip)]
    return sorted(found, key=lambda c: (c.start, c.end))


def find_date_mentions(text: str) -> list[DateMention]:
    """Every date mention, longest patterns first, without overlaps, in text order."""
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []

    def add(mention: DateMention | None) -> None:
        if mention is None or any(s < mention.end and mention.start < e for s, e in taken):
            return
        taken.append((mention.start, mention.end))
        mentions.append(mention)

    for pattern in (P.DAY_LIST_NUMERIC, P.DAY_LIST_LONG):
        for m in pattern.finditer(text):
            days = tuple(int(d) for d in regex.findall(r"\d+", m.group("days")))
            add(DateMention(m.start(), m.end(), days, int(m.group("m")), _int(m.group("y")), True))
    for m in P.LONG_DATE.finditer(text):
        day, month, year = int(m.group("d")), int(m.group("m")), _int(m.group("y"))
        add(DateMention(m.start(), m.end(), (day,), month, year, True))
    for m in P.NUMERIC_DATE.finditer(text):
        add(_numeric(m))
    for m in P.MONTH.finditer(text):
        add(DateMention(m.start(), m.end(), (), int(m.group("m")), _int(m.group("y"))))
    for m in P.YEAR_IN.finditer(text):
        add(DateMention(m.start(), m.end(), (), None, int(m.group("y"))))
    return sorted((m for m in mentions if _plausible(m)), key=lambda m: m.start)


def _numeric(m: regex.Match[str]) -> DateMention:
    """A numeric date; a year-less one only after "ngày" or a cue (checked in ``_classify``)."""
    after_ngay = m.group("ngay") is not None
    start = m.start() if after_ngay else m.start("d")
    day, month, year = int(m.group("d")), int(m.group("m")), _int(m.group("y"))
    return DateMention(start, m.end(), (day,), month, year, after_ngay)


def _plausible(m: DateMention) -> bool:
    if m.month is not None and not 1 <= m.month <= 12:
        return False
    return all(1 <= d <= 31 for d in m.days)


def _classify(text: str, mention: DateMention, previous: Candidate | None) -> Candidate | None:
    """The cue that makes a date mention a deadline, or None."""
    if P.RANGE_AFTER.match(text, mention.end):
        return None
    left_raw = text[max(0, mention.start - LEFT_WINDOW) : mention.start]
    offset = mention.start - len(left_raw)
    left = _strip_clock(left_raw)
    if mention.precision == "year":  # "hoàn thành trong năm 2025"
        m = P.COMPLETION_BEFORE_YEAR.search(left)
        return (
            Candidate(mention.start, mention.end, "on", "completion_year", mention) if m else None
        )
    cue = _tight_cue(left)
    if cue is not None:
        kind, rule, cue_at = cue
        start = offset + cue_at
        if _cancelled(text, start):
            return None
    elif not P.NOT_A_CUE.search(left) and P.TIME_FIELD.search(left):
        kind, rule, start = "on", "time_field", mention.start
    elif previous is not None and _chained(text, previous, mention):
        kind, rule, start = previous.kind, "chain", mention.start
    else:
        return None
    if _bare_numeric(mention) and kind not in ("before", "no_later_than"):
        return None  # "1/2 ngày" (half a day), "24/24" after a field label
    opening = _opens_sentence(text, start)
    return _with_recurrence(
        text, Candidate(start, mention.end, kind, rule, mention, opening=opening)
    )


def _cancelled(text: str, cue_start: int) -> bool:
    """A past tense or an effective-date phrase just before the cue (D4)."""
    window = max(0, cue_start - 40)
    return bool(
        P.PAST_BEFORE_CUE.search(text, window, cue_start)
        or P.EFFECTIVE_BEFORE_CUE.search(text, window, cue_start)
    )


def _bare_numeric(mention: DateMention) -> bool:
    """A year-less numeric day/month not written after "ngày" ("30/6")."""
    return mention.precision == "day" and mention.year is None and not mention.after_ngay


def _tight_cue(left: str) -> tuple[DeadlineKind, str, int] | None:
    """A cue word right before the date (kind, rule, where the cue starts in ``left``)."""
    for kind, rule, pattern in (
        ("no_later_than", "no_later_than", P.NO_LATER_THAN),
        ("no_later_than", "deadline_label", P.DEADLINE_LABEL),
        ("before", "before", P.BEFORE),
        ("on", "on", P.ON),
    ):
        if m := pattern.search(left):
            return kind, rule, m.start("cue")
    return None


def _strip_clock(left: str) -> str:
    """Drop clock times, weekdays and parts of the day between a cue and its date; a comma
    only along with them ("08 giờ 00 phút, ngày …"), not alone ("thời hạn, tháng 11 …")."""
    stripped = left
    while (m := P.TRAILING_CLOCK.search(stripped)) and m.start() < len(stripped):
        stripped = stripped[: m.start()]
    if not regex.search(r"[^\s,]", left[len(stripped) :]):
        return left
    return stripped


def _chained(text: str, previous: Candidate, mention: DateMention) -> bool:
    """Two dates joined by "và", "hoặc" or a comma share the first one's cue."""
    if previous.mention is None or mention.start - previous.end > 40:
        return False
    return bool(P.CHAIN.fullmatch(_strip_clock(text[previous.end : mention.start])))


def _opens_sentence(text: str, start: int) -> bool:
    """Nothing but a line start or a sentence end before ``start`` (spaces aside)."""
    before = text[:start].rstrip(" \t")
    return not before or before.endswith(("\n", ".", ";", ":"))


def _with_recurrence(text: str, candidate: Candidate) -> Candidate:
    """Mark a year-less date as recurring when "hằng năm" / "định kỳ" surrounds it (D1: the
    recurring cue wins over the others)."""
    mention = candidate.mention
    if mention is None or mention.year is not None:
        return candidate
    left = P.RECURRING_LEFT.search(text, max(0, candidate.start - 40), candidate.start)
    right = P.RECURRING_RIGHT.match(text, mention.end)
    marker = left or right
    if marker is None:
        return candidate
    end = right.end() if right else candidate.end
    every = marker.group("every") or ""
    return replace(
        candidate, end=end, kind="recurring", every=every, rule=candidate.rule + "+recurring"
    )


def _find_durations(text: str) -> Iterable[Candidate]:
    """``within`` deadlines: a count of days, weeks, months or years, with what it runs from."""
    for m in P.DURATION.finditer(text):
        count = parse_count(m.group("n"))
        if not count:
            continue
        if P.EFFECTIVE_BEFORE_CUE.search(text, max(0, m.start() - 40), m.start()):
            continue
        unit = _unit(m.group("unit"))
        anchor, end = _anchor(text, m.end())
        if anchor is None and not P.ALWAYS_WITHIN.match(m.group("cue")):
            continue  # "không quá 05 năm": a ceiling, not a period
        yield Candidate(m.start(), end, "within", "duration", duration=(count, unit), anchor=anchor)


_UNITS: dict[str, Unit] = {
    "ngày làm việc": "working_day",
    "ngày": "day",
    "tuần": "week",
    "tháng": "month",
}


def _unit(word: str) -> Unit:
    return _UNITS.get(" ".join(word.casefold().split()), "year")


def _anchor(text: str, at: int) -> tuple[DateMention | Literal["signing", "event"] | None, int]:
    """What a duration runs from, and where the phrase ends."""
    if m := P.ANCHOR_SIGNING.match(text, at):
        return "signing", m.end()
    if m := P.ANCHOR_EXPLICIT.match(text, at):
        head = find_date_mentions(text[m.end() : m.end() + 40])
        if head and head[0].start == 0:
            start, end = m.end(), m.end() + head[0].end
            return replace(head[0], start=start, end=end), end
    if m := P.ANCHOR_ANY.match(text, at):
        return "event", m.end()
    return None, at


def _find_periodic(text: str, dated: Sequence[Candidate]) -> Iterable[Candidate]:
    """Recurring duties without a date of their own: spans only (D2)."""
    for m in P.MONTHLY_DAY.finditer(text):
        yield Candidate(m.start(), m.end(), "recurring", "monthly_day", every="tháng")
    recurring_starts = [c.start for c in dated if c.kind == "recurring"]
    for m in P.PERIODIC.finditer(text):
        if any(0 <= s - m.end() < 40 for s in recurring_starts):
            continue  # "Định kỳ hằng năm (trước ngày 30 tháng 11)": the dated mention says it
        yield Candidate(m.start(), m.end(), "recurring", "periodic", every="")


def _inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


# --- resolve --------------------------------------------------------------------------------------


def resolve(candidates: Iterable[Candidate], doc_date: DocDate) -> list[Resolved]:
    """Settle each candidate's date against the document date; drop past ones (D4)."""
    out: list[Resolved] = []
    for c in candidates:
        if c.kind == "within":
            out.append(Resolved(c.start, c.end, c.kind, _within_date(c, doc_date), c.rule))
        elif c.mention is None:
            out.append(Resolved(c.start, c.end, c.kind, None, c.rule))
        else:
            out += [
                Resolved(c.start, c.end, c.kind, d, c.rule) for d in _mention_dates(c, doc_date)
            ]
    return out


def _mention_dates(c: Candidate, doc: DocDate) -> list[str | None]:
    """ISO dates of a dated candidate, one per day listed: ``[None]`` for a recurring one that has
    no date (monthly, quarterly), ``[]`` when nothing is left (no year to read, a past date)."""
    m = c.mention
    assert m is not None
    if c.every is not None:  # recurring
        if c.every not in ("năm", "") or m.month is None:
            return [None]  # monthly or quarterly: no date
        return [next_yearly(m.month, d, doc) for d in (m.days or (None,))]
    year = m.year
    if year is None and m.month is not None:
        year = resolve_missing_year(m.month, m.days[0] if m.days else None, doc)
    if year is None:
        return []  # no document year: never guess
    dates = []
    for day in m.days or (None,):
        span = _date_span(year, m.month, day)
        if span is None or _is_past(c, span, doc):
            continue
        dates.append(_iso(year, m.month, day))
    return dates


def _date_span(year: int, month: int | None, day: int | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a (partial) date denotes; None when impossible (31/6)."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        return dt.date(year, month, 1), month_end(year, month)
    found = valid_date(year, month, day)
    return (found, found) if found else None


def _is_past(c: Candidate, span: tuple[dt.date, dt.date], doc: DocDate) -> bool:
    """A date the document recalls rather than sets: an event before its own date, a sentence
    opening on the current or a past period ("Trong tháng 11 năm 2025, do mưa, lũ …", tvpl-028),
    or a due date more than a few weeks gone (the quoted "trước ngày 20 tháng 9 năm 2025" of a
    26 November dispatch, tvpl-009). A notice may record a due date a few days before its own
    date (tvpl-006: dated 18/11, "trước ngày 15 tháng 11"), hence the margin for due dates."""
    start = doc.start
    if start is None:
        return False
    first, last = span
    if c.opening and first <= start:
        return True
    if c.kind in ("before", "no_later_than"):
        return last < start - CLEARLY_BEFORE
    return last < start


def _within_date(c: Candidate, doc: DocDate) -> str | None:
    """End of a duration whose start the text fixes: the signing date or an explicit date."""
    if c.duration is None:
        return None
    trigger: dt.date | None = None
    if c.anchor == "signing" and doc.day is not None:
        trigger = doc.start
    elif isinstance(c.anchor, DateMention) and c.anchor.year and c.anchor.month and c.anchor.days:
        trigger = valid_date(c.anchor.year, c.anchor.month, c.anchor.days[0])
    if trigger is None:
        return None
    count, unit = c.duration
    return period_end(trigger, count, unit).isoformat()


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


# --- annotate -------------------------------------------------------------------------------------


def set_annotations(doc: Doc, resolved: Sequence[Resolved]) -> None:
    """Every mention into ``doc.spans[KEY]``; one contract ``Deadline`` per date, first mention
    first, into ``doc._.deadlines``."""
    spans: dict[tuple[int, int, str], Span] = {}
    deadlines: list[Deadline] = []
    seen: set[str] = set()
    for r in sorted(resolved, key=lambda r: (r.start, r.end)):
        key = (r.start, r.end, r.kind)
        if key not in spans and (
            span := doc.char_span(r.start, r.end, label=r.kind, alignment_mode="expand")
        ):
            span._.deadline_dates, span._.deadline_rule = [], r.rule
            spans[key] = span
        if key in spans and r.date is not None:
            spans[key]._.deadline_dates.append(r.date)
        if r.date is None or r.date in seen:
            continue
        seen.add(r.date)
        deadlines.append(
            Deadline(
                date=r.date, kind=r.kind, text=doc_text(doc)[r.start : r.end], span=(r.start, r.end)
            )
        )
    doc.spans[KEY] = list(spans.values())
    doc._.deadlines = deadlines


def skipped_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the parts whose dates are never deadlines (header, Căn cứ, tail)."""
    return [(p.start, p.end) for p in (doc._.parts or []) if p.label in P.SKIPPED_PARTS]


@Language.component(FACTORY, requires=["doc._.metadata"], assigns=["doc._.deadlines", "doc.spans"])
def deadlines_component(doc: Doc) -> Doc:
    """Find, resolve and annotate the document's deadlines."""
    metadata = doc._.metadata
    doc_date = DocDate.parse(metadata.date if metadata is not None else None)
    set_annotations(doc, resolve(find(doc_text(doc), skipped_ranges(doc)), doc_date))
    return doc


def extract(
    text: str, doc_date: str | None = None, skip: Sequence[tuple[int, int]] = ()
) -> list[Deadline]:
    """The contract's deadlines of a bare text (tests, scripts): the component's steps without a
    spaCy pipeline."""
    nlp = _blank()
    doc = nlp.make_doc(text)
    set_annotations(doc, resolve(find(text, skip), DocDate.parse(doc_date)))
    return doc._.deadlines


@cache
def _blank() -> Language:
    """A tokenizer-only pipeline (syllables split on spaces: no model to load)."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
