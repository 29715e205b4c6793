"""Post-OCR correction: fixes near-misses of administrative phrases, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from vanban.nlp.ingest import ocr_correct
from vanban.nlp.ingest.ocr_correct import correct, load_lexicon


@pytest.mark.parametrize(
    ("ocr", "fixed"),
    [
        ("căn cứ Nghị lịnh số 15/2020/NĐ-CP", "căn cứ Nghị định số 15/2020/NĐ-CP"),
        ("UY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("CỘNG HOÀ XÃ HỘI CHU NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Độc lập - Tư do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
        ("Quyết dịnh số 15/QD-UBND của HDND tỉnh", "Quyết định số 15/QĐ-UBND của HĐND tỉnh"),
        ("Quảng Ngăi, ngày 04 tháng 02", "Quảng Ngãi, ngày 04 tháng 02"),
    ],
)
def test_ocr_correct_fixes_near_misses(ocr: str, fixed: str) -> None:
    assert correct(ocr) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Sở Tài chính chủ trì, phối hợp",  # "chính chủ" is one letter from "Chính phủ"
        "văn phong hành chính",  # a real word, not "văn phòng"
        "cửa chính, phụ",  # the comma: no window runs across punctuation
        "Ủy ban nhân dân tỉnh Quảng Ngãi",  # already right
        "uỷ ban nhân dân",  # new-style tone placement is not an error
        "UBND tỉnh có ý kiến như sau:",
        "HD số 36-HD/VPTW",  # HD (hướng dẫn) is not HĐ
    ],
)
def test_ocr_correct_leaves_good_text_alone(text: str) -> None:
    assert correct(text) == text


def test_ocr_correct_user_lexicon_extends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "them.txt"
    extra.write_text("# thuật ngữ riêng của đơn vị\nCổng Thông tin điện tử\n", encoding="utf-8")
    assert correct("Công Thông tin điện tử tỉnh") == "Công Thông tin điện tử tỉnh"
    monkeypatch.setenv(ocr_correct.ENV_VAR, str(extra))
    assert correct("Công Thông tin điện tử tỉnh") == "Cổng Thông tin điện tử tỉnh"


def test_ocr_correct_lexicon_file_is_comments_and_terms() -> None:
    lexicon = load_lexicon()
    assert any(p.text == "Nghị định" for p in lexicon.phrases[2])
    assert "HĐND" in lexicon.abbreviations.values()
    assert not any(p.text.startswith("#") for bucket in lexicon.phrases.values() for p in bucket)


@pytest.mark.parametrize(
    "text",
    [
        "chịu trách nhiệm về chất lượng",  # "về" is a word, not a misread "vụ"
        "của Bộ Khoa học và Công nghệ",  # "Bộ" is not a misread "Sở"
    ],
)
def test_ocr_correct_common_syllables_keep_their_letters(text: str) -> None:
    assert correct(text) == text


def test_ocr_correct_eth_becomes_d_with_stroke() -> None:
    assert correct("Hội đồng TÐKT, ðồng chí") == "Hội đồng TĐKT, đồng chí"
