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
) -> None:
    """Trích xuất thông tin văn bản theo hợp đồng JSON / extract the contract JSON of each file."""
    from .process import process_doc  # heavy imports only when a command runs
    from .render import to_html, to_text

    lang = lang or _default_lang()
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    failures = 0
    try:
        for path in files:
            try:
                data = _read(path)
                result, doc = process_doc(data, filename=path.name)
            except VanbanError as err:
                failures += 1
                typer.echo(f"{_msg('failed', lang)} [{err.code}]: {err.message(lang.value)}", err=True)
                continue
            except Exception as err:  # never a traceback for the user; the code says what to report
                failures += 1
                wrapped = VanbanError("internal_error", path.name, type(err).__name__)
                typer.echo(f"{_msg('failed', lang)} [{wrapped.code}]: {wrapped.message(lang.value)}", err=True)
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


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise VanbanError("file_not_found", str(path))
    return path.read_bytes()


@app.command()
def schema() -> None:
    """In JSON Schema của hợp đồng đầu ra / print the output contract's JSON Schema."""
    from .contract import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def evaluate(
    split: str = typer.Option("dev", help="train | dev | test | all"),
    gold: Path = typer.Option(None, help="thư mục gold / gold directory (mặc định corpus/gold)"),
    pred: Path = typer.Option(None, help="thư mục JSON dự đoán / directory of predicted contract JSON"),
    report: Path = typer.Option(None, help="ghi báo cáo JSON / write the JSON report here"),
    workers: int = typer.Option(2, help="số tiến trình / worker processes"),
) -> None:
    """Chấm điểm so với gold / score predictions (or the pipeline) against the gold corpus."""
    from vanban.evaluation.run import DEFAULT_GOLD, evaluate as run_evaluation, format_table

    result = run_evaluation(gold_dir=gold or DEFAULT_GOLD, pred_dir=pred, split=split, workers=workers)
    typer.echo(format_table(result))
    if report:
        report.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


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
