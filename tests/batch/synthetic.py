"""Synthetic dispatches for batch tests and benchmarks: the repo's sample dispatches with a new
number and date each, so that every document has its own content (and SHA-256) and its own
expected number.

    from tests.batch.synthetic import write_documents
    docs = write_documents(tmp_path / "in", 60)   # [SyntheticDocument(path, number, date), ...]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# the samples whose header has a "Số: …/…" line and a "…, ngày … tháng … năm …" line
TEMPLATE_NAMES = ("seed-001.txt", "seed-002.txt", "seed-003.txt", "seed-004.txt")
_NUMBER_LINE = regex.compile(r"^(\**)Số:\s*\d*\s*/", regex.M)
_DATE_LINE = regex.compile(r"(,\s*ngày)\s*\d*\s*tháng\s*\d*\s*năm\s*\d{4}")


@dataclass(frozen=True)
class SyntheticDocument:
    path: Path
    number: int  # the number part of its "Số:" line
    date: str  # ISO date of its header


@cache
def _templates() -> tuple[str, ...]:
    return tuple((SAMPLES / name).read_text(encoding="utf-8") for name in TEMPLATE_NAMES)


def synthetic_text(index: int) -> tuple[str, int, str]:
    """The ``index``-th document's text, its number and its ISO date (all distinct per index)."""
    template = _templates()[index % len(TEMPLATE_NAMES)]
    number = 1000 + index
    day, month, year = 1 + index % 28, 1 + index // 28 % 12, 2023 + index // 336
    text, n_numbers = _NUMBER_LINE.subn(rf"\g<1>Số: {number}/", template, count=1)
    text, n_dates = _DATE_LINE.subn(rf"\g<1> {day} tháng {month} năm {year}", text, count=1)
    assert n_numbers == n_dates == 1, "a template lost its number or date line"
    return text, number, f"{year:04d}-{month:02d}-{day:02d}"


def write_documents(directory: Path, count: int, *, start: int = 0) -> list[SyntheticDocument]:
    """``count`` documents ``cv-<index>.txt`` in ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    documents = []
    for index in range(start, start + count):
        text, number, date = synthetic_text(index)
        path = directory / f"cv-{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        documents.append(SyntheticDocument(path, number, date))
    return documents
