"""Score a set of predictions against gold: the report as one JSON-ready dict.

Predictions come from a directory of contract JSON (``inputs.load_predictions``) or from running
the pipeline on each gold document's raw file (``predict``). ``evaluate`` scores every document,
sums and resamples the counts (``metrics``, ``bootstrap``) and gathers the per-issuer and
per-document breakdowns, the confusion matrices and the errors.
"""

from __future__ import annotations

import os
import typing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sklearn.metrics import confusion_matrix
from vanban.nlp import contract

from .bootstrap import CONFIDENCE, RESAMPLES, SEED, resample_weights
from .inputs import (
    DEFAULT_GOLD,
    DEFAULT_SPLITS,
    REPO,
    issuer_groups,
    load_gold,
    load_predictions,
    load_splits,
    select_split,
)
from .metrics import headline, summarise
from .score import score_document

LABELS = {
    "category": list(typing.get_args(contract.Category)),
    "modality": list(typing.get_args(contract.Modality)),
}


def shared_dir() -> Path:
    return Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))


def _predict_one(raw_path: str) -> dict[str, Any]:
    from vanban.nlp.errors import VanbanError
    from vanban.nlp.process import process

    path = Path(raw_path)
    try:
        return process(path.read_bytes(), filename=path.name).model_dump(mode="json")
    except VanbanError as err:
        return {"error": err.code}
    except Exception as err:  # a crash on one document is a result to report, not a stop
        return {"error": f"internal_error: {type(err).__name__}: {err}"[:300]}


def predict(
    golds: dict[str, dict[str, Any]], workers: int = 2
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Run the pipeline on each gold document's raw file (read in place from shared/); also
    doc_id → error for the documents it could not read (scored as empty predictions)."""
    paths = {doc_id: str(shared_dir() / gold.get("raw_file", "")) for doc_id, gold in golds.items()}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        preds = dict(zip(paths, pool.map(_predict_one, paths.values()), strict=True))
    failed = {k: p["error"] for k, p in preds.items() if p.get("error")}
    return preds, failed


def confusion(pairs: list[tuple[str, str]], labels: list[str]) -> dict[str, Any]:
    """Rows gold, columns predicted; labels the contract's, then any other label predicted."""
    labels = labels + sorted({x for pair in pairs for x in pair} - set(labels))
    if not pairs:
        return {"labels": labels, "matrix": [[0] * len(labels) for _ in labels]}
    gold, pred = zip(*pairs, strict=True)
    return {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()}


def evaluate(
    golds: dict[str, dict[str, Any]],
    preds: dict[str, dict[str, Any]],
    *,
    groups: dict[str, str] | None = None,
    failed: dict[str, str] | None = None,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    unit: str = "document",
    confidence: float = CONFIDENCE,
) -> dict[str, Any]:
    """The report: ``summary`` (every score with its interval), ``confusion``, ``per_issuer``,
    ``per_document``, ``errors`` and ``failed``. ``unit`` is what the bootstrap resamples:
    ``"document"`` or ``"issuer"`` (whole issuer groups, see ``bootstrap.resample_weights``)."""
    doc_ids = sorted(golds)
    groups = groups or {}
    group_of = {d: groups.get(d, "?") for d in doc_ids}
    scores = {d: score_document(golds[d], preds.get(d) or {}) for d in doc_ids}

    def summary_of(ids: list[str], by_issuer: bool) -> dict[str, Any]:
        weights = resample_weights(
            len(ids),
            resamples=resamples,
            seed=seed,
            groups=[group_of[d] for d in ids] if by_issuer else None,
        )
        return summarise([scores[d]["counts"] for d in ids], weights, confidence)

    per_issuer = {}
    for group in sorted(set(group_of.values()), key=str.casefold):
        ids = [d for d in doc_ids if group_of[d] == group]
        # within one issuer only documents can be resampled
        per_issuer[group] = summary_of(ids, by_issuer=False)
    return {
        "documents": len(doc_ids),
        "bootstrap": {"resamples": resamples, "seed": seed, "confidence": confidence, "unit": unit},
        "summary": summary_of(doc_ids, by_issuer=unit == "issuer"),
        "confusion": {
            name: confusion([pair for d in doc_ids for pair in scores[d]["pairs"][name]], labels)
            for name, labels in LABELS.items()
        },
        "per_issuer": per_issuer,
        "per_document": {
            d: {
                "issuer": group_of[d],
                "scores": headline(summarise([scores[d]["counts"]])),
                "counts": scores[d]["counts"],
            }
            for d in doc_ids
        },
        "errors": [
            {"doc_id": d, "issuer": group_of[d], **e} for d in doc_ids for e in scores[d]["errors"]
        ],
        "failed": dict(sorted((failed or {}).items())),
    }


def evaluate_dirs(
    *,
    gold_dir: Path = DEFAULT_GOLD,
    pred_dir: Path | None = None,
    split: str | None = None,
    splits_path: Path = DEFAULT_SPLITS,
    workers: int = 2,
    **options: Any,
) -> dict[str, Any]:
    """``evaluate`` on a gold directory (one split of it) and a prediction directory, or the
    pipeline's predictions when ``pred_dir`` is None; ``options`` go to ``evaluate``."""
    splits = load_splits(splits_path)
    golds = select_split(load_gold(gold_dir), splits, split, splits_path)
    preds, failed = load_predictions(pred_dir, golds) if pred_dir else predict(golds, workers)
    report = evaluate(golds, preds, groups=issuer_groups(golds, splits), failed=failed, **options)
    source = {
        "split": split or "all",
        "gold_dir": str(gold_dir),
        "predictions": str(pred_dir) if pred_dir else "pipeline",
    }
    return {**source, **report}
