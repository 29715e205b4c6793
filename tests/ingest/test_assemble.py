"""SourceText assembly: offsets, one \\n per line, \\f between pages, NFC."""

from __future__ import annotations

import unicodedata

from vanban.nlp.ingest.assemble import RawLine, build_source


def test_assemble_offsets_newlines_and_form_feeds() -> None:
    pages = [
        [RawLine("  ỦY BAN NHÂN DÂN ", 1, (1, 2, 3, 4), True), RawLine("   ", 1)],
        [RawLine(unicodedata.normalize("NFD", "Độc lập\ttự do"), 2)],
    ]
    source = build_source(pages, media_type="application/pdf", page_count=2)
    assert source.text == "ỦY BAN NHÂN DÂN\n\fĐộc lập\ttự do\n"
    assert [source.text[ln.start : ln.end] for ln in source.lines] == [
        "ỦY BAN NHÂN DÂN", "Độc lập\ttự do"]
    assert source.lines[0].bold and source.lines[0].bbox == (1, 2, 3, 4)
    assert [ln.page for ln in source.lines] == [1, 2]
    assert source.pages == 2 and not source.ocr


def test_assemble_line_breaking_characters_never_inside_a_line() -> None:
    source = build_source([[RawLine("a\u2028b\rc")]], media_type="text/plain")
    assert source.text == "a b c\n"
