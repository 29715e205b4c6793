"""Regular expressions for the parts of a document (Decree 30/2020/NĐ-CP, Art. 8 and App. I).

Patterns only; each hard case carries the real example behind it. All run on normalised text
(NFC, old-style tone marks, wraps joined), one line at a time unless said otherwise.
"""

from __future__ import annotations

import regex

from .data import load_lines

F = regex.V1 | regex.IGNORECASE


def _re(pattern: str, flags: int = regex.V1) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" may be split over two lines ("CỘNG HÒA XÃ HỘI" /
# "CHỦ NGHĨA VIỆT NAM", tvpl files); Party documents print "ĐẢNG CỘNG SẢN VIỆT NAM".
MOTTO = _re(
    r"^(?:CỘNG\s*H[OÒ][AÀ]\s+XÃ\s+HỘI(?:\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM)?|CHỦ\s+NGHĨA\s+VIỆT\s+NAM|"
    r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM)\s*$",
    F,
)
# "Số: 2290 /UBND-NCKS" (seed 002), "Số: /UBND-NV" (blank draft number, seed 003),
# "Số 07-KL/VPTW" (Party, no colon), "Số: 45/2025/TT-BYT"
NUMBER_LINE = _re(r"^Số\s*[:.]?\s*(?P<value>[\d\s./-]*\S*?)\s*$|^Số\s*[:.]\s*(?P<value2>.*)$", F)
# "Thái Bình, ngày 19 tháng 7 năm 2023", "Cao Lộc, ngày tháng 10 năm 2023" (blank day),
# "Hà Nội, ngày 25 tháng 11 năm 2025"; the place is at most a few words
PLACE_DATE = _re(
    r"^(?P<place>[\p{L}][\p{L} .'-]{1,40}?)\s*,\s*ngày\b(?P<date>.{0,60}?)\s*$", regex.V1
)
SUBJECT_VV = _re(r"^(?:V/v|V/V|v/v)\b\.?\s*(?P<subject>.*)$")
SUBJECT_VE = _re(r"^(?:Về\s+việc|V[ềÊ]\s+VIỆC)\b\s*(?P<subject>.*)$")
KINH_GUI = _re(r"^(?P<dong>Đồng\s+)?Kính\s+gửi\s*[:.]?\s*(?P<rest>.*)$", F)
# the address line of a công điện works as a Kính gửi list (guidelines C1):
# "THỦ TƯỚNG CHÍNH PHỦ điện:"
CONG_DIEN_TO = _re(r"^(?P<who>.{3,80}?)\s+điện\s*:\s*(?P<rest>.*)$", regex.V1)
# OCR of real scans (Quảng Ngãi) reads the bold-italic label as ".Vơi nhận", "Noi nhận"
NOI_NHAN = _re(r"^[.,'‘`_]{0,2}\s*[NVM][ơoó]i\s+nh[ậâa]n\s*:?\s*(?P<rest>.*)$", F)
URGENCY = _re(r"^(?:KHẨN|THƯỢNG\s+KHẨN|HỎA\s+TỐC|HỎA\s+TỐC\s+HẸN\s+GIỜ|MẬT|TỐI\s+MẬT|TUYỆT\s+MẬT|DỰ\s+THẢO)\s*$")
# "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ", "K/T BỘ TRƯỞNG", "TUQ. CHỦ TỊCH"
AUTHORITY = _re(
    r"^(?P<auth>TM|T/M|KT|K/T|TL|T/L|TUQ|Q)\s*[.:]?\s+(?P<body>\p{Lu}.*)$"
    # the prefix alone, its body on the next line ("KT." ⏎ "TRƯỞNG THUẾ TỈNH": tax offices, VPCP)
    r"|^(?P<auth2>TM|T/M|KT|K/T|TL|T/L|TUQ)\s*\.$"
)
SIGNED_NOTE = _re(r"^\(?\s*(?:Đã\s+ký|đã\s+ký|Ký\s+tên|\[?\s*daky\s*\]?)\s*\)?\.?$")
# a person's name: 2–6 capitalised syllables ("Nguyễn Khắc Thận"); "Đồng chí" is not a name
PERSON_NAME = _re(r"^(?!Đồng\s+chí\b)(?:\p{Lu}\p{Ll}*\.?\s+){1,5}\p{Lu}\p{Ll}+$")
CLOSING = _re(
    r"^(?:Trên\s+đây\s+là|Nhận\s+được|Nhận\s+(?:Văn\s+bản|Công\s+văn|Công\s+điện|Kế\s+hoạch|Chỉ\s+thị)|"
    r"Trong\s+quá\s+trình\s+(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)|Quá\s+trình\s+thực\s+hiện|"
    r"Đề\s+nghị\s+.{0,200}(?:thực\s+hiện|triển\s+khai)\s*\.?$|.*\./\.\s*$|"
    # "UBND huyện yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện." (seeds 002-004)
    r".{0,120}\b(?:yêu\s+cầu|đề\s+nghị)\b.{0,200}\b(?:nghiêm\s+túc|khẩn\s+trương)\s+(?:triển\s+khai\s+)?thực\s+hiện\b)",
    F,
)
FOOTNOTES_HEADING = _re(r"^Chú\s+thích\s*:\s*$")
BASIS = _re(r"^(?:Căn\s+cứ|Xét\s+đề\s+nghị|Theo\s+đề\s+nghị)\b", F)
ATTACHMENT = _re(r"^\(?\s*(?:Gửi\s+)?[Kk]èm\s+theo\b|^\(Đính\s+kèm\b")
APPENDIX = _re(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)\b(?:\s+[\dIVXLC]+)?")
ANNEX_NOTE = _re(r"^\((?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?:Quyết\s+định|Nghị\s+quyết|Thông\s+tư|Kế\s+hoạch|Công\s+văn|Văn\s+bản)")

# Body item markers, outermost first. The rank decides nesting: a marker nests under every
# open item of a smaller rank (I. > 1. > 1.1. > a) > - > +; Phần > Chương > Mục > Điều).
ITEM_MARKERS: list[tuple[str, regex.Pattern[str]]] = [
    ("phan", _re(r"^(Phần\s+(?:thứ\s+\p{L}+|[IVXLC\d]+))\b[.:]?\s*")),
    ("chuong", _re(r"^(Chương\s+[IVXLC\d]+)\b[.:]?\s*")),
    ("muc", _re(r"^(Mục\s+\d+)\b[.:]?\s*")),
    ("dieu", _re(r"^(Điều\s+\d+[a-z]?)\s*[.:]\s*|^(Điều\s+\d+[a-z]?)\s+(?=\p{Lu})")),
    ("roman", _re(r"^([IVXLC]{1,6})\s*[.)/]\s+")),
    ("num3", _re(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+")),
    ("num2", _re(r"^(\d{1,2}\.\d{1,2})\.?\s+(?!\d)")),
    ("num", _re(r"^(\d{1,2})\s*[.)]\s+(?!\d)|^(\d{1,2})\.(?=\p{Lu})")),
    ("alpha", _re(r"^([a-zđ])\s*[).]\s+")),
    ("dash", _re(r"^([-–—•])\s*")),
    ("plus", _re(r"^([+*])\s+")),
]
ITEM_RANK = {name: rank for rank, (name, _) in enumerate(ITEM_MARKERS)}

# Document type titles under the header ("QUYẾT ĐỊNH", "KẾ HOẠCH"), from data/doc_types.tsv.
DOC_TYPE_ROWS = [row.split("\t") for row in load_lines("doc_types.tsv")]
DOC_TYPE_BY_TITLE = {title.upper(): code for title, code, _abbr in DOC_TYPE_ROWS}
DOC_TYPE_BY_ABBR = {abbr: code for _title, code, abbr in DOC_TYPE_ROWS if abbr}
_titles = sorted(DOC_TYPE_BY_TITLE, key=len, reverse=True)
DOC_TYPE_TITLE = _re(r"^(?P<title>" + "|".join(regex.escape(t) for t in _titles) + r")\b\s*:?\s*(?P<rest>.*)$")

# Position lines of the signature block, from data/positions.txt ("CHỦ TỊCH", "GIÁM ĐỐC").
POSITION_WORDS = [w.upper() for w in load_lines("positions.txt")]
POSITION = _re(
    r"^(?:" + "|".join(regex.escape(w) for w in sorted(POSITION_WORDS, key=len, reverse=True)) + r")\b"
)
