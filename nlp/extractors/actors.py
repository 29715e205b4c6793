"""Actors: the bodies, office-holders and groups a document names, each with a canonical name.

Find → resolve → annotate (style-models.md §1):

- ``find(text)``: candidate mentions from ``actor_patterns`` (the longest of overlapping ones);
- ``resolve(matches, context)``: each mention → ``Actor``, its name through ``canonical_actor``;
- ``set_annotations(doc, actors, context)``: ``doc.spans["actors"]`` (label = kind, ``kb_id_`` =
  canonical name), ``doc._.actors``, and ``doc._.actor_context`` for later components.

``canonical_actor(name, context)`` (``actor_names``) is the pure function that recipients and
obligation assignees use too; ``ActorContext`` (``actor_context``) is what it knows of the document.
The component also fills ``recipients[].canonical``, which needs the metadata read just before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..contract import Recipient
from ..tokenizer import doc_text
from . import actor_patterns as P
from .actor_context import ActorContext
from .actor_names import Kind, actor_kind, canonical_actor, names_former_province

__all__ = [
    "KEY",
    "Actor",
    "ActorContext",
    "ActorMatch",
    "actor_kind",
    "canonical_actor",
    "canonicalise_recipients",
    "find",
    "names_former_province",
    "resolve",
    "set_annotations",
]

KEY = "actors"  # doc.spans key


@dataclass(frozen=True, slots=True)
class Actor:
    """One mention. ``former``: it names a province that no longer existed on the document date (a
    2025-11 document that still writes "tỉnh Thái Bình"); the name is kept as written."""

    text: str
    span: tuple[int, int]
    canonical: str
    kind: Kind
    former: bool = False


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A candidate mention, before resolution; ``pattern`` names the pattern that found it."""

    start: int
    end: int
    text: str
    pattern: str


def find(text: str) -> list[ActorMatch]:
    """Candidate mentions, the longest of overlapping ones, in text order. The patterns are tried
    only where a head word, a title or "các" starts (``start_pattern``)."""
    starts = sorted({m.start() for m in P.start_pattern().finditer(text, overlapped=True)})
    candidates = [
        ActorMatch(m.start(), m.end(), m.group(), name)
        for start in starts
        for name, pattern in P.mention_patterns()
        if (m := pattern.match(text, start))
    ]
    candidates.sort(key=lambda c: (c.start - c.end, c.start))
    kept: list[ActorMatch] = []
    for c in candidates:
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def resolve(matches: Iterable[ActorMatch], context: ActorContext) -> list[Actor]:
    out = []
    for m in matches:
        canonical = canonical_actor(m.text, context)
        former = context.after_reform and names_former_province(canonical, context.date)
        out.append(Actor(m.text, (m.start, m.end), canonical, actor_kind(canonical), former))
    return out


def set_annotations(doc: Doc, actors: list[Actor], context: ActorContext) -> None:
    spans = []
    for actor in actors:
        start, end = actor.span
        span = doc.char_span(
            start, end, label=actor.kind, kb_id=actor.canonical, alignment_mode="expand"
        )
        if span is not None:
            spans.append(span)
    doc.spans[KEY] = spans
    doc._.actors = actors
    doc._.actor_context = context


def canonicalise_recipients(recipients: Iterable[Recipient], context: ActorContext) -> None:
    """Set ``recipients[].canonical`` (contract) in the document's context; names stay as
    written."""
    for recipient in recipients:
        recipient.canonical = canonical_actor(recipient.name, context)


# --- spaCy ---------------------------------------------------------------------------------------

DOC_EXTENSIONS = (
    "actors",  # list[Actor] (vanban_actors)
    "actor_context",  # ActorContext: issuer, date and units, for canonical_actor downstream
)


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


class ActorsComponent:
    """Finds the actors named in the text and gives the recipients their canonical names."""

    def __init__(self, canonicalise_recipients: bool = True) -> None:
        self.canonicalise_recipients = canonicalise_recipients

    def __call__(self, doc: Doc) -> Doc:
        context = ActorContext.from_metadata(doc._.metadata, doc_text(doc))
        set_annotations(doc, resolve(find(doc_text(doc)), context), context)
        if self.canonicalise_recipients and doc._.recipients:
            canonicalise_recipients(doc._.recipients, context)
        return doc


@Language.factory(
    "vanban_actors",
    requires=["doc._.metadata"],
    assigns=["doc.spans", "doc._.actors", "doc._.actor_context", "doc._.recipients"],
    default_config={"canonicalise_recipients": True},
)
def make_actors(nlp: Language, name: str, canonicalise_recipients: bool) -> ActorsComponent:
    return ActorsComponent(canonicalise_recipients)
