"""The web page: server-rendered (Jinja2, autoescaped), a little vanilla JS for upload progress
and task buttons, which call the same /api/v1 routes with the session cookie and a CSRF token."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from .. import crud
from ..deps import SessionDep, SettingsDep, TodayDep, new_csrf_token
from ..errors import request_lang
from ..highlight import highlight
from ..i18n import CATEGORY, JOB_STATUS, STATUS, page_words, pick
from ..models import User
from ..present import document_public, task_public
from ..security import MAX_PASSWORD_LENGTH, LoginThrottle

router = APIRouter(include_in_schema=False)
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
BOARD_COLUMNS = ("new", "in_progress", "done", "cancelled")
# Failed sign-ins allowed per 15 minutes: per account (slows password guessing on one account)
# and per client address (slows spraying many accounts); see SECURITY.md.
LOGIN_WINDOW_S = 15 * 60
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_IP = 30


def _user(request: Request, session: Session) -> User | None:
    user_id = request.session.get("user_id")
    return session.get(User, user_id) if user_id is not None else None


def _render(
    request: Request, name: str, user: User | None, status: int = 200, **context: Any
) -> HTMLResponse:
    lang = request_lang(request)
    if request.query_params.get("lang") in ("vi", "en"):
        request.session["lang"] = lang  # the toggle sticks for the session
    html = TEMPLATES.get_template(name).render(
        request=request,
        user=user,
        lang=lang,
        t=page_words(lang),
        csrf=request.session.get("csrf", ""),
        status_label=lambda s: pick(STATUS, s, lang),
        job_label=lambda s: pick(JOB_STATUS, s, lang),
        category_label=lambda c: pick(CATEGORY, c, lang),
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def _signin_redirect() -> RedirectResponse:
    return RedirectResponse("/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request, session: SessionDep) -> Response:
    return _render(request, "signin.html", _user(request, session), error=None, email="")


def _throttle(request: Request) -> LoginThrottle:
    """One throttle per app (made on first use), shared by its requests."""
    state = request.app.state
    if getattr(state, "login_throttle", None) is None:
        state.login_throttle = LoginThrottle(window_s=LOGIN_WINDOW_S)
    return state.login_throttle  # type: ignore[no-any-return]


def _throttle_keys(request: Request, email: str) -> list[tuple[str, int]]:
    """(key, failures allowed per window): the client's address, and the account tried."""
    host = request.client.host if request.client else "?"
    keys = [(f"ip:{host}", LOGIN_FAILURES_PER_IP)]
    if email:
        keys.append((f"account:{email.strip().lower()}", LOGIN_FAILURES_PER_ACCOUNT))
    return keys


@router.post("/signin")
def signin(
    request: Request,
    session: SessionDep,
    token: str = Form("", max_length=200),
    email: str = Form("", max_length=320),
    password: str = Form("", max_length=MAX_PASSWORD_LENGTH),
) -> Response:
    """Sign in with an e-mail and password, or with an API token. Failures say nothing about
    whether the account exists, and are throttled per address and per account."""
    if "\x00" in token + email + password:  # no account has it; PostgreSQL cannot even look
        token, email, password = "", "", ""
    by_password = not token.strip()
    throttle = _throttle(request)
    keys = _throttle_keys(request, email if by_password else "")
    if any(throttle.blocked(key, limit) for key, limit in keys):
        return _render(request, "signin.html", None, status=429, error="throttled", email=email)
    if by_password:
        user = (
            crud.user_for_password(session=session, email=email, password=password)
            if email.strip() and password
            else None
        )
    else:
        user = crud.user_for_token(session=session, token=token.strip())
    if user is None:
        for key, _ in keys:
            throttle.fail(key)
        error = "bad_login" if by_password else "bad_token"
        return _render(request, "signin.html", None, status=401, error=error, email=email)
    if by_password:
        throttle.forget(keys[-1][0])  # the account's count; the address keeps its own
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update({"user_id": user.id, "csrf": new_csrf_token()})
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/", status_code=303)


@router.post("/signout")
def signout(request: Request) -> Response:
    request.session.clear()
    return _signin_redirect()


@router.get("/")
def home(
    request: Request,
    session: SessionDep,
    q: str | None = None,
    issuer: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Response:
    user = _user(request, session)
    if user is None:
        return _signin_redirect()
    rows, count = crud.list_documents(
        session=session,
        org_id=user.org_id,
        q=q or None,
        issuer=issuer or None,
        date_from=date_from or None,
        date_to=date_to or None,
        limit=200,
    )
    documents = [document_public(d, n) for d, n in rows]
    filters = {
        "q": q or "",
        "issuer": issuer or "",
        "date_from": date_from or "",
        "date_to": date_to or "",
    }
    return _render(request, "home.html", user, documents=documents, count=count, filters=filters)


@router.get("/documents/{document_id}")
def document_page(
    document_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    today: TodayDep,
) -> Response:
    user = _user(request, session)
    if user is None:
        return _signin_redirect()
    document = crud.get_document(session=session, org_id=user.org_id, document_id=document_id)
    if document is None:
        return _render(request, "not_found.html", user, status=404)
    tasks = crud.list_tasks(
        session=session, org_id=user.org_id, today=today, document_id=document.id
    )
    cites = crud.citations_of(session=session, org_id=user.org_id, document_id=document.id)
    archive = crud.archive_keys(
        session=session, org_id=user.org_id, keys={c.key for c in cites if c.key}
    )
    return _render(
        request,
        "document.html",
        user,
        document=document_public(document),
        result=document.result,
        body=highlight(document.result) if document.result else None,
        job=document.job,
        # documents loaded by `vanban import` come without their original file
        has_original=(settings.files_dir / document.storage_name).is_file(),
        tasks=[task_public(t, today) for t in tasks],
        cites=cites,
        archive=archive,
    )


@router.get("/tasks")
def task_board(
    request: Request, session: SessionDep, today: TodayDep, assignee: str | None = None
) -> Response:
    user = _user(request, session)
    if user is None:
        return _signin_redirect()
    tasks = [
        task_public(t, today)
        for t in crud.list_tasks(session=session, org_id=user.org_id, today=today)
    ]
    if assignee:
        needle = assignee.lower()
        tasks = [
            t
            for t in tasks
            if any(needle in a.lower() for a in t.assignees) or needle in (t.owner or "").lower()
        ]
    columns = {status: [t for t in tasks if t.status == status] for status in BOARD_COLUMNS}
    return _render(
        request, "tasks.html", user, columns=columns, assignee=assignee or "", count=len(tasks)
    )


@router.get("/review")
def review_page(request: Request, session: SessionDep, today: TodayDep) -> Response:
    user = _user(request, session)
    if user is None:
        return _signin_redirect()
    items = [task_public(t, today) for t in crud.review_queue(session=session, org_id=user.org_id)]
    return _render(request, "review.html", user, items=items)


@router.get("/citations")
def citations_page(
    request: Request, session: SessionDep, number_symbol: str | None = None
) -> Response:
    user = _user(request, session)
    if user is None:
        return _signin_redirect()
    hits = []
    key = crud.number_symbol_key((number_symbol or "")[:100])
    if key:
        for citation, document in crud.citing(session=session, org_id=user.org_id, key=key):
            pinpoints = [m["pinpoint"] for m in citation.mentions or [] if m.get("pinpoint")]
            hits.append(
                {"document": document, "relation": citation.relation, "pinpoints": pinpoints}
            )
    return _render(
        request,
        "citations.html",
        user,
        number_symbol=number_symbol or "",
        hits=hits,
        searched=bool(key),
    )
