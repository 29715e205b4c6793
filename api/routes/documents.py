"""Documents: upload (streamed, deduplicated by hash), list and filter, the contract JSON, the
original file, delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from sqlalchemy.exc import IntegrityError
from vanban.nlp.contract import DocType, DocumentResult

from .. import crud
from ..db import session_scope
from ..deps import Clerk, CurrentUser, LangDep, SessionDep, SettingsDep
from ..errors import ApiError, message
from ..models import Document
from ..present import document_public
from ..schemas import DocumentsPublic, UploadedDocument, UploadPublic
from ..upload import ReceivedFile, discard, keep, receive_files
from . import API_ERRORS, error_responses

router = APIRouter(prefix="/documents", tags=["documents"], responses=API_ERRORS)
MAX_OFFSET = 2**31 - 1  # a bigger one overflowed SQLite's integer: a 500 the fuzz test found

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "one or more PDF, DOCX, DOC, ODT or TXT files",
                        }
                    },
                }
            }
        },
    }
}


@router.post("", status_code=202, response_model=UploadPublic, openapi_extra=_UPLOAD_BODY)
async def upload_documents(request: Request, user: Clerk, settings: SettingsDep) -> UploadPublic:
    """Upload one or more files (multipart field ``file``); each gets a document and a job."""
    files = await receive_files(
        request,
        dest=settings.files_dir,
        field_name="file",
        max_file_bytes=settings.max_upload_bytes,
        max_files=settings.max_files_per_upload,
    )
    items = await run_in_threadpool(_register, request, user.org_id, user.id, files)
    return UploadPublic(data=items, count=len(items))


def _register(
    request: Request, org_id: int, user_id: int, files: list[ReceivedFile]
) -> list[UploadedDocument]:
    """Store each file once per organisation: a known hash answers with the existing document.
    Each new document's job is queued as soon as it is committed, so that a later file's failure
    (database down, disk full) leaves no committed job waiting for a restart."""
    items: list[UploadedDocument] = []
    for index, received in enumerate(files):
        try:
            items.append(_register_one(request, org_id, user_id, received))
        except BaseException:
            for pending in files[index:]:
                discard(pending)
            raise
    return items


def _register_one(
    request: Request, org_id: int, user_id: int, received: ReceivedFile
) -> UploadedDocument:
    try:
        with session_scope(request.app.state.sessions) as session:
            existing = crud.document_by_hash(session=session, org_id=org_id, sha256=received.sha256)
            if existing is not None:
                discard(received)
                return _item(existing, received, duplicate=True)
            keep(received)
            document = crud.create_document(
                session=session,
                org_id=org_id,
                user_id=user_id,
                filename=received.filename,
                storage_name=received.storage_name,
                sha256=received.sha256,
                size=received.size,
            )
            item = _item(document, received, duplicate=False)
    except IntegrityError:  # the same file in a parallel upload won the race
        discard(received)
        with session_scope(request.app.state.sessions) as session:
            existing = crud.document_by_hash(session=session, org_id=org_id, sha256=received.sha256)
            assert existing is not None
            return _item(existing, received, duplicate=True)
    except BaseException:
        discard(received)
        raise
    request.app.state.runner.submit(item.job_id)  # committed: the job may start
    return item


def _item(document: Document, received: ReceivedFile, *, duplicate: bool) -> UploadedDocument:
    return UploadedDocument(
        document_id=document.id,
        job_id=document.job.id,
        filename=document.filename,
        sha256=document.sha256,
        size=document.size,
        duplicate=duplicate,
        status=document.job.status,  # type: ignore[arg-type]
    )


@router.get("", response_model=DocumentsPublic)
def list_documents(
    session: SessionDep,
    user: CurrentUser,
    issuer: str | None = None,
    type: DocType | None = None,  # noqa: A002 - the API's word for doc_type
    date_from: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    date_to: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text search")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> DocumentsPublic:
    """The organisation's documents, newest first; filter by issuer, type, date range, text."""
    rows, count = crud.list_documents(
        session=session,
        org_id=user.org_id,
        issuer=issuer,
        doc_type=type,
        date_from=date_from,
        date_to=date_to,
        q=q,
        limit=limit,
        offset=offset,
    )
    return DocumentsPublic(data=[document_public(d, n) for d, n in rows], count=count)


def _document(session: SessionDep, user: CurrentUser, document_id: uuid.UUID) -> Document:
    document = crud.get_document(session=session, org_id=user.org_id, document_id=document_id)
    if document is None:  # another organisation's document does not exist for this user
        raise ApiError(404, "not_found", detail=f"document {document_id}")
    return document


@router.get("/{document_id}", response_model=DocumentResult, responses=error_responses(409))
def get_document(
    document_id: uuid.UUID, session: SessionDep, user: CurrentUser, lang: LangDep
) -> DocumentResult:
    """The contract JSON of a processed document."""
    document = _document(session, user, document_id)
    job = document.job
    if job.status == "failed":
        reason = message(
            job.error_code or "internal_error",
            lang,
            filename=document.filename,
            detail=job.error_detail or "",
        )
        raise ApiError(409, "processing_failed", detail=reason)
    if document.result is None:
        raise ApiError(409, "not_ready", detail=f"job {job.id}: {job.status}")
    return DocumentResult.model_validate(document.result)


@router.get(
    "/{document_id}/original",
    response_class=FileResponse,
    responses={200: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}},
)
def get_original(
    document_id: uuid.UUID, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> FileResponse:
    """The file as it was uploaded."""
    document = _document(session, user, document_id)
    path = settings.files_dir / document.storage_name
    if not path.is_file():
        # imported from batch results: the contract was loaded, the file never was
        raise ApiError(404, "not_found", detail="tệp gốc không được lưu / original file not stored")
    return FileResponse(
        path,
        media_type=document.media_type or "application/octet-stream",
        filename=document.filename,
        content_disposition_type="attachment",
    )


@router.delete("/{document_id}", status_code=204)
def delete_document(
    document_id: uuid.UUID, session: SessionDep, user: Clerk, settings: SettingsDep
) -> None:
    """Delete a document, its tasks, citations and stored file."""
    document = _document(session, user, document_id)
    storage_name = crud.delete_document(session=session, document=document)
    session.commit()  # the row goes first: a file without a row is harmless, the reverse is not
    (settings.files_dir / storage_name).unlink(missing_ok=True)
