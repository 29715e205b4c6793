"""Signature stamps: which texts are stamps, and what they say."""

from __future__ import annotations

import pytest
from vanban.nlp.ingest.signature import is_stamp_text, parse, parse_time, split_printed


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("06.11.2024 09:27:05 +07:00", "2024-11-06T09:27:05+07:00"),
        ("07.02.2025 15:53:02\n+07:00", "2025-02-07T15:53:02+07:00"),  # offset on next line
        ("Thời gian ký: 07/02/2025 14:59:55", "2025-02-07T14:59:55"),
        ("Ngày ký: 2026-05-21 08:05:48 +07:00", "2026-05-21T08:05:48+07:00"),
        ("Thời gian ký: 31.02.2024 10:00:00", None),
    ],
)
def test_signature_time_to_iso(text: str, iso: str | None) -> None:
    assert parse_time(text) == iso


def test_signature_filled_in_number_is_not_a_stamp() -> None:
    assert not is_stamp_text("542")
    assert not is_stamp_text("06")
    assert is_stamp_text("TRUNG TÂM CÔNG BÁO\nVÀ TIN HỌC\nttcbth@quangngai.gov.vn\n"
                         "05.02.2025 15:35:18 +07:00")
    assert is_stamp_text("Người ký: Nguyễn Văn A")


def test_signature_labelled_stamp_wins_over_publisher_stamp() -> None:
    publisher = ("TRUNG TÂM CÔNG BÁO\nVÀ TIN HỌC\nttcbth@quangngai.gov.vn\n"
                 "07.02.2025 15:53:02\n+07:00")
    signer = ("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nCơ quan: Tỉnh Quảng Ngãi\n"
              "Thời gian ký: 07/02/2025 14:59:55")
    stamp = parse([publisher, signer])
    assert stamp is not None
    assert stamp.signer == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert stamp.organisation == "Tỉnh Quảng Ngãi"
    assert stamp.signed_at == "2025-02-07T14:59:55"
    assert publisher in stamp.text and signer in stamp.text


def test_signature_printed_block_found_among_body_lines() -> None:
    lines = [
        "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ",
        "Email: thongtinchinhphu@chinhphu.vn",
        "Cơ quan: VĂN PHÒNG CHÍNH PHỦ",
        "Thời gian ký: 28.04.2026 15:49:15 +07:00",
        "VĂN PHÒNG CHÍNH PHỦ",
        "Cơ quan: chủ trì soạn thảo là Bộ Tài chính.",  # a body line, not part of a stamp
    ]
    body, blocks = split_printed(lines)
    assert blocks == [[0, 1, 2, 3]]
    assert body == [4, 5]
    assert parse(["\n".join(lines[k] for k in blocks[0])]).signed_at == "2026-04-28T15:49:15+07:00"


def test_signature_none_without_stamps() -> None:
    assert parse([]) is None
