"""The document's text as HTML with its parts and entities marked; every character is escaped.

Parts nest (an item inside the body); each stretch of text is wrapped once, with the innermost
part's label, so the markup never overlaps. Entities (deadlines, references, obligations,
recipients) become <mark>s inside.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

ENTITY_KINDS = ("obligation", "deadline", "reference", "recipient")


def entity_spans(result: dict[str, Any]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for ob in result.get("obligations") or []:
        if ob.get("span"):
            spans.append((*ob["span"], "obligation"))
    for dl in result.get("deadlines") or []:
        if dl.get("span"):
            spans.append((*dl["span"], "deadline"))
    for ref in result.get("references") or []:
        for mention in ref.get("mentions") or []:
            if mention.get("span"):
                spans.append((*mention["span"], "reference"))
    for rec in result.get("recipients") or []:
        if rec.get("span"):
            spans.append((*rec["span"], "recipient"))
    return spans


def highlight(result: dict[str, Any]) -> Markup:
    text: str = result.get("text") or ""
    n = len(text)
    parts = [
        (max(0, p["span"][0]), min(n, p["span"][1]), p["label"]) for p in result.get("parts") or []
    ]
    entities = [(max(0, s), min(n, e), k) for s, e, k in entity_spans(result)]
    cuts = {0, n}
    for start, end, _ in parts + entities:
        if start < end:
            cuts.update((start, end))
    bounds = sorted(cuts)
    html: list[str] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = str(escape(text[start:end]))
        kinds = sorted({k for s, e, k in entities if s <= start and end <= e})
        if kinds:
            piece = f'<mark class="{" ".join("e-" + k for k in kinds)}">{piece}</mark>'
        covering = [(e - s, label) for s, e, label in parts if s <= start and end <= e]
        if covering:
            piece = f'<span class="p-{escape(min(covering)[1])}">{piece}</span>'
        html.append(piece)
    return Markup("".join(html))
