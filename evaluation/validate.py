"""Mechanical checks of gold files (``vanban corpus validate``).

- the file parses into the contract's models (gold form: no text, spans optional);
- the raw file exists in shared/ and its SHA-256 matches;
- every quote is found in the document's normalised text (exactly after whitespace folding for
  text sources, fuzzily for OCR'd scans), deadlines are ISO dates, every legal basis names a
  listed reference, required items come before optional ones.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz

from vanban.nlp import contract as C

from .run import shared_dir

ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
GOLD_KEYS = {"schema_version", "doc_id", "raw_file", "raw_sha256", "annotated_from", "source", "metadata",
             "optional_metadata", "recipients", "references", "deadlines", "obligations", "notes"}  # fmt: skip


def _fold(text: str) -> str:
    from .matching import unify

    return " ".join(unify(text).split())


def _doc_text(gold: dict[str, Any]) -> tuple[str | None, bool]:
    """The normalised text the quotes were taken from, and whether matching must be fuzzy."""
    from vanban.nlp.normalize import clean_text

    source = shared_dir() / (gold.get("annotated_from") or "")
    if gold.get("annotated_from") and source.is_file() and source.suffix == ".txt":
        # a text twin of a PDF keeps the PDF's page furniture: match fuzzily
        twin = not str(gold["raw_file"]).endswith(".txt")
        return _fold(clean_text(source.read_text(encoding="utf-8", errors="replace")).text), twin
    raw = shared_dir() / gold["raw_file"]
    if not raw.is_file():
        return None, True
    from vanban.nlp.process import process

    return _fold(process(raw.read_bytes(), filename=raw.name).text), True


def _strip_opt(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in x.items() if k != "optional"} for x in items]


def validate_gold(path: Path, *, check_text: bool = True) -> list[str]:
    problems: list[str] = []
    try:
        gold = __import__("json").loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        return [f"not JSON: {err}"]
    unknown = set(gold) - GOLD_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    if gold.get("doc_id") != path.stem:
        problems.append(f"doc_id {gold.get('doc_id')!r} is not the file name {path.stem!r}")
    try:
        C.Metadata.model_validate(gold.get("metadata") or {})
        for item in _strip_opt(gold.get("recipients") or []):
            C.Recipient.model_validate(item)
        for item in _strip_opt(gold.get("references") or []):
            C.Reference.model_validate(item)
        for item in _strip_opt(gold.get("deadlines") or []):
            C.Deadline.model_validate(item)
        for item in _strip_opt(gold.get("obligations") or []):
            C.Obligation.model_validate(item)
    except ValidationError as err:
        problems.append(f"schema: {str(err).splitlines()[0]} … {err.errors()[0]['loc']}: {err.errors()[0]['msg']}")
    raw = shared_dir() / str(gold.get("raw_file", ""))
    if not raw.is_file():
        problems.append(f"raw file not found: {raw}")
    elif hashlib.sha256(raw.read_bytes()).hexdigest() != gold.get("raw_sha256"):
        problems.append("raw_sha256 does not match the raw file")
    date = (gold.get("metadata") or {}).get("date")
    if date and not ISO.match(date):
        problems.append(f"metadata.date {date!r} is not ISO")
    for d in gold.get("deadlines") or []:
        if d.get("date") and not ISO.match(d["date"]):
            problems.append(f"deadline date {d['date']!r} is not ISO")
    listed = {r.get("number_symbol") for r in gold.get("references") or [] if r.get("number_symbol")}
    for o in gold.get("obligations") or []:
        for basis in o.get("legal_basis") or []:
            if basis not in listed:
                problems.append(f"legal basis {basis!r} is not a listed reference")
        if o.get("deadline") and not ISO.match(o["deadline"]):
            problems.append(f"obligation deadline {o['deadline']!r} is not ISO")
    for key in ("recipients", "references", "deadlines", "obligations"):
        flags = [bool(x.get("optional")) for x in gold.get(key) or []]
        if flags != sorted(flags):
            problems.append(f"{key}: an optional item comes before a required one")
    if check_text and not problems:
        text, fuzzy = _doc_text(gold)
        if text is None:
            problems.append("no text to check quotes against")
        else:
            for o in gold.get("obligations") or []:
                quote = _fold(o.get("quote", ""))
                # exact after folding; text sources broken by page furniture or table layout,
                # and OCR'd scans, match fuzzily
                found = quote in text or fuzz.partial_ratio(quote, text) >= (85 if fuzzy else 95)
                if not found:
                    problems.append(f"quote not found: {quote[:70]!r}")
    return problems
