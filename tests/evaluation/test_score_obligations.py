"""The obligations scorer on hand-computed cases (contract: "How outside scorers match"): quote
match at word-level F1 ≥ 0.6, one to one best pairs first, optional gold neutral, attributes on the
matched required pairs."""

from __future__ import annotations

import pytest
from vanban.evaluation.metrics import summarise
from vanban.evaluation.score import score_document
from vanban.evaluation.score_obligations import score_obligations

# Ten distinct words, so that overlaps are easy to count by hand.
TEN = "một hai ba bốn năm sáu bảy tám chín mười"


def ob(quote: str, *, modality="obligation", category="implement", assignees=(), deadline=None,
       optional=False) -> dict:  # fmt: skip
    """An obligation in the contract's shape; only what a case needs differs from the defaults."""
    item = {"quote": quote, "modality": modality, "category": category, "assignees": list(assignees),
            "action": None, "deadline": deadline, "legal_basis": []}  # fmt: skip
    if optional:
        item["optional"] = True
    return item


def counts(result: dict) -> tuple[int, int, int]:
    return result["tp"], result["fp"], result["fn"]


# fmt: off
@pytest.mark.parametrize(("quote", "matched"), [
    pytest.param(TEN, True, id="same quote"),
    pytest.param("MỘT, hai; ba – bốn năm sáu bảy tám chín mười.", True, id="case and punctuation folded"),
    pytest.param("một hai ba bốn năm sáu mươi trăm nghìn triệu", True, id="6 of 10+10 words: F1 0.6 exactly"),
    pytest.param("một hai ba bốn năm sáu", True, id="6 of 10+6 words: F1 0.75"),
    pytest.param("một hai ba bốn năm mươi trăm nghìn triệu tỷ", False, id="5 of 10+10 words: F1 0.5"),
    pytest.param("một hai ba bốn", False, id="4 of 10+4 words: F1 0.571"),
    pytest.param("", False, id="empty quote"),
])
# fmt: on
def test_score_obligations_match_at_quote_f1_threshold(quote: str, matched: bool) -> None:
    result = score_obligations([ob(TEN)], [ob(quote)])
    assert counts(result) == ((1, 0, 0) if matched else (0, 1, 1))


@pytest.mark.parametrize(
    ("gold", "pred"),
    [pytest.param("Thực hiện chính sách hòa giải ở cơ sở", "thực hiện chính sách hoà giải ở cơ sở", id="tone mark")],
)
def test_score_obligations_quotes_compared_after_the_contract_normalisation(gold: str, pred: str) -> None:
    assert counts(score_obligations([ob(gold)], [ob(pred)])) == (1, 0, 0)


def test_score_obligations_one_to_one_best_pairs_first() -> None:
    g0, g1 = TEN, "một hai ba bốn năm sáu bảy tám mươi trăm"
    p0, p1 = TEN, "một hai ba bốn năm sáu bảy tám chín"  # p1: 0.947 with g0, 0.842 with g1
    result = score_obligations([ob(g0), ob(g1)], [ob(p1), ob(p0)])
    # (g0, p0) = 1.0 is taken first, so p1 goes to g1 rather than to its best partner g0
    assert counts(result) == (2, 0, 0)
    duplicate = score_obligations([ob(g0)], [ob(p0), ob(p0)])
    assert counts(duplicate) == (1, 1, 0)  # one gold item is matched once; the copy is spurious


# fmt: off
@pytest.mark.parametrize(("preds", "expected"), [
    pytest.param([TEN, "mươi trăm nghìn triệu tỷ"], (1, 0, 0), id="a prediction of the optional item is not spurious"),
    pytest.param([TEN], (1, 0, 0), id="an optional item left out is not missed"),
    pytest.param(["mươi trăm nghìn triệu tỷ"], (0, 0, 1), id="matching only the optional item earns nothing"),
])
# fmt: on
def test_score_obligations_optional_gold_is_neutral(preds: list[str], expected: tuple) -> None:
    gold = [ob(TEN), ob("mươi trăm nghìn triệu tỷ", optional=True)]
    assert counts(score_obligations(gold, [ob(q) for q in preds])) == expected


def test_score_obligations_required_gold_wins_a_tie_with_optional() -> None:
    # the optional item comes first (an outside gold set need not order them): still, the one
    # prediction must count for the required item, not vanish into the optional one
    gold = [ob(TEN, optional=True), ob(TEN)]
    assert counts(score_obligations(gold, [ob(TEN)])) == (1, 0, 0)


def test_score_obligations_attributes_on_matched_required_pairs() -> None:
    gold = [
        ob(TEN, category="report", assignees=["UBND các xã", "Phòng Nội vụ"], deadline="2023-10-20"),
        ob("mươi trăm nghìn triệu tỷ", modality="prohibition", assignees=["UBND các xã", "Phòng Nội vụ"]),
        ob("hai mươi ba mươi bốn mươi", category="review", optional=True),
    ]
    pred = [
        ob(TEN, category="submit", assignees=["Ủy ban nhân dân các xã"], deadline="2023-10-20"),
        ob("mươi trăm nghìn triệu tỷ", modality="obligation", assignees=["phòng nội vụ", "Ủy ban nhân dân các xã"]),
        ob("hai mươi ba mươi bốn mươi", category="other"),  # optional pair: its attributes are not scored
    ]
    result = score_obligations(gold, pred)
    assert counts(result) == (2, 0, 0)
    got = {name: (result[name]["correct"], result[name]["total"]) for name in ("modality", "category", "deadline", "assignees")}
    assert got == {"modality": (1, 2), "category": (1, 2), "deadline": (2, 2), "assignees": (1, 2)}
    # names: {xã, nội vụ} vs {xã}, then {xã, nội vụ} vs the same set
    assert result["assignee_names"] == {"tp": 3, "fp": 0, "fn": 1}
    assert sorted(result["pairs"]["category"]) == [("implement", "implement"), ("report", "submit")]
    assert sorted(result["pairs"]["modality"]) == [("obligation", "obligation"), ("prohibition", "obligation")]
    mismatches = [(e["attribute"], e["gold"], e["pred"]) for e in result["errors"] if e["kind"] == "mismatch"]
    assert sorted(mismatches) == [
        ("assignees", ["Phòng Nội vụ", "UBND các xã"], ["Ủy ban nhân dân các xã"]),
        ("category", "report", "submit"),
        ("modality", "prohibition", "obligation"),
    ]


def test_score_obligations_summed_over_documents_into_prf() -> None:
    doc_a = score_document({"obligations": [ob(TEN)]}, {"obligations": [ob(TEN), ob("mươi trăm nghìn")]})
    doc_b = score_document({"obligations": [ob(TEN), ob("mươi trăm nghìn triệu tỷ")]}, {"obligations": []})
    s = summarise([doc_a["counts"], doc_b["counts"]])["obligations"]
    # tp 1, fp 1, fn 2: P 1/2, R 1/3, F1 2/(2+1+2)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 2)
    assert s["precision"]["value"] == pytest.approx(0.5)
    assert s["recall"]["value"] == pytest.approx(1 / 3)
    assert s["f1"]["value"] == pytest.approx(0.4)
    assert s["attributes"]["category"]["accuracy"]["value"] == 1.0


def test_score_obligations_nothing_to_find_and_nothing_found_is_undefined_not_perfect() -> None:
    s = summarise([score_document({"obligations": []}, {"obligations": []})["counts"]])["obligations"]
    assert (s["precision"]["value"], s["recall"]["value"], s["f1"]["value"]) == (None, None, None)
    assert s["attributes"]["modality"]["accuracy"]["value"] is None
