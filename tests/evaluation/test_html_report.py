"""The HTML report is one self-contained file whose plots and tables say what the scores say."""

from __future__ import annotations

import base64
import io
import json

import pytest
from lxml import html as lxml_html
from PIL import Image
from vanban.evaluation.cv import load_cv_report
from vanban.evaluation.html_report import render_html
from vanban.evaluation.run import evaluate

QUOTE = "Các xã rà soát, cập nhật danh sách hộ nghèo"


def doc(issuer: str, *obligations: dict, recipients=()) -> dict:
    return {"metadata": {"issuer": {"name": issuer}, "doc_type": "cong_van", "date": "2024-05-02"},
            "recipients": [{"name": r, "role": "to"} for r in recipients],
            "references": [], "deadlines": [], "obligations": list(obligations)}  # fmt: skip


def ob(quote: str, category: str = "review", modality: str = "obligation") -> dict:
    return {"quote": quote, "modality": modality, "category": category, "assignees": ["UBND các xã"],
            "deadline": None, "legal_basis": []}  # fmt: skip


@pytest.fixture(scope="module")
def report() -> dict:
    golds = {
        "a-1": doc(
            "UBND huyện A",
            ob(QUOTE),
            ob("Phòng Nội vụ tổng hợp, báo cáo kết quả", "report"),
            recipients=["Sở Nội vụ"],
        ),
        "a-2": doc("UBND huyện A", ob("Tổ chức hội nghị sơ kết công tác thi đua", "organize")),
        "b-1": doc("Sở Tài chính B", ob("Không tổ chức tiệc tất niên", "other", "prohibition")),
    }
    preds = {
        "a-1": doc(
            "UBND huyện A", ob(QUOTE), ob("Phòng Nội vụ tổng hợp, báo cáo kết quả", "submit")
        ),
        "a-2": doc("Ủy ban nhân dân huyện A", ob("Đẩy mạnh tuyên truyền", "communicate")),
        "b-1": doc("Sở Tài chính B", ob("Không tổ chức tiệc tất niên", "other", "obligation")),
    }
    groups = {"a-1": "huyện A", "a-2": "huyện A", "b-1": "Sở B"}
    result = evaluate(golds, preds, groups=groups, resamples=200)
    return {
        "split": "dev",
        "gold_dir": "gold",
        "predictions": "pred",
        **result,
        "cross_validation": None,
    }


def parse(text: str):
    return lxml_html.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_report_embeds_every_plot_as_a_png(report: dict, lang: str) -> None:
    page = parse(render_html(report, lang))
    images = page.xpath("//img")
    alts = [img.get("alt") for img in images]
    # P/R/F1 per list, attributes, the two confusion matrices, metadata fields, per issuer
    assert len(images) == 6 and all(alts)
    for img in images:
        src = img.get("src")
        assert src.startswith("data:image/png;base64,")
        picture = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        assert picture.format == "PNG" and picture.width > 400 and picture.height > 200
    assert not page.xpath("//script[@src] | //link[@href] | //img[not(starts-with(@src, 'data:'))]")
    title = page.findtext(".//h1")
    assert title == ("Đánh giá vanban" if lang == "vi" else "vanban evaluation")


def test_html_report_tables_show_the_scores(report: dict) -> None:
    page = parse(render_html(report, "en"))
    rows = {r.xpath("td[1]")[0].text_content(): [c.text_content() for c in r.xpath("td")]
            for r in page.xpath("//section[@id='lists']//tr[td]")}  # fmt: skip
    assert list(rows) == [
        "recipients",
        "references",
        "deadlines",
        "obligations",
        "obligations.assignee_names",
    ]
    # obligations: 3 of 4 gold matched, 1 spurious: P 0.75, R 0.75, F1 0.75
    assert [c.split()[0] for c in rows["obligations"][1:4]] == ["0.750", "0.750", "0.750"]
    assert rows["obligations"][4:] == ["3", "1", "1"]
    assert rows["references"][1:4] == ["–", "–", "–"]  # nothing to find, nothing found
    attributes = {r.xpath("td[1]")[0].text_content(): r.xpath("td[2]")[0].text_content()
                  for r in page.xpath("//section[@id='attributes']//tr[td]")}  # fmt: skip
    assert attributes["obligations.category"].startswith("0.667")  # report → submit is the miss
    assert attributes["obligations.modality"].startswith("0.667")  # prohibition → obligation
    issuers = [
        r.xpath("td[1]")[0].text_content()
        for r in page.xpath("//section[@id='per-issuer']//tr[td]")
    ]
    assert issuers == ["huyện A", "Sở B"]
    documents = [
        r.xpath("td[1]")[0].text_content()
        for r in page.xpath("//section[@id='per-document']//tr[td]")
    ]
    assert documents == ["a-1", "a-2", "b-1"]
    errors = page.xpath("//section[@id='errors']")[0].text_content()
    assert (
        "Tổ chức hội nghị sơ kết công tác thi đua" in errors and "Đẩy mạnh tuyên truyền" in errors
    )
    assert not page.xpath("//section[@id='cross-validation']")


def test_html_report_shows_cross_validation_beside_the_fixed_split(report: dict, tmp_path) -> None:
    fold = {"issuer": "huyện A", "n_docs": 2,
            "metrics": {"obligations": {"precision": 0.7, "recall": 0.5, "f1": 0.58}, "modality_accuracy": 0.9,
                        "category_accuracy": 0.6},
            "baseline_metrics": {"obligations": {"precision": 0.5, "recall": 0.4, "f1": 0.444}}}  # fmt: skip
    path = tmp_path / "loio.json"
    path.write_text(
        json.dumps({"folds": [fold], "summary": {"mean_fold_f1": 0.58}}), encoding="utf-8"
    )
    page = parse(render_html({**report, "cross_validation": load_cv_report(path)}, "en"))
    section = page.xpath("//section[@id='cross-validation']")[0]
    cells = [[c.text_content() for c in r.xpath("td")] for r in section.xpath(".//tr[td]")]
    assert cells[0] == [
        "huyện A",
        "2",
        "0.700",
        "0.500",
        "0.580",
        "0.900",
        "0.600",
        "–",
        "–",
        "0.444",
    ]
    assert [row[0] for row in cells] == [
        "huyện A",
        "mean over folds",
        "mean weighted by documents",
        "fixed split: dev",
    ]
    # the fixed split in the same columns: obligations P, R, F1 0.75, modality and category 2/3
    assert cells[-1][2:7] == ["0.750", "0.750", "0.750", "0.667", "0.667"]
    assert section.xpath(".//img[starts-with(@src, 'data:image/png;base64,')]")
    assert len(page.xpath("//img")) == 7
