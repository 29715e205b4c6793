"""The rules-only baseline: cue words decide whether a unit is a directive, its modality and its
category (domain guide §6, guidelines O3-O8). The trained model is measured against it, and the
pipeline falls back on it when the model file is missing."""

from __future__ import annotations

import regex

from ..obligations import cues
from ..obligations.units import Unit

# A reported fact: "đã ban hành", "đang rà soát" without a directive word (domain guide §6).
_FACT_START = regex.compile(r"^(?:Ngày\s+\d|Năm\s+\d|Trong\s+(?:năm|thời\s+gian)|Qua\s+)", regex.I)


def in_background(unit: Unit) -> bool:
    """Inside a section about results, purpose or scope (O3): "I. ĐÁNH GIÁ CHUNG", "MỤC ĐÍCH"."""
    top = unit.ancestors[0] if unit.ancestors else ""
    return bool(top) and cues.has(top, "background") and not cues.has(top, "lead_in")


def under_request(unit: Unit) -> bool:
    """Its heading, lead-in or label asks for action ("UBND tỉnh yêu cầu …:", "Giao Sở X:")."""
    return any(cues.has(t, "lead_in") for t in (unit.lead_in, unit.label, *unit.ancestors))


def opens_with_verb(quote: str) -> bool:
    found = cues.hits(quote[:40], ("intensifier", "auxiliary", *cues.category_kinds()))
    return bool(found) and found[0].start == 0


def is_directive(unit: Unit) -> bool:
    """A unit that requires or forbids an action of someone (O5), by cue words."""
    quote = unit.quote
    if unit.ends_with_colon or len(quote.split()) < 4 or in_background(unit):
        return False
    directive = cues.has(quote, "directive") or cues.has(unit.label, "lead_in")
    if cues.modality(quote, unit.lead_in) == "prohibition":
        return True
    if cues.has(quote, "fact") and not directive or _FACT_START.match(quote):
        return False
    if directive:
        return True
    return opens_with_verb(quote) and (under_request(unit) or unit.level >= 0)


def score(unit: Unit) -> float:
    """A pseudo-confidence for sorting: 1.0 for a rule hit, 0.0 otherwise."""
    return 1.0 if is_directive(unit) else 0.0
