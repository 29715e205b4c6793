"""Authorisation matrix, built from the app's own routes: every route (API and page) is classified
as public, page, read, self or clerk, and each class is asserted per role and per organisation:
no sign-in gets 401 (API) or the sign-in page (pages), a viewer's change gets 403, another
organisation's documents, jobs, tasks and exports are invisible (404, or absent from lists and
files). A route that the matrix does not classify fails ``test_authz_every_route_is_classified``.
Runs on SQLite and PostgreSQL (the ``service`` fixture)."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from vanban.api.db import session_scope
from vanban.api.models import ApiToken, Document, User

from tests.api.helpers import Account, Org, make_result, new_org, short_dispatch, store_result

PUBLIC, PAGE, READ, SELF, CLERK = "public", "page", "read", "self", "clerk"


@dataclass(frozen=True)
class Rule:
    """How a route is reached: its access class, which of the archive's ids fills its path, the
    query and body of a real request, whether its answer shows the archive's marker to the owner
    (lists and exports), and the status a successful call answers."""

    access: str
    resource: str | None = None  # document | job | task | review | feed
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    marker: bool = False
    ok: int = 200


CITED = "91/2017/NĐ-CP"
API = "/api/v1"
# (method, path) as the app declares them → rule. "*" is a mount (static files).
MATRIX: dict[tuple[str, str], Rule] = {
    ("GET", "/openapi.json"): Rule(PUBLIC),
    ("GET", "/docs"): Rule(PUBLIC),
    ("GET", "/docs/oauth2-redirect"): Rule(PUBLIC),
    ("GET", "/redoc"): Rule(PUBLIC),
    ("*", "/static"): Rule(PUBLIC),
    ("GET", "/signin"): Rule(PUBLIC),
    ("POST", "/signin"): Rule(PUBLIC, ok=401),  # an empty form is a failed sign-in
    ("POST", "/signout"): Rule(PUBLIC, ok=303),
    ("GET", f"{API}/calendar/{{feed_token}}.ics"): Rule(PUBLIC, resource="feed", marker=True),
    ("GET", "/"): Rule(PAGE, marker=True),
    ("GET", "/documents/{document_id}"): Rule(PAGE, resource="document", marker=True),
    ("GET", "/tasks"): Rule(PAGE, marker=True),
    ("GET", "/review"): Rule(PAGE, marker=True),
    ("GET", "/citations"): Rule(PAGE, query={"number_symbol": CITED}, marker=True),
    ("GET", f"{API}/documents"): Rule(READ, marker=True),
    ("GET", f"{API}/documents/{{document_id}}"): Rule(READ, resource="document", marker=True),
    ("GET", f"{API}/documents/{{document_id}}/original"): Rule(
        READ, resource="document", marker=True
    ),
    ("GET", f"{API}/documents/{{document_id}}/citations"): Rule(READ, resource="document"),
    ("GET", f"{API}/documents/export"): Rule(READ, marker=True),
    ("GET", f"{API}/jobs/{{job_id}}"): Rule(READ, resource="job"),
    ("GET", f"{API}/tasks"): Rule(READ, query={"document_id": "{document_id}"}, marker=True),
    ("GET", f"{API}/tasks/{{task_id}}"): Rule(READ, resource="task", marker=True),
    ("GET", f"{API}/tasks/export"): Rule(READ, query={"format": "csv"}, marker=True),
    ("GET", f"{API}/review"): Rule(READ, query={"document_id": "{document_id}"}, marker=True),
    ("GET", f"{API}/citations"): Rule(READ, query={"number_symbol": CITED}, marker=True),
    ("GET", f"{API}/citations/graph"): Rule(READ, marker=True),
    ("GET", f"{API}/corrections/export"): Rule(READ, marker=True),
    ("GET", f"{API}/users/me"): Rule(SELF),
    ("POST", f"{API}/users/me/calendar-feed"): Rule(SELF, ok=201),
    ("DELETE", f"{API}/users/me/calendar-feed"): Rule(SELF, ok=204),
    ("POST", f"{API}/documents"): Rule(CLERK, ok=202),
    ("DELETE", f"{API}/documents/{{document_id}}"): Rule(CLERK, resource="document", ok=204),
    ("PATCH", f"{API}/tasks/{{task_id}}"): Rule(CLERK, resource="task", body={"status": "done"}),
    ("POST", f"{API}/review/{{task_id}}"): Rule(
        CLERK, resource="review", body={"decision": "accept"}
    ),
}
ROUTES = sorted(MATRIX)
SIGNED_IN = [r for r in ROUTES if MATRIX[r].access != PUBLIC]
STRANGER_VISIBLE = [r for r in ROUTES if MATRIX[r].access != PUBLIC or MATRIX[r].resource]
ROUTE_IDS = [f"{m} {p}" for m, p in ROUTES]


def declared_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route the app answers, included routers and mounts too."""
    found = set()
    for route in iter_route_contexts(app.routes):
        methods = getattr(route, "methods", None) or {"*"}
        found.update((method, route.path) for method in methods if method != "HEAD")
    return found


@dataclass
class Archive:
    """Organisation A with one processed dispatch (a task, an item waiting for review, a
    citation, a correction, the original file, a calendar feed), and organisation B with its
    own document; ``marker`` is a word only A's data contains."""

    owner: Org
    stranger: Org
    marker: str
    ids: dict[str, str]


@pytest.fixture
def archive(service: TestClient) -> Archive:
    owner, stranger = new_org(service), new_org(service)
    marker = "MK" + uuid.uuid4().hex[:10].upper()
    text = (
        f"Công văn về việc thử {marker}.\n"
        f"Căn cứ Nghị định số {CITED}.\n"
        f"Phòng Nội vụ báo cáo kết quả {marker} trước ngày 20/10/2030.\n"
        f"Các xã rà soát danh sách {marker}.\n"
    )
    result = make_result(
        text,
        number_symbol=f"77/UBND-{marker}",
        subject=f"thử {marker}",
        obligations=[
            {
                "quote": f"Phòng Nội vụ báo cáo kết quả {marker} trước ngày 20/10/2030.",
                "deadline": "2030-10-20",
                "assignees": ["Phòng Nội vụ"],
            },
            {
                "quote": f"Các xã rà soát danh sách {marker}.",
                "confidence": 0.2,
                "category": "review",
            },
        ],
        references=[
            {
                "type": "nghi_dinh",
                "number_symbol": CITED,
                "relation": "basis",
                "mentions": [(None, CITED)],
            }
        ],
    )
    document_id = store_result(service, owner.clerk.org_id, result)
    store_result(service, stranger.clerk.org_id, make_result("Văn bản của cơ quan khác."))
    with session_scope(service.app.state.sessions) as session:
        document = session.get(Document, uuid.UUID(document_id))
        assert document is not None
        job_id, storage_name = str(document.job.id), document.storage_name
    (service.app.state.settings.files_dir / storage_name).write_bytes(text.encode())
    headers = owner.clerk.headers
    task_id = service.get(f"{API}/tasks", params={"document_id": document_id}, headers=headers)
    review_id = service.get(f"{API}/review", params={"document_id": document_id}, headers=headers)
    ids = {
        "document": document_id,
        "job": job_id,
        "task": task_id.json()["data"][0]["id"],
        "review": review_id.json()["data"][0]["id"],
    }
    corrected = service.patch(
        f"{API}/tasks/{ids['task']}",
        json={"corrections": {"assignees": ["Phòng Nội vụ huyện"]}},
        headers=headers,
    )
    assert corrected.status_code == 200, corrected.text
    feed = service.post(f"{API}/users/me/calendar-feed", headers=owner.viewer.headers)
    ids["feed"] = feed.json()["url"].rsplit("/", 1)[-1].removesuffix(".ics")
    return Archive(owner, stranger, marker, ids)


def url_of(path: str, rule: Rule, archive: Archive, *, feed: str | None = None) -> str:
    """The route's path with the archive's ids filled in (``{task_id}`` of the review route is
    the item waiting for review)."""
    values = {
        "document_id": archive.ids["document"],
        "job_id": archive.ids["job"],
        "task_id": archive.ids["review" if rule.resource == "review" else "task"],
        "feed_token": feed or archive.ids["feed"],
    }
    if path == "/static":
        return "/static/app.js"
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def call(
    client: TestClient,
    method: str,
    path: str,
    rule: Rule,
    archive: Archive,
    headers: dict[str, str] | None = None,
    feed: str | None = None,
) -> httpx.Response:
    query = {k: v.replace("{document_id}", archive.ids["document"]) for k, v in rule.query.items()}
    kwargs: dict[str, Any] = {"params": query, "headers": headers or {}, "follow_redirects": False}
    if rule.body is not None:
        kwargs["json"] = rule.body
    if method == "POST" and path == f"{API}/documents":
        upload = short_dispatch(uuid.uuid4().hex)
        kwargs["files"] = [("file", ("authz.txt", upload, "text/plain"))]
    method = "GET" if method == "*" else method
    return client.request(method, url_of(path, rule, archive, feed=feed), **kwargs)


def visible_text(answer: httpx.Response) -> str:
    """What a person sees in the answer: spreadsheets read with openpyxl, calendars unfolded."""
    kind = answer.headers.get("content-type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(answer.content)).active
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    if "calendar" in kind:
        return answer.text.replace("\r\n ", "")
    return answer.text


def session_client(service: TestClient, account: Account) -> TestClient:
    """A browser signed in to the page with the account's token (session cookie)."""
    client = TestClient(service.app, raise_server_exceptions=False)
    answer = client.post("/signin", data={"token": account.token}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


def csrf_of(client: TestClient) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/tasks").text)
    assert match
    return match.group(1)


def state_of(service: TestClient, archive: Archive) -> tuple[int, str, list[str]]:
    """What a refused change must leave alone: the document, the task, the review queue."""
    headers = archive.owner.clerk.headers
    document = service.get(f"{API}/documents/{archive.ids['document']}", headers=headers)
    task = service.get(f"{API}/tasks/{archive.ids['task']}", headers=headers)
    queue = service.get(f"{API}/review", headers=headers).json()["data"]
    return document.status_code, task.json().get("status", ""), [t["id"] for t in queue]


# --- the matrix covers the app


def test_authz_every_route_is_classified(service: TestClient) -> None:
    """A new route must be added to MATRIX (with its class), so that its access is tested."""
    declared = declared_routes(service.app)
    assert not declared - set(MATRIX), (
        f"routes the matrix does not classify: {declared - set(MATRIX)}"
    )
    assert not set(MATRIX) - declared, (
        f"matrix rows for routes that are gone: {set(MATRIX) - declared}"
    )


def test_authz_openapi_lists_exactly_the_api_routes(service: TestClient) -> None:
    """The API routes of the matrix are the operations of the published OpenAPI document."""
    schema = service.get("/openapi.json").json()
    published = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    api = {(m, p) for m, p in MATRIX if p.startswith(API)}
    assert published == api


# --- without signing in


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_authz_anonymous(service: TestClient, archive: Archive, route: tuple[str, str]) -> None:
    method, path = route
    rule = MATRIX[route]
    client = TestClient(service.app, raise_server_exceptions=False)
    if rule.access == PUBLIC:
        answer = call(client, method, path, rule, archive, feed="vbcal_not-a-feed")
        expected = 404 if rule.resource == "feed" else rule.ok
        assert answer.status_code == expected, answer.text[:300]
        return
    if rule.access == PAGE:
        answer = client.request(method, url_of(path, rule, archive), follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin"
        return
    before = state_of(service, archive)
    for auth in (None, "Bearer vb_not-a-token", "Basic dXNlcjpwYXNz", "Bearer "):
        headers = {"Authorization": auth} if auth else {}
        answer = call(client, method, path, rule, archive, headers=headers)
        assert answer.status_code == 401, (auth, answer.text)
        assert answer.json()["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"
    assert state_of(service, archive) == before


# --- signed in to one's own organisation


@pytest.mark.parametrize("route", SIGNED_IN, ids=[f"{m} {p}" for m, p in SIGNED_IN])
def test_authz_own_organisation(
    service: TestClient, archive: Archive, route: tuple[str, str]
) -> None:
    method, path = route
    rule = MATRIX[route]
    owner = archive.owner
    if rule.access == PAGE:
        answer = session_client(service, owner.viewer).get(
            url_of(path, rule, archive), params=rule.query
        )
        assert answer.status_code == 200
        assert archive.marker in answer.text
        return
    if rule.access in (READ, SELF):
        answer = call(service, method, path, rule, archive, headers=owner.viewer.headers)
        assert answer.status_code == rule.ok, answer.text
        if rule.marker:
            assert archive.marker in visible_text(answer)
        if path.endswith("/users/me"):
            assert answer.json()["email"] == owner.viewer.email
            assert answer.json()["organisation"] == owner.name
        return
    # clerk routes: a viewer is refused and nothing changes; so is a page session without the
    # CSRF token; the clerk succeeds
    before = state_of(service, archive)
    refused = call(service, method, path, rule, archive, headers=owner.viewer.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden", refused.text
    browser = session_client(service, owner.clerk)
    no_csrf = call(browser, method, path, rule, archive)
    assert no_csrf.status_code == 403 and no_csrf.json()["code"] == "forbidden"
    assert state_of(service, archive) == before
    done = call(service, method, path, rule, archive, headers=owner.clerk.headers)
    assert done.status_code == rule.ok, done.text
    assert state_of(service, archive) != before or method == "POST" and rule.resource is None


def test_authz_clerk_changes_through_the_page_need_the_csrf_token(
    service: TestClient, archive: Archive
) -> None:
    browser = session_client(service, archive.owner.clerk)
    task = f"{API}/tasks/{archive.ids['task']}"
    assert browser.patch(task, json={"status": "done"}).status_code == 403
    wrong = browser.patch(task, json={"status": "done"}, headers={"X-CSRF-Token": "x" * 32})
    assert wrong.status_code == 403
    right = browser.patch(task, json={"status": "done"}, headers={"X-CSRF-Token": csrf_of(browser)})
    assert right.status_code == 200 and right.json()["status"] == "done"


# --- another organisation


@pytest.mark.parametrize("route", STRANGER_VISIBLE, ids=[f"{m} {p}" for m, p in STRANGER_VISIBLE])
def test_authz_other_organisation_sees_nothing(
    service: TestClient, archive: Archive, route: tuple[str, str]
) -> None:
    method, path = route
    rule = MATRIX[route]
    stranger = archive.stranger.clerk
    before = state_of(service, archive)
    if rule.access == PAGE:
        answer = session_client(service, stranger).get(
            url_of(path, rule, archive), params=rule.query
        )
        assert answer.status_code == (404 if rule.resource else 200)
        assert archive.marker not in answer.text
    elif rule.resource == "feed":
        own_feed = service.post(f"{API}/users/me/calendar-feed", headers=stranger.headers)
        token = own_feed.json()["url"].rsplit("/", 1)[-1].removesuffix(".ics")
        answer = call(service, method, path, rule, archive, feed=token)
        assert answer.status_code == 200 and "BEGIN:VCALENDAR" in answer.text
        assert archive.marker not in visible_text(answer)
    elif rule.resource:
        answer = call(service, method, path, rule, archive, headers=stranger.headers)
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "not_found"
    elif method == "POST" and path == f"{API}/documents":
        # the same bytes in two organisations are two documents: no duplicate across them
        data = short_dispatch(archive.marker)
        mine = upload_one(service, archive.owner.clerk, data)
        theirs = upload_one(service, stranger, data)
        assert mine["duplicate"] is False and theirs["duplicate"] is False
        assert mine["document_id"] != theirs["document_id"]
        assert (
            service.get(
                f"{API}/documents/{mine['document_id']}", headers=stranger.headers
            ).status_code
            == 404
        )
    else:
        answer = call(service, method, path, rule, archive, headers=stranger.headers)
        assert answer.status_code == rule.ok, answer.text
        assert archive.marker not in visible_text(answer)
        if path.endswith("/users/me"):
            assert answer.json()["organisation"] == archive.stranger.name
    assert state_of(service, archive) == before


def upload_one(service: TestClient, account: Account, data: bytes) -> dict[str, Any]:
    answer = service.post(
        f"{API}/documents", files=[("file", ("x.txt", data, "text/plain"))], headers=account.headers
    )
    assert answer.status_code == 202, answer.text
    return answer.json()["data"][0]  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ics"])
def test_authz_task_exports_keep_to_the_organisation(
    service: TestClient, archive: Archive, fmt: str
) -> None:
    params = {"format": fmt}
    own = service.get(f"{API}/tasks/export", params=params, headers=archive.owner.viewer.headers)
    assert own.status_code == 200 and archive.marker in visible_text(own)
    other = service.get(
        f"{API}/tasks/export", params=params, headers=archive.stranger.clerk.headers
    )
    assert other.status_code == 200 and archive.marker not in visible_text(other)
    # another organisation's document id as a filter finds nothing either
    params["document_id"] = archive.ids["document"]
    filtered = service.get(
        f"{API}/tasks/export", params=params, headers=archive.stranger.clerk.headers
    )
    assert filtered.status_code == 200 and archive.marker not in visible_text(filtered)


# --- secrets at rest


def test_authz_tokens_and_feed_links_are_stored_hashed(
    service: TestClient, archive: Archive
) -> None:
    account = archive.owner.viewer
    with session_scope(service.app.state.sessions) as session:
        token_hashes = set(session.scalars(select(ApiToken.token_hash)))
        feed_hash = session.scalar(select(User.feed_token_hash).where(User.email == account.email))
    assert account.token not in token_hashes
    assert hashlib.sha256(account.token.encode()).hexdigest() in token_hashes
    assert feed_hash == hashlib.sha256(archive.ids["feed"].encode()).hexdigest()
    assert feed_hash != archive.ids["feed"]


def test_authz_calendar_feed_is_revocable_and_replaceable(
    service: TestClient, archive: Archive
) -> None:
    viewer = archive.owner.viewer
    feed = f"{API}/calendar/{archive.ids['feed']}.ics"
    answer = service.get(feed)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert archive.marker in visible_text(answer)
    replaced = service.post(f"{API}/users/me/calendar-feed", headers=viewer.headers)
    assert service.get(feed).status_code == 404  # the old link stops working
    new_feed = replaced.json()["url"]
    assert new_feed.startswith("http://testserver/api/v1/calendar/vbcal_")
    assert service.get(new_feed).status_code == 200
    assert (
        service.delete(f"{API}/users/me/calendar-feed", headers=viewer.headers).status_code == 204
    )
    assert service.get(new_feed).status_code == 404
