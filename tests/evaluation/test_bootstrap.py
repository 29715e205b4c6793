"""Bootstrap intervals: deterministic with the seed, around the point estimate, sane in the
degenerate cases (one document, perfect scores, a score undefined in some resamples)."""

from __future__ import annotations

import numpy as np
import pytest
from vanban.evaluation.bootstrap import interval, resample_weights
from vanban.evaluation.metrics import summarise


def recipients(tp: int, fp: int, fn: int) -> dict[str, int]:
    return {"recipients.tp": tp, "recipients.fp": fp, "recipients.fn": fn}


# Twelve documents of uneven quality, as a real split has.
DOCS = [recipients(*c) for c in [(5, 1, 0), (3, 0, 2), (8, 2, 1), (0, 1, 4), (6, 0, 0), (2, 2, 2),
                                  (9, 1, 1), (4, 0, 3), (7, 3, 0), (1, 0, 1), (5, 1, 1), (3, 2, 0)]]  # fmt: skip


@pytest.mark.parametrize("seed", [0, 7])
def test_bootstrap_is_deterministic_with_the_seed(seed: int) -> None:
    a = summarise(DOCS, resample_weights(len(DOCS), seed=seed))["recipients"]
    b = summarise(DOCS, resample_weights(len(DOCS), seed=seed))["recipients"]
    assert a == b
    other = summarise(DOCS, resample_weights(len(DOCS), seed=seed + 1))["recipients"]
    assert other["f1"]["ci"] != a["f1"]["ci"]  # the seed is what fixes the draws


@pytest.mark.parametrize("resamples", [200, 1000])
def test_bootstrap_weights_draw_as_many_documents_as_the_set_has(resamples: int) -> None:
    weights = resample_weights(len(DOCS), resamples=resamples)
    assert weights.shape == (resamples, len(DOCS))
    assert (weights.sum(axis=1) == len(DOCS)).all()
    assert 0.9 < weights.mean() < 1.1 and (weights == 0).any()  # with replacement: some left out


@pytest.mark.parametrize("metric", ["precision", "recall", "f1"])
def test_bootstrap_interval_contains_the_point_estimate(metric: str) -> None:
    score = summarise(DOCS, resample_weights(len(DOCS)))["recipients"][metric]
    low, high = score["ci"]
    assert low < score["value"] < high
    assert high - low < 0.5  # twelve documents already pin it down to less than half the range


@pytest.mark.parametrize("groups", [["a", "a", "b", "b", "b", "c", "c", "d", "d", "e", "e", "e"]])
def test_bootstrap_by_issuer_draws_whole_groups_and_is_wider(groups: list[str]) -> None:
    weights = resample_weights(len(DOCS), groups=groups, resamples=500)
    for i, j in [(0, 1), (2, 4), (9, 11)]:  # documents of one group are always drawn together
        assert (weights[:, i] == weights[:, j]).all()
    by_doc = summarise(DOCS, resample_weights(len(DOCS), resamples=500))["recipients"]["f1"]["ci"]
    by_issuer = summarise(DOCS, weights)["recipients"]["f1"]["ci"]
    assert by_issuer[0] <= by_issuer[1] and by_issuer != by_doc


@pytest.mark.parametrize("counts", [recipients(3, 1, 2)])
def test_bootstrap_one_document_gives_a_point_interval(counts: dict[str, int]) -> None:
    s = summarise([counts], resample_weights(1))["recipients"]
    assert s["f1"]["ci"] == [pytest.approx(6 / 9)] * 2
    assert s["precision"]["ci"] == [pytest.approx(0.75)] * 2


@pytest.mark.parametrize("n_docs", [1, 5])
def test_bootstrap_perfect_scores_have_a_perfect_interval(n_docs: int) -> None:
    s = summarise([recipients(4, 0, 0)] * n_docs, resample_weights(n_docs))["recipients"]
    assert s["f1"] == {"value": 1.0, "ci": [1.0, 1.0]}


def test_bootstrap_undefined_resamples_are_left_out_and_all_undefined_is_none() -> None:
    # only the first of ten documents has a deadline kind to score: most resamples miss it, and
    # those that hold it say 1/2
    docs = [{"deadlines.kind.correct": 1, "deadlines.kind.total": 2}] + [
        {"deadlines.kind.total": 0}
    ] * 9
    kind = summarise(docs, resample_weights(len(docs)))["deadlines"]["attributes"]["kind"]
    assert kind["accuracy"] == {"value": 0.5, "ci": [0.5, 0.5]}
    nothing = summarise([{}] * 4, resample_weights(4))["obligations"]["attributes"]["modality"]
    assert nothing["accuracy"] == {"value": None, "ci": None}
    assert interval(np.array([np.nan, np.nan])) is None


def test_bootstrap_no_documents_scores_nothing() -> None:
    s = summarise([], resample_weights(0))
    assert s["documents"] == 0 and s["obligations"]["f1"] == {"value": None, "ci": None}
