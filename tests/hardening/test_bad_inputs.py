"""Each kind of bad file a secretariat may receive ends in a clear error code or a result.

Empty files, junk, lying extensions, cut-off and password-protected PDFs, page-count and
page-size bombs, stream and zip bombs, pages with nothing readable, English and Chinese text,
legacy Vietnamese encodings, oversized uploads. Each is read under a time limit: a hang fails.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import MAX_INPUT_BYTES, MAX_TEXT_CHARS, pdf_streams, read_document
from vanban.nlp.limits import time_limit
from vanban.nlp.pipeline import default_nlp
from vanban.nlp.process import process

from tests.hardening import handmade
from tests.hardening.corpus import docx_bases, pdf_bases
from tests.ingest.seedpdf import parse_seed, render_pdf
from tests.ingest.test_text import legacy_bytes

LIMIT_S = 20  # every case here takes well under a second; a hang fails instead of waiting


@contextmanager
def refused(code: str, filename: str) -> Iterator[pytest.ExceptionInfo[VanbanError]]:
    """The block raises VanbanError ``code``, with messages naming the file in vi and en."""
    with time_limit(LIMIT_S), pytest.raises(VanbanError) as err:
        yield err
    assert err.value.code == code, err.value
    assert filename in err.value.message("vi") and filename in err.value.message("en")


def read(data: bytes, filename: str):
    with time_limit(LIMIT_S):
        return read_document(data, filename=filename)


# ------------------------------------------------------------------ no document at all


@pytest.mark.parametrize("data", [b"", b" \r\n\t\x00 \n"])
def test_empty_file(data: bytes) -> None:
    with refused("empty_file", "rong.pdf"):
        read_document(data, filename="rong.pdf")


def test_binary_junk_is_unsupported() -> None:
    junk = random.Random(7).randbytes(50_000)
    with refused("unsupported_type", "junk.pdf"):
        read_document(junk, filename="junk.pdf")


def test_junk_carrying_a_pdf_header_is_a_damaged_pdf() -> None:
    junk = b"\x00\x01\x02" + b"%PDF-1.4\n" + random.Random(8).randbytes(5_000)
    with refused("corrupt_pdf", "hong.pdf"):
        read_document(junk, filename="hong.pdf")


# ------------------------------------------------------------------ the extension lies


def test_a_picture_named_pdf_says_what_it_is() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    with refused("unsupported_type", "scan.pdf") as err:
        read_document(png, filename="scan.pdf")
    assert "PNG" in err.value.message("vi")


@pytest.mark.parametrize(("kind", "filename"), [("pdf", "cong-van.docx"), ("docx", "cong-van.pdf")])
def test_content_decides_not_the_extension(kind: str, filename: str) -> None:
    data = (pdf_bases() if kind == "pdf" else docx_bases())[0][1]
    source = read(data, filename)
    assert ("pdf" in source.media_type) == (kind == "pdf")
    assert "Kính gửi: Sở Nội vụ" in source.text


# ------------------------------------------------------------------ damaged and protected PDFs


def test_truncated_pdf_is_corrupt_pdf() -> None:
    data = pdf_bases()[1][1]
    with refused("corrupt_pdf", "cut.pdf"):
        read_document(data[: len(data) * 2 // 3], filename="cut.pdf")


def test_encrypted_pdf_with_a_user_password_is_refused_and_owner_only_is_read() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    paras = parse_seed(Path(__file__).parents[2].joinpath("samples/seed-002.txt")
                       .read_text(encoding="utf-8")[:1500])
    locked = render_pdf(paras, encrypt=StandardEncryption("mat-khau", "chu", strength=128))
    with refused("encrypted_pdf", "khoa.pdf"):
        read_document(locked, filename="khoa.pdf")
    owner_only = render_pdf(paras, encrypt=StandardEncryption("", "chu", canCopy=0))
    assert "ỦY BAN NHÂN DÂN" in read(owner_only, "chi-chu-so-huu.pdf").text


# ------------------------------------------------------------------ size bombs, refused cheaply


def test_thousands_of_pages_are_too_large() -> None:
    with refused("too_large", "dai.pdf") as err:
        read_document(handmade.pages_pdf(3000), filename="dai.pdf")
    assert "3000" in err.value.detail


def test_a_page_tree_that_understates_its_pages_is_still_stopped() -> None:
    with refused("too_large", "dai.pdf"):
        read_document(handmade.pages_pdf(1200, declared=1), filename="dai.pdf")


def test_an_enormous_page_is_too_large() -> None:
    with refused("too_large", "poster.pdf") as err:
        read_document(handmade.pages_pdf(1, media=(20000, 20000)), filename="poster.pdf")
    assert "20000" in err.value.detail


def test_a_normal_handmade_pdf_is_read() -> None:
    # the helper's files are readable: the refusals above are about their size, nothing else
    source = read(handmade.pages_pdf(3, lines=5), "ba-trang.pdf")
    assert source.pages == 3 and "Cong van so 4" in source.text


def test_a_stream_that_inflates_past_the_cap_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_streams, "MAX_STREAM_BYTES", 8 * 1024 * 1024)  # 256 MB in service
    bomb = handmade.pages_pdf(1, content=handmade.deflate_zeros(16 * 1024 * 1024),
                              content_attrs=b"/Filter /FlateDecode")
    assert len(bomb) < 50_000
    with refused("too_large", "bom.pdf"):
        read_document(bomb, filename="bom.pdf")


def test_a_stream_with_a_broken_checksum_is_read_in_linear_time() -> None:
    # pdfminer's own recovery re-copies the output for every input byte: hours for this page
    ops = b"BT /F1 12 Tf 72 700 Td (Ban hanh kem theo) Tj ET\n" + b" " * (3 * 1024 * 1024)
    packed = bytearray(zlib.compress(ops))
    packed[-1] ^= 0xFF  # the Adler-32 checksum only
    pdf = handmade.pages_pdf(1, content=bytes(packed), content_attrs=b"/Filter /FlateDecode")
    assert "Ban hanh kem theo" in read(pdf, "checksum.pdf").text


def test_more_pages_to_ocr_than_the_cap_is_too_large() -> None:
    from vanban.nlp.ingest.pdf import MAX_OCR_PAGES

    blank = handmade.pages_pdf(MAX_OCR_PAGES + 1, content=b"")
    with refused("too_large", "scan.pdf") as err:
        read_document(blank, filename="scan.pdf")
    assert "OCR" in err.value.detail


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
    return out.getvalue()


def test_docx_with_a_huge_xml_part_is_refused_before_parsing() -> None:
    base = docx_bases()[0][1]
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read("word/document.xml")
    padded = xml.replace(b"<w:body>", b"<w:body>" + b" " * (30 * 1024 * 1024), 1)
    bomb = _rezip(base, {"word/document.xml": padded})
    assert len(bomb) < 1024 * 1024
    with refused("too_large", "bom.docx") as err:
        read_document(bomb, filename="bom.docx")
    assert "word/document.xml" in err.value.detail


def test_docx_entity_expansion_is_not_performed() -> None:
    base = docx_bases()[0][1]
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read("word/document.xml")
    laughs = (b'<!DOCTYPE w:document [<!ENTITY a "hahahahaha">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + k]), (b"&%s;" % bytes([97 + k])) * 10)
                         for k in range(8))
              + b"]>")
    head, body = xml.split(b"?>", 1)
    body = body.replace(b"<w:t>", b"<w:t>&i;", 1)
    hostile = _rezip(base, {"word/document.xml": head + b"?>" + laughs + body})
    try:
        source = read(hostile, "cuoi.docx")
    except VanbanError as err:  # refusing the file is fine too
        assert err.code == "corrupt_docx"
    else:
        assert "hahaha" not in source.text


# ------------------------------------------------------------------ texts that are not for us


@pytest.mark.slow  # loads the pipeline
def test_english_and_chinese_text_are_not_vietnamese() -> None:
    nlp = default_nlp()  # loaded outside the time limit
    english = ("The department shall submit its quarterly report to the committee before the "
               "end of the month. ") * 4
    chinese = "各部门应在本月底前向委员会提交季度报告，并抄送办公室。" * 6
    for name, text in (("memo.txt", english), ("tongzhi.txt", chinese)):
        with refused("not_vietnamese", name):
            process(text.encode("utf-8"), filename=name, nlp=nlp)


@pytest.mark.slow  # loads the pipeline
def test_legacy_tcvn3_text_is_repaired() -> None:
    sentence = ("Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện "
                "về Sở Nội vụ trước ngày 20 tháng 10 năm 2023.")
    from viparse.normalize.tcvn3 import TCVN3

    result = process(legacy_bytes(sentence, TCVN3), filename="cu.txt", nlp=default_nlp())
    assert result.source.encoding_fixed == "tcvn3"
    assert "báo cáo kết quả" in result.text
    assert [d.date for d in result.deadlines] == ["2023-10-20"]


def test_an_oversized_upload_is_refused_before_parsing() -> None:
    big = b"%PDF-1.7\n" + bytes(MAX_INPUT_BYTES)
    with refused("too_large", "lon.pdf") as err:
        read_document(big, filename="lon.pdf")
    assert "MB" in err.value.detail


def test_a_text_longer_than_the_pipeline_takes_is_too_large() -> None:
    line = "Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ.\n"
    text = line * (MAX_TEXT_CHARS // len(line) + 1)
    with refused("too_large", "dai.txt"):
        read_document(text.encode("utf-8"), filename="dai.txt")


# ------------------------------------------------------------------ OCR with nothing to read


@pytest.mark.slow
def test_an_image_only_page_with_nothing_readable_is_no_text() -> None:
    with refused("no_text", "trang-trang.pdf"):
        read_document(handmade.image_only_pdf(), filename="trang-trang.pdf")
