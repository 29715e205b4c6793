"""Reads and writes of the service, as keyword-only functions; every query is scoped to one
organisation. ``save_result`` is the single place where an Obligation becomes a Task row."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session, selectinload, undefer
from vanban.nlp.contract import DocumentResult

from .models import ApiToken, Citation, Document, Job, Organisation, Task, TaskEvent, User, utcnow
from .schemas import TaskFields, TaskUpdate
from .security import (
    hash_password,
    hash_token,
    new_feed_token,
    new_token,
    verify_password,
)

CORRECTABLE = tuple(TaskFields.model_fields)  # quote, modality, category, assignees, …


def number_symbol_key(number_symbol: str | None) -> str | None:
    """A lookup key: NFC, Icelandic Ð read as Đ, upper case, no spaces (``91/2017/nđ-cp`` finds
    ``91/2017/NĐ-CP``)."""
    if not number_symbol:
        return None
    text = unicodedata.normalize("NFC", number_symbol).replace("Ð", "Đ").replace("ð", "đ")
    return "".join(text.upper().split()) or None


# --- organisations and users


def create_user(*, session: Session, org_name: str, email: str, role: str) -> tuple[User, str]:
    """Create the organisation if new, the user and one API token; the token is returned once."""
    org = session.scalar(select(Organisation).where(Organisation.name == org_name))
    if org is None:
        org = Organisation(name=org_name)
        session.add(org)
        session.flush()
    user = User(org_id=org.id, email=email.strip().lower(), role=role)
    session.add(user)
    session.flush()
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    session.flush()
    return user, token


def issue_token(*, session: Session, user: User) -> str:
    """Another API token for an existing user (shown once)."""
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    session.flush()
    return token


def user_by_email(*, session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def user_for_token(*, session: Session, token: str) -> User | None:
    return session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token))
    )


def set_password(*, session: Session, user: User, password: str) -> None:
    """Store the password as an Argon2id hash (the caller checked its length)."""
    user.password_hash = hash_password(password)
    session.flush()


def user_for_password(*, session: Session, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, else None; an unknown e-mail or an account
    without a password costs the same Argon2 verification as a wrong password."""
    user = user_by_email(session=session, email=email)
    stored = user.password_hash if user is not None else None
    if not verify_password(password, stored) or user is None:
        return None
    return user


def new_calendar_feed(*, session: Session, user: User) -> str:
    """A fresh secret for the user's calendar feed URL (shown once); the old one stops working."""
    token = new_feed_token()
    user.feed_token_hash = hash_token(token)
    session.flush()
    return token


def revoke_calendar_feed(*, session: Session, user: User) -> None:
    user.feed_token_hash = None
    session.flush()


def user_for_feed_token(*, session: Session, token: str) -> User | None:
    return session.scalar(select(User).where(User.feed_token_hash == hash_token(token)))


# --- documents and jobs


def document_by_hash(*, session: Session, org_id: int, sha256: str) -> Document | None:
    return session.scalar(
        select(Document).where(Document.org_id == org_id, Document.sha256 == sha256)
    )


def create_document(
    *,
    session: Session,
    org_id: int,
    user_id: int | None,
    filename: str,
    storage_name: str,
    sha256: str,
    size: int,
) -> Document:
    """A document and its queued job, in one transaction with the caller's."""
    document = Document(
        org_id=org_id,
        uploaded_by=user_id,
        filename=filename,
        storage_name=storage_name,
        sha256=sha256,
        size=size,
    )
    session.add(document)
    session.flush()
    session.add(Job(org_id=org_id, document_id=document.id, status="queued"))
    session.flush()
    return document


def get_document(*, session: Session, org_id: int, document_id: uuid.UUID) -> Document | None:
    return session.scalar(
        select(Document).where(Document.id == document_id, Document.org_id == org_id)
    )


def list_documents(
    *,
    session: Session,
    org_id: int,
    issuer: str | None = None,
    doc_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[tuple[Document, int]], int]:
    """Documents newest first, each with its number of tasks; filters combine with AND."""
    where: list[Any] = [Document.org_id == org_id]
    if issuer:
        where.append(func.lower(Document.issuer).contains(issuer.lower(), autoescape=True))
    if doc_type:
        where.append(Document.doc_type == doc_type)
    if date_from:
        where.append(Document.doc_date >= date_from)
    if date_to:
        where.append(Document.doc_date <= date_to + "\uffff")  # 2023-07 ≤ 2023-07-31
    if q:
        needle = q.lower()
        where.append(
            or_(
                func.lower(Document.text).contains(needle, autoescape=True),
                func.lower(Document.subject).contains(needle, autoescape=True),
                func.lower(Document.filename).contains(needle, autoescape=True),
                func.lower(Document.number_symbol).contains(needle, autoescape=True),
            )
        )
    count = session.scalar(select(func.count()).select_from(Document).where(*where)) or 0
    tasks = (
        select(func.count())
        .select_from(Task)
        .where(Task.document_id == Document.id, Task.review.in_(("auto", "accepted")))
        .correlate(Document)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Document, tasks)
        .options(selectinload(Document.job))
        .where(*where)
        .order_by(Document.created_at.desc(), Document.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [(doc, n) for doc, n in rows], count


def delete_document(*, session: Session, document: Document) -> str:
    """Delete a document with its job, tasks and citations; returns the stored file's name."""
    storage_name = document.storage_name
    session.execute(
        update(Task).where(Task.proposed_done_by == document.id).values(proposed_done_by=None)
    )
    session.execute(delete(Document).where(Document.id == document.id))
    return storage_name


def get_job(*, session: Session, org_id: int, job_id: uuid.UUID) -> Job | None:
    return session.scalar(select(Job).where(Job.id == job_id, Job.org_id == org_id))


def jobs_to_resume(*, session: Session) -> list[uuid.UUID]:
    """Jobs left queued or running (a stop mid-way): all go back to the queue, oldest first."""
    session.execute(
        update(Job).where(Job.status == "running").values(status="queued", started_at=None)
    )
    return list(
        session.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.created_at))
    )


def start_job(*, session: Session, job_id: uuid.UUID) -> tuple[str, str] | None:
    """Mark a queued job running: (storage name, filename), or None if it is gone or taken."""
    job = session.get(Job, job_id)
    if job is None or job.status != "queued":
        return None
    job.status, job.started_at, job.attempts = "running", utcnow(), job.attempts + 1
    return job.document.storage_name, job.document.filename


def requeue_job(*, session: Session, job_id: uuid.UUID) -> None:
    session.execute(update(Job).where(Job.id == job_id).values(status="queued", started_at=None))


def fail_job(*, session: Session, job_id: uuid.UUID, code: str, detail: str = "") -> None:
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(status="failed", error_code=code, error_detail=detail[:2000], finished_at=utcnow())
    )


def finish_job(
    *, session: Session, job_id: uuid.UUID, result: DocumentResult, review_threshold: float
) -> None:
    """Store the result and mark the job done, in the caller's one transaction."""
    job = session.get(Job, job_id)
    if job is None:  # the document was deleted while it was processed
        return
    save_result(
        session=session, document=job.document, result=result, review_threshold=review_threshold
    )
    job.status, job.finished_at, job.error_code, job.error_detail = "done", utcnow(), None, None


def save_result(
    *, session: Session, document: Document, result: DocumentResult, review_threshold: float
) -> None:
    """Copy a result into the document, its obligations into tasks, its references into citations.

    An obligation whose confidence is below ``review_threshold`` waits in the review queue
    (``review="pending"``) before it becomes a task; one without a confidence (from rules) is a
    task at once.
    """
    meta = result.metadata
    document.media_type = result.source.media_type
    document.issuer = meta.issuer.name if meta.issuer else None
    document.doc_type = meta.doc_type
    document.number_symbol = meta.number_symbol
    document.key = number_symbol_key(meta.number_symbol)
    document.doc_date = meta.date
    document.subject = meta.subject
    document.text = result.text
    document.result = result.model_dump(mode="json")
    session.execute(delete(Task).where(Task.document_id == document.id))
    session.execute(delete(Citation).where(Citation.document_id == document.id))
    for index, ob in enumerate(result.obligations):
        low = ob.confidence is not None and ob.confidence < review_threshold
        session.add(
            Task(
                org_id=document.org_id,
                document_id=document.id,
                obligation_index=index,
                quote=ob.quote,
                span_start=ob.span[0] if ob.span else None,
                span_end=ob.span[1] if ob.span else None,
                modality=ob.modality,
                category=ob.category,
                assignees=list(ob.assignees),
                action=ob.action,
                deadline=_iso_day(ob.deadline),
                legal_basis=list(ob.legal_basis),
                confidence=ob.confidence,
                review="pending" if low else "auto",
            )
        )
    for ref in result.references:
        session.add(
            Citation(
                org_id=document.org_id,
                document_id=document.id,
                ref_type=ref.type,
                number_symbol=ref.number_symbol,
                key=number_symbol_key(ref.number_symbol),
                date=ref.date,
                issuer=ref.issuer,
                title=ref.title,
                relation=ref.relation,
                mentions=[m.model_dump(mode="json") for m in ref.mentions],
            )
        )
    session.flush()
    _propose_replies(session=session, reply=document, result=result)


def _iso_day(value: str | None) -> str | None:
    """Deadlines are stored as full ISO days; a partial or unreadable one is kept out of dates."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _propose_replies(*, session: Session, reply: Document, result: DocumentResult) -> None:
    """A document that carries out an archived request (``Thực hiện Công văn số 1322/UBND-NC``)
    proposes as done the request's open tasks assigned to the replying body."""
    issuer = (reply.issuer or "").lower()
    if not issuer:
        return
    keys = {
        number_symbol_key(r.number_symbol) for r in result.references if r.relation == "implements"
    }
    keys.discard(None)
    if not keys:
        return
    requests = session.scalars(
        select(Document.id).where(
            Document.org_id == reply.org_id, Document.key.in_(keys), Document.id != reply.id
        )
    ).all()
    if not requests:
        return
    tasks = session.scalars(
        select(Task).where(Task.document_id.in_(requests), Task.status.in_(("new", "in_progress")))
    ).all()
    for task in tasks:
        names = effective(task)["assignees"] or []
        if any(fuzz.partial_ratio(issuer, name.lower()) >= 90 for name in names if len(name) >= 4):
            task.proposed_done_by = reply.id


# --- tasks


def effective(task: Task) -> dict[str, Any]:
    """The task's fields: a reviewer's corrections over the machine's output."""
    machine = machine_fields(task)
    return {**machine, **(task.corrections or {})}


def machine_fields(task: Task) -> dict[str, Any]:
    return {
        "quote": task.quote,
        "modality": task.modality,
        "category": task.category,
        "assignees": list(task.assignees or []),
        "action": task.action,
        "deadline": task.deadline,
        "legal_basis": list(task.legal_basis or []),
    }


def is_overdue(task: Task, today: date) -> bool:
    deadline = effective(task)["deadline"]
    return bool(deadline) and task.status in ("new", "in_progress") and deadline < today.isoformat()


def _task_query(org_id: int) -> Select[tuple[Task]]:
    return select(Task).where(Task.org_id == org_id)


def list_tasks(
    *,
    session: Session,
    org_id: int,
    today: date,
    document_id: uuid.UUID | None = None,
    status: str | None = None,
    owner: str | None = None,
    overdue: bool | None = None,
) -> list[Task]:
    """Tasks (not those waiting for review): overdue first, then by deadline, undated last."""
    query = _task_query(org_id).where(Task.review.in_(("auto", "accepted")))
    if document_id:
        query = query.where(Task.document_id == document_id)
    if status:
        query = query.where(Task.status == status)
    if owner:
        query = query.where(func.lower(Task.owner) == owner.lower())
    tasks = list(session.scalars(query))
    if overdue is not None:
        tasks = [t for t in tasks if is_overdue(t, today) == overdue]
    # corrections can move a deadline, so order on the effective values
    tasks.sort(
        key=lambda t: (
            not is_overdue(t, today),
            effective(t)["deadline"] or "9999",
            t.created_at,
            t.obligation_index,
        )
    )
    return tasks


def get_task(*, session: Session, org_id: int, task_id: uuid.UUID) -> Task | None:
    return session.scalar(_task_query(org_id).where(Task.id == task_id))


def update_task(*, session: Session, task: Task, update: TaskUpdate, user: User) -> Task:
    """Apply a PATCH; each changed field leaves an event (who, when, old → new)."""
    changes = update.model_dump(exclude_unset=True)
    for field in ("status", "owner", "notes"):
        if field in changes and changes[field] != getattr(task, field):
            _record(session, task, user, field, getattr(task, field), changes[field])
            setattr(task, field, changes[field])
    if update.corrections is not None:
        _correct(session, task, update.corrections, user)
    task.updated_at = utcnow()
    session.flush()
    return task


def _correct(session: Session, task: Task, corrections: TaskFields, user: User) -> None:
    new = dict(task.corrections or {})
    machine = machine_fields(task)
    for field, value in corrections.model_dump(exclude_unset=True).items():
        old = new.get(field, machine[field])
        if value == machine[field]:
            new.pop(field, None)  # back to the machine's value: no correction left
        else:
            new[field] = value
        if value != old:
            _record(session, task, user, f"corrections.{field}", old, value)
    task.corrections = new


def _record(session: Session, task: Task, user: User, field: str, old: Any, new: Any) -> None:
    session.add(
        TaskEvent(
            task_id=task.id, user_id=user.id, user_email=user.email, field=field, old=old, new=new
        )
    )


def review_queue(
    *, session: Session, org_id: int, document_id: uuid.UUID | None = None
) -> list[Task]:
    """Obligations waiting for a person, least confident first."""
    query = _task_query(org_id).where(Task.review == "pending")
    if document_id:
        query = query.where(Task.document_id == document_id)
    return list(
        session.scalars(
            query.order_by(Task.confidence.asc(), Task.created_at, Task.obligation_index)
        )
    )


def decide_review(
    *, session: Session, task: Task, accept: bool, corrections: TaskFields | None, user: User
) -> Task:
    old = task.review
    task.review = "accepted" if accept else "rejected"
    _record(session, task, user, "review", old, task.review)
    if corrections is not None:
        _correct(session, task, corrections, user)
    task.updated_at = utcnow()
    session.flush()
    return task


def corrected_results(*, session: Session, org_id: int) -> list[dict[str, Any]]:
    """Contract JSON of every document a person reviewed or corrected, with its obligations as
    people left them (rejected ones dropped, corrections applied): the gold form."""
    rows = session.execute(
        select(Task.document_id, Task.review, Task.corrections).where(Task.org_id == org_id)
    )
    # (JSON has no equality operator on PostgreSQL: the corrections are tested here)
    touched = sorted(
        {d for d, review, corr in rows if review in ("accepted", "rejected") or corr}, key=str
    )
    out = []
    for document_id in touched:
        document = session.get(Document, document_id)
        if document is None or document.result is None:
            continue
        tasks = session.scalars(
            select(Task).where(Task.document_id == document_id).order_by(Task.obligation_index)
        ).all()
        obligations = []
        for task in tasks:
            if task.review == "rejected":
                continue
            fields = effective(task)
            ob = {**document.result["obligations"][task.obligation_index], **fields}
            obligations.append(ob)
        out.append({**document.result, "obligations": obligations})
    return out


# --- citations


def citing(*, session: Session, org_id: int, key: str) -> list[tuple[Citation, Document]]:
    rows = session.execute(
        select(Citation, Document)
        .join(Document, Document.id == Citation.document_id)
        .where(Citation.org_id == org_id, Citation.key == key)
        .order_by(Document.doc_date.desc(), Document.created_at.desc())
    ).all()
    return [(c, d) for c, d in rows]


def citations_of(*, session: Session, org_id: int, document_id: uuid.UUID) -> list[Citation]:
    return list(
        session.scalars(
            select(Citation)
            .where(Citation.org_id == org_id, Citation.document_id == document_id)
            .order_by(Citation.id)
        )
    )


def archive_keys(*, session: Session, org_id: int, keys: set[str]) -> dict[str, uuid.UUID]:
    """Which of these number-symbol keys are documents of the archive (key → document id)."""
    if not keys:
        return {}
    rows = session.execute(
        select(Document.key, Document.id).where(Document.org_id == org_id, Document.key.in_(keys))
    )
    return {k: i for k, i in rows if k}


def all_citations(*, session: Session, org_id: int) -> list[tuple[Citation, Document]]:
    rows = session.execute(
        select(Citation, Document)
        .join(Document, Document.id == Citation.document_id)
        .where(Citation.org_id == org_id)
    ).all()
    return [(c, d) for c, d in rows]


def storage_names(*, session: Session) -> set[str]:
    """The stored file names of every document, all organisations (for the start-up sweep)."""
    return set(session.scalars(select(Document.storage_name)))


def documents_of(*, session: Session, org_id: int, with_results: bool = False) -> list[Document]:
    """Every document of the organisation; ``with_results`` loads the contracts in one query."""
    query = select(Document).where(Document.org_id == org_id)
    if with_results:
        query = query.options(undefer(Document.result))
    return list(session.scalars(query))


def now() -> datetime:
    return utcnow()
