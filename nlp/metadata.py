"""Metadata and recipients (contract ``metadata.*``, ``recipients``) read off the parts."""

from __future__ import annotations

import regex

from . import patterns as P
from .contract import Issuer, Metadata, Recipient, Signer
from .extractors.dates import parse_date
from .names import LEVEL_WORDS, canonical_name, running_case
from .segment import PartSpan
from .types import SignatureStamp

# number/symbol shapes (domain §2): normative "91/2017/NĐ-CP", Party "34-CT/TW",
# administrative "2290/UBND-NCKS", and a blank draft number "/UBND-NV"
_G = r"[\p{Lu}][\p{L}\d&.]*"
NORMATIVE = regex.compile(rf"^(?P<n>\d{{1,5}}(?:\.\d{{1,3}})?)/(?P<y>(?:19|20)\d{{2}})/(?P<s>{_G}(?:-{_G})*)$")
PARTY = regex.compile(rf"^(?P<n>\d{{1,5}})-(?P<s>{_G}/{_G}(?:-{_G})*)$")
ADMIN = regex.compile(rf"^(?P<n>\d{{1,6}})?/(?P<s>{_G}(?:-{_G})*)$")


def parse_number_symbol(value: str) -> tuple[str | None, str | None, str | None]:
    """``"2290 /UBND-NCKS"`` → ``("2290", "UBND-NCKS", "2290/UBND-NCKS")``; spaces removed."""
    compact = regex.sub(r"\s+", "", value).replace("–", "-").rstrip(".,;")
    for pattern in (NORMATIVE, PARTY, ADMIN):
        m = pattern.match(compact)
        if m:
            return m.group("n"), m.group("s"), compact
    return None, None, compact or None


def _text(text: str, part: PartSpan | None) -> str:
    return text[part.start : part.end] if part else ""


def _first(parts: list[PartSpan], label: str) -> PartSpan | None:
    return next((p for p in parts if p.label == label), None)


def read_metadata(text: str, parts: list[PartSpan], stamp: SignatureStamp | None = None) -> Metadata:
    meta = Metadata()
    meta.issuer = _issuer(text, parts)
    number_part = _first(parts, "number")
    if number_part:
        value = regex.sub(r"^Số\s*[:.]?\s*", "", _text(text, number_part), flags=regex.I)
        meta.number, meta.symbol, meta.number_symbol = parse_number_symbol(value)
    place_date = _first(parts, "place_date")
    if place_date:
        m = P.PLACE_DATE.match(_text(text, place_date))
        if m:
            meta.place = m.group("place").strip()
            meta.date = parse_date("ngày " + m.group("date"))
    if stamp and stamp.signed_at and (meta.date is None or len(meta.date) < 10):
        # a blank header date is filled from the digital signature when they agree on the year
        if meta.date is None or stamp.signed_at.startswith(meta.date):
            meta.date = stamp.signed_at[:10]
    meta.subject = _subject(text, parts)
    meta.doc_type = _doc_type(text, parts, meta.symbol)
    meta.signer = _signer(text, parts)
    return meta


def _issuer(text: str, parts: list[PartSpan]) -> Issuer | None:
    part = _first(parts, "issuer")
    if not part:
        return None
    name = canonical_name(_text(text, part))
    parent_part = _first(parts, "parent_issuer")
    parent = canonical_name(_text(text, parent_part)) if parent_part else None
    if parent and not _has_place(name):
        # "UBND TỈNH X" above "SỞ NỘI VỤ" → "Sở Nội vụ tỉnh X" (guidelines M1)
        place = _place_phrase(parent)
        if place:
            name = f"{name} {place}"
    if parent and fold_party(parent) == "ban chấp hành trung ương" and "trung ương" not in name.lower():
        # "BAN CHẤP HÀNH TRUNG ƯƠNG" over "VĂN PHÒNG": the body text says "Văn phòng Trung ương Đảng"
        name = f"{name} Trung ương Đảng" if name.lower() == "văn phòng" else f"{name} Trung ương"
    return Issuer(name=name, parent=parent, span=(part.start, part.end))


def fold_party(name: str) -> str:
    return " ".join(name.lower().split())


_PLACE_RE = regex.compile(r"\b(?:" + "|".join(LEVEL_WORDS) + r")\s+\p{Lu}.*$")


def _has_place(name: str) -> bool:
    return bool(_PLACE_RE.search(name))


def _place_phrase(name: str) -> str | None:
    m = _PLACE_RE.search(name)
    return m.group(0) if m else None


def _subject(text: str, parts: list[PartSpan]) -> str | None:
    part = _first(parts, "subject")
    if not part:
        return None
    value = " ".join(_text(text, part).split())
    value = regex.sub(r"^(?:V/v\.?|Về\s+việc|Về)\s*:?\s*", "", value, flags=regex.I)
    value = value.strip(" .;")
    if value.isupper():  # a subject printed in capitals under the type title
        value = value.lower()
    return value[:1].lower() + value[1:] if value[:2].istitle() and not value[:2].isupper() else value or None


def _doc_type(text: str, parts: list[PartSpan], symbol: str | None) -> str | None:
    title = _first(parts, "doc_type")
    if title:
        m = P.DOC_TYPE_TITLE.match(_text(text, title))
        if m:
            return P.DOC_TYPE_BY_TITLE[m.group("title").upper()]
    subject = _first(parts, "subject")
    if subject and P.SUBJECT_VV.match(_text(text, subject)):
        return "cong_van"
    if symbol:
        head = regex.split(r"[-/]", symbol)[0]
        if head in P.DOC_TYPE_BY_ABBR:
            return P.DOC_TYPE_BY_ABBR[head]
        return "cong_van"  # "UBND-NCKS": an issuer code first means a công văn (domain §2)
    if _first(parts, "kinh_gui"):
        return "cong_van"
    return None


_AUTHORITY_CODES = {"TM": "TM.", "T/M": "TM.", "KT": "KT.", "K/T": "KT.", "TL": "TL.", "T/L": "TL.",
                    "TUQ": "TUQ.", "Q": "Q."}  # fmt: skip


def _signer(text: str, parts: list[PartSpan]) -> Signer | None:
    sig = _first(parts, "signature")
    if not sig:
        return None
    inside = [p for p in parts if sig.start <= p.start and p.end <= sig.end and p.label in ("authority", "position", "signer")]
    authority = None
    position = None
    name = None
    for p in inside:
        value = _text(text, p)
        if p.label == "authority":
            m = P.AUTHORITY.match(value)
            authority = _AUTHORITY_CODES.get(m.group("auth") or m.group("auth2")) if m else None
            position = None
            body = (m.group("body") or "") if m else ""
            if P.POSITION.match(body):  # "KT. CHỦ TỊCH" then "PHÓ CHỦ TỊCH": the next line wins
                position = _position_case(body)
        elif p.label == "position":
            position = _position_case(value)
        elif p.label == "signer":
            name = " ".join(value.split())
    return Signer(name=name, position=position, authority=authority)


def _position_case(value: str) -> str:
    cased = running_case(value.strip())
    # "Phó chủ tịch" → "Phó Chủ tịch": the post after "Phó" keeps its capital
    return regex.sub(r"^(Phó|Q\.|Quyền)\s+(\p{Ll})", lambda m: f"{m.group(1)} {m.group(2).upper()}", cased)


# --- recipients --------------------------------------------------------------------------

# "Như trên", "Như kính gửi", "Như Điều 3", "Như thành phần": pointers back, not recipients (C4)
NOT_RECIPIENT = regex.compile(r"^(?:Như\s+\S|Lưu\b)", regex.I)
# purpose and channel notes dropped from a recipient's name (guidelines C3)
PURPOSE_NOTE = regex.compile(
    r"\s*\((?:để\s+[^)]*|b/c|đ/b|b/cáo|t/h|p/h|qua\s+[^)]*|thay\s+báo\s+cáo|thay\s+trả\s+lời|báo\s+cáo|chỉ\s+đạo|"
    r"thực\s+hiện|phối\s+hợp|biết|theo\s+dõi|kiểm\s+tra)\)\s*",
    regex.I,
)


LIST_DASHES = "-–—+•~"  # "~" and "—" are OCR's readings of a list dash (scans)


def read_recipients(text: str, parts: list[PartSpan]) -> list[Recipient]:
    out: list[Recipient] = []
    for part in parts:
        if part.label == "kinh_gui":
            out.extend(_list_entries(text, part, "to"))
        elif part.label == "noi_nhan":
            out.extend(_list_entries(text, part, "cc"))
    return out


def _list_entries(text: str, part: PartSpan, role: str) -> list[Recipient]:
    entries: list[tuple[int, int]] = []  # spans of entries in text
    pos = part.start
    dashed = False
    for raw in _text(text, part).split("\n"):
        line_start, pos = pos, pos + len(raw) + 1
        line = raw.strip()
        m = P.KINH_GUI.match(line) or P.NOI_NHAN.match(line) or P.CONG_DIEN_TO.match(line)
        if m:
            rest = m.group("rest")
            offset = line_start + raw.find(rest) if rest else line_start
            line, line_start = rest.strip(), offset
            if not line:
                continue
        if line[:1] in LIST_DASHES:
            dashed = True
            body = line.lstrip(LIST_DASHES + " ")
            start = line_start + (raw.find(body) if body in raw else 0)
            entries.append((start, start + len(body)))
        elif dashed and entries and not text[entries[-1][0] : entries[-1][1]].rstrip().endswith((";", ".")):
            entries[-1] = (entries[-1][0], line_start + len(line))  # a wrapped entry
        elif not dashed and line:
            previous = text[entries[-1][0] : entries[-1][1]].rstrip() if entries else ""
            if previous and not previous.endswith((";", ".", ":", ",")):
                entries[-1] = (entries[-1][0], line_start + len(line))  # "… các tỉnh: Hưng Yên, Ninh" ⏎ "Bình, …"
            else:
                entries.append((line_start, line_start + len(line)))
        # a non-dashed line after a dashed list is a qualifier of the whole list (C3): dropped
    out: list[Recipient] = []
    for start, end in entries:
        name = _clean_entry(text[start:end])
        if not name or NOT_RECIPIENT.match(name) or len(name) < 2 or _is_initials(name):
            continue
        out.append(Recipient(name=name, role=role, span=(start, end), canonical=canonical_name(name)))
    return out


def _clean_entry(value: str) -> str:
    value = " ".join(value.split())
    value = PURPOSE_NOTE.sub(" ", value)
    return value.strip(" ;.,").strip()


def _is_initials(value: str) -> bool:
    # drafter initials such as "ĐS" left at the end of "Nơi nhận" (seed 002)
    return len(value) <= 4 and value.isupper() and " " not in value
