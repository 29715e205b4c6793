"""Cue words of directive language, read from ``nlp/data/obligation_cues.tsv``.

The rules baseline decides with them; the model sees them as features (``cue_tags``). Matching is
case-insensitive on word boundaries; a phrase's spaces match any run of whitespace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from ..data import load_lines

CUE_FILE = "obligation_cues.tsv"
CATEGORIES = (
    "report", "submit", "implement", "review", "issue_document", "organize", "communicate",
    "coordinate", "other",
)  # fmt: skip


@dataclass(frozen=True)
class Hit:
    kind: str  # "directive", "fact", "prohibition", "category:report", …
    phrase: str
    start: int
    end: int


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """kind → phrases, longest first (so "không được" wins over "không")."""
    table: dict[str, list[str]] = {}
    for line in load_lines(CUE_FILE):
        kind, phrase = line.split("\t")[:2]
        table.setdefault(kind.strip(), []).append(phrase.strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()}


@cache
def _pattern(kind: str) -> regex.Pattern[str]:
    alternatives = "|".join(r"\s+".join(map(regex.escape, p.split())) for p in lexicon().get(kind, ()))
    return regex.compile(rf"(?<!\p{{L}})(?:{alternatives or '(?!)'})(?!\p{{L}})", regex.IGNORECASE)


def hits(text: str, kinds: Iterable[str]) -> list[Hit]:
    """Every cue of the given kinds in ``text``, in text order."""
    found = [
        Hit(kind, " ".join(m.group().lower().split()), m.start(), m.end())
        for kind in kinds
        for m in _pattern(kind).finditer(text)
    ]
    return sorted(found, key=lambda h: (h.start, -h.end))


def has(text: str, kind: str) -> bool:
    return _pattern(kind).search(text) is not None


def category_kinds() -> tuple[str, ...]:
    return tuple(f"category:{c}" for c in CATEGORIES)


# "Không + verb" opening an item forbids (O6, seed 003 item 4); "Không để …" too.
_OPENS_WITH_NOT = regex.compile(r"^(?:Tuyệt\s+đối\s+)?Không\s+(?!chỉ\b|những\b|ngừng\b|ngừng\b)", regex.I)
# Words that make a sentence a duty even when it also says "có thể" ("phải … có thể").
_STRONG_DIRECTIVE = regex.compile(r"(?<!\p{L})(?:phải|yêu\s+cầu|giao|có\s+trách\s+nhiệm|cần)(?!\p{L})", regex.I)
_OPENS_WITH_ENCOURAGE = regex.compile(r"^Khuyến\s+khích\b", regex.I)


def modality(quote: str, lead_in: str = "") -> str:
    """The modality by the unit's own modal words (O6), else ``obligation``."""
    if _OPENS_WITH_NOT.match(quote) or has(quote, "prohibition"):
        return "prohibition"
    if has(quote, "permission") and not _STRONG_DIRECTIVE.search(quote):
        return "permission"
    if _OPENS_WITH_ENCOURAGE.match(quote) and not has(lead_in, "lead_in"):
        return "recommendation"
    if regex.search(r"(?<!\p{L})nên(?!\p{L})", quote, regex.I) and not has(quote, "directive"):
        return "recommendation"
    return "obligation"


def category(quote: str, has_deadline: bool = False) -> str:
    """The category by the verb of the unit's action (O7): the report or submission that carries a
    dated deadline, else the first action after intensifiers and auxiliaries, else ``other``."""
    found = [h for h in hits(quote, category_kinds()) if not _inside_intensifier(quote, h)]
    if not found:
        return "other"
    codes = [h.kind.split(":", 1)[1] for h in found]
    if has_deadline:
        for code in ("report", "submit"):
            if code in codes[1:]:
                return code
    first = found[0]
    code = codes[0]
    # "thực hiện / triển khai + verb": the verb that follows decides ("thực hiện công tác kiểm tra")
    if first.phrase in lexicon().get("auxiliary", ()) and len(found) > 1:
        gap = quote[first.end : found[1].start]
        if len(gap.split()) <= 3:
            return codes[1]
    # "chủ trì, phối hợp (với Y) + V" takes V's category
    if code == "coordinate" and first.phrase in ("phối hợp",) and len(found) > 1:
        return codes[1]
    return code


def _inside_intensifier(text: str, hit: Hit) -> bool:
    """"nâng cao", "tập trung" are intensifiers, not actions; "chủ trì" is a role."""
    return hit.phrase in lexicon().get("intensifier", ())


def cue_tags(quote: str, context: str = "") -> list[str]:
    """Tags for the model: the cue kinds and phrases in the quote, the first action's category and
    whether the quote opens with a verb of the lexicon, and the lead-in's cue kinds."""
    kinds = ("directive", "fact", "prohibition", "recommendation", "permission", "intensifier", *category_kinds())
    tags = [f"{h.kind}={h.phrase.replace(' ', '_')}" for h in hits(quote, kinds)]
    tags += sorted({f"has:{h.kind}" for h in hits(quote, kinds)})
    opening = hits(quote[:40], ("intensifier", "auxiliary", *category_kinds()))
    if opening and opening[0].start == 0:
        tags.append("opens_with_verb")
    if _OPENS_WITH_NOT.match(quote):
        tags.append("opens_with_khong")
    tags.append(f"rule_modality:{modality(quote, context)}")
    tags.append(f"rule_category:{category(quote)}")
    tags += sorted({f"ctx:{h.kind}" for h in hits(context, ("lead_in", "background", "directive"))})
    return tags
