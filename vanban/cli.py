"""The `vanban` command: the pipeline's commands (nlp/cli.py), `batch` (nlp/batch/cli.py) and,
when the service package is present, the service's own (`serve`, `users`). Imports point one
way: api imports nlp, never the reverse."""

from __future__ import annotations

from vanban.nlp.batch.cli import register as _register_batch
from vanban.nlp.cli import app

_register_batch(app)  # `vanban batch`: archives, resumable, local processes or Dask

try:  # the service's commands register themselves on the same Typer app
    from vanban.api.cli import register as _register_api
except ModuleNotFoundError as err:  # pragma: no cover - only when the api package is absent
    if err.name not in ("vanban.api", "vanban.api.cli"):
        raise
else:
    _register_api(app)

__all__ = ["app"]
