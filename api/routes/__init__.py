"""One router per resource; api/main.py includes them under /api/v1 (pages at the root).

``API_ERRORS`` documents the error answers (api/errors.py) every API router may give, so that
the OpenAPI document describes what clients really receive (the fuzz test checks it).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorPublic(BaseModel):
    """Every error answer: a stable code, a message in the asked language, details."""

    code: str
    message: str
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None


_MEANING = {
    401: "no valid token or session",
    403: "a viewer's change, or a page change without the CSRF token",
    404: "not found (another organisation's resources do not exist for you)",
    409: "not processed (yet)",
    413: "request or file too large",
    422: "invalid request",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorPublic, "description": _MEANING[status]} for status in statuses}


API_ERRORS = error_responses(401, 403, 404, 413, 422)
