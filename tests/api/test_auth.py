"""Who may do what: 401 without a valid token, 403 for a viewer's changes, 404 for another
organisation's documents, jobs and tasks; tokens stored hashed."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from vanban.api.db import session_scope
from vanban.api.models import ApiToken

from tests.api.helpers import Org, make_result, store_result, upload, wait_job

ANY = "00000000-0000-4000-8000-000000000000"  # fixed: xdist workers must collect the same ids
ROUTES = [
    ("POST", "/api/v1/documents"),
    ("GET", "/api/v1/documents"),
    ("GET", f"/api/v1/documents/{ANY}"),
    ("GET", f"/api/v1/documents/{ANY}/original"),
    ("DELETE", f"/api/v1/documents/{ANY}"),
    ("GET", f"/api/v1/documents/{ANY}/citations"),
    ("GET", "/api/v1/documents/export"),
    ("GET", f"/api/v1/jobs/{ANY}"),
    ("GET", "/api/v1/tasks"),
    ("GET", f"/api/v1/tasks/{ANY}"),
    ("PATCH", f"/api/v1/tasks/{ANY}"),
    ("GET", "/api/v1/tasks/export?format=csv"),
    ("GET", "/api/v1/review"),
    ("POST", f"/api/v1/review/{ANY}"),
    ("GET", "/api/v1/citations?number_symbol=91/2017/NĐ-CP"),
    ("GET", "/api/v1/citations/graph"),
    ("GET", "/api/v1/corrections/export"),
    ("GET", "/api/v1/users/me"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("auth", [None, "Bearer vb_not-a-token", "Basic dXNlcjpwYXNz"])
def test_auth_every_route_needs_a_valid_token(
    service: TestClient, method: str, path: str, auth: str | None
) -> None:
    headers = {"Authorization": auth} if auth else {}
    answer = service.request(method, path, headers=headers)
    assert answer.status_code == 401, answer.text
    assert answer.json()["code"] == "unauthorized"
    assert answer.headers["www-authenticate"] == "Bearer"


def test_auth_every_api_route_is_in_the_table(service: TestClient) -> None:
    """A new route must be added to ROUTES above, so that its 401 is tested too."""
    listed = {(m, p.split("?")[0].replace(ANY, "{}")) for m, p in ROUTES}
    schema = service.get("/openapi.json").json()
    for path, methods in schema["paths"].items():
        generic = path
        for name in ("document_id", "job_id", "task_id"):
            generic = generic.replace("{" + name + "}", "{}")
        for method in methods:
            assert (method.upper(), generic) in listed, (method, path)


def _with_task(service: TestClient, org: Org) -> tuple[str, str]:
    text = "Đề nghị các phòng báo cáo kết quả trước ngày 20/10/2023."
    result = make_result(
        text, number_symbol="1/UBND-VP", obligations=[{"quote": text, "deadline": "2023-10-20"}]
    )
    document_id = store_result(service, org.clerk.org_id, result)
    tasks = service.get(
        "/api/v1/tasks", params={"document_id": document_id}, headers=org.clerk.headers
    ).json()
    return document_id, tasks["data"][0]["id"]


def test_auth_viewer_reads_but_cannot_change(service: TestClient, org: Org) -> None:
    document_id, task_id = _with_task(service, org)
    viewer = org.viewer.headers
    assert service.get(f"/api/v1/tasks/{task_id}", headers=viewer).status_code == 200
    assert service.get(f"/api/v1/documents/{document_id}", headers=viewer).status_code == 200
    for answer in (
        upload(service, org.viewer, ("a.txt", b"x")),
        service.patch(f"/api/v1/tasks/{task_id}", json={"status": "done"}, headers=viewer),
        service.delete(f"/api/v1/documents/{document_id}", headers=viewer),
        service.post(f"/api/v1/review/{task_id}", json={"decision": "accept"}, headers=viewer),
    ):
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    assert service.get(f"/api/v1/tasks/{task_id}", headers=viewer).json()["status"] == "new"


def test_auth_other_organisation_sees_nothing(
    service: TestClient, org: Org, other_org: Org
) -> None:
    document_id, task_id = _with_task(service, org)
    item = upload(
        service, org.clerk, ("mine.txt", "Công văn số 5/UBND về việc thử.".encode())
    ).json()["data"][0]
    wait_job(service, org.clerk, item["job_id"])
    stranger = other_org.clerk.headers
    for path in (
        f"/api/v1/documents/{document_id}",
        f"/api/v1/documents/{document_id}/original",
        f"/api/v1/documents/{document_id}/citations",
        f"/api/v1/jobs/{item['job_id']}",
        f"/api/v1/tasks/{task_id}",
    ):
        answer = service.get(path, headers=stranger)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", path
    assert (
        service.patch(
            f"/api/v1/tasks/{task_id}", json={"status": "done"}, headers=stranger
        ).status_code
        == 404
    )
    assert service.delete(f"/api/v1/documents/{document_id}", headers=stranger).status_code == 404
    assert service.get("/api/v1/documents", headers=stranger).json()["count"] == 0
    assert service.get("/api/v1/tasks", headers=stranger).json()["count"] == 0
    csv_text = service.get("/api/v1/tasks/export?format=csv", headers=stranger).content.decode(
        "utf-8-sig"
    )
    assert "1/UBND-VP" not in csv_text
    assert service.get("/api/v1/documents/export", headers=stranger).content == b""
    # and nothing changed for the owner
    assert (
        service.get(f"/api/v1/tasks/{task_id}", headers=org.clerk.headers).json()["status"] == "new"
    )


def test_auth_tokens_are_stored_hashed(service: TestClient, org: Org) -> None:
    with session_scope(service.app.state.sessions) as session:
        hashes = set(session.scalars(select(ApiToken.token_hash)))
    assert org.clerk.token not in hashes
    assert hashlib.sha256(org.clerk.token.encode()).hexdigest() in hashes
    me = service.get("/api/v1/users/me", headers=org.clerk.headers).json()
    assert me == {
        "id": me["id"],
        "email": org.clerk.email,
        "role": "clerk",
        "organisation": org.name,
    }
