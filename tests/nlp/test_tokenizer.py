"""The underthesea tokenizer must reproduce its input exactly (offsets index the text)."""

from __future__ import annotations

import pytest

from vanban.nlp.normalize import clean_text
from vanban.nlp.pipeline import default_nlp

NAUGHTY = ["", " ", "\n\n", "a  b\t c", "####  x", "💩 ủy ban\u200b", "Ủy ban nhân dânThành phố",
           "Số: /UBND-NV", "\u0301\u0301 lạ", "١٢٣ 中文 English"]  # fmt: skip


@pytest.mark.parametrize("text", NAUGHTY)
def test_tokenizer_reproduces_naughty_strings(text: str) -> None:
    assert default_nlp().tokenizer(text).text == text


def test_tokenizer_reproduces_every_seed_raw_and_clean(seed_paths) -> None:
    tok = default_nlp().tokenizer
    for path in seed_paths:
        raw = path.read_text(encoding="utf-8")
        assert tok(raw).text == raw
        clean = clean_text(raw).text
        assert tok(clean).text == clean


def test_tokenizer_groups_multisyllable_words() -> None:
    words = [t.text for t in default_nlp().tokenizer("Ủy ban nhân dân tỉnh Thái Bình ban hành kế hoạch")]
    assert "kế hoạch" in words
