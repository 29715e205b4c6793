"""Training, scoring and leave-one-issuer-out cross-validation of the obligation model.

The corpus is read from ``corpus/`` (gold files + ``splits.tsv``); each gold file's raw document
is run through the pipeline (without the obligations component) to get the candidate units the
model will see at run time. A unit's labels come from the gold obligation its quote matches (the
contract's rule: word-level F1 ≥ 0.6, one to one, best pairs first): required → directive,
unmatched → not, optional → left out of the directive task (gold counts it neither way) but kept
for modality and category.

The matching functions are the scorer's own (``evaluation/matching.py``); the command line passes
them in as a ``Matching``, so that this package does not import the evaluation package.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from ..obligations.derive import Candidate, ModelDecider, RulesDecider, decide
from .obligation_classifier import DEFAULT_PARAMS, ObligationModel, build_obligation_classifier, compact


@dataclass(frozen=True)
class Matching:
    """The scorer's matching rules: quote similarity, one-to-one pairing, name folding."""

    similarity: Callable[[str, str], float]
    one_to_one: Callable[..., list[tuple[int, int, float]]]
    fold_name: Callable[[str], str]
    threshold: float = 0.6

    def pairs(self, gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[int, int]]:
        found = self.one_to_one(gold, predicted, self.similarity, self.threshold)
        return [(g, p) for g, p, _ in found]


@dataclass
class DocExample:
    doc_id: str
    issuer: str
    split: str
    candidates: list[Candidate]
    gold: list[dict[str, Any]]
    labels: list[dict[str, Any] | None] = field(default_factory=list)


# --- corpus --------------------------------------------------------------------------------------


def read_splits(corpus_dir: Path) -> dict[str, tuple[str, str]]:
    """doc_id → (issuer group, split)."""
    rows = (corpus_dir / "splits.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {r.split("\t")[0]: (r.split("\t")[1], r.split("\t")[2]) for r in rows if r.strip()}


def gold_paths(corpus_dir: Path, doc_ids: Sequence[str]) -> list[Path]:
    return sorted(corpus_dir / "gold" / f"{doc_id}.json" for doc_id in doc_ids)


def data_hash(paths: Sequence[Path]) -> str:
    """sha256 over the sorted gold files used (name and bytes of each)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _candidates_of(raw_path: str) -> list[Candidate]:
    """Worker: the candidate units of one raw document, through the pipeline without this stage."""
    from ..obligations.derive import candidates
    from ..pipeline import make_nlp
    from ..process import process_doc

    nlp = _training_nlp(make_nlp)
    path = Path(raw_path)
    _, doc = process_doc(path.read_bytes(), filename=path.name, nlp=nlp)
    return candidates(doc)


_NLP: Any = None


def _training_nlp(make_nlp: Callable[[], Any]) -> Any:
    global _NLP
    if _NLP is None:
        _NLP = make_nlp()
        if "vanban_obligations" in _NLP.pipe_names:
            _NLP.remove_pipe("vanban_obligations")
    return _NLP


def build_examples(
    corpus_dir: Path, shared_dir: Path, doc_ids: Sequence[str], matching: Matching, workers: int = 2
) -> list[DocExample]:
    """Run the pipeline on each document and label its units against its gold."""
    splits = read_splits(corpus_dir)
    golds = {d: json.loads((corpus_dir / "gold" / f"{d}.json").read_text(encoding="utf-8")) for d in doc_ids}
    raw = [str(shared_dir / golds[d]["raw_file"]) for d in doc_ids]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            found = list(pool.map(_candidates_of, raw))
    else:
        found = [_candidates_of(p) for p in raw]
    examples = []
    for doc_id, cands in zip(doc_ids, found, strict=True):
        gold = golds[doc_id].get("obligations") or []
        labels: list[dict[str, Any] | None] = [None] * len(cands)
        for g, u in matching.pairs([o["quote"] for o in gold], [c.unit.quote for c in cands]):
            labels[u] = gold[g]
        issuer, split = splits.get(doc_id, ("?", "?"))
        examples.append(DocExample(doc_id, issuer, split, cands, gold, labels))
    return examples


# --- fitting -------------------------------------------------------------------------------------


def fit(examples: Sequence[DocExample], seed: int = 0, **params: Any) -> ObligationModel:
    """The three pipelines fitted on the examples' units (see the module doc for the labels)."""
    p = {**DEFAULT_PARAMS, **params, "seed": seed}
    x_directive, y_directive, x_labelled, y_modality, y_category = [], [], [], [], []
    for example in examples:
        for cand, label in zip(example.candidates, example.labels, strict=True):
            if label is None or not label.get("optional"):
                x_directive.append(cand.record)
                y_directive.append(int(label is not None))
            if label is not None:
                x_labelled.append(cand.record)
                y_modality.append(label["modality"])
                y_category.append(label["category"])
    with threadpool_limits(limits=1):  # BLAS threads thrash on 2 cores (and one thread is deterministic)
        directive = compact(build_obligation_classifier("directive", **p).fit(x_directive, y_directive))
        modality = compact(build_obligation_classifier("modality", **p).fit(x_labelled, y_modality))
        category = compact(build_obligation_classifier("category", **p).fit(x_labelled, y_category))
    return ObligationModel(directive, modality, category, threshold=float(p.get("threshold", 0.5)))


# --- scoring -------------------------------------------------------------------------------------


def score(examples: Sequence[DocExample], decider: Any, matching: Matching) -> dict[str, Any]:
    """Obligations P/R/F1 by the contract's matching (optional gold neutral), and the accuracy of
    modality, category, assignees (same set of folded names) and deadline on matched pairs."""
    counts: Counter[str] = Counter()
    for example in examples:
        predicted = decide(example.candidates, decider)
        gold = example.gold
        pairs = matching.pairs([o["quote"] for o in gold], [o.quote for o in predicted])
        matched_gold = {g for g, _ in pairs}
        for g, p in pairs:
            if gold[g].get("optional"):
                continue
            counts["tp"] += 1
            pred = predicted[p]
            counts["modality"] += gold[g]["modality"] == pred.modality
            counts["category"] += gold[g]["category"] == pred.category
            counts["deadline"] += (gold[g].get("deadline") or None) == (pred.deadline or None)
            counts["assignees"] += {matching.fold_name(a) for a in gold[g].get("assignees") or []} == {
                matching.fold_name(a) for a in pred.assignees
            }
        counts["fp"] += len(predicted) - len(pairs)
        counts["fn"] += sum(1 for i, o in enumerate(gold) if i not in matched_gold and not o.get("optional"))
    return metrics(counts)


def metrics(counts: Counter[str] | dict[str, int]) -> dict[str, Any]:
    tp, fp, fn = counts.get("tp", 0), counts.get("fp", 0), counts.get("fn", 0)
    # as evaluation/score.py's prf: nothing predicted and nothing to find is perfect, not zero
    precision = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def accuracy(key: str) -> float | None:
        return round(counts.get(key, 0) / tp, 4) if tp else None

    return {
        "obligations": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn},
        "modality_accuracy": accuracy("modality"),
        "category_accuracy": accuracy("category"),
        "assignee_accuracy": accuracy("assignees"),
        "deadline_accuracy": accuracy("deadline"),
    }


# --- the command's jobs --------------------------------------------------------------------------


def train(
    corpus_dir: Path,
    out_dir: Path,
    shared_dir: Path,
    matching: Matching,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    train_ids: Sequence[str] | None = None,
    dev_ids: Sequence[str] | None = None,
    workers: int = 2,
) -> dict[str, Any]:
    """Fit on the train split, score model and rules on dev, write the model and its card.
    ``train_ids`` / ``dev_ids`` restrict the documents (tests train on a few)."""
    from importlib.metadata import version

    from . import store

    splits = read_splits(corpus_dir)
    train_ids = list(train_ids) if train_ids is not None else sorted(d for d, (_, s) in splits.items() if s == "train")
    dev_ids = list(dev_ids) if dev_ids is not None else sorted(d for d, (_, s) in splits.items() if s == "dev")
    started = time.perf_counter()
    examples = build_examples(corpus_dir, shared_dir, [*train_ids, *dev_ids], matching, workers)
    read_seconds = time.perf_counter() - started
    train_set = [e for e in examples if e.doc_id in set(train_ids)]
    dev_set = [e for e in examples if e.doc_id in set(dev_ids)]
    fit_started = time.perf_counter()
    model = fit(train_set, seed=seed, **(params or {}))
    fit_seconds = time.perf_counter() - fit_started
    dev_scores = {
        "model": score(dev_set, ModelDecider(model), matching) if dev_set else None,
        "rules_baseline": score(dev_set, RulesDecider(), matching) if dev_set else None,
    }
    card = {
        "name": "vanban obligation classifier",
        "tasks": ["directive", "modality", "category"],
        "format": "skops",
        "vanban_version": version("vanban"),
        "sklearn_version": version("scikit-learn"),
        "skops_version": version("skops"),
        "python_version": platform.python_version(),
        "seed": seed,
        "hyperparameters": {**DEFAULT_PARAMS, **(params or {}), "seed": seed, "threshold": model.threshold},
        "training_data": {
            "documents": len(train_set),
            "doc_ids": sorted(train_ids),
            "units": sum(len(e.candidates) for e in train_set),
            "sha256": data_hash(gold_paths(corpus_dir, train_ids)),
        },
        "dev_data": {"documents": len(dev_set), "sha256": data_hash(gold_paths(corpus_dir, dev_ids)) if dev_ids else None},
        "dev_scores": dev_scores,
        "training_seconds": {"pipeline": round(read_seconds, 1), "fit": round(fit_seconds, 1)},
    }
    store.save(model, out_dir, card)
    return store.read_card(out_dir) or card


def loio(
    corpus_dir: Path,
    shared_dir: Path,
    matching: Matching,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    workers: int = 2,
) -> dict[str, Any]:
    """Leave-one-issuer-out over the train and dev issuer groups: for each group, fit on the others
    and score the held-out group (model and rules). The test part is never read."""
    splits = read_splits(corpus_dir)
    doc_ids = sorted(d for d, (_, s) in splits.items() if s in ("train", "dev"))
    examples = build_examples(corpus_dir, shared_dir, doc_ids, matching, workers)
    groups = sorted({e.issuer for e in examples})
    folds = []
    totals: dict[str, Counter[str]] = {"model": Counter(), "rules_baseline": Counter()}
    for issuer in groups:
        held = [e for e in examples if e.issuer == issuer]
        model = fit([e for e in examples if e.issuer != issuer], seed=seed, **(params or {}))
        fold_scores = {}
        for name, decider in (("model", ModelDecider(model)), ("rules_baseline", RulesDecider())):
            fold_scores[name] = score(held, decider, matching)
            _add(totals[name], fold_scores[name])
        folds.append(
            {
                "issuer": issuer,
                "n_docs": len(held),
                "doc_ids": [e.doc_id for e in held],
                "metrics": fold_scores["model"],
                "baseline_metrics": fold_scores["rules_baseline"],
            }
        )
    f1s = [f["metrics"]["obligations"]["f1"] for f in folds if f["metrics"]["obligations"]["tp"] + f["metrics"]["obligations"]["fn"]]
    return {
        "kind": "leave-one-issuer-out",
        "seed": seed,
        "splits": ["train", "dev"],
        "folds": folds,
        "summary": {
            "n_folds": len(folds),
            "n_docs": len(examples),
            "pooled": metrics(totals["model"]),
            "pooled_baseline": metrics(totals["rules_baseline"]),
            "mean_fold_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        },
    }


def _add(total: Counter[str], result: dict[str, Any]) -> None:
    """Sum a fold's counts back (tp/fp/fn and correct attributes) for pooled metrics."""
    ob = result["obligations"]
    tp = ob["tp"]
    total["tp"] += tp
    total["fp"] += ob["fp"]
    total["fn"] += ob["fn"]
    for key, name in (("modality", "modality_accuracy"), ("category", "category_accuracy"),
                      ("assignees", "assignee_accuracy"), ("deadline", "deadline_accuracy")):  # fmt: skip
        total[key] += round((result[name] or 0) * tp)
