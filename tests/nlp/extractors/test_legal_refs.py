"""Legal references (contract ``references``): table-driven cases from the seeds and the train/dev
documents (cited by id), plus the adversarial cases the design has to survive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vanban.evaluation.score_references import score_references
from vanban.nlp.extractors import legal_refs
from vanban.nlp.extractors.legal_refs import REFERENCES_KEY, Context, find, references_of
from vanban.nlp.normalize import clean_text
from vanban.nlp.pipeline import make_nlp, run

GOLD = Path(__file__).resolve().parents[3] / "corpus" / "gold"


@pytest.fixture(scope="module")
def nlp():
    pipeline = make_nlp()
    assert "vanban_legal_refs" in pipeline.pipe_names  # part of the default pipeline
    return pipeline


def _refs(text: str, **context) -> list:
    return references_of(text, Context(**context))


def _only(text: str, **context):
    refs = _refs(text, **context)
    assert len(refs) == 1, refs
    return refs[0]


def _seed_doc(nlp, seed_paths, seed: int):
    return run(nlp, clean_text(seed_paths[seed].read_text(encoding="utf-8")).text)


# --- number/symbol ---------------------------------------------------------------------------

# fmt: off
NUMBER_SYMBOL_CASES = [
    # seed 003: normative, with date and issuer after it
    ("theo Điều 78 Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ", "91/2017/NĐ-CP"),
    # seed 002: a law named before its number; the term digits stay ("QH15", not "QH")
    ("Luật Thi đua, Khen thưởng số 06/2022/QH15 có hiệu lực thi hành", "06/2022/QH15"),
    # dotted Government resolution numbers keep their dot (tvpl-007, domain §2)
    ("triển khai Nghị quyết số 66.7/2025/NQ-CP của Chính phủ", "66.7/2025/NQ-CP"),
    # Party symbols: a hyphen after the number (seeds 002, 004; tvpl-048)
    ("Chỉ thị số 34-CT/TW ngày 07 tháng 4 năm 2014 của Bộ Chính trị", "34-CT/TW"),
    ("theo Chỉ thị số 13-CT/HU ngày 06 tháng 9 năm 2014 của Huyện ủy", "13-CT/HU"),
    ("Quy định số 08-QĐi/TW của Bộ Chính trị", "08-QĐi/TW"),
    ("Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng khóa XIII", "21-KL/TW"),
    # spaces inside the symbol are dropped (seed 002 header style; tvpl-013 "TTr - HĐQT")
    ("Xét đề nghị tại Tờ trình số 127/TTr - HĐQT ngày 30 tháng 9 năm 2025.", "127/TTr-HĐQT"),
    ("theo Tờ trình số 15/TTr- SNV của Sở Nội vụ", "15/TTr-SNV"),
    ("Công văn số 2290 /UBND-NCKS ngày 19/7/2023", "2290/UBND-NCKS"),
    # a trailing dot is dropped, inner dots are kept (seed 003; tvpl-001, tvpl-029)
    ("khoản 1 Điều 6 Thông tư số 12/2019/TT-BNV.", "12/2019/TT-BNV"),
    ("tại văn bản số 11554/VPCP-V.I ngày 25/11/2025", "11554/VPCP-V.I"),
    ("Công văn số 838/CCTKV.XII-NVDTPC.HUE ngày 15/5/2025", "838/CCTKV.XII-NVDTPC.HUE"),
    # a note after the symbol is not part of it (domain §2)
    ("Quyết định số 109/2005/QĐ-BCA (A11) của Bộ Công an", "109/2005/QĐ-BCA"),
    # Đ and D stay as written: ASCII D is not "fixed" to Đ
    ("Nghị định số 15/2020/ND-CP của Chính phủ", "15/2020/ND-CP"),
    # a letter after the number (qlvb-001), digits after a hyphen (tvpl-022), "_" typed (qlvb-007)
    ("Thực hiện Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ", "30c/NQ-CP"),
    ("Công văn số 01/CV-01 ngày 20/11/2025 của Công ty", "01/CV-01"),
    ("Căn cứ Quyết định số 10/2007/QĐ_BKHCN ngày 11 tháng 5 năm 2007", "10/2007/QĐ_BKHCN"),
    # a joint circular with a slash inside its symbol (qlvb-009)
    ("Thông tư liên tịch số 527/TTLT/TTCP-BNV-UBKTTW ngày 22/3/2007", "527/TTLT/TTCP-BNV-UBKTTW"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), NUMBER_SYMBOL_CASES)
def test_legal_refs_number_symbol_as_written(text: str, expected: str) -> None:
    assert _only(text).number_symbol == expected


def test_legal_refs_dotted_number_is_not_merged_with_undotted() -> None:
    refs = _refs("Nghị quyết số 66.7/2025/NQ-CP và Nghị quyết số 667/2025/NQ-CP của Chính phủ")
    assert [r.number_symbol for r in refs] == ["66.7/2025/NQ-CP", "667/2025/NQ-CP"]


def test_legal_refs_symbol_split_over_lines_is_joined_by_clean_text() -> None:
    # a PDF wraps after the hyphen (stack-notes §4): "1635/QĐ-" ⏎ "UBND"
    raw = (
        "2. Về quy trình, hồ sơ thực hiện theo Quyết định số 1635/QĐ-\n"
        "UBND ngày 22/9/2021 của Ủy ban nhân dân thị xã.\n"
    )
    ref = _only(clean_text(raw).text)
    assert (ref.number_symbol, ref.date) == ("1635/QĐ-UBND", "2021-09-22")


def test_legal_refs_number_on_the_next_line_after_so() -> None:
    # seed 000: "Công văn số" ⏎ "828/UBND-HC", joined by normalisation
    raw = "Ngày 11/8/2023, UBND Thành phố đã ban hành Công văn số\n828/UBND-HC về việc báo cáo.\n"
    assert _only(clean_text(raw).text).number_symbol == "828/UBND-HC"


# --- type --------------------------------------------------------------------------------------

# fmt: off
TYPE_CASES = [
    ("Nghị định số 91/2017/NĐ-CP", "nghi_dinh"),
    ("Thông tư liên tịch số 05/2008/TTLT-BKHCN-BNV ngày 18/6/2008", "thong_tu_lien_tich"),
    ("Công văn số 1322/UBND-NC ngày 29/9/2023", "cong_van"),
    ("công văn số 1383/NBI-CNTK ngày 15/8/2025", "cong_van"),  # lower-case type word (tvpl-017)
    ("Công điện số 158/CĐ-TTg ngày 04/9/2025", "cong_dien"),
    ("Kết luận số 203-KL/TW ngày 04 tháng 11 năm 2025", "ket_luan"),
    ("Quy định số 11-QĐi/TW, ngày 18/02/2019", "quy_dinh"),
    # a bare "Văn bản số": the type comes from the symbol (guidelines R5)
    ("Văn bản số 15/TTr-SNV ngày 12/3/2024", "to_trinh"),
    ("tại văn bản số 574/TB-VPCP ngày 23 tháng 10 năm 2025", "thong_bao"),  # tvpl-003
    ("văn bản số văn bản số 621/BC-BTC ngày 11 tháng 11 năm 2025", "bao_cao"),  # tvpl-026
    ("Văn bản số 6582/VPCP-KSTT, ngày 21/9/2011", "cong_van"),  # N/ISSUER-UNIT (qlvb-001)
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), TYPE_CASES)
def test_legal_refs_type_from_word_or_symbol(text: str, expected: str) -> None:
    assert _only(text).type == expected


def test_legal_refs_list_shares_its_type_word() -> None:
    # tvpl-019 style: one type word for a list of laws; a công văn after a decree is not a decree
    refs = _refs("theo Luật số 59/2020/QH14, 48/2024/QH15 của Quốc hội")
    assert [(r.number_symbol, r.type) for r in refs] == [
        ("59/2020/QH14", "luat"),
        ("48/2024/QH15", "luat"),
    ]
    text = "Nghị định số 104/2024/NĐ-CP ngày 31/7/2024 của Chính phủ; số 1187/BTC-ĐT ngày 24/01"
    assert [r.type for r in _refs(text)] == ["nghi_dinh", "cong_van"]


# --- date, issuer, title -------------------------------------------------------------------------

# fmt: off
ATTRIBUTE_CASES = [
    # seed 003
    ("Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND tỉnh Lạng Sơn về việc nâng cao "
     "chất lượng công tác thi đua, khen thưởng; để thực hiện đúng quy định",
     ("2023-09-29", "Ủy ban nhân dân tỉnh Lạng Sơn",
      "nâng cao chất lượng công tác thi đua, khen thưởng")),
    # seed 002: a quoted title without its "Về"
    ('Chỉ thị số 34-CT/TW ngày 07 tháng 4 năm 2014 của Bộ Chính trị "Về tiếp tục đổi mới công tác '
     'thi đua, khen thưởng"; Chỉ thị khác',
     ("2014-04-07", "Bộ Chính trị", "tiếp tục đổi mới công tác thi đua, khen thưởng")),
    # seed 003: a verb-initial title containing "của"; it ends at the sentence
    ("theo Điều 78 Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi "
     "hành một số điều của Luật Thi đua, khen thưởng. Kết quả rà soát gửi về UBND huyện.",
     ("2017-07-31", "Chính phủ",
      "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng")),
    # Party date with hyphens (domain §5)
    ("Nghị quyết số 04-NQ/TW ngày 30-10-2016 của Ban Chấp hành Trung ương Đảng khóa XII về tăng "
     "cường xây dựng Đảng.",
     ("2016-10-30", "Ban Chấp hành Trung ương Đảng khóa XII", "tăng cường xây dựng Đảng")),
    # the issuer before the date (qlvb-009)
    ("Thông tư số 556/2007/TT-TTCP của Thanh tra Chính phủ ngày 26 tháng 3 năm 2007 của Thanh tra "
     "Chính phủ hướng dẫn việc kê khai tài sản.",
     ("2007-03-26", "Thanh tra Chính phủ", "hướng dẫn việc kê khai tài sản")),
    # a capitalised verb starts the title (tvpl-046)
    ("Căn cứ Nghị định số 113/2007/NĐ-CP ngày 28 tháng 6 năm 2007 của Chính phủ Quy định chi tiết "
     "và hướng dẫn thi hành một số điều của Luật Đê điều;",
     ("2007-06-28", "Chính phủ",
      "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Đê điều")),
    # a following clause is not part of the title (tvpl-017)
    ("Nghị định số 103/2024/NĐ-CP ngày 30/7/2024 của Chính phủ quy định về tiền sử dụng đất, tiền "
     "thuê đất, được sửa đổi, bổ sung tại khoản 18 Điều 1",
     ("2024-07-30", "Chính phủ", "quy định về tiền sử dụng đất, tiền thuê đất")),
    # no issuer in the text and none the symbol settles: left out (guidelines R6)
    ("Chỉ thị số 01/CT-UBND ngày 03/01/2024 về đẩy nhanh tiến độ giải ngân vốn đầu tư công;",
     ("2024-01-03", None, "đẩy nhanh tiến độ giải ngân vốn đầu tư công")),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTE_CASES)
def test_legal_refs_date_issuer_title(text: str, expected: tuple) -> None:
    ref = _refs(text)[0]
    assert (ref.date, ref.issuer, ref.title) == expected


# fmt: off
SYMBOL_ISSUER_CASES = [
    ("theo Nghị định số 136/2025/NĐ-CP về phân quyền", "Chính phủ"),
    ("Chỉ thị số 13/CT-TTg về tăng cường công tác", "Thủ tướng Chính phủ"),
    ("Quyết định số 21/2024/QĐ-TTg về mức hỗ trợ", "Thủ tướng Chính phủ"),
    ("Công điện số 158/CĐ-TTg về ứng phó bão", "Thủ tướng Chính phủ"),
    ("Luật số 87/2025/QH15;", "Quốc hội"),
    ("theo khoản 1 Điều 6 Thông tư số 12/2019/TT-BNV", "Bộ Nội vụ"),
    ("văn bản số 16495/BTC-PTHT ngày 22/10/2025", "Bộ Tài chính"),  # a công văn (tvpl-009)
    ("Công văn số 4643/UBND-KGVX ngày 28/8/2024", None),  # "UBND": no single body (qngai-002)
    ("Chỉ thị số 05-CT/TW về học tập và làm theo", None),  # "/TW": the text must name the organ
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), SYMBOL_ISSUER_CASES)
def test_legal_refs_issuer_from_symbol_table(text: str, expected: str | None) -> None:
    assert _only(text).issuer == expected


# fmt: off
OWN_UNIT_CASES = [
    # seed 003: a Cao Lộc district letter that names Lạng Sơn
    ("Công văn số 1322/UBND-NC của UBND tỉnh;", {"tỉnh": "Lạng Sơn"},
     "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Công văn số 1123/UBND-NV ngày 14/5/2022 của UBND huyện về khen thưởng",
     {"huyện": "Cao Lộc"}, "Ủy ban nhân dân huyện Cao Lộc"),
    # seed 004
    ("Chỉ thị số 01/CT-UBND ngày 30 tháng 01 năm 2023 của Chủ tịch UBND huyện về việc phát động",
     {"huyện": "Tây Sơn"}, "Chủ tịch Ủy ban nhân dân huyện Tây Sơn"),
    ("Chỉ thị số 13-CT/HU ngày 06 tháng 9 năm 2014 của Huyện ủy về tiếp tục đổi mới",
     {"huyện": "Tây Sơn"}, "Huyện ủy Tây Sơn"),
    # a Sở of the document's own province (qngai-011)
    ("theo đề xuất của Giám đốc Sở Tài chính tại Công văn số 4039/STC-HCSN ngày 20/11/2024,",
     {"province": "tỉnh Quảng Ngãi"}, "Giám đốc Sở Tài chính tỉnh Quảng Ngãi"),
    # the own unit is unknown: the name stays as the text has it
    ("Công văn số 1322/UBND-NC của UBND tỉnh;", {}, "Ủy ban nhân dân tỉnh"),
]
# fmt: on


@pytest.mark.parametrize(("text", "units", "expected"), OWN_UNIT_CASES)
def test_legal_refs_issuer_completed_with_own_unit(text: str, units: dict, expected: str) -> None:
    assert _only(text, own_units=tuple(units.items())).issuer == expected


# fmt: off
ISSUER_BEFORE_CASES = [
    # tvpl-013
    ("Xét đề nghị của Ngân hàng Chính sách xã hội tại Tờ trình số 127/TTr - HĐQT ngày 30 tháng 9 "
     "năm 2025 và văn bản số 9720/NHCS-KHNV ngày 31 tháng 10 năm 2025.",
     ["Ngân hàng Chính sách xã hội", "Ngân hàng Chính sách xã hội"]),
    # seed 000
    ("Ngày 11/8/2023, UBND Thành phố đã ban hành Công văn số 828/UBND-HC về việc báo cáo.",
     ["Ủy ban nhân dân thành phố Sa Đéc"]),
    # the issuer written after the number wins; an office's code beats the leader it quotes
    # (tvpl-001)
    ("theo ý kiến chỉ đạo của Phó Thủ tướng Chính phủ tại văn bản số 6721/VPCP-V.I ngày 19/7/2025.",
     ["Văn phòng Chính phủ"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), ISSUER_BEFORE_CASES)
def test_legal_refs_issuer_written_before_the_citation(text: str, expected: list) -> None:
    refs = _refs(text, own_units=(("thành phố", "Sa Đéc"),))
    assert [r.issuer for r in refs] == expected


def test_legal_refs_issuer_of_the_next_citation_is_not_taken() -> None:
    # tvpl-027: ", của Ban Bí thư tại văn bản số …" introduces the next citation
    text = (
        "Căn cứ chỉ đạo của Bộ Chính trị tại thông báo số 99-TB/TW ngày 21/11/2025, của Ban Bí thư "
        "tại văn bản số 213-KL/TW ngày 21/11/2025, Thủ tướng yêu cầu:"
    )
    assert [r.issuer for r in _refs(text)] == ["Bộ Chính trị", "Ban Bí thư"]


# --- relation ----------------------------------------------------------------------------------

# fmt: off
RELATION_CASES = [
    # seed 000
    ("Thực hiện Công văn số 99/UBND-VX ngày 29/9/2023 của Ủy ban nhân dân tỉnh Đồng Tháp về việc "
     "nâng cao chất lượng. Ủy ban nhân dân Thành phố báo cáo như sau:", "implements"),
    # qngai-011
    ("Thực hiện quy định tại khoản 3 Điều 52 Luật Ngân sách nhà nước ngày 25/6/2015; UBND tỉnh "
     "báo cáo:", "implements"),
    # qngai-006
    ("1. Thực hiện nghiêm túc Nghị quyết số 19/NQ-CP của Chính phủ về cải thiện môi trường đầu tư;",
     "implements"),
    # qngai-005: an action is carried out, not the decree
    ("- Thực hiện theo dõi việc thi hành án theo quy định của Nghị định số 71/2016/NĐ-CP.",
     "cites"),
    # seed 003
    ("(Gửi kèm theo Văn bản này Công văn số 1123/UBND-NV).", "attached"),
    # tvpl-017: "căn cứ" inside the body
    ("- Căn cứ quy định tại khoản 1 Điều 3 Nghị định số 291/2025/NĐ-CP ngày 06/11/2025.", "cites"),
    # someone else is asked to change it (R7)
    ("Đề nghị các sở tham mưu sửa đổi, thay thế Quyết định số 15/2020/QĐ-UBND cho phù hợp.",
     "cites"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), RELATION_CASES)
def test_legal_refs_relation(text: str, expected: str) -> None:
    assert _only(text, own_type="cong_van").relation == expected


# fmt: off
OPERATIVE_RELATION_CASES = [
    # tvpl-033
    ("Bãi bỏ toàn bộ Thông tư số 73/2017/TT-BTC ngày 17 tháng 7 năm 2017 của Bộ trưởng Bộ Tài "
     "chính.", "thong_tu", "amends"),
    # vbpl-004
    ("1. Bãi bỏ khoản 1 Điều 12 Nghị định số 65/2017/NĐ-CP ngày 19 tháng 5 năm 2017.",
     "nghi_dinh", "amends"),
    # qlvb-008
    ("Quyết định này thay thế Quyết định số 181/2003/QĐ-TTg ngày 04 tháng 9 năm 2003.",
     "quyet_dinh", "replaces"),
    # qlvb-009
    ("IV. Thông tư liên tịch số 527/TTLT/TTCP-BNV-UBKTTW ngày 22 tháng 3 năm 2007 và Thông tư số "
     "556/2007/TT-TTCP ngày 26 tháng 3 năm 2007 hết hiệu lực thi hành.", "thong_tu", "amends"),
    # tvpl-046
    ("2. Các quyết định sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành:\n"
     "a) Quyết định số 08/2019/QĐ-UBND ngày 25/3/2019 của Ủy ban nhân dân tỉnh Hòa Bình.",
     "quyet_dinh", "amends"),
    # a công văn that reports another body's repeal changes nothing itself
    ("Ngày 5/5/2024, Sở Nội vụ đã ban hành Quyết định bãi bỏ Quyết định số 12/QĐ-SNV.",
     "cong_van", "cites"),
]
# fmt: on


@pytest.mark.parametrize(("text", "own_type", "expected"), OPERATIVE_RELATION_CASES)
def test_legal_refs_relation_of_an_operative_document(
    text: str, own_type: str, expected: str
) -> None:
    refs = _refs(text, own_type=own_type)
    assert {r.relation for r in refs} == {expected}


def test_legal_refs_basis_only_in_the_opening_clauses() -> None:
    text = (
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
        "Căn cứ Nghị định số 78/2002/NĐ-CP ngày 04 tháng 10 năm 2002 của Chính phủ về tín dụng;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Lãi suất cho vay (theo Quyết định số 157/2007/QĐ-TTg) giảm.\n"
    )
    basis = legal_refs.opening_basis(text, 0)
    refs = _refs(text, basis_spans=basis, own_type="quyet_dinh")
    assert [(r.type, r.number_symbol, r.relation) for r in refs] == [
        ("luat", None, "basis"),
        ("nghi_dinh", "78/2002/NĐ-CP", "basis"),
        ("quyet_dinh", "157/2007/QĐ-TTg", "cites"),
    ]
    # a "Căn cứ" after the body has begun is ordinary citing (tvpl-019)
    text = "Cục Thuế có ý kiến như sau:\nCăn cứ Điều 34 Luật Doanh nghiệp số 59/2020/QH14;\n"
    assert legal_refs.opening_basis(text, 0) == ()


def test_legal_refs_instrument_inside_a_title_cites() -> None:
    # vbpl-002: in a "Căn cứ" clause, the decree the basis decree amends is only cited
    text = (
        "Căn cứ Nghị định số 11/2025/NĐ-CP ngày 01 tháng 7 năm 2025 sửa đổi, bổ sung một số điều "
        "của Nghị định số 02/2022/NĐ-CP ngày 28 tháng 12 năm 2022 quy định chi tiết một số điều "
        "của Luật Cảnh sát cơ động;\n"
    )
    refs = _refs(text, basis_spans=legal_refs.opening_basis(text, 0))
    assert [(r.number_symbol, r.relation) for r in refs if r.number_symbol] == [
        ("11/2025/NĐ-CP", "basis"),
        ("02/2022/NĐ-CP", "cites"),
    ]


# --- pinpoints and mentions ------------------------------------------------------------------


def test_legal_refs_pinpoint_attaches_to_the_next_instrument() -> None:
    # seed 003 footnote 2: "và" starts a new pair
    text = (
        "Việc công nhận được quy định tại khoản 1 Điều 9 Nghị định số 91/2017/NĐ-CP và khoản 1 "
        "Điều 6 Thông tư số 12/2019/TT-BNV."
    )
    assert [(r.number_symbol, [m.pinpoint for m in r.mentions]) for r in _refs(text)] == [
        ("91/2017/NĐ-CP", ["khoản 1 Điều 9"]),
        ("12/2019/TT-BNV", ["khoản 1 Điều 6"]),
    ]


# fmt: off
PINPOINT_CASES = [
    ("theo điểm a khoản 2 Điều 5 Nghị định số 91/2017/NĐ-CP", "điểm a khoản 2 Điều 5"),
    # tvpl-017
    ("Căn cứ khoản 1, khoản 2 Điều 50 Nghị định số 103/2024/NĐ-CP", "khoản 1, khoản 2 Điều 50"),
    # tvpl-030
    ("tại điểm b, điểm h khoản 1 Điều 159 Luật Đất đai số 31/2024/QH15",
     "điểm b, điểm h khoản 1 Điều 159"),
    # tvpl-047: a comma before the instrument
    ("tại khoản 2 Điều 20 và khoản 2 Điều 21, Nghị định số 43/2022/NĐ-CP",
     "khoản 2 Điều 20 và khoản 2 Điều 21"),
    # vbpl-004
    ("2. Bãi bỏ chương III Nghị định số 08/2018/NĐ-CP ngày 15 tháng 01 năm 2018", "chương III"),
    # tvpl-022
    ("không thuộc Phụ lục I, II, III ban hành kèm theo Nghị định số 72/2024/NĐ-CP",
     "Phụ lục I, II, III"),
    ("theo Nghị định số 91/2017/NĐ-CP", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), PINPOINT_CASES)
def test_legal_refs_pinpoint(text: str, expected: str | None) -> None:
    assert _only(text).mentions[0].pinpoint == expected


def test_legal_refs_mention_spans_cover_type_word_and_symbol() -> None:
    text = "Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND tỉnh"
    (mention,) = _only(text).mentions
    assert text[mention.span[0] : mention.span[1]] == "Công văn số 1322/UBND-NC"


# --- one entry per instrument ---------------------------------------------------------------------


def test_legal_refs_short_mentions_and_anaphora_join_the_first() -> None:
    text = (
        "Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND tỉnh Lạng Sơn về việc khen;\n"
        "1. Quán triệt các nội dung tại Công văn số 1322/UBND-NC của UBND tỉnh.\n"
        "2. Triển khai Nghị định số 91/2017/NĐ-CP của Chính phủ. Nghị định nêu trên quy định rõ.\n"
    )
    refs = _refs(text, own_type="cong_van")
    assert [(r.number_symbol, len(r.mentions)) for r in refs] == [
        ("1322/UBND-NC", 2),
        ("91/2017/NĐ-CP", 2),
    ]


def test_legal_refs_variant_symbols_stay_apart() -> None:
    # seed 003 writes 1322/UBND-NC in the body and 1322/UBND-NV in the attachment note (domain §9)
    text = (
        "Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND tỉnh.\n"
        "(Gửi kèm theo Văn bản này Công văn số 1322/UBND-NV, Công văn số 1123/UBND-NV).\n"
    )
    assert [(r.number_symbol, r.relation) for r in _refs(text, own_type="cong_van")] == [
        ("1322/UBND-NC", "implements"),
        ("1322/UBND-NV", "attached"),
        ("1123/UBND-NV", "attached"),
    ]


def test_legal_refs_named_laws_by_type_and_title_and_year() -> None:
    # tvpl-017: two unnumbered laws told apart by year, and a numbered one
    text = (
        "- Tại khoản 2 Điều 257 Luật Đất đai năm 2024 quy định:\n"
        "a) giao đất theo quy định của Luật Đất đai năm 1993, Luật Đất đai số 13/2003/QH11 và các "
        "văn bản;\nĐề nghị căn cứ Luật Đất đai năm 2024 để xử lý.\n"
    )
    assert [(r.type, r.title, r.date, r.number_symbol, len(r.mentions)) for r in _refs(text)] == [
        ("luat", "Đất đai", "2024", None, 2),
        ("luat", "Đất đai", "1993", None, 1),
        ("luat", "Đất đai", None, "13/2003/QH11", 1),
    ]


def test_legal_refs_law_named_before_its_number_elsewhere_is_one_law() -> None:
    # tvpl-030: "… Điều 159 Luật Đất đai" in a quotation, later "Luật đất đai số 31/2024/QH15"
    text = (
        "“… theo quy định tại điểm b, điểm h khoản 1 Điều 159 Luật Đất đai; …”\n"
        "Ủy ban nhân dân tỉnh ban hành Bảng giá đất theo Luật đất đai số 31/2024/QH15.\n"
    )
    assert [(r.number_symbol, [m.pinpoint for m in r.mentions]) for r in _refs(text)] == [
        ("31/2024/QH15", ["điểm b, điểm h khoản 1 Điều 159", None]),
    ]


# fmt: off
NOT_REFERENCE_CASES = [
    # a blank draft number (seeds 001, 003, 004)
    ("Số: /UBND-NV\nCao Lộc, ngày tháng 10 năm 2023", {}),
    # a form with blanks
    ("Ban hành kèm theo Quyết định số …/QĐ-UBND ngày … của UBND tỉnh", {}),
    # self-references
    ("hướng dẫn các cơ quan rà soát theo mục 7 Công văn này.", {"own_type": "cong_van"}),
    ("Giao Sở Nội vụ kiểm tra việc thực hiện Văn bản này.", {}),
    ("Quyết định này có hiệu lực kể từ ngày ký.", {"own_type": "quyet_dinh"}),
    # generic classes (seed 002)
    ("Nghị định quy định chi tiết thi hành Luật, Thông tư, Hướng dẫn, các văn bản về thi đua", {}),
    # a form number (tvpl-018)
    ("Văn bản đề nghị theo mẫu số 01/MGTH ban hành kèm theo phụ lục I", {}),
    # the document's own number, and its own annex heading (tvpl-046)
    ("Số: 2290 /UBND-NCKS\nKính gửi: Các đơn vị.", {"own_number_symbol": "2290/UBND-NCKS"}),
    ("(Ban hành kèm theo Quyết định số 10325/QĐ-UBND)", {"own_type": "quyet_dinh"}),
    # dates and abbreviations are not symbols
    ("V/v báo cáo kết quả ngày 29/9/2023, b/c Thường trực", {}),
]
# fmt: on


@pytest.mark.parametrize(("text", "context"), NOT_REFERENCE_CASES)
def test_legal_refs_not_a_reference(text: str, context: dict) -> None:
    assert _refs(text, **context) == []


# --- the component on real documents -------------------------------------------------------------


def test_legal_refs_component_sets_spans_and_extension(nlp, seed_paths) -> None:
    doc = _seed_doc(nlp, seed_paths, 3)
    refs = doc._.references
    assert [r.number_symbol for r in refs][:3] == ["1322/UBND-NC", "1123/UBND-NV", "2421/UBND-NV"]
    spans = doc.spans[REFERENCES_KEY]
    assert len(spans) == sum(len(r.mentions) for r in refs)
    assert {s.label_ for s in spans} <= {r.type for r in refs}


def test_legal_refs_seed_003_footnotes(nlp, seed_paths) -> None:
    # 13/2012/NĐ-CP twice in footnote 1; 91/2017/NĐ-CP in item 7 and footnote 2: one entry each
    doc = _seed_doc(nlp, seed_paths, 3)
    by_symbol = {r.number_symbol: r for r in doc._.references}
    decree = by_symbol["91/2017/NĐ-CP"]
    assert [m.pinpoint for m in decree.mentions] == ["Điều 78", "khoản 1 Điều 9"]
    assert len(by_symbol["13/2012/NĐ-CP"].mentions) == 2
    circular = by_symbol["18/2013/TT-BKHHCN"]  # the typo of the source is kept (R4)
    assert circular.title.endswith("được ban hành theo Nghị định số 13/2012/NĐ-CP")
    assert {"1322/UBND-NC", "1322/UBND-NV"} <= set(by_symbol)
    assert doc._.metadata.number_symbol not in by_symbol


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_legal_refs_seeds_match_gold(nlp, seed_paths, seed: int) -> None:
    """Every required reference of the seed's gold is found, with nothing spurious; seed 000's
    unnumbered "Hướng dẫn tổ chức hoạt động …" is the one known miss."""
    gold = json.loads((GOLD / f"seed-{seed:03d}.json").read_text(encoding="utf-8"))
    doc = _seed_doc(nlp, seed_paths, seed)
    predicted = [r.model_dump(mode="json") for r in doc._.references]
    scores = score_references(gold["references"], predicted)
    assert (scores["fn"], scores["fp"]) == (1 if seed == 0 else 0, 0), scores["errors"]


def test_legal_refs_find_is_safe_on_empty_and_plain_text() -> None:
    assert find("") == []
    assert find("Không có văn bản nào được trích dẫn ở đây.") == []
