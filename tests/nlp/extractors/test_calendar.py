"""Period counting by the Civil Code with Vietnam's public holidays (``extractors/calendar.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
from vanban.nlp.extractors.calendar import (
    add_months,
    is_working_day,
    period_end,
    roll_to_working_day,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 2, 7), True),  # Wednesday before Tết Giáp Thìn
        (D(2024, 2, 8), False),  # 29 Tết
        (D(2024, 2, 14), False),  # 5th day of Tết (a Wednesday)
        (D(2024, 2, 15), True),
        (D(2024, 5, 4), True),  # a Saturday worked in exchange for 29/4/2024
        (D(2024, 5, 5), False),  # Sunday
        (D(2025, 9, 2), False),  # National Day
        (D(2025, 1, 1), False),
    ],
)
def test_calendar_is_working_day(day, expected) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("trigger", "count", "unit", "expected"),
    [
        # qlvb-007: "chậm nhất là 05 ngày, kể từ ngày ký", signed 21/01/2010 → Tuesday 26/01/2010
        (D(2010, 1, 21), 5, "day", D(2010, 1, 26)),
        # 5 working days from Wednesday 7/2/2024 cross Tết (8–14/2): 15, 16, 19, 20, 21
        (D(2024, 2, 7), 5, "working_day", D(2024, 2, 21)),
        # 10 calendar days from 1/2/2024 end on 11/2 (Tết) → the next working day, 15/2
        (D(2024, 2, 1), 10, "day", D(2024, 2, 15)),
        # a document of one year setting a deadline in the next: 28/12/2023 + 10 days = Sunday
        # 7/1/2024 → Monday 8/1/2024
        (D(2023, 12, 28), 10, "day", D(2024, 1, 8)),
        (D(2023, 12, 29), 3, "working_day", D(2024, 1, 4)),  # 1/1/2024 is a holiday
        (D(2024, 1, 31), 1, "month", D(2024, 2, 29)),  # no 31 February: the month's last day
        (D(2024, 3, 15), 2, "week", D(2024, 3, 29)),
        (D(2023, 6, 30), 1, "year", D(2024, 7, 1)),  # 30/6/2024 is a Sunday
        (D(2024, 4, 26), 1, "working_day", D(2024, 5, 2)),  # 27–28 weekend, 29/4–1/5 holidays
    ],
)
def test_calendar_period_end(trigger, count, unit, expected) -> None:
    assert period_end(trigger, count, unit) == expected


def test_calendar_roll_keeps_a_working_day() -> None:
    assert roll_to_working_day(D(2025, 11, 28)) == D(2025, 11, 28)
    assert roll_to_working_day(D(2025, 11, 29)) == D(2025, 12, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 1, 31), 12, D(2026, 1, 31)),
    ],
)
def test_calendar_add_months(start, months, expected) -> None:
    assert add_months(start, months) == expected
