"""Summed counts → accuracy and P/R/F1, each with its bootstrap interval.

Scores are micro-averaged: counts are summed over the documents first, then divided. The same
formulas run on the data (row 0) and on every resample (rows 1…) at once, as numpy vectors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .bootstrap import CONFIDENCE, interval
from .score import METADATA_FIELDS
from .score_references import ATTRIBUTES as REFERENCE_ATTRIBUTES

# The lists of the contract, each with the attributes scored on its matched pairs.
LISTS: dict[str, tuple[str, ...]] = {
    "recipients": (),
    "references": REFERENCE_ATTRIBUTES,
    "deadlines": ("kind",),
    "obligations": ("modality", "category", "deadline", "assignees"),
}


def accuracy(correct: np.ndarray, total: np.ndarray) -> np.ndarray:
    """correct / total; NaN where nothing was counted."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, correct / total, np.nan)


def prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> dict[str, np.ndarray]:
    """Precision tp/(tp+fp), recall tp/(tp+fn) and F1 2tp/(2tp+fp+fn) (their harmonic mean);
    each NaN (shown "–") where its denominator is 0: no predictions, nothing to find, nothing
    at all. Nothing is made up for the empty case, so an empty list cannot score 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "precision": np.where(tp + fp > 0, tp / (tp + fp), np.nan),
            "recall": np.where(tp + fn > 0, tp / (tp + fn), np.nan),
            "f1": np.where(tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan),
        }


def _score(values: np.ndarray, confidence: float) -> dict[str, Any]:
    """{"value": the score on the data, "ci": [low, high] over the resamples, or None}."""
    point = values[0]
    return {
        "value": None if np.isnan(point) else float(point),
        "ci": interval(values[1:], confidence) if len(values) > 1 else None,
    }


def summarise(
    counts: list[dict[str, int]], weights: np.ndarray | None = None, confidence: float = CONFIDENCE
) -> dict[str, Any]:
    """Scores of a set of documents from their counts (``score_document(...)["counts"]``).

    ``weights`` (resamples × documents, from ``bootstrap.resample_weights``) gives the intervals;
    without it every ``ci`` is None.
    """
    columns = sorted({name for c in counts for name in c})
    matrix = np.array([[c.get(name, 0) for name in columns] for c in counts], dtype=float)
    matrix = matrix.reshape(len(counts), len(columns))
    rows = [matrix.sum(axis=0, keepdims=True)]
    if weights is not None:
        rows.append(weights @ matrix)
    sums = np.vstack(rows)  # row 0: the data; rows 1…: the resamples
    index = {name: i for i, name in enumerate(columns)}
    zero = np.zeros(len(sums))

    def col(name: str) -> np.ndarray:
        return sums[:, index[name]] if name in index else zero

    def accuracy_block(prefix: str) -> dict[str, Any]:
        correct, total = col(f"{prefix}.correct"), col(f"{prefix}.total")
        return {
            "accuracy": _score(accuracy(correct, total), confidence),
            "correct": int(correct[0]),
            "total": int(total[0]),
        }

    def prf_block(prefix: str) -> dict[str, Any]:
        tp, fp, fn = col(f"{prefix}.tp"), col(f"{prefix}.fp"), col(f"{prefix}.fn")
        scores = {k: _score(v, confidence) for k, v in prf(tp, fp, fn).items()}
        return {**scores, "tp": int(tp[0]), "fp": int(fp[0]), "fn": int(fn[0])}

    out: dict[str, Any] = {
        "documents": len(counts),
        "metadata": {f: accuracy_block(f"metadata.{f}") for f in METADATA_FIELDS},
    }
    for name, attributes in LISTS.items():
        out[name] = prf_block(name)
        if attributes:
            out[name]["attributes"] = {a: accuracy_block(f"{name}.{a}") for a in attributes}
    out["obligations"]["assignee_names"] = prf_block("assignee_names")
    return out


def headline(summary: dict[str, Any]) -> dict[str, float | None]:
    """The few numbers a breakdown row shows, from a ``summarise`` result."""
    meta = summary["metadata"].values()
    correct, total = sum(m["correct"] for m in meta), sum(m["total"] for m in meta)
    obligations = summary["obligations"]
    return {
        "metadata": correct / total if total else None,
        "recipients.f1": summary["recipients"]["f1"]["value"],
        "references.f1": summary["references"]["f1"]["value"],
        "deadlines.f1": summary["deadlines"]["f1"]["value"],
        "obligations.precision": obligations["precision"]["value"],
        "obligations.recall": obligations["recall"]["value"],
        "obligations.f1": obligations["f1"]["value"],
        **{
            f"obligations.{a}": v["accuracy"]["value"] for a, v in obligations["attributes"].items()
        },
    }
