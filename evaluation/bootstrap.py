"""Bootstrap resampling of documents, for 95% confidence intervals of every score.

Each resample draws as many documents as the set has, with replacement, from a fixed seed; every
score of the report is computed on the same resamples, so that intervals of related scores (P, R
and F1 of one list) come from one set of draws. A resample is a vector of weights (how often each
document was drawn), so that a resample's summed counts are one matrix product.

Why not ``scipy.stats.bootstrap``: it draws afresh for each statistic, and a ratio that is
undefined in some resamples (an accuracy over pairs that a resample happens not to contain) turns
its whole interval into NaN; here such resamples are left out of that score's interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RESAMPLES = 1000
SEED = 0
CONFIDENCE = 0.95


def resample_weights(
    n_docs: int,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    groups: Sequence[str] | None = None,
) -> np.ndarray:
    """resamples × n_docs: how many times each document is drawn in each resample.

    With ``groups`` (one label per document, e.g. its issuer) whole groups are drawn with
    replacement instead of documents: a cluster bootstrap, wider and more honest when documents
    of one issuer resemble each other.
    """
    rng = np.random.default_rng(seed)
    if n_docs == 0:
        return np.zeros((resamples, 0))
    if groups is None:
        return rng.multinomial(n_docs, np.full(n_docs, 1 / n_docs), size=resamples).astype(float)
    labels, index = np.unique(np.asarray(groups), return_inverse=True)
    drawn = rng.multinomial(len(labels), np.full(len(labels), 1 / len(labels)), size=resamples)
    return drawn[:, index].astype(float)


def interval(values: np.ndarray, confidence: float = CONFIDENCE) -> list[float] | None:
    """Percentile interval of a score over the resamples where it is defined (None if nowhere)."""
    defined = values[~np.isnan(values)]
    if not defined.size:
        return None
    tail = 50 * (1 - confidence)
    low, high = np.percentile(defined, [tail, 100 - tail])
    return [float(low), float(high)]
