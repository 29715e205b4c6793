"""Tasks: one per obligation, overdue first, updates with history, corrections kept apart from
the machine's output, and the review queue for low-confidence obligations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import Org, make_result, store_result

PAST = (date.today() - timedelta(days=30)).isoformat()
SOON = (date.today() + timedelta(days=10)).isoformat()
LATER = (date.today() + timedelta(days=60)).isoformat()

TEXT = (
    "Kính gửi: Các phòng, ban chuyên môn.\n"
    "1. Phòng Nội vụ tổng hợp, báo cáo UBND huyện trước ngày hạn một.\n"
    "2. Các xã, thị trấn rà soát danh sách khen thưởng.\n"
    "3. Văn phòng HĐND và UBND đăng tải văn bản lên cổng thông tin.\n"
    "4. Trung tâm Văn hóa tuyên truyền rộng rãi.\n"
)


def archive(service: TestClient, org: Org) -> str:
    result = make_result(
        TEXT,
        number_symbol="1322/UBND-NC",
        subject="nâng cao chất lượng công tác thi đua",
        obligations=[
            {
                "quote": "Các xã, thị trấn rà soát danh sách khen thưởng.",
                "category": "review",
                "assignees": ["Các xã, thị trấn"],
                "deadline": LATER,
                "confidence": 0.9,
            },
            {
                "quote": "Phòng Nội vụ tổng hợp, báo cáo UBND huyện trước ngày hạn một.",
                "assignees": ["Phòng Nội vụ"],
                "deadline": PAST,
                "confidence": 0.95,
            },
            {
                "quote": "Văn phòng HĐND và UBND đăng tải văn bản lên cổng thông tin.",
                "category": "communicate",
                "assignees": ["Văn phòng HĐND và UBND"],
                "deadline": None,
            },
            {
                "quote": "Trung tâm Văn hóa tuyên truyền rộng rãi.",
                "category": "communicate",
                "assignees": ["Trung tâm Văn hóa"],
                "deadline": SOON,
                "confidence": 0.2,
            },
        ],
    )
    return store_result(service, org.clerk.org_id, result)


def test_tasks_one_per_confident_obligation_overdue_first(service: TestClient, org: Org) -> None:
    document_id = archive(service, org)
    answer = service.get(
        "/api/v1/tasks", params={"document_id": document_id}, headers=org.viewer.headers
    )
    assert answer.status_code == 200
    tasks = answer.json()["data"]
    # the 0.2-confidence obligation waits for review; the rest: overdue first, undated last
    assert [t["assignees"][0] for t in tasks] == [
        "Phòng Nội vụ",
        "Các xã, thị trấn",
        "Văn phòng HĐND và UBND",
    ]
    assert [t["overdue"] for t in tasks] == [True, False, False]
    assert all(t["status"] == "new" and t["review"] == "auto" for t in tasks)
    assert tasks[0]["document_number_symbol"] == "1322/UBND-NC"
    start, end = tasks[0]["span"]
    assert TEXT[start:end] == tasks[0]["quote"]


def test_tasks_mark_done_keeps_history(service: TestClient, org: Org) -> None:
    archive(service, org)
    overdue = service.get(
        "/api/v1/tasks", params={"overdue": True}, headers=org.clerk.headers
    ).json()["data"]
    assert len(overdue) == 1
    task_id = overdue[0]["id"]
    answer = service.patch(
        f"/api/v1/tasks/{task_id}",
        json={"status": "done", "owner": "Nguyễn Văn A", "notes": "Đã gửi báo cáo <b>số 12</b>"},
        headers=org.clerk.headers,
    )
    assert answer.status_code == 200, answer.text
    task = answer.json()
    assert task["status"] == "done" and task["overdue"] is False and task["owner"] == "Nguyễn Văn A"
    assert task["notes"] == "Đã gửi báo cáo <b>số 12</b>"
    history = {e["field"]: e for e in task["history"]}
    assert set(history) == {"status", "owner", "notes"}
    assert history["status"]["old"] == "new" and history["status"]["new"] == "done"
    assert history["status"]["user_email"] == org.clerk.email and history["status"]["at"]
    # the same value again leaves no new event
    again = service.patch(
        f"/api/v1/tasks/{task_id}", json={"status": "done"}, headers=org.clerk.headers
    ).json()
    assert len(again["history"]) == 3
    assert (
        service.get("/api/v1/tasks", params={"status": "done"}, headers=org.clerk.headers).json()[
            "count"
        ]
        == 1
    )
    assert (
        service.get("/api/v1/tasks", params={"overdue": True}, headers=org.clerk.headers).json()[
            "count"
        ]
        == 0
    )


def test_tasks_corrections_are_kept_apart_from_machine_output(
    service: TestClient, org: Org
) -> None:
    archive(service, org)
    task = service.get("/api/v1/tasks", headers=org.clerk.headers).json()["data"][-1]  # undated
    answer = service.patch(
        f"/api/v1/tasks/{task['id']}",
        json={"corrections": {"deadline": SOON, "assignees": ["Văn phòng UBND huyện"]}},
        headers=org.clerk.headers,
    )
    assert answer.status_code == 200, answer.text
    corrected = answer.json()
    assert corrected["deadline"] == SOON and corrected["assignees"] == ["Văn phòng UBND huyện"]
    assert corrected["machine"]["deadline"] is None
    assert corrected["machine"]["assignees"] == ["Văn phòng HĐND và UBND"]
    assert corrected["corrections"]["deadline"] == SOON
    events = [(e["field"], e["old"], e["new"]) for e in corrected["history"]]
    assert ("corrections.deadline", None, SOON) in events
    # the corrected deadline now orders the board: before the LATER task
    board = service.get("/api/v1/tasks", headers=org.clerk.headers).json()["data"]
    assert [t["id"] for t in board].index(task["id"]) == 1
    # correcting back to the machine's value removes the correction
    back = service.patch(
        f"/api/v1/tasks/{task['id']}",
        json={"corrections": {"deadline": None}},
        headers=org.clerk.headers,
    ).json()
    assert "deadline" not in {k for k, v in back["corrections"].items() if v is not None}
    assert back["deadline"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"status": "finished"},
        {"priority": "high"},
        {"corrections": {"deadline": "20/10/2023"}},
        {"corrections": {"modality": "maybe"}},
        {"owner": "x" * 201},
    ],
)
def test_tasks_bad_update_is_422_and_changes_nothing(
    service: TestClient, org: Org, body: dict
) -> None:
    archive(service, org)
    task = service.get("/api/v1/tasks", headers=org.clerk.headers).json()["data"][0]
    answer = service.patch(f"/api/v1/tasks/{task['id']}", json=body, headers=org.clerk.headers)
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_request" and answer.json()["message"]
    after = service.get(f"/api/v1/tasks/{task['id']}", headers=org.clerk.headers).json()
    assert after["history"] == [] and after["status"] == "new"


def test_tasks_review_queue_low_confidence_first_then_decided(
    service: TestClient, org: Org
) -> None:
    archive(service, org)
    extra = make_result(
        "Các trường học tổ chức tập huấn cho giáo viên.",
        obligations=[
            {
                "quote": "Các trường học tổ chức tập huấn cho giáo viên.",
                "category": "organize",
                "confidence": 0.4,
            }
        ],
    )
    store_result(service, org.clerk.org_id, extra)
    queue = service.get("/api/v1/review", headers=org.viewer.headers).json()
    assert [t["confidence"] for t in queue["data"]] == [0.2, 0.4]
    assert all(t["review"] == "pending" for t in queue["data"])
    low, other = queue["data"]
    accepted = service.post(
        f"/api/v1/review/{low['id']}",
        json={"decision": "accept", "corrections": {"owner": "x"}},
        headers=org.clerk.headers,
    )
    assert accepted.status_code == 422  # owner is not an extracted field
    accepted = service.post(
        f"/api/v1/review/{low['id']}",
        json={"decision": "accept", "corrections": {"action": "tuyên truyền về thi đua"}},
        headers=org.clerk.headers,
    )
    assert accepted.status_code == 200 and accepted.json()["review"] == "accepted"
    rejected = service.post(
        f"/api/v1/review/{other['id']}", json={"decision": "reject"}, headers=org.clerk.headers
    )
    assert rejected.json()["review"] == "rejected"
    assert service.get("/api/v1/review", headers=org.clerk.headers).json()["count"] == 0
    tasks = service.get("/api/v1/tasks", headers=org.clerk.headers).json()["data"]
    assert low["id"] in {t["id"] for t in tasks} and other["id"] not in {t["id"] for t in tasks}
    # a decided item cannot be decided again
    again = service.post(
        f"/api/v1/review/{low['id']}", json={"decision": "reject"}, headers=org.clerk.headers
    )
    assert again.status_code == 404
