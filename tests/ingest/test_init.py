"""read_document: dispatch by content and the errors a user can meet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import vanban.nlp.ingest as ingest
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import read_document


def error_of(data: bytes, filename: str) -> VanbanError:
    with pytest.raises(VanbanError) as err:
        read_document(data, filename=filename)
    return err.value


def test_init_only_read_document_is_public() -> None:
    assert ingest.__all__ == ["read_document"]


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", b"\x00\x00"])
def test_init_empty_is_empty_file(data: bytes) -> None:
    err = error_of(data, "rong.txt")
    assert err.code == "empty_file"
    assert "rong.txt" in err.message("vi") and "rỗng" in err.message("vi")


def test_init_random_bytes_is_unsupported_type() -> None:
    err = error_of(os.urandom(20000), "la.bin")
    assert err.code == "unsupported_type"
    assert "la.bin" in err.message("vi")


def test_init_image_is_unsupported_type_naming_the_format() -> None:
    err = error_of(b"\x89PNG\r\n\x1a\n" + os.urandom(500), "anh-chup.pdf")
    assert err.code == "unsupported_type"
    assert "anh-chup.pdf" in err.message("vi") and "PNG" in err.message("vi")


def test_init_dispatch_by_content_not_extension(raw_dir: Path) -> None:
    pdf = (raw_dir / "qngai-001.pdf").read_bytes()
    source = read_document(pdf, filename="nham-duoi.docx")
    assert source.media_type == "application/pdf" and source.pages == 2
    docx = (raw_dir / "qlvb-011.docx").read_bytes()
    assert read_document(docx, filename="van-ban.pdf").media_type.endswith("document")


def test_init_encrypted_office_package_is_encrypted_document() -> None:
    # an OLE2 container holding "EncryptedPackage" is how Word saves a password-protected docx
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode(
        "utf-16-le") + bytes(500)
    err = error_of(ole, "mat-khau.docx")
    assert err.code == "encrypted_document"
    assert "mat-khau.docx" in err.message("vi")


def test_init_parser_crash_becomes_internal_error(monkeypatch: pytest.MonkeyPatch,
                                                  raw_dir: Path) -> None:
    def boom(data: bytes, filename: str) -> None:
        raise KeyError("xref")

    monkeypatch.setattr(ingest, "read_pdf", boom)
    err = error_of((raw_dir / "qngai-001.pdf").read_bytes(), "loi.pdf")
    assert err.code == "internal_error"
    assert "loi.pdf" in err.message("vi")
