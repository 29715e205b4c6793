"""Regular expressions for citations of legal and administrative instruments.

Patterns only: ``legal_refs.py`` finds, resolves and annotates with them. They run on the
normalised text (NFC, old-style tone marks, wraps joined; see ``nlp/normalize.py``) after
``soften_breaks`` has turned line breaks inside a sentence into spaces, so that a citation cut
by a page break ("của Thủ tướng" ⏎ "Chính phủ", seed 002) reads as one phrase. Every hard case
carries the real example behind it (seeds by number, corpus documents by id); the domain guide is
``shared/docs/domain-vi-admin-documents.md`` (§2 number/symbol grammar, §7 citation language).
"""

from __future__ import annotations

from functools import cache

import regex

from ..data import load_lines

V1 = regex.V1
I = regex.V1 | regex.IGNORECASE  # noqa: E741


def _re(pattern: str, flags: int = V1) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first ("Thông tư liên tịch" before "Thông tư");
    a space in a phrase matches any run of whitespace."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ordered)


# --- tables (nlp/data/instrument_types.tsv) ------------------------------------------------


def _type_rows() -> list[tuple[str, str, tuple[str, ...]]]:
    rows = []
    for line in load_lines("instrument_types.tsv"):
        cells = (line.split("\t") + ["", ""])[:3]
        abbrs = tuple(a.strip() for a in cells[2].split(",") if a.strip())
        rows.append((cells[0].strip(), cells[1].strip(), abbrs))
    return rows


TYPE_ROWS = _type_rows()
TYPE_BY_WORD = {word.casefold(): code for word, code, _ in TYPE_ROWS}
TYPE_BY_ABBR = {abbr: code for _, code, abbrs in TYPE_ROWS for abbr in abbrs}
FROM_SYMBOL = "*"  # the type code of "Văn bản": read the type off the symbol
TYPE_WORDS = _alt([word for word, _, _ in TYPE_ROWS])
_NOT_LETTER = r"(?![\p{L}])"

# --- number/symbol grammar (domain §2) ---------------------------------------------------

# "91", "05" (leading zeros stay), "30c/NQ-CP" (a letter suffix, qlvb-001), "66.4/2025/NQ-CP"
# (dotted Government resolution numbers, tvpl-007: the dot is kept, never read as 664)
NUM = r"\d{1,5}(?:\.\d{1,3})?[a-z]?"
# one symbol group: "QĐ", "TTg", "QĐi", "QH15", "BTN&MT"; inner dots followed by capitals or
# digits stay ("11554/VPCP-V.I" tvpl-001, "838/CCTKV.XII-NVDTPC.HUE" tvpl-029), a sentence dot
# does not ("12/2019/TT-BNV." seed 003, "…BNV.Trong" glued prose)
GROUP = r"\p{Lu}[\p{L}\d&]*(?:\.[\p{Lu}\d]+(?![\p{Ll}]))*"
# Groups are joined by "-" (a space may follow: "15/2020/TT- BGDĐT" qngai-008, "17/NQ- CP"
# qngai-007), by " - " only when an all-caps code follows ("127/TTr - HĐQT" tvpl-013; prose
# "TĐ - KT" never follows a number), or by "/" before a capital ("527/TTLT/TTCP-BNV-UBKTTW"
# qlvb-009). A group after "-" may be digits ("01/CV-01" tvpl-022); a typed "_" is kept as
# written ("10/2007/QĐ_BKHCN" qlvb-007; guidelines R4: typos stay).
SEP = r"(?:[-_]\s?(?=[\p{Lu}\d])|\s-\s(?=[\p{Lu}\d&]{2,}(?![\p{Ll}]))|/(?=\p{Lu}))"
SYMBOL = rf"{GROUP}(?:{SEP}(?:{GROUP}|\d+(?![\d/])))*"
_PARTY_SYMBOL = r"\p{Lu}[\p{L}]{0,3}\s*/\s*\p{Lu}[\p{Lu}\d]{1,7}"
NUMBER_SYMBOL = _re(
    r"(?<![\p{L}\d/.\-])(?:"
    # normative "91/2017/NĐ-CP", laws "06/2022/QH15" (the term digits are part of the group)
    rf"(?P<num>{NUM})\s*/\s*(?P<year>(?:19|20)\d{{2}})\s*/\s*(?P<sym>{SYMBOL})"
    # Party "34-CT/TW", "08-QĐi/TW", "13-CT/HU", "1098-TB/BTCTU" (a hyphen after the number)
    rf"|(?P<pnum>\d{{1,4}})\s*-\s*(?P<psym>{_PARTY_SYMBOL})(?![\p{{L}}\d])"
    # administrative "1635/QĐ-UBND", công văn "2290 /UBND-NCKS" (seed 002: space before "/")
    rf"|(?P<anum>{NUM})\s*/\s*(?P<asym>{SYMBOL})"
    r")"
)

# --- the words before a number (end-anchored, run on the text just before it) ---------------

# "Nghị định số 91/…", "Nghị định 37/2007/NĐ-CP" (no "số", qlvb-009), "các Công văn: Số 1060/…"
# (qngai-014), "văn bản số văn bản số 621/BC-BTC" (tvpl-026), "Thông tư sô 15/2020/…" (OCR,
# qngai-008), "văn bản đề ngày 29 tháng 10 năm 2025 số 16/CV-HHTACN" (tvpl-003: the date first)
_PRE_DATE = r"\s+(?:đề\s+)?ngày\s+[\d\s/.\-]*(?:tháng\s+\d{1,2}\s+năm\s+\d{4})?"
TYPE_BEFORE = _re(
    rf"(?<![\p{{L}}])(?P<tw>{TYPE_WORDS})(?:\s*:)?(?P<pre_date>{_PRE_DATE})?"
    r"\s*(?:s[ốô]\s*[:.]?\s*)?$",
    I,
)
# A law named before its number: "Luật Thi đua, Khen thưởng số 06/2022/QH15" (seed 002),
# "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15" (vbpl-004), "Luật sửa đổi, bổ
# sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều số 60/2020/QH14" (tvpl-046),
# "Luật đất đai số 31/2024/QH15" (tvpl-030, lower case)
NAMED_BEFORE_NUMBER = _re(
    r"(?<![\p{L}])(?P<tw>Bộ\s+luật|Luật|Pháp\s+lệnh)\s+"
    r"(?P<title>(?!số\b)\p{L}[^;\n()“”\"]{0,250}?)\s+số\s*[:.]?\s*$"
)
# inside a name before "số", a year or a second instrument means the name started later:
# "… Luật Đất đai năm 1993, Luật Đất đai số 13/2003/QH11" (tvpl-017)
NAME_BREAK = _re(r"năm\s+(?:19|20)\d{2}|(?:19|20)\d{2}\s*,")
LIST_CITATION_NAME = _re(rf"(?:,|;|\s+và)\s+(?:{TYPE_WORDS}){_NOT_LETTER}")
# a number that only continues a list: "Nghị định số 02/2022/NĐ-CP …, 06/2024/NĐ-CP"
LIST_BEFORE = _re(r"(?:,|và|;)\s*(?:số\s*)?$")
# form numbers are not instruments: "theo mẫu số 01/MGTH ban hành kèm theo …" (tvpl-018)
FORM_BEFORE = _re(r"(?:mẫu|biểu|phụ\s+lục)\s+số\s*$", I)
# the document's own annex heading: "(Ban hành kèm theo Quyết định số 10325/QĐ-UBND)" (tvpl-046),
# "Mẫu số 1 ban hành kèm theo Thông tư số 2442/2007/TT-TTCP" (qlvb-009): own type → self
# (run on the line up to the type word)
ANNEX_SELF = _re(r"^\W*(?:(?:Mẫu\s+số\s+\d+\s+)?ban\s+hành\s+)?kèm\s+theo\s+$", I)

# --- what follows a number ---------------------------------------------------------------

_NUMERIC_DATE = r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)\d{2}"  # "31/7/2017", "4-7-2017"
_LONG_DATE = r"\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*(?:19|20)\d{2}"  # "13 tháng11 năm 2007" (qlvb-009)
DATE_AFTER = _re(
    # "ngày ngày 08 tháng 6 năm 2010" (a typo in tvpl-045)
    r"^\s*,?\s*(?:được\s+)?(?:ban\s+hành\s+)?(?:ngày\s*:?\s*)+"
    rf"(?P<date>{_NUMERIC_DATE}|{_LONG_DATE})",
    I,
)
# a law's year: "Luật Đất đai năm 2024" (tvpl-017), "Luật Tố tụng hành chính 2015"
YEAR_AFTER = _re(r"^\s*,?\s*(?:năm\s+)?(?P<year>(?:19|20)\d{2})(?![\d/])")
# "… của Chính phủ", "… của sở Thông tin và Truyền thông tỉnh Phú Thọ" (qlvb-002, lower-case "sở")
ISSUER_AFTER = _re(r"^\s*,?\s*của\s+(?=[\p{Lu}]|sở\s+\p{Lu})")
# The title: "về việc …", "V/v …", "về …", a quotation ("\"Về tiếp tục đổi mới …\"" seed 002) or
# a verb straight after the issuer ("… của Chính phủ quy định chi tiết …" seed 003, "… của
# Chính phủ Quy định chi tiết …" tvpl-046, "… của Chính phủ thực hiện Nghị quyết …" tvpl-005).
TITLE_VERBS = (
    "quy định", "hướng dẫn", "ban hành", "phê duyệt", "sửa đổi", "bổ sung", "bãi bỏ",
    "thực hiện", "triển khai", "tổ chức", "phát động", "tăng cường", "đẩy mạnh", "tiếp tục",
    "công bố", "điều chỉnh", "phân bổ", "phân khai", "giao", "thành lập", "chuyển", "tạm thời",
    "kết luận", "góp ý", "xin ý kiến", "đề xuất", "đề nghị", "chấn chỉnh", "nâng cao",
    "kiện toàn", "tuyên truyền", "quy chế", "chỉ đạo", "ứng phó", "khắc phục", "áp dụng",
    "dự thảo",
    # answers to a query name it by its subject: "… của Thuế tỉnh Nghệ An vướng mắc về việc …"
    # (tvpl-018), "… của Công ty … đề nghị điều chỉnh …" (tvpl-030)
    "vướng mắc", "kiến nghị", "phản ánh", "trả lời", "giải đáp",
)  # fmt: skip
_TITLE_VERB = rf"(?:{_alt(TITLE_VERBS)}){_NOT_LETTER}"
TITLE_START = _re(
    rf"^\s*,?\s*(?:(?P<marker>về\s+việc|V/v|về)\s+|(?P<quote>[\"“])|(?={_TITLE_VERB}))", I
)
# Where a title stops (domain §7): ";", a sentence end, "(", ":", a line end, or before a clause
# that is not part of it: ", được sửa đổi, bổ sung tại …" (tvpl-017), "có hiệu lực …" (seed 002),
# ", Phó Thủ tướng … có ý kiến" (tvpl-025; a comma before a capitalised word that is no type word)
_CLAUSE_AFTER_TITLE = (
    "được sửa đổi", "được thay thế", "đã được", "có hiệu lực", "hết hiệu lực", "nêu trên",
    "trong đó", "theo đó",
)  # fmt: skip
TITLE_END = _re(
    rf";|\.(?=\s|$)|\(|:|\n|\s*,?\s+(?:(?:{_alt(_CLAUSE_AFTER_TITLE)}){_NOT_LETTER}|thì\s)"
    rf"|,\s+(?!(?:{TYPE_WORDS}){_NOT_LETTER})(?=\p{{Lu}}\p{{Ll}})"
)
# A following citation ends a title that cites nothing itself: "… ban hành Điều lệ Sáng kiến và
# Thông tư số 18/2013/TT-BKHHCN …" (seed 003); "… Nghị quyết số 66/2013/QH13 … và Nghị quyết
# số 63/2022/QH15 …" inside one title (tvpl-025) continues.
LIST_CITATION = _re(rf"(?:,|\s+và|;)\s+(?:các\s+)?(?:{TYPE_WORDS})(?:\s+số)?\s*\d", I)
# The addressee between the issuer and the title: "văn bản … số 16/CV-HHTACN của Hội Chăn nuôi
# Việt Nam - Hiệp hội Thức ăn Chăn nuôi gửi Thủ tướng Chính phủ Phạm Minh Chính về việc …"
# (tvpl-003; the only case in train/dev, kept because "gửi X về việc" is how a letter is described)
SENT_TO = _re(r"\s*gửi\s+[^,;.()\n]{1,100}?(?=\s+(?:về\s+việc|V/v|về)\s)")

# --- issuers -----------------------------------------------------------------------------

_AGENCY_HEADS = r"Ban|Bộ|Sở|Cục|Phòng|Vụ|Viện|Hội|Ủy\s+ban|Trung\s+tâm|Tổng\s+cục|Chi\s+cục"
_ISSUER_END_WORDS = (
    "về", "V/v", "tại", "theo", "đã", "đang", "sẽ", "thì", "là", "để", "nhằm", "cho", "đối với",
    "trong", "với", "gửi", "được", "có", "nêu",
)  # fmt: skip
# Words that end an issuer name: the start of a title or of the rest of the sentence.
ISSUER_STOP = _re(
    # a title verb, capitalised or not ("… của Phòng Nội vụ thị xã Hướng dẫn thực hiện …" seed 001,
    # "… của Chính phủ Quy định chi tiết …" tvpl-046), except as an agency's own name ("Ban Tổ chức
    # Tỉnh ủy" qngai-009, "Ban Chỉ đạo 389 quốc gia" tvpl-001)
    rf"(?<!(?:{_AGENCY_HEADS}))\s+(?i:{_TITLE_VERB})"
    rf"|\s+(?:(?:{_alt(_ISSUER_END_WORDS)}){_NOT_LETTER}|và\s+(?=\p{{Ll}}))"
    rf"|\s+và\s+(?:các\s+)?(?:{TYPE_WORDS}){_NOT_LETTER}"
    # a date after the issuer ("… của Thanh tra Chính phủ ngày 26 tháng 3 năm 2007 …" qlvb-009),
    # a footnote mark ("Thanh tra Chính phủ[3]" tvpl-009), a bracket
    r"|\s+ngày\s+\d|\s*\[\d|\s*[;.:()\[\"“”\n]"
    # a comma, unless a joint issuer follows ("Thanh tra Chính phủ, Bộ Nội vụ và …" qlvb-009)
    r"|\s*,\s+(?!(?:Bộ|Ban|Sở|Ủy\s+ban|Thanh\s+tra|Văn\s+phòng|Tổng\s+cục|Cục)\s)",
)
# The issuer named before the citation: "theo đề xuất của Giám đốc Sở Tài chính tại Công văn số
# 4039/STC-HCSN" (qngai-011), "Xét đề nghị của Ngân hàng Chính sách xã hội tại Tờ trình số …"
# (tvpl-013), "Theo đề nghị của Giám đốc Sở … tại Tờ trình số 862/TTr-SNNMT" (tvpl-046),
# "kiến nghị của Ủy ban nhân dân tỉnh Hưng Yên (văn bản số 84/BC-UBND …)" (tvpl-004)
ISSUER_BEFORE = _re(
    r"(?<![\p{L}])của\s+(?P<issuer>\p{Lu}[^,;:.()\n]{1,100}?)"
    r"(?:\s+(?:tại|theo)(?:\s+(?:nội\s+dung|các))*|\s*\()\s*$"
)
_ORG_START = (
    r"(?:UBND|HĐND|Ủy\s+ban|Hội\s+đồng|Bộ|Sở|Ban|Chính\s+phủ|Thủ\s+tướng|Văn\s+phòng|Cục|"
    r"Chi\s+cục|Tổng\s+cục|Phòng|Thanh\s+tra|Chủ\s+tịch|Giám\s+đốc|Quốc\s+hội|Tỉnh\s+ủy|"
    r"Huyện\s+ủy|Thành\s+ủy)"
)
# "Ngày 11/8/2023, UBND Thành phố đã ban hành Công văn số 828/UBND-HC" (seed 000), "Ngày
# 26/02/2025, Cục Thuế tỉnh Vĩnh Phúc (nay là Thuế tỉnh Phú Thọ) có Thông báo số 565/…" (tvpl-030)
ISSUED_BY_BEFORE = _re(
    rf"(?:^|[,.;:]\s*|\n)(?P<issuer>{_ORG_START}[^,.;:\n()]{{0,80}}?)(?:\s*\([^()\n]{{0,60}}\))?"
    r"\s+(?:đã\s+)?(?:ký\s+ban\s+hành|ban\s+hành|có|ký)\s+(?:các\s+)?$"
)
# A date that opens the sentence: "Ngày 11/8/2023, UBND Thành phố đã ban hành Công văn số
# 828/UBND-HC" (seed 000), "Ngày 10/10/2024, tại Công văn số 2294/…" (tvpl-030), "Ngày
# 22/10/2025, tại Thông báo số 569/TB-VPCP" (tvpl-009)
DATE_BEFORE = _re(
    rf"(?:^|\n|[.;]\s)\W*Ngày\s+(?P<date>{_NUMERIC_DATE}|{_LONG_DATE})\s*,\s*"
    r"(?:[^,.;:\n]{0,120}?\s(?:đã\s+)?(?:ban\s+hành|có|ký)\s+|tại\s+)(?:các\s+)?$"
)
# a "của X" after a citation that introduces the next one: "… thông báo số 99-TB/TW ngày
# 21/11/2025, của Ban Bí thư tại văn bản số 213-KL/TW …" (tvpl-027)
ISSUER_OF_NEXT = _re(
    rf"^\s+(?:tại|theo)\s+(?:nội\s+dung\s+)?(?:các\s+)?(?:{TYPE_WORDS}){_NOT_LETTER}", I
)
# Party plenums and Government meetings name their issuer: "Nghị quyết Trung ương 4 khóa XII"
# (tvpl-048), "Nghị quyết phiên họp Chính phủ thường kỳ tháng 9 năm 2025" (tvpl-026)
PLENUM = _re(r"^Trung\s+ương\s+\d+\s+(?P<term>kh[oó][aá]\s+[IVXLC]+)")
GOVERNMENT_MEETING = _re(r"^phiên\s+họp\s+Chính\s+phủ\b")
# A bare level word to complete with the document's own unit: "của UBND tỉnh" → "Ủy ban nhân
# dân tỉnh Lạng Sơn" in a Cao Lộc document that names Lạng Sơn (seed 003).
LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
BARE_LEVEL_END = _re(rf"(?<![\p{{L}}])(?P<level>{_alt(LEVELS)})\s*$", I)
LEVEL_WORD = _re(rf"(?<![\p{{L}}])({_alt(LEVELS)}){_NOT_LETTER}", I)
# a Sở of the own province: "Giám đốc Sở Tài chính" (qngai-011), "Sở Tư pháp" (tvpl-046)
PROVINCIAL_DEPARTMENT = _re(r"(?<![\p{L}])Sở\s+\p{Lu}")
PLACE_NAME = r"\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){0,3}"  # not across a line break
UNIT_MENTION = _re(rf"(?<![\p{{L}}])(?P<level>{_alt(LEVELS)})\s+(?P<name>{PLACE_NAME})")

# --- pinpoints ---------------------------------------------------------------------------

# "điểm a khoản 2 Điều 5", "khoản 1, khoản 2 Điều 50" (tvpl-017), "điểm b, điểm h khoản 1 Điều
# 159" (tvpl-030), "khoản 2 Điều 20 và khoản 2 Điều 21" (tvpl-047), "chương III" (vbpl-004),
# "các điều 18, 21, 23 và 32" (qlvb-009), "Phụ lục I, II, III" (tvpl-022); smallest unit first,
# as written
_LETTER = r"[a-zđ](?![\p{L}\d])"
_NUMBER = r"\d+[a-z]?(?![\p{L}\d])"
_JOINT = r"\s*(?:,|và)\s*"
_SECTION_WORDS = r"Chương|chương|Mục|mục|Phần|phần|Phụ\s+lục|phụ\s+lục"
_PIN_UNIT = (
    rf"(?:điểm\s+{_LETTER}(?:{_JOINT}(?:điểm\s+)?{_LETTER})*"
    rf"|khoản\s+{_NUMBER}(?:{_JOINT}(?:khoản\s+)?{_NUMBER})*"
    rf"|Điều\s+{_NUMBER}(?:{_JOINT}(?:Điều\s+)?{_NUMBER})*"
    rf"|các\s+[Đđ]iều\s+\d+(?:{_JOINT}\d+)*"
    rf"|(?:{_SECTION_WORDS})\s+[IVXLC\d]+(?:\s*,\s*[IVXLC\d]+)*(?![\p{{L}}\d]))"
)
_PIN_CHAIN = rf"{_PIN_UNIT}(?:\s+{_PIN_UNIT})*"
# … then the instrument, maybe after a comma ("… khoản 2 Điều 21, Nghị định số 43/2022/NĐ-CP"
# tvpl-047), "của" or "ban hành kèm theo" ("Phụ lục I, II, III ban hành kèm theo Nghị định …")
PINPOINT_BEFORE = _re(
    rf"(?P<pin>{_PIN_CHAIN}(?:{_JOINT}{_PIN_CHAIN})*),?\s+"
    r"(?:của\s+|(?:ban\s+hành\s+)?kèm\s+theo\s+)?$"
)

# --- instruments cited by name, and anaphora ----------------------------------------------

# Laws, ordinances, charters by name: "Luật Thi đua, Khen thưởng" (seeds 001-003), "Luật Đất đai
# năm 2024" (tvpl-017), "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp
# luật ngày 25 tháng 6 năm 2025" (tvpl-033), "Luật phòng, chống tham nhũng năm 2005" (qlvb-009),
# "Điều lệ Sáng kiến" (seed 003); Party resolutions by meeting: "Nghị quyết Trung ương 4 khóa
# XII" (tvpl-048), "Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII của Đảng" (seed 002),
# "Nghị quyết phiên họp Chính phủ thường kỳ tháng 9 năm 2025" (tvpl-026)
_NOT_A_NAME = (
    "này", "số", "nêu", "trên", "đó", "và", "hiện", "mới", "cũ", "khác", "chuyên", "của", "về",
    "năm", "ngày",
)  # fmt: skip
NAMED = _re(
    r"(?<![\p{L}])(?:(?P<tw>Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp|Điều\s+lệ)\s+"
    rf"(?P<title>\p{{Lu}}|(?!(?:{_alt(_NOT_A_NAME)}){_NOT_LETTER})\p{{Ll}})"
    r"|(?P<tw2>Nghị\s+quyết)\s+(?P<title2>(?:Đại\s+hội|Trung\s+ương|Hội\s+nghị|phiên\s+họp)\b))"
)
# Where a name stops: before its number, date, year or issuer, a following instrument or
# pinpoint, or the rest of the sentence. "Luật Đầu tư theo phương thức đối tác công tư"
# (tvpl-045) is one name, so "theo" stops a name only in "theo quy định" and the like.
_AFTER_NAME = (
    "được", "đã", "có hiệu lực", "hiện hành", "quy định", "thì", "để", "trong", "và các",
    "nêu trên", "này", "tại", "về", "do", "là", "đến", "hướng dẫn", "theo quy định", "theo đó",
    "theo hướng dẫn", "theo tinh thần",
    # "Luật Thi đua, khen thưởng đối với ngành Giáo dục", "… khen thưởng bị hủy bỏ …" (vbpl-001)
    "đối với", "bị", "khi", "nếu", "mà", "như",
)  # fmt: skip
NAME_END = _re(
    r"\s+(?:số\s*[:.]?\s*\d|ngày\b|năm\s+\d|\d{4}\b|của\s+(?:Quốc\s+hội|Chính\s+phủ)\b)"
    rf"|\s+(?:{_alt(_AFTER_NAME)}){_NOT_LETTER}"
    rf"|\s+và\s+(?=(?:{TYPE_WORDS}){_NOT_LETTER})"
    rf"|\s*,\s+(?=(?:{TYPE_WORDS}|các|đồng\s+thời|trong|theo|nhằm|để){_NOT_LETTER})"
    r"|\s+và\s+(?=\p{Ll})|\s*[;.:()\"“”\n]"
    # "… Luật Phòng, chống tham nhũng và Điều 6 Nghị định số 37/2007/NĐ-CP" (qlvb-009)
    r"|\s*(?:,|và)\s+(?=(?:Điều|khoản|điểm|Chương|Phụ\s+lục)\s+\d)",
)
# "Nghị định nêu trên", "Luật này", "Công văn này" (what they point at is decided in resolve)
SELF_OR_ANAPHOR = _re(
    rf"(?<![\p{{L}}])(?P<tw>{TYPE_WORDS})\s+(?P<which>này|nêu\s+trên|nói\s+trên|trên){_NOT_LETTER}",
    I,
)

# --- relation cues (domain §7, guidelines R7) ----------------------------------------------

# "Căn cứ" ("Căn cư" in qlvb-007's typed text) opening a clause; the opening block may also hold
# "Xét đề nghị …", "Theo đề nghị …" and "Thực hiện …;" clauses (tvpl-013, tvpl-040)
BASIS_START = _re(r"^\W*Căn\s+c[ứưu](?![\p{L}])")
OPENING_CLAUSE = _re(
    r"^\W*(?:Căn\s+c[ứưu]|Xét|Theo\s+đề\s+nghị|Thực\s+hiện|Triển\s+khai)(?![\p{L}])"
)
# "Thực hiện Công văn số …" (seeds 000, 003), "Triển khai Kế hoạch số …"; "Thực hiện ý kiến chỉ
# đạo … tại Văn bản số …" (guidelines R7)
IMPLEMENTS_START = _re(r"^(?:[\-+•]\s*|\d{1,2}[.)]\s*|[a-zđ]\)\s*)?(?:Thực\s+hiện|Triển\s+khai)\b")
# What may stand between "Thực hiện" and the instrument it carries out: "Thực hiện quy định tại
# khoản 3 Điều 52 Luật …" (qngai-011), "Thực hiện nội dung các Quyết định số: …" (qngai-012),
# "Thực hiện nghiêm túc Nghị quyết số …" (qngai-006), "Thực hiện ý kiến chỉ đạo của Thủ tướng
# Chính phủ tại Văn bản số …" (guidelines R7), and the joints of a list ("…; Thông tư số
# 15/2020/TT-BGDĐT … và được sửa đổi, bổ sung tại Thông tư số 05/2021/TT-BGDĐT", qngai-008).
# "Thực hiện theo dõi việc thi hành án … theo quy định của Luật …" (qngai-005) carries out an
# action, not the law.
_IMPLEMENTS_WORDS = (
    "và", "các", "nghiêm túc", "nghiêm", "tốt", "đầy đủ", "có hiệu quả", "hiệu quả", "kịp thời",
    "nội dung", "ý kiến", "chỉ đạo", "kết luận", "quy định", "tinh thần", "yêu cầu", "tại",
    "theo", "đã được",
)  # fmt: skip
IMPLEMENTS_FILLER = _re(
    rf"^(?:\s|[,;]|(?:{_alt(_IMPLEMENTS_WORDS)}){_NOT_LETTER}"
    r"|của\s+\p{Lu}[\p{L}\s\-]{0,80}?(?=\s(?:tại|theo))"
    r"|được\s+sửa\s+đổi,?\s+bổ\s+sung\s+(?:tại|bởi|theo)|số\s*:)*$",
    I,
)
# "(Gửi kèm theo Văn bản này Công văn số …)" (seed 003), "(bản chụp được gửi kèm theo)" (tvpl-003)
ATTACHED = _re(r"^\(?\s*(?:Gửi\s+kèm|Kèm\s+theo|Đính\s+kèm|kèm\s+theo)\b|gửi\s+kèm\s+theo", I)
ANNEX_ISSUE = _re(r"ban\s+hành\s+kèm\s+theo\s*$", I)
# The document's own operative verbs: "Bãi bỏ toàn bộ các nghị định sau đây:" (vbpl-004),
# "Bãi bỏ toàn bộ Thông tư số 73/2017/TT-BTC" (tvpl-033), "Sửa đổi, bổ sung một số điều của …";
# not the passive "(được sửa đổi, bổ sung tại Thông tư số 105/2025/TT-BTC …)" (tvpl-045)
AMENDS_VERB = _re(
    r"(?:^|[\s:])(?<!được\s)(?:[Bb]ãi\s+bỏ|[Ss]ửa\s+đổi,?\s+bổ\s+sung|[Ss]ửa\s+đổi)(?![\p{L}])"
)
# "… hết hiệu lực thi hành" after a list of instruments (qlvb-009) or in a lead-in "Các quyết
# định sau hết hiệu lực …:" (tvpl-046)
# what may stand between this document's verb and the instrument it changes: "Bãi bỏ toàn bộ
# Thông tư số …" (tvpl-033), "Sửa đổi, bổ sung một số điều của Nghị định số …", "… sửa đổi một số
# điểm tại công văn số 3364/…" (qlvb-011)
VERB_TO_OBJECT = _re(
    r"^(?:\s|,|toàn\s+bộ|một\s+phần|các|tại|của|và"
    r"|một\s+số\s+(?:điều|khoản|điểm|nội\s+dung|quy\s+định))*$"
)
EXPIRES = _re(r"hết\s+hiệu\s+lực|bị\s+bãi\s+bỏ|không\s+còn\s+hiệu\s+lực", I)
REPLACES_VERB = _re(r"(?:^|\s)[Tt]hay\s+thế(?![\p{L}])")
REPLACES_BEFORE = _re(r"(?:^|\s)[Tt]hay\s+thế\s+(?:cho\s+)?(?:toàn\s+bộ\s+)?(?:các\s+)?$")
# "Quyết định này thay thế Quyết định số 181/2003/QĐ-TTg" (qlvb-008)
SELF_SUBJECT = _re(rf"(?:{TYPE_WORDS})\s+này\s+(?:thay\s+thế|bãi\s+bỏ|sửa\s+đổi)", I)
# a list continuing under a lead-in: "Bãi bỏ … sau đây:" ⏎ "1. Nghị định số …" (vbpl-004);
# a sentence that opens with a list of instruments: "IV. Thông tư liên tịch số 527/… và Thông tư
# số 556/… hết hiệu lực thi hành …" (qlvb-009)
LIST_ONLY = _re(r"^(?:\s|[,;]|và|[IVXLC]{1,6}[.)]|\d{1,2}[.)]|[a-zđ]\)|[\-+•])*$")
LIST_ITEM = _re(r"^\s*(?:\d{1,2}[.)]|[a-zđ]\)|[\-+•])\s")
# Someone else is asked to change it: "tham mưu sửa đổi, thay thế Quyết định số …" → cites (R7).
_PROPOSAL_WORDS = (
    "tham mưu", "đề nghị", "đề xuất", "nghiên cứu", "dự thảo", "xây dựng", "kiến nghị", "xem xét",
)  # fmt: skip
# "trình" the verb, not "trình độ" (qlvb-011), "chương trình", "quy trình"
PROPOSAL = _re(
    rf"(?<![\p{{L}}])(?:{_alt(_PROPOSAL_WORDS)}|(?<!(?:chương|quy|lộ|hành)\s)trình(?!\s+(?:độ|tự)))"
    rf"{_NOT_LETTER}",
    I,
)
# any type word, to see whose verb a "bãi bỏ" or "thay thế" is
TYPE_WORD = _re(rf"(?<![\p{{L}}])(?P<tw>{TYPE_WORDS}){_NOT_LETTER}(?!\s+này)", I)
SENTENCE_END = _re(r"[.!?](?=\s)|\n")
SENTENCE_START = _re(r"[.!?]\s+(?=\p{Lu})")

# --- small helpers of the steps --------------------------------------------------------------

WHITESPACE = _re(r"\s+")
LETTER = _re(r"\p{L}")
DIGITS = _re(r"\d+")
PUNCTUATION = _re(r"[\p{P}\p{S}]+")
# the number (and year) in front of a symbol's groups: "91/2017/" of "91/2017/NĐ-CP", "34-" of
# "34-CT/TW"; the groups are split at "-" and "/"
SYMBOL_NUMBER_PART = _re(r"^\d[\d.]*[a-z]?[/\-](?:(?:19|20)\d{2}/)?")
SYMBOL_GROUP_SEP = _re(r"[-/]")
TRAILING_DIGITS = _re(r"\d+$")  # "QH15" → "QH"
YEAR_IN_SYMBOL = _re(r"/(?P<year>(?:19|20)\d{2})/")
PARTY_NUMBER = _re(r"^\d+-")
FOOTNOTE_MARK = _re(r"\[\d+\]")
# nothing but a list joint between two citations: "… ngày 30 tháng 9 năm 2025 và văn bản số …"
LIST_JOINT = _re(r"^\s*(?:,|;|và)?\s*(?:các\s+)?$")
NUMBERED_AFTER_NAME = _re(r"^\s+số\s*[:.]?\s*\d")
QUOTE_CLOSE = _re(r"[\"”]")
QUOTED_TITLE_PREFIX = _re(r"^\s*(?:về\s+việc|về|v/v)\s+", I)
# spans between quotation marks; a quotation may run over several paragraphs (tvpl-017)
QUOTATION = _re(r"“[^“”]{0,6000}”|\"[^\"]{0,6000}\"")
ITEM_MARKER_PREFIX = _re(r"^\W*(?:[IVXLC]{1,6}|\d{1,2}|[a-zđ])?[.)]?\s*")
FIRST_BASIS_LINE = _re(r"(?m)^\W*Căn\s+c[ứưu]\s")
# a header number line, its "Số" misread by OCR ("Só: #2 /QĐ-TTg" nomvn-002, "Sô:⁄11 /CT-UBND"
# qngai-008): run on the line up to the number
OWN_NUMBER_LINE = _re(r"^\W*S[ốóôòo6]\S?\s*[:.]?\W*$")
# a line that still belongs to the header or the title above the "Căn cứ" clauses: no sentence
# end ("quy định chi tiết … đối với ngành Giáo dục" vbpl-001, OCR header debris nomvn-002)
OPEN_LINE = _re(r"[^.:;!?…]$")
# An amending law's name runs to its date or ";" ("Luật sửa đổi, bổ sung một số điều của Luật
# Chứng khoán, Luật Kế toán, …" vbpl-002); a meeting resolution keeps its year ("… thường kỳ
# tháng 9 năm 2025", tvpl-026).
AMENDING_NAME_END = _re(
    r"\s+(?:ngày\b|số\s*[:.]?\s*\d|năm\s+\d|có\s+hiệu\s+lực|được\b|đã\b)|\s*[;.:()\n]"
)
MEETING_NAME_END = _re(r"\s+(?:ngày|số|được|đã|và|về)\b|\s*[;.:,()\"“”\n]")
COMMA = _re(r",")
COMMA_BEFORE_LOWER = _re(r",\s+(?=\p{Ll})")
AMENDED_TYPE_WORD = _re(r"(?:Luật|Pháp\s+lệnh|Nghị\s+định)\s")
# a line break that starts a new clause stays a break (see legal_refs.soften_breaks)
_HARD_START_WORDS = (
    "Căn cứ", "Xét", "Theo đề nghị", "Thực hiện", "Triển khai", "Chương", "Mục", "Phần",
    "Kính gửi", "Nơi nhận", "Số", "V/v", "Chú thích",
)  # fmt: skip
HARD_LINE_START = _re(
    r"^(?:[\-+•*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVXLC]{1,6}[.)]\s|\(\d{1,2}\)\s"
    rf"|Điều\s+\d|(?:{_alt(_HARD_START_WORDS)})\b)"
)


@cache
def bare_level_self(level: str) -> regex.Pattern[str]:
    """ "UBND huyện" with no name after it: how a header-less document names itself (seed 003)."""
    return _re(
        rf"(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+{regex.escape(level)}(?![\p{{L}}])(?!\s+\p{{Lu}})"
    )
