"""Date parsing and the document-relative helpers of ``extractors/dates.py``."""

from __future__ import annotations

import pytest
from vanban.nlp.extractors.dates import (
    DocDate,
    next_yearly,
    parse_count,
    parse_date,
    resolve_missing_year,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thái Bình, ngày 19 tháng 7 năm 2023", "2023-07-19"),  # seed 002
        ("Cao Lộc, ngày tháng 10 năm 2023", "2023-10"),  # seed 003: blank day
        ("Ngã Năm, ngày tháng năm 2023", "2023"),  # seed 001: blank day and month
        ("Công văn số 99/UBND-VX ngày 29/9/2023", "2023-09-29"),
        ("Chỉ thị số 34-CT/TW ngày 4-7-2017", "2017-07-04"),
        ("ngày 31/6/2023", None),  # impossible
        ("không có ngày", None),
    ],
)
def test_dates_parse_date_keeps_its_behaviour(text, expected) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-19", DocDate(2023, 10, 19)),
        ("2023-10", DocDate(2023, 10, None)),
        ("2023", DocDate(2023, None, None)),
        (None, DocDate()),
        ("ngày 19", DocDate()),
    ],
)
def test_dates_docdate_parses_partial_iso(value, expected) -> None:
    assert DocDate.parse(value) == expected


@pytest.mark.parametrize(
    ("month", "day", "doc_date", "expected"),
    [
        (2, 5, "2023", 2023),  # "ngày 05/02", the year only in the document date
        (2, 5, "2023-01-20", 2023),
        (1, 10, "2023-12-20", 2024),  # a December letter asking for "trước ngày 10/01"
        (11, 15, "2025-11-18", 2025),  # a few days before the notice's date: same year (tvpl-006)
        (9, 5, "2023-10", 2023),  # partial document date: read from its first day
        (8, None, "2023-12-01", 2024),  # a month alone counts by its last day
        (2, 5, None, None),  # no document year: no date
    ],
)
def test_dates_resolve_missing_year(month, day, doc_date, expected) -> None:
    assert resolve_missing_year(month, day, DocDate.parse(doc_date)) == expected


@pytest.mark.parametrize(
    ("month", "day", "doc_date", "expected"),
    [
        (
            11,
            30,
            "2025-08-29",
            "2025-11-30",
        ),  # vbpl-002 "Định kỳ hằng năm (trước ngày 30 tháng 11)"
        (12, 10, "2023-12-15", "2024-12-10"),  # already past in the document's year
        (12, 10, "2023-12-10", "2024-12-10"),  # strictly after the document date
        (
            11,
            None,
            "2007-11-13",
            "2008-11",
        ),  # "tháng 11 hằng năm" in a November circular (qlvb-009)
        (9, None, "2024-03", "2024-09"),
        (2, 29, "2023-06-01", "2024-02-29"),
        (6, 30, None, None),
    ],
)
def test_dates_next_yearly_is_strictly_after(month, day, doc_date, expected) -> None:
    assert next_yearly(month, day, DocDate.parse(doc_date)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05", 5),
        ("mười", 10),
        ("năm", 5),
        ("mười lăm", 15),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("lăm", None),
    ],
)
def test_dates_parse_count(text, expected) -> None:
    assert parse_count(text) == expected
