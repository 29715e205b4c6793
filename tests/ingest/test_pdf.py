"""PDF text layer: real signed and Công báo PDFs, a justified PDF made from a seed, errors."""

from __future__ import annotations

import io
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import read_document
from vanban.nlp.types import SourceText

from tests.ingest.seedpdf import parse_seed, plain_and_bold, render_pdf

SEED_001 = "001_5b2f8e96bc7dd2ba.txt"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def line_texts(source: SourceText) -> list[str]:
    return [source.text[line.start : line.end] for line in source.lines]


@pytest.fixture(scope="module")
def qngai_001(raw_dir: Path) -> SourceText:
    return read_document((raw_dir / "qngai-001.pdf").read_bytes(), filename="qngai-001.pdf")


@pytest.fixture(scope="module")
def congbao_001(raw_dir: Path) -> SourceText:
    return read_document((raw_dir / "congbao-001.pdf").read_bytes(), filename="congbao-001.pdf")


@pytest.fixture(scope="module")
def seed_doc(shared_dir: Path) -> tuple[bytes, str, list[bool]]:
    """Seed 001 set in a narrow justified column (many stretched lines pdfminer splits)."""
    paras = parse_seed((shared_dir / "seeds" / SEED_001).read_text(encoding="utf-8"))
    text, bold = plain_and_bold(paras)
    return render_pdf(paras, right_margin_cm=6.0), text, bold


def test_pdf_signature_stamp_moves_out_of_text(qngai_001: SourceText) -> None:
    assert qngai_001.signature is not None
    assert qngai_001.signature.signed_at == "2024-11-06T09:27:05+07:00"
    assert qngai_001.signature.organisation == "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC"
    assert "ttcbth@quangngai.gov.vn" in qngai_001.signature.text
    for stamp_part in ("ttcbth@", "09:27:05", "TRUNG TÂM CÔNG"):
        assert stamp_part not in qngai_001.text


def test_pdf_signed_header_keeps_number_and_day_filled_in_by_signing(qngai_001: SourceText) -> None:
    lines = [fold(t) for t in line_texts(qngai_001)]
    assert "Số: 542 /TB-UBND" in lines
    assert "Quảng Ngãi, ngày 06 tháng 11 năm 2024" in lines


def test_pdf_header_columns_are_separate_lines_in_column_order(qngai_001: SourceText) -> None:
    lines = [fold(t) for t in line_texts(qngai_001)]
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 542 /TB-UBND",
        "Quảng Ngãi, ngày 06 tháng 11 năm 2024",
    ]
    assert all(line.bold for line in qngai_001.lines[:4])
    assert not qngai_001.lines[4].bold


def test_pdf_pages_lines_and_form_feed(qngai_001: SourceText) -> None:
    assert qngai_001.pages == 2
    assert qngai_001.text.count("\f") == 1
    assert {line.page for line in qngai_001.lines} == {1, 2}
    assert not qngai_001.ocr
    for line in qngai_001.lines:
        chunk = qngai_001.text[line.start : line.end]
        assert chunk and "\n" not in chunk and "\f" not in chunk
        assert qngai_001.text[line.end] == "\n"
        x0, y0, x1, y1 = line.bbox
        assert 0 <= x0 < x1 <= 596 and 0 <= y0 < y1 <= 843
    # the page number "2" printed at the top of page 2 is furniture, not text
    page2 = [t for t, line in zip(line_texts(qngai_001), qngai_001.lines, strict=True)
             if line.page == 2]
    assert page2[0].startswith("- Giao Ban Dân tộc tỉnh")


def test_pdf_signature_block_read_after_recipients(qngai_001: SourceText) -> None:
    lines = [fold(t) for t in line_texts(qngai_001)]
    start = lines.index("Nơi nhận:")
    assert lines[start + 1 : start + 6][0] == "- Như thành phần;"
    assert lines[-4:] == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
                          "Phùng Tô Long"]


def test_pdf_congbao_running_headers_removed(congbao_001: SourceText) -> None:
    assert congbao_001.pages == 6
    assert "CÔNG BÁO" not in congbao_001.text.upper()
    texts = [fold(t) for t in line_texts(congbao_001)]
    assert not any(re.fullmatch(r"\d{1,3}", t) for t in texts)  # page numbers 70–75
    assert texts[0] == "THỦ TƯỚNG CHÍNH PHỦ"
    # the Công báo signature stamp is parsed, with its ISO time
    assert congbao_001.signature is not None
    assert congbao_001.signature.organisation == "VĂN PHÒNG CHÍNH PHỦ"
    assert congbao_001.signature.signed_at == "2026-06-02T08:06:58+07:00"


def test_pdf_congbao_sentence_runs_across_page_break(congbao_001: SourceText) -> None:
    # with the header gone, the last line of a page is followed directly by the next page's body
    page_breaks = [m.start() for m in re.finditer("\f", congbao_001.text)]
    assert len(page_breaks) == 5
    for pos in page_breaks:
        after = congbao_001.text[pos + 1 :].split("\n", 1)[0]
        assert not after.upper().startswith("CÔNG BÁO")


def test_pdf_justified_seed_text_matches(seed_doc: tuple[bytes, str, list[bool]]) -> None:
    pdf, expected, _ = seed_doc
    source = read_document(pdf, filename="seed-001.pdf")
    ratio = SequenceMatcher(None, fold(source.text), fold(expected), autojunk=False).ratio()
    assert ratio >= 0.99
    # stronger: every visual line is a verbatim piece of the seed (no word out of order)
    flat = fold(expected)
    missing = [t for t in line_texts(source) if fold(t) not in flat]
    assert missing == []
    assert source.pages == len(re.findall(rb"/Type /Page\b", pdf))
    # one Line per visual line: below the two-column header no two lines share a row
    shared_rows = [
        (source.text[a.start : a.end], source.text[b.start : b.end])
        for a, b in zip(source.lines, source.lines[1:], strict=False)
        if a.page == b.page and min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1]) > 4
        and a.bbox[1] < 650
    ]
    assert shared_rows == []


def test_pdf_justified_seed_bold_lines_exact(seed_doc: tuple[bytes, str, list[bool]]) -> None:
    pdf, expected, bold_mask = seed_doc
    source = read_document(pdf, filename="seed-001.pdf")
    flat = expected.replace("\n", " ")
    cursor = 0
    wrong = []
    for line in source.lines:
        text = fold(source.text[line.start : line.end])
        at = flat.find(text, cursor)
        assert at >= 0, text
        cursor = at + len(text)
        ink = [bold_mask[k] for k in range(at, at + len(text)) if not flat[k].isspace()]
        if (sum(ink) * 2 > len(ink)) != line.bold:
            wrong.append(text)
    assert wrong == []
    assert sum(line.bold for line in source.lines) >= 8  # header, headings, CHỦ TỊCH


def test_pdf_nfd_text_comes_out_nfc(shared_dir: Path) -> None:
    from reportlab.pdfgen import canvas

    from tests.ingest.seedpdf import _register_fonts

    _register_fonts()
    lines = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Ủy ban nhân dân tỉnh Đồng Tháp về việc nâng cao chất lượng"]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.setFont("DejaVuSerif", 13)
    for k, line in enumerate(lines):
        pdf.drawString(72, 760 - 20 * k, unicodedata.normalize("NFD", line))
    pdf.save()
    source = read_document(buf.getvalue(), filename="nfd.pdf")
    assert line_texts(source) == lines


def test_pdf_user_password_is_encrypted_pdf(shared_dir: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    paras = parse_seed((shared_dir / "seeds" / SEED_001).read_text(encoding="utf-8"))[:8]
    pdf = render_pdf(paras, encrypt=StandardEncryption("mat-khau", "chu-so-huu", strength=128))
    with pytest.raises(VanbanError) as err:
        read_document(pdf, filename="bao-mat.pdf")
    assert err.value.code == "encrypted_pdf"
    assert "bao-mat.pdf" in err.value.message("vi")


def test_pdf_owner_password_only_is_read(shared_dir: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    paras = parse_seed((shared_dir / "seeds" / SEED_001).read_text(encoding="utf-8"))[:8]
    pdf = render_pdf(paras, encrypt=StandardEncryption("", "chu-so-huu", canCopy=0))
    source = read_document(pdf, filename="han-che.pdf")
    assert fold(line_texts(source)[0]) == "ỦY BAN NHÂN DÂN"


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_pdf_truncated_is_corrupt_pdf(raw_dir: Path, keep: float) -> None:
    data = (raw_dir / "qngai-001.pdf").read_bytes()
    with pytest.raises(VanbanError) as err:
        read_document(data[: int(len(data) * keep)], filename="cut.pdf")
    assert err.value.code == "corrupt_pdf"
    assert "cut.pdf" in err.value.message("vi")


def test_pdf_garbage_header_only_is_corrupt_pdf() -> None:
    with pytest.raises(VanbanError) as err:
        read_document(b"%PDF-1.7\n" + bytes(range(256)) * 20, filename="rac.pdf")
    assert err.value.code == "corrupt_pdf"


@pytest.mark.parametrize(
    ("font", "bold"),
    [("AAAAAA+DejaVuSerif-Bold", True), ("Times New Roman,Bold", True), ("timesbd", True),
     ("BCDIEE+TimesNewRomanPS-BoldMT", True), ("BCDFEE+TimesNewRomanPSMT", False),
     ("Times New Roman,Italic", False), ("NotoSans-DemiLight", False), (".VnTimeH", False)],
)
def test_pdf_bold_from_font_name(font: str, bold: bool) -> None:
    from vanban.nlp.ingest.pdf import is_bold_font

    assert is_bold_font(font) is bold
