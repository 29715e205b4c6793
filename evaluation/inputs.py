"""What the scorer reads: a gold directory, the split table, a directory of predictions.

A problem with the gold or the split table stops the run with a clear ``EvaluationError``; a
problem with one prediction file does not: that document is scored as if nothing was predicted
(or without the malformed part), and the reason is reported, so that nothing is lost silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "corpus" / "gold"
DEFAULT_SPLITS = REPO / "corpus" / "splits.tsv"
LIST_KEYS = ("recipients", "references", "deadlines", "obligations")

# code -> (Vietnamese, English); templates take {path} and {detail}.
MESSAGES: dict[str, tuple[str, str]] = {
    "gold_not_found": (
        "Không tìm thấy thư mục gold {path}.",
        "Gold directory {path} was not found.",
    ),
    "gold_empty": (
        "Thư mục gold {path} không có tệp .json nào.",
        "Gold directory {path} holds no .json file.",
    ),
    "gold_invalid": (
        "Tệp gold {path} không đọc được: {detail}.",
        "Gold file {path} cannot be read: {detail}.",
    ),
    "pred_not_found": (
        "Không tìm thấy thư mục dự đoán {path}.",
        "Prediction directory {path} was not found.",
    ),
    "splits_invalid": (
        "Bảng chia phần {path} sai định dạng (cần 3 cột doc_id, issuer_group, split): {detail}.",
        "Split table {path} is malformed (3 columns expected: doc_id, issuer_group, split): "
        "{detail}.",
    ),
    "split_empty": (
        "Không có văn bản gold nào thuộc phần {detail} (bảng chia phần: {path}).",
        "No gold document is in split {detail} (split table: {path}).",
    ),
    "cv_invalid": (
        "Tệp kiểm định chéo {path} không đúng định dạng của `vanban train --loio`: {detail}.",
        "Cross-validation file {path} is not in the format of `vanban train --loio`: {detail}.",
    ),
}


class EvaluationError(Exception):
    """Bad input to the scorer, with a stable ``code`` and a message in Vietnamese or English."""

    def __init__(self, code: str, path: Path | str, detail: str = "") -> None:
        self.code, self.path, self.detail = code, str(path), detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.code]
        return (en if lang == "en" else vi).format(path=self.path, detail=self.detail)


def load_gold(gold_dir: Path = DEFAULT_GOLD) -> dict[str, dict[str, Any]]:
    """doc_id (the file's stem) → gold document."""
    if not gold_dir.is_dir():
        raise EvaluationError("gold_not_found", gold_dir)
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise EvaluationError("gold_empty", gold_dir)
    golds = {}
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise EvaluationError("gold_invalid", path, str(err)) from None
        if not isinstance(gold, dict):
            raise EvaluationError("gold_invalid", path, "not a JSON object")
        golds[path.stem] = gold
    return golds


def load_splits(path: Path = DEFAULT_SPLITS) -> dict[str, tuple[str, str]]:
    """doc_id → (issuer group, split), from a tab-separated table with a header row."""
    if not path.is_file():
        return {}
    out = {}
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], 2):
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) != 3:
            raise EvaluationError("splits_invalid", path, f"line {number}")
        doc_id, group, split = (c.strip() for c in cells)
        out[doc_id] = (group, split)
    return out


def select_split(
    golds: dict[str, dict[str, Any]], splits: dict[str, tuple[str, str]], split: str | None,
    splits_path: Path = DEFAULT_SPLITS,
) -> dict[str, dict[str, Any]]:  # fmt: skip
    """The gold documents of one split (``None`` or ``"all"``: every document)."""
    if split in (None, "all"):
        return golds
    chosen = {k: v for k, v in golds.items() if splits.get(k, ("", ""))[1] == split}
    if not chosen:
        raise EvaluationError("split_empty", splits_path, split)
    return chosen


def issuer_groups(
    golds: dict[str, dict[str, Any]], splits: dict[str, tuple[str, str]]
) -> dict[str, str]:
    """doc_id → issuer group: the split table's, else the gold's issuer name (outside corpora)."""
    out = {}
    for doc_id, gold in golds.items():
        if doc_id in splits:
            out[doc_id] = splits[doc_id][0]
        else:
            issuer = (gold.get("metadata") or {}).get("issuer") or {}
            out[doc_id] = (issuer.get("name") if isinstance(issuer, dict) else None) or "?"
    return out


def _shape_problems(pred: dict[str, Any]) -> list[str]:
    """Parts of a prediction the scorer cannot read (they are then scored as empty)."""
    problems = []
    if pred.get("metadata") is not None and not isinstance(pred["metadata"], dict):
        problems.append("metadata")
    for key in LIST_KEYS:
        value = pred.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(x, dict) for x in value)
        ):
            problems.append(key)
    return problems


def load_predictions(
    pred_dir: Path, doc_ids: Iterable[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """doc_id → prediction read from ``<pred_dir>/<doc_id>.json``, and doc_id → problem for the
    files that are missing or unreadable (scored as empty predictions)."""
    if not pred_dir.is_dir():
        raise EvaluationError("pred_not_found", pred_dir)
    preds: dict[str, dict[str, Any]] = {}
    problems: dict[str, str] = {}
    for doc_id in doc_ids:
        path = pred_dir / f"{doc_id}.json"
        preds[doc_id] = {}
        if not path.is_file():
            problems[doc_id] = "missing prediction file"
            continue
        try:
            pred = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            problems[doc_id] = f"invalid JSON: {err}"[:300]
            continue
        if not isinstance(pred, dict):
            problems[doc_id] = "not a JSON object"
            continue
        bad = _shape_problems(pred)
        if bad:
            problems[doc_id] = "unreadable parts scored as empty: " + ", ".join(bad)
            pred = {k: v for k, v in pred.items() if k not in bad}
        preds[doc_id] = pred
    return preds, problems
