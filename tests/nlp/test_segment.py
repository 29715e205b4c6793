"""Segmentation into the parts of Decree 30/2020/NĐ-CP, on the seeds and on hard layouts."""

from __future__ import annotations

import pytest

from vanban.nlp.normalize import clean_text
from vanban.nlp.pipeline import PARTS_KEY, default_nlp
from vanban.nlp.segment import find_parts


def _parts(raw: str):
    text = clean_text(raw).text
    return text, find_parts(text)


def _first(text, parts, label):
    part = next(p for p in parts if p.label == label)
    return text[part.start : part.end]


def test_segment_seed_002_header_and_tail(seed_paths) -> None:
    text, parts = _parts(seed_paths[2].read_text(encoding="utf-8"))
    assert _first(text, parts, "issuer") == "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH"
    assert _first(text, parts, "number") == "Số: 2290 /UBND-NCKS"
    assert _first(text, parts, "place_date") == "Thái Bình, ngày 19 tháng 7 năm 2023"
    assert _first(text, parts, "subject").startswith("Về việc nâng cao chất lượng")
    assert _first(text, parts, "kinh_gui").startswith("Kính gửi: Các đơn vị thuộc Cụm")
    assert _first(text, parts, "signer") == "Nguyễn Khắc Thận"
    assert _first(text, parts, "closing").startswith("Nhận Văn bản này")


def test_segment_items_form_a_tree(seed_paths) -> None:
    text, parts = _parts(seed_paths[4].read_text(encoding="utf-8"))
    items = [p for p in parts if p.label == "item"]
    roman = [p for p in items if p.marker in ("I", "II")]
    assert [p.level for p in roman] == [0, 0]
    numbered_under_ii = [p for p in items if p.parent == parts.index(roman[1])]
    assert [p.marker for p in numbered_under_ii] == ["1", "2", "3", "4"]
    assert all(p.level == 1 for p in numbered_under_ii)


def test_segment_letters_and_dashes_nest(seed_paths) -> None:
    text, parts = _parts(seed_paths[2].read_text(encoding="utf-8"))
    items = [p for p in parts if p.label == "item"]
    b = next(p for p in items if p.marker == "b")
    dashes_under_b = [p for p in items if p.parent == parts.index(b)]
    assert len(dashes_under_b) >= 3 and all(p.marker == "-" and p.level == 2 for p in dashes_under_b)
    assert any(p.marker == "đ" for p in items)  # Vietnamese alphabet: d) then đ)


@pytest.mark.parametrize(
    ("raw", "label", "expected"),
    [
        # motto and issuer broken mid-line in crawled text
        ("VĂN\nPHÒNG CHÍNH PHỦ\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
         "Số: 11654/VPCP-CN\nV/v cung ứng vật liệu\nHà Nội, ngày 27 tháng 11 năm 2025\nKính gửi: Bộ Xây dựng.\n"
         "Phó Thủ tướng có ý kiến như sau:", "issuer", "VĂN\nPHÒNG CHÍNH PHỦ"),
        # a subject in capitals under the type title, then the issuing authority's line
        ("THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
         "Số: 230/CĐ-TTg\nHà Nội, ngày 26 tháng 11 năm 2025\nCÔNG ĐIỆN\nVỀ VIỆC KHẨN TRƯƠNG HOÀN\n"
         "THÀNH CẬP NHẬT KẾT QUẢ\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng các Bộ;\n- Chủ tịch Ủy ban nhân dân các tỉnh.\n"
         "Thời gian qua,", "subject", "VỀ VIỆC KHẨN TRƯƠNG HOÀN\nTHÀNH CẬP NHẬT KẾT QUẢ"),
        ("BỘ TÀI CHÍNH\nCỤC THUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5317/CT-CS\nV/v chính sách thuế\n",
         "parent_issuer", "BỘ TÀI CHÍNH"),
    ],
)
def test_segment_hard_headers(raw: str, label: str, expected: str) -> None:
    text, parts = _parts(raw)
    assert _first(text, parts, label) == expected


def test_segment_component_writes_doc_spans(seed_paths) -> None:
    doc = default_nlp()(clean_text(seed_paths[3].read_text(encoding="utf-8")).text)
    labels = {s.label_ for s in doc.spans[PARTS_KEY]}
    assert {"number", "place_date", "subject", "kinh_gui", "body", "item", "noi_nhan", "signer", "footnote"} <= labels
    footnotes = [s.text for s in doc.spans[PARTS_KEY] if s.label_ == "footnote"]
    assert footnotes[0].startswith("1 Sáng kiến được công nhận")
