"""Jobs: the state of a document's processing, to poll after an upload."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from .. import crud
from ..deps import CurrentUser, LangDep, SessionDep
from ..errors import ApiError
from ..present import job_public
from ..schemas import JobPublic
from . import API_ERRORS

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=API_ERRORS)


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: uuid.UUID, session: SessionDep, user: CurrentUser, lang: LangDep) -> JobPublic:
    """queued → running → done, or failed with a code and a reason."""
    job = crud.get_job(session=session, org_id=user.org_id, job_id=job_id)
    if job is None:
        raise ApiError(404, "not_found", detail=f"job {job_id}")
    return job_public(job, lang)
