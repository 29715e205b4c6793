"""``vanban import DIR``: batch results into the service's store, then served like uploads.

The results are the real pipeline's on ``samples/*.txt``, written as ``vanban batch`` writes them
(one contract JSON per document, ``results.jsonl``, ``results.parquet``); the command runs as a
user runs it (the CLI, against the same SQLite file or PostgreSQL database as the app), and what it
stored is checked through real HTTP requests to the app; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from vanban.api import crud
from vanban.api.db import session_scope
from vanban.nlp.contract import DocumentResult

from tests.api.helpers import Account, make_result, upload, wait_job
from tests.api.test_pages import signed_in
from vanban.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
VANBAN = Path(sys.executable).parent / "vanban"
runner = CliRunner()


@dataclass
class Results:
    dir: Path
    by_filename: dict[str, DocumentResult]


@pytest.fixture(scope="session")
def pipeline_results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    """The pipeline's contracts of the samples, one JSON file each (two in a sub-folder), with a
    run summary beside them as ``vanban batch`` leaves it."""
    from vanban.nlp.process import process

    root = tmp_path_factory.mktemp("batch-out")
    by_filename = {}
    for n, path in enumerate(sorted(SAMPLES.glob("*.txt"))):
        result = process(path.read_bytes(), filename=path.name)
        folder = root / "2023" if n % 2 else root
        folder.mkdir(exist_ok=True)
        name = f"{path.stem}-{result.source.sha256[:12]}.json"
        (folder / name).write_text(result.model_dump_json(), encoding="utf-8")
        by_filename[path.name] = result
    (root / "summary.json").write_text(json.dumps({"done": len(by_filename)}), encoding="utf-8")
    (root / ".vanban-batch.sqlite").write_bytes(b"not a result")
    assert any(r.references for r in by_filename.values())
    assert any(r.obligations for r in by_filename.values())
    return Results(root, by_filename)


def cli_env(service: TestClient, **extra: str) -> dict[str, str | None]:
    """The command pointed at the app's own database, as an administrator would point it."""
    settings = service.app.state.settings
    return {
        "VANBAN_DATABASE_URL": settings.database_url,
        "VANBAN_DATA_DIR": str(settings.data_dir),
        "VANBAN_LANG": None,
        **extra,
    }


def run_import(service: TestClient, *args: object, **env: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["import", *map(str, args)], env=cli_env(service, **env))


def account_in(service: TestClient, org_name: str) -> Account:
    """A clerk of an organisation (the import creates it; users create joins it)."""
    email = f"clerk-{uuid.uuid4().hex[:8]}@example.vn"
    with session_scope(service.app.state.sessions) as session:
        user, token = crud.create_user(
            session=session, org_name=org_name, email=email, role="clerk"
        )
        return Account(user.org_id, user.email, "clerk", token)


def new_org_name() -> str:
    return f"Lưu trữ tỉnh {uuid.uuid4().hex[:8]}"


def documents(service: TestClient, account: Account) -> list[dict]:
    answer = service.get("/api/v1/documents", params={"limit": 500}, headers=account.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def test_import_batch_output_is_served_like_uploads(
    service: TestClient, pipeline_results: Results
) -> None:
    results = pipeline_results.by_filename
    name = new_org_name()
    # a high review threshold so that some real obligations wait for review, as after an upload
    first = run_import(
        service, pipeline_results.dir, "--org", name, "--lang", "en",
        VANBAN_REVIEW_THRESHOLD="0.95",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert f"Created the organisation “{name}”" in first.stdout
    assert f"imported {len(results)} documents; skipped 0" in first.stdout
    assert "Invalid record" not in first.stderr  # summary.json and the hidden ledger are not read

    clerk = account_in(service, name)
    listed = documents(service, clerk)
    assert sorted(d["filename"] for d in listed) == sorted(results)
    assert {d["status"] for d in listed} == {"done"}
    ids = {d["filename"]: d["id"] for d in listed}

    pending = 0
    for filename, result in results.items():
        doc_id = ids[filename]
        contract = service.get(f"/api/v1/documents/{doc_id}", headers=clerk.headers)
        assert contract.status_code == 200
        assert contract.json() == result.model_dump(mode="json")
        # every obligation is a task or waits for review, by its confidence
        params = {"document_id": doc_id}
        tasks = service.get("/api/v1/tasks", params=params, headers=clerk.headers).json()["data"]
        queue = service.get("/api/v1/review", params=params, headers=clerk.headers).json()["data"]
        confident = [o for o in result.obligations if o.confidence is None or o.confidence >= 0.95]
        unsure = [o for o in result.obligations if o not in confident]
        assert sorted(t["quote"] for t in tasks) == sorted(o.quote for o in confident)
        assert sorted(t["quote"] for t in queue) == sorted(o.quote for o in unsure)
        pending += len(queue)
        # no original was stored: a clear 404, not an error of the server
        original = service.get(f"/api/v1/documents/{doc_id}/original", headers=clerk.headers)
        assert original.status_code == 404 and original.json()["code"] == "not_found"
    assert pending > 0

    # the citation search finds every imported document that cites an instrument
    citing = defaultdict(set)
    for filename, result in results.items():
        for ref in result.references:
            if ref.number_symbol:
                citing[ref.number_symbol].add(ids[filename])
    assert citing
    for number_symbol, expected in citing.items():
        answer = service.get(
            "/api/v1/citations", params={"number_symbol": number_symbol}, headers=clerk.headers
        )
        assert answer.status_code == 200
        found = {hit["document_id"] for hit in answer.json()["data"]}
        assert found >= expected, number_symbol
        assert found <= set(ids.values())

    # the page lists them and shows each one
    page = signed_in(service, clerk.token)
    home = page.get("/")
    assert home.status_code == 200 and all(f in home.text for f in results)
    for doc_id in ids.values():
        assert page.get(f"/documents/{doc_id}").status_code == 200

    again = run_import(service, pipeline_results.dir, "--org", name, "--lang", "en")
    assert again.exit_code == 0, again.output
    assert f"imported 0 documents; skipped {len(results)} already there" in again.stdout
    assert "Created" not in again.stdout
    assert len(documents(service, clerk)) == len(results)


def test_import_jsonl_and_parquet_report_invalid_records_and_go_on(
    service: TestClient, pipeline_results: Results, tmp_path: Path
) -> None:
    results = list(pipeline_results.by_filename.values())
    contracts = [r.model_dump(mode="json") for r in results]
    no_text = {k: v for k, v in contracts[0].items() if k != "text"}
    bad_hash = {**contracts[0], "source": {**contracts[0]["source"], "sha256": "abc"}}

    jsonl_dir = tmp_path / "jsonl"
    jsonl_dir.mkdir()
    lines = [json.dumps(contracts[0]), "{not json", *map(json.dumps, contracts[1:]), ""]
    lines.insert(3, json.dumps(no_text))  # line 4
    (jsonl_dir / "results.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (jsonl_dir / "seed-000.json").write_text(json.dumps(contracts[0]), encoding="utf-8")
    jsonl_org = new_org_name()
    answer = run_import(service, jsonl_dir, "--org", jsonl_org, "--chunk", "2")
    assert answer.exit_code == 1, answer.output  # Vietnamese by default
    assert f"đã nhập {len(results)} văn bản" in answer.stdout
    assert "và 1 bản ghi lặp lại trong dữ liệu nhập; 2 bản ghi không hợp lệ" in answer.stdout
    assert "results.jsonl:2: JSON" in answer.stderr
    assert "results.jsonl:4: text: Field required" in answer.stderr

    parquet_dir = tmp_path / "parquet"
    parquet_dir.mkdir()
    rows = [*contracts[:2], bad_hash, *contracts[2:]]
    table = pa.table(
        {
            "sha256": [c["source"]["sha256"] for c in rows],
            "result": [json.dumps(c, ensure_ascii=False) for c in rows],
        }
    )
    pq.write_table(table, parquet_dir / "results.parquet", row_group_size=2)
    parquet_org = new_org_name()
    answer = run_import(service, parquet_dir, "--org", parquet_org, "--lang", "en")
    assert answer.exit_code == 1, answer.output
    assert f"imported {len(results)} documents; skipped 0" in answer.stdout
    assert "1 invalid records" in answer.stdout
    assert "results.parquet:3: source.sha256" in answer.stderr

    for org_name in (jsonl_org, parquet_org):
        listed = documents(service, account_in(service, org_name))
        assert sorted(d["sha256"] for d in listed) == sorted(r.source.sha256 for r in results)

    # an imported document deleted by a clerk comes back with the next import, alone
    clerk = account_in(service, jsonl_org)
    gone = documents(service, clerk)[0]
    deleted = service.delete(f"/api/v1/documents/{gone['id']}", headers=clerk.headers)
    assert deleted.status_code == 204
    answer = run_import(service, jsonl_dir, "--org", jsonl_org, "--lang", "en")
    assert f"imported 1 documents; skipped {len(results) - 1} already there" in answer.stdout
    assert gone["sha256"] in {d["sha256"] for d in documents(service, clerk)}


def test_import_a_record_the_database_refuses_costs_only_itself(
    service: TestClient, tmp_path: Path
) -> None:
    good = [make_result(f"Phòng Nội vụ báo cáo số {n}.", filename=f"cv-{n}.txt") for n in range(3)]
    # longer than the documents.number_symbol column: PostgreSQL refuses it, SQLite keeps it
    too_long = make_result(
        "Phòng Nội vụ báo cáo.", filename="long.txt", number_symbol="1/" + "X" * 150
    )
    records = [good[0], too_long, *good[1:]]
    (tmp_path / "results.jsonl").write_text(
        "".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8"
    )
    name = new_org_name()
    answer = run_import(service, tmp_path, "--org", name, "--lang", "en")  # one chunk
    filenames = {d["filename"] for d in documents(service, account_in(service, name))}
    assert filenames >= {"cv-0.txt", "cv-1.txt", "cv-2.txt"}
    if service.app.state.settings.is_sqlite:
        assert answer.exit_code == 0 and "long.txt" in filenames
    else:
        assert answer.exit_code == 1, answer.output
        assert "results.jsonl:2: database:" in answer.stderr
        assert "imported 3 documents" in answer.stdout and "long.txt" not in filenames


def test_import_bad_usage_exits_2(tmp_path: Path) -> None:
    def run(*args: object):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["import", *map(str, args)], env={"VANBAN_LANG": None})

    missing = run(tmp_path / "nowhere", "--org", "X")
    assert missing.exit_code == 2 and "Không thấy thư mục" in missing.stderr
    (tmp_path / "notes.txt").write_text("no results here", encoding="utf-8")
    empty = run(tmp_path, "--org", "X", "--lang", "en")
    assert empty.exit_code == 2 and "No results in" in empty.stderr
    assert run(tmp_path / "notes.txt", "--org", "X").exit_code == 2
    assert run(tmp_path, "--org", "X", "--chunk", "0").exit_code == 2


@pytest.mark.slow
def test_import_gives_what_an_upload_gives(service: TestClient, pipeline_results: Results) -> None:
    """The same document uploaded to one organisation and imported into another: the same
    contract, tasks, review queue and citations."""
    filename = "seed-003.txt"
    uploaded_by = account_in(service, new_org_name())
    item = upload(service, uploaded_by, (filename, (SAMPLES / filename).read_bytes())).json()
    assert wait_job(service, uploaded_by, item["data"][0]["job_id"])["status"] == "done"
    uploaded_id = item["data"][0]["document_id"]

    (single,) = pipeline_results.dir.rglob(f"seed-003-{item['data'][0]['sha256'][:12]}.json")
    name = new_org_name()
    assert run_import(service, single, "--org", name).exit_code == 0
    imported_by = account_in(service, name)
    (imported,) = documents(service, imported_by)

    def view(account: Account, doc_id: str) -> dict:
        def get(path: str, **params: str) -> dict:
            answer = service.get(path, params=params, headers=account.headers)
            assert answer.status_code == 200, answer.text
            return answer.json()

        tasks = get("/api/v1/tasks", document_id=doc_id)["data"]
        queue = get("/api/v1/review", document_id=doc_id)["data"]
        keep = ("quote", "assignees", "deadline", "review", "status", "legal_basis", "span")
        cites = get(f"/api/v1/documents/{doc_id}/citations")
        cites.pop("document_id", None)
        return {
            "contract": get(f"/api/v1/documents/{doc_id}"),
            "tasks": sorted(json.dumps({k: t[k] for k in keep}) for t in tasks + queue),
            "citations": cites,
        }

    by_upload, by_import = view(uploaded_by, uploaded_id), view(imported_by, imported["id"])
    assert by_import["tasks"] and by_import["citations"]
    assert by_import == by_upload


@pytest.mark.slow
def test_import_killed_mid_way_then_rerun_completes_without_duplicates(
    service: TestClient, tmp_path: Path
) -> None:
    total, chunk = 200, 10
    with (tmp_path / "results.jsonl").open("w", encoding="utf-8") as out:
        for n in range(total):
            text = f"Kính gửi: Phòng Nội vụ.\nPhòng Nội vụ báo cáo số {n} trước ngày 20/10/2023.\n"
            result = make_result(
                text,
                filename=f"cv-{n}.txt",
                number_symbol=f"{n}/UBND-NV",
                obligations=[{"quote": f"Phòng Nội vụ báo cáo số {n} trước ngày 20/10/2023."}],
                references=[{"type": "nghi_dinh", "number_symbol": "30/2020/NĐ-CP"}],
            )
            out.write(result.model_dump_json() + "\n")
    name = new_org_name()
    clerk = account_in(service, name)
    env = {**os.environ, **{k: v for k, v in cli_env(service).items() if v is not None}}
    env.pop("VANBAN_LANG", None)
    command = [str(VANBAN), "import", str(tmp_path), "--org", name, "--chunk", str(chunk)]

    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not documents(service, clerk):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no chunk committed in 60 s"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    kept = len(documents(service, clerk))
    assert 0 < kept < total, "the import finished before it could be killed"
    assert kept % chunk == 0  # whole chunks only: a chunk is one transaction

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"đã nhập {total - kept} văn bản; bỏ qua {kept} văn bản đã có" in rerun.stdout
    listed = documents(service, clerk)
    assert len(listed) == len({d["sha256"] for d in listed}) == total
    assert {d["status"] for d in listed} == {"done"}
    assert sum(d["task_count"] for d in listed) == total
    cites = service.get(
        "/api/v1/citations", params={"number_symbol": "30/2020/NĐ-CP"}, headers=clerk.headers
    ).json()
    assert cites["count"] == total
