"""Tasks: one per obligation; list and filter, read with history, update (status, owner, notes,
corrections)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from .. import crud
from ..deps import Clerk, CurrentUser, SessionDep, TodayDep
from ..errors import ApiError
from ..models import Task
from ..present import task_public
from ..schemas import TaskPublic, TasksPublic, TaskStatus, TaskUpdate
from . import API_ERRORS

router = APIRouter(prefix="/tasks", tags=["tasks"], responses=API_ERRORS)


@router.get("", response_model=TasksPublic)
def list_tasks(
    session: SessionDep,
    user: CurrentUser,
    today: TodayDep,
    document_id: uuid.UUID | None = None,
    status: TaskStatus | None = None,
    owner: str | None = None,
    overdue: bool | None = None,
) -> TasksPublic:
    """The organisation's tasks: overdue first, then by deadline."""
    tasks = crud.list_tasks(
        session=session,
        org_id=user.org_id,
        today=today,
        document_id=document_id,
        status=status,
        owner=owner,
        overdue=overdue,
    )
    return TasksPublic(data=[task_public(t, today) for t in tasks], count=len(tasks))


def _task(session: SessionDep, user: CurrentUser, task_id: uuid.UUID) -> Task:
    task = crud.get_task(session=session, org_id=user.org_id, task_id=task_id)
    if task is None:
        raise ApiError(404, "not_found", detail=f"task {task_id}")
    return task


@router.get("/{task_id}", response_model=TaskPublic)
def get_task(
    task_id: uuid.UUID, session: SessionDep, user: CurrentUser, today: TodayDep
) -> TaskPublic:
    """One task with its history of changes."""
    return task_public(_task(session, user, task_id), today, with_history=True)


@router.patch("/{task_id}", response_model=TaskPublic)
def update_task(
    task_id: uuid.UUID, update: TaskUpdate, session: SessionDep, user: Clerk, today: TodayDep
) -> TaskPublic:
    """Change status, owner or notes, or correct the extracted fields; every change is logged."""
    task = _task(session, user, task_id)
    crud.update_task(session=session, task=task, update=update, user=user)
    session.commit()
    session.refresh(task)
    return task_public(task, today, with_history=True)
