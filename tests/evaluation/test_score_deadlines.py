"""score_deadlines on hand-computed cases: one-to-one by ISO date, optional gold neutral, kind
accuracy on the matched required pairs."""

from __future__ import annotations

import pytest
from vanban.evaluation.score_deadlines import score_deadlines


def _d(date: str, kind: str = "before", optional: bool = False) -> dict:
    item = {"date": date, "kind": kind, "text": "…"}
    if optional:
        item["optional"] = True
    return item


def _counts(result: dict) -> tuple[int, int, int, int, int]:
    return result["tp"], result["fp"], result["fn"], result["kind_correct"], result["kind_total"]


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        pytest.param([], [], (0, 0, 0, 0, 0), id="empty"),
        pytest.param([_d("2023-10-20")], [_d("2023-10-20")], (1, 0, 0, 1, 1), id="exact"),
        pytest.param(
            [_d("2023-10-20")],
            [_d("2023-10-20", "on")],
            (1, 0, 0, 0, 1),
            id="date right, kind wrong",
        ),
        pytest.param([_d("2023-10-20")], [_d("2023-10-21")], (0, 1, 1, 0, 0), id="date wrong"),
        pytest.param(
            [_d("2025-11")], [_d("2025-11-30")], (0, 1, 1, 0, 0), id="partial is not a day"
        ),
        pytest.param(
            [_d("2023-10-20")],
            [_d("2023-10-20"), _d("2023-10-20")],
            (1, 1, 0, 1, 1),
            id="one to one",
        ),
        pytest.param(
            [_d("2011-12-30", "on", optional=True)],
            [_d("2011-12-30", "on")],
            (0, 0, 0, 0, 0),
            id="optional matched: neutral",
        ),
        pytest.param(
            [_d("2011-12-30", "on", optional=True)],
            [],
            (0, 0, 0, 0, 0),
            id="optional missed: neutral",
        ),
        pytest.param(
            [_d("2025-11-30"), _d("2025", "on", optional=True)],
            [_d("2025-11-30"), _d("2025", "on"), _d("2025-12-01")],
            (1, 1, 0, 1, 1),
            id="tvpl-002 shape: one tp, one neutral, one fp",
        ),
        pytest.param(
            [
                _d("2023-06-23", "no_later_than"),
                _d("2023-06-30", "no_later_than"),
                _d("2023-06-12", "no_later_than"),
            ],
            [_d("2023-06-30", "no_later_than"), _d("2023-06-23", "before")],
            (2, 0, 1, 1, 2),
            id="order-free, a miss and a kind error",
        ),
        pytest.param(
            [{"date": "2026", "optional": False}],
            [_d("2026", "on")],
            (1, 0, 0, 0, 0),
            id="gold without kind",
        ),
    ],
)
def test_score_deadlines_counts(gold, pred, expected) -> None:
    assert _counts(score_deadlines(gold, pred)) == expected


def test_score_deadlines_prefers_the_pair_with_the_same_kind() -> None:
    # the same date twice in gold (two kinds): each prediction takes the partner of its own kind
    gold = [_d("2025-12-05", "before"), _d("2025-12-05", "on")]
    pred = [_d("2025-12-05", "on"), _d("2025-12-05", "before")]
    assert _counts(score_deadlines(gold, pred)) == (2, 0, 0, 2, 2)


def test_score_deadlines_prefers_a_required_gold_item() -> None:
    gold = [_d("2012-01-03", "on", optional=True), _d("2012-01-03", "on")]
    assert _counts(score_deadlines(gold, [_d("2012-01-03", "on")])) == (1, 0, 0, 1, 1)


def test_score_deadlines_lists_errors() -> None:
    result = score_deadlines(
        [_d("2023-10-20"), _d("2023-11-01")], [_d("2023-10-20", "on"), _d("2024-01-01")]
    )
    assert sorted(e["error"] for e in result["errors"]) == ["kind", "missed", "spurious"]
