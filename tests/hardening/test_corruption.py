"""A damaged upload never brings the reader down: 1,000 mutated PDFs and 1,000 mutated DOCX.

Each case (seeded, see ``corpus.py``) is read and normalised in this process under a time limit;
every outcome must be a result or one of the project's own error codes, never a parser's
exception, never ``internal_error``, never a hang. OCR runs one process per page and costs
seconds, so here it is replaced by a recorder (the pages it is asked for must exist); a sample
of the cases then goes through the whole pipeline, OCR included, in ``DocumentPool`` workers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from vanban.nlp.contract import DocumentResult
from vanban.nlp.errors import MESSAGES, VanbanError
from vanban.nlp.ingest import ocr, read_document
from vanban.nlp.limits import FileTimeout, time_limit
from vanban.nlp.normalize import clean_text
from vanban.nlp.sandbox import DocumentPool, Limits

from tests.hardening.corpus import DOCX_MUTATIONS, PDF_MUTATIONS, Case, cases

pytestmark = pytest.mark.slow

CASES_PER_KIND = 1000
CHUNKS = 4  # per kind, so that xdist shares the work
CASE_TIME_LIMIT_S = 30
POOL_EVERY = 9  # every ninth case (all mutations: 9 and 8 are coprime) also runs in the pool
BAD_CODES = {"internal_error", "timeout", "worker_crashed"}


def outcome_in_process(case: Case) -> str:
    """'ok' or the error code of reading and normalising ``case``."""
    try:
        with time_limit(CASE_TIME_LIMIT_S):
            source = read_document(case.data, filename=case.filename)
            clean_text(source.text)
    except FileTimeout:
        return "HANG"
    except VanbanError as err:
        # the code is one of ours and its message names the file in both languages
        assert err.code in MESSAGES
        assert case.filename in err.message("vi") and case.filename in err.message("en")
        return err.code
    return "ok"


@pytest.fixture
def ocr_requests(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[int]]]:
    """OCR replaced by a recorder that returns blank pages."""
    asked: list[tuple[str, list[int]]] = []

    def blank_pages(data: bytes, indexes: list[int], *, filename: str) -> list[ocr.OcrPage]:
        asked.append((filename, list(indexes)))
        return [ocr.OcrPage(i, 595.0, 842.0) for i in indexes]

    monkeypatch.setattr(ocr, "ocr_pdf_pages", blank_pages)
    return asked


def _table(results: list[tuple[Case, str]]) -> str:
    by_mutation: dict[str, Counter[str]] = {}
    for case, outcome in results:
        by_mutation.setdefault(case.mutation, Counter())[outcome] += 1
    return "\n".join(f"{m:14} {sum(c.values()):4}  {dict(sorted(c.items()))}"
                     for m, c in sorted(by_mutation.items()))


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_damaged_files_end_in_a_result_or_one_of_our_error_codes(
    kind: str, chunk: int, raw_dir: Path, ocr_requests: list
) -> None:
    size = CASES_PER_KIND // CHUNKS
    results = [(case, outcome_in_process(case))
               for case in cases(kind, size, raw_dir, start=chunk * size)]
    print(f"\n{kind} cases {chunk * size}–{(chunk + 1) * size - 1}\n{_table(results)}")
    bad = [(case.name, outcome) for case, outcome in results
           if outcome == "HANG" or outcome in BAD_CODES]
    assert not bad, bad
    outcomes = Counter(outcome for _case, outcome in results)
    # mild damage is survived, not refused wholesale (pdfminer rebuilds a lost xref)
    assert outcomes["ok"] >= size // 20, outcomes
    # a file cut short is always reported as damaged, never read as a silently partial text
    cut = {outcome for case, outcome in results if case.mutation == "truncate"}
    assert cut == {f"corrupt_{kind}"}, cut
    mutations = PDF_MUTATIONS if kind == "pdf" else DOCX_MUTATIONS
    assert {case.mutation for case, _ in results} == set(mutations)
    for filename, pages in ocr_requests:
        assert pages and all(p >= 0 for p in pages), (filename, pages)


def test_sample_through_the_whole_pipeline_in_worker_processes(raw_dir: Path) -> None:
    """Every ninth case, OCR and the NLP stages included, in sandboxed workers."""
    sample = [case for kind in ("pdf", "docx")
              for case in cases(kind, CASES_PER_KIND, raw_dir, step=POOL_EVERY)]
    with DocumentPool(2, Limits(timeout_s=60, retries=0)) as pool:
        futures = [(case, pool.submit_bytes(case.data, case.filename)) for case in sample]
        results = [(case, future.result(timeout=600)) for case, future in futures]
    print("\n" + _table([(case, o["code"] if not o["ok"] else "ok") for case, o in results]))
    bad = [(case.name, o["code"], o["detail"]) for case, o in results
           if not o["ok"] and (o["code"] in BAD_CODES or o["code"] not in MESSAGES)]
    assert not bad, bad
    done = [o["result"] for _case, o in results if o["ok"]]
    assert len(done) >= len(sample) // 10
    for result in done:
        # valid against the contract, and every span inside the text
        parsed = DocumentResult.model_validate(result)
        spans = [p.span for p in parsed.parts] + [d.span for d in parsed.deadlines]
        assert all(0 <= s[0] <= s[1] <= len(parsed.text) for s in spans if s)
