"""Run the scorer over a gold directory: predictions from a directory of contract JSON, or made
by running the pipeline on each gold file's raw document. Writes a JSON report."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .score import score_document, summarise

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "corpus" / "gold"
DEFAULT_SPLITS = REPO / "corpus" / "splits.tsv"


def shared_dir() -> Path:
    return Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))


def load_gold(gold_dir: Path = DEFAULT_GOLD) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))}


def load_splits(path: Path = DEFAULT_SPLITS) -> dict[str, tuple[str, str]]:
    """doc_id → (issuer group, split)."""
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return {doc_id: (group, split) for doc_id, group, split in (r.split("\t") for r in rows if r.strip())}


def _predict_one(raw_path: str) -> dict[str, Any]:
    from vanban.nlp.errors import VanbanError
    from vanban.nlp.process import process

    path = Path(raw_path)
    try:
        return process(path.read_bytes(), filename=path.name).model_dump(mode="json")
    except VanbanError as err:
        return {"error": err.code, "metadata": {}, "recipients": []}
    except Exception as err:  # a crash on one document is a result to report, not a stop
        return {"error": f"internal_error: {type(err).__name__}: {err}"[:300], "metadata": {}, "recipients": []}


def predict(golds: dict[str, dict[str, Any]], workers: int = 2) -> dict[str, dict[str, Any]]:
    """Run the pipeline on each gold document's raw file (read in place from shared/)."""
    paths = {doc_id: str(shared_dir() / gold["raw_file"]) for doc_id, gold in golds.items()}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(_predict_one, paths.values())
        return dict(zip(paths, results, strict=True))


def load_predictions(pred_dir: Path, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for doc_id in doc_ids:
        path = pred_dir / f"{doc_id}.json"
        out[doc_id] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return out


def evaluate(
    *,
    gold_dir: Path = DEFAULT_GOLD,
    pred_dir: Path | None = None,
    split: str | None = None,
    splits_path: Path = DEFAULT_SPLITS,
    workers: int = 2,
) -> dict[str, Any]:
    golds = load_gold(gold_dir)
    splits = load_splits(splits_path) if splits_path.exists() else {}
    if split and split != "all":
        golds = {k: v for k, v in golds.items() if splits.get(k, ("", ""))[1] == split}
    preds = load_predictions(pred_dir, golds) if pred_dir else predict(golds, workers)
    per_doc = {doc_id: score_document(golds[doc_id], preds[doc_id]) for doc_id in golds}
    by_issuer: dict[str, list[dict[str, Any]]] = {}
    for doc_id, s in per_doc.items():
        by_issuer.setdefault(splits.get(doc_id, ("?", ""))[0], []).append(s)
    return {
        "split": split or "all",
        "summary": summarise(list(per_doc.values())),
        "per_issuer": {g: summarise(v) for g, v in sorted(by_issuer.items())},
        "per_document": {k: {key: v[key] for key in ("metadata", "recipients", "deadlines")} for k, v in per_doc.items()},
        "errors": {k: v["errors"] for k, v in per_doc.items() if any(v["errors"].values())},
        "failed": {k: p["error"] for k, p in preds.items() if p.get("error")},
    }


def format_table(report: dict[str, Any]) -> str:
    s = report["summary"]
    lines = [f"split: {report['split']}   documents: {s['documents']}", "", "| field | accuracy | n |", "|---|---|---|"]
    for field, v in s["metadata"].items():
        acc = "–" if v["accuracy"] is None else f"{v['accuracy']:.3f}"
        lines.append(f"| {field} | {acc} | {v['counted']} |")
    lines += ["", "| list | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for name in ("recipients", "deadlines"):
        r = s[name]
        lines.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |")
    kind = s["deadlines"]["kind_accuracy"]
    lines.append(f"\ndeadline kind accuracy on matched pairs: {'–' if kind is None else f'{kind:.3f}'}")
    if report["failed"]:
        lines += ["", "failed: " + ", ".join(f"{k} ({v})" for k, v in report["failed"].items())]
    return "\n".join(lines)
