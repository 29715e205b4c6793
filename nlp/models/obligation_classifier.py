"""The obligation classifier: three stock scikit-learn pipelines over unit records.

``build_obligation_classifier(task, **params)`` returns an unfitted ``Pipeline``:
features (word segments, character n-grams, heading/lead-in words, cue tags, position) →
logistic regression. The ``directive`` task (is this unit an obligation at all) is wrapped in
``CalibratedClassifierCV`` (sigmoid), because class weighting skews logistic probabilities and a
reviewer sorts by them; ``modality`` and ``category`` are plain multinomial logistic regressions,
whose probabilities are usable as they are.

``ObligationModel`` holds the three fitted pipelines and the decision threshold; it is what
``store.save`` writes and ``store.load`` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from .features import Record, select, select_shape

TASKS = ("directive", "modality", "category")

DEFAULT_PARAMS: dict[str, Any] = {
    "C": 4.0,  # inverse regularisation of the logistic regressions
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 4),
    "max_word_features": 20000,
    "max_char_features": 20000,
    "min_df": 2,
    "calibration_folds": 5,
    "class_weight": "balanced",  # directive task (calibrated afterwards)
    "label_class_weight": None,  # unweighted: accuracy on modality and category is what counts
    "seed": 0,
}


def _field(name: str) -> FunctionTransformer:
    return FunctionTransformer(select, kw_args={"field": name})


def build_features(**params: Any) -> FeatureUnion:
    p = {**DEFAULT_PARAMS, **params}
    words = TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=tuple(p["word_ngrams"]), min_df=p["min_df"],
        max_features=p["max_word_features"], sublinear_tf=True, lowercase=False, dtype=np.float64,
    )  # fmt: skip
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=tuple(p["char_ngrams"]), min_df=p["min_df"],
        max_features=p["max_char_features"], sublinear_tf=True, lowercase=False, dtype=np.float64,
    )  # fmt: skip
    context = TfidfVectorizer(token_pattern=r"\S+", min_df=p["min_df"], sublinear_tf=True, lowercase=False)
    cue_tags = CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False)
    return FeatureUnion(
        [
            ("words", Pipeline([("select", _field("words")), ("tfidf", words)])),
            ("chars", Pipeline([("select", _field("text")), ("tfidf", chars)])),
            ("context", Pipeline([("select", _field("context")), ("tfidf", context)])),
            ("cues", Pipeline([("select", _field("cues")), ("count", cue_tags)])),
            ("shape", FunctionTransformer(select_shape)),
        ]
    )


def build_obligation_classifier(task: str = "directive", **params: Any) -> Pipeline:
    """An unfitted pipeline for one task: "directive" (binary, calibrated), "modality" or
    "category" (multiclass). ``params`` override ``DEFAULT_PARAMS``; ``seed`` makes it
    deterministic."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {TASKS}")
    p = {**DEFAULT_PARAMS, **params}
    weight = p["class_weight"] if task == "directive" else p["label_class_weight"]
    logistic = LogisticRegression(C=p["C"], class_weight=weight, max_iter=5000, random_state=p["seed"])
    classifier: Any = logistic
    if task == "directive":
        folds = StratifiedKFold(n_splits=p["calibration_folds"], shuffle=True, random_state=p["seed"])
        classifier = CalibratedClassifierCV(logistic, method="sigmoid", cv=folds)
    return Pipeline([("features", build_features(**p)), ("classify", classifier)])


def compact(pipeline: Pipeline) -> Pipeline:
    """Make a fitted pipeline's vocabularies plain ``str → int`` dicts. The vectorizers store NumPy
    integers, which skops writes as one array file each (30,000 files, most of a 8 MB model).
    Also drop the vectorizers' cached ``id()`` of their stop-word list: a memory address would make
    two trainings differ by bytes (sklearn recomputes it on first use)."""
    for _, branch in pipeline.named_steps["features"].transformer_list:
        for step in branch.named_steps.values() if isinstance(branch, Pipeline) else ():
            if hasattr(step, "vocabulary_"):
                step.vocabulary_ = {term: int(index) for term, index in step.vocabulary_.items()}
            if hasattr(step, "_stop_words_id"):
                del step._stop_words_id
    return pipeline


@dataclass
class ObligationModel:
    """The three fitted pipelines; ``threshold`` on the calibrated directive probability."""

    directive: Pipeline
    modality: Pipeline
    category: Pipeline
    threshold: float = 0.5

    def predict(self, records: Sequence[Record]) -> list[tuple[float, str, str]]:
        """(directive probability, modality, category) for each record."""
        if not records:
            return []
        proba = self.directive.predict_proba(records)[:, list(self.directive.classes_).index(1)]
        modalities = self.modality.predict(records)
        categories = self.category.predict(records)
        return [(float(p), str(m), str(c)) for p, m, c in zip(proba, modalities, categories, strict=True)]
