"""Regex patterns of the deadlines extractor (``deadlines.py``), kept apart so they can be read,
tested and extended on their own.

Two families:
- **date mentions** (what a deadline points at): full and partial dates, lists of days, months,
  "trong năm YYYY";
- **cues** read off the text just *left* of a date mention (anchored at its end) or just around
  it: "trước", "chậm nhất", "vào", "Thời gian: …", "hằng năm", and the duration phrases of
  ``within`` deadlines.

All run on the normalised text (NFC, tone marks unified, wraps joined). Dates may still be split
over a line break where the PDF wrap was not joined ("ngày 23 tháng" ⏎ "6 năm 2023"), so the
whitespace inside a date allows one line break (``SP``). Examples name the train/dev documents
of ``corpus/`` they come from; the cue lexicon itself is the one of annotation guidelines D1–D4
and domain guide §5.
"""

from __future__ import annotations

import regex

FLAGS = regex.I | regex.V0


def _re(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, FLAGS)


SP = r"[ \t]*(?:\n[ \t]*)?"  # whitespace inside a date: at most one line break
_YEAR = r"(?:19|20)\d{2}"
_NOT_AFTER_NUMBER = r"(?<![\d/.-])"  # "616/898 dự án", "16-22/11/2025": no date starts mid-number

# --- date mentions ------------------------------------------------------------------------------

# Lists of days sharing one month: "Ngày 26, 27/12/2011" (qlvb-005, a training schedule),
# "ngày 08 và 09 tháng 12 năm 2025". Each day becomes a date of its own.
DAY_LIST_NUMERIC = _re(
    rf"ngày{SP}(?P<days>\d{{1,2}}(?:\s*(?:,|và)\s*\d{{1,2}})+){SP}/{SP}(?P<m>\d{{1,2}})"
    rf"(?:{SP}/{SP}(?P<y>{_YEAR}))?(?![\d/])"
)
DAY_LIST_LONG = _re(
    rf"ngày{SP}(?P<days>\d{{1,2}}(?:\s*(?:,|và)\s*\d{{1,2}})+){SP}tháng{SP}(?P<m>\d{{1,2}})"
    rf"(?:{SP}năm{SP}(?P<y>{_YEAR}))?(?!\d)"
)
# "ngày 23 tháng 6 năm 2023" (seed 004), "ngày 13 tháng11 năm 2007" (qlvb-009, glued), and the
# year-less "ngày 31 tháng 12" / "(trước ngày 30 tháng 11)" of yearly reports (vbpl-002).
LONG_DATE = _re(
    rf"ngày{SP}(?P<d>\d{{1,2}}){SP}tháng{SP}(?P<m>\d{{1,2}})(?:{SP}(?:năm{SP}|/{SP})(?P<y>{_YEAR}))?(?!\d)"
)
# "20/10/2023" (seed 003), "22/ 12/ 2011" (qlvb-002, OCR spaces), "4-7-2017" (Party prose), and
# year-less "05/02", "30/6". The separator repeats; "ngày" in front is kept in the mention
# because a year-less numeric date is only read after "ngày" or a cue (else "1/2 ngày" = half
# a day in qlvb-005 would be 1 February).
NUMERIC_DATE = _re(
    rf"(?P<ngay>ngày{SP})?{_NOT_AFTER_NUMBER}(?P<d>\d{{1,2}}){SP}(?P<sep>[/.-]){SP}(?P<m>\d{{1,2}})"
    rf"(?:{SP}(?P=sep){SP}(?P<y>{_YEAR}))?(?![\d/]|[.-]\d)"
)
# "tháng 12 năm 2025" (tvpl-007), "tháng 9/2024", "tháng 11 hằng năm" (qlvb-009). The number
# must follow "tháng": "6 tháng đầu năm" (the first half-year) is not June (domain guide §5).
MONTH = _re(
    rf"(?<!\d[ \t]*)tháng{SP}(?P<m>\d{{1,2}})(?:{SP}(?:năm{SP}|/{SP})(?P<y>{_YEAR}))?(?![\d/])"
)
# "hoàn thành trong năm 2025" (tvpl-006), "sớm bàn giao trong năm 2025" (tvpl-007).
YEAR_IN = _re(rf"trong{SP}năm{SP}(?P<y>{_YEAR})(?![\d/])")

# --- cues left of a date (each anchored at the end of the left context) -------------------------

# Clock times, weekdays and parts of the day between a cue and its date are skipped, the date
# kept: "trước 17 giờ ngày 27/11/2025" (tvpl-008), "Vào lúc 08 giờ 00 phút, ngày 09/11/2024"
# (qngai-001), "8h00-10h00 ngày 28/12/2011", "Chiều ngày 28/12 và cả ngày 29/12/2011" (qlvb-005).
# A comma is skipped only together with one of these (see ``_strip_clock``).
TRAILING_CLOCK = _re(
    r"(?:\d{1,2}\s*(?:giờ|h|g|:)\s*(?:\d{1,2}\s*(?:phút|p\b)?)?|[-–]|\blúc|\bbuổi|\bsáng|\bchiều|\btối"
    r"|\btrưa|\bđêm|\bcả|\bthứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|\bchủ\s+nhật|,)\s*$"
)
# "chậm nhất ngày 23 tháng 6 năm 2023" (seed 004), "chậm nhất trước ngày 31/12/2025" (tvpl-027:
# chậm nhất wins over trước), "chậm nhất là ngày 30 tháng 11" / "chậm nhất vào ngày 31 tháng 12"
# (qlvb-009), "không quá ngày 31 tháng 12 năm 2008" (qlvb-008), "không muộn hơn ngày …" (guide).
NO_LATER_THAN = _re(
    r"(?P<cue>(?:chậm|muộn)\s+nhất|không\s+(?:muộn|chậm)\s+hơn|không\s+quá)"
    r"(?:\s*[,:]?\s*(?:là|vào|trước|trong|đến|hết)\b)*\s*[,:]?\s*$"
)
# A due-date label (guide D1 "hạn chót"): "hạn chót nộp hồ sơ ngày …", "Hạn nộp báo cáo: …",
# "Thời hạn hoàn thành: ngày …". "thời hạn" alone is a common noun ("đúng các quy định và thời
# hạn, tháng 11 hằng năm", qlvb-009), so it needs the colon or "là".
DEADLINE_LABEL = _re(
    r"(?:(?P<cue>\bhạn\s+(?:chót|cuối|nộp|gửi))(?:\s+[\p{L}]+){0,5}?\s*(?::|\blà|\bvào)?"
    r"|(?P<cue>\bthời\s+hạn)(?:\s+[\p{L}]+){0,5}?\s*(?::|\blà))\s*$"
)
# "trước ngày 20/10/2023" (seed 003), "trước 30/11/2024" (qngai-002: no "ngày").
BEFORE = _re(r"(?P<cue>\btrước)\s*$")
# "vào ngày 19 tháng 12 năm 2025" (tvpl-006), "vào ngày 01/12/2025" (tvpl-027), "trong tháng 11
# năm 2025" (tvpl-006, tvpl-024), "vào tháng 12 năm 2007" (qlvb-009), "trong ngày …" (guide).
ON = _re(r"(?P<cue>\b(?:vào|trong))\s*$")
# A field of a schedule: "2. Thời gian: Vào lúc …" (qngai-001), "- Thời gian thực hiện: Ngày 26,
# 27/12/2011", "- Thời gian dự kiến: …" (qlvb-005), "Thời gian tô chức Hội thi ngày 30/ 12/ 2011"
# (qlvb-002). Only from the start of a line or sentence, up to the date.
# "Thời gian qua / tới / gần đây" (recently, soon) are not fields.
TIME_FIELD = _re(
    r"(?:^|\n|[.;]\s)[ \t]*(?:[-+•*][ \t]*|\(?\d{1,2}[.)][ \t]*|[a-zđ]\)[ \t]*)?"
    r"(?P<cue>thời\s+(?:gian|điểm))\b(?!\s+(?:qua|tới|gần|vừa|sắp|này|đó|trước)\b)"
    r"[^\n.;:]{0,60}?(?::[^\n.;:]{0,50}?)?\s*$"
)
# A date right after these starts or ends a span, or is a cut-off, not a deadline (guide D4):
# "từ ngày 01/6/2014 đến nay" (seed 003), "tính đến ngày 30 tháng 6 năm 2023" (seed 004),
# "tính đến hết ngày 17/11/2025" (tvpl-009), "có hiệu lực … kể từ ngày 01/12/2025" (tvpl-046),
# "khởi công dịp 19 tháng 12 năm 2025" (tvpl-006: an occasion).
NOT_A_CUE = _re(r"(?:\btừ|\bđến|\btới|\bhết|\bsau|\bngoài|\bdịp|\bgiữa|\bnhân)\s*$")
# The date opens a range: "từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025" (tvpl-041).
RANGE_AFTER = _re(r"\s*(?:[-–]|đến|tới)\s*(?:hết\s+)?(?:ngày\s*)?\d")
# A second date joined to an accepted one takes its cue: "Chiều ngày 28/12 và cả ngày 29/12/2011".
CHAIN = _re(r"\s*(?:,|và|hoặc)?\s*(?:và|hoặc)?\s*")  # used with fullmatch
# "hoàn thành / bàn giao … trong năm 2025": a year is a deadline only for a completion verb a few
# words before it (tvpl-006, tvpl-007); "tin tưởng trong năm 2025 sẽ …", "giải ngân trong năm
# 2025" are targets and background (D4).
COMPLETION_BEFORE_YEAR = _re(
    r"(?P<cue>hoàn\s+thành|hoàn\s+tất|bàn\s+giao)(?:\s+[\p{L}\d]+){0,6}?\s*$"
)

# --- context that cancels a cue -----------------------------------------------------------------

# Past tense just before the cue: a deadline recalled as background (guide D4; the quoted
# "bảo đảm hoàn thành việc thanh tra trước ngày 20 tháng 9 năm 2025" of tvpl-009 is caught by
# the date check instead).
PAST_BEFORE_CUE = _re(r"\bđã\b[^.;:\n]{0,25}$")
# Effective dates (guide D4, seed 002, tvpl-042, tvpl-046, vbpl-004).
EFFECTIVE_BEFORE_CUE = _re(r"hiệu\s+lực[^.;:\n]{0,25}$")

# --- recurrence ---------------------------------------------------------------------------------

# "Định kỳ hằng năm (trước ngày 30 tháng 11)", "… hằng năm (trước ngày 31 tháng 12)" (vbpl-002),
# marker before the cue; "chậm nhất là ngày 30 tháng 11 hằng năm", "tháng 11 hằng năm"
# (qlvb-009), "trước ngày 10/12 hằng năm" (guide D2), marker after the date.
RECURRING_LEFT = _re(
    r"(?P<marker>(?:hằng|hàng|mỗi)\s+(?P<every>năm|tháng|quý)|định\s+kỳ)\s*[(,]?\s*$"
)
RECURRING_RIGHT = _re(r"\s*\)?\s*,?\s*(?P<marker>(?:hằng|hàng|mỗi)\s+(?P<every>năm|tháng|quý))")
# A monthly day has no date ("trước ngày 25 hằng tháng", guide D2): recorded in the spans only.
MONTHLY_DAY = _re(
    rf"(?P<cue>(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|vào)\s+)?ngày{SP}(?P<d>\d{{1,2}}){SP}"
    r"(?:hằng|hàng|mỗi|của\s+các)\s+tháng"
)
# Periodic duties without a day: "định kỳ hằng quý", "định kỳ 6 tháng", "định kỳ sáu tháng"
# (qlvb-004), "Định kỳ 6 tháng, hàng năm" (qlvb-008, qngai-005), "định kỳ 03 tháng/1lần"
# (qngai-006). Spans only: they give no date (guide D1–D2).
PERIODIC = _re(
    r"định\s+kỳ(?:\s+(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm)|\s+(?:\d{1,2}|ba|sáu)\s+tháng(?:\s*/\s*\d*\s*lần)?)"
)

# --- durations (within) -------------------------------------------------------------------------

_COUNT_WORD = r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi)"
# "trong thời hạn mười ngày, kể từ ngày nhận được Mẫu bản kê khai" (qlvb-009), "chậm nhất là 05
# ngày, kể từ ngày ký" (qlvb-007), "trong vòng 10 ngày" (guide). Hours ("trong vòng 72 giờ") are
# relative periods, never deadlines (D4), so the unit list leaves them out. "chậm nhất", "không
# quá" and "trong thời gian" only count with an anchor ("kể từ …"): alone they are ceilings or
# spans ("không quá 05 năm"; "trong thời gian 25 ngày làm việc kể từ ngày nhận …", vbpl-001).
DURATION = _re(
    r"(?P<cue>trong\s+(?:thời\s+hạn|vòng|thời\s+gian)|chậm\s+nhất(?:\s+là)?(?:\s+sau)?|không\s+quá)\s+"
    rf"(?P<n>\d{{1,3}}|{_COUNT_WORD}(?:\s+{_COUNT_WORD})*?)\s*(?:\([\p{{L}}\s]{{1,25}}\)\s*)?"
    r"(?P<unit>ngày\s+làm\s+việc|ngày|tuần|tháng|năm)\b(?!\s*\d)"
)
# What the period counts from. The document's own signing or issue date is a date the text fixes
# ("kể từ ngày ký", qlvb-007); "kể từ ngày nhận được …" is not (D3).
ANCHOR_SIGNING = _re(
    r"\s*,?\s*(?:kể\s+|tính\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)(?:\s+ban\s+hành)?"
    r"(?:\s+(?:quyết\s+định|công\s+văn|văn\s+bản|thông\s+báo|kế\s+hoạch|chỉ\s+thị|thông\s+tư|nghị\s+quyết"
    r"|công\s+điện|nghị\s+định)\s+này)?(?=\s*[,.;)\n]|\s*$)"
)
ANCHOR_EXPLICIT = _re(r"\s*,?\s*(?:kể\s+|tính\s+)?từ\s+(?=ngày\s*\d)")
ANCHOR_ANY = _re(r"\s*,?\s*(?:kể\s+|tính\s+)?(?:từ|sau)\s+(?:ngày|khi|thời\s+điểm)[^,.;:\n]{0,60}")
ALWAYS_WITHIN = _re(r"trong\s+(?:thời\s+hạn|vòng)")

# Parts of the document whose dates are never deadlines: the header's date line, number and
# subject, the recipient lists, the signature block, and the Căn cứ clauses.
SKIPPED_PARTS = frozenset(
    {
        "parent_issuer", "issuer", "motto", "number", "place_date", "doc_type", "subject",
        "kinh_gui", "noi_nhan", "signature", "authority", "position", "signer", "urgency", "basis",
    }
)  # fmt: skip
