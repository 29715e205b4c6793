"""Rules of the obligations stage: modality and category cues, assignees, deadline, legal basis."""

from __future__ import annotations

import pytest

from vanban.nlp.models import baseline
from vanban.nlp.obligations import cues
from vanban.nlp.obligations.assignees import addressees, assignees_of, main_clause_subject, named_subject
from vanban.nlp.obligations.attributes import DeadlineMention, ReferenceMention, deadline_of, legal_basis_of
from vanban.nlp.obligations.units import Unit, find_units
from vanban.nlp.segment import find_parts

from .test_obligations_units import DISPATCH


@pytest.mark.parametrize(
    ("quote", "modality"),
    [
        ("Không trình khen thưởng cấp huyện đối với việc tổng kết", "prohibition"),  # seed 003 item 4
        ("Sáng kiến đã sử dụng thì không được dùng trong xét khen thưởng", "prohibition"),
        ("Các đơn vị có thể xem xét, đề nghị cấp trên khen thưởng", "permission"),
        ("Tiếp tục tổ chức các phong trào thi đua", "obligation"),
    ],
)
def test_cues_modality(quote: str, modality: str) -> None:
    assert cues.modality(quote) == modality


@pytest.mark.parametrize(
    ("quote", "deadline", "category"),
    [
        ("Thực hiện công tác kiểm tra việc khen thưởng", False, "review"),  # auxiliary + verb (O7)
        ("Rà soát các văn bản, kịp thời ban hành quy chế", False, "review"),
        ("Đánh giá kết quả, báo cáo UBND tỉnh trước ngày 20/10", True, "report"),  # dated report (O7a)
        ("Tăng cường tuyên truyền các gương điển hình", False, "communicate"),  # intensifier skipped
        ("Kiện toàn bộ máy làm công tác thi đua", False, "other"),
    ],
)
def test_cues_category(quote: str, deadline: bool, category: str) -> None:
    assert cues.category(quote, has_deadline=deadline) == category


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        ("Yêu cầu các địa phương chủ động triển khai các giải pháp", ["các địa phương"]),
        ("Bộ Xây dựng tiếp tục chủ trì theo dõi, tổng hợp", ["Bộ Xây dựng"]),
        ("Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra", ["Bộ trưởng Bộ Xây dựng"]),
        ("Sở Tài chính, Sở Xây dựng phối hợp rà soát", ["Sở Tài chính", "Sở Xây dựng"]),
        ("Tổ chức thanh tra, kiểm tra công tác chuẩn bị", []),  # a verb, not a body
        ("Kết thúc đợt thi đua phải hướng dẫn khen thưởng", []),
        # a class and its colon list is one assignee, as written (tvpl-011)
        ("Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị", ["Các Bộ: Quốc phòng, Công an"]),
    ],
)
def test_assignees_named_subject(sentence: str, bodies: list[str]) -> None:
    assert named_subject(sentence) == bodies


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        ("Khi tiếp nhận bản kê khai, người tiếp nhận phải làm Giấy giao nhận", ["người tiếp nhận"]),
        ("Nếu người kê khai thuộc diện cấp ủy quản lý thì Ban Tổ chức lưu giữ bản kê khai", ["Ban Tổ chức"]),
        ("Tiến hành rà soát các hồ sơ", []),
    ],
)
def test_assignees_subject_after_opening_clause(sentence: str, bodies: list[str]) -> None:
    assert main_clause_subject(sentence) == bodies


@pytest.fixture(scope="module")
def units() -> list[Unit]:
    return find_units(DISPATCH, find_parts(DISPATCH))


def _unit(units: list[Unit], start: str) -> Unit:
    return next(u for u in units if u.quote.startswith(start))


def test_assignees_heading_passes_its_body_to_bullets(units: list[Unit]) -> None:
    default = addressees(units[0].quote, ["Các cơ quan, đơn vị thuộc huyện"])
    assert assignees_of(_unit(units, "Hướng dẫn, đôn đốc"), default) == ["Phòng Nội vụ"]


def test_assignees_default_to_addressees(units: list[Unit]) -> None:
    default = addressees(units[0].quote, ["Các cơ quan, đơn vị thuộc huyện."])
    assert default == ["các cơ quan, đơn vị", "Các cơ quan, đơn vị thuộc huyện"]
    assert assignees_of(_unit(units, "Tiếp tục tổ chức"), default) == default


def test_deadline_belongs_to_the_sentence_that_states_it(units: list[Unit]) -> None:
    start = DISPATCH.index("trước ngày 20/10/2023")
    mentions = [DeadlineMention(start, start + len("trước ngày 20/10/2023"), ("2023-10-20",))]
    assert deadline_of(_unit(units, "Kết quả rà soát"), mentions) == "2023-10-20"
    assert deadline_of(_unit(units, "Rà soát các trường hợp"), mentions) is None


def test_legal_basis_from_the_unit_and_its_heading() -> None:
    text = "1. Thực hiện Công văn số 12/UBND-NV:\n- Rà soát hồ sơ khen thưởng.\n"
    unit = find_units(text, find_parts(text))[-1]
    start = text.index("12/UBND-NV")
    assert legal_basis_of(unit, [ReferenceMention("12/UBND-NV", start, start + 10)]) == ["12/UBND-NV"]


@pytest.mark.parametrize(
    ("start", "directive"),
    [
        ("Tiếp tục tổ chức", True),
        ("Không trình khen thưởng", True),
        ("UBND huyện yêu cầu các cơ quan, đơn vị thực hiện một số", False),  # a lead-in (O4a)
    ],
)
def test_baseline_is_directive(units: list[Unit], start: str, directive: bool) -> None:
    assert baseline.is_directive(_unit(units, start)) is directive


def test_baseline_reported_fact_is_no_directive() -> None:
    text = "Thời gian qua, các cơ quan đã ban hành kế hoạch và đã tổ chức hội nghị sơ kết.\n"
    (unit,) = find_units(text, find_parts(text))
    assert not baseline.is_directive(unit)
