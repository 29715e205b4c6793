"""The ``vanban`` command: thin wrappers over the pipeline's public verbs.

Exit codes: 0 every file done; 1 some file failed (the others are still written);
2 bad usage. Messages are Vietnamese by default (``--lang en`` or ``VANBAN_LANG=en``).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path

import typer

from . import limits
from .errors import VanbanError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="vanban: đọc văn bản hành chính tiếng Việt / read Vietnamese administrative documents.",
)


class Format(str, Enum):
    json = "json"
    text = "text"
    html = "html"


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def _default_lang() -> Lang:
    return Lang.en if os.environ.get("VANBAN_LANG", "vi").lower().startswith("en") else Lang.vi


MESSAGES = {
    "done": ("Đã xử lý {ok}/{total} tệp.", "Processed {ok}/{total} files."),
    "failed": ("Lỗi", "Error"),
    "write_failed": ("Không ghi được tệp {path} ({detail}).", "Could not write {path} ({detail})."),
}


def _msg(key: str, lang: Lang, **kw: object) -> str:
    vi, en = MESSAGES[key]
    return (vi if lang is Lang.vi else en).format(**kw)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Tệp PDF, DOCX, DOC, ODT hoặc TXT / files to read"),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json | text | html"),
    lang: Lang = typer.Option(None, "--lang", help="vi | en (mặc định / default: vi)"),
    out: Path = typer.Option(None, "--out", "-o", help="Ghi ra tệp thay vì màn hình / write to a file"),
    timeout: float = typer.Option(
        120, min=0, help="giây tối đa cho mỗi tệp, 0 = không giới hạn / seconds per file, 0 = none"),
    max_memory: int = typer.Option(
        2048, min=0, help="MB bộ nhớ thêm cho mỗi tệp, 0 = không giới hạn / MB per file, 0 = none"),
) -> None:
    """Trích xuất thông tin văn bản theo hợp đồng JSON / extract the contract JSON of each file."""
    from .ingest import MAX_INPUT_BYTES
    from .pipeline import default_nlp
    from .process import process_doc  # heavy imports only when a command runs
    from .render import to_html, to_text

    lang = lang or _default_lang()
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    failures = 0
    nlp = None
    try:
        for path in files:
            try:
                data = _read(path, MAX_INPUT_BYTES)
                nlp = nlp or default_nlp()  # loaded outside the per-file limits
                # the same guarantees as the service's sandboxed workers, in this process
                with limits.per_file(timeout, max_memory * 1024 * 1024):
                    result, doc = process_doc(data, filename=path.name, nlp=nlp)
            except limits.FileTimeout:
                err = VanbanError("timeout", path.name, f"> {timeout:g} s")
            except MemoryError:
                err = VanbanError("too_large", path.name, f"> {max_memory} MB")
            except VanbanError as caught:
                err = caught
            except Exception as caught:  # never a traceback for the user; the code says what to report
                err = VanbanError("internal_error", path.name, type(caught).__name__)
            else:
                err = None
            if err is not None:
                failures += 1
                typer.echo(f"{_msg('failed', lang)} [{err.code}]: {err.message(lang.value)}", err=True)
                continue
            if fmt is Format.json:
                indent = 2 if len(files) == 1 else None  # JSON Lines for several files
                sink.write(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=indent) + "\n")
            elif fmt is Format.text:
                sink.write(to_text(result, lang.value) + "\n\n")
            else:
                sink.write(to_html(result, doc, lang.value) + "\n")
            sink.flush()
    finally:
        if out:
            sink.close()
    if len(files) > 1 or failures:
        typer.echo(_msg("done", lang, ok=len(files) - failures, total=len(files)), err=True)
    raise typer.Exit(1 if failures else 0)


def _read(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise VanbanError("file_not_found", str(path))
    size = path.stat().st_size
    if size > max_bytes:  # refused before reading it into memory
        raise VanbanError("too_large", path.name, f"{size / 2**20:.0f} MB, tối đa {max_bytes // 2**20} MB")
    return path.read_bytes()


@app.command()
def schema() -> None:
    """In JSON Schema của hợp đồng đầu ra / print the output contract's JSON Schema."""
    from .contract import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


class Split(str, Enum):
    train = "train"
    dev = "dev"
    test = "test"
    all = "all"


class BootstrapUnit(str, Enum):
    document = "document"
    issuer = "issuer"


@app.command()
def evaluate(
    # fmt: off
    split: Split = typer.Option(None, help="train | dev | test | all (mặc định / default: dev với corpus/gold, all với --gold)"),
    gold: Path = typer.Option(None, help="thư mục gold / gold directory (mặc định / default: corpus/gold)"),
    pred: Path = typer.Option(None, help="thư mục JSON dự đoán, <doc_id>.json / directory of predicted contract JSON; không có: chạy pipeline / none: run the pipeline"),
    splits: Path = typer.Option(None, help="bảng chia phần TSV / split table (mặc định / default: corpus/splits.tsv)"),
    report: Path = typer.Option(None, help="ghi báo cáo JSON / write the JSON report here"),
    html: Path = typer.Option(None, help="ghi báo cáo HTML có biểu đồ / write the HTML report with plots here"),
    cv_report: Path = typer.Option(None, help="tệp JSON của `vanban train --loio` / the leave-one-issuer-out file to show beside the split"),
    resamples: int = typer.Option(1000, min=1, help="số lần lấy mẫu bootstrap / bootstrap resamples"),
    seed: int = typer.Option(0, help="seed bootstrap / bootstrap seed"),
    bootstrap_unit: BootstrapUnit = typer.Option(BootstrapUnit.document, help="lấy mẫu lại theo văn bản hay cơ quan / resample documents or whole issuers"),
    workers: int = typer.Option(2, min=1, help="số tiến trình / worker processes"),
    lang: Lang = typer.Option(None, "--lang", help="vi | en (mặc định / default: vi)"),
    # fmt: on
) -> None:
    """Chấm điểm so với gold / score predictions (or the pipeline) against a gold directory."""
    from vanban.evaluation.cv import load_cv_report
    from vanban.evaluation.inputs import DEFAULT_GOLD, DEFAULT_SPLITS, EvaluationError
    from vanban.evaluation.run import evaluate_dirs
    from vanban.evaluation.table import format_table

    lang = lang or _default_lang()
    # the project's corpus is scored on dev unless told otherwise; an outside gold set whole
    chosen = split.value if split else ("dev" if gold is None else "all")
    try:
        cv = load_cv_report(cv_report) if cv_report else None
        result = evaluate_dirs(
            gold_dir=gold or DEFAULT_GOLD, pred_dir=pred, split=chosen, splits_path=splits or DEFAULT_SPLITS,
            workers=workers, resamples=resamples, seed=seed, unit=bootstrap_unit.value,
        )  # fmt: skip
    except EvaluationError as err:
        typer.echo(f"{_msg('failed', lang)} [{err.code}]: {err.message(lang.value)}", err=True)
        raise typer.Exit(2) from None
    result["cross_validation"] = cv
    typer.echo(format_table(result, lang.value))
    outputs = [(report, lambda: json.dumps(result, ensure_ascii=False, indent=2)),
               (html, lambda: _render_html(result, lang.value))]  # fmt: skip
    for path, render in outputs:
        if path is None:
            continue
        try:
            path.write_text(render(), encoding="utf-8")
        except OSError as err:
            message = _msg("write_failed", lang, path=path, detail=err.strerror)
            typer.echo(f"{_msg('failed', lang)} [write_failed]: {message}", err=True)
            raise typer.Exit(2) from None


def _render_html(result: dict, lang: str) -> str:
    """The HTML report; imported here so that matplotlib loads only when a page is asked for."""
    from vanban.evaluation.html_report import render_html

    return render_html(result, lang)


@app.command()
def train(
    corpus: Path = typer.Option(None, help="thư mục kho gold / corpus directory (mặc định corpus/)"),
    out: Path = typer.Option(None, help="thư mục ghi mô hình / where the model goes (mặc định nlp/models/)"),
    seed: int = typer.Option(0, help="hạt ngẫu nhiên / random seed"),
    loio: bool = typer.Option(False, "--loio", help="kiểm định chéo bỏ một cơ quan / leave-one-issuer-out CV"),
    report: Path = typer.Option(None, help="tệp báo cáo LOIO / LOIO report file (mặc định OUT/loio.json)"),
    workers: int = typer.Option(2, help="số tiến trình / worker processes"),
    lang: Lang = typer.Option(None, "--lang", help="vi | en"),
) -> None:
    """Huấn luyện mô hình nghĩa vụ từ kho gold / train the obligation model on the gold corpus."""
    from vanban.evaluation.matching import fold_name, match_one_to_one, word_f1
    from vanban.evaluation.run import REPO, shared_dir

    from .models import store
    from .models.train import Matching, loio as run_loio, train as run_train

    lang = lang or _default_lang()
    corpus = corpus or REPO / "corpus"
    out = out or store.DEFAULT_DIR
    if not (corpus / "splits.tsv").is_file() or not (corpus / "gold").is_dir():
        typer.echo(
            "Không tìm thấy kho gold (splits.tsv, gold/)" if lang is Lang.vi else "Corpus not found (splits.tsv, gold/)",
            err=True,
        )
        raise typer.Exit(2)
    matching = Matching(word_f1, match_one_to_one, fold_name)
    if loio:
        result = run_loio(corpus, shared_dir(), matching, seed=seed, workers=workers)
        path = report or out / "loio.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        summary = result["summary"]
        typer.echo(json.dumps({"report": str(path), **summary}, ensure_ascii=False, indent=2))
        return
    card = run_train(corpus, out, shared_dir(), matching, seed=seed, workers=workers)
    typer.echo(json.dumps({k: card[k] for k in ("model_file", "model_bytes", "dev_scores", "training_seconds")},
                          ensure_ascii=False, indent=2))


corpus_app = typer.Typer(help="Công cụ cho kho gold / gold corpus tools")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("validate")
def corpus_validate(
    gold: Path = typer.Argument(None, help="thư mục hoặc tệp gold / gold directory or files"),
    text: bool = typer.Option(True, help="kiểm tra trích dẫn trong văn bản / check quotes against the text"),
) -> None:
    """Kiểm tra các tệp gold / check gold files against the schema and the guidelines' rules."""
    from vanban.evaluation.run import DEFAULT_GOLD
    from vanban.evaluation.validate import validate_gold

    root = gold or DEFAULT_GOLD
    paths = sorted(root.glob("*.json")) if root.is_dir() else [root]
    bad = 0
    for path in paths:
        problems = validate_gold(path, check_text=text)
        if problems:
            bad += 1
            typer.echo(f"{path.name}:")
            for problem in problems:
                typer.echo(f"  - {problem}")
    typer.echo(f"{len(paths) - bad}/{len(paths)} OK")
    raise typer.Exit(1 if bad else 0)


if __name__ == "__main__":
    app()
