"""Stage 5: directives into obligations (contract ``obligations``).

units (``units``) → rule-read attributes (``assignees``, ``attributes``) and classifier records
(``derive.candidates``) → the decision of the trained model or the rules (``derive.decide``) →
the spaCy component ``vanban_obligations`` (``component``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..contract import Obligation

__all__ = ["derive_obligations"]


def derive_obligations(doc: Doc, decider: Any = None) -> list[Obligation]:
    """The obligations of a processed Doc (parts, recipients, deadlines set), with the shipped
    model unless ``decider`` is given."""
    from .component import load_decider
    from .derive import candidates, decide

    return decide(candidates(doc), decider or load_decider())
