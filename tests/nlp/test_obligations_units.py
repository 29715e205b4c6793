"""Candidate units (guidelines O1/O2): items and sentences, quotes without markers and labels."""

from __future__ import annotations

import pytest

from vanban.nlp.obligations.units import find_units, split_sentences
from vanban.nlp.segment import find_parts

# An invented dispatch with the shapes of seeds 002/003: a request lead-in, numbered items, a
# heading that names an assignee, a field label, a time-only sentence, a closing and a footnote.
DISPATCH = """ỦY BAN NHÂN DÂN
HUYỆN AN LẠC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 120/UBND-NV
An Lạc, ngày 05 tháng 10 năm 2023
V/v tăng cường công tác thi đua, khen thưởng
Kính gửi: Các cơ quan, đơn vị thuộc huyện.
UBND huyện yêu cầu các cơ quan, đơn vị thực hiện một số nội dung sau:
1. Tiếp tục tổ chức các phong trào thi đua chuyên đề.
2. Rà soát các trường hợp đã được khen thưởng. Kết quả rà soát gửi về UBND huyện trước ngày 20/10/2023.
3. Không trình khen thưởng đối với việc tổng kết thực hiện luật.
4. Giao Phòng Nội vụ:
- Hướng dẫn, đôn đốc các cơ quan, đơn vị thực hiện Công văn này;
- Tổng hợp kết quả, báo cáo UBND huyện. Thời gian hoàn thành: trước ngày 30/10/2023.
5. Lưu ý: Hồ sơ đề nghị khen thưởng phải gửi qua hệ thống điện tử.
UBND huyện yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def units():
    return find_units(DISPATCH, find_parts(DISPATCH))


def _quotes(units) -> list[str]:
    return [u.quote for u in units]


@pytest.mark.parametrize(
    "quote",
    [
        "UBND huyện yêu cầu các cơ quan, đơn vị thực hiện một số nội dung sau",
        "Tiếp tục tổ chức các phong trào thi đua chuyên đề",
        "Không trình khen thưởng đối với việc tổng kết thực hiện luật",
        "Hướng dẫn, đôn đốc các cơ quan, đơn vị thực hiện Công văn này",
    ],
)
def test_units_quote_drops_marker_and_trailing_punctuation(units, quote: str) -> None:
    assert quote in _quotes(units)


def test_units_item_with_two_sentences_gives_two_units(units) -> None:
    quotes = _quotes(units)
    assert "Rà soát các trường hợp đã được khen thưởng" in quotes
    assert "Kết quả rà soát gửi về UBND huyện trước ngày 20/10/2023" in quotes


def test_units_time_only_sentence_stays_with_its_task(units) -> None:
    assert "Tổng hợp kết quả, báo cáo UBND huyện. Thời gian hoàn thành: trước ngày 30/10/2023" in _quotes(units)


def test_units_field_label_is_cut_off_and_kept(units) -> None:
    unit = next(u for u in units if u.quote.startswith("Hồ sơ đề nghị"))
    assert unit.label == "Lưu ý"


def test_units_bullets_know_their_heading(units) -> None:
    bullet = next(u for u in units if u.quote.startswith("Hướng dẫn, đôn đốc"))
    assert bullet.heading == "Giao Phòng Nội vụ:"
    assert bullet.level == 1 and bullet.marker == "-"


def test_units_items_know_the_request_lead_in(units) -> None:
    item = next(u for u in units if u.quote.startswith("Tiếp tục tổ chức"))
    assert item.lead_in.startswith("UBND huyện yêu cầu")


def test_units_nothing_from_header_or_tail(units) -> None:
    text = " ".join(_quotes(units))
    assert "Kính gửi" not in text and "Nơi nhận" not in text and "Nguyễn Văn An" not in text


def test_units_closing_is_a_candidate(units) -> None:
    closing = [u for u in units if u.closing]
    assert [u.quote for u in closing] == ["UBND huyện yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện"]


def test_units_quote_is_the_text_of_its_span(units) -> None:
    for unit in units:
        assert " ".join(DISPATCH[unit.start : unit.end].split()) == unit.quote


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Rà soát hồ sơ. Báo cáo kết quả.", ["Rà soát hồ sơ.", "Báo cáo kết quả."]),
        ("Gửi về TP. Hồ Chí Minh trước ngày 5.", ["Gửi về TP. Hồ Chí Minh trước ngày 5."]),
        ("Các tỉnh (Nghệ An, Hà Tĩnh...) chủ động ứng phó.", ["Các tỉnh (Nghệ An, Hà Tĩnh...) chủ động ứng phó."]),
    ],
)
def test_units_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in split_sentences(paragraph)] == expected
