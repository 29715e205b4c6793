"""Scores of predicted contract JSON against gold (dicts in the contract's shape).

``score_document`` returns counts, so that documents can be summed, broken down per issuer and
resampled; ``summarise`` turns summed counts into accuracy and P/R/F1.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .matching import fold, fold_name, fold_number_symbol, match_one_to_one
from .score_deadlines import score_deadlines

METADATA_FIELDS = (
    "issuer", "issuer.parent", "doc_type", "number", "symbol", "number_symbol", "place", "date",
    "subject", "signer.name", "signer.position", "signer.authority",
)  # fmt: skip


def _get(meta: dict[str, Any] | None, field: str) -> Any:
    value: Any = meta or {}
    for key in field.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if field == "issuer" and isinstance(value, dict):
        value = value.get("name")
    return value


def _same(field: str, gold: Any, pred: Any) -> bool:
    if field == "date":
        return (gold or None) == (pred or None)
    if field in ("issuer", "issuer.parent"):
        return fold_name(gold) == fold_name(pred)
    if field == "number_symbol":
        return fold_number_symbol(gold) == fold_number_symbol(pred)
    return fold(gold) == fold(pred)


def _optional_fields(gold: dict[str, Any]) -> set[str]:
    fields = set(gold.get("optional_metadata") or [])
    # "issuer" optional covers its parts too; "signer" covers signer.*
    for f in list(fields):
        fields.update(x for x in METADATA_FIELDS if x.startswith(f + "."))
    return fields


def score_metadata(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """field → (correct, counted); optional fields are not counted."""
    optional = _optional_fields(gold)
    out = {}
    for field in METADATA_FIELDS:
        if field in optional:
            continue
        g, p = _get(gold.get("metadata"), field), _get(pred.get("metadata"), field)
        out[field] = (int(_same(field, g, p)), 1)
    return out


def score_list(
    gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]], same: Any
) -> tuple[Counter, list[dict[str, Any]]]:
    """tp/fp/fn of one list, with optional gold items neutral, and the errors."""
    pairs = match_one_to_one(gold_items, pred_items, lambda g, p: 1.0 if same(g, p) else 0.0, 1.0)
    matched_g = {g for g, _, _ in pairs}
    matched_p = {p for _, p, _ in pairs}
    counts: Counter = Counter()
    errors = []
    for gi, _pi, _ in pairs:
        if not gold_items[gi].get("optional"):
            counts["tp"] += 1
    for gi, g in enumerate(gold_items):
        if gi not in matched_g and not g.get("optional"):
            counts["fn"] += 1
            errors.append({"kind": "missed", "gold": g})
    for pi, p in enumerate(pred_items):
        if pi not in matched_p:
            counts["fp"] += 1
            errors.append({"kind": "spurious", "pred": p})
    return counts, errors


def same_recipient(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return g.get("role") == p.get("role") and fold_name(g.get("name")) == fold_name(p.get("name"))


def score_document(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    recipients, recipient_errors = score_list(gold.get("recipients") or [], pred.get("recipients") or [], same_recipient)
    metadata = score_metadata(gold, pred)
    metadata_errors = [
        {"field": f, "gold": _get(gold.get("metadata"), f), "pred": _get(pred.get("metadata"), f)}
        for f, (ok, n) in metadata.items()
        if n and not ok
    ]
    deadlines = score_deadlines(gold.get("deadlines") or [], pred.get("deadlines") or [])
    return {
        "metadata": metadata,
        "recipients": dict(recipients),
        "deadlines": {k: v for k, v in deadlines.items() if k != "errors"},
        "errors": {"metadata": metadata_errors, "recipients": recipient_errors, "deadlines": deadlines["errors"]},
    }


def prf(counts: dict[str, int]) -> dict[str, float]:
    tp, fp, fn = counts.get("tp", 0), counts.get("fp", 0), counts.get("fn", 0)
    precision = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def summarise(doc_scores: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, list[int]] = {}
    recipients: Counter = Counter()
    deadlines: Counter = Counter()
    for s in doc_scores:
        deadlines.update(s.get("deadlines", {}))
        for f, (ok, n) in s["metadata"].items():
            acc = fields.setdefault(f, [0, 0])
            acc[0] += ok
            acc[1] += n
        recipients.update(s["recipients"])
    return {
        "documents": len(doc_scores),
        "metadata": {f: {"accuracy": ok / n if n else None, "correct": ok, "counted": n} for f, (ok, n) in fields.items()},
        "recipients": prf(recipients),
        "deadlines": {**prf(deadlines), "kind_accuracy": (
            deadlines["kind_correct"] / deadlines["kind_total"] if deadlines["kind_total"] else None)},
    }
