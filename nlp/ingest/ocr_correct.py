"""Conservative post-OCR correction against a lexicon of administrative terms.

Tesseract's ``vie`` model gets most text right; what it garbles are diacritics (``Ủ``→``U``,
``Đ``→``D``) and the odd letter in set phrases (``Nghị định`` → ``Nghị lịnh``). Set phrases are
where a wrong letter costs most (a missed ``Nghị định`` is a missed citation) and where a
correction is safest: a near-miss of a multi-syllable administrative phrase is almost never
another real phrase. So only these are corrected:

* the eth ``Ð`` (U+00D0), which Tesseract writes for ``Đ`` (U+0110);
* a window of *n* words matching an *n*-syllable lexicon phrase whose words differ only in
  diacritics in at most half of the syllables, or by one letter (two in long phrases) in one
  syllable; words are replaced one by one, keeping their case and the punctuation between them
  (which must match the phrase's: no window runs across a comma);
* a single-word lexicon entry (an abbreviation such as ``HĐND``) only when a segment of a word
  differs from it in diacritics alone (``HDND``, ``QD-UBND``), matched case-sensitively.

Syllables that differ only in where the tone mark sits (``hoà``/``hòa``) count as equal.

A near miss can be real text: ``Sở Tài chính chủ trì`` is one letter from ``Chính phủ``,
``trách nhiệm về`` one from ``nhiệm vụ``. So a change is refused when the words as OCR read
them form a dictionary word with a neighbour (``chủ trì``) or are one (``văn phong``), and a
letter (not a diacritic) is only changed in a syllable that is rare in the dictionary
(``lịnh``, not ``về``). The dictionary is underthesea's Viet74K word list (Apache-2.0, a
project dependency); without it only diacritics are restored.

The lexicon is data: ``nlp/data/ocr_lexicon.txt`` (one term per line, ``#`` comments) plus
any files named in ``VANBAN_OCR_LEXICON`` (``os.pathsep``-separated).
"""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ENV_VAR = "VANBAN_OCR_LEXICON"
_WORD = re.compile(r"[^\W\d_]+")
_SEGMENT = re.compile(r"[^\W_]+")


def _fold(syllable: str) -> tuple[str, str]:
    """(base letters, tone/shape marks as a sorted string) of a syllable, lower-case."""
    decomposed = unicodedata.normalize("NFD", syllable.casefold().replace("đ", "d\u0111"))
    base = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0111")
    marks = "".join(sorted(c for c in decomposed if unicodedata.combining(c) or c == "\u0111"))
    return base, marks


@dataclass(frozen=True)
class Phrase:
    text: str
    words: tuple[str, ...]
    seps: tuple[str, ...]  # "-" where the phrase joins words with a dash, else " "
    folded: tuple[tuple[str, str], ...]


@dataclass
class Lexicon:
    phrases: dict[int, list[Phrase]] = field(default_factory=dict)  # by number of words
    abbreviations: dict[str, str] = field(default_factory=dict)  # base form -> entry

    def add(self, term: str) -> None:
        term = unicodedata.normalize("NFC", term.strip())
        words = [m.group() for m in _WORD.finditer(term)]
        if len(words) >= 2:
            seps = tuple("-" if re.search(r"[-–]", gap) else " "
                         for gap in _WORD.split(term)[1:-1])
            phrase = Phrase(term, tuple(words), seps, tuple(_fold(w) for w in words))
            self.phrases.setdefault(len(words), []).append(phrase)
        elif len(words) == 1 and " " not in term:
            self.abbreviations[_fold(term)[0] + "|" + _case_shape(term)] = term


def _case_shape(word: str) -> str:
    return "".join("U" if c.isupper() else "l" if c.islower() else c for c in word)


def _read_terms(text: str) -> list[str]:
    terms = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(line)
    return terms


@lru_cache(maxsize=4)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus extra files (paths)."""
    lexicon = Lexicon()
    packaged = resources.files("vanban.nlp").joinpath("data/ocr_lexicon.txt")
    texts = [packaged.read_text(encoding="utf-8")]
    texts += [Path(p).read_text(encoding="utf-8") for p in extra if p]
    for text in texts:
        for term in _read_terms(text):
            lexicon.add(term)
    for bucket in lexicon.phrases.values():
        bucket.sort(key=lambda p: -len(p.text))
    return lexicon


def default_lexicon() -> Lexicon:
    extra = tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p)
    return load_lexicon(extra)


COMMON_SYLLABLE = 5  # a syllable in this many dictionary words is a real, common one


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]  # multi-syllable words, lower-case
    syllables: dict[str, int]  # syllable -> number of words it occurs in


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """underthesea's Viet74K word list (empty if the package is not installed).

    Read from the file: importing underthesea would cost a quarter of a second.
    """
    empty = Vocabulary(frozenset(), {})
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return empty
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "data" / "Viet74K.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return empty
    words = [unicodedata.normalize("NFC", w.strip().lower()) for w in lines if w.strip()]
    syllables: Counter[str] = Counter()
    for word in words:
        syllables.update(set(word.split()))
    return Vocabulary(frozenset(w for w in words if " " in w), dict(syllables))


def _match_case(template: str, word: str) -> str:
    """``word`` in the case pattern of ``template`` (what OCR saw)."""
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    if template.islower():
        return word.lower()
    return word


def _acceptable(window: list[str], phrase: Phrase) -> tuple[list[int], bool] | None:
    """Indexes of the window's words to replace and whether a letter (not only diacritics)
    changes; None if the phrase does not fit."""
    folded = [_fold(w) for w in window]
    differ = [i for i, (f, p) in enumerate(zip(folded, phrase.folded, strict=True)) if f != p]
    if not differ:
        return None
    base_differ = [i for i in differ if folded[i][0] != phrase.folded[i][0]]
    if not base_differ:  # diacritics only
        return (differ, False) if len(differ) <= max(1, len(window) // 2) else None
    if len(base_differ) > 1 or len(differ) > 1:
        return None
    i = base_differ[0]
    length = len(phrase.text)
    allowed = 2 if length >= 18 else 1 if length >= 8 else 0
    distance = Levenshtein.distance(window[i].casefold(), phrase.words[i].casefold())
    if distance > allowed or len(phrase.words[i]) < 2 or len(window[i]) < 2:
        return None
    return [i], True


def _real_words(words: list[str], seps: list[str], start: int, n: int, changed: list[int],
                letters: bool, vocab: Vocabulary) -> bool:
    """Whether what OCR read is itself language: the window is a dictionary word, a changed
    word makes one with the word next to it (across a plain space only), or a word whose
    letters would change is a common syllable (``về`` is not a misread ``vụ``)."""
    if letters and not vocab.words:
        return True  # no dictionary: letter changes cannot be checked, so none are made
    low = [w.lower() for w in words]
    if " ".join(low[start : start + n]) in vocab.words:
        return True
    for i in changed:
        k = start + i
        if letters and vocab.syllables.get(low[k], 0) >= COMMON_SYLLABLE:
            return True
        if k > 0 and not seps[k - 1].strip() and f"{low[k - 1]} {low[k]}" in vocab.words:
            return True
        if k + 1 < len(low) and not seps[k].strip() and f"{low[k]} {low[k + 1]}" in vocab.words:
            return True
    return False


def _fix_phrases(text: str, lexicon: Lexicon) -> str:
    matches = list(_WORD.finditer(text))
    if len(matches) < 2:
        return text
    words = [m.group() for m in matches]
    seps = [text[a.end() : b.start()] for a, b in zip(matches, matches[1:], strict=False)]
    vocab = vocabulary()
    done = [False] * len(words)
    edits: list[tuple[int, int, str]] = []
    for n in sorted(lexicon.phrases, reverse=True):
        for phrase in lexicon.phrases[n]:
            for s in range(len(words) - n + 1):
                if any(done[s : s + n]):
                    continue
                if any(
                    (gap.strip() not in {"-", "–"}) if want == "-" else gap.strip() != ""
                    for gap, want in zip(seps[s : s + n - 1], phrase.seps, strict=True)
                ):
                    continue  # no window runs across a comma or the like
                fit = _acceptable(words[s : s + n], phrase)
                if fit is None:
                    continue
                changed, letters = fit
                if _real_words(words, seps, s, n, changed, letters, vocab):
                    continue
                for i in range(n):
                    done[s + i] = True
                for i in changed:
                    m = matches[s + i]
                    edits.append((m.start(), m.end(), _match_case(m.group(), phrase.words[i])))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _fix_abbreviations(text: str, lexicon: Lexicon) -> str:
    if not lexicon.abbreviations:
        return text

    def repl(m: re.Match[str]) -> str:
        segment = m.group()
        entry = lexicon.abbreviations.get(_fold(segment)[0] + "|" + _case_shape(segment))
        return entry if entry is not None and len(segment) >= 2 else segment

    return _SEGMENT.sub(repl, text)


# Tesseract's vie model writes the Icelandic eth (U+00D0/U+00F0) for Đ/đ; Vietnamese has no eth.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def correct(text: str, lexicon: Lexicon | None = None) -> str:
    """Correct near-misses of lexicon phrases and abbreviations in one line of OCR text."""
    lexicon = lexicon or default_lexicon()
    text = unicodedata.normalize("NFC", text).translate(_ETH)
    return _fix_abbreviations(_fix_phrases(text, lexicon), lexicon)
