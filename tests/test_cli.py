"""The `vanban` command as a user runs it: formats, several files, errors, languages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vanban.cli import app

runner = CliRunner()


def test_cli_console_script_extracts_a_seed(seed_paths, tmp_path: Path) -> None:
    exe = shutil.which("vanban", path=str(Path(sys.executable).parent))
    assert exe, "the vanban console script is installed beside the interpreter"
    proc = subprocess.run([exe, "extract", str(seed_paths[2])], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["schema_version"] == "1"
    assert result["metadata"]["number_symbol"] == "2290/UBND-NCKS"
    assert result["source"]["media_type"] == "text/plain"
    assert result["text"].startswith("ỦY BAN NHÂN DÂN")


def test_cli_several_files_give_json_lines_and_a_failure_does_not_stop_the_rest(seed_paths, tmp_path) -> None:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"  # the extension lies
    junk.write_bytes(bytes(range(256)) * 20)
    result = runner.invoke(app, ["extract", str(seed_paths[0]), str(empty), str(junk), str(seed_paths[4])])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [x["source"]["filename"] for x in lines] == [seed_paths[0].name, seed_paths[4].name]
    assert "[empty_file]" in result.stderr and "rong.txt" in result.stderr
    assert "[unsupported_type]" in result.stderr and "junk.pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Đã xử lý 2/4 tệp" in result.stderr


@pytest.mark.parametrize(("lang", "expected"), [("vi", "Không tìm thấy tệp"), ("en", "was not found")])
def test_cli_messages_in_vietnamese_by_default_english_on_request(lang, expected, tmp_path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "khong-co.pdf"), "--lang", lang])
    assert result.exit_code == 1
    assert expected in result.stderr


def test_cli_non_vietnamese_text_is_refused_clearly(tmp_path) -> None:
    english = tmp_path / "memo.txt"
    english.write_text("The committee asks every department to report its results by Friday. " * 5)
    result = runner.invoke(app, ["extract", str(english)])
    assert result.exit_code == 1 and "[not_vietnamese]" in result.stderr


def test_cli_text_view_reads_like_a_summary(seed_paths) -> None:
    result = runner.invoke(app, ["extract", str(seed_paths[4]), "--format", "text"])
    assert result.exit_code == 0
    assert "Cơ quan ban hành: Ủy ban nhân dân huyện Tây Sơn" in result.stdout
    assert "Người ký: TM. Chủ tịch Phan Chí Hùng" in result.stdout
    assert "[to] UBND các xã, thị trấn" in result.stdout


def test_cli_html_view_highlights_parts_and_recipients(seed_paths, tmp_path) -> None:
    out = tmp_path / "v.html"
    result = runner.invoke(app, ["extract", str(seed_paths[2]), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for label in ("Cơ quan ban hành", "Số, ký hiệu", "Trích yếu", "Người ký", "Nơi nhận (cc)"):
        assert label in html
    assert "Nguyễn Khắc Thận" in html


def test_cli_html_escapes_document_text(tmp_path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text("ỦY BAN NHÂN DÂN\nTỈNH X\nSố: 1/UBND-VP\nV/v <script>alert(1)</script> thử nghiệm văn bản\n"
                   "Kính gửi: Sở Nội vụ.\nỦy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị thực hiện nghiêm túc.\n")
    result = runner.invoke(app, ["extract", str(doc), "--format", "html"])
    assert result.exit_code == 0
    assert "<script>alert(1)</script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout
