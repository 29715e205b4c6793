"""Legacy .doc and .odt through LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import office, read_document

from tests.ingest.test_docx import FOOTNOTE, build_dispatch


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("|", " ")).strip()


@pytest.mark.slow
def test_office_doc_matches_its_text_twin(raw_dir: Path) -> None:
    source = read_document((raw_dir / "qlvb-004.doc").read_bytes(), filename="qlvb-004.doc")
    assert source.media_type == "application/msword"
    twin = (raw_dir / "qlvb-004.txt").read_text(encoding="utf-8")  # antiword's reading
    ratio = SequenceMatcher(None, fold(source.text), fold(twin), autojunk=False).ratio()
    assert ratio >= 0.98
    lines = [source.text[ln.start : ln.end] for ln in source.lines]
    title = lines.index("CHỈ THỊ")
    assert source.lines[title].bold
    assert lines[title + 1] == "Về việc đẩy mạnh hoạt động khoa học và công nghệ cấp cơ sở"
    assert not source.lines[title + 2].bold
    assert lines[-1].startswith("- Lưu VT")


@pytest.mark.slow
def test_office_odt_reads_like_the_docx_it_came_from(tmp_path: Path) -> None:
    docx = tmp_path / "cong-van.docx"
    docx.write_bytes(build_dispatch())
    soffice = office.find_soffice()
    assert soffice, "LibreOffice is part of the set-up"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    odt = (tmp_path / "cong-van.odt").read_bytes()
    source = read_document(odt, filename="cong-van.odt")
    direct = read_document(docx.read_bytes(), filename="cong-van.docx")
    assert source.media_type == "application/vnd.oasis.opendocument.text"
    assert source.text == direct.text
    assert [ln.bold for ln in source.lines] == [ln.bold for ln in direct.lines]
    assert source.footnotes == [FOOTNOTE]


@pytest.mark.slow
def test_office_damaged_doc_is_a_vanban_error(raw_dir: Path) -> None:
    data = (raw_dir / "qlvb-004.doc").read_bytes()
    damaged = data[:512] + bytes(len(data) - 512)  # the header survives, the rest is gone
    with pytest.raises(VanbanError) as err:
        read_document(damaged, filename="hong.doc")
    assert err.value.code == "conversion_failed"
    assert "hong.doc" in err.value.message("vi")


def test_office_missing_soffice_is_tool_missing(raw_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(VanbanError) as err:
        read_document((raw_dir / "qlvb-004.doc").read_bytes(), filename="qlvb-004.doc")
    assert err.value.code == "tool_missing"
    message = err.value.message("vi")
    assert "qlvb-004.doc" in message and "LibreOffice" in message


def test_office_leaves_no_temp_files(raw_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda name: "/bin/false")  # soffice that fails
    with pytest.raises(VanbanError) as err:
        read_document((raw_dir / "qlvb-004.doc").read_bytes(), filename="qlvb-004.doc")
    assert err.value.code == "conversion_failed"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_office_rtf_saved_as_doc_is_read(tmp_path: Path) -> None:
    docx = tmp_path / "cong-van.docx"
    docx.write_bytes(build_dispatch())
    subprocess.run(
        [office.find_soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--headless", "--convert-to", "rtf", "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    rtf = (tmp_path / "cong-van.rtf").read_bytes()
    source = read_document(rtf, filename="cong-van.doc")  # named .doc, as they often are
    assert source.media_type == "application/rtf"
    lines = [source.text[ln.start : ln.end] for ln in source.lines]
    assert lines[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH THÁI BÌNH"]
    assert "Độc lập - Tự do - Hạnh phúc" in lines
