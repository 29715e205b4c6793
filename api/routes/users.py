"""Who am I: the signed-in user and organisation; the user's secret calendar feed link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from .. import crud
from ..deps import CurrentUser, SessionDep
from ..schemas import UserPublic
from . import API_ERRORS

router = APIRouter(prefix="/users", tags=["users"], responses=API_ERRORS)


class CalendarFeed(BaseModel):
    """A calendar app subscribes to ``url``; the secret in it is shown once and stored hashed."""

    url: str


@router.get("/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    return UserPublic(
        id=user.id, email=user.email, role=user.role, organisation=user.organisation.name
    )  # type: ignore[arg-type]


@router.post("/me/calendar-feed", response_model=CalendarFeed, status_code=201)
def new_calendar_feed(request: Request, session: SessionDep, user: CurrentUser) -> CalendarFeed:
    """Make (or replace) the secret link to your organisation's task deadlines as iCalendar,
    for calendar apps that cannot send a token; the previous link stops working."""
    token = crud.new_calendar_feed(session=session, user=user)
    return CalendarFeed(url=str(request.url_for("calendar_feed", feed_token=token)))


@router.delete("/me/calendar-feed", status_code=204)
def revoke_calendar_feed(session: SessionDep, user: CurrentUser) -> None:
    """Revoke the secret calendar link."""
    crud.revoke_calendar_feed(session=session, user=user)
