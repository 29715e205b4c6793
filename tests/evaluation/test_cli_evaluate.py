"""`vanban evaluate` as a researcher runs it: their own gold and predictions, the reports it
writes, the cross-validation beside the split, and clear errors on bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner
from vanban.evaluation.inputs import DEFAULT_GOLD, DEFAULT_SPLITS

from vanban.cli import app

runner = CliRunner()
QUOTE = "Các cơ quan, đơn vị gửi kết quả rà soát về Phòng Nội vụ trước ngày 20/10/2023"


def obligation(quote: str, category: str = "report") -> dict:
    return {"quote": quote, "modality": "obligation", "category": category,
            "assignees": ["các cơ quan, đơn vị"], "deadline": "2023-10-20", "legal_basis": []}  # fmt: skip


def document(issuer: str, number_symbol: str, *obligations: dict) -> dict:
    return {
        "schema_version": "1",
        "metadata": {"issuer": {"name": issuer, "parent": None}, "doc_type": "cong_van",
                     "number_symbol": number_symbol, "date": "2023-10-02"},
        "recipients": [{"name": "Sở Nội vụ", "role": "to"}],
        "references": [],
        "deadlines": [{"date": "2023-10-20", "kind": "before", "text": "trước ngày 20/10/2023"}],
        "obligations": list(obligations),
    }  # fmt: skip


def cells(line: str) -> list[str]:
    """The cells of one row of a Markdown table."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def write(folder: Path, docs: dict[str, dict]) -> Path:
    folder.mkdir()
    for doc_id, data in docs.items():
        (folder / f"{doc_id}.json").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )
    return folder


@pytest.fixture
def gold_and_pred(tmp_path: Path) -> tuple[Path, Path]:
    gold = write(tmp_path / "gold", {
        "doc-a": document("UBND huyện Cao Lộc", "120/UBND-NV", obligation(QUOTE),
                          obligation("Phòng Nội vụ tổng hợp, tham mưu UBND huyện khen thưởng", "coordinate")),
        "doc-b": document("Sở Tài chính", "15/STC-VP", obligation("Các phòng ban triển khai thực hiện nghiêm túc", "implement")),
    })  # fmt: skip
    pred = write(tmp_path / "pred", {
        "doc-a": document("Ủy ban nhân dân huyện Cao Lộc", "120/UBND-NV", obligation(QUOTE, "submit")),
        "doc-b": document("Sở Tài chính", "15/STC-VP", obligation("Các phòng ban triển khai thực hiện nghiêm túc", "implement"),
                          obligation("Đẩy mạnh tuyên truyền trên cổng thông tin", "communicate")),
    })  # fmt: skip
    return gold, pred


def test_cli_evaluate_scores_a_prediction_directory(gold_and_pred, tmp_path: Path) -> None:
    gold, pred = gold_and_pred
    report, page = tmp_path / "report.json", tmp_path / "report.html"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--report", str(report),
                                 "--html", str(page), "--lang", "en", "--resamples", "200"])  # fmt: skip
    assert result.exit_code == 0, result.output
    # obligations: 2 of 3 gold matched, 1 spurious: P = R = F1 = 2/3
    row = next(cells(x) for x in result.stdout.splitlines() if x.startswith("| obligations "))
    assert [c.split()[0] for c in row[1:4]] == ["0.667"] * 3 and row[4:] == ["2", "1", "1"]
    assert "split all · 2 documents" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    obligations = data["summary"]["obligations"]
    assert obligations["f1"]["value"] == pytest.approx(2 / 3)
    assert obligations["attributes"]["category"]["accuracy"]["value"] == pytest.approx(0.5)
    assert (
        data["summary"]["metadata"]["issuer"]["accuracy"]["value"] == 1.0
    )  # UBND = Ủy ban nhân dân
    assert set(data["per_issuer"]) == {
        "UBND huyện Cao Lộc",
        "Sở Tài chính",
    }  # from the gold, no split table
    assert {e["doc_id"] for e in data["errors"] if e["kind"] == "missed"} == {"doc-a"}
    assert data["bootstrap"] == {
        "resamples": 200,
        "seed": 0,
        "confidence": 0.95,
        "unit": "document",
    }
    tree = lxml_html.fromstring(page.read_bytes())
    assert len(tree.xpath("//img[starts-with(@src, 'data:image/png;base64,')]")) == 6


def test_cli_evaluate_shows_the_cross_validation_beside_the_split(
    gold_and_pred, tmp_path: Path
) -> None:
    gold, pred = gold_and_pred
    cv = tmp_path / "loio.json"
    cv.write_text(json.dumps({
        "folds": [
            {"issuer": "Sở Tài chính", "n_docs": 3, "metrics": {"obligations": {"precision": 0.8, "recall": 0.6, "f1": 0.686},
                                                               "modality_accuracy": 0.9, "category_accuracy": 0.7}},
            {"issuer": "UBND huyện Cao Lộc", "n_docs": 1, "metrics": {"obligations": {"precision": 0.4, "recall": 0.2, "f1": 0.267},
                                                                     "modality_accuracy": 1.0, "category_accuracy": 0.5}},
        ],
        "summary": {"obligations": {"f1": 0.476}},
    }), encoding="utf-8")  # fmt: skip
    page = tmp_path / "cv.html"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--cv-report", str(cv),
                                 "--html", str(page), "--lang", "en", "--resamples", "100"])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(x.startswith("| Sở Tài chính ") and "0.686" in x for x in lines)
    mean = next(cells(x) for x in lines if x.startswith("| mean over folds "))
    assert mean[1:7] == ["4", "0.600", "0.400", "0.477", "0.950", "0.600"]  # F1 (0.686 + 0.267) / 2
    weighted = next(cells(x) for x in lines if x.startswith("| mean weighted by documents "))
    assert weighted[4] == "0.581"  # (3 × 0.686 + 0.267) / 4
    fixed = next(cells(x) for x in lines if x.startswith("| fixed split: all "))
    # modality 2/2, category 1/2, assignees 2/2, deadline 2/2 on the matched pairs; no baseline
    assert fixed[1:] == ["2", "0.667", "0.667", "0.667", "1.000", "0.500", "1.000", "1.000", "–"]
    assert lxml_html.fromstring(page.read_bytes()).xpath("//section[@id='cross-validation']//img")


# fmt: off
@pytest.mark.parametrize(("args", "code", "lang", "message"), [
    pytest.param(["--gold", "{tmp}/none"], "gold_not_found", "vi", "Không tìm thấy thư mục gold", id="no gold dir"),
    pytest.param(["--pred", "{tmp}/none"], "pred_not_found", "en", "Prediction directory", id="no pred dir"),
    pytest.param(["--cv-report", "{tmp}/bad.json"], "cv_invalid", "vi", "không đúng định dạng", id="bad cv file"),
    pytest.param(["--split", "test", "--splits", "{tmp}/splits.tsv"], "split_empty", "en", "No gold document", id="empty split"),
    pytest.param(["--report", "{tmp}/none/r.json"], "write_failed", "en", "Could not write", id="unwritable report"),
])
# fmt: on
def test_cli_evaluate_bad_input_is_a_clear_error(gold_and_pred, tmp_path, args, code, lang, message) -> None:
    gold, pred = gold_and_pred
    (tmp_path / "bad.json").write_text('{"folds": [{"issuer": "X"}]}', encoding="utf-8")
    (tmp_path / "splits.tsv").write_text("doc_id\tissuer_group\tsplit\ndoc-a\tA\tdev\n", encoding="utf-8")
    base = {"--gold": str(gold), "--pred": str(pred)}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value.format(tmp=tmp_path)
    argv = ["evaluate", *(x for pair in base.items() for x in pair), "--lang", lang, "--resamples", "50"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert f"[{code}]" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_cli_evaluate_a_missing_or_broken_prediction_is_scored_empty_and_reported(gold_and_pred, tmp_path) -> None:
    gold, pred = gold_and_pred
    (pred / "doc-a.json").write_text("{not json", encoding="utf-8")
    (pred / "doc-b.json").unlink()
    report = tmp_path / "r.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--report", str(report),
                                 "--lang", "en", "--resamples", "50"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["failed"]["doc-a"].startswith("invalid JSON") and data["failed"]["doc-b"] == "missing prediction file"
    assert data["summary"]["obligations"]["fn"] == 3 and data["summary"]["obligations"]["tp"] == 0
    assert "Not fully scored: doc-a (invalid JSON" in result.stdout


def test_cli_evaluate_project_split_selects_its_documents(tmp_path: Path) -> None:
    # the gold scored against itself: every score is perfect, and only the dev part is read
    dev = [r.split("\t")[0] for r in DEFAULT_SPLITS.read_text(encoding="utf-8").splitlines()[1:] if r.endswith("\tdev")]
    report = tmp_path / "r.json"
    result = runner.invoke(app, ["evaluate", "--split", "dev", "--pred", str(DEFAULT_GOLD), "--report", str(report),
                                 "--resamples", "50"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert sorted(data["per_document"]) == sorted(dev)
    assert data["summary"]["obligations"]["f1"]["value"] == 1.0 and data["summary"]["recipients"]["f1"]["value"] == 1.0
    assert "Đánh giá vanban" in result.stdout  # Vietnamese by default


@pytest.mark.slow
def test_cli_evaluate_runs_the_pipeline_when_no_prediction_is_given(shared_dir, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    for doc_id in ("seed-001", "seed-002"):  # train documents: their gold may be read
        shutil.copy(DEFAULT_GOLD / f"{doc_id}.json", gold)
    report = tmp_path / "r.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--report", str(report), "--workers", "1",
                                 "--resamples", "50", "--lang", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["predictions"] == "pipeline" and not data["failed"]
    assert data["summary"]["metadata"]["number_symbol"]["accuracy"]["value"] == 1.0
    assert data["summary"]["recipients"]["f1"]["value"] > 0.5
