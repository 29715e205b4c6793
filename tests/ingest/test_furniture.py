"""Running headers, footers and page numbers."""

from __future__ import annotations

from vanban.nlp.ingest.furniture import strip_furniture
from vanban.nlp.ingest.layout import Frag, Glyph

HEIGHT = 842.0


def line(text: str, y: float) -> Frag:
    glyphs = [Glyph(ch, 100 + 6 * i, 106 + 6 * i) for i, ch in enumerate(text)]
    return Frag(glyphs, 100, y, 100 + 6 * len(text), y + 13, 13)


def test_furniture_congbao_header_and_page_numbers_go() -> None:
    pages = [
        [line("CÔNG BÁO/Số 302/Ngày 02-06-2026", 797), line(str(70 + n), 797),
         line(f"Nội dung trang {n}", 700), line("Nhân dân.", 120)]
        for n in range(3)
    ]
    kept = strip_furniture(pages, [HEIGHT] * 3)
    assert [[f.text for f in page] for page in kept] == [
        ["Nội dung trang 0", "Nhân dân."], ["Nội dung trang 1", "Nhân dân."],
        ["Nội dung trang 2", "Nhân dân."]]


def test_furniture_repeated_footer_goes_but_body_lines_stay() -> None:
    pages = [[line("Điều 1. Phạm vi", 700), line(f"Văn bản số 12/UBND - trang {n}", 30)]
             for n in range(1, 4)]
    kept = strip_furniture(pages, [HEIGHT] * 3)
    assert [[f.text for f in page] for page in kept] == [["Điều 1. Phạm vi"]] * 3


def test_furniture_single_page_keeps_its_top_line() -> None:
    pages = [[line("ỦY BAN NHÂN DÂN", 800), line("12", 400)]]
    kept = strip_furniture(pages, [HEIGHT])
    assert [f.text for f in kept[0]] == ["ỦY BAN NHÂN DÂN", "12"]  # "12" is mid-page content
