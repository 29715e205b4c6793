"""Scores of predicted references against gold, by the contract's matching rules.

- Numbered instruments match on ``number_symbol``, normalised as the contract says: Đ and D stay
  distinct, spaces and a trailing dot are dropped, inner dots are kept (``66.7/2025/NQ-CP`` is
  not ``667/2025/NQ-CP``).
- Unnumbered instruments match on ``type`` + ``title``: case-folded, punctuation stripped, tone
  marks unified, and fuzzy (``TITLE_SIMILARITY``), since a title's end is a judgement call.
- Lists are matched one to one, best-scoring pairs first; a gold item marked ``optional`` counts
  neither for nor against a prediction that matches it.
- On matched pairs of required items: ``type``, ``date``, ``relation``, ``issuer`` (names folded,
  abbreviations expanded) and ``pinpoint`` (the sets of non-null pinpoints of the mentions agree).

``score_references`` returns counts so that documents can be summed; ``summarise_references``
turns summed counts into P/R/F1 and accuracies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from .matching import fold, fold_name, fold_number_symbol, match_one_to_one, words

ATTRIBUTES = ("type", "date", "relation", "issuer", "pinpoint")
TITLE_SIMILARITY = 0.85  # rapidfuzz ratio (0-1) two folded titles need to be the same title


def fold_title(value: str | None) -> str:
    """Titles compared case-folded, punctuation stripped, whitespace folded."""
    return " ".join(words(value or ""))


def match_score(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    """1.0 for the same number_symbol; for unnumbered instruments of the same type, the title
    similarity (slightly below 1 so that exact symbol matches are paired first)."""
    g_ns, p_ns = (
        fold_number_symbol(gold.get("number_symbol")),
        fold_number_symbol(pred.get("number_symbol")),
    )
    if g_ns or p_ns:
        return 1.0 if g_ns and g_ns == p_ns else 0.0
    if gold.get("type") != pred.get("type"):
        return 0.0
    g_t, p_t = fold_title(gold.get("title")), fold_title(pred.get("title"))
    if not g_t or not p_t:
        return 0.0
    if g_t == p_t:
        return 0.999
    return 0.99 * fuzz.ratio(g_t, p_t) / 100


def pinpoints(ref: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        fold(m.get("pinpoint")) for m in ref.get("mentions") or [] if m.get("pinpoint")
    )


def same_attribute(name: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if name == "issuer":
        return fold_name(gold.get("issuer")) == fold_name(pred.get("issuer"))
    if name == "pinpoint":
        return pinpoints(gold) == pinpoints(pred)
    return (gold.get(name) or None) == (pred.get(name) or None)


def score_references(
    gold_refs: list[dict[str, Any]], pred_refs: list[dict[str, Any]]
) -> dict[str, Any]:
    """Counts for one document: ``tp``, ``fp``, ``fn``; per attribute ``{"correct", "total"}`` on
    matched pairs of required gold items; and ``errors`` (missed, spurious, wrong attributes)."""
    pairs = match_one_to_one(gold_refs, pred_refs, match_score, TITLE_SIMILARITY * 0.99)
    matched_gold = {gi for gi, _, _ in pairs}
    matched_pred = {pi for _, pi, _ in pairs}
    out: dict[str, Any] = {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        **{a: {"correct": 0, "total": 0} for a in ATTRIBUTES},
    }
    errors: list[dict[str, Any]] = []
    for gi, pi, _ in pairs:
        gold, pred = gold_refs[gi], pred_refs[pi]
        if gold.get("optional"):
            continue
        out["tp"] += 1
        for name in ATTRIBUTES:
            ok = same_attribute(name, gold, pred)
            out[name]["total"] += 1
            out[name]["correct"] += int(ok)
            if not ok:
                errors.append(
                    {
                        "kind": name,
                        "key": _key(gold),
                        "gold": _value(name, gold),
                        "pred": _value(name, pred),
                    }
                )
    for gi, gold in enumerate(gold_refs):
        if gi not in matched_gold and not gold.get("optional"):
            out["fn"] += 1
            errors.append({"kind": "missed", "key": _key(gold)})
    for pi, pred in enumerate(pred_refs):
        if pi not in matched_pred:
            out["fp"] += 1
            errors.append({"kind": "spurious", "key": _key(pred)})
    out["errors"] = errors
    return out


def _key(ref: dict[str, Any]) -> str:
    return ref.get("number_symbol") or f"{ref.get('type')}: {ref.get('title')}"


def _value(name: str, ref: dict[str, Any]) -> Any:
    return sorted(pinpoints(ref)) if name == "pinpoint" else ref.get(name)


def summarise_references(scores: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Summed counts → precision, recall, F1 and attribute accuracies."""
    tp = fp = fn = 0
    attrs = {a: [0, 0] for a in ATTRIBUTES}
    for s in scores:
        tp, fp, fn = tp + s["tp"], fp + s["fp"], fn + s["fn"]
        for a in ATTRIBUTES:
            attrs[a][0] += s[a]["correct"]
            attrs[a][1] += s[a]["total"]
    precision = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracies = {
        a: {"accuracy": c / t if t else None, "correct": c, "total": t}
        for a, (c, t) in attrs.items()
    }
    return {
        "tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
        "attributes": accuracies,
    }  # fmt: skip
