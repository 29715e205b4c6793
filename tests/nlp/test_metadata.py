"""Metadata and recipients from the parts, checked against what the seeds say."""

from __future__ import annotations

import pytest

from vanban.nlp.metadata import parse_number_symbol, read_metadata, read_recipients
from vanban.nlp.normalize import clean_text
from vanban.nlp.segment import find_parts


def _read(raw: str):
    text = clean_text(raw).text
    parts = find_parts(text)
    return read_metadata(text, parts), read_recipients(text, parts)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2290 /UBND-NCKS", ("2290", "UBND-NCKS", "2290/UBND-NCKS")),
        ("91/2017/NĐ-CP", ("91", "NĐ-CP", "91/2017/NĐ-CP")),
        ("06/2022/QH15", ("06", "QH15", "06/2022/QH15")),
        ("34-CT/TW", ("34", "CT/TW", "34-CT/TW")),
        ("/UBND-NV", (None, "UBND-NV", "/UBND-NV")),
        ("05/KH-UBND", ("05", "KH-UBND", "05/KH-UBND")),
        ("11554/VPCP-V.I", ("11554", "VPCP-V.I", "11554/VPCP-V.I")),
    ],
)
def test_metadata_number_symbol_shapes(value, expected) -> None:
    assert parse_number_symbol(value) == expected


def test_metadata_seed_002(seed_paths) -> None:
    meta, recipients = _read(seed_paths[2].read_text(encoding="utf-8"))
    assert meta.issuer.name == "Ủy ban nhân dân tỉnh Thái Bình"
    assert (meta.number, meta.symbol, meta.date, meta.place) == ("2290", "UBND-NCKS", "2023-07-19", "Thái Bình")
    assert meta.doc_type == "cong_van"
    assert meta.subject == "nâng cao chất lượng tổ chức thực hiện công tác thi đua, khen thưởng"
    assert (meta.signer.name, meta.signer.position, meta.signer.authority) == ("Nguyễn Khắc Thận", "Chủ tịch", None)
    names = [(r.role, r.name) for r in recipients]
    assert names[0] == ("to", "Các đơn vị thuộc Cụm, Khối thi đua thuộc tỉnh")
    assert ("cc", "Ban TĐKT Trung ương") in names
    assert not any(n.startswith(("Như trên", "Lưu")) or n == "ĐS" for _, n in names)


def test_metadata_blank_draft_fields_give_null_and_partial_date(seed_paths) -> None:
    meta, _ = _read(seed_paths[3].read_text(encoding="utf-8"))
    assert meta.number is None and meta.symbol == "UBND-NV"
    assert meta.date == "2023-10"  # "ngày tháng 10 năm 2023"
    meta, _ = _read(seed_paths[1].read_text(encoding="utf-8"))
    assert meta.date == "2023"  # "ngày tháng năm 2023"


def test_metadata_stacked_authority_takes_the_one_nearest_the_signer() -> None:
    raw = ("BỘ TÀI CHÍNH\nSố: 17986/BTC-CT\nV/v thuế\nHà Nội, ngày 01 tháng 12 năm 2025\nKính gửi: Cục Thuế.\n"
           "Bộ Tài chính có ý kiến như sau:\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
           "TM. BỘ TÀI CHÍNH\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Tấn\nCận")
    meta, recipients = _read(raw)
    assert (meta.signer.authority, meta.signer.position, meta.signer.name) == ("KT.", "Thứ trưởng", "Lê Tấn Cận")
    assert [(r.role, r.name) for r in recipients] == [("to", "Cục Thuế")]


def test_metadata_purpose_notes_dropped_from_recipients() -> None:
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH X\nSố: 1/UBND\nX, ngày 01 tháng 01 năm 2024\nV/v a\nKính gửi: Sở Y.\nNội dung.\n"
           "Nơi nhận:\n- Như trên;\n- Thủ tướng Chính phủ (để b/c);\n- Bộ Nội vụ (để phối hợp);\n- Lưu: VT, NV.\nCHỦ TỊCH\nNguyễn Văn A")
    _, recipients = _read(raw)
    assert [r.name for r in recipients if r.role == "cc"] == ["Thủ tướng Chính phủ", "Bộ Nội vụ"]


@pytest.mark.parametrize(
    "tail",
    [
        # the authority prefix alone on its line (tax offices), then the posts
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, QLDN1.\nKT.\nTRƯỞNG THUẾ TỈNH\nPHÓ TRƯỞNG THUẾ TỈNH\nNguyễn Tấn Lợi",
        # a copy count between the closed list and the block (Cần Thơ)
        "Nơi nhận:\n- Bộ NN&MT;\n- Lưu: VT, CT.\n08 KH\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Tấn Lợi",
    ],
)
def test_metadata_signature_after_a_closed_list(tail: str) -> None:
    raw = "ỦY BAN NHÂN DÂN\nTỈNH X\nSố: 1/UBND-VP\nV/v a\nKính gửi: Sở Y.\nNội dung văn bản.\n" + tail
    meta, recipients = _read(raw)
    assert (meta.signer.name, meta.signer.authority) == ("Nguyễn Tấn Lợi", "KT.")
    assert meta.signer.position.startswith("Phó")
    assert all("KT" not in r.name and "KH" != r.name for r in recipients)
