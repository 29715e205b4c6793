"""A spaCy tokenizer on underthesea word segmentation whose tokens reproduce the text exactly.

underthesea joins a multi-syllable word's syllables with one space whatever the source had,
and by default rewrites spellings, so its words are mapped back onto the source: each word's
surface is the source slice from its first syllable to its last (stack-notes §3).
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab
from underthesea import word_tokenize

_TEXT_KEY = "vanban.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once. spaCy's ``doc.text`` joins every token again on each call:
    asked for by every component, that was a quarter of the pipeline's time."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


class UndertheseaTokenizer(DummyTokenizer):
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        for line_start, line in _lines(text):
            words.extend(_segment_line(line))
        if not words:
            return Doc(self.vocab, words=[text] if text else [], spaces=[False] if text else [])
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def __reduce__(self):  # picklable for worker processes
        return (UndertheseaTokenizer, (self.vocab,))


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _segment_line(line: str) -> list[str]:
    """Words of one line as slices of the line (so spacing and spelling are the source's)."""
    if not line.strip():
        return []
    out: list[str] = []
    pos = 0
    for word in word_tokenize(line, use_token_normalize=False):
        syllables = word.split()
        first = line.find(syllables[0], pos) if syllables else -1
        if first < 0:
            continue  # underthesea produced text not in the line: skip, alignment fills gaps
        end = first + len(syllables[0])
        for syllable in syllables[1:]:
            found = line.find(syllable, end)
            if found < 0 or line[end:found].strip():
                break
            end = found + len(syllable)
        out.append(line[first:end])
        pos = end
    # characters underthesea dropped become tokens of their own so nothing is lost
    return _fill_gaps(line, out)


def _fill_gaps(line: str, words: list[str]) -> list[str]:
    filled: list[str] = []
    pos = 0
    for word in words:
        found = line.find(word, pos)
        gap = line[pos:found]
        filled.extend(gap.split())
        filled.append(word)
        pos = found + len(word)
    filled.extend(line[pos:].split())
    return filled


@registry.tokenizers("vanban.UndertheseaTokenizer.v1")
def create_underthesea_tokenizer():
    def make(nlp):
        return UndertheseaTokenizer(nlp.vocab)

    return make
