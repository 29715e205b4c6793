"""Downloads: tasks as CSV/XLSX/iCalendar, documents as contract JSON Lines, reviewers'
corrections in the gold form (contract JSON Lines that `vanban train` can take)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from .. import crud
from ..deps import CurrentUser, LangDep, SessionDep, TodayDep
from ..errors import ApiError
from ..exports import documents_jsonl, tasks_csv, tasks_ics, tasks_xlsx
from ..present import task_public
from ..schemas import TaskStatus
from . import API_ERRORS

router = APIRouter(tags=["exports"], responses=API_ERRORS)


class TaskFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


def _download(body: bytes, stem: str, ext: str) -> Response:
    """Generated file names only: nothing a user typed reaches the header."""
    name = f"vanban-{stem}-{datetime.now():%Y%m%d}.{ext}"
    return Response(
        body,
        media_type=MEDIA[ext],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/tasks/export",
    response_class=Response,
    responses={200: {"content": {v: {} for v in MEDIA.values()}}},
)
def export_tasks(
    session: SessionDep,
    user: CurrentUser,
    today: TodayDep,
    lang: LangDep,
    format: TaskFormat = TaskFormat.csv,  # noqa: A002 - the public query name
    document_id: uuid.UUID | None = None,
    status: TaskStatus | None = None,
) -> Response:
    """Tasks as CSV or XLSX (Vietnamese headers), or deadlines as iCalendar."""
    tasks = crud.list_tasks(
        session=session, org_id=user.org_id, today=today, document_id=document_id, status=status
    )
    public = [task_public(t, today) for t in tasks]
    if format is TaskFormat.csv:
        return _download(tasks_csv(public, lang), "tasks", "csv")
    if format is TaskFormat.xlsx:
        return _download(tasks_xlsx(public, lang), "tasks", "xlsx")
    return _download(tasks_ics(public, lang, now=crud.now()), "deadlines", "ics")


@router.get(
    "/calendar/{feed_token}.ics",
    name="calendar_feed",
    response_class=Response,
    responses={200: {"content": {MEDIA["ics"]: {}}}},
)
def calendar_feed(
    feed_token: Annotated[str, Path(max_length=100)],
    session: SessionDep,
    today: TodayDep,
    lang: LangDep,
) -> Response:
    """Open task deadlines as iCalendar for a calendar app, by the secret link from
    ``POST /users/me/calendar-feed`` (no Authorization header: the link is the secret)."""
    user = crud.user_for_feed_token(session=session, token=feed_token)
    if user is None:  # unknown and revoked links look the same
        raise ApiError(404, "not_found", detail="calendar feed")
    tasks = crud.list_tasks(session=session, org_id=user.org_id, today=today)
    body = tasks_ics([task_public(t, today) for t in tasks], lang, now=crud.now())
    return Response(body, media_type=MEDIA["ics"], headers={"Cache-Control": "private"})


@router.get("/documents/export", response_class=Response)
def export_documents(session: SessionDep, user: CurrentUser) -> Response:
    """Every processed document of the organisation as contract JSON Lines."""
    documents = crud.documents_of(session=session, org_id=user.org_id, with_results=True)
    results = [d.result for d in documents if d.result]
    return _download(documents_jsonl(results), "documents", "jsonl")


@router.get("/corrections/export", response_class=Response)
def export_corrections(session: SessionDep, user: CurrentUser) -> Response:
    """Documents whose obligations a person reviewed or corrected, in the gold (contract) form."""
    return _download(
        documents_jsonl(crud.corrected_results(session=session, org_id=user.org_id)),
        "corrections",
        "jsonl",
    )
