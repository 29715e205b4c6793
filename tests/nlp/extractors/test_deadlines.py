"""The deadlines extractor (``vanban_deadlines``): table-driven cases from train/dev documents
and the seeds (named in each id), the cases annotation guidelines D1–D4 rule out, and the
adversarial cases of the issue (year-less dates, year changes, dates split over lines,
footnotes, "6 tháng đầu năm", quarters)."""

from __future__ import annotations

import pytest
from vanban.nlp.extractors.dates import DocDate
from vanban.nlp.extractors.deadlines import KEY, extract, find, find_date_mentions, resolve
from vanban.nlp.normalize import clean_text
from vanban.nlp.pipeline import make_nlp


def _pairs(text: str, doc_date: str | None) -> list[tuple[str, str]]:
    return [(d.date, d.kind) for d in extract(text, doc_date)]


# --- deadlines found ------------------------------------------------------------------------------

FOUND = [
    pytest.param(
        "Kết quả rà soát các cơ quan, đơn vị gửi về UBND huyện (qua Phòng Nội vụ) "
        "trước ngày 20/10/2023.",
        "2023-10",
        [("2023-10-20", "before")],
        id="seed-003 trước ngày",
    ),
    pytest.param(
        "gửi báo cáo sơ kết 6 tháng về Trường cụm, khối thi đua "
        "chậm nhất ngày 23 tháng 6 năm 2023.",
        "2023",
        [("2023-06-23", "no_later_than")],
        id="seed-004 chậm nhất, 6 tháng is not June",
    ),
    pytest.param(
        "hoàn thành chậm nhất trước ngày 31/12/2025; "
        "xây dựng lại nhà chậm nhất trước ngày 31/01/2026.",
        "2025-11-30",
        [("2025-12-31", "no_later_than"), ("2026-01-31", "no_later_than")],
        id="tvpl-027 chậm nhất wins over trước, next year",
    ),
    pytest.param(
        "nhưng thời gian kéo dài không quá ngày 31 tháng 12 năm 2008.",
        "2007-06-22",
        [("2008-12-31", "no_later_than")],
        id="qlvb-008 không quá ngày",
    ),
    pytest.param(
        "Hạn chót nộp hồ sơ: ngày 15/12/2025.",
        "2025-11-20",
        [("2025-12-15", "no_later_than")],
        id="hạn chót",
    ),
    pytest.param(
        "gửi ý kiến không muộn hơn ngày 05/12/2025.",
        "2025-11-20",
        [("2025-12-05", "no_later_than")],
        id="không muộn hơn",
    ),
    pytest.param(
        "gửi về Văn phòng Chính phủ trước 17 giờ ngày 27/11/2025 để tổng hợp",
        "2025-11-27",
        [("2025-11-27", "before")],
        id="tvpl-008 clock time keeps the date",
    ),
    pytest.param(
        "báo cáo UBND tỉnh trước 30/11/2024 để tổng hợp",
        "2024-11-15",
        [("2024-11-30", "before")],
        id="qngai-002 trước without ngày",
    ),
    pytest.param(
        "để tổ chức thành công lễ khánh thành các dự án "
        "vào ngày 19 tháng 12 năm 2025 theo đúng chỉ đạo",
        "2025-11-18",
        [("2025-12-19", "on")],
        id="tvpl-006 vào ngày",
    ),
    pytest.param(
        "báo cáo Thủ tướng Chính phủ kết quả thực hiện trong tháng 11 năm 2025.",
        "2025-11-25",
        [("2025-11", "on")],
        id="tvpl-024 trong tháng",
    ),
    pytest.param(
        "Các dự án phải hoàn thành trong tháng 9/2024.",
        "2024-03-01",
        [("2024-09", "on")],
        id="trong tháng M/Y",
    ),
    pytest.param(
        "Bộ Xây dựng khẩn trương rà soát, sớm bàn giao trong năm 2025 dự án",
        "2025-11-22",
        [("2025", "on")],
        id="tvpl-007 bàn giao trong năm",
    ),
    pytest.param(
        "2. Thời gian: Vào lúc 08 giờ 00 phút, ngày 09/11/2024 (sáng Thứ Bảy).",
        "2024-11-06",
        [("2024-11-09", "on")],
        id="qngai-001 Thời gian field",
    ),
    pytest.param(
        "- Thời gian thực hiện: Ngày 26, 27/12/2011\n"
        "- Thời gian dự kiến: Chiều ngày 28/12 và cả ngày 29/12/2011",
        "2011-12",
        [("2011-12-26", "on"), ("2011-12-27", "on"), ("2011-12-28", "on"), ("2011-12-29", "on")],
        id="qlvb-005 list of days, chained date",
    ),
    pytest.param(
        "Thời gian họp: 14 giờ 00, thứ Năm, ngày 20/11/2025.",
        "2025-11-17",
        [("2025-11-20", "on")],
        id="field with weekday",
    ),
    pytest.param(
        "Thời hạn hoàn thành: trước ngày 30/11/2025.",
        "2025-11-26",
        [("2025-11-30", "before")],
        id="tvpl-009 Thời hạn hoàn thành: trước",
    ),
    pytest.param(
        "Trên hệ thống 751 trước ngày 26/11/2025.\nCác Bộ hoàn thành trước ngày 26/11/2025.",
        "2025-11-26",
        [("2025-11-26", "before")],
        id="one date listed once",
    ),
    pytest.param(
        "1. Định kỳ hằng năm (trước ngày 30 tháng 11) hoặc đột xuất theo yêu cầu, "
        "Công an các đơn vị báo cáo",
        "2025-08-29",
        [("2025-11-30", "recurring")],
        id="vbpl-002 hằng năm before the cue",
    ),
    pytest.param(
        "Việc phê duyệt hoàn thành chậm nhất là ngày 30 tháng 11 hằng năm.",
        "2007-11-13",
        [("2007-11-30", "recurring")],
        id="qlvb-009 hằng năm after the date",
    ),
    pytest.param(
        "Các đơn vị gửi báo cáo trước ngày 10/12 hằng năm.",
        "2023-12-15",
        [("2024-12-10", "recurring")],
        id="recurring: first occurrence after the document date",
    ),
    pytest.param(
        "đăng Báo Cần Thơ chậm nhất là 05 ngày, kể từ ngày ký.",
        "2010-01-21",
        [("2010-01-26", "within")],
        id="qlvb-007 within, counted from the signing",
    ),
    pytest.param(
        "trả lời trong thời hạn 05 ngày làm việc kể từ ngày 07/02/2024.",
        "2024-02-01",
        [("2024-02-21", "within")],
        id="within working days across Tết",
    ),
    pytest.param(
        "Báo cáo trong vòng 10 ngày kể từ ngày ký ban hành Công văn này.",
        "2023-12-28",
        [("2024-01-08", "within")],
        id="within ending in the next year, rolled past a Sunday",
    ),
]


@pytest.mark.parametrize(("text", "doc_date", "expected"), FOUND)
def test_deadlines_found(text, doc_date, expected) -> None:
    assert _pairs(text, doc_date) == expected


# --- dates that are not deadlines (D3, D4) --------------------------------------------------------

NOT_DEADLINES = [
    pytest.param(
        "Thực hiện Công văn số 99/UBND-VX ngày 29/9/2023 của UBND tỉnh",
        "2023-10",
        id="cited instrument",
    ),
    pytest.param(
        "Luật này có hiệu lực thi hành từ ngày 01/01/2024.", "2023-07-19", id="effective date"
    ),
    pytest.param(
        "Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 10 năm 2025.",
        "2025-08-29",
        id="vbpl-002 kể từ",
    ),
    pytest.param("Giấy khen tính đến ngày 30 tháng 6 năm 2023.", "2023", id="seed-004 cut-off"),
    pytest.param(
        "tính đến hết ngày 17/11/2025, Hệ thống 751 chỉ ghi nhận",
        "2025-11-26",
        id="tvpl-009 cut-off",
    ),
    pytest.param(
        "đã được khen thưởng từ ngày 01/6/2014 đến nay nhưng có vi phạm",
        "2023-10",
        id="seed-003 review period",
    ),
    pytest.param(
        "Ngày 11/8/2023, UBND Thành phố đã ban hành Công văn số 828/UBND-HC",
        "2023-10-02",
        id="seed-000 past event",
    ),
    pytest.param(
        "bảo đảm hoàn thành việc thanh tra trước ngày 20 tháng 9 năm 2025”.",
        "2025-11-26",
        id="tvpl-009 past deadline quoted",
    ),
    pytest.param(
        "Bộ Tài chính đã hoàn thành trước ngày 15/11/2025.", "2025-11-20", id="past tense"
    ),
    pytest.param(
        "Trong tháng 11 năm 2025, do mưa, lũ lớn tại các tỉnh",
        "2025-11-21",
        id="tvpl-028 background month",
    ),
    pytest.param(
        "các công trình khánh thành, khởi công dịp 19 tháng 12 năm 2025",
        "2025-11-18",
        id="tvpl-006 occasion",
    ),
    pytest.param(
        "Cao điểm tập trung (từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025);",
        "2025-11-18",
        id="tvpl-041 execution period",
    ),
    pytest.param(
        "phương hướng, nhiệm vụ trọng tâm đến tháng 6/2027.", "2025-12-01", id="tvpl-048 period end"
    ),
    pytest.param(
        "báo cáo kết quả với UBND tỉnh vào dịp sơ kết, tổng kết hàng năm.",
        "2023-07-19",
        id="seed-002 occasion",
    ),
    pytest.param(
        "chúng ta có cơ sở để tin tưởng trong năm 2025 sẽ hoàn thành các mục tiêu",
        "2025-11-18",
        id="target year",
    ),
    pytest.param("đến năm 2035, tỷ lệ đô thị hóa đạt 50%", "2025-11-18", id="target year 2035"),
    pytest.param(
        "báo cáo trước 17 giờ hằng ngày và trong vòng 72 giờ", "2025-11-18", id="clock time, hours"
    ),
    pytest.param(
        "- Thời gian dự kiến:\n|Thời gian: 1/2 ngày |Phòng ban đào tạo |",
        "2011-12",
        id="qlvb-005 half a day",
    ),
    pytest.param(
        "gửi hồ sơ trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản",
        "2024-03-01",
        id="within, anchor not fixed by the text",
    ),
    pytest.param(
        "quyết định khen thưởng trong thời gian 25 ngày làm việc kể từ ngày nhận đủ hồ sơ",
        "2026-02-15",
        id="vbpl-001 within, anchor not fixed",
    ),
    pytest.param(
        "trong thời gian từ 03 năm trở lên có phạm vi ảnh hưởng",
        "2026-02-15",
        id="a span, not a period",
    ),
    pytest.param(
        "Các đơn vị báo cáo trước ngày 25 hằng tháng.", "2024-03-01", id="monthly: no date"
    ),
    pytest.param("định kỳ hằng quý báo cáo UBND tỉnh", "2024-03-01", id="quarterly: no date"),
    pytest.param(
        "Báo cáo sơ kết 6 tháng đầu năm 2023 gửi về Sở.",
        "2023-05-10",
        id="6 tháng đầu năm is not June",
    ),
    pytest.param("hoàn thành trong quý III/2023.", "2023-05-10", id="quarter"),
    pytest.param(
        "báo cáo Thủ tướng Chính phủ kết quả thực hiện trong Quý I năm 2026.",
        "2025-11-22",
        id="tvpl-007 quarter",
    ),
    pytest.param(
        "Quyết định này có hiệu lực thi hành sau 15 ngày, kể từ ngày đăng Công báo.",
        "2007-06-22",
        id="qlvb-008",
    ),
    pytest.param(
        "Thời gian qua, ngày 20/11/2025 các đơn vị đã tổ chức",
        "2025-11-15",
        id="Thời gian qua is not a field",
    ),
    pytest.param(
        "thực hiện đúng các quy định và thời hạn, tháng 11 hằng năm, căn cứ",
        "2007-11-13",
        id="qlvb-009 thời hạn noun",
    ),
]


@pytest.mark.parametrize(("text", "doc_date"), NOT_DEADLINES)
def test_deadlines_not_deadlines(text, doc_date) -> None:
    assert _pairs(text, doc_date) == []


# --- partial dates and the document date (issue's adversarial cases) ------------------------------

YEARS = [
    pytest.param(
        "Các đơn vị gửi báo cáo về Sở trước ngày 05/02.",
        "2023",
        "2023-02-05",
        id="ngày 05/02, year only in the document date",
    ),
    pytest.param(
        "Các đơn vị gửi báo cáo về Sở trước ngày 05/02.",
        "2023-01-20",
        "2023-02-05",
        id="ngày 05/02 same year",
    ),
    pytest.param(
        "Các đơn vị gửi báo cáo về Sở trước ngày 05/02.",
        "2022-12-26",
        "2023-02-05",
        id="ngày 05/02 next year",
    ),
    pytest.param(
        "đề nghị gửi danh sách trước ngày 10/01 để tổng hợp",
        "2023-12-20",
        "2024-01-10",
        id="December letter, January deadline",
    ),
    pytest.param(
        "gửi Sở Nội vụ trước 30/6.", "2024-03", "2024-06-30", id="trước 30/6, partial document date"
    ),
    pytest.param(
        "báo cáo trong tháng 01 để tổng hợp",
        "2025-11-28",
        "2026-01",
        id="year-less month, next year",
    ),
    pytest.param(
        "hoàn thành trước ngày 15/01/2026.",
        "2025-12-22",
        "2026-01-15",
        id="explicit next-year date",
    ),
]


@pytest.mark.parametrize(("text", "doc_date", "expected"), YEARS)
def test_deadlines_year_from_document_date(text, doc_date, expected) -> None:
    assert [d for d, _ in _pairs(text, doc_date)] == [expected]


def test_deadlines_no_document_year_no_date() -> None:
    assert _pairs("Các đơn vị gửi báo cáo về Sở trước ngày 05/02.", None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "gửi báo cáo chậm nhất ngày 23 tháng\n6 năm 2023.",
            "2023-06-23",
            id="long date over a line break",
        ),
        pytest.param(
            "gửi về UBND huyện trước ngày 20/10/\n2023.",
            "2023-10-20",
            id="numeric date over a line break",
        ),
        pytest.param(
            "gửi về UBND huyện trước\nngày 20/10/2023.",
            "2023-10-20",
            id="cue and date on two lines",
        ),
        pytest.param(
            "đăng ký trước ngày 22/ 12/ 2011 qua phòng Công nghệ thông tin",
            "2011-12-22",
            id="qlvb-002 OCR spaces",
        ),
    ],
)
def test_deadlines_numbers_split_over_lines(text, expected) -> None:
    assert [d for d, _ in _pairs(text, None)] == [expected]


# --- footnotes and whole documents through the pipeline -------------------------------------------

DOCUMENT = """UBND HUYỆN CAO LỘC
Số: /UBND-NV
Cao Lộc, ngày 02 tháng 10 năm 2023
V/v rà soát khen thưởng
Kính gửi: Các cơ quan, đơn vị.
Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND tỉnh Lạng Sơn.
1. Rà soát sáng kiến<sup>1</sup> được công nhận từ ngày 01/6/2014 đến nay.
2. Kết quả rà soát gửi về UBND huyện (qua Phòng Nội vụ) trước ngày 20/10/2023<sup>2</sup>.
3. Báo cáo định kỳ trước ngày 25 hằng tháng.
4. Các xã báo cáo kết quả trước ngày 20/10/2023.
<sup>1</sup> Sáng kiến theo Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ.
<sup>2</sup> Thời hạn theo Công văn số 1322/UBND-NC ngày 29/9/2023.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
"""


@pytest.fixture(scope="module")
def nlp():
    pipeline = make_nlp()  # the component is part of the default pipeline
    return pipeline


def test_deadlines_component_on_a_document(nlp) -> None:
    text = clean_text(DOCUMENT).text  # footnote bodies move to the end, under "Chú thích:"
    doc = nlp(text)
    assert doc._.metadata.date == "2023-10-02"
    # the header's date line, the cited instruments, the review period and the footnotes' dates
    # are not deadlines; the date stated by two items is listed once
    assert [(d.date, d.kind, d.text) for d in doc._.deadlines] == [
        ("2023-10-20", "before", "trước ngày 20/10/2023")
    ]
    deadline = doc._.deadlines[0]
    assert text[deadline.span[0] : deadline.span[1]] == deadline.text
    spans = doc.spans[KEY]
    # every mention is a span labelled with its kind; the monthly one has no date
    assert [(s.label_, s._.deadline_dates) for s in spans] == [
        ("before", ["2023-10-20"]),
        ("recurring", []),
        ("before", ["2023-10-20"]),
    ]


def test_deadlines_footnote_dates_are_not_deadlines() -> None:
    text = clean_text(DOCUMENT).text
    footnotes = text.index("Chú thích:")
    assert all(d.span[1] <= footnotes for d in extract(text, "2023-10-02"))


def test_deadlines_find_and_resolve_are_separate() -> None:
    text = "Các xã gửi báo cáo trước ngày 05/02."
    (candidate,) = find(text)
    mention = candidate.mention
    assert (candidate.kind, mention.days, mention.month, mention.year) == ("before", (5,), 2, None)
    assert [r.date for r in resolve([candidate], DocDate.parse("2023-12-20"))] == ["2024-02-05"]
    assert [r.date for r in resolve([candidate], DocDate())] == []


def test_deadlines_header_parts_are_skipped() -> None:
    text = (
        "Hà Nội, ngày 25 tháng 11 năm 2025\n"
        "V/v báo cáo trước ngày 30/11/2025\n"
        "Báo cáo trước ngày 30/11/2025."
    )
    skip = [(0, text.index("\nBáo cáo"))]
    (only,) = find(text, skip)
    assert text[only.start : only.end] == "trước ngày 30/11/2025" and only.start > skip[0][1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 6 tháng 12 năm 2023", [((6,), 12, 2023)]),
        ("6 tháng đầu năm 2023", []),  # six months, not June
        ("quý III/2023", []),
        ("616/898 dự án", []),
        ("giao nhận hàng dự trữ quốc gia 24/24", []),
        ("Ngày 26, 27/12/2011", [((26, 27), 12, 2011)]),
        ("ngày 13 tháng11 năm 2007", [((13,), 11, 2007)]),
        ("tháng 9/2024", [((), 9, 2024)]),
    ],
)
def test_deadlines_date_mentions(text, expected) -> None:
    assert [(m.days, m.month, m.year) for m in find_date_mentions(text)] == expected
