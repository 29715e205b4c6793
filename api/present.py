"""Rows → the API's public shapes (the one place that knows both)."""

from __future__ import annotations

from datetime import date

from . import crud
from .errors import message
from .models import Document, Job, Task
from .schemas import DocumentPublic, JobPublic, TaskEventPublic, TaskFields, TaskPublic


def job_public(job: Job, lang: str) -> JobPublic:
    reason = None
    if job.error_code:
        reason = message(
            job.error_code, lang, filename=job.document.filename, detail=job.error_detail or ""
        )
    return JobPublic(
        id=job.id,
        document_id=job.document_id,
        status=job.status,  # type: ignore[arg-type]
        error_code=job.error_code,
        error_message=reason,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def document_public(document: Document, task_count: int = 0) -> DocumentPublic:
    return DocumentPublic(
        id=document.id,
        filename=document.filename,
        sha256=document.sha256,
        size=document.size,
        media_type=document.media_type,
        created_at=document.created_at,
        status=document.job.status,  # type: ignore[arg-type]
        job_id=document.job.id,
        issuer=document.issuer,
        doc_type=document.doc_type,
        number_symbol=document.number_symbol,
        date=document.doc_date,
        subject=document.subject,
        task_count=task_count,
    )


def task_public(task: Task, today: date, *, with_history: bool = False) -> TaskPublic:
    fields = crud.effective(task)
    span = (
        (task.span_start, task.span_end)
        if task.span_start is not None and task.span_end is not None
        else None
    )
    return TaskPublic(
        id=task.id,
        document_id=task.document_id,
        document_number_symbol=task.document.number_symbol,
        document_subject=task.document.subject,
        obligation_index=task.obligation_index,
        machine=TaskFields.model_construct(**crud.machine_fields(task)),
        corrections=TaskFields.model_construct(**(task.corrections or {})),
        quote=fields["quote"],
        modality=fields["modality"],
        category=fields["category"],
        assignees=fields["assignees"],
        action=fields["action"],
        deadline=fields["deadline"],
        legal_basis=fields["legal_basis"],
        span=span,
        confidence=task.confidence,
        review=task.review,  # type: ignore[arg-type]
        status=task.status,  # type: ignore[arg-type]
        owner=task.owner,
        notes=task.notes,
        overdue=crud.is_overdue(task, today),
        proposed_done_by=task.proposed_done_by,
        created_at=task.created_at,
        updated_at=task.updated_at,
        history=[TaskEventPublic.model_validate(e) for e in task.events] if with_history else None,
    )
