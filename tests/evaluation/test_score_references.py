"""The references scorer on hand-computed cases (contract: "How outside scorers match")."""

from __future__ import annotations

import pytest

from vanban.evaluation.score_references import score_references, summarise_references


def ref(
    number_symbol=None,
    *,
    type="nghi_dinh",
    title=None,
    date=None,
    issuer=None,
    relation="cites",
    pinpoints=(None,),
    optional=False,
) -> dict:
    """A reference in the contract's shape; only what a case needs differs from the defaults."""
    item = {
        "type": type, "number_symbol": number_symbol, "date": date, "issuer": issuer,
        "title": title, "relation": relation, "mentions": [{"pinpoint": p} for p in pinpoints],
    }  # fmt: skip
    if optional:
        item["optional"] = True
    return item


def cv(number_symbol: str, **kw) -> dict:
    return ref(number_symbol, type="cong_van", **kw)


def law(title: str, **kw) -> dict:
    return ref(type="luat", title=title, **kw)


def counts(result: dict) -> tuple[int, int, int]:
    return result["tp"], result["fp"], result["fn"]


# fmt: off
MATCH_CASES = [
    # same symbol: one true positive
    ([ref("91/2017/NĐ-CP")], [ref("91/2017/NĐ-CP")], (1, 0, 0)),
    # spaces and a trailing dot are dropped before comparing
    ([cv("2290/UBND-NCKS")], [cv("2290 /UBND-NCKS.")], (1, 0, 0)),
    # Đ and D stay distinct: a miss and a spurious item
    ([ref("91/2017/NĐ-CP")], [ref("91/2017/ND-CP")], (0, 1, 1)),
    # inner dots are kept: 66.7 is not 667
    ([ref("66.7/2025/NQ-CP")], [ref("667/2025/NQ-CP")], (0, 1, 1)),
    # variant spellings are separate instruments (seed 003)
    ([cv("1322/UBND-NC")], [cv("1322/UBND-NC"), cv("1322/UBND-NV")], (1, 1, 0)),
    # one to one: a duplicate prediction is spurious
    ([ref("91/2017/NĐ-CP")], [ref("91/2017/NĐ-CP"), ref("91/2017/NĐ-CP")], (1, 1, 0)),
    # an optional gold item is neutral, matched or not
    ([cv("1322/UBND-NV", optional=True)], [cv("1322/UBND-NV")], (0, 0, 0)),
    ([cv("1322/UBND-NV", optional=True)], [], (0, 0, 0)),
    # unnumbered: type + title, case and punctuation folded
    ([law("Thi đua, Khen thưởng")], [law("thi đua khen thưởng")], (1, 0, 0)),
    # … fuzzy within TITLE_SIMILARITY ("Tô chức" is an OCR slip of "Tổ chức")
    ([law("Tổ chức chính quyền địa phương")], [law("Tô chức Chính quyền địa phương")], (1, 0, 0)),
    # … but not across types, nor against a numbered prediction
    ([law("Thi đua, Khen thưởng")], [ref(title="Thi đua, Khen thưởng")], (0, 1, 1)),
    ([law("Thi đua, Khen thưởng")],
     [law("Thi đua, Khen thưởng") | {"number_symbol": "06/2022/QH15"}], (0, 1, 1)),
    # two unnumbered laws of the same title pair off one to one (tvpl-017)
    ([law("Đất đai", date="2024"), law("Đất đai", date="1993")],
     [law("Đất đai", date="2024"), law("Đất đai", date="1993")], (2, 0, 0)),
    ([], [], (0, 0, 0)),
]
# fmt: on


@pytest.mark.parametrize(("gold", "pred", "expected"), MATCH_CASES)
def test_score_references_matching(gold: list, pred: list, expected: tuple) -> None:
    assert counts(score_references(gold, pred)) == expected


def test_score_references_attributes_on_matched_pairs() -> None:
    lang_son = "Ủy ban nhân dân tỉnh Lạng Sơn"
    gold = [
        cv("1322/UBND-NC", date="2023-09-29", issuer=lang_son, relation="implements"),
        ref("91/2017/NĐ-CP", date="2017-07-31", issuer="Chính phủ",
            pinpoints=("Điều 78", "khoản 1 Điều 9")),
        ref("13/2012/NĐ-CP", date="2012-03-02", issuer="Chính phủ"),
    ]  # fmt: skip
    pred = [
        # issuer abbreviated (folded equal), relation wrong
        cv("1322/UBND-NC", date="2023-09-29", issuer="UBND tỉnh Lạng Sơn", relation="cites"),
        # the same pinpoints in another order, with a bare mention between: correct
        ref("91/2017/NĐ-CP", date="2017-07-31", issuer="Chính phủ",
            pinpoints=("khoản 1 Điều 9", None, "Điều 78")),
        # wrong type and date, issuer missing
        ref("13/2012/NĐ-CP", type="quyet_dinh", date="2012-03-20"),
    ]  # fmt: skip
    result = score_references(gold, pred)
    assert counts(result) == (3, 0, 0)
    attributes = ("type", "date", "relation", "issuer", "pinpoint")
    assert {a: (result[a]["correct"], result[a]["total"]) for a in attributes} == {
        "type": (2, 3), "date": (2, 3), "relation": (2, 3), "issuer": (2, 3), "pinpoint": (3, 3),
    }  # fmt: skip


def test_score_references_pinpoint_sets_must_agree() -> None:
    gold = [ref("91/2017/NĐ-CP", pinpoints=("Điều 78", "khoản 1 Điều 9"))]
    result = score_references(gold, [ref("91/2017/NĐ-CP", pinpoints=("Điều 78",))])
    assert (result["pinpoint"]["correct"], result["pinpoint"]["total"]) == (0, 1)


def test_score_references_optional_pairs_count_no_attributes() -> None:
    gold = [ref("1322/UBND-NV", type="cong_van", relation=None, optional=True)]
    result = score_references(gold, [ref("1322/UBND-NV", type="cong_van", relation="attached")])
    assert result["relation"] == {"correct": 0, "total": 0}


def test_score_references_errors_name_what_went_wrong() -> None:
    result = score_references(
        [ref("91/2017/NĐ-CP", date="2017-07-31")], [ref("91/2017/NĐ-CP"), ref("5/2020/NĐ-CP")]
    )
    kinds = sorted(e["kind"] for e in result["errors"])
    assert kinds == ["date", "spurious"]


def test_score_references_summarise_sums_documents() -> None:
    doc1 = score_references(
        [ref("1/2020/NĐ-CP"), ref("2/2020/NĐ-CP")], [ref("1/2020/NĐ-CP"), ref("9/2020/NĐ-CP")]
    )
    doc2 = score_references([ref("3/2020/NĐ-CP"), ref("4/2020/NĐ-CP"), ref("5/2020/NĐ-CP")],
                            [ref("3/2020/NĐ-CP"), ref("4/2020/NĐ-CP")])  # fmt: skip
    summary = summarise_references([doc1, doc2])
    # tp = 1 + 2, fp = 1 + 0, fn = 1 + 1 → P 3/4, R 3/5, F1 2PR/(P+R) = 2/3
    assert (summary["tp"], summary["fp"], summary["fn"]) == (3, 1, 2)
    assert summary["precision"] == pytest.approx(0.75)
    assert summary["recall"] == pytest.approx(0.6)
    assert summary["f1"] == pytest.approx(2 / 3)
    assert summary["attributes"]["type"] == {"accuracy": 1.0, "correct": 3, "total": 3}
