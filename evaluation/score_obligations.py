"""Scores of predicted obligations against gold, by the contract's rule ("How outside scorers
match"): a prediction matches a gold item when the word-level F1 of their quotes, after the
contract's normalisation, is at least 0.6; the lists are matched one to one, best-scoring pairs
first; a gold item marked ``optional`` counts neither for nor against the prediction it matches.

On the matched pairs of required gold items: ``modality``, ``category``, ``deadline`` (the same ISO
string, or both null) and ``assignees`` (the same set of folded names), plus micro counts over
assignee names (a name in both sets is a true positive). ``pairs`` keeps the (gold, predicted)
labels of modality and category for the confusion matrices.
"""

from __future__ import annotations

from typing import Any

from .matching import fold_name, match_one_to_one, word_f1

QUOTE_F1 = 0.6
ATTRIBUTES = ("modality", "category", "deadline", "assignees")
NO_LABEL = "(none)"  # a predicted obligation without a modality or category


def assignee_set(item: dict[str, Any]) -> frozenset[str]:
    """Assignees as a set of folded names (abbreviations expanded, case and punctuation folded)."""
    return frozenset(name for name in map(fold_name, item.get("assignees") or []) if name)


def quote_score(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    return word_f1(gold.get("quote") or "", pred.get("quote") or "")


def _same(name: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if name == "assignees":
        return assignee_set(gold) == assignee_set(pred)
    return (gold.get(name) or None) == (pred.get(name) or None)


def _shown(name: str, item: dict[str, Any]) -> Any:
    return sorted(item.get("assignees") or []) if name == "assignees" else item.get(name)


def score_obligations(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for one document: ``tp``, ``fp``, ``fn``; per attribute ``{"correct", "total"}``;
    ``assignee_names`` ``{"tp", "fp", "fn"}``; ``pairs``; and ``errors`` for reading."""
    # Required items first, so that between equal quote scores a required gold item is paired
    # before an optional one (match_one_to_one breaks ties by index).
    order = sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional")))
    ordered = [gold[i] for i in order]
    pairs = [
        (order[gi], pi) for gi, pi, _ in match_one_to_one(ordered, pred, quote_score, QUOTE_F1)
    ]
    out: dict[str, Any] = {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        **{name: {"correct": 0, "total": 0} for name in ATTRIBUTES},
        "assignee_names": {"tp": 0, "fp": 0, "fn": 0},
        "pairs": {"modality": [], "category": []},
        "errors": [],
    }
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if g.get("optional"):
            continue
        out["tp"] += 1
        for name in ATTRIBUTES:
            ok = _same(name, g, p)
            out[name]["total"] += 1
            out[name]["correct"] += int(ok)
            if not ok:
                out["errors"].append(
                    {"kind": "mismatch", "attribute": name, "item": g.get("quote"),
                     "gold": _shown(name, g), "pred": _shown(name, p)}
                )  # fmt: skip
        g_names, p_names = assignee_set(g), assignee_set(p)
        out["assignee_names"]["tp"] += len(g_names & p_names)
        out["assignee_names"]["fp"] += len(p_names - g_names)
        out["assignee_names"]["fn"] += len(g_names - p_names)
        for name in ("modality", "category"):
            out["pairs"][name].append((g.get(name) or NO_LABEL, p.get(name) or NO_LABEL))
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_gold and not g.get("optional"):
            out["fn"] += 1
            out["errors"].append({"kind": "missed", "item": g.get("quote")})
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            out["fp"] += 1
            out["errors"].append({"kind": "spurious", "item": p.get("quote")})
    return out
