"""The committed JSON Schema is the one the data model generates (they never drift)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vanban.cli import app
from vanban.nlp.contract import json_schema

COMMITTED = Path(__file__).resolve().parents[2] / "nlp" / "data" / "contract.schema.json"


def test_contract_committed_schema_matches_the_model() -> None:
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json_schema(), (
        "nlp/data/contract.schema.json is stale: run `vanban schema > nlp/data/contract.schema.json`"
    )


def test_contract_schema_command_prints_it() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == json_schema()
    for field in ("schema_version", "source", "text", "metadata", "recipients", "references", "deadlines", "obligations"):
        assert field in printed["properties"]
