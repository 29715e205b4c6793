"""HTTP errors with the project's stable codes and Vietnamese/English messages.

Codes about a file (``too_large``, ``empty_file``, ``unsupported_type`` …) and their messages come
from ``vanban.nlp.errors``; the few that only the service can meet are listed here in the same
shape. Every error answer is ``{"code": …, "message": …, "detail": …}`` in the asked language.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from vanban.nlp.errors import MESSAGES as FILE_MESSAGES

# code -> (Vietnamese, English); messages take {detail}.
SERVICE_MESSAGES: dict[str, tuple[str, str]] = {
    "unauthorized": (
        "Cần đăng nhập: gửi mã truy cập (Authorization: Bearer …){detail}.",
        "Sign-in required: send an API token (Authorization: Bearer …){detail}.",
    ),
    "forbidden": (
        "Tài khoản của bạn không có quyền thực hiện thao tác này{detail}.",
        "Your account is not allowed to do this{detail}.",
    ),
    "not_found": ("Không tìm thấy{detail}.", "Not found{detail}."),
    "invalid_request": ("Yêu cầu không hợp lệ{detail}.", "Invalid request{detail}."),
    "too_many_files": (
        "Quá nhiều tệp trong một lần tải lên{detail}.",
        "Too many files in one upload{detail}.",
    ),
    "request_too_large": ("Yêu cầu quá lớn{detail}.", "Request too large{detail}."),
    "not_ready": (
        "Văn bản đang được xử lý, hãy thử lại sau{detail}.",
        "The document is still being processed; try again later{detail}.",
    ),
    "processing_failed": (
        "Không xử lý được văn bản{detail}.",
        "The document could not be processed{detail}.",
    ),
    "method_not_allowed": ("Phương thức không được hỗ trợ{detail}.", "Method not allowed{detail}."),
    "storage_full": (
        "Bộ nhớ lưu trữ của dịch vụ đã đầy, chưa nhận được tệp; hãy thử lại sau{detail}.",
        "The service's storage is full; nothing was saved, try again later{detail}.",
    ),
    "storage_unavailable": (
        "Không ghi được vào bộ nhớ lưu trữ của dịch vụ; hãy thử lại sau{detail}.",
        "The service cannot write to its storage; try again later{detail}.",
    ),
    "database_unavailable": (
        "Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau{detail}.",
        "The database is unavailable for now; try again later{detail}.",
    ),
}


def message(code: str, lang: str = "vi", *, filename: str = "", detail: str = "") -> str:
    vi, en = (
        FILE_MESSAGES.get(code) or SERVICE_MESSAGES.get(code) or SERVICE_MESSAGES["invalid_request"]
    )
    template = en if lang == "en" else vi
    return template.format(filename=filename or "?", detail=f" ({detail})" if detail else "")


class ApiError(Exception):
    """Raised by routes and dependencies; rendered by the handler below."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        detail: str = "",
        filename: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        assert code in FILE_MESSAGES or code in SERVICE_MESSAGES, code
        super().__init__(code)
        self.status, self.code, self.detail, self.filename = status, code, detail, filename
        if status == 413:  # without it the server reads the refused body to its end (keep-alive)
            headers = {"Connection": "close", **(headers or {})}
        self.headers = headers


def request_lang(request: Request) -> str:
    """``?lang=en``, else the page's choice in the session, else (API only) Accept-Language, else
    the settings' default (Vietnamese)."""
    lang = request.query_params.get("lang")
    if lang in ("vi", "en"):
        return lang
    session = request.scope.get("session")
    if session and session.get("lang") in ("vi", "en"):
        return str(session["lang"])
    # API clients may ask through the header; the page is Vietnamese unless toggled
    accept = request.headers.get("accept-language", "")
    if request.url.path.startswith("/api/") and accept.lower().startswith("en"):
        return "en"
    settings = getattr(request.app.state, "settings", None)
    return settings.lang if settings else "vi"


def error_body(
    code: str, lang: str, *, detail: str = "", filename: str = "", extra: Any = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "message": message(code, lang, filename=filename, detail=detail),
        "detail": detail or None,
    }
    if extra is not None:
        body["errors"] = extra
    return body


_STATUS_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        body = error_body(exc.code, request_lang(request), detail=exc.detail, filename=exc.filename)
        return JSONResponse(body, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        fields = ", ".join(".".join(str(p) for p in e["loc"][1:]) or str(e["loc"]) for e in errors)
        body = error_body("invalid_request", request_lang(request), detail=fields, extra=errors)
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "invalid_request")
        return JSONResponse(error_body(code, request_lang(request)), status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # never a traceback
        import logging

        logging.getLogger("vanban.api").exception("unexpected error on %s", request.url.path)
        body = error_body("internal_error", request_lang(request), detail=type(exc).__name__)
        return JSONResponse(body, status_code=500)
