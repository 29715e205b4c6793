"""The spaCy pipeline: blank Vietnamese + the underthesea tokenizer + vanban's components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import tokenizer as _tokenizer  # noqa: F401  (registers vanban.UndertheseaTokenizer.v1)
from .extractors import actors as _actors  # noqa: F401  (registers vanban_actors)
from .extractors import deadlines as _deadlines  # noqa: F401  (registers vanban_deadlines)
from .extractors import legal_refs as _legal_refs  # noqa: F401  (registers vanban_legal_refs)
from .metadata import read_metadata, read_recipients
from .obligations import component as _obligations  # noqa: F401  (registers vanban_obligations)
from .segment import PartSpan, find_parts
from .tokenizer import doc_text

PARTS_KEY = "parts"  # doc.spans key of the document's parts


# Doc extension attributes, set by the components below (or by process() before them):
DOC_EXTENSIONS = (
    "parts",  # list[PartSpan]: the segmenter's output (vanban_structure)
    "signature",  # SignatureStamp | None: from the reader, set before the pipeline runs
    "metadata",  # contract Metadata (vanban_metadata)
    "recipients",  # list[contract Recipient] (vanban_metadata)
)


def _register_extensions() -> None:
    for name in ("level", "marker", "parent"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.component("vanban_structure", assigns=["doc.spans"])
def structure_component(doc: Doc) -> Doc:
    """Decree 30 parts and the body's item tree as labelled spans in ``doc.spans["parts"]``."""
    parts: list[PartSpan] = find_parts(doc_text(doc))
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


@Language.component("vanban_metadata", requires=["doc.spans"], assigns=["doc._.metadata", "doc._.recipients"])
def metadata_component(doc: Doc) -> Doc:
    """Metadata and recipients read off the parts; later extractors use the date and issuer."""
    doc._.metadata = read_metadata(doc_text(doc), doc._.parts, doc._.signature)
    doc._.recipients = read_recipients(doc_text(doc), doc._.parts)
    return doc


def run(nlp: Language, text: str, **extensions: object) -> Doc:
    """Run the pipeline on ``text`` with Doc extensions set first (e.g. ``signature=``)."""
    doc = nlp.make_doc(text)
    for name, value in extensions.items():
        setattr(doc._, name, value)
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


def make_nlp() -> Language:
    """A fresh pipeline. Nothing is downloaded: underthesea's CRF model ships in its wheel."""
    _register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.UndertheseaTokenizer.v1"}}})
    nlp.add_pipe("vanban_structure")
    nlp.add_pipe("vanban_metadata")
    nlp.add_pipe("vanban_actors")  # resolves names against the issuer and date; fills recipients' canonical
    nlp.add_pipe("vanban_legal_refs")  # needs the parts (Căn cứ clauses) and the document's own number
    nlp.add_pipe("vanban_deadlines")  # needs the document date
    nlp.add_pipe("vanban_obligations")  # last: reads parts, recipients, deadlines (and references)
    return nlp


@cache
def default_nlp() -> Language:
    """One pipeline per process (workers load it once)."""
    return make_nlp()
