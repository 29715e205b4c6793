"""Units → obligations: the rules' attributes of every candidate, then the decision (model or rules).

``candidates(doc)`` reads the units and, for each, the attributes that rules settle (assignees,
deadline, legal basis, action) and the record the classifier sees; ``decide(candidates, model)``
keeps the directives and gives them modality, category and confidence. Training calls
``candidates`` on the corpus too, so the model learns from exactly what it will see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from ..contract import Obligation
from ..models import baseline
from ..models.features import Record, unit_record
from ..tokenizer import doc_text
from . import cues
from .assignees import addressees, assignees_of, requested_bodies
from .attributes import DeadlineMention, ReferenceMention, action_of, deadline_of, legal_basis_of
from .units import Unit, find_units


@dataclass(frozen=True)
class Candidate:
    unit: Unit
    record: Record
    assignees: tuple[str, ...]
    deadline: str | None
    legal_basis: tuple[str, ...]
    action: str


def opening_request(units: Sequence[Unit]) -> str:
    """The sentence before the first item that asks the addressees to act (O9c)."""
    for unit in units:
        if unit.level >= 0:
            break
        if not unit.closing and requested_bodies(unit.quote):
            return unit.quote
    return ""


def deadline_mentions(doc: Doc) -> list[DeadlineMention]:
    spans = doc.spans["deadlines"] if "deadlines" in doc.spans else []
    return [DeadlineMention(s.start_char, s.end_char, tuple(s._.deadline_dates or ())) for s in spans]


def reference_mentions(doc: Doc) -> list[ReferenceMention]:
    references: list[Any] = (doc._.references if Doc.has_extension("references") else None) or []
    return [
        ReferenceMention(ref.number_symbol, *mention.span)
        for ref in references
        if ref.number_symbol
        for mention in ref.mentions
        if mention.span is not None
    ]


def candidates(doc: Doc) -> list[Candidate]:
    """Every unit of the document with its rule-read attributes and its classifier record."""
    units = find_units(doc_text(doc), doc._.parts or [])
    kinh_gui = [r.name for r in (doc._.recipients or []) if r.role == "to"]
    default = addressees(opening_request(units), kinh_gui)
    deadlines, references = deadline_mentions(doc), reference_mentions(doc)
    out = []
    for k, unit in enumerate(units):
        # the sentence before, in the same item: its citations carry over (O12)
        previous = (units[k - 1].start, units[k - 1].end) if unit.sentence > 0 else None
        assignees = assignees_of(unit, default)
        out.append(
            Candidate(
                unit=unit,
                record=unit_record(unit),
                assignees=tuple(assignees),
                deadline=deadline_of(unit, deadlines),
                legal_basis=tuple(legal_basis_of(unit, references, previous)),
                action=action_of(unit, assignees),
            )
        )
    return out


class RulesDecider:
    """The rules baseline as a decider (used when no model file is available)."""

    threshold = 0.5

    def predict(self, units: Sequence[Unit], records: Sequence[Record]) -> list[tuple[float, str, str]]:
        return [
            (baseline.score(u), cues.modality(u.quote, u.lead_in), cues.category(u.quote))
            for u in units
        ]


class ModelDecider:
    """The trained ``ObligationModel`` as a decider."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.threshold = model.threshold

    def predict(self, units: Sequence[Unit], records: Sequence[Record]) -> list[tuple[float, str, str]]:
        return self.model.predict(list(records))


def decide(found: Sequence[Candidate], decider: Any) -> list[Obligation]:
    """The candidates the decider takes for directives, as contract obligations in text order."""
    predictions = decider.predict([c.unit for c in found], [c.record for c in found])
    out = []
    for c, (probability, modality, category) in zip(found, predictions, strict=True):
        if probability < decider.threshold:
            continue
        out.append(
            Obligation(
                quote=c.unit.quote,
                span=(c.unit.start, c.unit.end),
                modality=modality,
                category=category,
                assignees=list(c.assignees),
                action=c.action or None,
                deadline=c.deadline,
                legal_basis=list(c.legal_basis),
                confidence=round(probability, 4),
            )
        )
    return out
