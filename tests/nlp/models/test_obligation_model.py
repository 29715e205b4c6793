"""The obligation model: training from a corpus, byte-identical rebuilds, the skops file and its
card, leave-one-issuer-out, and the pipeline's fallback when the file is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vanban.cli import app
from vanban.evaluation.matching import fold_name, match_one_to_one, word_f1
from vanban.nlp.models import store
from vanban.nlp.models.obligation_classifier import TASKS, build_obligation_classifier
from vanban.nlp.models.train import Matching, data_hash, train
from vanban.nlp.obligations.component import load_decider
from vanban.nlp.obligations.derive import ModelDecider, RulesDecider

REPO = Path(__file__).resolve().parents[3]
MATCHING = Matching(word_f1, match_one_to_one, fold_name)
# five seeds, five issuers: three to train on, two to score
SPLITS = {"seed-000": "train", "seed-001": "train", "seed-002": "train", "seed-003": "dev", "seed-004": "dev"}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "gold").mkdir()
    rows = ["doc_id\tissuer_group\tsplit"]
    for doc_id, split in SPLITS.items():
        shutil.copy(REPO / "corpus" / "gold" / f"{doc_id}.json", root / "gold")
        rows.append(f"{doc_id}\tissuer {doc_id}\t{split}")
    (root / "splits.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def trained(small_corpus: Path, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same corpus and seed trained twice: here, and by the command in a fresh process (object
    ids and memory addresses differ between processes; the file must not)."""
    first, second = tmp_path_factory.mktemp("model-a"), tmp_path_factory.mktemp("model-b")
    train(small_corpus, first, shared_dir, MATCHING, seed=7, workers=1)
    command = [sys.executable, "-m", "vanban.nlp.cli", "train", "--corpus", str(small_corpus), "--out", str(second),
               "--seed", "7", "--workers", "1"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    return first, second


def test_train_rebuilds_byte_identical_model(trained: tuple[Path, Path]) -> None:
    first, second = trained
    assert (first / store.MODEL_FILE).read_bytes() == (second / store.MODEL_FILE).read_bytes()


def test_train_card_records_versions_data_hash_and_scores(trained: tuple[Path, Path], small_corpus: Path) -> None:
    card = json.loads((trained[0] / store.CARD_FILE).read_text(encoding="utf-8"))
    train_files = sorted(small_corpus / "gold" / f"{d}.json" for d, s in SPLITS.items() if s == "train")
    assert card["training_data"]["sha256"] == data_hash(train_files)
    assert card["seed"] == 7 and card["hyperparameters"]["seed"] == 7
    assert card["sklearn_version"] and card["vanban_version"]
    assert card["model_bytes"] == (trained[0] / store.MODEL_FILE).stat().st_size
    for system in ("model", "rules_baseline"):
        assert 0.0 <= card["dev_scores"][system]["obligations"]["f1"] <= 1.0


def test_store_file_is_a_skops_zip_without_pickle(trained: tuple[Path, Path]) -> None:
    names = zipfile.ZipFile(trained[0] / store.MODEL_FILE).namelist()
    assert "schema.json" in names
    assert not [n for n in names if n.endswith((".pkl", ".pickle"))]


def test_store_refuses_untrusted_types(trained: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from skops.io.exceptions import UntrustedTypesFoundException

    monkeypatch.setattr(store, "TRUSTED_TYPES", [t for t in store.TRUSTED_TYPES if not t.startswith("vanban.")])
    with pytest.raises(UntrustedTypesFoundException):
        store.load(trained[0] / store.MODEL_FILE)


def test_store_loaded_model_predicts_probabilities(trained: tuple[Path, Path]) -> None:
    from vanban.nlp.models.features import unit_record
    from vanban.nlp.obligations.units import Unit

    model = store.load(trained[0] / store.MODEL_FILE)
    units = [Unit(0, 40, "Yêu cầu các cơ quan báo cáo kết quả trước ngày 20/10/2023", level=0, marker="1."),
             Unit(0, 40, "Thời gian qua, các cơ quan đã ban hành kế hoạch", level=-1)]  # fmt: skip
    predictions = model.predict([unit_record(u) for u in units])
    assert all(0.0 <= p <= 1.0 for p, _, _ in predictions)
    assert predictions[0][0] > predictions[1][0]


@pytest.mark.parametrize("task", TASKS)
def test_build_obligation_classifier_is_an_unfitted_pipeline(task: str) -> None:
    pipeline = build_obligation_classifier(task, seed=3)
    assert [name for name, _ in pipeline.steps] == ["features", "classify"]
    assert not hasattr(pipeline.named_steps["classify"], "classes_")


def test_build_obligation_classifier_rejects_unknown_task() -> None:
    with pytest.raises(ValueError, match="unknown task"):
        build_obligation_classifier("assignee")


def test_cli_train_loio_writes_fold_report(small_corpus: Path, tmp_path: Path) -> None:
    report = tmp_path / "loio.json"
    result = CliRunner().invoke(
        app, ["train", "--corpus", str(small_corpus), "--out", str(tmp_path), "--loio", "--report", str(report), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [f["issuer"] for f in data["folds"]] == sorted(f"issuer {d}" for d in SPLITS)
    fold = data["folds"][0]
    assert fold["n_docs"] == 1
    assert set(fold["metrics"]["obligations"]) >= {"precision", "recall", "f1"}
    assert "modality_accuracy" in fold["metrics"] and "category_accuracy" in fold["metrics"]
    assert data["summary"]["n_folds"] == len(SPLITS)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_train_missing_corpus_is_a_clear_error(tmp_path: Path, lang: str) -> None:
    result = CliRunner().invoke(app, ["train", "--corpus", str(tmp_path / "none"), "--lang", lang])
    assert result.exit_code == 2
    assert ("Không tìm thấy" if lang == "vi" else "Corpus not found") in result.output


def test_component_falls_back_to_rules_with_a_warning(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="rules baseline"):
        decider = load_decider(tmp_path / "missing.skops")
    assert isinstance(decider, RulesDecider)


def test_component_loads_the_shipped_model() -> None:
    assert (store.DEFAULT_DIR / store.MODEL_FILE).stat().st_size < 5_000_000
    assert isinstance(load_decider(), ModelDecider)
