"""The web page over HTTP: sign-in with a token, escaping of document text, the language toggle,
CSRF on cookie-authenticated changes, organisations kept apart."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.helpers import Org, make_result, store_result

HOSTILE = (
    "Kính gửi: Phòng Nội vụ <script>alert('xss')</script>\n"
    "Phòng Nội vụ báo cáo <img src=x onerror=alert(1)> trước ngày 20/10/2023.\n"
)


def signed_in(service: TestClient, token: str) -> TestClient:
    client = TestClient(service.app, raise_server_exceptions=False)
    answer = client.post("/signin", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    return client


def csrf_of(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match
    return match.group(1)


def test_pages_need_sign_in(service: TestClient) -> None:
    client = TestClient(service.app)
    for path in ("/", "/tasks", "/review", "/citations"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin", path
    page = client.get("/signin")
    assert page.status_code == 200 and "Mã truy cập" in page.text
    wrong = client.post("/signin", data={"token": "vb_wrong"})
    assert wrong.status_code == 401 and "Mã truy cập không đúng" in wrong.text


def test_pages_document_text_is_escaped_and_highlighted(service: TestClient, org: Org) -> None:
    quote = "Phòng Nội vụ báo cáo <img src=x onerror=alert(1)> trước ngày 20/10/2023."
    result = make_result(
        HOSTILE,
        number_symbol="9/UBND-VP",
        subject="<b>thử</b>",
        obligations=[{"quote": quote, "deadline": "2023-10-20", "assignees": ["Phòng Nội vụ"]}],
    )
    document_id = store_result(service, org.clerk.org_id, result)
    client = signed_in(service, org.viewer.token)
    page = client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>thử</b>" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;thử&lt;/b&gt;" in html
    assert '<mark class="e-obligation">' in html
    tasks = client.get("/tasks").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in tasks and "<img src=x" not in tasks


def test_pages_english_toggle_sticks(service: TestClient, org: Org) -> None:
    client = signed_in(service, org.viewer.token)
    assert "Công việc" in client.get("/tasks").text
    assert "Tasks" in client.get("/tasks?lang=en").text
    assert ">Tasks (" in client.get("/tasks").text  # remembered in the session
    assert (
        client.get("/api/v1/tasks/00000000-0000-4000-8000-000000000000").json()["message"]
        == "Not found (task 00000000-0000-4000-8000-000000000000)."
    )


def test_pages_cookie_changes_need_the_csrf_token(service: TestClient, org: Org) -> None:
    result = make_result("Các xã báo cáo.", obligations=[{"quote": "Các xã báo cáo."}])
    document_id = store_result(service, org.clerk.org_id, result)
    client = signed_in(service, org.clerk.token)
    task_id = client.get("/api/v1/tasks", params={"document_id": document_id}).json()["data"][0][
        "id"
    ]
    refused = client.patch(f"/api/v1/tasks/{task_id}", json={"status": "done"})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    token = csrf_of(client.get("/tasks").text)
    done = client.patch(
        f"/api/v1/tasks/{task_id}", json={"status": "done"}, headers={"X-CSRF-Token": token}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    client.post("/signout")
    assert client.get(f"/api/v1/tasks/{task_id}").status_code == 401


def test_pages_other_organisation_document_is_404(
    service: TestClient, org: Org, other_org: Org
) -> None:
    document_id = store_result(
        service, org.clerk.org_id, make_result("Văn bản thử.", number_symbol="3/TB")
    )
    assert (
        signed_in(service, other_org.clerk.token).get(f"/documents/{document_id}").status_code
        == 404
    )
    assert "3/TB" in signed_in(service, org.viewer.token).get("/").text
