"""The API fuzzed from its own OpenAPI document (schemathesis): every operation, with inputs
generated from the schema, signed in as a clerk while a second organisation's data is present,
never answers with a server error, and its answers conform to the published schema (status
codes, content types, response bodies). Bounded examples per operation; SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.python.asgi import ASGIClient

from tests.api.helpers import Org, make_result, short_dispatch, store_result, upload

BASE_URL = "http://testserver"
EXAMPLES = 40  # per operation (~30 operations): about 10 s per database here
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _archive(service: TestClient, org: Org, other_org: Org) -> None:
    """Data for both organisations: a processed dispatch with a task, a review item and a
    citation each, and an upload that the job runner is working on."""
    for owner in (org, other_org):
        text = "Căn cứ Nghị định số 91/2017/NĐ-CP.\nPhòng Nội vụ báo cáo trước ngày 20/10/2030.\n"
        store_result(
            service,
            owner.clerk.org_id,
            make_result(
                text,
                number_symbol="5/UBND-VP",
                obligations=[
                    {
                        "quote": "Phòng Nội vụ báo cáo trước ngày 20/10/2030.",
                        "deadline": "2030-10-20",
                    },
                    {"quote": "Căn cứ Nghị định số 91/2017/NĐ-CP.", "confidence": 0.1},
                ],
                references=[
                    {
                        "type": "nghi_dinh",
                        "number_symbol": "91/2017/NĐ-CP",
                        "relation": "basis",
                        "mentions": [(None, "91/2017/NĐ-CP")],
                    }
                ],
            ),
        )
    assert upload(service, other_org.clerk, ("kia.txt", short_dispatch("fuzz"))).status_code == 202


@pytest.mark.slow
def test_fuzz_api_from_its_openapi_document(service: TestClient, org: Org, other_org: Org) -> None:
    _archive(service, org, other_org)
    # the schema as the running app publishes it; calls go in process through a client that is
    # never entered, so the app keeps the lifespan (job runner) that the fixture started
    schema = schemathesis.openapi.from_dict(service.get("/openapi.json").json())
    client = ASGIClient(service.app)
    headers = org.clerk.headers
    checks = CHECKS
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20  # the whole API, not an empty schema

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,  # the same inputs on every run: a failure reproduces
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            response = case.call(base_url=BASE_URL, session=client, headers=headers)
            case.validate_response(response, checks=checks, headers=headers)

        try:
            exercise()
        except Exception as failure:  # collect every operation's failure, then report them all
            failures[operation.label] = str(failure)[:1500]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_fuzz_found_a_huge_offset_is_refused_not_a_server_error(
    service: TestClient, org: Org
) -> None:
    """Found by the fuzz test: an offset past 2**63 overflowed SQLite's integer (a 500)."""
    for offset in (2**63, 2**31):
        answer = service.get(
            "/api/v1/documents", params={"offset": offset}, headers=org.clerk.headers
        )
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_request"
    fine = service.get("/api/v1/documents", params={"offset": 2**31 - 1}, headers=org.clerk.headers)
    assert fine.status_code == 200 and fine.json()["data"] == []


NUL_INPUTS = [  # (method, path, query, JSON body, PostgreSQL's answer)
    ("GET", "/api/v1/documents", {"q": "a\x00b"}, None, 422),
    ("GET", "/api/v1/documents", {"issuer": "\x00"}, None, 422),
    ("GET", "/api/v1/tasks", {"owner": "a\x00"}, None, 422),
    ("GET", "/api/v1/citations", {"number_symbol": "91\x00"}, None, 422),
    ("PATCH", "/api/v1/tasks/{task}", None, {"notes": "a\x00b"}, 422),
    # JSON columns keep NUL escaped (\u0000): stored like any text
    ("PATCH", "/api/v1/tasks/{task}", None, {"corrections": {"assignees": ["\x00"]}}, 200),
]


@pytest.mark.parametrize(("method", "path", "params", "body", "on_postgresql"), NUL_INPUTS)
def test_fuzz_nul_characters_are_refused_not_a_server_error(
    service: TestClient,
    org: Org,
    method: str,
    path: str,
    params: dict | None,
    body: dict | None,
    on_postgresql: int,
) -> None:
    """Found while probing the fuzzed surface by hand: PostgreSQL text cannot hold NUL, which
    made these answer 500; now they are refused as invalid input (422) and change nothing.
    SQLite stores NUL, so it answers as for any text."""
    text = "Các xã báo cáo kết quả."
    document = store_result(
        service, org.clerk.org_id, make_result(text, obligations=[{"quote": text}])
    )
    task = service.get(
        "/api/v1/tasks", params={"document_id": document}, headers=org.clerk.headers
    ).json()["data"][0]
    answer = service.request(
        method, path.format(task=task["id"]), params=params, json=body, headers=org.clerk.headers
    )
    expected = 200 if service.app.state.settings.is_sqlite else on_postgresql
    assert answer.status_code == expected, answer.text
    if answer.status_code == 422:
        assert answer.json()["code"] == "invalid_request"
        after = service.get(f"/api/v1/tasks/{task['id']}", headers=org.clerk.headers).json()
        assert after["notes"] is None and after["history"] == []
    sign_in = service.post("/signin", data={"email": "a\x00@x.vn", "password": "x\x00yz12345"})
    assert sign_in.status_code == 401  # a failed sign-in like any other
