"""The API's shapes (pydantic), one family per resource; the contract's DocumentResult is reused
as it is, so its schema is part of the OpenAPI document."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from vanban.nlp.contract import Category, DocType, Modality, Relation

JobStatus = Literal["queued", "running", "done", "failed"]
TaskStatus = Literal["new", "in_progress", "done", "cancelled"]
ReviewState = Literal["auto", "pending", "accepted", "rejected"]
Role = Literal["clerk", "viewer"]
# Times are stored in UTC; SQLite hands them back without their offset, PostgreSQL with it.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda v: v if v.tzinfo else v.replace(tzinfo=UTC))
]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- jobs: what a client polls after an upload
class JobPublic(_Out):
    id: uuid.UUID
    document_id: uuid.UUID
    status: JobStatus
    error_code: str | None = None
    error_message: str | None = Field(None, description="the reason, in the asked language")
    created_at: UtcDatetime
    started_at: UtcDatetime | None = None
    finished_at: UtcDatetime | None = None


# --- documents
class UploadedDocument(BaseModel):
    """One file of an upload: its document and job; ``duplicate`` when the same bytes were there."""

    document_id: uuid.UUID
    job_id: uuid.UUID
    filename: str
    sha256: str
    size: int
    duplicate: bool
    status: JobStatus


class UploadPublic(BaseModel):
    data: list[UploadedDocument]
    count: int


class DocumentPublic(_Out):
    id: uuid.UUID
    filename: str
    sha256: str
    size: int
    media_type: str | None = None
    created_at: UtcDatetime
    status: JobStatus
    job_id: uuid.UUID
    issuer: str | None = None
    doc_type: str | None = None
    number_symbol: str | None = None
    date: str | None = None
    subject: str | None = None
    task_count: int = 0


class DocumentsPublic(BaseModel):
    data: list[DocumentPublic]
    count: int


# --- tasks
class TaskFields(BaseModel):
    """The fields of an obligation that a reviewer may correct (all optional: only what changed)."""

    model_config = ConfigDict(extra="forbid")
    quote: str | None = Field(None, min_length=1, max_length=5000)
    modality: Modality | None = None
    category: Category | None = None
    assignees: list[str] | None = Field(None, max_length=50)
    action: str | None = Field(None, max_length=2000)
    deadline: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    legal_basis: list[str] | None = Field(None, max_length=50)


class TaskUpdate(BaseModel):
    """PATCH body: workflow fields, and corrections kept apart from the machine's output."""

    model_config = ConfigDict(extra="forbid")
    status: TaskStatus | None = None
    owner: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=10000)
    corrections: TaskFields | None = None


class TaskEventPublic(_Out):
    at: UtcDatetime
    user_email: str | None = None
    field: str
    old: Any = None
    new: Any = None


class TaskPublic(BaseModel):
    id: uuid.UUID
    document_id: uuid.UUID
    document_number_symbol: str | None = None
    document_subject: str | None = None
    obligation_index: int
    machine: TaskFields = Field(description="the obligation as the pipeline extracted it")
    corrections: TaskFields = Field(description="a reviewer's corrections, kept apart")
    # effective values: corrections over the machine's output
    quote: str
    modality: Modality
    category: Category
    assignees: list[str]
    action: str | None = None
    deadline: str | None = None
    legal_basis: list[str] = []
    span: tuple[int, int] | None = None
    confidence: float | None = None
    review: ReviewState
    status: TaskStatus
    owner: str | None = None
    notes: str | None = None
    overdue: bool
    proposed_done_by: uuid.UUID | None = Field(None, description="a later document that answers it")
    created_at: UtcDatetime
    updated_at: UtcDatetime
    history: list[TaskEventPublic] | None = None


class TasksPublic(BaseModel):
    data: list[TaskPublic]
    count: int


class ReviewDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["accept", "reject"]
    corrections: TaskFields | None = None


# --- citations
class CitingDocument(BaseModel):
    document_id: uuid.UUID
    number_symbol: str | None = None
    subject: str | None = None
    date: str | None = None
    relation: Relation | None = None
    pinpoints: list[str] = []
    spans: list[tuple[int, int]] = []


class CitationsPublic(BaseModel):
    number_symbol: str
    data: list[CitingDocument]
    count: int


class CitedInstrument(BaseModel):
    type: DocType | str
    number_symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    relation: Relation | None = None
    pinpoints: list[str] = []
    in_archive: uuid.UUID | None = Field(
        None, description="the cited document, when it is in the archive"
    )


class DocumentCitationsPublic(BaseModel):
    document_id: uuid.UUID
    cites: list[CitedInstrument]
    cited_by: list[CitingDocument]


class GraphNode(BaseModel):
    id: str
    label: str
    document_id: uuid.UUID | None = None
    in_archive: bool


class GraphEdge(BaseModel):
    source: str
    target: str
    relation: Relation | None = None
    pinpoints: list[str] = []


class CitationGraph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


# --- users
class UserPublic(_Out):
    id: int
    email: str
    role: Role
    organisation: str
