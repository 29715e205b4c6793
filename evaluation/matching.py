"""Value normalisation and one-to-one matching, as the contract's "How outside scorers match"
section prescribes. Pure functions: they know nothing of the pipeline."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

import regex
from vanban.nlp.names import expand_abbreviations

G = TypeVar("G")
P = TypeVar("P")


def unify(value: str) -> str:
    """NFC and one tone-mark placement (hoà = hòa), as the pipeline's text has."""
    from vanban.nlp.mapped import MappedText
    from vanban.nlp.normalize import unify_tone_marks

    return unify_tone_marks(MappedText(unicodedata.normalize("NFC", value))).text


def fold(value: str | None) -> str:
    """NFC, tone marks unified, case-folding and whitespace folding (metadata fields)."""
    if value is None:
        return ""
    return " ".join(unify(value).casefold().split())


_PUNCT = regex.compile(r"[\p{P}\p{S}]+")


def fold_name(value: str | None) -> str:
    """Recipient and issuer names: abbreviations expanded, case-folded, punctuation stripped,
    tone-mark placement unified (so "UBND tỉnh" equals "Ủy ban nhân dân tỉnh")."""
    if not value:
        return ""
    text = expand_abbreviations(unify(value))
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def fold_number_symbol(value: str | None) -> str:
    """Đ and D stay distinct, spaces and a trailing dot are dropped, inner dots kept."""
    if not value:
        return ""
    return regex.sub(r"\s+", "", unicodedata.normalize("NFC", value)).rstrip(".")


def words(value: str) -> list[str]:
    return fold(_PUNCT.sub(" ", value or "")).split()


def word_f1(a: str, b: str) -> float:
    """Word-level F1 of two quotes (multiset overlap), after the contract's normalisation.

    Computed as 2·overlap / (|a| + |b|), equal to 2PR/(P+R) but with a single rounding, so that
    a pair exactly at the contract's threshold (9 shared words of 13 and 17: 0.6) is not lost.
    """
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    overlap = sum((Counter(wa) & Counter(wb)).values())
    return 2 * overlap / (len(wa) + len(wb))


def match_one_to_one(
    gold: Sequence[G], pred: Sequence[P], score: Callable[[G, P], float], threshold: float
) -> list[tuple[int, int, float]]:
    """Pairs (gold index, pred index, score), best-scoring pairs first, each item used once."""
    candidates = [
        (s, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (s := score(g, p)) >= threshold
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for s, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, s))
    return pairs
