"""ORM tables. One class per table; the API's shapes are in schemas.py.

Everything a user owns carries ``org_id`` so that every query can be scoped to one organisation.
The machine's output (``Task`` fields from the obligation) and a reviewer's corrections
(``Task.corrections``) are kept apart so that corrections can feed back into the corpus.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("feed_token_hash", name="uq_users_feed_token_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # clerk | viewer
    # Argon2id hash (pwdlib) for the page's e-mail sign-in; None: token sign-in only
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # SHA-256 of the secret calendar feed token; None: no feed (revoked or never made)
    feed_token_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token, stored as its SHA-256 only (tokens are random, 256 bits)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    """An uploaded file; the extracted fields are copied out of the result for filtering."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("org_id", "sha256", name="uq_documents_org_sha256"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))  # as the user named it; display only
    storage_name: Mapped[str] = mapped_column(
        String(64), unique=True
    )  # generated, never the user's
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # filled when processing is done
    media_type: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(String(500))
    doc_type: Mapped[str | None] = mapped_column(String(40), index=True)
    number_symbol: Mapped[str | None] = mapped_column(String(100))
    key: Mapped[str | None] = mapped_column(String(100), index=True)  # normalised number_symbol
    doc_date: Mapped[str | None] = mapped_column(String(10), index=True)  # ISO, may be YYYY-MM
    subject: Mapped[str | None] = mapped_column(Text)
    # the two big columns load only when read: lists and every task (which joins its document)
    # would otherwise parse each document's whole contract JSON
    text: Mapped[str | None] = mapped_column(Text, deferred=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    job: Mapped[Job] = relationship(back_populates="document", uselist=False, passive_deletes=True)


class Job(Base):
    """Processing of one document: queued → running → done | failed (with a code and a reason)."""

    __tablename__ = "jobs"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(10), index=True, default="queued")
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    document: Mapped[Document] = relationship(back_populates="job")


class Task(Base):
    """One obligation of a document, tracked to completion.

    ``review`` is ``auto`` (confident enough, a task at once), ``pending`` (low confidence: in the
    review queue, not yet a task), ``accepted`` or ``rejected`` (a person decided).
    """

    __tablename__ = "tasks"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    obligation_index: Mapped[int] = mapped_column(Integer)
    # the machine's output, never edited
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    modality: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    assignees: Mapped[list[Any]] = mapped_column(JSON, default=list)
    action: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[str | None] = mapped_column(String(10), index=True)
    legal_basis: Mapped[list[Any]] = mapped_column(JSON, default=list)
    confidence: Mapped[float | None] = mapped_column(Float)
    # people's part
    review: Mapped[str] = mapped_column(String(10), index=True, default="auto")
    corrections: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), index=True, default="new")
    owner: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    # a later document that answers this one proposes the task as done
    proposed_done_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    document: Mapped[Document] = relationship(foreign_keys=[document_id], lazy="joined")
    events: Mapped[list[TaskEvent]] = relationship(
        order_by="TaskEvent.id", passive_deletes=True, cascade="all, delete-orphan"
    )


class TaskEvent(Base):
    """History of a task: who changed which field, when, from what to what."""

    __tablename__ = "task_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(320))  # kept if the user is removed
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)


class Citation(Base):
    """One reference of a document to another instrument (from ``result.references``)."""

    __tablename__ = "citations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    ref_type: Mapped[str] = mapped_column(String(40))
    number_symbol: Mapped[str | None] = mapped_column(String(100))
    key: Mapped[str | None] = mapped_column(String(100), index=True)  # normalised number_symbol
    date: Mapped[str | None] = mapped_column(String(10))
    issuer: Mapped[str | None] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str | None] = mapped_column(String(20))
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)
