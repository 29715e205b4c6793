"""Organisation names: abbreviations expanded (data table) and upper-case headers put in the
running-text case that Decree 30 App. II prescribes ("ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH" →
"Ủy ban nhân dân tỉnh Thái Bình", "BỘ TÀI CHÍNH" → "Bộ Tài chính")."""

from __future__ import annotations

from functools import cache

import regex

from .data import load_lines

# Administrative-unit words: the name after them is a proper name, every syllable capitalised.
LEVEL_WORDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")
# Agency type words: the first syllable after them starts the agency's own name ("Bộ Tài chính").
AGENCY_HEADS = (
    "tổng cục", "chi cục", "văn phòng", "thanh tra", "trung tâm", "ban chấp hành", "ban", "bộ",
    "sở", "cục", "vụ", "phòng", "viện", "kho bạc nhà nước", "kho bạc", "đài", "báo", "trường",
    "học viện", "tòa án nhân dân", "viện kiểm sát nhân dân", "hội", "liên đoàn", "đoàn",
    "công an", "bộ chỉ huy", "thuế", "hải quan",
)  # fmt: skip
# Words always capitalised as proper names.
PROPER = {
    "chính phủ": "Chính phủ", "quốc hội": "Quốc hội", "trung ương": "Trung ương",
    "đảng": "Đảng", "việt nam": "Việt Nam", "nhà nước": "Nhà nước", "thủ tướng": "Thủ tướng",
    "tổ quốc": "Tổ quốc", "hồ chí minh": "Hồ Chí Minh", "bộ chính trị": "Bộ Chính trị",
}  # fmt: skip


@cache
def _abbreviations() -> list[tuple[regex.Pattern[str], str]]:
    rows = [line.split("\t") for line in load_lines("abbreviations.tsv")]
    rows.sort(key=lambda r: len(r[0]), reverse=True)
    return [(regex.compile(rf"(?<![\p{{L}}&])" + regex.escape(a) + r"(?![\p{L}&])"), e) for a, e in rows]


def expand_abbreviations(name: str) -> str:
    """``UBND tỉnh`` → ``Ủy ban nhân dân tỉnh``; ``Ban TĐKT`` → ``Ban Thi đua - Khen thưởng``."""
    for pattern, expansion in _abbreviations():
        name = pattern.sub(expansion, name)
    return name


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


FIXED = ("ủy ban nhân dân", "hội đồng nhân dân", "ban chấp hành")


def running_case(name: str) -> str:
    """Upper-case header text in running-text case; mixed-case text is returned unchanged."""
    letters = [c for c in name if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8:
        return name
    words = name.lower().split()
    out: list[str] = []
    i = 0
    in_place = False  # inside a place name: capitalise every syllable
    in_agency = False  # inside an agency's own name: capitalise after "và" and ","
    cap_next = True  # the next word starts a name
    while i < len(words):
        rest = words[i:]
        fixed = next((f for f in FIXED if rest[: len(f.split())] == f.split()), None)
        if fixed:
            out.append(fixed if out else _cap(fixed))
            i += len(fixed.split())
            cap_next = in_agency = False
            continue
        proper = PROPER.get(" ".join(rest[:3])) or PROPER.get(" ".join(rest[:2])) or PROPER.get(rest[0])
        if proper:
            out.append(proper)
            i += len(proper.split())
            cap_next = False
            continue
        level = next((lv for lv in LEVEL_WORDS if rest[: len(lv.split())] == lv.split()), None)
        if level and out:
            out.append(level)
            i += len(level.split())
            in_place, cap_next, in_agency = True, False, False
            continue
        word = words[i]
        capitalise = cap_next or in_place or (in_agency and out and (out[-1] == "và" or out[-1].endswith(",")))
        out.append(_cap(word) if capitalise else word)
        i += 1
        head = next((h for h in AGENCY_HEADS if words[max(0, i - len(h.split())) : i] == h.split()), None)
        cap_next = bool(head) and not in_place
        in_agency = in_agency or cap_next
    return " ".join(out)


def canonical_name(name: str) -> str:
    """A name as written → its canonical form (abbreviations expanded, running-text case)."""
    name = " ".join(name.split())
    upper = name.isupper()
    name = expand_abbreviations(name)
    return running_case(name.upper() if upper else name)
