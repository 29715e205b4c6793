"""Deadline, legal basis and action of one unit (guidelines O12), by rules.

- deadline: the date of a deadline mention inside the unit, else inside its heading (the date
  belongs only to the sentence that states it); a recurring date gives its first occurrence, and
  of two dates the earlier;
- legal basis: the number_symbols of references mentioned in the unit, its heading or lead-in,
  or the sentence of the same item it continues;
- action: a short verb-first paraphrase: the unit without its subject frame ("Yêu cầu X", "X
  phải"), cut at the first clause boundary past a dozen words (not scored, for people).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .units import Unit

Range = tuple[int, int]


@dataclass(frozen=True)
class DeadlineMention:
    start: int
    end: int
    dates: tuple[str, ...]  # ISO, as the deadlines extractor resolved them


@dataclass(frozen=True)
class ReferenceMention:
    number_symbol: str
    start: int
    end: int


def _inside(start: int, end: int, ranges: Sequence[Range]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def deadline_of(unit: Unit, mentions: Sequence[DeadlineMention]) -> str | None:
    """The earliest date stated in the unit, else in its headings (not its lead-in sentence,
    whose date belongs to that sentence)."""
    own = [d for m in mentions if _inside(m.start, m.end, [(unit.start, unit.end + 1)]) for d in m.dates]
    if own:
        return min(own)
    headings = unit.context_spans[: len(unit.ancestors)]
    inherited = [d for m in mentions if _inside(m.start, m.end, headings) for d in m.dates]
    return min(inherited) if inherited else None


def legal_basis_of(unit: Unit, mentions: Sequence[ReferenceMention], previous: Range | None = None) -> list[str]:
    """number_symbols cited in the unit, its headings and lead-in, or the sentence it continues,
    in first-mention order."""
    ranges = [(unit.start, unit.end + 1), *unit.context_spans]
    if previous is not None:
        ranges.append(previous)
    out: list[str] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.number_symbol and m.number_symbol not in out and _inside(m.start, m.end, ranges):
            out.append(m.number_symbol)
    return out


_FRAME = regex.compile(
    r"^(?:.{0,160}?\s)?(?:phải|cần|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?)"
    r"\s+(?=\p{Ll})",
    regex.I,
)
_ACTION_WORDS = 18


def action_of(unit: Unit, assignees: Sequence[str]) -> str:
    """A verb-first paraphrase: the quote without the subject and modal frame, shortened."""
    text = unit.quote
    for name in sorted(assignees, key=len, reverse=True):
        idx = text.find(name)
        if 0 <= idx <= 40:
            text = text[idx + len(name) :]
            break
    frame = _FRAME.match(text)
    if frame and len(text[: frame.end()].split()) <= 25:
        text = text[frame.end() :]
    text = text.strip(" ,:;-")
    words = text.split()
    if len(words) > _ACTION_WORDS:
        cut = " ".join(words[:_ACTION_WORDS])
        clause = regex.search(r"^(.{30,}?)[,;](?=\s)", cut)
        text = clause.group(1) if clause else cut
    return (text[:1].lower() + text[1:]) if text else text
