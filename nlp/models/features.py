"""What the classifier sees of one unit: a plain dict of strings and numbers (a "record").

Records are made once per unit (the word segmentation is the costly part) and the sklearn
pipeline's stock transformers pick their field with ``select``. Fields:

- ``text``: the quote (character n-grams suit Vietnamese syllables and OCR noise);
- ``words``: the quote's underthesea word segments, syllables of a word joined by "_";
- ``context``: the words of the enclosing headings, the lead-in and the inline label;
- ``cues``: cue-word tags (``obligations.cues.cue_tags``), the rules' own reading as features;
- ``shape``: position and structure numbers (relative position, depth, sentence index, …).
"""

from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..obligations import cues
from ..obligations.units import Unit

Record = dict[str, Any]

SHAPE_FIELDS = (
    "position", "level", "is_item", "sentence", "first_sentence", "closing", "appendix",
    "ends_with_colon", "length", "has_label", "has_heading", "has_lead_in",
)  # fmt: skip


@lru_cache(maxsize=4096)  # headings and lead-ins repeat for every unit below them
def segment_words(text: str) -> str:
    """underthesea word segments of ``text``, each word's syllables joined by "_", lower case."""
    from underthesea import word_tokenize

    if not text.strip():
        return ""
    return " ".join(w.replace(" ", "_") for w in word_tokenize(text.lower(), use_token_normalize=False))


def unit_record(unit: Unit) -> Record:
    context = " ".join((*unit.ancestors[-2:], unit.lead_in, unit.label))
    shape = {
        "position": unit.position,
        "level": min(unit.level + 1, 5) / 5,
        "is_item": float(unit.level >= 0),
        "sentence": min(unit.sentence, 5) / 5,
        "first_sentence": float(unit.sentence == 0),
        "closing": float(unit.closing),
        "appendix": float(unit.appendix),
        "ends_with_colon": float(unit.ends_with_colon),
        "length": min(math.log1p(len(unit.quote.split())) / 5, 1.5),
        "has_label": float(bool(unit.label)),
        "has_heading": float(bool(unit.heading)),
        "has_lead_in": float(bool(unit.lead_in)),
    }
    return {
        "text": unit.quote.lower(),
        "words": segment_words(unit.quote),
        "context": segment_words(context),
        "cues": " ".join(cues.cue_tags(unit.quote, " ".join((unit.lead_in, unit.label, *unit.ancestors)))),
        "shape": [shape[name] for name in SHAPE_FIELDS],
    }


def select(records: Sequence[Record], field: str) -> list[Any]:
    """One field of every record (the first step of each feature branch)."""
    return [r[field] for r in records]


def select_shape(records: Sequence[Record]) -> np.ndarray:
    return np.asarray([r["shape"] for r in records], dtype=float).reshape(len(records), len(SHAPE_FIELDS))
