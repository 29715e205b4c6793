"""The scorer, on hand-computed cases (contract: "How outside scorers match")."""

from __future__ import annotations

import pytest
from vanban.evaluation.matching import fold_name, match_one_to_one, word_f1
from vanban.evaluation.metrics import summarise
from vanban.evaluation.score import score_document


def test_score_recipient_names_equal_across_abbreviations_and_tone_marks() -> None:
    assert fold_name("UBND các xã, thị trấn") == fold_name("Ủy ban nhân dân các xã, thị trấn")
    assert fold_name("Ban TĐKT Trung ương") == fold_name("Ban Thi đua - Khen thưởng Trung ương")
    assert fold_name("Sở Nội vụ tỉnh Thanh Hoá") == fold_name("sở nội vụ tỉnh thanh hóa")


def test_score_recipients_prf_with_optional_gold() -> None:
    gold = {
        "metadata": {},
        "recipients": [
            {"name": "Sở Nội vụ", "role": "to"},
            {"name": "Bộ Tài chính", "role": "cc"},
            {"name": "CVP, C₂", "role": "cc", "optional": True},
        ],
    }
    pred = {
        "metadata": {},
        "recipients": [
            {"name": "Sở Nội vụ", "role": "to"},
            {"name": "CVP, C₂", "role": "cc"},
            {"name": "Lưu: VT", "role": "cc"},
        ],
    }
    counts = score_document(gold, pred)["counts"]
    # the optional match counts neither way
    assert (counts["recipients.tp"], counts["recipients.fp"], counts["recipients.fn"]) == (1, 1, 1)
    assert summarise([counts])["recipients"]["f1"]["value"] == pytest.approx(0.5)


def test_score_metadata_fields_skip_optional_ones() -> None:
    gold = {
        "metadata": {
            "issuer": {"name": "Ủy ban nhân dân huyện Cao Lộc"},
            "date": "2023-10",
            "number": None,
        },
        "optional_metadata": ["issuer"],
    }
    pred = {"metadata": {"issuer": None, "date": "2023-10", "number": None}}
    counts = score_document(gold, pred)["counts"]
    assert "metadata.issuer.total" not in counts and "metadata.issuer.parent.total" not in counts
    assert (counts["metadata.date.correct"], counts["metadata.date.total"]) == (1, 1)
    assert (counts["metadata.number.correct"], counts["metadata.number.total"]) == (1, 1)


def test_score_word_f1_and_best_first_matching() -> None:
    assert word_f1("gửi kết quả về UBND huyện", "gửi kết quả về UBND huyện") == 1.0
    assert word_f1("a b c d", "a b x y") == pytest.approx(0.5)
    # exactly at the contract's threshold: 9 shared words of 13 and 17 is 0.6, not 0.5999…
    assert word_f1(" ".join("abcdefghijklm"), " ".join("abcdefghiNOPQRSTU")) >= 0.6
    pairs = match_one_to_one(["a b c", "a b"], ["a b", "a b c"], word_f1, 0.6)
    assert sorted((g, p) for g, p, _ in pairs) == [(0, 1), (1, 0)]
