"""The ``vanban_obligations`` component in the whole flow, on seed 003 (a dispatch whose item 9
"Giao Phòng Nội vụ:" passes its assignee to two bullets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.nlp.contract import DocumentResult
from vanban.nlp.process import process_doc


@pytest.fixture(scope="module")
def seed_003(seed_paths: list[Path]):
    path = next(p for p in seed_paths if p.name.startswith("003_"))
    return process_doc(path.read_bytes(), filename=path.name)


def test_component_fills_obligations_in_the_contract(seed_003) -> None:
    result, doc = seed_003
    DocumentResult.model_validate(result.model_dump())
    assert result.obligations and result.obligations == doc._.obligations
    assert [(s.start_char, s.end_char) for s in doc.spans["obligations"]] == [o.span for o in result.obligations]


def test_component_quotes_are_text_spans_with_confidence(seed_003) -> None:
    result, _ = seed_003
    for ob in result.obligations:
        assert " ".join(result.text[ob.span[0] : ob.span[1]].split()) == ob.quote
        assert 0.0 <= ob.confidence <= 1.0


def test_component_heading_assignee_reaches_bullets(seed_003) -> None:
    result, _ = seed_003
    bullet = next(o for o in result.obligations if o.quote.startswith("Tăng cường hướng dẫn, đôn đốc"))
    assert bullet.assignees == ["Phòng Nội vụ"]


def test_component_prohibition_and_dated_report(seed_003) -> None:
    result, _ = seed_003
    by_start = {o.quote[:25]: o for o in result.obligations}
    assert by_start["Không trình khen thưởng c"].modality == "prohibition"
    report = next(o for o in result.obligations if o.quote.startswith("Kết quả rà soát"))
    assert report.deadline == "2023-10-20"
