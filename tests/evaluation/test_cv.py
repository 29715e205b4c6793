"""The leave-one-issuer-out file of `vanban train --loio`: read, checked, summed up beside the split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vanban.evaluation.cv import load_cv_report, rows_beside_split
from vanban.evaluation.inputs import EvaluationError
from vanban.evaluation.metrics import summarise


def metrics(p: float, r: float, f1: float, counts: tuple | None = None, **accuracies) -> dict:
    """A fold's metrics as `vanban train --loio` writes them; counts only when given."""
    block = {"precision": p, "recall": r, "f1": f1}
    if counts:
        block.update(zip(("tp", "fp", "fn"), counts, strict=True))
    return {"obligations": block, **accuracies}


@pytest.fixture
def loio_file(tmp_path: Path) -> Path:
    path = tmp_path / "loio.json"
    path.write_text(json.dumps({
        "kind": "leave-one-issuer-out",
        "folds": [
            {"issuer": "Bộ Tài chính", "n_docs": 3, "doc_ids": ["a", "b", "c"],
             "metrics": metrics(0.9, 0.6, 0.72, modality_accuracy=1.0, category_accuracy=0.5, assignee_accuracy=0.25),
             "baseline_metrics": metrics(0.5, 0.5, 0.5)},
            {"issuer": "UBND tỉnh Phú Thọ", "n_docs": 1,
             "metrics": metrics(0.5, 0.2, 0.3, modality_accuracy=0.5, category_accuracy=None),
             "baseline_metrics": metrics(0.1, 0.1, 0.1)},
            # nothing to find and nothing found: the file writes 0.0, the counts say "undefined"
            {"issuer": "Bộ Công Thương", "n_docs": 1, "metrics": metrics(0.0, 0.0, 0.0, (0, 0, 0)),
             "baseline_metrics": metrics(0.0, 0.0, 0.0, (0, 3, 0))},
        ],
        "summary": {"pooled": metrics(0.8, 0.5, 0.615, modality_accuracy=0.9), "pooled_baseline": {"odd": True}},
    }), encoding="utf-8")  # fmt: skip
    return path


def test_cv_rows_fold_means_pooled_and_the_fixed_split(loio_file: Path) -> None:
    cv = load_cv_report(loio_file)
    fixed = summarise([{"obligations.tp": 3, "obligations.fp": 1, "obligations.fn": 1}])
    fixed["documents"] = 5
    rows = rows_beside_split(cv, fixed)
    assert [r.get("label") or r["key"] for r in rows] == [
        "Bộ Tài chính",
        "UBND tỉnh Phú Thọ",
        "Bộ Công Thương",
        "cv_mean",
        "cv_weighted",
        "cv_pooled",
        "fixed_split",
    ]  # a pooled_baseline not in the metrics' shape is left out, not guessed at
    assert rows[2]["f1"] is None and rows[2]["recall"] is None and rows[2]["baseline_f1"] == 0.0
    mean, weighted, pooled, split = rows[3:]
    assert mean["f1"] == pytest.approx(0.51) and weighted["f1"] == pytest.approx(
        (3 * 0.72 + 0.3) / 4
    )
    assert mean["category_accuracy"] == 0.5  # a fold without the score does not count as 0
    # the undefined fold is left out of the F1 means; its baseline's 3 spurious items score 0
    assert mean["baseline_f1"] == pytest.approx(0.6 / 3) and mean["n_docs"] == 5
    assert pooled["f1"] == 0.615 and pooled["modality_accuracy"] == 0.9
    assert (
        split["n_docs"] == 5 and split["f1"] == pytest.approx(0.75) and split["baseline_f1"] is None
    )
    assert cv["folds"][0]["doc_ids"] == ["a", "b", "c"]  # other keys are kept


# fmt: off
@pytest.mark.parametrize(("content", "detail"), [
    pytest.param("{", "Expecting", id="not JSON"),
    pytest.param('{"folds": []}', "folds", id="no fold"),
    pytest.param('{"folds": [{"issuer": "X", "n_docs": 1}]}', "folds.0.metrics", id="fold without metrics"),
    pytest.param('{"folds": [{"issuer": "X", "n_docs": -1, "metrics": {"obligations": {}}}]}', "n_docs", id="negative count"),
])
# fmt: on
def test_cv_malformed_file_is_a_clear_error(tmp_path: Path, content: str, detail: str) -> None:
    path = tmp_path / "loio.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError) as caught:
        load_cv_report(path)
    assert caught.value.code == "cv_invalid" and detail in caught.value.detail
    assert "vanban train --loio" in caught.value.message("vi")
