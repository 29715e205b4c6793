"""Scores of predicted deadlines against gold, by the contract's rule: "deadlines: by ISO date
(and kind where given)", every list matched one to one, an optional gold item neutral.

Dates are compared exactly as ISO strings ("2025-11" is not "2025-11-30"). Among pairs with the
same date, a pair whose kinds also agree is taken first, and a required gold item before an
optional one, so that a repeated date cannot steal the better partner. Kind accuracy is counted on
the matched pairs whose gold item is required and gives a kind.
"""

from __future__ import annotations

from typing import Any

from .matching import match_one_to_one


def _pair_score(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    """0 unless the dates are equal; then 1, plus 0.5 for the same kind, plus 0.25 for a required
    gold item (the tie-breaks of the module docstring)."""
    if not gold.get("date") or gold.get("date") != pred.get("date"):
        return 0.0
    score = 1.0
    if gold.get("kind") and gold.get("kind") == pred.get("kind"):
        score += 0.5
    if not gold.get("optional"):
        score += 0.25
    return score


def score_deadlines(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """tp / fp / fn by ISO date, and kind_correct / kind_total on the matched required pairs.

    A prediction matched to an optional gold item counts neither way; an unmatched prediction is
    a false positive; an unmatched required gold item a false negative. ``errors`` lists the
    misses, the spurious predictions and the kind mismatches, for reading.
    """
    pairs = match_one_to_one(gold, pred, _pair_score, 1.0)
    matched_gold = {g for g, _, _ in pairs}
    matched_pred = {p for _, p, _ in pairs}
    out: dict[str, Any] = {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "kind_correct": 0,
        "kind_total": 0,
        "errors": [],
    }
    for gi, pi, _ in pairs:
        g, p = gold[gi], pred[pi]
        if g.get("optional"):
            continue
        out["tp"] += 1
        if g.get("kind"):
            out["kind_total"] += 1
            if g["kind"] == p.get("kind"):
                out["kind_correct"] += 1
            else:
                out["errors"].append({"error": "kind", "gold": g, "pred": p})
    for gi, g in enumerate(gold):
        if gi not in matched_gold and not g.get("optional"):
            out["fn"] += 1
            out["errors"].append({"error": "missed", "gold": g})
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            out["fp"] += 1
            out["errors"].append({"error": "spurious", "pred": p})
    return out
