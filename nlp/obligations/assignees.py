"""Who must act (guidelines O9-O11): the subject the unit names; else the body its heading, lead-in
or inline label names ("Giao Phòng Nội vụ:"); else the document's addressees (the bodies of its
opening request sentence and its Kính gửi list).

Rules, not a model: the gold assignee is a phrase copied from the text, and its place is fixed by
the sentence frame ("Yêu cầu X + verb", "X phải / cần / có trách nhiệm + verb", "Giao X:"), which
a handful of patterns reads better than 700 training sentences could teach a tagger.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from . import cues
from .units import Unit

# "Yêu cầu / Đề nghị / Giao (cho) / Chỉ đạo / Đối với X …": X is who acts (O6, domain §6).
_REQUEST_HEAD = regex.compile(
    r"^(?:(?:UBND|Ủy\s+ban|Chủ\s+tịch|Thủ\s+tướng|Bộ\s+trưởng|Giám\s+đốc)[^,:;]{0,80}?\s+)?"
    r"(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?|đối\s+với)\s+(?:đồng\s+chí\s+)?",
    regex.I,
)
# Where the subject ends: a modal, a directive adverb or the first verb of the action, in lower
# case (body names capitalise their words: "Bộ Xây dựng" is no verb "xây dựng").
_SUBJECT_END = regex.compile(
    # not after "người", "bên", "nơi", which make a verb a noun ("người tiếp nhận")
    r"(?<!(?:người|bên|nơi))\s(?:phải|cần|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|khẩn\s+trương|nghiêm\s+túc|"
    r"kịp\s+thời|chủ\s+động|tiếp\s+tục|tăng\s+cường|tập\s+trung|quyết\s+liệt|thực\s+hiện|triển\s+khai|"
    r"tổ\s+chức|xây\s+dựng|rà\s+soát|kiểm\s+tra|báo\s+cáo|hướng\s+dẫn|phối\s+hợp|theo\s+dõi|"
    r"tham\s+mưu|chỉ\s+đạo|nghiên\s+cứu|căn\s+cứ|trên\s+cơ\s+sở|theo\s+chức\s+năng|bố\s+trí|"
    r"đẩy\s+mạnh|quán\s+triệt|ban\s+hành|gửi|trình|cập\s+nhật|không\s+được|được|thường\s+xuyên|"
    r"tích\s+cực|nâng\s+cao|bảo\s+đảm|đảm\s+bảo|làm\s+tốt|quan\s+tâm|rút\s+kinh\s+nghiệm|"
    r"xem\s+xét|giải\s+quyết|khẩn|ngay|sớm|nhanh\s+chóng|trực\s+tiếp|phát\s+huy|hoàn\s+thành|"
    r"khắc\s+phục|điều\s+chỉnh|tổng\s+hợp|đôn\s+đốc|giám\s+sát|hỗ\s+trợ|ưu\s+tiên|lựa\s+chọn|"
    r"rà|tiến\s+hành|tiếp\s+thu|lưu\s+giữ|tiếp\s+nhận|xác\s+minh|giải\s+trình|kê\s+khai|nộp|"
    r"chuẩn\s+bị|vận\s+động|duy\s+trì|chấp\s+hành|lập|cử|thống\s+nhất|có\s+ý\s+kiến|cung\s+cấp|công\s+bố|tuyên\s+truyền|phổ\s+biến)"
    r"(?!\p{L})|\s*[:(]"
)
# Words that open a subject phrase: a body, a post, a class (heads of bodies in their case).
_SUBJECT_START = regex.compile(
    r"^(?:(?i:các|những|mỗi|từng|toàn\s+thể)\s+)?(?:(?i:đồng\s+chí)\s+)?"
    r"(?:(?i:cơ\s+quan|đơn\s+vị|địa\s+phương|bộ,|ngành|người\s+đứng\s+đầu|người|thủ\s+trưởng|"
    r"cán\s+bộ|công\s+chức|tập\s+thể|cá\s+nhân|doanh\s+nghiệp|nhà\s+đầu\s+tư|"
    r"chủ\s+đầu\s+tư|nhà\s+thầu|hộ\s+gia\s+đình|chủ\s+tịch|giám\s+đốc|lãnh\s+đạo|thành\s+viên|"
    r"hội\s+đồng|cấp\s+ủy|chính\s+quyền|lực\s+lượng|học\s+sinh|người\s+dân|nhân\s+dân|công\s+dân|"
    r"sở,|bí\s+thư|trưởng\s+ban|cấp|bên)(?!\p{L})"
    r"|(?:Sở|Bộ|Ban|Phòng|Ủy\s+ban|UBND|HĐND|Cục|Chi\s+cục|Tổng\s+cục|Trung\s+tâm|Văn\s+phòng|"
    r"Công\s+an|Kho\s+bạc|Thanh\s+tra|Viện|Trường|Ngân\s+hàng|Đài|Báo|Thông\s+tấn|Hội|Liên|Tập\s+đoàn|"
    r"Tổng\s+công\s+ty|Công\s+ty|Quân|Bộ\s+Chỉ\s+huy|Thuế|Hải\s+quan|Đoàn|Mặt\s+trận|Tỉnh|Thành|"
    r"Huyện|Quận|Thị|Xã|Phường|ACV|EVN|VEC|VATM|Thủ\s+tướng|Phó|Bộ\s+trưởng|Chánh|Tổng|Hiệu\s+trưởng)"
    r"(?!\p{Ll}))"
)
# A body's own name opens with a capitalised head ("Sở Tài chính", "Phòng Nội vụ", "Các Sở, ngành").
_BODY_HEAD = regex.compile(
    r"^(?:Các\s+|các\s+)?(?:Sở|Bộ|Ban|Phòng|Ủy\s+ban|UBND|Cục|Chi\s+cục|Tổng\s+cục|Trung\s+tâm|Văn\s+phòng|"
    r"Công\s+an|Kho\s+bạc|Thanh\s+tra|Viện|Trường|Ngân\s+hàng|Đài|Báo|Hội|Liên|Tập\s+đoàn|Chủ\s+tịch|"
    r"Thủ\s+trưởng|Giám\s+đốc|Người\s+đứng\s+đầu|Bộ\s+Chỉ\s+huy|Đoàn|Mặt\s+trận)(?!\p{Ll})"
)
_NOT_SUBJECT = regex.compile(
    r"^(?:việc|công\s+tác|kết\s+quả|thời\s+gian|trường\s+hợp|trong|khi|nếu|để|theo|tại|về|"
    r"căn\s+cứ|trên|qua|sau|trước|đến|nội\s+dung|hồ\s+sơ|văn\s+bản|kế\s+hoạch|quyết\s+định|"
    r"mục|điều|khoản|số\s+liệu|hằng|định\s+kỳ|hàng|đây|đó|nay|tình\s+hình|năm|ngày|tháng|quý)(?!\p{L})",
    regex.I,
)
# Split a subject into bodies before a new head: "các bộ, ngành, địa phương, các nhà đầu tư" →
# two; "Sở Tài chính, Sở Xây dựng" → two; "các bộ, ngành, địa phương" stays one (O10, C2-like).
_BODY_SPLIT = regex.compile(
    r"\s*(?:;|,\s*(?=(?:các|những|từng|toàn\s+thể)\s)|,\s*(?=(?:Sở|Bộ|Ban|Phòng|Ủy\s+ban|UBND|Cục|"
    r"Chi\s+cục|Tổng\s+cục|Trung\s+tâm|Văn\s+phòng|Công\s+an|Kho\s+bạc|Thanh\s+tra|Người|Thủ\s+trưởng|"
    r"Chủ\s+tịch|Giám\s+đốc|Hội|Liên|Đài|Báo|Viện|Trường|Ngân\s+hàng)\s)|\s+và\s+(?=(?:các|những|"
    r"từng|Sở|Bộ|Ban|Ủy\s+ban|UBND|Cục|Người|Thủ\s+trưởng|Chủ\s+tịch)\s))"
)
# A class that a colon list follows: "Các Bộ:", "Ủy ban nhân dân các tỉnh, thành phố:" (tvpl files).
_CLASS_BEFORE_LIST = regex.compile(
    r"(?i:các)\s+(?:Bộ|bộ|tỉnh|Tỉnh|thành\s+phố|Sở|sở|ngành|địa\s+phương|cơ\s+quan|đơn\s+vị|Quân\s+khu)"
    r"(?:[^:]*)$|Trung\s+ương$"
)
_FILLER = regex.compile(r"^(?:các\s+đồng\s+chí|đồng\s+chí|đề\s+nghị|yêu\s+cầu|giao(?:\s+cho)?)\s+", regex.I)
_ALIAS = regex.compile(r"\(\s*(?:sau\s+đây\s+)?gọi\s+(?:chung|tắt)\s+là\s+(?P<alias>[^)]+)\)", regex.I)
_CHANNEL = regex.compile(r"\s*\((?:qua|thông\s+qua)\s+[^)]*\)", regex.I)
_MAX_SUBJECT_WORDS = 30


def split_bodies(phrase: str) -> list[str]:
    """One string per body (O10), each as written, fillers and channel notes left out."""
    phrase = _CHANNEL.sub("", phrase)
    aliases = [m.group("alias").strip(" ,;.") for m in _ALIAS.finditer(phrase)]
    phrase = _ALIAS.sub("", phrase)
    out = []
    for part in _BODY_SPLIT.split(phrase):
        part = _FILLER.sub("", part.strip(" ,;.:-–"))
        if part and len(part.split()) <= _MAX_SUBJECT_WORDS and part not in out:
            out.append(part)
    return out + [a for a in aliases if a not in out]


def named_subject(text: str) -> list[str]:
    """The bodies a sentence names as the ones who act, or [] when it names none.

    "Yêu cầu các địa phương chủ động …" → ["các địa phương"]; "Bộ Quốc phòng phát huy …" →
    ["Bộ Quốc phòng"]; "Người đứng đầu cơ quan … phải …" → ["Người đứng đầu cơ quan …"].
    """
    text = text.strip()
    head = _REQUEST_HEAD.match(text)
    rest = text[head.end() :] if head else text
    if _NOT_SUBJECT.match(rest) or not _SUBJECT_START.match(rest):
        return []
    end = _SUBJECT_END.search(rest)
    if end is None or end.start() == 0:
        return []
    subject = rest[: end.start()]
    if rest[end.start() :].lstrip().startswith(":") and _CLASS_BEFORE_LIST.search(subject):
        after = rest.index(":", end.start()) + 1
        more = _SUBJECT_END.search(rest, after)
        if more is not None and more.start() > after:
            return [" ".join(rest[: more.start()].split())]
    # an alias defined right after the subject belongs to it
    alias = _ALIAS.match(rest, end.start()) or _ALIAS.match(rest[end.start() :].lstrip())
    if alias:
        subject += " " + alias.group(0)
    if not head and not _SUBJECT_START.match(subject):
        return []
    if len(subject.split()) > _MAX_SUBJECT_WORDS:
        return []
    return split_bodies(subject)


# A condition or time clause before the main clause: "Khi …, X phải …", "Nếu … thì X …",
# "Trong thời hạn năm ngày, kể từ …, X …" (rules of Thông tư / Quy định: qlvb-009, vbpl-001/002).
_OPENER = regex.compile(
    r"^(?:Khi|Nếu|Trường\s+hợp|Trong\s+trường\s+hợp|Trong\s+thời\s+hạn|Sau\s+khi|Trước\s+khi|"
    r"Trong\s+quá\s+trình|Căn\s+cứ|Trên\s+cơ\s+sở|Định\s+kỳ|Hằng\s+năm|Hàng\s+năm|Để)(?!\p{L})",
    regex.I,
)


def main_clause_subject(text: str) -> list[str]:
    """The subject of the main clause after an opening condition or time clause, else []."""
    if not _OPENER.match(text):
        return []
    then = regex.search(r"\sthì\s+", text)
    candidates = [text[then.end() :]] if then else []
    candidates += [text[m.end() :] for m in regex.finditer(r",\s+", text[:300])]
    for clause in candidates:
        found = named_subject(clause)
        if found:
            return found
    return []


def label_subject(label: str) -> list[str]:
    """An inline label or heading that names a body: "Giao Sở X", "Sở Tài chính", "Trách nhiệm
    của Sở X", "Đề nghị các đơn vị"."""
    label = label.strip().rstrip(":").strip()
    if not label:
        return []
    m = regex.match(r"^(?:\d+\.\s*)?(?:Trách\s+nhiệm|Nhiệm\s+vụ)\s+(?:của\s+)?(?P<body>.+)$", label, regex.I)
    if m:
        return split_bodies(m.group("body"))
    head = _REQUEST_HEAD.match(label)
    if head:
        rest = label[head.end() :]
        if not _SUBJECT_START.match(rest) or _NOT_SUBJECT.match(rest):
            return []
        return named_subject(rest) or named_subject(rest + " thực hiện")
    if _BODY_HEAD.match(label) and len(label.split()) <= 16 and not _SUBJECT_END.search(label):
        return split_bodies(label)  # a heading that is only a body's name: "Phòng Công nghệ thông tin"
    if _SUBJECT_START.match(label) and not _NOT_SUBJECT.match(label) and len(label.split()) <= 16:
        if cues.has(label, "background") or cues.hits(label, cues.category_kinds()) or _SUBJECT_END.search(label):
            return named_subject(label)
        return split_bodies(label)
    return named_subject(label)


_REQUEST_CUE = regex.compile(r"(?<!\p{L})(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?)\s+(?=\S)", regex.I)


def requested_bodies(sentence: str) -> list[str]:
    """The bodies after the first "yêu cầu / đề nghị / giao" of a sentence that asks them to act
    ("UBND huyện yêu cầu các cơ quan, đơn vị … thực hiện một số nội dung sau:")."""
    for match in _REQUEST_CUE.finditer(sentence):
        rest = sentence[match.end() :]
        if _SUBJECT_START.match(rest):
            # a lead-in's quote has lost its colon: "… yêu cầu các cơ quan, đơn vị, địa phương"
            found = named_subject(rest) or named_subject(rest + ":")
            if found:
                return found
    return []


def addressees(opening: str, kinh_gui: Sequence[str]) -> list[str]:
    """The document's addressees: the bodies of its opening request sentence plus the Kính gửi
    entries where their wording differs (O9c)."""
    out = requested_bodies(opening)
    for name in kinh_gui:
        name = name.strip(" ;.")
        if name and name.casefold() not in {o.casefold() for o in out}:
            out.append(name)
    return out


def assignees_of(unit: Unit, default: Sequence[str]) -> list[str]:
    """O9 in order: named subject; else heading, lead-in or label; else the addressees. A
    subject-less sentence that continues one naming its subject takes that subject too (O11)."""
    own = named_subject(unit.quote) or main_clause_subject(unit.quote)
    if own:
        return own
    for context in (unit.label, unit.lead_in, *reversed(unit.ancestors)):
        found = label_subject(context) or requested_bodies(context)
        if found and set(found) <= set(default):
            return list(default)  # the opening request itself: its bodies and the Kính gửi (O9c)
        if found:
            return found
    if unit.sentence > 0 and unit.previous:
        previous = named_subject(unit.previous)
        if previous:
            return previous + [d for d in default if d not in previous]
    return list(default)
