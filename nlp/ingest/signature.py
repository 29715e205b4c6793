"""Digital-signature stamps on signed PDFs: recognise them, keep them out of the body, parse them.

Signing software prints a block such as::

    TRUNG TÂM CÔNG BÁO VÀ TIN HỌC          Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ
    ttcbth@quangngai.gov.vn                 Email: thongtinchinhphu@chinhphu.vn
    06.11.2024 09:27:05 +07:00              Cơ quan: VĂN PHÒNG CHÍNH PHỦ
                                            Thời gian ký: 28.04.2026 15:49:15 +07:00

usually as the appearance of a signature field, sometimes as page text. The same software
also fills the blank number and day of the header (``Số: 542``, ``ngày 06``) through
signature fields: those short values belong to the body, so an annotation counts as a stamp
only when its text looks like one (a time stamp, an e-mail, a ``Người ký:`` label).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from vanban.nlp.types import SignatureStamp

# "Người ký: …", "Ký bởi: …": labels that only a signature stamp prints.
_STRONG = re.compile(
    r"^\s*(người\s+ký|được\s+ký\s+bởi|ký\s+bởi|signed\s+by|signature\s+valid|thời\s+gian\s+ký"
    r"|ngày\s+ký)\b\s*:?", re.IGNORECASE)
# Labels that also occur in stamps but could start a body line on their own.
_WEAK = re.compile(r"^\s*(cơ\s+quan|tổ\s+chức|đơn\s+vị|e-?mail|chức\s+vụ|thời\s+gian|date)\s*:",
                   re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TZ = r"(?:\s*(?:GMT|UTC)?\s*([+-]\d{2}):?(\d{2}))?"
_HMS = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_DMY = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})[ ,T]+" + _HMS + _TZ)
_YMD = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})[ T]+" + _HMS + _TZ)
_TZ_ONLY = re.compile(r"^\s*[+-]\d{2}:\d{2}\s*$")
_LABEL_VALUE = re.compile(r"^\s*[^:]{2,20}:\s*(.+?)\s*$")


def is_stamp_text(text: str) -> bool:
    """Whether the text of a signature field is a stamp (not a filled-in number or day)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return bool(
        any(_STRONG.match(ln) for ln in lines)
        or _DMY.search(text) or _YMD.search(text) or _EMAIL.search(text)
    )


def _stamp_line(text: str) -> bool:
    """A line that can be part of a printed stamp block."""
    return bool(
        _STRONG.match(text) or _WEAK.match(text) or _TZ_ONLY.match(text)
        or _EMAIL.fullmatch(text.strip()) or _DMY.fullmatch(text.strip())
        or _YMD.fullmatch(text.strip())
    )


def split_printed(texts: Sequence[str]) -> tuple[list[int], list[list[int]]]:
    """Find stamp blocks printed as page text.

    Returns the indexes of body lines and, for each block, the indexes of its lines. A block
    is a run of consecutive stamp-like lines holding at least one strong label; the uppercase
    organisation name some stamps print above their e-mail is pulled in with it.
    """
    blocks: list[list[int]] = []
    i = 0
    while i < len(texts):
        if not _stamp_line(texts[i]):
            i += 1
            continue
        j = i
        while j < len(texts) and _stamp_line(texts[j]):
            j += 1
        run = list(range(i, j))
        if any(_STRONG.match(texts[k]) for k in run):
            # an organisation name printed above the e-mail line (no label of its own)
            k = i - 1
            while k >= 0 and i - k <= 3 and texts[k].isupper() and len(texts[k]) <= 60 \
                    and _EMAIL.fullmatch(texts[i].strip()):
                run.insert(0, k)
                k -= 1
            blocks.append(run)
        i = j
    taken = {k for b in blocks for k in b}
    return [k for k in range(len(texts)) if k not in taken], blocks


def _iso(match: re.Match[str], day_first: bool) -> str:
    g = match.groups()
    if day_first:
        day, month, year = int(g[0]), int(g[1]), int(g[2])
    else:
        year, month, day = int(g[0]), int(g[1]), int(g[2])
    hour, minute, second = int(g[3]), int(g[4]), int(g[5] or 0)
    stamp = datetime(year, month, day, hour, minute, second).isoformat()
    if g[6]:
        stamp += f"{g[6]}:{g[7]}"
    return stamp


def parse_time(text: str) -> str | None:
    """ISO 8601 from ``06.11.2024 09:27:05 +07:00``, ``07/02/2025 14:59:55`` or
    ``2026-05-21 08:05:48 +07:00`` (Vietnamese dates are day first)."""
    # the offset is sometimes printed on the next line
    flat = re.sub(r"\s+", " ", text)
    for pattern, day_first in ((_YMD, False), (_DMY, True)):
        m = pattern.search(flat)
        if m:
            try:
                return _iso(m, day_first)
            except ValueError:  # 31.02.2024 and the like
                continue
    return None


def parse(texts: Sequence[str]) -> SignatureStamp | None:
    """One ``SignatureStamp`` from the stamp blocks of a document.

    Labelled stamps (``Người ký:``, ``Thời gian ký:``) are the signer's own and are read
    first; a publisher's unlabelled stamp (name, e-mail, time) only fills what is missing.
    """
    texts = [t.strip() for t in texts if t.strip()]
    if not texts:
        return None
    labelled = sorted(texts, key=lambda t: not any(_STRONG.match(ln) for ln in t.splitlines()))
    signer = organisation = signed_at = None
    unlabelled_names: list[str] = []
    for text in labelled:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        names: list[str] = []
        for n, line in enumerate(lines):
            low = line.lower()
            value_m = _LABEL_VALUE.match(line)
            value = value_m.group(1) if value_m else ""
            if re.match(r"(người\s+ký|ký\s+bởi|được\s+ký\s+bởi|signed\s+by)\b", low):
                signer = signer or value or None
            elif re.match(r"(cơ\s+quan|tổ\s+chức|đơn\s+vị)\s*:", low):
                organisation = organisation or value or None
            elif re.match(r"(thời\s+gian\s+ký|ngày\s+ký|thời\s+gian|date)\b", low):
                signed_at = signed_at or parse_time(" ".join(lines[n : n + 2]))
            elif not (_EMAIL.search(line) or _DMY.search(line) or _YMD.search(line)
                      or _TZ_ONLY.match(line) or _WEAK.match(line)):
                names.append(line)
        if names and not unlabelled_names:
            unlabelled_names = names
    if organisation is None and unlabelled_names:
        # stamps without labels print the organisation's name first
        organisation = " ".join(unlabelled_names)
    if signed_at is None:
        for text in labelled:
            signed_at = parse_time(text)
            if signed_at:
                break
    return SignatureStamp(signer=signer, organisation=organisation, signed_at=signed_at,
                          text="\n\n".join(texts))
