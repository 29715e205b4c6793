"""PDF → SourceText: pdfminer.six text layer, OCR for pages without one.

pdfminer's own ``extract_pages`` renders only the page content. Signed PDFs keep their stamp
*and* the filled-in number and day of the header in signature-field appearances, so pages are
driven through the same machinery (``PDFPage`` + ``PDFPageAggregator``) with the annotation
appearances rendered into the page as tagged figures. Layout (``layout``), stamps
(``signature``) and running headers (``furniture``) are handled in their own modules.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import (
    LAParams,
    LTAnno,
    LTChar,
    LTContainer,
    LTFigure,
    LTImage,
    LTPage,
    LTTextBox,
    LTTextLine,
)
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import mult_matrix
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import furniture, layout, ocr, pdf_streams, signature
from vanban.nlp.ingest.assemble import RawLine, build_source
from vanban.nlp.ingest.layout import Frag, Glyph
from vanban.nlp.ingest.ocr_correct import correct
from vanban.nlp.ingest.pdf_streams import StreamTooLarge
from vanban.nlp.types import SourceText

pdf_streams.install()  # pdfminer's own inflate has no cap and can run for hours

MEDIA_TYPE = "application/pdf"
ANNOT_TAG = "vanban-annot:"
MIN_BODY_CHARS = 20  # fewer letters/digits than this on an image page: it is a scan
MIN_IMAGE_COVER = 0.3  # share of the page an image must cover to call the page a scan
# Unmapped glyphs ((cid:N), private use). A font without a ToUnicode map loses only the
# Vietnamese letters (a fifth of the text): a few percent already make the layer useless.
GARBAGE_SHARE = 0.05
GARBAGE_MIN = 3
# Cheap structural limits, checked before the expensive work (→ too_large). A dispatch, even a
# law with its appendices, has far fewer pages; the page area is four A0 sheets.
MAX_PAGES = 1000
MAX_PAGE_AREA = 4 * 2384 * 3370  # pt²
MAX_OCR_PAGES = 100  # about the per-document time limit at ~1 s a page on two workers
# The 6-letter subset prefix ("ABCDEF+") is not part of the font's name.
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|[,\-_ ]bd\b|bd$|bi$|[,\-]b$", re.IGNORECASE)
# pdfminer logs every oddity of real-world files at WARNING; they are not ours to show.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def is_bold_font(fontname: str) -> bool:
    """``AAAAAA+TimesNewRomanPS-BoldMT``, ``Times New Roman,Bold``, ``timesbd`` → True."""
    return bool(_BOLD.search(_SUBSET.sub("", fontname or "")))


# ------------------------------------------------------------------ pdfminer driving


class _Interpreter(PDFPageInterpreter):
    """Renders the page and then the visible annotation appearances, each as a figure named
    ``vanban-annot:<n>:<sig|field>`` so their text can be told apart from the page's."""

    def process_page(self, page: PDFPage) -> None:
        x0, y0, x1, y1 = page.mediabox
        ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
               270: (0, 1, -1, 0, y1, -x0)}.get(page.rotate, (1, 0, 0, 1, -x0, -y0))
        self.device.begin_page(page, ctm)
        self.render_contents(page.resources, page.contents, ctm=ctm)
        for n, annot in enumerate(list_value(resolve1(page.annots)) if page.annots else []):
            try:
                self._render_annot(n, dict_value(annot), page, ctm)
            except Exception:  # a broken annotation must not cost the page's text
                continue
        self.device.end_page(page)

    def _render_annot(self, n: int, annot: dict[str, Any], page: PDFPage, ctm: Any) -> None:
        subtype = _name(annot.get("Subtype"))
        flags = int(resolve1(annot.get("F", 0)) or 0)
        if subtype not in {"Widget", "FreeText", "Stamp"} or flags & (1 | 2 | 32):
            return  # invisible / hidden / no-view
        normal = resolve1(dict_value(annot.get("AP", {})).get("N"))
        if isinstance(normal, dict):  # appearance states: take the current one
            normal = resolve1(normal.get(_name(annot.get("AS"))))
        if not isinstance(normal, PDFStream) or "BBox" not in normal:
            return
        rect = [float(v) for v in list_value(resolve1(annot.get("Rect")))]
        bbox = [float(v) for v in list_value(resolve1(normal["BBox"]))]
        matrix = tuple(float(v) for v in list_value(resolve1(normal.get("Matrix",
                                                                        [1, 0, 0, 1, 0, 0]))))
        # PDF 32000 §12.5.5: map the transformed BBox onto Rect
        corners = [(bbox[i] * matrix[0] + bbox[j] * matrix[2] + matrix[4],
                    bbox[i] * matrix[1] + bbox[j] * matrix[3] + matrix[5])
                   for i in (0, 2) for j in (1, 3)]
        bx0, bx1 = min(c[0] for c in corners), max(c[0] for c in corners)
        by0, by1 = min(c[1] for c in corners), max(c[1] for c in corners)
        if bx1 - bx0 <= 0 or by1 - by0 <= 0:
            return
        rx0, rx1 = sorted((rect[0], rect[2]))
        ry0, ry1 = sorted((rect[1], rect[3]))
        sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
        fit = (sx, 0, 0, sy, rx0 - bx0 * sx, ry0 - by0 * sy)
        form_matrix = mult_matrix(matrix, fit)  # type: ignore[arg-type]
        is_sig = _name(annot.get("FT")) == "Sig" or _name(
            dict_value(resolve1(annot.get("Parent", {})) or {}).get("FT")) == "Sig"
        name = f"{ANNOT_TAG}{n}:{'sig' if is_sig else 'field'}"
        resources = resolve1(normal.get("Resources")) or page.resources
        self.device.begin_figure(name, tuple(bbox), form_matrix)  # type: ignore[arg-type]
        self.subinterp().render_contents(dict_value(resources), [normal],
                                         ctm=mult_matrix(form_matrix, ctm))
        self.device.end_figure(name)


def _name(value: object) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value) if value is not None else ""


# ------------------------------------------------------------------ page content


@dataclass
class _Page:
    """What the text layer of one page gave."""

    index: int
    width: float
    height: float
    lines: list[Frag] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)
    image_cover: float = 0.0
    garbage: bool = False
    failed: bool = False


def _frag_from_line(line: LTTextLine, tag: str | None, box: int) -> Frag | None:
    glyphs: list[Glyph] = []
    sizes: list[float] = []
    for item in line:
        if isinstance(item, LTChar):
            if not item.upright:  # rotated text (margin notes) would scramble the lines
                continue
            glyphs.append(Glyph(item.get_text(), item.x0, item.x1, is_bold_font(item.fontname)))
            sizes.append(item.size)
        elif isinstance(item, LTAnno) and item.get_text() == " " and glyphs:
            glyphs.append(Glyph(" ", glyphs[-1].x1, glyphs[-1].x1, real=False))
    if not glyphs or not "".join(g.text for g in glyphs).strip():
        return None
    size = sorted(sizes)[len(sizes) // 2] if sizes else line.height
    ink = [g for g in glyphs if not g.space]
    return Frag(glyphs, min(g.x0 for g in ink), line.y0, max(g.x1 for g in ink), line.y1,
                size or line.height, tag, box)


def _walk(item: Any, tag: str | None, frags: list[Frag], images: list[LTImage]) -> None:
    for child in item:
        if isinstance(child, LTTextLine):
            # lines of one pdfminer text box share its id (stray lines get their own)
            frag = _frag_from_line(child, tag, id(item) if isinstance(item, LTTextBox)
                                   else id(child))
            if frag is not None:
                frags.append(frag)
        elif isinstance(child, LTImage):
            if tag is None:
                images.append(child)
        elif isinstance(child, LTContainer):
            child_tag = tag
            if isinstance(child, LTFigure) and str(child.name).startswith(ANNOT_TAG):
                child_tag = str(child.name)
            _walk(child, child_tag, frags, images)


def _is_garbage(frags: list[Frag]) -> bool:
    ink = [g.text for f in frags for g in f.glyphs if not g.space]
    if not ink:
        return False
    bad = sum(
        1 for t in ink
        if t.startswith("(cid:") or "\ufffd" in t
        or any(0xE000 <= ord(c) <= 0xF8FF or unicodedata.category(c) == "Cc" for c in t)
    )
    return bad >= max(GARBAGE_MIN, GARBAGE_SHARE * len(ink))


def _image_cover(images: list[LTImage], width: float, height: float) -> float:
    area = sum(max(0.0, min(i.x1, width) - max(i.x0, 0.0)) * max(0.0, min(i.y1, height)
               - max(i.y0, 0.0)) for i in images)
    return min(1.0, area / (width * height)) if width * height else 0.0


def _read_page(ltpage: LTPage, index: int) -> _Page:
    page = _Page(index, ltpage.width, ltpage.height)
    frags: list[Frag] = []
    images: list[LTImage] = []
    _walk(ltpage, None, frags, images)
    page.image_cover = _image_cover(images, ltpage.width, ltpage.height)
    page.garbage = _is_garbage(frags)
    # signature fields: stamps go to the signature, filled-in values stay in the body
    by_tag: dict[str, list[Frag]] = {}
    body: list[Frag] = []
    for frag in frags:
        if frag.tag and frag.tag.endswith(":sig"):
            by_tag.setdefault(frag.tag, []).append(frag)
        else:
            frag.tag = None
            body.append(frag)
    for tagged in by_tag.values():
        text = "\n".join(f.text for f in layout.visual_lines(tagged))
        if signature.is_stamp_text(text):
            page.stamps.append(text)
        else:
            for f in tagged:
                f.tag = None
            body += tagged
    lines = layout.visual_lines(body)
    kept, blocks = signature.split_printed([f.text for f in lines])
    page.stamps += ["\n".join(lines[k].text for k in block) for block in blocks]
    page.lines = [lines[k] for k in kept]
    return page


def _open(data: bytes, filename: str) -> PDFDocument:
    # A cut-off download often still parses (pdfminer rebuilds a lost xref, and a signed
    # file's first revision is complete), yielding a silently partial document.
    if b"%%EOF" not in data[-2048:]:
        raise VanbanError("corrupt_pdf", filename, "%%EOF")
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except StreamTooLarge as exc:
        raise VanbanError("too_large", filename, f"PDF stream {exc}") from exc
    except PDFPasswordIncorrect as exc:
        raise VanbanError("encrypted_pdf", filename) from exc
    except PDFEncryptionError as exc:  # an encryption scheme pdfminer cannot open
        raise VanbanError("encrypted_pdf", filename, str(exc)[:80]) from exc
    except Exception as exc:  # PSEOF, PDFSyntaxError, … on truncated or damaged files
        raise VanbanError("corrupt_pdf", filename, type(exc).__name__) from exc


def _declared_pages(document: PDFDocument) -> int:
    """The page count the page tree declares (0 when unreadable; it may also lie)."""
    try:
        count = resolve1(dict_value(resolve1(document.catalog.get("Pages"))).get("Count"))
        return count if isinstance(count, int) else 0
    except Exception:
        return 0


def _counted_pages(document: PDFDocument) -> int:
    """Pages in the tree, counted up to one past the limit (cheap: no content is parsed)."""
    try:
        return sum(1 for _ in itertools.islice(PDFPage.create_pages(document), MAX_PAGES + 1))
    except Exception:  # a broken tree is reported by the reading loop
        return 0


def _page_size(pdfpage: PDFPage, index: int, filename: str) -> tuple[float, float]:
    try:
        x0, y0, x1, y1 = (float(v) for v in pdfpage.mediabox)
    except (TypeError, ValueError):  # a garbled MediaBox: the page may still be readable
        x0, y0, x1, y1 = 0.0, 0.0, 595.0, 842.0
    width, height = abs(x1 - x0), abs(y1 - y0)
    if not width * height <= MAX_PAGE_AREA:  # also NaN
        raise VanbanError("too_large", filename,
                          f"trang {index + 1}: {width:.0f} × {height:.0f} pt")
    return width, height


def _check_page_count(count: int, filename: str) -> None:
    if count > MAX_PAGES:
        raise VanbanError("too_large", filename, f"{count} trang, tối đa {MAX_PAGES}")


# Failures that end the whole document rather than one page.
_FATAL = (VanbanError, StreamTooLarge, MemoryError)


def _text_layer(data: bytes, filename: str) -> list[_Page]:
    document = _open(data, filename)
    _check_page_count(max(_declared_pages(document), _counted_pages(document)), filename)
    manager = PDFResourceManager(caching=True)
    # boxes_flow=None: pdfminer's box ordering is replaced by layout.reading_order
    device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True, boxes_flow=None))
    interpreter = _Interpreter(manager, device)
    pages: list[_Page] = []
    try:
        for index, pdfpage in enumerate(PDFPage.create_pages(document)):
            _check_page_count(index + 1, filename)  # the declared count may lie
            width, height = _page_size(pdfpage, index, filename)
            try:
                interpreter.process_page(pdfpage)
                pages.append(_read_page(device.get_result(), index))
            except PDFPasswordIncorrect as exc:
                raise VanbanError("encrypted_pdf", filename) from exc
            except _FATAL:
                raise
            except Exception:  # a broken content stream: let OCR try this page
                pages.append(_Page(index, width, height, failed=True))
    except VanbanError:
        raise
    except StreamTooLarge as exc:
        raise VanbanError("too_large", filename, f"PDF stream {exc}") from exc
    except MemoryError as exc:
        raise VanbanError("too_large", filename, "memory limit") from exc
    except Exception as exc:  # the page tree itself is broken (RecursionError included)
        raise VanbanError("corrupt_pdf", filename, type(exc).__name__) from exc
    if not pages:
        raise VanbanError("corrupt_pdf", filename, "0 pages")
    return pages


def _corrected_page(lines: list) -> list[str]:
    """Post-OCR correction over the whole page, so that a phrase broken across lines
    ("ỦY BAN NHÂN DÂN" ⏎ "TĨNH THÁI BÌNH") is seen whole; line by line if the count changes."""
    texts = [f.text for f in lines]
    fixed = correct("\n".join(texts)).split("\n")
    return fixed if len(fixed) == len(texts) else [correct(t) for t in texts]


def _needs_ocr(page: _Page) -> bool:
    """No usable text layer: none at all (scans, text drawn as curves), an unreadable or
    unmapped one, or a few stray letters (a stamp) over a page-sized image."""
    if page.failed or page.garbage:
        return True
    letters = sum(ch.isalnum() for f in page.lines for ch in f.text)
    return letters == 0 or (letters < MIN_BODY_CHARS and page.image_cover >= MIN_IMAGE_COVER)


def read_pdf(data: bytes, filename: str) -> SourceText:
    """Read a PDF: text layer where there is a usable one, OCR elsewhere."""
    pages = _text_layer(data, filename)
    warnings: list[str] = []
    to_ocr = [p.index for p in pages if _needs_ocr(p)]
    if len(to_ocr) > MAX_OCR_PAGES:
        raise VanbanError("too_large", filename,
                          f"{len(to_ocr)} trang cần OCR, tối đa {MAX_OCR_PAGES}")
    if to_ocr:
        for result in ocr.ocr_pdf_pages(data, to_ocr, filename=filename):
            page = pages[result.index]
            page.lines = result.lines
            kept, blocks = signature.split_printed([f.text for f in page.lines])
            page.stamps += ["\n".join(page.lines[k].text for k in b) for b in blocks]
            page.lines = [page.lines[k] for k in kept]
    body = furniture.strip_furniture([p.lines for p in pages], [p.height for p in pages])
    ocr_pages = set(to_ocr)
    raw_pages: list[list[RawLine]] = []
    for page, lines in zip(pages, body, strict=True):
        is_ocr = page.index in ocr_pages
        texts = _corrected_page(lines) if is_ocr else [f.text for f in lines]
        raw = [RawLine(text, page.index + 1, f.bbox, f.bold, is_ocr) for text, f in zip(texts, lines, strict=True)]
        if not any(r.text.strip() for r in raw):
            warnings.append(VanbanError("no_text", filename, f"trang {page.index + 1}")
                            .message("vi"))
        raw_pages.append(raw)
    source = build_source(
        raw_pages,
        media_type=MEDIA_TYPE,
        page_count=len(pages),
        ocr=bool(to_ocr),
        signature=signature.parse([s for p in pages for s in p.stamps]),
        warnings=warnings,
    )
    if not source.text.strip():
        raise VanbanError("no_text", filename)
    return source
