"""`vanban extract` reads in its own process, under a time and a memory limit per file.

Run as a user runs it (the console script in a subprocess): a file over its limit is one error
line with a stable code, the files after it are still read, and the exit code is 1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening import handmade

pytestmark = pytest.mark.slow

SHORT_DISPATCH = (
    "ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC\nSố: 15/UBND-VP\nV/v báo cáo kết quả\n"
    "Kính gửi: Các cơ quan, đơn vị thuộc huyện.\n"
    "Đề nghị các cơ quan, đơn vị báo cáo kết quả về Văn phòng trước ngày 20/10/2023.\n"
)


def vanban(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("vanban", path=str(Path(sys.executable).parent))
    assert exe, "the vanban console script is installed beside the interpreter"
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300)


def test_a_file_over_the_time_limit_fails_alone(tmp_path: Path) -> None:
    slow = tmp_path / "cham.pdf"
    slow.write_bytes(handmade.pages_pdf(900, lines=60))  # tens of seconds of layout analysis
    ok = tmp_path / "ngan.txt"
    ok.write_text(SHORT_DISPATCH, encoding="utf-8")
    proc = vanban("extract", "--timeout", "5", str(slow), str(ok))
    assert proc.returncode == 1, proc.stderr
    assert "[timeout]" in proc.stderr and "cham.pdf" in proc.stderr
    assert "Traceback" not in proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [r["source"]["filename"] for r in results] == ["ngan.txt"]
    assert "Đã xử lý 1/2 tệp" in proc.stderr


def test_memory_and_size_bombs_are_too_large(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.pdf"  # one content stream that inflates to 100 MB
    bomb.write_bytes(handmade.pages_pdf(1, content=handmade.deflate_zeros(100 * 1024 * 1024),
                                        content_attrs=b"/Filter /FlateDecode"))
    huge = tmp_path / "lon.pdf"  # 200 MB upload, sparse on disk
    with huge.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(200 * 1024 * 1024)
    proc = vanban("extract", "--max-memory", "48", "--lang", "en", str(bomb), str(huge))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert any("[too_large]" in line and "bom.pdf" in line for line in lines), proc.stderr
    assert any("[too_large]" in line and "lon.pdf" in line and "200 MB" in line for line in lines)
    assert "Traceback" not in proc.stderr
    assert "Processed 0/2 files" in proc.stderr
