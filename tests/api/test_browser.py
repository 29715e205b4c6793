"""The page in a real browser: Debian's Chromium driven by Playwright (no browser download),
against a real server on loopback: sign in → upload → task list → mark done → export."""

from __future__ import annotations

import csv
import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import make_result, new_org, store_result

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


class LiveServer:
    """The app under uvicorn in a thread, so that the test can also reach its database."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        import uvicorn

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.app = app
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    from vanban.api.config import Settings
    from vanban.api.main import create_app

    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'page.db'}",
        workers=1,
        secret_key="browser-test",
    )
    with LiveServer(create_app(settings)) as server:
        yield server


@pytest.mark.slow
def test_browser_sign_in_upload_tasks_mark_done_export(live: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is part of the set-up (scripts/setup.sh)"

    class _Client:  # what tests.api.helpers needs of a client: the app
        app = live.app

    org = new_org(_Client)  # type: ignore[arg-type]
    hostile = (
        "Phòng Nội vụ <script>window.pwned = 1</script> báo cáo kết quả trước ngày 20/10/2023."
    )
    store_result(
        _Client,  # type: ignore[arg-type]
        org.clerk.org_id,
        make_result(
            "Kính gửi: Phòng Nội vụ.\n" + hostile + "\nCác xã tổ chức tập huấn.\n",
            number_symbol="1322/UBND-NC",
            subject="nâng cao chất lượng",
            obligations=[
                {
                    "quote": hostile,
                    "deadline": "2023-10-20",
                    "assignees": ["Phòng Nội vụ"],
                    "action": "báo cáo kết quả <script>",
                },
                {
                    "quote": "Các xã tổ chức tập huấn.",
                    "category": "organize",
                    "assignees": ["Các xã"],
                },
            ],
        ),
    )

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            # sign in with the API token
            page.goto(live.url + "/")
            expect(page).to_have_url(live.url + "/signin")
            page.fill("#token", org.clerk.token)
            page.click("#signin")
            expect(page).to_have_url(live.url + "/")
            # upload a real seed; progress, then a link once its job is done
            page.set_input_files("#files", str(SAMPLES / "seed-002.txt"))
            page.click("#upload-button")
            link = page.locator("a.uploaded-link")
            expect(link).to_have_text("seed-002.txt", timeout=90_000)
            assert page.locator("#upload-progress").evaluate("e => e.value") == 100
            link.click()
            expect(page.locator("h1")).to_have_text("2290/UBND-NCKS")
            expect(page.locator("#document-text")).to_contain_text("thi đua, khen thưởng")
            # the task board: the overdue task first, its <script> shown as text
            page.goto(live.url + "/tasks")
            new = page.locator("#column-new li.task")
            expect(new.first).to_contain_text("báo cáo kết quả <script>")
            expect(new.first).to_have_class(re.compile("overdue"))
            assert page.evaluate("window.pwned") is None and dialogs == []
            before = new.count()
            new.first.locator("button.mark-done").click()
            expect(page.locator("#column-done li.task")).to_have_count(1)
            expect(page.locator("#column-new li.task")).to_have_count(before - 1)
            # export: the CSV says it is done, with Vietnamese headers
            with page.expect_download() as download_info:
                page.click("#export-csv")
            path = download_info.value.path()
            rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
            assert rows and "Trạng thái" in rows[0], Path(path).read_text(encoding="utf-8-sig")[
                :300
            ]
            done = [r for r in rows if r["Trạng thái"] == "Hoàn thành"]
            assert len(done) == 1 and done[0]["Nội dung công việc"] == "báo cáo kết quả <script>"
            # a calendar app's link: works without any sign-in, a new one retires the old
            feed_url = page.locator("#calendar-feed-url")
            page.click("#calendar-feed")
            expect(feed_url).to_have_value(re.compile(r"/calendar/.+\.ics$"))
            first_link = feed_url.input_value()
            calendar = httpx.get(first_link)
            assert calendar.status_code == 200 and "BEGIN:VCALENDAR" in calendar.text
            page.click("#calendar-feed")
            expect(feed_url).not_to_have_value(first_link)
            assert httpx.get(first_link).status_code == 404
            assert httpx.get(feed_url.input_value()).status_code == 200
            # English on request
            page.click("#lang-toggle")
            expect(page.locator("#column-done h2")).to_contain_text("Done")
        finally:
            browser.close()
