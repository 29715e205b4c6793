"""The actors extractor (``vanban_actors``) and ``canonical_actor``: table-driven cases from the
seeds and train/dev documents (named in each id), the 2025 reform (no district level from 1 July
2025, merged provinces), short forms read from their neighbours, and unknown bodies left as
written."""

from __future__ import annotations

import pytest
from vanban.nlp.extractors.actors import (
    KEY,
    ActorContext,
    actor_kind,
    canonical_actor,
    find,
    names_former_province,
    resolve,
)
from vanban.nlp.extractors.provinces import after_reform, province_exists, provinces, successor
from vanban.nlp.normalize import clean_text
from vanban.nlp.pipeline import make_nlp, run

# --- contexts of real documents -------------------------------------------------------------------

# seed 003 has no header: issuer, level and province come from the place line and the body
SEED_003_TEXT = (
    "Cao Lộc, ngày tháng 10 năm 2023\nThực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của "
    "UBND tỉnh Lạng Sơn về việc nâng cao chất lượng công tác thi đua, khen thưởng; Chủ tịch UBND "
    "huyện yêu cầu các cơ quan, đơn vị thuộc khối, cụm thi đua của huyện thực hiện:\nCHỦ TỊCH"
)
# seed 000 has no header and no place line: the body names the city and the province
SEED_000_TEXT = (
    "Kính gửi: Sở Nội vụ tỉnh Đồng Tháp\nỦy ban nhân dân Thành phố báo cáo kết quả như sau:\n"
    "UBND thành phố Sa Đéc chưa phát hiện trường hợp vi phạm. UBND Thành phố đã ban hành Công "
    "văn số 828/UBND-HC.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
)


def _ctx(issuer: str | None, date: str | None, **kw) -> ActorContext:
    return ActorContext.of(issuer, date=date, **kw)


CAO_LOC = _ctx(None, "2023-10", place="Cao Lộc", text=SEED_003_TEXT)
SA_DEC = _ctx(None, None, text=SEED_000_TEXT)
THAI_BINH = _ctx("Ủy ban nhân dân tỉnh Thái Bình", "2023-07-19")
TAY_SON = _ctx("Ủy ban nhân dân huyện Tây Sơn", "2023")  # the text never names its province
NGA_NAM = _ctx("Ủy ban nhân dân thị xã Ngã Năm", "2023")
VPCP = _ctx("Văn phòng Chính phủ", "2025-11-25", place="Hà Nội")
TTG = _ctx("Thủ tướng Chính phủ", "2025-11-27", place="Hà Nội")
CUC_THUE = _ctx("Cục Thuế", "2025-11-20", parent="Bộ Tài chính", place="Hà Nội")
BO_TAI_CHINH = _ctx("Bộ Tài chính", "2025-11-19", place="Hà Nội")
SO_PHU_THO = _ctx(
    "Sở Thông tin và Truyền thông tỉnh Phú Thọ", "2011-12", parent="Ủy ban nhân dân tỉnh Phú Thọ"
)
QUANG_NGAI_2024 = _ctx("Ủy ban nhân dân tỉnh Quảng Ngãi", "2024-11-15")
QUANG_NGAI_2025 = _ctx("Ủy ban nhân dân tỉnh Quảng Ngãi", "2025-11-20")  # absorbed Kon Tum
CAN_THO = _ctx("Ủy ban nhân dân thành phố Cần Thơ", "2025-11-18")  # absorbed Sóc Trăng, Hậu Giang
HAI_PHONG = _ctx("Ủy ban nhân dân thành phố Hải Phòng", "2025-11-17")  # absorbed Hải Dương
PHU_THO = _ctx("Ủy ban nhân dân tỉnh Phú Thọ", "2025-11-20")
BINH_DUONG = _ctx("Ủy ban nhân dân tỉnh Bình Dương", "2009-04-15")


def test_actors_context_of_header_less_documents() -> None:
    assert (CAO_LOC.own, CAO_LOC.province) == (("huyện", "Cao Lộc"), ("tỉnh", "Lạng Sơn"))
    assert CAO_LOC.issuer == "Ủy ban nhân dân huyện Cao Lộc" and CAO_LOC.issuer_inferred
    assert (SA_DEC.own, SA_DEC.province) == (("thành phố", "Sa Đéc"), ("tỉnh", "Đồng Tháp"))
    assert SA_DEC.issuer == "Ủy ban nhân dân thành phố Sa Đéc"
    assert (TAY_SON.own, TAY_SON.province) == (("huyện", "Tây Sơn"), None)
    # a centrally-run city is a province; "Hà Nội" is where central bodies sit, not their unit
    assert (CAN_THO.own, CAN_THO.province) == (None, ("thành phố", "Cần Thơ"))
    assert (VPCP.own, VPCP.province) == (None, None)


# --- canonical names in context -------------------------------------------------------------------

# (id, name as written, context, canonical name)
CANONICAL_ROWS = [
    # seed 003 (Cao Lộc, header-less): a bare unit word is the issuer's own unit or its province
    ("seed-003 UBND huyện", "UBND huyện", CAO_LOC, "Ủy ban nhân dân huyện Cao Lộc"),
    ("seed-003 Chủ tịch", "Chủ tịch UBND huyện", CAO_LOC,
     "Chủ tịch Ủy ban nhân dân huyện Cao Lộc"),
    ("seed-003 UBND tỉnh from the first sentence", "UBND tỉnh", CAO_LOC,
     "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("seed-003 Phòng Nội vụ", "Phòng Nội vụ", CAO_LOC, "Phòng Nội vụ huyện Cao Lộc"),
    ("seed-003 CT, các PCT", "CT, các PCT UBND huyện", CAO_LOC,
     "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện Cao Lộc"),
    ("seed-003 a class stays", "UBND các xã, thị trấn", CAO_LOC,
     "Ủy ban nhân dân các xã, thị trấn"),
    ("seed-003 Kính gửi", "Các cơ quan, đơn vị thuộc khối, cụm thi đua của huyện", CAO_LOC,
     "Các cơ quan, đơn vị thuộc khối, cụm thi đua của huyện Cao Lộc"),
    # seed 002 (Thái Bình, 2023): a Sở without a place is the province's, named as in 2023
    ("seed-002 Sở Nội vụ", "Sở Nội vụ", THAI_BINH, "Sở Nội vụ tỉnh Thái Bình"),
    ("seed-002 Tỉnh ủy", "Thường trực Tỉnh ủy", THAI_BINH, "Thường trực Tỉnh ủy Thái Bình"),
    ("seed-002 HĐND tỉnh", "Chủ tịch, các PCT HĐND tỉnh", THAI_BINH,
     "Chủ tịch, các Phó Chủ tịch Hội đồng nhân dân tỉnh Thái Bình"),
    ("seed-002 VP", "Lãnh đạo VP UBND tỉnh", THAI_BINH,
     "Lãnh đạo Văn phòng Ủy ban nhân dân tỉnh Thái Bình"),
    ("seed-002 TĐKT", "Ban TĐKT Trung ương", THAI_BINH, "Ban Thi đua - Khen thưởng Trung ương"),
    ("seed-002 Hội đồng TĐKT", "Thành viên Hội đồng TĐKT tỉnh", THAI_BINH,
     "Thành viên Hội đồng Thi đua - Khen thưởng tỉnh Thái Bình"),
    # seed 000 (Sa Đéc): capitalised Thành phố / Tỉnh are the issuer's own city and its province
    ("seed-000 UBND Thành phố", "UBND Thành phố", SA_DEC, "Ủy ban nhân dân thành phố Sa Đéc"),
    ("seed-000 CT, các PCT", "CT, các PCT UBND Thành phố", SA_DEC,
     "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân thành phố Sa Đéc"),
    ("seed-000 Phòng Nội vụ", "Phòng Nội vụ Thành phố", SA_DEC, "Phòng Nội vụ thành phố Sa Đéc"),
    ("seed-000 Tỉnh", "Hội đồng Thi đua - Khen thưởng Tỉnh", SA_DEC,
     "Hội đồng Thi đua - Khen thưởng tỉnh Đồng Tháp"),
    ("seed-000 Thành ủy", "Thành ủy", SA_DEC, "Thành ủy Sa Đéc"),
    ("seed-000 a named body stays", "Sở Nội vụ tỉnh Đồng Tháp", SA_DEC, "Sở Nội vụ tỉnh Đồng Tháp"),
    # seeds 001 and 004
    ("seed-001 TT Thị ủy", "TT Thị ủy", NGA_NAM, "Thường trực Thị ủy Ngã Năm"),
    ("seed-001 TT HĐND", "TT HĐND thị xã", NGA_NAM, "Thường trực Hội đồng nhân dân thị xã Ngã Năm"),
    ("seed-001 HĐTĐKT", "Thành viên HĐTĐKT thị xã", NGA_NAM,
     "Thành viên Hội đồng Thi đua - Khen thưởng thị xã Ngã Năm"),
    ("seed-004 MTTQ", "Ủy ban MTTQVN huyện", TAY_SON,
     "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Tây Sơn"),
    ("seed-004 province never named", "UBND tỉnh", TAY_SON, "Ủy ban nhân dân tỉnh"),
    ("seed-004 Sở with no known province", "Sở Nội vụ", TAY_SON, "Sở Nội vụ"),
    ("seed-004 opaque office code", "CVP, C₂", TAY_SON, "Chánh Văn phòng, C₂"),
    # VPCP and Prime Minister addressees (tvpl-001 … tvpl-028): no unit to fill in
    ("tvpl-010 Bộ trưởng các Bộ: …", "Bộ trưởng các Bộ: Tài chính, Nội vụ, Bộ Y tế", TTG,
     "Bộ trưởng các Bộ: Tài chính, Nội vụ, Bộ Y tế"),
    ("tvpl-001 a class stays",
     "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", VPCP,
     "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
    ("tvpl-008 CP after a post", "Thủ tướng, các Phó Thủ tướng CP", TTG,
     "Thủ tướng Chính phủ, các Phó Thủ tướng Chính phủ"),
    ("tvpl-005 TTg", "TTg, các PTTg", VPCP, "Thủ tướng Chính phủ, các Phó Thủ tướng Chính phủ"),
    ("tvpl-007 glued", "TTgCP, các PTTgCP", VPCP,
     "Thủ tướng Chính phủ, các Phó Thủ tướng Chính phủ"),
    ("tvpl-003 PTTg and a name", "Phó TTgCP Trần Hồng Hà", VPCP,
     "Phó Thủ tướng Chính phủ Trần Hồng Hà"),
    ("tvpl-012 MTTQ", "Ủy ban TW MTTQ Việt Nam", TTG,
     "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("tvpl-008 media", "Đài THVN, Đài TNVN, TTXVN", TTG,
     "Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam"),
    ("tvpl central issuer: UBND tỉnh left", "UBND tỉnh", VPCP, "Ủy ban nhân dân tỉnh"),
    ("tvpl-007 CT among ministries is Công Thương", "Các Bộ: TC, XD, NV, CT, KH&CN", VPCP,
     "Các Bộ: TC, XD, NV, CT, Khoa học và Công nghệ"),
    ("tvpl-004 TP among ministries is Tư pháp", "Các Bộ: XD, NN&MT, TC, TP", VPCP,
     "Các Bộ: XD, Nông nghiệp và Môi trường, TC, TP"),
    # the issuer's initials and a bare Bộ / Sở (Cục Thuế, Bộ Tài chính, Sở TT&TT Phú Thọ)
    ("tvpl-017 CT = the issuer", "Website CT", CUC_THUE, "Website Cục Thuế"),
    ("tvpl-017 BTC = the parent", "Cục QLCS; Vụ PC (BTC)", CUC_THUE,
     "Cục QLCS; Vụ PC (Bộ Tài chính)"),
    ("tvpl-019 bare Bộ = the parent", "Các đơn vị thuộc Bộ: CST, QLKT, DNTN, PC", CUC_THUE,
     "Các đơn vị thuộc Bộ Tài chính: CST, QLKT, DNTN, PC"),
    ("tvpl-015 Lãnh đạo Bộ", "Lãnh đạo Bộ", BO_TAI_CHINH, "Lãnh đạo Bộ Tài chính"),
    ("qlvb-005 bare Sở", "Các phòng, ban thuộc Sở", SO_PHU_THO,
     "Các phòng, ban thuộc Sở Thông tin và Truyền thông tỉnh Phú Thọ"),
    ("qlvb Sở in a Sở letter", "Sở Tài chính", SO_PHU_THO, "Sở Tài chính tỉnh Phú Thọ"),
    # provincial committees (Quảng Ngãi, Bình Dương, Cần Thơ, Hải Phòng, Phú Thọ)
    ("qngai-001 VPUB, office codes are no header", "VPUB: CVP, PCVP (KGVX), HC-QT",
     QUANG_NGAI_2024,
     "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi: Chánh Văn phòng, Phó Chánh Văn phòng (KGVX), "
     "HC-QT"),
    ("qngai-006 capitalised Tỉnh", "Ủy ban MTTQVN Tỉnh", QUANG_NGAI_2024,
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi"),
    ("qngai-002 Tỉnh Đoàn is no bare Tỉnh", "Tỉnh Đoàn", QUANG_NGAI_2024, "Tỉnh Đoàn"),
    ("qngai-005 TT", "TT Tỉnh ủy; TT HĐND tỉnh", QUANG_NGAI_2024,
     "Thường trực Tỉnh ủy Quảng Ngãi; Thường trực Hội đồng nhân dân tỉnh Quảng Ngãi"),
    ("qngai-005 TT after a deputy's post", "Phó Thủ tướng TT Trương Hòa Bình", QUANG_NGAI_2024,
     "Phó Thủ tướng Thường trực Trương Hòa Bình"),
    ("qngai-011 TT-ĐT", "Cổng TT-ĐT tỉnh", QUANG_NGAI_2024,
     "Cổng Thông tin điện tử tỉnh Quảng Ngãi"),
    ("tvpl-007 a named province qualifies the whole entry", "Tỉnh ủy, HĐND, UBND tỉnh Thanh Hóa",
     QUANG_NGAI_2024, "Tỉnh ủy, Hội đồng nhân dân, Ủy ban nhân dân tỉnh Thanh Hóa"),
    ("qlvb-004 TT = Trung tâm", "TT Công báo tỉnh, Website tỉnh", BINH_DUONG,
     "Trung tâm Công báo tỉnh Bình Dương, Website tỉnh Bình Dương"),
    ("tvpl-039 TT. Thành ủy", "TT. Thành ủy", CAN_THO, "Thường trực Thành ủy Cần Thơ"),
    ("tvpl-041 TP", "CT, PCT UBND TP (1AE)", CAN_THO,
     "Chủ tịch, Phó Chủ tịch Ủy ban nhân dân thành phố Cần Thơ (1AE)"),
    ("tvpl-039 TT before a name", "TT NS&VSMTNT", CAN_THO, "Trung tâm NS&VSMTNT"),
    ("tvpl-039 a list of levels stays", "UBND xã, phường", CAN_THO, "Ủy ban nhân dân xã, phường"),
    ("tvpl-047 glued, TU = Thành ủy in a city", "TTTU, TTHĐNDTP", HAI_PHONG,
     "Thường trực Thành ủy Hải Phòng, Thường trực Hội đồng nhân dân thành phố Hải Phòng"),
    ("tvpl-046 glued, TU = Tỉnh ủy", "TTTU, TTHĐND tỉnh", PHU_THO,
     "Thường trực Tỉnh ủy Phú Thọ, Thường trực Hội đồng nhân dân tỉnh Phú Thọ"),
    ("qngai a bank branch stays", "Ngân hàng Nhà nước - Chi nhánh Quảng Ngãi", QUANG_NGAI_2024,
     "Ngân hàng Nhà nước - Chi nhánh Quảng Ngãi"),
    # the text's quirks: tone-mark style, dashes, trailing punctuation, upper-case headers
    ("tvpl-048 new-style tone marks", "Các tỉnh uỷ, thành uỷ", VPCP, "Các tỉnh ủy, thành ủy"),
    ("qngai-010 en dash", "Sở Lao động – Thương binh và Xã hội", QUANG_NGAI_2024,
     "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ngãi"),
    ("qngai-014 trailing colon", "CT, PCT UBND tỉnh:", QUANG_NGAI_2024,
     "Chủ tịch, Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("header case", "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", CAO_LOC, "Ủy ban nhân dân huyện Cao Lộc"),
]  # fmt: skip
CANONICAL = [pytest.param(name, ctx, out, id=id_) for id_, name, ctx, out in CANONICAL_ROWS]


@pytest.mark.parametrize(("name", "context", "expected"), CANONICAL)
def test_actors_canonical_in_context(name: str, context: ActorContext, expected: str) -> None:
    assert canonical_actor(name, context) == expected


@pytest.mark.parametrize(("name", "context", "expected"), CANONICAL)
def test_actors_canonical_is_idempotent(name: str, context: ActorContext, expected: str) -> None:
    assert canonical_actor(expected, context) == expected


# --- unknown bodies and adversarial names ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Hiệp hội Thức ăn Chăn nuôi", id="tvpl-003 association"),
        pytest.param("Công ty cổ phần siêu thị Sài Gòn", id="tvpl-030 company"),
        pytest.param("Công Ty TNHH Khuôn Mẫu Yong Hong", id="tvpl-022 company"),
        pytest.param("CÔNG TY CỔ PHẦN BIA SÀI GÒN - BẾN TRE", id="tvpl-023 company in capitals"),
        pytest.param("Nhà nghỉ dưỡng", id="vbpl-002 unit"),
        pytest.param("Đơn vị quản lý nhà nghỉ dưỡng", id="vbpl-002 class of units"),
        pytest.param("Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ", id="tvpl-041 board"),
        pytest.param("Công ty CP Sông Đà", id="CP in a company is cổ phần, not Chính phủ"),
        pytest.param("Tổng TT, các Phó TTT", id="qlvb-009 TT neither standing nor a centre"),
    ],
)
def test_actors_unknown_bodies_left_as_written(name: str) -> None:
    for context in (None, QUANG_NGAI_2024, CAO_LOC, VPCP):
        assert canonical_actor(name, context) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("HĐND, UBND các tỉnh, thành phố",
         "Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố"),
        ("Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
        ("Các KBNN khu vực", "Các Kho bạc Nhà nước khu vực"),
        ("Phó Thủ tướng thường trực Chính phủ Nguyễn Hòa Bình",
         "Phó Thủ tướng thường trực Chính phủ Nguyễn Hòa Bình"),  # tvpl-012, complete already
        ("", ""),
    ],
)  # fmt: skip
def test_actors_canonical_without_context_only_expands(name: str, expected: str) -> None:
    assert canonical_actor(name) == expected


# --- the 2025 reform ------------------------------------------------------------------------------

# (id, name as written, context, canonical name, names a province gone on the document date)
REFORM_ROWS = [
    # a 2025-11 document of a merged province (Quảng Ngãi absorbed Kon Tum): the province
    # resolves, no district does
    ("tvpl-045 UBND tỉnh", "UBND tỉnh", QUANG_NGAI_2025, "Ủy ban nhân dân tỉnh Quảng Ngãi", False),
    ("tvpl-045 Sở", "Sở Tài chính", QUANG_NGAI_2025, "Sở Tài chính tỉnh Quảng Ngãi", False),
    ("2025-11 no district", "UBND huyện", QUANG_NGAI_2025, "Ủy ban nhân dân huyện", False),
    ("2025-11 a former province kept, flagged", "UBND tỉnh Kon Tum", QUANG_NGAI_2025,
     "Ủy ban nhân dân tỉnh Kon Tum", True),
    ("tvpl-047 two-tier units", "UBND các xã, phường, đặc khu", HAI_PHONG,
     "Ủy ban nhân dân các xã, phường, đặc khu", False),
    ("2025-11 Hải Dương", "UBND tỉnh Hải Dương", HAI_PHONG, "Ủy ban nhân dân tỉnh Hải Dương", True),
    ("2025-11 Sóc Trăng", "UBND tỉnh Sóc Trăng", CAN_THO, "Ủy ban nhân dân tỉnh Sóc Trăng", True),
    # a 2023 Thái Bình document keeps Thái Bình (merged into Hưng Yên in 2025)
    ("seed-002 2023 keeps Thái Bình", "UBND tỉnh", THAI_BINH, "Ủy ban nhân dân tỉnh Thái Bình",
     False),
    ("2025-11 Thái Bình is gone", "UBND tỉnh Thái Bình", QUANG_NGAI_2025,
     "Ủy ban nhân dân tỉnh Thái Bình", True),
    ("2025-11 Hưng Yên exists", "UBND tỉnh Hưng Yên", QUANG_NGAI_2025,
     "Ủy ban nhân dân tỉnh Hưng Yên", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "context", "expected", "former"),
    [pytest.param(*row[1:], id=row[0]) for row in REFORM_ROWS],
)
def test_actors_reform_2025(name: str, context: ActorContext, expected: str, former: bool) -> None:
    canonical = canonical_actor(name, context)
    assert canonical == expected
    assert names_former_province(canonical, context.date) is former


CAO_LOC_ISSUER = "Ủy ban nhân dân huyện Cao Lộc"
LANG_SON = ("tỉnh", "Lạng Sơn")


@pytest.mark.parametrize(
    ("context", "own"),
    [
        # a district issuer dated after 1 July 2025: a bare "huyện" must not resolve to it
        pytest.param(_ctx(CAO_LOC_ISSUER, "2025-08-01", text=SEED_003_TEXT), None, id="2025-08"),
        pytest.param(_ctx(None, "2025-10-01", place="Cao Lộc", text=SEED_003_TEXT), None,
                     id="header-less 2025-10"),
        # a bare year 2025 falls on both sides of the reform: the district issuer is kept
        pytest.param(_ctx(CAO_LOC_ISSUER, "2025", text=SEED_003_TEXT), ("huyện", "Cao Lộc"),
                     id="2025"),
        pytest.param(_ctx(CAO_LOC_ISSUER, "2025-06-30", text=SEED_003_TEXT), ("huyện", "Cao Lộc"),
                     id="2025-06-30"),
    ],
)  # fmt: skip
def test_actors_reform_drops_the_district(context: ActorContext, own) -> None:
    assert (context.own, context.province) == (own, LANG_SON)
    if own is None:
        assert canonical_actor("UBND huyện", context) == "Ủy ban nhân dân huyện"
        assert canonical_actor("Phòng Nội vụ", context) == "Phòng Nội vụ"
        assert canonical_actor("UBND tỉnh", context) == "Ủy ban nhân dân tỉnh Lạng Sơn"


@pytest.mark.parametrize(
    ("name", "date", "exists", "after"),
    [
        ("Thái Bình", "2023-07-19", True, "Hưng Yên"),
        ("Thái Bình", "2025-11-20", False, "Hưng Yên"),
        ("Thái Bình", "2025-06", True, "Hưng Yên"),
        ("Thái Bình", "2025", None, "Hưng Yên"),  # the year straddles the merger
        ("Quảng Ngãi", "2025-11", True, "Quảng Ngãi"),
        ("Kon Tum", "2025-11-20", False, "Quảng Ngãi"),
        ("Bà Rịa-Vũng Tàu", "2026-01-26", False, "Hồ Chí Minh"),  # dash spacing folded
        ("Khánh Hoà", "2025-11-27", True, "Khánh Hòa"),  # tone-mark style folded
        ("Thừa Thiên Huế", "2025-03-01", False, "Huế"),  # the city Huế from 1 January 2025
        ("Sa Đéc", "2023-10-01", None, None),  # a city within a province: not in the table
    ],
)
def test_actors_province_table(name: str, date: str, exists: bool | None, after: str | None):
    assert province_exists(name, date) is exists
    assert successor(name) == after


def test_actors_province_table_has_63_units_and_34_successors() -> None:
    rows = provinces()
    assert len({r.name for r in rows.values()} - {"Huế"}) == 63
    assert len({r.successor for r in rows.values()}) == 34
    assert after_reform("2025-07-01") and not after_reform("2025-06-30")
    assert after_reform("2025") is None


# --- kinds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "kind"),
    [
        ("Chủ tịch Ủy ban nhân dân huyện Cao Lộc", "office_holder"),
        ("Thủ tướng Chính phủ", "office_holder"),
        ("Lãnh đạo Bộ Tài chính", "office_holder"),
        ("Ủy ban nhân dân huyện Cao Lộc", "body"),
        ("Thường trực Tỉnh ủy Thái Bình", "body"),
        ("Sở Nội vụ tỉnh Thái Bình", "body"),
        ("Ủy ban nhân dân các xã, thị trấn", "group"),
        ("Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện Cao Lộc", "group"),
        ("Bộ trưởng các Bộ: Tài chính, Nội vụ, Bộ Y tế", "group"),
        ("Ủy ban nhân dân xã, phường", "group"),
        ("Sở, ban, ngành thành phố Cần Thơ", "group"),
        ("Ủy ban nhân dân cấp xã", "group"),
    ],
)
def test_actors_kind(canonical: str, kind: str) -> None:
    assert actor_kind(canonical) == kind


# --- find → resolve -------------------------------------------------------------------------------

# (id, text, context, [(mention, canonical name, kind)])
FOUND_ROWS = [
    ("seed-003 opening sentence",
     "Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND tỉnh Lạng Sơn về việc nâng cao "
     "chất lượng, Chủ tịch UBND huyện yêu cầu các cơ quan, đơn vị thuộc khối, cụm thi đua của "
     "huyện (sau đây gọi chung là cơ quan, đơn vị) thực hiện",
     CAO_LOC,
     [("UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn", "body"),
      ("Chủ tịch UBND huyện", "Chủ tịch Ủy ban nhân dân huyện Cao Lộc", "office_holder"),
      ("các cơ quan, đơn vị thuộc khối, cụm thi đua của huyện",
       "các cơ quan, đơn vị thuộc khối, cụm thi đua của huyện Cao Lộc", "group")]),
    ("seed-003 items 7 and 9",
     "Kết quả rà soát các cơ quan, đơn vị, các xã, thị trấn gửi về UBND huyện (qua Phòng Nội vụ) "
     "trước ngày 20/10/2023.\n9. Giao Phòng Nội vụ:",
     CAO_LOC,
     [("các cơ quan, đơn vị", "các cơ quan, đơn vị", "group"),
      ("các xã, thị trấn", "các xã, thị trấn", "group"),
      ("UBND huyện", "Ủy ban nhân dân huyện Cao Lộc", "body"),
      ("Phòng Nội vụ", "Phòng Nội vụ huyện Cao Lộc", "body"),
      ("Phòng Nội vụ", "Phòng Nội vụ huyện Cao Lộc", "body")]),
    ("seed-000 body",
     "Ủy ban nhân dân Thành phố báo cáo kết quả thực hiện như sau: trên cơ sở các văn bản của "
     "UBND tỉnh Đồng Tháp, Sở Nội vụ tỉnh Đồng Tháp, UBND thành phố Sa Đéc và Hội đồng TĐ - KT "
     "thành phố Sa Đéc",
     SA_DEC,
     [("Ủy ban nhân dân Thành phố", "Ủy ban nhân dân thành phố Sa Đéc", "body"),
      ("UBND tỉnh Đồng Tháp", "Ủy ban nhân dân tỉnh Đồng Tháp", "body"),
      ("Sở Nội vụ tỉnh Đồng Tháp", "Sở Nội vụ tỉnh Đồng Tháp", "body"),
      ("UBND thành phố Sa Đéc", "Ủy ban nhân dân thành phố Sa Đéc", "body"),
      ("Hội đồng TĐ - KT thành phố Sa Đéc", "Hội đồng Thi đua - Khen thưởng thành phố Sa Đéc",
       "body")]),
    ("tvpl-010 VPCP-style addressees",
     "Kính gửi:\n- Bộ trưởng các Bộ: Tài chính, Nội vụ, Bộ Y tế;\n- Chủ tịch Ủy ban nhân dân các "
     "tỉnh, thành phố trực thuộc Trung ương.\nThủ tướng Chính phủ yêu cầu:",
     TTG,
     [("Bộ trưởng các Bộ: Tài chính, Nội vụ, Bộ Y tế",
       "Bộ trưởng các Bộ: Tài chính, Nội vụ, Bộ Y tế", "group"),
      ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
       "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "group"),
      ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "office_holder")]),
    ("tvpl-045 2025-11 merged province",
     "Giao Sở Tài chính chủ trì, phối hợp với Sở Khoa học và Công nghệ, Ban Tuyên giáo Tỉnh ủy "
     "tham mưu Ủy ban nhân dân tỉnh.",
     QUANG_NGAI_2025,
     [("Sở Tài chính", "Sở Tài chính tỉnh Quảng Ngãi", "body"),
      ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", "body"),
      ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy Quảng Ngãi", "body"),
      ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Quảng Ngãi", "body")]),
    ("tvpl-046 a province name ends the name",
     "theo đề nghị của UBND tỉnh Vĩnh Phúc Quy định về; UBND thành phố Hải Phòng.",
     PHU_THO,
     [("UBND tỉnh Vĩnh Phúc", "Ủy ban nhân dân tỉnh Vĩnh Phúc", "body"),
      ("UBND thành phố Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng", "body")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "context", "expected"), [pytest.param(*row[1:], id=row[0]) for row in FOUND_ROWS]
)
def test_actors_find_and_resolve(text: str, context: ActorContext, expected: list) -> None:
    actors = resolve(find(text), context)
    assert [(a.text, a.canonical, a.kind) for a in actors] == expected
    assert all(text[a.span[0] : a.span[1]] == a.text for a in actors)


def test_actors_resolve_flags_former_provinces_after_the_reform() -> None:
    text = "Công văn của UBND tỉnh Vĩnh Phúc và UBND tỉnh Phú Thọ"
    assert [a.former for a in resolve(find(text), PHU_THO)] == [True, False]
    assert [a.former for a in resolve(find(text), BINH_DUONG)] == [False, False]  # 2009


@pytest.mark.parametrize(
    "text",
    [
        "Số: /UBND-NV",  # a symbol, seed 003
        "Công văn số 2054/SNV-TĐKT ngày 01/8/2023",  # a symbol, seed 000
        "ban hành các văn bản chỉ đạo; trên cơ sở đó",  # lower-case "ban", "sở"
        "công tác phòng, chống tham nhũng",  # lower-case "phòng"
        "phát triển kinh tế - xã hội của địa phương",  # "xã hội" is no commune
        "theo quy định của Bộ luật Dân sự",  # "Bộ luật" is no ministry
        "Ban hành kèm theo Quyết định này",  # sentence-initial "Ban hành"
    ],
)
def test_actors_find_nothing_in_non_actors(text: str) -> None:
    assert find(text) == []


# --- the spaCy component --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    nlp = make_nlp()
    assert "vanban_actors" in nlp.pipe_names  # part of the default pipeline
    return nlp


def test_actors_component_on_seed_003(nlp, seed_paths) -> None:
    doc = run(nlp, clean_text(seed_paths[3].read_text(encoding="utf-8")).text)
    assert doc._.actor_context.own == ("huyện", "Cao Lộc")
    spans = doc.spans[KEY]
    assert len(spans) == len(doc._.actors) > 10
    found = {(s.text, s.kb_id_, s.label_) for s in spans}
    chair = ("Chủ tịch UBND huyện", "Chủ tịch Ủy ban nhân dân huyện Cao Lộc", "office_holder")
    assert chair in found
    assert ("Phòng Nội vụ", "Phòng Nội vụ huyện Cao Lộc", "body") in found
    canonical = {r.name: r.canonical for r in doc._.recipients}
    assert canonical["CT, các PCT UBND huyện"] == (
        "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện Cao Lộc"
    )
    assert canonical["Phòng Nội vụ"] == "Phòng Nội vụ huyện Cao Lộc"


def test_actors_component_on_seed_002(nlp, seed_paths) -> None:
    doc = run(nlp, clean_text(seed_paths[2].read_text(encoding="utf-8")).text)
    canonical = {r.name: r.canonical for r in doc._.recipients}
    # guidelines C2: one entry per line, nothing split
    entry = "Ban Thi đua - Khen thưởng, Sở Nội vụ"
    assert canonical[entry] == entry
    assert canonical["Thường trực Tỉnh ủy"] == "Thường trực Tỉnh ủy Thái Bình"
    assert not any(a.former for a in doc._.actors)  # 2023: Thái Bình still exists
