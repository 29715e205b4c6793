"""Data tables shipped in ``nlp/data/``: types, abbreviations, positions. Users extend them."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file (``#`` starts a comment line)."""
    text = resources.files("vanban.nlp").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(
        line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )
