"""The project's own errors: each has a stable code and a message in Vietnamese and English.

Every failure a user can meet maps to one of these codes, never to a parser's own exception.
"""

from __future__ import annotations

# code -> (Vietnamese, English). Messages take ``{filename}`` and ``{detail}``.
MESSAGES: dict[str, tuple[str, str]] = {
    "empty_file": (
        "Tệp {filename} rỗng: không có nội dung để đọc.",
        "File {filename} is empty: there is nothing to read.",
    ),
    "unsupported_type": (
        "Tệp {filename} không phải văn bản được hỗ trợ (PDF, DOCX, DOC, ODT, TXT){detail}.",
        "File {filename} is not a supported document (PDF, DOCX, DOC, ODT, TXT){detail}.",
    ),
    "encrypted_pdf": (
        "Tệp PDF {filename} được mã hóa bằng mật khẩu; hãy gỡ mật khẩu rồi thử lại.",
        "PDF {filename} is password-protected; remove the password and try again.",
    ),
    "encrypted_document": (
        "Tệp {filename} được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi thử lại.",
        "File {filename} is password-protected; remove the password and try again.",
    ),
    "corrupt_pdf": (
        "Tệp PDF {filename} bị hỏng hoặc không đầy đủ, không đọc được{detail}.",
        "PDF {filename} is damaged or truncated and cannot be read{detail}.",
    ),
    "corrupt_docx": (
        "Tệp Word {filename} bị hỏng, không đọc được{detail}.",
        "Word file {filename} is damaged and cannot be read{detail}.",
    ),
    "conversion_failed": (
        "Không chuyển đổi được tệp {filename} bằng LibreOffice{detail}.",
        "LibreOffice could not convert {filename}{detail}.",
    ),
    "tool_missing": (
        "Thiếu công cụ cần thiết để đọc {filename}: {detail}. Hãy chạy lệnh cài đặt trong README.",
        "A tool needed to read {filename} is missing: {detail}. Run the README's set-up command.",
    ),
    "no_text": (
        "Không tìm thấy chữ nào đọc được trong tệp {filename}{detail}.",
        "No readable text was found in {filename}{detail}.",
    ),
    "not_vietnamese": (
        "Tệp {filename} không phải văn bản tiếng Việt{detail}.",
        "File {filename} is not Vietnamese text{detail}.",
    ),
    "file_not_found": (
        "Không tìm thấy tệp {filename}.",
        "File {filename} was not found.",
    ),
    "too_large": (
        "Tệp {filename} quá lớn{detail}.",
        "File {filename} is too large{detail}.",
    ),
    "timeout": (
        "Xử lý tệp {filename} quá thời gian cho phép{detail}.",
        "Processing {filename} took too long{detail}.",
    ),
    "worker_crashed": (
        "Tiến trình xử lý tệp {filename} bị dừng đột ngột{detail}.",
        "The process handling {filename} stopped unexpectedly{detail}.",
    ),
    "internal_error": (
        "Lỗi không mong muốn khi xử lý {filename}{detail}.",
        "Unexpected error while processing {filename}{detail}.",
    ),
}


class VanbanError(Exception):
    """A failure with a stable ``code``, the file it concerns and an optional detail."""

    def __init__(self, code: str, filename: str = "", detail: str = "") -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.filename = filename
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.code]
        template = vi if lang == "vi" else en
        detail = f" ({self.detail})" if self.detail else ""
        return template.format(filename=self.filename or "?", detail=detail)
