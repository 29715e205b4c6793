"""Every real original in ../shared/corpus/raw/ goes through the whole pipeline: signed PDFs,
scans with stamps and incoming-mail marks, Word 97 .doc, Công báo PDFs with running headers."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from vanban.nlp.contract import DocumentResult

ORIGINALS = (".pdf", ".doc", ".docx")


def _process(path: str) -> dict:
    from vanban.nlp.process import process

    p = Path(path)
    return process(p.read_bytes(), filename=p.name).model_dump(mode="json")


def _originals(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.iterdir() if p.suffix in ORIGINALS)


@pytest.mark.slow
def test_raw_corpus_every_original_is_read(raw_dir: Path) -> None:
    paths = _originals(raw_dir)
    assert len(paths) >= 30
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = dict(zip(paths, pool.map(_process, map(str, paths)), strict=True))
    for path, data in results.items():
        result = DocumentResult.model_validate(data)
        assert len(result.text) > 200, path.name
        assert any(p.label == "body" for p in result.parts), path.name
        if path.suffix == ".pdf":
            assert result.source.pages and result.source.pages >= 1
    scans = [results[raw_dir / f"qngai-{n:03d}.pdf"] for n in (5, 6, 7, 8, 9, 10, 11, 12, 14)]
    assert all(s["source"]["ocr"] for s in scans)
    born_digital = results[raw_dir / "qngai-001.pdf"]
    assert not born_digital["source"]["ocr"]
    assert "ttcbth@quangngai.gov.vn" not in born_digital["text"]  # the signature stamp is out of the body
    congbao = results[raw_dir / "congbao-001.pdf"]
    assert "CÔNG BÁO/Số" not in congbao["text"]  # running headers dropped
    word97 = results[raw_dir / "qlvb-004.doc"]
    assert word97["metadata"]["number_symbol"] == "09/2009/CT-UBND"
