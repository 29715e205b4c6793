"""The spaCy pipeline: blank Vietnamese + the underthesea tokenizer + vanban's components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import tokenizer as _tokenizer  # noqa: F401  (registers vanban.UndertheseaTokenizer.v1)
from .segment import PartSpan, find_parts

PARTS_KEY = "parts"  # doc.spans key of the document's parts


def _register_extensions() -> None:
    for name in ("level", "marker", "parent"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("parts"):
        Doc.set_extension("parts", default=None)  # list[PartSpan], the segmenter's raw output


@Language.component("vanban_structure", assigns=["doc.spans"])
def structure_component(doc: Doc) -> Doc:
    """Decree 30 parts and the body's item tree as labelled spans in ``doc.spans["parts"]``."""
    parts: list[PartSpan] = find_parts(doc.text)
    spans = []
    for part in parts:
        span = doc.char_span(part.start, part.end, label=part.label, alignment_mode="expand")
        if span is None:
            continue
        span._.level, span._.marker, span._.parent = part.level, part.marker, part.parent
        spans.append(span)
    doc.spans[PARTS_KEY] = spans
    doc._.parts = parts
    return doc


def make_nlp() -> Language:
    """A fresh pipeline. Nothing is downloaded: underthesea's CRF model ships in its wheel."""
    _register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.UndertheseaTokenizer.v1"}}})
    nlp.add_pipe("vanban_structure")
    return nlp


@cache
def default_nlp() -> Language:
    """One pipeline per process (workers load it once)."""
    return make_nlp()
