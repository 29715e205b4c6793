"""Normalisation: the text every later stage sees, with a map back to the raw offsets."""

from __future__ import annotations

import unicodedata

import pytest

from vanban.nlp.normalize import clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà bình, uỷ ban, thuỷ lợi, khoẻ, lan toả", "hòa bình, ủy ban, thủy lợi, khỏe, lan tỏa"),
        ("CỘNG HOÀ XÃ HỘI", "CỘNG HÒA XÃ HỘI"),
        ("quý, quả, hoàn thành, của, mùa", "quý, quả, hoàn thành, của, mùa"),  # untouched
        ("Ủy ban nhân dânThành phố", "Ủy ban nhân dân Thành phố"),  # seed 000 glued words
        ("Quyết định số 08-QĐi/TW và 19/CT-TTg", "Quyết định số 08-QĐi/TW và 19/CT-TTg"),  # symbols kept
        ("Số: 1635/QĐ-\nUBND ngày", "Số: 1635/QĐ-UBND ngày"),  # symbol broken after its hyphen
        ("phát triển kinh tế -\nxã hội", "phát triển kinh tế - xã hội"),  # spaced hyphen keeps its space
        ("Nghị định số 91/2017/NÐ-CP", "Nghị định số 91/2017/NĐ-CP"),  # U+00D0 eth → Đ
        ("**1.** Quán triệt *(qua Phòng Nội vụ)*", "1. Quán triệt (qua Phòng Nội vụ)"),
        ("#### 9. Giao Phòng Nội vụ:", "9. Giao Phòng Nội vụ:"),
        ("Số:\n103/2025/QĐ-UBND", "Số: 103/2025/QĐ-UBND"),
    ],
)
def test_normalize_rewrites(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_normalize_nfd_input_becomes_nfc(form: str) -> None:
    raw = unicodedata.normalize(form, "Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert clean_text(raw).text == unicodedata.normalize("NFC", raw)


def test_normalize_joins_pdf_wraps_of_seed_000(seed_paths) -> None:
    raw = seed_paths[0].read_text(encoding="utf-8")
    text = clean_text(raw).text
    assert "của Ủy ban nhân dân tỉnh Đồng Tháp về việc nâng cao" in text
    assert "Công văn số 828/UBND-HC về việc báo cáo" in text
    assert "\n\n" not in text


def test_normalize_moves_footnotes_out_of_the_sentence(seed_paths) -> None:
    text = clean_text(seed_paths[3].read_text(encoding="utf-8")).text
    # item 9's sentence is cut by the two footnote bodies in the source
    assert "khen thưởng cấp Nhà nước, khen thưởng của UBND tỉnh" in text
    assert text.index("Chú thích:") > text.index("Nơi nhận")


def test_normalize_offsets_map_back_to_raw(seed_paths) -> None:
    raw = seed_paths[2].read_text(encoding="utf-8")
    clean = clean_text(raw)
    start = clean.text.index("Nguyễn Khắc Thận")
    a, b = clean.raw_span(start, start + len("Nguyễn Khắc Thận"))
    assert raw[a:b] == "Nguyễn Khắc Thận"
    assert len(clean.raw_offsets) == len(clean.text)


def test_normalize_layout_columns_side_by_side() -> None:
    raw = (
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH QUẢNG NGÃI               Độc lập - Tự do - Hạnh phúc\n\n"
        "Số: 542 /TB-UBND          Quảng Ngãi, ngày 06 tháng 11 năm 2024\n"
    )
    lines = clean_text(raw).text.split("\n")
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 542 /TB-UBND"]
    assert "Quảng Ngãi, ngày 06 tháng 11 năm 2024" in lines


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_normalize_repairs_legacy_encodings(encoding: str) -> None:
    text = (
        "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
        "Ủy ban nhân dân tỉnh Thái Bình yêu cầu các cơ quan báo cáo kết quả."
    )
    legacy = _encode(text, encoding)
    assert legacy != text
    clean = clean_text(legacy)
    assert clean.encoding_fixed == encoding
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in clean.text
    assert "báo cáo kết quả" in clean.text


def _encode(text: str, encoding: str) -> str:
    """Encode Unicode text with viparse's published code tables (the inverse of its fix)."""
    from viparse.normalize.encodings import get_charmap

    pairs = get_charmap(encoding).pairs
    # several legacy forms may give one letter: keep the first (the table's canonical one)
    inverse: dict[str, str] = {}
    for legacy, uni in pairs:
        inverse.setdefault(uni, legacy)
    reverse = sorted(inverse.items(), key=lambda p: -len(p[0]))
    out = []
    i = 0
    while i < len(text):
        for uni, leg in reverse:
            if text.startswith(uni, i):
                out.append(leg)
                i += len(uni)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
