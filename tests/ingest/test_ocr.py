"""OCR: image-only PDFs made from a seed, a real scan, missing tools, pages with nothing on them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import ocr, read_document

from tests.ingest.seedpdf import parse_seed, plain_and_bold, render_pdf

SEED_002 = "002_941848c1eada95a7.txt"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def images_to_pdf(images: list, dpi: int) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def scan_of(pdf: bytes, dpi: int = 200) -> bytes:
    """An image-only PDF: each page rendered by pdfium and saved back by Pillow."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil()
                  for i in range(len(document))]
    finally:
        document.close()
    return images_to_pdf(images, dpi)


@pytest.mark.slow
def test_ocr_image_only_seed_pdf_accuracy(shared_dir: Path) -> None:
    paras = parse_seed((shared_dir / "seeds" / SEED_002).read_text(encoding="utf-8"))
    expected, _ = plain_and_bold(paras)
    scanned = scan_of(render_pdf(paras))
    source = read_document(scanned, filename="scan-002.pdf")
    assert source.ocr is True
    assert source.pages is not None and source.pages >= 2
    got, want = fold(source.text), fold(expected)
    accuracy = 1 - Levenshtein.distance(got, want) / len(want)
    assert accuracy >= 0.97
    # lines carry their page and a box in PDF points inside an A4 page
    assert {line.page for line in source.lines} == set(range(1, source.pages + 1))
    for line in source.lines:
        x0, y0, x1, y1 = line.bbox
        assert 0 <= x0 < x1 <= 596 and 0 <= y0 < y1 <= 842


@pytest.mark.slow
def test_ocr_real_scan_header_words(raw_dir: Path) -> None:
    source = read_document((raw_dir / "qngai-014.pdf").read_bytes(), filename="qngai-014.pdf")
    assert source.ocr is True and source.pages == 1
    lines = [fold(source.text[line.start : line.end]) for line in source.lines]
    for expected in ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc"):
        assert expected in lines
    # issuer block before motto block, each on its own lines
    assert lines.index("ỦY BAN NHÂN DÂN") + 1 == lines.index("TỈNH QUẢNG NGÃI")
    assert any(line.startswith("Số:") and "UBND-KTTH" in line for line in lines)
    assert "Kính gửi: Sở Tài chính" in lines
    # the e-signature stamp comes from the signature field, not from the pixels
    assert source.signature is not None
    assert source.signature.signed_at == "2025-02-05T15:35:18+07:00"
    assert "ttcbth@" not in source.text


@pytest.mark.slow
def test_ocr_blank_scan_is_no_text() -> None:
    from PIL import Image

    blank = Image.new("L", (1240, 1754), 255)
    with pytest.raises(VanbanError) as err:
        read_document(images_to_pdf([blank], 150), filename="trang-trang.pdf")
    assert err.value.code == "no_text"
    assert "trang-trang.pdf" in err.value.message("vi")


@pytest.mark.slow
def test_ocr_blank_page_among_text_pages_is_a_warning(shared_dir: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    paras = parse_seed((shared_dir / "seeds" / SEED_002).read_text(encoding="utf-8"))[:6]
    document = pdfium.PdfDocument(render_pdf(paras))
    first = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    document.close()
    blank = Image.new("L", first.size, 255)
    source = read_document(images_to_pdf([first, blank], 200), filename="hai-trang.pdf")
    assert source.pages == 2 and source.ocr
    assert len(source.warnings) == 1
    assert "hai-trang.pdf" in source.warnings[0] and "trang 2" in source.warnings[0]
    assert "BAN NHÂN DÂN" in source.text and "Độc lập - Tự do - Hạnh phúc" in source.text


def test_ocr_missing_tesseract_is_tool_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract
    from PIL import Image

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    scanned = images_to_pdf([Image.new("L", (600, 800), 255)], 72)
    with pytest.raises(VanbanError) as err:
        read_document(scanned, filename="scan.pdf")
    assert err.value.code == "tool_missing"
    assert "scan.pdf" in err.value.message("vi") and "tesseract" in err.value.message("vi")


def test_ocr_missing_vietnamese_data_is_tool_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    with pytest.raises(VanbanError) as err:
        ocr.check_tesseract("scan.pdf")
    assert err.value.code == "tool_missing"
    assert "vie" in err.value.detail


def test_ocr_words_group_into_lines_in_pdf_points() -> None:
    # two header columns on one Tesseract line are split at the gutter; y is flipped
    data = {
        "text": ["ỦY", "BAN", "CỘNG", "HÒA", "Số:", "12/UBND"],
        "conf": [90, 90, 90, 90, 90, 90],
        "block_num": [1, 1, 1, 1, 2, 2], "par_num": [1] * 6, "line_num": [1, 1, 1, 1, 1, 1],
        "left": [300, 420, 1200, 1500, 300, 420], "top": [100, 100, 100, 100, 300, 300],
        "width": [100, 130, 260, 180, 100, 300], "height": [50] * 6,
    }
    lines = ocr.words_to_lines(data, 72 / 300, 842.0)
    assert [f.text for f in lines] == ["ỦY BAN", "CỘNG HÒA", "Số: 12/UBND"]
    x0, y0, x1, y1 = lines[0].bbox
    assert (x0, x1) == (72.0, round(550 * 72 / 300, 2))
    assert y1 == round(842 - 100 * 72 / 300, 2) and y0 == round(842 - 150 * 72 / 300, 2)


@pytest.mark.slow
def test_ocr_replaces_text_layer_without_unicode_map(shared_dir: Path) -> None:
    # without /ToUnicode the Vietnamese letters come out as (cid:N): OCR the page instead
    paras = parse_seed((shared_dir / "seeds" / SEED_002).read_text(encoding="utf-8"))[:10]
    pdf = render_pdf(paras).replace(b"/ToUnicode", b"/ToUnicodX")
    source = read_document(pdf, filename="khong-unicode.pdf")
    assert source.ocr is True
    assert "(cid:" not in source.text
    assert "Độc lập - Tự do - Hạnh phúc" in source.text
    assert "Kính gửi: Các đơn vị thuộc Cụm, Khối thi đua thuộc tỉnh." in source.text
