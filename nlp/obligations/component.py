"""The spaCy component ``vanban_obligations``: ``doc._.obligations`` (contract ``Obligation``s)
and ``doc.spans["obligations"]`` (label = modality, ``span._.category``).

The trained model ships in ``nlp/models/obligations.skops`` and is loaded once, when the pipeline
is built (nothing is downloaded). If the file is missing or unreadable the component falls back
on the rules baseline and says so in a warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .derive import ModelDecider, RulesDecider, candidates, decide

KEY = "obligations"  # doc.spans key
FACTORY = "vanban_obligations"



def register_extensions() -> None:
    if not Doc.has_extension("obligations"):
        Doc.set_extension("obligations", default=None)
    if not Span.has_extension("category"):
        Span.set_extension("category", default=None)


register_extensions()


def load_decider(model_path: str | Path | None = None) -> Any:
    """The shipped model (or ``model_path``); the rules, with a warning, when it cannot be read."""
    from ..models import store

    path = Path(model_path) if model_path else store.DEFAULT_DIR / store.MODEL_FILE
    if not path.exists():
        warnings.warn(f"obligation model not found at {path}: using the rules baseline", stacklevel=2)
        return RulesDecider()
    try:
        return ModelDecider(store.load(path))
    except Exception as err:  # an unreadable or untrusted file must not stop the pipeline
        warnings.warn(f"obligation model {path} not loaded ({type(err).__name__}: {err}): using the rules baseline", stacklevel=2)
        return RulesDecider()


class ObligationsComponent:
    def __init__(self, decider: Any) -> None:
        self.decider = decider

    @property
    def uses_model(self) -> bool:
        return isinstance(self.decider, ModelDecider)

    def __call__(self, doc: Doc) -> Doc:
        obligations = decide(candidates(doc), self.decider)
        spans = []
        for ob in obligations:
            assert ob.span is not None
            span = doc.char_span(*ob.span, label=ob.modality, alignment_mode="expand")
            if span is not None:
                span._.category = ob.category
                spans.append(span)
        doc.spans[KEY] = spans
        doc._.obligations = obligations
        return doc


@Language.factory(
    FACTORY,
    requires=["doc.spans", "doc._.recipients", "doc._.deadlines"],
    assigns=["doc._.obligations", "doc.spans"],
    default_config={"model_path": None},
)
def make_obligations(nlp: Language, name: str, model_path: str | None) -> ObligationsComponent:
    return ObligationsComponent(load_decider(model_path))
