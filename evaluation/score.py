"""Scores of one predicted document against its gold (dicts in the contract's shape).

``score_document`` returns flat counts (``"recipients.tp"``, ``"metadata.date.correct"``, …) so
that documents can be summed, broken down per issuer and resampled (``metrics.py`` turns summed
counts into accuracy and P/R/F1), plus the (gold, predicted) label pairs behind the confusion
matrices and the errors, for reading.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .matching import fold, fold_name, fold_number_symbol, match_one_to_one
from .score_deadlines import score_deadlines
from .score_obligations import score_obligations
from .score_references import ATTRIBUTES as REFERENCE_ATTRIBUTES
from .score_references import score_references

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
    """tp/fp/fn of one list matched on equality (optional gold items neutral), and the errors."""
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


def _recipient_label(item: dict[str, Any]) -> str:
    return f"{item.get('role')}: {item.get('name')}"


def _error(list_name: str, kind: str, item: Any, attribute: str | None = None,
           gold: Any = None, pred: Any = None) -> dict[str, Any]:  # fmt: skip
    """One error in the report's single shape, whichever scorer found it."""
    return {
        "list": list_name,
        "kind": kind,
        "attribute": attribute,
        "item": item,
        "gold": gold,
        "pred": pred,
    }


def score_document(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """``counts`` (flat name → number), ``pairs`` (label pairs of matched obligations) and
    ``errors`` of one document."""
    counts: dict[str, int] = {}
    errors: list[dict[str, Any]] = []

    for field, (ok, n) in score_metadata(gold, pred).items():
        counts[f"metadata.{field}.correct"], counts[f"metadata.{field}.total"] = ok, n
        if n and not ok:
            g, p = _get(gold.get("metadata"), field), _get(pred.get("metadata"), field)
            errors.append(_error("metadata", "mismatch", field, field, g, p))

    recipients, recipient_errors = score_list(
        gold.get("recipients") or [], pred.get("recipients") or [], same_recipient
    )
    counts.update({f"recipients.{k}": recipients[k] for k in ("tp", "fp", "fn")})
    for e in recipient_errors:
        errors.append(
            _error("recipients", e["kind"], _recipient_label(e.get("gold") or e.get("pred")))
        )

    references = score_references(gold.get("references") or [], pred.get("references") or [])
    counts.update({f"references.{k}": references[k] for k in ("tp", "fp", "fn")})
    for name in REFERENCE_ATTRIBUTES:
        counts[f"references.{name}.correct"] = references[name]["correct"]
        counts[f"references.{name}.total"] = references[name]["total"]
    for e in references["errors"]:
        if e["kind"] in ("missed", "spurious"):
            errors.append(_error("references", e["kind"], e["key"]))
        else:
            errors.append(
                _error("references", "mismatch", e["key"], e["kind"], e["gold"], e["pred"])
            )

    deadlines = score_deadlines(gold.get("deadlines") or [], pred.get("deadlines") or [])
    counts.update({f"deadlines.{k}": deadlines[k] for k in ("tp", "fp", "fn")})
    counts["deadlines.kind.correct"] = deadlines["kind_correct"]
    counts["deadlines.kind.total"] = deadlines["kind_total"]
    for e in deadlines["errors"]:
        item = e.get("gold") or e.get("pred") or {}
        label = f"{item.get('date')} ({item.get('text') or item.get('kind')})"
        if e["error"] == "kind":
            errors.append(
                _error(
                    "deadlines",
                    "mismatch",
                    label,
                    "kind",
                    e["gold"].get("kind"),
                    e["pred"].get("kind"),
                )
            )
        else:
            errors.append(_error("deadlines", e["error"], label))

    obligations = score_obligations(gold.get("obligations") or [], pred.get("obligations") or [])
    counts.update({f"obligations.{k}": obligations[k] for k in ("tp", "fp", "fn")})
    for name in ("modality", "category", "deadline", "assignees"):
        counts[f"obligations.{name}.correct"] = obligations[name]["correct"]
        counts[f"obligations.{name}.total"] = obligations[name]["total"]
    counts.update({f"assignee_names.{k}": v for k, v in obligations["assignee_names"].items()})
    for e in obligations["errors"]:
        errors.append(
            _error(
                "obligations",
                e["kind"],
                e["item"],
                e.get("attribute"),
                e.get("gold"),
                e.get("pred"),
            )
        )

    return {"counts": counts, "pairs": obligations["pairs"], "errors": errors}
