"""Helpers for the service tests: organisations with accounts, uploads, waiting for jobs,
and results built by hand (obligations and references the pipeline may not extract yet)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient
from vanban.api import crud
from vanban.api.db import session_scope
from vanban.nlp.contract import DocumentResult


@dataclass
class Account:
    org_id: int
    email: str
    role: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Org:
    """A fresh organisation with a clerk and a viewer (tests never share an archive)."""

    name: str
    clerk: Account
    viewer: Account


def new_org(client: TestClient) -> Org:
    name = f"Văn phòng {uuid.uuid4().hex[:8]}"
    accounts = {}
    with session_scope(client.app.state.sessions) as session:
        for role in ("clerk", "viewer"):
            email = f"{role}-{uuid.uuid4().hex[:8]}@example.vn"
            user, token = crud.create_user(session=session, org_name=name, email=email, role=role)
            accounts[role] = Account(user.org_id, user.email, role, token)
    return Org(name, accounts["clerk"], accounts["viewer"])


def upload(client: TestClient, account: Account, *files: tuple[str, bytes], **kw: object):  # type: ignore[no-untyped-def]
    multipart = [("file", (name, data, "application/octet-stream")) for name, data in files]
    return client.post("/api/v1/documents", files=multipart, headers=account.headers, **kw)


def wait_job(client: TestClient, account: Account, job_id: str, timeout: float = 90) -> dict:
    """Poll the job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=account.headers)
        assert job.status_code == 200, job.text
        body = job.json()
        if body["status"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, f"job {job_id} still {body['status']} after {timeout} s"
        time.sleep(0.1)


def store_result(client: TestClient, org_id: int, result: DocumentResult) -> str:
    """Put a processed document into the archive the way the job runner does (crud.create_document
    then crud.finish_job), for results with obligations or references built by a test."""
    settings = client.app.state.settings
    with session_scope(client.app.state.sessions) as session:
        document = crud.create_document(
            session=session,
            org_id=org_id,
            user_id=None,
            filename=result.source.filename,
            storage_name=uuid.uuid4().hex,
            sha256=result.source.sha256,
            size=len(result.text.encode()),
        )
        crud.start_job(session=session, job_id=document.job.id)
        crud.finish_job(
            session=session,
            job_id=document.job.id,
            result=result,
            review_threshold=settings.review_threshold,
        )
        return str(document.id)


def make_result(
    text: str,
    *,
    filename: str = "cong-van.txt",
    number_symbol: str | None = None,
    issuer: str | None = None,
    subject: str | None = None,
    doc_date: str | None = None,
    obligations: list[dict] | None = None,
    references: list[dict] | None = None,
) -> DocumentResult:
    """A contract result built by hand; each obligation's span is where its quote is in the text."""
    import hashlib

    obs = []
    for ob in obligations or []:
        start = text.index(ob["quote"])
        obs.append(
            {
                "modality": "obligation",
                "category": "report",
                "span": [start, start + len(ob["quote"])],
                **ob,
            }
        )
    refs = []
    for ref in references or []:
        mentions = []
        for pinpoint, needle in ref.pop("mentions", []):
            start = text.index(needle)
            mentions.append({"span": [start, start + len(needle)], "pinpoint": pinpoint})
        refs.append({**ref, "mentions": mentions})
    number, _, symbol = (number_symbol or "").partition("/")
    return DocumentResult.model_validate(
        {
            "source": {
                "filename": filename,
                "sha256": hashlib.sha256((text + uuid.uuid4().hex).encode()).hexdigest(),
                "media_type": "text/plain",
            },
            "text": text,
            "metadata": {
                "issuer": {"name": issuer} if issuer else None,
                "doc_type": "cong_van",
                "number": number or None,
                "symbol": symbol or None,
                "number_symbol": number_symbol,
                "date": doc_date,
                "subject": subject,
            },
            "obligations": obs,
            "references": refs,
        }
    )


def two_page_pdf(seed_text: str) -> bytes:
    """A real two-page dispatch: the seed's header, as much of its body as fits, and its ending
    (closing, recipients, signature), rendered like tests/ingest/seedpdf.py renders the seeds."""
    import pypdfium2

    from tests.ingest.seedpdf import parse_seed, render_pdf

    paras = parse_seed(seed_text)
    head, body, tail = paras[:6], paras[6:-6], paras[-6:]
    best = render_pdf(head + tail)
    for n in range(1, len(body) + 1):
        pdf = render_pdf(head + body[:n] + tail)
        if len(pypdfium2.PdfDocument(pdf)) > 2:
            break
        best = pdf
    return best


def short_dispatch(tag: str) -> bytes:
    """A short real dispatch (header, request, signature), distinct per tag: quick to process."""
    return (
        "ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC\n\nSố: 15/UBND-NV\n\nCao Lộc, ngày 02 tháng 10 năm 2023\n\n"
        f"V/v báo cáo kết quả công tác thi đua ({tag})\n\n"
        "Kính gửi: Phòng Nội vụ huyện.\n\n"
        "Đề nghị Phòng Nội vụ tổng hợp, báo cáo kết quả công tác thi đua, khen thưởng "
        "về Ủy ban nhân dân huyện trước ngày 20/10/2023.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n"
    ).encode()
