"""Content-type detection: by content, whatever the file is called."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from vanban.nlp.ingest.sniff import Kind, looks_like_text, other_format, sniff


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("qngai-001.pdf", Kind.PDF),
        ("qlvb-001.pdf", Kind.PDF),
        ("qlvb-011.docx", Kind.DOCX),
        ("qlvb-004.doc", Kind.DOC),
        ("tvpl-001.txt", Kind.TEXT),
        ("qngai-001.txt", Kind.TEXT),
    ],
)
def test_sniff_real_files(raw_dir: Path, name: str, kind: Kind) -> None:
    assert sniff((raw_dir / name).read_bytes()) is kind


def test_sniff_odt_from_mimetype() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert sniff(buf.getvalue()) is Kind.ODT


def test_sniff_other_zip_and_broken_zip(raw_dir: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert sniff(buf.getvalue()) is Kind.UNKNOWN
    docx = (raw_dir / "qlvb-011.docx").read_bytes()
    assert sniff(docx[:2000]) is Kind.BROKEN_ZIP


def test_sniff_binary_and_images() -> None:
    assert sniff(os.urandom(4096)) is Kind.UNKNOWN
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    assert sniff(png) is Kind.UNKNOWN and other_format(png) == "PNG"
    assert sniff(b"{\\rtf1\\ansi hello}") is Kind.RTF  # LibreOffice reads it


def test_sniff_text_that_mentions_pdf_is_text() -> None:
    assert sniff("Xem tệp đính kèm (định dạng %PDF-1.4).".encode()) is Kind.TEXT


def test_sniff_legacy_8bit_text_is_text() -> None:
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("latin-1")
    assert looks_like_text(tcvn3)
    assert sniff(tcvn3) is Kind.TEXT
