"""Words the page and the exports show, in Vietnamese (default) and English."""

from __future__ import annotations

STATUS = {
    "new": ("Mới", "New"),
    "in_progress": ("Đang thực hiện", "In progress"),
    "done": ("Hoàn thành", "Done"),
    "cancelled": ("Đã hủy", "Cancelled"),
}
JOB_STATUS = {
    "queued": ("Đang chờ", "Queued"),
    "running": ("Đang xử lý", "Processing"),
    "done": ("Xong", "Done"),
    "failed": ("Lỗi", "Failed"),
}
CATEGORY = {
    "report": ("Báo cáo", "Report"),
    "submit": ("Trình, gửi", "Submit"),
    "implement": ("Triển khai", "Implement"),
    "review": ("Rà soát", "Review"),
    "issue_document": ("Ban hành văn bản", "Issue a document"),
    "organize": ("Tổ chức", "Organise"),
    "communicate": ("Tuyên truyền, thông báo", "Communicate"),
    "coordinate": ("Phối hợp", "Coordinate"),
    "other": ("Khác", "Other"),
}
# export columns: (key, Vietnamese header, English header)
TASK_COLUMNS = (
    ("document", "Số, ký hiệu văn bản", "Document number"),
    ("subject", "Trích yếu", "Subject"),
    ("action", "Nội dung công việc", "Task"),
    ("assignees", "Đơn vị thực hiện", "Assignees"),
    ("deadline", "Hạn xử lý", "Deadline"),
    ("overdue", "Quá hạn", "Overdue"),
    ("status", "Trạng thái", "Status"),
    ("owner", "Người phụ trách", "Owner"),
    ("notes", "Ghi chú", "Notes"),
    ("category", "Loại việc", "Category"),
    ("quote", "Trích dẫn văn bản", "Quote"),
    ("id", "Mã công việc", "Task id"),
)
YES_NO = (("Có", "Yes"), ("Không", "No"))

PAGE = {
    "app": ("vanban: theo dõi văn bản", "vanban: document tracking"),
    "signin": ("Đăng nhập", "Sign in"),
    "signout": ("Đăng xuất", "Sign out"),
    "token": ("Mã truy cập (API token)", "API token"),
    "token_help": (
        "Dán mã do quản trị viên cấp (lệnh vanban users create).",
        "Paste the token your administrator gave you (vanban users create).",
    ),
    "bad_token": ("Mã truy cập không đúng.", "That token is not valid."),
    "email": ("Thư điện tử", "E-mail"),
    "password": ("Mật khẩu", "Password"),
    "password_help": (
        "Mật khẩu do quản trị viên đặt (lệnh vanban users set-password).",
        "Your administrator sets the password (vanban users set-password).",
    ),
    "or_token": ("Hoặc đăng nhập bằng mã truy cập", "Or sign in with an API token"),
    "signin_token": ("Đăng nhập bằng mã", "Sign in with the token"),
    # one message whether the e-mail is unknown or the password wrong (no user enumeration)
    "bad_login": (
        "Thư điện tử hoặc mật khẩu không đúng.",
        "The e-mail or the password is not right.",
    ),
    "throttled": (
        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.",
        "Too many failed sign-ins. Try again in 15 minutes.",
    ),
    "documents": ("Văn bản", "Documents"),
    "tasks": ("Công việc", "Tasks"),
    "review": ("Cần xem lại", "Review"),
    "citations": ("Tra cứu trích dẫn", "Citations"),
    "upload": ("Tải văn bản lên", "Upload documents"),
    "upload_button": ("Tải lên", "Upload"),
    "choose_files": (
        "Chọn tệp (PDF, DOCX, DOC, ODT, TXT)",
        "Choose files (PDF, DOCX, DOC, ODT, TXT)",
    ),
    "uploading": ("Đang tải lên…", "Uploading…"),
    "uploaded": ("Đã tải lên; đang xử lý.", "Uploaded; processing."),
    "duplicate": ("Tệp này đã có trong kho.", "This file is already in the archive."),
    "processing": ("Đang xử lý…", "Processing…"),
    "filename": ("Tệp", "File"),
    "number": ("Số, ký hiệu", "Number"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "type": ("Loại văn bản", "Type"),
    "date": ("Ngày", "Date"),
    "subject": ("Trích yếu", "Subject"),
    "status": ("Trạng thái", "Status"),
    "task_count": ("Số việc", "Tasks"),
    "search": ("Tìm", "Search"),
    "search_text": ("Tìm trong văn bản", "Search text"),
    "no_documents": ("Chưa có văn bản nào.", "No documents yet."),
    "no_tasks": ("Không có công việc nào.", "No tasks."),
    "deadline": ("Hạn", "Deadline"),
    "assignees": ("Đơn vị thực hiện", "Assignees"),
    "owner": ("Người phụ trách", "Owner"),
    "overdue": ("Quá hạn", "Overdue"),
    "mark_done": ("Đánh dấu hoàn thành", "Mark done"),
    "start": ("Bắt đầu", "Start"),
    "export": ("Xuất", "Export"),
    "export_csv": ("Xuất CSV", "Export CSV"),
    "export_xlsx": ("Xuất Excel", "Export Excel"),
    "export_ics": ("Lịch (.ics)", "Calendar (.ics)"),
    "calendar_feed": ("Liên kết lịch", "Calendar link"),
    "calendar_feed_help": (
        "Tạo liên kết bí mật cho ứng dụng lịch; liên kết cũ hết hiệu lực",
        "Make a secret link for calendar apps; the previous link stops working",
    ),
    "calendar_feed_shown_once": (
        "Liên kết chỉ hiện một lần, hãy thêm vào ứng dụng lịch:",
        "Shown once: add it to your calendar app:",
    ),
    "export_json": ("Xuất JSON Lines", "Export JSON Lines"),
    "original": ("Tệp gốc", "Original file"),
    "contract_json": ("JSON", "JSON"),
    "parts": ("Cấu trúc văn bản", "Document parts"),
    "legend": ("Chú giải", "Legend"),
    "citation_search": ("Văn bản nào trích dẫn số, ký hiệu:", "Which documents cite the number:"),
    "cites": ("Văn bản này trích dẫn", "This document cites"),
    "cited_by": ("Được trích dẫn bởi", "Cited by"),
    "relation": ("Quan hệ", "Relation"),
    "pinpoints": ("Điều, khoản", "Pinpoints"),
    "none_found": ("Không tìm thấy.", "Nothing found."),
    "accept": ("Chấp nhận", "Accept"),
    "reject": ("Loại bỏ", "Reject"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "review_help": (
        "Các nghĩa vụ có độ tin cậy thấp chờ người xem trước khi thành công việc.",
        "Low-confidence obligations wait for a person before they become tasks.",
    ),
    "proposed_done": ("Đã có văn bản trả lời", "Answered by a later document"),
    "failed": ("Lỗi xử lý", "Processing failed"),
    "lang_toggle": ("English", "Tiếng Việt"),
    "delete": ("Xóa", "Delete"),
    "all": ("Tất cả", "All"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    vi, en = table.get(key, (key, key))
    return en if lang == "en" else vi


def page_words(lang: str) -> dict[str, str]:
    return {k: pick(PAGE, k, lang) for k in PAGE}


# why the command line refuses a new password (keys of security.password_problem)
PASSWORD_RULES = {
    "too_short": ("Mật khẩu cần ít nhất 8 ký tự.", "The password needs at least 8 characters."),
    "too_long": ("Mật khẩu quá dài (tối đa 1024 ký tự).", "The password is too long (max 1024)."),
    "mismatch": ("Hai lần nhập mật khẩu không khớp.", "The two passwords do not match."),
}
