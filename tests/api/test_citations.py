"""Citations: who cites an instrument (pinpoints, relation), what a document cites, the graph;
and a reply that carries out an archived request proposes that request's tasks as done."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import Org, make_result, store_result

DECREE = {
    "type": "nghi_dinh",
    "number_symbol": "91/2017/NĐ-CP",
    "date": "2017-07-31",
    "issuer": "Chính phủ",
}
REQUEST_TEXT = (
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;\n"
    "Theo quy định tại khoản 2 Điều 5 Nghị định 91/2017/NĐ-CP, đề nghị:\n"
    "Phòng Giáo dục và Đào tạo báo cáo kết quả trước ngày 30/11/2023.\n"
    "Phòng Y tế báo cáo kết quả trước ngày 30/11/2023.\n"
)


def request_document(service: TestClient, org: Org) -> str:
    result = make_result(
        REQUEST_TEXT,
        number_symbol="1322/UBND-NC",
        issuer="Ủy ban nhân dân huyện Cao Lộc",
        doc_date="2023-09-29",
        references=[
            {
                **DECREE,
                "relation": "basis",
                "mentions": [
                    (None, "Nghị định số 91/2017/NĐ-CP"),
                    ("khoản 2 Điều 5", "Nghị định 91/2017/NĐ-CP"),
                ],
            }
        ],
        obligations=[
            {
                "quote": "Phòng Giáo dục và Đào tạo báo cáo kết quả trước ngày 30/11/2023.",
                "assignees": ["Phòng Giáo dục và Đào tạo"],
                "deadline": "2023-11-30",
            },
            {
                "quote": "Phòng Y tế báo cáo kết quả trước ngày 30/11/2023.",
                "assignees": ["Phòng Y tế"],
                "deadline": "2023-11-30",
            },
        ],
    )
    return store_result(service, org.clerk.org_id, result)


REPLY_TEXT = (
    "Thực hiện Công văn số 1322/UBND-NC ngày 29/9/2023 của UBND huyện, "
    "Phòng Giáo dục và Đào tạo báo cáo."
)


def reply_document(service: TestClient, org: Org) -> str:
    result = make_result(
        REPLY_TEXT,
        number_symbol="45/PGDĐT",
        issuer="Phòng Giáo dục và Đào tạo",
        doc_date="2023-11-20",
        subject="báo cáo kết quả",
        references=[
            {
                "type": "cong_van",
                "number_symbol": "1322/UBND-NC",
                "relation": "implements",
                "mentions": [(None, "Công văn số 1322/UBND-NC")],
            }
        ],
    )
    return store_result(service, org.clerk.org_id, result)


def test_citations_who_cites_an_instrument(service: TestClient, org: Org, other_org: Org) -> None:
    request_id = request_document(service, org)
    request_document(service, other_org)  # the other office's copy stays theirs
    for asked in ("91/2017/NĐ-CP", "91/2017/nđ-cp", " 91/2017/ NĐ-CP", "91/2017/N\u00d0-CP"):
        answer = service.get(
            "/api/v1/citations", params={"number_symbol": asked}, headers=org.viewer.headers
        )
        assert answer.status_code == 200
        body = answer.json()
        assert body["count"] == 1, asked
        hit = body["data"][0]
        assert hit["document_id"] == request_id and hit["relation"] == "basis"
        assert hit["pinpoints"] == ["khoản 2 Điều 5"]
        start, end = hit["spans"][1]
        assert REQUEST_TEXT[start:end] == "Nghị định 91/2017/NĐ-CP"
    none = service.get(
        "/api/v1/citations", params={"number_symbol": "15/2020/NĐ-CP"}, headers=org.viewer.headers
    )
    assert none.json()["count"] == 0
    assert service.get("/api/v1/citations", headers=org.viewer.headers).status_code == 422


def test_citations_of_a_document_and_the_graph(service: TestClient, org: Org) -> None:
    request_id = request_document(service, org)
    reply_id = reply_document(service, org)
    reply = service.get(
        f"/api/v1/documents/{reply_id}/citations", headers=org.viewer.headers
    ).json()
    assert reply["cites"][0]["number_symbol"] == "1322/UBND-NC"
    assert (
        reply["cites"][0]["in_archive"] == request_id
        and reply["cites"][0]["relation"] == "implements"
    )
    request = service.get(
        f"/api/v1/documents/{request_id}/citations", headers=org.viewer.headers
    ).json()
    assert request["cites"][0]["in_archive"] is None
    assert [d["document_id"] for d in request["cited_by"]] == [reply_id]
    graph = service.get("/api/v1/citations/graph", headers=org.viewer.headers).json()
    nodes = {n["label"]: n for n in graph["nodes"]}
    assert set(nodes) == {"1322/UBND-NC", "45/PGDĐT", "91/2017/NĐ-CP"}
    assert (
        nodes["91/2017/NĐ-CP"]["in_archive"] is False
        and nodes["1322/UBND-NC"]["document_id"] == request_id
    )
    edges = {
        (nodes_by_id(graph)[e["source"]], nodes_by_id(graph)[e["target"]], e["relation"])
        for e in graph["edges"]
    }
    assert edges == {
        ("45/PGDĐT", "1322/UBND-NC", "implements"),
        ("1322/UBND-NC", "91/2017/NĐ-CP", "basis"),
    }


def nodes_by_id(graph: dict) -> dict[str, str]:
    return {n["id"]: n["label"] for n in graph["nodes"]}


def test_citations_reply_proposes_the_requests_task_as_done(service: TestClient, org: Org) -> None:
    request_id = request_document(service, org)
    reply_id = reply_document(service, org)
    tasks = service.get(
        "/api/v1/tasks", params={"document_id": request_id}, headers=org.clerk.headers
    ).json()["data"]
    proposed = {t["assignees"][0]: t["proposed_done_by"] for t in tasks}
    # only the replying body's task; the status stays for a person to set
    assert proposed == {"Phòng Giáo dục và Đào tạo": reply_id, "Phòng Y tế": None}
    assert {t["status"] for t in tasks} == {"new"}
