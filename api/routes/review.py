"""The review queue: low-confidence obligations wait here for a person before they become tasks."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from .. import crud
from ..deps import Clerk, CurrentUser, SessionDep, TodayDep
from ..errors import ApiError
from ..present import task_public
from ..schemas import ReviewDecision, TaskPublic, TasksPublic
from . import API_ERRORS

router = APIRouter(prefix="/review", tags=["review"], responses=API_ERRORS)


@router.get("", response_model=TasksPublic)
def review_queue(
    session: SessionDep, user: CurrentUser, today: TodayDep, document_id: uuid.UUID | None = None
) -> TasksPublic:
    """Obligations below the confidence threshold, least confident first."""
    tasks = crud.review_queue(session=session, org_id=user.org_id, document_id=document_id)
    return TasksPublic(data=[task_public(t, today) for t in tasks], count=len(tasks))


@router.post("/{task_id}", response_model=TaskPublic)
def decide(
    task_id: uuid.UUID, decision: ReviewDecision, session: SessionDep, user: Clerk, today: TodayDep
) -> TaskPublic:
    """Accept (it becomes a task, with any corrections) or reject an obligation."""
    task = crud.get_task(session=session, org_id=user.org_id, task_id=task_id)
    if task is None or task.review != "pending":
        raise ApiError(404, "not_found", detail=f"review item {task_id}")
    crud.decide_review(
        session=session,
        task=task,
        accept=decision.decision == "accept",
        corrections=decision.corrections,
        user=user,
    )
    session.commit()
    session.refresh(task)
    return task_public(task, today, with_history=True)
