"""Geometry: justified lines joined, column gutters kept, bands read column by column."""

from __future__ import annotations

from vanban.nlp.ingest.layout import Frag, Glyph, visual_lines

SIZE = 13.0


def frag(text: str, x0: float, y0: float, box: int, space: float = 3.3) -> Frag:
    """A text line with glyphs 6.5 pt wide and ``space`` pt wide spaces."""
    glyphs, x = [], x0
    for ch in text:
        width = space if ch == " " else 6.5
        glyphs.append(Glyph(ch, x, x + width))
        x += width
    return Frag(glyphs, x0, y0, x, y0 + SIZE, SIZE, box=box)


def texts(frags: list[Frag]) -> list[str]:
    return [f.text for f in visual_lines(frags)]


def test_layout_justified_line_split_by_pdfminer_is_joined() -> None:
    # a stretched line cut after "khoản" with the same 9 pt gaps as inside it
    left = frag("số 91/2017 và khoản", 90, 500, 1, space=9.0)
    right = frag("tư số", left.x1 + 9.5, 500, 1, space=9.0)
    below = frag("2 Điều 5 của Nghị định này quy định chi tiết", 90, 483, 1)
    assert texts([left, right, below])[0] == "số 91/2017 và khoản tư số"


def test_layout_header_columns_stay_apart_even_when_close() -> None:
    # 0.7 em between issuer and motto columns (Công báo PDFs)
    issuer = frag("THỦ TƯỚNG CHÍNH PHỦ", 90, 760, 1)
    motto = frag("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", issuer.x1 + 9, 760, 2)
    sub = frag("Độc lập - Tự do - Hạnh phúc", motto.x0 + 30, 745, 2)
    number = frag("Số: 798/QĐ-TTg", 100, 710, 3)
    date = frag("Hà Nội, ngày 05 tháng 5 năm 2026", motto.x0 + 10, 710, 4)
    assert texts([issuer, motto, sub, number, date]) == [
        "THỦ TƯỚNG CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 798/QĐ-TTg", "Hà Nội, ngày 05 tháng 5 năm 2026"]


def test_layout_recipients_and_signature_read_column_by_column() -> None:
    rows = [("Nơi nhận:", "TL. CHỦ TỊCH"), ("- Như trên;", "KT. CHÁNH VĂN PHÒNG"),
            ("- Lưu: VT.", "PHÓ CHÁNH VĂN PHÒNG")]
    frags = []
    for k, (left, right) in enumerate(rows):
        frags += [frag(left, 90, 600 - 14 * k, 1), frag(right, 350, 600 - 14 * k, 2)]
    assert texts(frags) == ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TL. CHỦ TỊCH",
                            "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]


def test_layout_value_printed_into_a_blank_is_spliced_in() -> None:
    host = frag("Số:          /TB-UBND", 110, 710, 1)
    value = frag("542", 140, 711, 2)
    (line,) = texts([host, value])
    assert " ".join(line.split()) == "Số: 542 /TB-UBND"  # spaces of the blank left are kept
