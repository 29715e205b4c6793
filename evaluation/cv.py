"""The leave-one-issuer-out cross-validation report that ``vanban train --loio`` writes, read and
checked so that it can be shown beside the fixed split.

Format: ``{"folds": [{"issuer": str, "n_docs": int, "metrics": {"obligations": {"precision",
"recall", "f1"}, "modality_accuracy", "category_accuracy"}}], "summary": {...}}``. Used when
present: ``assignee_accuracy`` and ``deadline_accuracy`` beside the other accuracies, a fold's
``baseline_metrics`` (the rules baseline on the same fold) and ``summary.pooled`` /
``summary.pooled_baseline`` (counts pooled over folds) in the same shape as ``metrics``. Other
keys are kept and ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .inputs import EvaluationError
from .metrics import prf

COLUMNS = (
    "precision", "recall", "f1",
    "modality_accuracy", "category_accuracy", "assignee_accuracy", "deadline_accuracy",
)  # fmt: skip


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PRF(_Open):
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    tp: int | None = Field(None, ge=0)
    fp: int | None = Field(None, ge=0)
    fn: int | None = Field(None, ge=0)

    def scores(self) -> dict[str, float | None]:
        """P, R, F1: from the counts when the file gives them, by the harness's conventions (a
        fold with nothing to find has no recall, rather than a recall of 0); else as written."""
        if self.tp is None or self.fp is None or self.fn is None:
            return {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        values = prf(np.array(self.tp), np.array(self.fp), np.array(self.fn))
        return {k: None if np.isnan(v) else float(v) for k, v in values.items()}


class FoldMetrics(_Open):
    obligations: PRF
    modality_accuracy: float | None = None
    category_accuracy: float | None = None
    assignee_accuracy: float | None = None
    deadline_accuracy: float | None = None


class Fold(_Open):
    issuer: str
    n_docs: int = Field(ge=0)
    metrics: FoldMetrics
    baseline_metrics: FoldMetrics | None = None


class CVReport(_Open):
    folds: list[Fold] = Field(min_length=1)
    summary: dict[str, Any] = Field(default_factory=dict)


def load_cv_report(path: Path) -> dict[str, Any]:
    """The cross-validation file, checked, as a dict with ``rows`` added (one per fold), the mean
    over folds, the mean weighted by each fold's documents, and the pooled rows if the file has
    them."""
    try:
        report = CVReport.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as err:
        raise EvaluationError("cv_invalid", path, err.strerror or type(err).__name__) from None
    except (ValueError, UnicodeDecodeError) as err:
        detail = str(err).splitlines()[0]
        if isinstance(err, ValidationError):
            first = err.errors()[0]
            detail = f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
        raise EvaluationError("cv_invalid", path, detail) from None
    rows = [
        {"issuer": f.issuer, "n_docs": f.n_docs, **_values(f.metrics),
         "baseline_f1": f.baseline_metrics.obligations.scores()["f1"] if f.baseline_metrics else None}
        for f in report.folds
    ]  # fmt: skip
    return {
        **report.model_dump(mode="json"),
        "rows": rows,
        "mean": _mean(rows, weighted=False),
        "weighted_mean": _mean(rows, weighted=True),
        "pooled": _pooled(report.summary.get("pooled")),
        "pooled_baseline": _pooled(report.summary.get("pooled_baseline")),
    }


def _pooled(value: Any) -> dict[str, float | None] | None:
    """A summary entry in the shape of a fold's metrics, as a row; None when absent or unlike."""
    try:
        return _values(FoldMetrics.model_validate(value)) if value is not None else None
    except ValidationError:
        return None


def _values(m: FoldMetrics) -> dict[str, float | None]:
    return {
        **m.obligations.scores(),
        "modality_accuracy": m.modality_accuracy,
        "category_accuracy": m.category_accuracy,
        "assignee_accuracy": m.assignee_accuracy,
        "deadline_accuracy": m.deadline_accuracy,
    }


def _mean(rows: list[dict[str, Any]], *, weighted: bool) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for column in (*COLUMNS, "baseline_f1"):
        pairs = [(r[column], r["n_docs"] if weighted else 1) for r in rows if r[column] is not None]
        total = sum(w for _, w in pairs)
        out[column] = sum(v * w for v, w in pairs) / total if total else None
    return out


def fixed_split_row(summary: dict[str, Any]) -> dict[str, float | None]:
    """The same columns for the fixed split's summary, to stand beside the folds."""
    obligations = summary["obligations"]
    return {
        "precision": obligations["precision"]["value"],
        "recall": obligations["recall"]["value"],
        "f1": obligations["f1"]["value"],
        "modality_accuracy": obligations["attributes"]["modality"]["accuracy"]["value"],
        "category_accuracy": obligations["attributes"]["category"]["accuracy"]["value"],
        "assignee_accuracy": obligations["attributes"]["assignees"]["accuracy"]["value"],
        "deadline_accuracy": obligations["attributes"]["deadline"]["accuracy"]["value"],
    }


def rows_beside_split(cv: dict[str, Any], summary: dict[str, Any]) -> list[dict[str, Any]]:
    """What the table shows: each fold (``label`` its issuer), then the means, the pooled rows the
    file has and the fixed split (``key`` a text key of ``texts.TEXT``), all with ``COLUMNS``."""
    n_docs = sum(r["n_docs"] for r in cv["rows"])
    rows = [{"label": r["issuer"], **r} for r in cv["rows"]]
    rows.append({"key": "cv_mean", "n_docs": n_docs, **cv["mean"]})
    rows.append({"key": "cv_weighted", "n_docs": n_docs, **cv["weighted_mean"]})
    for key in ("pooled", "pooled_baseline"):
        if cv.get(key):
            rows.append({"key": f"cv_{key}", "n_docs": n_docs, **cv[key], "baseline_f1": None})
    rows.append(
        {
            "key": "fixed_split",
            "n_docs": summary["documents"],
            **fixed_split_row(summary),
            "baseline_f1": None,
        }
    )
    return rows
