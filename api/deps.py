"""Dependencies that routes take as type hints: the session, the signed-in user, the language."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from . import crud
from .config import Settings
from .errors import ApiError, request_lang
from .models import User
from .security import same

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_HEADER = "x-csrf-token"
UNSTORABLE = "text with a NUL character or a value out of range"


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; committed when the route returns, rolled back on error."""
    session: Session = request.app.state.sessions()
    try:
        yield session
        session.commit()
    except DataError as err:  # input the database cannot store, e.g. NUL in PostgreSQL text
        session.rollback()
        raise ApiError(422, "invalid_request", detail=UNSTORABLE) from err
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]


def get_lang(request: Request) -> str:
    return request_lang(request)


LangDep = Annotated[str, Depends(get_lang)]


def get_current_user(request: Request, session: SessionDep) -> User:
    """A bearer token (scripts), else the page's session cookie; a cookie-signed-in change must
    carry the page's CSRF token too (another site cannot read it)."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = crud.user_for_token(session=session, token=token.strip())
        if user is None:
            raise _unauthorized("token")
        return user
    page = request.scope.get("session") or {}
    user_id = page.get("user_id")
    if user_id is not None:
        user = session.get(User, user_id)
        if user is not None:
            if request.method not in SAFE_METHODS:
                sent = request.headers.get(CSRF_HEADER, "")
                if not sent or not same(sent, str(page.get("csrf", ""))):
                    raise ApiError(403, "forbidden", detail="CSRF")
            return user
    raise _unauthorized("")


def _unauthorized(detail: str) -> ApiError:
    return ApiError(401, "unauthorized", detail=detail, headers={"WWW-Authenticate": "Bearer"})


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_clerk(user: CurrentUser) -> User:
    """Uploads, deletions and task changes are for clerks; viewers read."""
    if user.role != "clerk":
        raise ApiError(403, "forbidden", detail="clerk")
    return user


Clerk = Annotated[User, Depends(require_clerk)]


def today(settings: SettingsDep) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


TodayDep = Annotated[date, Depends(today)]


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)
