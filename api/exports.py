"""Pure renderers: tasks → CSV, XLSX, iCalendar; documents → JSON Lines.

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) are prefixed with an apostrophe, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from .i18n import CATEGORY, STATUS, TASK_COLUMNS, YES_NO, pick
from .schemas import TaskPublic

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def task_rows(tasks: Iterable[TaskPublic], lang: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows as text, in the asked language (Vietnamese by default)."""
    header = [en if lang == "en" else vi for _, vi, en in TASK_COLUMNS]
    rows = []
    for task in tasks:
        values: dict[str, str] = {
            "document": task.document_number_symbol or "",
            "subject": task.document_subject or "",
            "action": task.action or task.quote,
            "assignees": "; ".join(task.assignees),
            "deadline": task.deadline or "",
            "overdue": YES_NO[0 if task.overdue else 1][1 if lang == "en" else 0],
            "status": pick(STATUS, task.status, lang),
            "owner": task.owner or "",
            "notes": task.notes or "",
            "category": pick(CATEGORY, task.category, lang),
            "quote": task.quote,
            "id": str(task.id),
        }
        rows.append([safe_cell(values[key]) for key, _, _ in TASK_COLUMNS])
    return header, rows


def tasks_csv(tasks: Iterable[TaskPublic], lang: str) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Vietnamese text correctly."""
    header, rows = task_rows(tasks, lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tasks_xlsx(tasks: Iterable[TaskPublic], lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = task_rows(tasks, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = "Công việc" if lang != "en" else "Tasks"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # text, never a formula, whatever it starts with
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def tasks_ics(tasks: Iterable[TaskPublic], lang: str, *, now: datetime) -> bytes:
    """One all-day event per open task with a deadline, on the deadline."""
    from datetime import timedelta

    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//vanban//tasks//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "vanban: hạn công việc" if lang != "en" else "vanban: task deadlines")
    for task in tasks:
        if not task.deadline or task.status in ("done", "cancelled"):
            continue
        day = date.fromisoformat(task.deadline)
        event = Event()
        event.add("uid", f"{task.id}@vanban")
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        summary = task.action or task.quote
        event.add("summary", summary[:200])
        lines = [task.quote]
        if task.document_number_symbol:
            lines.append(
                f"{'Văn bản' if lang != 'en' else 'Document'}: {task.document_number_symbol}"
            )
        if task.assignees:
            lines.append(
                f"{'Đơn vị thực hiện' if lang != 'en' else 'Assignees'}: "
                + "; ".join(task.assignees)
            )
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()


def documents_jsonl(results: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results).encode("utf-8")
