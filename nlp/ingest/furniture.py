"""Page furniture: running headers, footers and page numbers that are not part of the text.

The Official Gazette (Công báo) prints ``CÔNG BÁO/Số 302/Ngày 02-06-2026`` and the page
number at the top of every page; Word documents print page numbers at the top of pages 2+.
Left in, they land in the middle of sentences that run across pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from vanban.nlp.ingest.layout import Frag

ZONE = 0.10  # top/bottom share of the page height where furniture lives
_CONG_BAO = re.compile(r"^\s*công\s*báo\s*[/,\-–]?\s*số\s*\d+", re.IGNORECASE)
_PAGE_NO = re.compile(r"^\s*(?:trang\s*)?[-–—]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—]?\s*$",
                      re.IGNORECASE)


def _key(text: str) -> str:
    """Text with digits blanked, so ``Số 302 … 70`` and ``Số 302 … 71`` compare equal."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().casefold()


def _in_zone(frag: Frag, height: float) -> bool:
    centre = (frag.y0 + frag.y1) / 2
    return centre >= height * (1 - ZONE) or centre <= height * ZONE


def strip_furniture(pages: Sequence[Sequence[Frag]], heights: Sequence[float]
                    ) -> list[list[Frag]]:
    """Drop running headers/footers and page numbers from each page's lines."""
    zone_keys: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        zone_keys.update({_key(f.text) for f in lines if _in_zone(f, height)})
    with_text = sum(1 for lines in pages if lines)
    repeated = {
        key for key, n in zone_keys.items()
        if with_text >= 2 and n >= 2 and n * 2 >= with_text and len(key) >= 3
    }
    out: list[list[Frag]] = []
    for lines, height in zip(pages, heights, strict=True):
        kept = []
        for f in lines:
            text = f.text
            if _CONG_BAO.match(text) and (_in_zone(f, height) or "ngày" in text.lower()):
                continue
            if _in_zone(f, height) and (_PAGE_NO.match(text) or _key(text) in repeated):
                continue
            kept.append(f)
        out.append(kept)
    return out
