"""Stage 3: find the parts of a document that Decree 30/2020/NĐ-CP prescribes.

``find_parts(text)`` works on the normalised text, line by line, in three zones:
- the header (issuer and parent body, motto, number, place and date, type title, subject,
  urgency marks, ``Kính gửi``): lines are classified wherever they appear, because two-column
  headers come out in different orders from PDF, DOCX tables and crawled text;
- the body, whose numbered and bulleted items form a tree (Phần/Chương/Mục/Điều/khoản/điểm, or
  I./1./a)/-/+), with ``Căn cứ`` clauses and the closing sentence;
- the tail: ``Nơi nhận`` and the signature block (authority, position, signer), then appendices
  and footnotes.
The spaCy component ``vanban_structure`` (in ``pipeline.py``) writes these parts to the Doc.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import patterns as P
from .normalize import _is_caps


@dataclass
class PartSpan:
    label: str
    start: int
    end: int
    level: int | None = None
    marker: str | None = None
    parent: int | None = None  # index of the enclosing item in the parts list


@dataclass(frozen=True)
class _Line:
    index: int
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(i, pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


# --- header ------------------------------------------------------------------------------

HEADER_SCAN_LINES = 40  # the header never runs past this many lines


def _header_kind(line: str) -> str | None:
    if P.MOTTO.match(line):
        return "motto"
    if P.NUMBER_LINE.match(line) and "/" in line or line.startswith(("Số:", "Số :")):
        return "number"
    if P.PLACE_DATE.match(line) and ("năm" in line or "/" in line):
        return "place_date"
    if P.SUBJECT_VV.match(line) or P.SUBJECT_VE.match(line) and len(line) < 300:
        return "subject"
    if P.KINH_GUI.match(line):
        return "kinh_gui"
    if P.URGENCY.match(line):
        return "urgency"
    return None


def _is_doc_type_title(line: str) -> bool:
    m = P.DOC_TYPE_TITLE.match(line)
    return bool(m) and _is_caps(m.group("title")) and (not m.group("rest") or _is_caps(m.group("rest")))


def _motto_runs(lines: list[_Line], n: int) -> dict[int, int]:
    """Lines where a motto starts that is broken across lines ("CỘNG" ⏎ "HÒA XÃ HỘI …",
    "CỘNG HÒA XÃ" ⏎ "HỘI CHỦ NGHĨA VIỆT NAM" in crawled text): start index → end index."""
    runs = {}
    for i in range(n):
        if not lines[i].text.upper().startswith(("CỘNG", "ĐẢNG")) or P.MOTTO.match(lines[i].text):
            continue
        joined = lines[i].text
        for j in range(i + 1, min(i + 4, n)):
            joined += " " + lines[j].text
            if P.MOTTO.match(joined):
                runs[i] = j
                break
    return runs


def _find_header(lines: list[_Line]) -> tuple[list[PartSpan], int]:
    """Header parts, and the index of the first body line."""
    parts: list[PartSpan] = []
    issuer_lines: list[_Line] = []
    seen: set[str] = set()
    i = 0
    n = min(len(lines), HEADER_SCAN_LINES)
    split_mottos = _motto_runs(lines, n)
    body_start = None
    while i < n:
        line = lines[i]
        text = line.text
        if not text:
            i += 1
            continue
        if i in split_mottos:
            end_i = split_mottos[i]
            if parts and parts[-1].label == "motto":
                parts[-1].end = lines[end_i].end
            else:
                parts.append(PartSpan("motto", line.start, lines[end_i].end))
            seen.add("motto")
            i = end_i + 1
            continue
        kind = _header_kind(text)
        if kind == "kinh_gui" or _is_cong_dien_to(text):
            end_i = _kinh_gui_end(lines, i)
            parts.append(PartSpan("kinh_gui", line.start, lines[end_i].end))
            body_start = end_i + 1
            break
        if kind == "subject":
            end_i = _subject_end(lines, i)
            parts.append(PartSpan("subject", line.start, lines[end_i].end))
            seen.add("subject")
            i = end_i + 1
            continue
        if kind in ("motto", "number", "place_date", "urgency"):
            if kind == "motto" and parts and parts[-1].label == "motto":
                parts[-1].end = line.end
            else:
                parts.append(PartSpan(kind, line.start, line.end))
            seen.add(kind)
            i += 1
            continue
        if _is_doc_type_title(text) and "doc_type" not in seen:
            parts.append(PartSpan("doc_type", line.start, line.end))
            seen.add("doc_type")
            # the subject follows the type title: "Về việc …", "Ban hành …", "Kết luận của …"
            j = _next_nonblank(lines, i + 1)
            if j is not None and _is_caps(lines[j].text) and not _starts_authority(lines[j].text):
                end_j = _caps_subject_end(lines, j)
                parts.append(PartSpan("subject", lines[j].start, lines[end_j].end))
                seen.add("subject")
                i = end_j + 1
            elif j is not None and not _is_caps(lines[j].text) and _could_be_subject(lines[j].text):
                end_j = _subject_end(lines, j)
                parts.append(PartSpan("subject", lines[j].start, lines[end_j].end))
                seen.add("subject")
                i = end_j + 1
            else:
                i += 1
            body_start = i
            # a Kính gửi may still follow (thông báo, báo cáo, tờ trình)
            k = _next_nonblank(lines, i)
            if k is not None and (P.KINH_GUI.match(lines[k].text) or _is_cong_dien_to(lines[k].text)):
                end_k = _kinh_gui_end(lines, k)
                parts.append(PartSpan("kinh_gui", lines[k].start, lines[end_k].end))
                body_start = end_k + 1
            break
        if _is_caps(text) and len(text) <= 80 and not seen & {"subject", "doc_type"}:
            issuer_lines.append(line)
            i += 1
            continue
        if _more_header_ahead(lines, i, n):
            i += 1  # a stray line inside the header (a wrapped subject, a stamp): skip it
            continue
        if seen & {"number", "place_date", "subject"} or issuer_lines:
            body_start = i
            break
        # prose before any header part: a header-less document (seed 000 starts at "V/v")
        body_start = i
        break
    if body_start is None:
        body_start = i
    parts = _issuer_parts(issuer_lines) + parts
    parts.sort(key=lambda p: p.start)
    return parts, body_start


def _is_cong_dien_to(text: str) -> bool:
    m = P.CONG_DIEN_TO.match(text)
    return bool(m) and _is_caps(m.group("who"))


def _starts_authority(text: str) -> bool:
    """"THỦ TƯỚNG CHÍNH PHỦ điện:", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "ỦY BAN NHÂN DÂN TỈNH X": the
    issuing authority's line between a decision's subject and its Căn cứ clauses."""
    upper = text.upper()
    return bool(P.CONG_DIEN_TO.match(text) or P.POSITION.match(upper) or upper.startswith(_ORG_HEAD))


def _caps_subject_end(lines: list[_Line], i: int) -> int:
    end = i
    j = i + 1
    while j < len(lines) and j - i < 8:
        text = lines[j].text
        if not text:
            j += 1
            continue
        if not _is_caps(text) or _starts_authority(text) or _header_kind(text):
            break
        end = j
        j += 1
    return end


def _more_header_ahead(lines: list[_Line], i: int, n: int, window: int = 3) -> bool:
    kinds = {_header_kind(lines[j].text) for j in range(i + 1, min(i + 1 + window, n)) if lines[j].text}
    return bool(kinds & {"place_date", "kinh_gui", "number", "motto"})


def _could_be_subject(text: str) -> bool:
    return len(text) <= 400 and not P.BASIS.match(text) and not P.KINH_GUI.match(text) and not any(
        pattern.match(text) for name, pattern in P.ITEM_MARKERS if name not in ("dash", "plus")
    )


def _next_nonblank(lines: list[_Line], i: int) -> int | None:
    while i < len(lines):
        if lines[i].text:
            return i
        i += 1
    return None


def _subject_end(lines: list[_Line], i: int) -> int:
    """Subjects wrap; a following short line that is no other part continues it."""
    end = i
    j = i + 1
    while j < len(lines) and j - i < 4:
        text = lines[j].text
        if not text:
            j += 1
            continue
        if (
            _header_kind(text)
            or _is_caps(text)
            or len(text) > 250
            or lines[end].text.endswith((".", ":", ";"))
            or P.BASIS.match(text)
            or any(p.match(text) for name, p in P.ITEM_MARKERS if name not in ("dash",))
        ):
            break
        end = j
        j += 1
    return end


def _kinh_gui_end(lines: list[_Line], i: int) -> int:
    """The Kính gửi block: the line itself, then list lines ("- X;") up to the one ending in "."."""
    first = P.KINH_GUI.match(lines[i].text) or P.CONG_DIEN_TO.match(lines[i].text)
    rest = first.group("rest").strip() if first else ""
    if rest and rest.endswith(".") and not rest.endswith("./."):
        return i
    end = i
    j = i + 1
    while j < len(lines):
        text = lines[j].text
        if not text:
            j += 1
            continue
        listed = text[:1] in "-–+•"
        if P.KINH_GUI.match(text):  # "Đồng kính gửi:" continues the block
            end = j
            j += 1
            continue
        if not listed and (len(text) > 160 or _header_kind(text) or end > i and lines[end].text.endswith(".")):
            break
        if not listed and end == i and rest:
            break  # "Kính gửi: X" on one line, then the body
        end = j
        if text.endswith(".") and not text.endswith("./."):
            break
        j += 1
    return end


# Words that start a new organisation name in a header block ("BỘ TÀI CHÍNH" / "CỤC THUẾ").
_ORG_HEAD = (
    "ỦY BAN", "UBND", "HỘI ĐỒNG", "HĐND", "BỘ ", "SỞ ", "CỤC ", "TỔNG CỤC", "CHI CỤC", "VỤ ",
    "VĂN PHÒNG", "BAN ", "PHÒNG ", "THANH TRA", "TRUNG TÂM", "ĐẢNG ỦY", "ĐẢNG BỘ", "TỈNH ỦY",
    "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "CHÍNH PHỦ", "THỦ TƯỚNG", "QUỐC HỘI", "KHO BẠC",
    "VIỆN ", "TÒA ÁN", "TRƯỜNG ", "THUẾ ", "HẢI QUAN", "CÔNG AN", "BỘ CHỈ HUY", "ĐOÀN ", "HỘI ",
    "LIÊN ĐOÀN", "MẶT TRẬN", "BAN CHẤP HÀNH",
)  # fmt: skip


def _issuer_parts(lines: list[_Line]) -> list[PartSpan]:
    """Group issuer-block lines into names; the last name is the issuer, the one before its parent."""
    lines = [ln for ln in lines if ln.text.strip("*-_ ")]
    if not lines:
        return []
    groups: list[list[_Line]] = [[lines[0]]]
    for line in lines[1:]:
        upper = line.text.upper()
        last_word = groups[-1][-1].text.upper().split()[-1]
        bridged = any(h.startswith(last_word + " ") and (last_word + " " + upper).startswith(h) for h in _ORG_HEAD)
        if upper.startswith(_ORG_HEAD) and not bridged and len(" ".join(x.text for x in groups[-1]).split()) > 1:
            groups.append([line])
        else:
            groups[-1].append(line)
    issuer = groups[-1]
    parts = [PartSpan("issuer", issuer[0].start, issuer[-1].end)]
    if len(groups) > 1:
        parent = groups[-2]
        parts.insert(0, PartSpan("parent_issuer", parent[0].start, parent[-1].end))
    return parts


# --- tail --------------------------------------------------------------------------------


def _is_signature_line(lines: list[_Line], i: int) -> bool:
    text = lines[i].text
    if P.AUTHORITY.match(text) and _is_caps(text):
        return True
    if P.POSITION.match(text) and _is_caps(text) and len(text) <= 80:
        # a post line is followed (soon) by a name, another post line, or the end
        for j in range(i + 1, min(i + 5, len(lines))):
            nxt = lines[j].text
            if not nxt or P.SIGNED_NOTE.match(nxt):
                continue
            return bool(P.PERSON_NAME.match(nxt) or _is_caps(nxt) or P.NOI_NHAN.match(nxt))
        return True
    return False


def _find_tail(lines: list[_Line], body_start: int) -> int:
    """Index of the first line of the tail (Nơi nhận or signature block)."""
    for i in range(body_start, len(lines)):
        text = lines[i].text
        if not text:
            continue
        if P.NOI_NHAN.match(text) or _is_signature_line(lines, i):
            return i
        if P.FOOTNOTES_HEADING.match(text):
            return i
    return len(lines)


def _tail_parts(lines: list[_Line], tail_start: int) -> tuple[list[PartSpan], int]:
    """Nơi nhận block and signature block; returns them and the index where the tail ends."""
    parts: list[PartSpan] = []
    noi_nhan: list[_Line] = []
    signature: list[_Line] = []
    sub: list[PartSpan] = []
    in_noi_nhan = False
    skipped = 0
    i = tail_start
    while i < len(lines):
        line = lines[i]
        text = line.text
        if not text:
            i += 1
            continue
        if P.FOOTNOTES_HEADING.match(text) or P.APPENDIX.match(text) and _is_caps(text.split()[0]):
            break
        if _is_caps(text) and P.DOC_TYPE_TITLE.match(text) and signature and sub and sub[-1].label == "signer":
            break  # an attached Quy định / Quy chế starts after the signature
        if P.NOI_NHAN.match(text):
            in_noi_nhan = True
            noi_nhan.append(line)
        elif P.AUTHORITY.match(text) and _is_caps(text):
            signature.append(line)
            sub.append(PartSpan("authority", line.start, line.end))
        elif _is_caps(text) and (P.POSITION.match(text) or signature) and len(text) <= 100 and not text.startswith(("-", "+")):
            signature.append(line)
            sub.append(PartSpan("position", line.start, line.end))
        elif P.SIGNED_NOTE.match(text):
            signature.append(line)
        elif signature and not (sub and sub[-1].label == "signer") and (name_end := _name_end(lines, i)) is not None:
            signature.append(lines[name_end])
            sub.append(PartSpan("signer", line.start, lines[name_end].end))
            i = name_end + 1
            continue
        elif in_noi_nhan and not _archive_entry_seen(noi_nhan) and (
            text[:1] in "-–—+•~" or "Lưu" in text[:6] or noi_nhan and not noi_nhan[-1].text.endswith((";", "."))
        ):
            noi_nhan.append(line)
        elif signature and sub and sub[-1].label == "signer":
            break  # text after the signer's name: an appendix or attachment
        elif not signature and (name_end := _name_end(lines, i)) is not None and _ends_list(lines, name_end):
            # scans: the seal hides the authority and post lines, the name is left alone
            signature.append(line)
            sub.append(PartSpan("signer", line.start, lines[name_end].end))
            i = name_end + 1
            continue
        elif in_noi_nhan and len(text) < 100 and not _archive_entry_seen(noi_nhan):
            noi_nhan.append(line)
        elif not signature and _archive_entry_seen(noi_nhan) and skipped < 3:
            skipped += 1  # a copy count or drafter code between the list and the signature ("08 KH")
        else:
            break
        i += 1
    if noi_nhan:
        parts.append(PartSpan("noi_nhan", noi_nhan[0].start, noi_nhan[-1].end))
    if signature:
        parts.append(PartSpan("signature", signature[0].start, signature[-1].end))
        parts.extend(sub)
    return parts, i


def _archive_entry_seen(noi_nhan: list[_Line]) -> bool:
    """"Lưu: VT, …" is the last entry of Nơi nhận (Decree 30 App. I): the list is closed."""
    return bool(noi_nhan) and "Lưu" in noi_nhan[-1].text[:8] and noi_nhan[-1].text.rstrip().endswith(".")


def _ends_list(lines: list[_Line], j: int) -> bool:
    """No list entry follows line j (so a name there is not one of the Nơi nhận entries)."""
    k = _next_nonblank(lines, j + 1)
    return k is None or lines[k].text[:1] not in "-–+•"


def _name_end(lines: list[_Line], i: int) -> int | None:
    """A person's name starting at line i, possibly wrapped over up to three lines."""
    words: list[str] = []
    for j in range(i, min(i + 3, len(lines))):
        text = lines[j].text
        if not text or not all(w[:1].isupper() and not w.isupper() or len(w) == 1 for w in text.split()):
            break
        words.extend(text.split())
        if 2 <= len(words) <= 6 and P.PERSON_NAME.match(" ".join(words)):
            nxt = lines[j + 1].text if j + 1 < len(lines) else ""
            if not (nxt and len(words) + len(nxt.split()) <= 6 and P.PERSON_NAME.match(" ".join(words + nxt.split()))
                    and len(nxt.split()) == 1):
                return j
    return None


# --- body --------------------------------------------------------------------------------


def _marker(text: str) -> tuple[str, str] | None:
    for name, pattern in P.ITEM_MARKERS:
        m = pattern.match(text)
        if m:
            marker = next(g for g in m.groups() if g is not None) if m.groups() else m.group(0)
            if name == "roman" and not _is_roman(marker):
                continue
            return name, marker
    return None


def _is_roman(s: str) -> bool:
    return all(c in "IVXLC" for c in s) and s in {
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    }  # fmt: skip


def _body_parts(lines: list[_Line], start: int, end: int, base_index: int) -> list[PartSpan]:
    """Items (a tree), Căn cứ clauses and the closing sentence between lines start and end."""
    parts: list[PartSpan] = []
    stack: list[tuple[int, int]] = []  # (rank, index into parts)
    current: PartSpan | None = None
    body_lines = [ln for ln in lines[start:end] if ln.text]
    if not body_lines:
        return parts
    # the closing: trailing non-item paragraphs that read as a closing formula
    closing_from = len(body_lines)
    for k in range(len(body_lines) - 1, max(-1, len(body_lines) - 4), -1):
        text = body_lines[k].text
        if _marker(text) or not (P.CLOSING.match(text) or P.ATTACHMENT.match(text)):
            break
        closing_from = k
    for k, line in enumerate(body_lines):
        text = line.text
        if k >= closing_from:
            label = "attachment" if P.ATTACHMENT.match(text) else "closing"
            parts.append(PartSpan("closing" if label == "closing" else "closing", line.start, line.end))
            current = None
            continue
        found = _marker(text)
        if found and not (found[0] == "dash" and len(text) < 3):
            name, marker = found
            rank = P.ITEM_RANK[name]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            parent = stack[-1][1] + base_index if stack else None
            current = PartSpan("item", line.start, line.end, level=len(stack), marker=marker, parent=parent)
            parts.append(current)
            stack.append((rank, len(parts) - 1))
            continue
        if P.BASIS.match(text) and not stack:
            parts.append(PartSpan("basis", line.start, line.end))
            current = None
            continue
        if current is not None and not _is_caps(text):
            current.end = line.end  # a further paragraph of the same item
    return parts


def find_parts(text: str) -> list[PartSpan]:
    """All parts of the document, in text order; item parents index this list."""
    lines = _lines(text)
    header, body_start = _find_header(lines)
    tail_start = _find_tail(lines, body_start)
    body_end_line = tail_start
    tail, tail_end = _tail_parts(lines, tail_start)
    parts = list(header)
    body_lines = [ln for ln in lines[body_start:body_end_line] if ln.text]
    if body_lines:
        parts.append(PartSpan("body", body_lines[0].start, body_lines[-1].end))
    parts.extend(_body_parts(lines, body_start, body_end_line, base_index=len(parts)))
    parts.extend(tail)
    # after the tail: appendices (with their own items) and footnotes
    rest = [ln for ln in lines[tail_end:] if ln.text]
    footnotes_at = next((k for k, ln in enumerate(rest) if P.FOOTNOTES_HEADING.match(ln.text)), len(rest))
    appendix = rest[:footnotes_at]
    if appendix:
        parts.append(PartSpan("appendix", appendix[0].start, appendix[-1].end))
        first, last = appendix[0].index, appendix[-1].index + 1
        parts.extend(_body_parts(lines, first, last, base_index=len(parts)))
    for ln in rest[footnotes_at + 1 :]:
        parts.append(PartSpan("footnote", ln.start, ln.end))
    return parts
