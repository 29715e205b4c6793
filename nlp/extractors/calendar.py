"""Counting periods the way Vietnamese law does, for deadlines given as durations.

Civil Code 2015 (91/2015/QH13), Arts. 147–148: a period counted in days, weeks, months or years
starts the day **after** the trigger day; a period in months ends on the same-numbered day of the
last month (or that month's last day); when the last day is a weekend or public holiday, the
period runs to the end of the next working day. "Ngày làm việc" periods count working days only.

Public holidays (Tết, Hùng Kings, 30/4, 1/5, 2/9 and the government's yearly day swaps, worked
Saturdays included) come from the maintained ``holidays`` package (MIT) rather than a table of
ours: the lunar dates and the swaps change every year.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

import holidays

from .dates import month_end, valid_date

Unit = Literal["day", "working_day", "week", "month", "year"]


@cache
def _vietnam() -> holidays.HolidayBase:
    """Vietnam's calendar; it fills in each year the first time a date of that year is asked."""
    return holidays.country_holidays("VN")


def is_working_day(day: dt.date) -> bool:
    """Neither a weekend (unless a swapped working Saturday) nor a public holiday."""
    return _vietnam().is_working_day(day)


def roll_to_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the next working day (Art. 148)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(trigger: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after the trigger day (the trigger day itself not counted)."""
    day = trigger
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(trigger: dt.date, count: int) -> dt.date:
    """Same-numbered day ``count`` months later, or the last day of that month (Art. 147)."""
    index = trigger.year * 12 + trigger.month - 1 + count
    year, month = divmod(index, 12)
    return valid_date(year, month + 1, trigger.day) or month_end(year, month + 1)


def period_end(trigger: dt.date, count: int, unit: Unit) -> dt.date:
    """Last day of a period of ``count`` units that starts the day after ``trigger``."""
    if unit == "working_day":
        return add_working_days(trigger, count)
    if unit == "day":
        end = trigger + dt.timedelta(days=count)
    elif unit == "week":
        end = trigger + dt.timedelta(weeks=count)
    elif unit == "month":
        end = add_months(trigger, count)
    else:
        end = add_months(trigger, 12 * count)
    return roll_to_working_day(end)
