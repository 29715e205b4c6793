"""Documents through the API: upload (text, PDF, several, duplicate), jobs, the contract JSON, the
original, listing and filters, delete; on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import Org, short_dispatch, two_page_pdf, upload, wait_job

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def seed(n: int) -> bytes:
    return (SAMPLES / f"seed-00{n}.txt").read_bytes()


def test_documents_upload_seed_gives_contract_json(service: TestClient, org: Org) -> None:
    data = seed(2)
    answer = upload(service, org.clerk, ("cong-van-2290.txt", data))
    assert answer.status_code == 202, answer.text
    item = answer.json()["data"][0]
    assert item["duplicate"] is False and item["sha256"] == hashlib.sha256(data).hexdigest()
    job = wait_job(service, org.clerk, item["job_id"])
    assert job["status"] == "done", job
    result = service.get(f"/api/v1/documents/{item['document_id']}", headers=org.viewer.headers)
    assert result.status_code == 200
    body = result.json()
    assert body["schema_version"] == "1"
    assert body["source"]["filename"] == "cong-van-2290.txt"
    assert body["metadata"]["number_symbol"] == "2290/UBND-NCKS"
    assert body["metadata"]["date"] == "2023-07-19"
    assert "thi đua, khen thưởng" in body["text"]
    # one task per obligation, whatever the pipeline finds; low-confidence ones wait for review
    params = {"document_id": item["document_id"]}
    tasks = service.get("/api/v1/tasks", params=params, headers=org.clerk.headers).json()
    queue = service.get("/api/v1/review", params=params, headers=org.clerk.headers).json()
    assert tasks["count"] + queue["count"] == len(body["obligations"])
    quotes = sorted(t["machine"]["quote"] for t in tasks["data"] + queue["data"])
    assert quotes == sorted(o["quote"] for o in body["obligations"])


def test_documents_upload_two_page_pdf(service: TestClient, org: Org) -> None:
    pdf = two_page_pdf(seed(2).decode("utf-8"))
    answer = upload(service, org.clerk, ("2290.pdf", pdf))
    assert answer.status_code == 202
    item = answer.json()["data"][0]
    assert wait_job(service, org.clerk, item["job_id"])["status"] == "done"
    body = service.get(f"/api/v1/documents/{item['document_id']}", headers=org.clerk.headers).json()
    assert body["source"]["media_type"] == "application/pdf"
    assert body["source"]["pages"] == 2
    assert body["metadata"]["number_symbol"] == "2290/UBND-NCKS"
    original = service.get(
        f"/api/v1/documents/{item['document_id']}/original", headers=org.viewer.headers
    )
    assert original.status_code == 200 and original.content == pdf
    assert 'filename="2290.pdf"' in original.headers["content-disposition"]


def test_documents_duplicate_is_recognised_and_stored_once(service: TestClient, org: Org) -> None:
    data = short_dispatch("duplicate")
    files_dir = service.app.state.settings.files_dir
    first = upload(service, org.clerk, ("a.txt", data)).json()["data"][0]
    stored = set(files_dir.iterdir())
    second = upload(service, org.clerk, ("copy-of-a.txt", data)).json()["data"][0]
    assert second["duplicate"] is True
    assert (second["document_id"], second["job_id"]) == (first["document_id"], first["job_id"])
    assert set(files_dir.iterdir()) == stored  # no second copy on disk
    listing = service.get("/api/v1/documents", headers=org.clerk.headers).json()
    assert listing["count"] == 1 and listing["data"][0]["filename"] == "a.txt"


def test_documents_same_file_in_two_organisations_is_kept_apart(
    service: TestClient, org: Org, other_org: Org
) -> None:
    data = short_dispatch("two organisations")
    mine = upload(service, org.clerk, ("x.txt", data)).json()["data"][0]
    theirs = upload(service, other_org.clerk, ("x.txt", data)).json()["data"][0]
    assert theirs["duplicate"] is False and theirs["document_id"] != mine["document_id"]


def test_documents_upload_several_files_at_once(service: TestClient, org: Org) -> None:
    answer = upload(
        service, org.clerk, ("s3.txt", short_dispatch("3")), ("s4.txt", short_dispatch("4"))
    )
    assert answer.status_code == 202
    items = answer.json()["data"]
    assert [i["filename"] for i in items] == ["s3.txt", "s4.txt"]
    for item in items:
        assert wait_job(service, org.clerk, item["job_id"])["status"] == "done"


def test_documents_unreadable_file_fails_with_a_code_and_reason(
    service: TestClient, org: Org
) -> None:
    junk = bytes(range(256)) * 40
    item = upload(service, org.clerk, ("scan.pdf", junk)).json()["data"][0]
    job = wait_job(service, org.clerk, item["job_id"])
    assert job["status"] == "failed"
    assert job["error_code"] in ("unsupported_type", "corrupt_pdf")
    assert "scan.pdf" in job["error_message"]
    english = service.get(
        f"/api/v1/jobs/{item['job_id']}?lang=en", headers=org.clerk.headers
    ).json()
    assert english["error_message"] != job["error_message"]
    answer = service.get(f"/api/v1/documents/{item['document_id']}", headers=org.clerk.headers)
    assert answer.status_code == 409 and answer.json()["code"] == "processing_failed"


@pytest.mark.parametrize("name", ["empty.txt"])
def test_documents_empty_file_is_refused_and_nothing_stored(
    service: TestClient, org: Org, name: str
) -> None:
    answer = upload(service, org.clerk, (name, b""))
    assert answer.status_code == 422
    assert answer.json()["code"] == "empty_file" and name in answer.json()["message"]
    assert service.get("/api/v1/documents", headers=org.clerk.headers).json()["count"] == 0


def test_documents_too_large_is_413_while_streaming(
    service: TestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = service.app.state.settings
    monkeypatch.setattr(settings, "max_upload_bytes", 64 * 1024)
    before = set(settings.files_dir.iterdir())
    answer = upload(service, org.clerk, ("big.txt", b"a" * (64 * 1024 + 1)))
    assert answer.status_code == 413
    assert answer.json()["code"] == "too_large" and "big.txt" in answer.json()["message"]
    assert set(settings.files_dir.iterdir()) == before  # the partial file is gone
    english = upload(service, org.clerk, ("big.txt", b"a" * (200 * 1024)), params={"lang": "en"})
    assert english.status_code == 413 and "too large" in english.json()["message"]


def test_documents_upload_needs_multipart_file(service: TestClient, org: Org) -> None:
    answer = service.post(
        "/api/v1/documents",
        content=b"hello",
        headers={**org.clerk.headers, "content-type": "text/plain"},
    )
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"
    other_field = service.post(
        "/api/v1/documents", files={"doc": ("a.txt", b"x")}, headers=org.clerk.headers
    )
    assert other_field.status_code == 422


def test_documents_list_filters(service: TestClient, org: Org) -> None:
    for name, n in (("s2.txt", 2), ("s3.txt", 3)):
        item = upload(service, org.clerk, (name, seed(n))).json()["data"][0]
        wait_job(service, org.clerk, item["job_id"])

    def names(**params: str) -> list[str]:
        answer = service.get("/api/v1/documents", params=params, headers=org.viewer.headers)
        assert answer.status_code == 200, answer.text
        return sorted(d["filename"] for d in answer.json()["data"])

    assert names() == ["s2.txt", "s3.txt"]
    assert names(issuer="thái bình") == ["s2.txt"]
    assert names(date_from="2023-07-01", date_to="2023-07-31") == ["s2.txt"]
    assert names(date_from="2024-01-01") == []
    assert names(q="1322/UBND-NC") == ["s3.txt"]
    assert "s2.txt" in names(type="cong_van")
    assert names(type="quyet_dinh") == []
    assert (
        service.get(
            "/api/v1/documents", params={"type": "nope"}, headers=org.clerk.headers
        ).status_code
        == 422
    )


def test_documents_delete_removes_row_tasks_and_file(service: TestClient, org: Org) -> None:
    data = short_dispatch("delete")
    item = upload(service, org.clerk, ("d.txt", data)).json()["data"][0]
    wait_job(service, org.clerk, item["job_id"])
    files_dir = service.app.state.settings.files_dir
    before = len(list(files_dir.iterdir()))
    assert (
        service.delete(
            f"/api/v1/documents/{item['document_id']}", headers=org.viewer.headers
        ).status_code
        == 403
    )
    assert (
        service.delete(
            f"/api/v1/documents/{item['document_id']}", headers=org.clerk.headers
        ).status_code
        == 204
    )
    assert len(list(files_dir.iterdir())) == before - 1
    assert (
        service.get(
            f"/api/v1/documents/{item['document_id']}", headers=org.clerk.headers
        ).status_code
        == 404
    )
    assert (
        service.get(f"/api/v1/jobs/{item['job_id']}", headers=org.clerk.headers).status_code == 404
    )
    tasks = service.get(
        "/api/v1/tasks", params={"document_id": item["document_id"]}, headers=org.clerk.headers
    )
    assert tasks.json()["count"] == 0
    # uploading it again is a new document, processed again
    again = upload(service, org.clerk, ("d.txt", data)).json()["data"][0]
    assert again["duplicate"] is False
    wait_job(service, org.clerk, again["job_id"])


def test_documents_stored_under_generated_names_only(service: TestClient, org: Org) -> None:
    hostile = '..\\..\\etc/passwd"\r\nX-Evil: 1.txt'
    item = upload(service, org.clerk, (hostile, short_dispatch("names"))).json()["data"][0]
    wait_job(service, org.clerk, item["job_id"])
    # the base name only, without quotes or line breaks (the client may have percent-encoded them)
    assert item["filename"].startswith("passwd") and not set('/\\"\r\n') & set(item["filename"])
    names = [p.name for p in service.app.state.settings.files_dir.iterdir()]
    assert all(len(n) == 32 and all(c in "0123456789abcdef" for c in n) for n in names), names
    original = service.get(
        f"/api/v1/documents/{item['document_id']}/original", headers=org.clerk.headers
    )
    assert original.status_code == 200 and "x-evil" not in original.headers
