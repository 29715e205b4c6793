"""OCR of PDF pages: pypdfium2 renders, Tesseract (``vie``) reads, lines come back in PDF points.

One page per task in a small process pool. Tesseract's OpenMP build thrashes on small VMs
(9–15 s a page instead of 1.5–2 s, stack-notes §5), so each worker sets ``OMP_THREAD_LIMIT=1``
for the tesseract processes it starts and the parallelism comes from pages instead.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import layout
from vanban.nlp.ingest.layout import Frag, Glyph

DPI = 300
LANG = "vie"
MAX_SIDE_PX = 7000  # a poster-sized page at 300 dpi would need gigabytes
PAGE_TIMEOUT_S = 300


@dataclass
class OcrPage:
    """OCR result of one page; ``lines`` are in reading order, in PDF points."""

    index: int
    width: float
    height: float
    lines: list[Frag] = field(default_factory=list)
    error: str | None = None  # a failure to report in the parent (VanbanError does not pickle)


def check_tesseract(filename: str) -> None:
    """``tool_missing`` unless the tesseract binary and its Vietnamese data are installed."""
    import pytesseract

    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise VanbanError("tool_missing", filename, "tesseract (apt: tesseract-ocr)") from exc
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:
        raise VanbanError("tool_missing", filename, "tesseract (apt: tesseract-ocr)") from exc
    if LANG not in languages:
        raise VanbanError("tool_missing", filename, "tesseract vie (apt: tesseract-ocr-vie)")


def _init_worker() -> None:
    # inherited by the tesseract subprocesses this worker starts (see module docstring)
    os.environ["OMP_THREAD_LIMIT"] = "1"


def words_to_lines(data: dict[str, list], scale: float, height: float) -> list[Frag]:
    """Group ``image_to_data`` words by block/paragraph/line into lines in PDF points.

    Lines get no text-block id: Tesseract's blocks cut across header columns, unlike
    pdfminer's text boxes.
    """
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if str(text).strip() and float(data["conf"][i]) >= 0:
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            groups.setdefault(key, []).append(i)
    lines: list[Frag] = []
    for indexes in groups.values():
        glyphs: list[Glyph] = []
        y0s, y1s = [], []
        for i in sorted(indexes, key=lambda k: int(data["left"][k])):
            left, top = int(data["left"][i]) * scale, int(data["top"][i]) * scale
            right = left + int(data["width"][i]) * scale
            bottom = top + int(data["height"][i]) * scale
            if glyphs:
                glyphs.append(Glyph(" ", glyphs[-1].x1, left, real=False))
            glyphs.append(Glyph(str(data["text"][i]).strip(), left, right))
            y0s.append(height - bottom)
            y1s.append(height - top)
        y0, y1 = min(y0s), max(y1s)
        # the median word height stands for the font size: the line box also spans the marks
        # above capitals (Ủ, Ộ) and the descenders
        heights = sorted(b - a for a, b in zip(y0s, y1s, strict=True))
        size = max(1.0, heights[len(heights) // 2])
        lines.append(Frag(glyphs, glyphs[0].x0, y0, glyphs[-1].x1, y1, size))
    split = [part for line in lines for part in layout.split_gutters(line, lines)]
    return layout.reading_order(layout.build_rows(split))


def _ocr_page(path: str, index: int) -> OcrPage:
    """Worker: render page ``index`` of the PDF at ``path`` and OCR it."""
    import pypdfium2 as pdfium
    import pytesseract

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:
        return OcrPage(index, 0, 0, error=f"pdfium:{type(exc).__name__}")
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = min(DPI / 72, MAX_SIDE_PX / max(width, height, 1))
        # annotations (signature stamps) are read from the text layer, not from pixels
        image = page.render(scale=scale, grayscale=True, draw_annots=False,
                            may_draw_forms=False).to_pil()
    except Exception as exc:
        return OcrPage(index, 0, 0, error=f"pdfium:{type(exc).__name__}")
    finally:
        pdf.close()
    try:
        data = pytesseract.image_to_data(image, lang=LANG, output_type=pytesseract.Output.DICT,
                                         timeout=PAGE_TIMEOUT_S)
    except RuntimeError as exc:  # pytesseract's timeout
        return OcrPage(index, width, height, error=f"timeout:{exc}")
    except Exception as exc:
        return OcrPage(index, width, height, error=f"tesseract:{type(exc).__name__}")
    return OcrPage(index, width, height, words_to_lines(data, 1 / scale, height))


def _start_method() -> str:
    """``fork`` in a single-threaded caller (cheap, and scripts need no ``__main__`` guard);
    ``spawn`` when other threads run (a web server), because fork can then deadlock."""
    return "fork" if threading.active_count() == 1 else "spawn"


def _page_result(task: Future[OcrPage], index: int) -> OcrPage:
    try:
        return task.result()
    except TimeoutError:
        return OcrPage(index, 0, 0, error=f"timeout:> {PAGE_TIMEOUT_S} s")
    except ProcessExpired as exc:  # pdfium or a decoder crashed on a damaged page
        return OcrPage(index, 0, 0, error=f"pdfium:crash {exc.exitcode}")


def ocr_pdf_pages(data: bytes, indexes: list[int], *, filename: str) -> list[OcrPage]:
    """OCR the given pages (0-based) of a PDF, in parallel processes."""
    check_tesseract(filename)
    if not indexes:
        return []
    tmp = tempfile.mkdtemp(prefix="vanban-ocr-")
    try:
        path = Path(tmp) / "input.pdf"
        path.write_bytes(data)
        workers = max(1, min(2, os.cpu_count() or 1, len(indexes)))
        context = multiprocessing.get_context(_start_method())
        # pebble: a page past its time limit, or a caller interrupted by its own limit, ends
        # the workers at once instead of waiting for them
        pool = ProcessPool(max_workers=workers, context=context, initializer=_init_worker)
        try:
            tasks = [pool.schedule(_ocr_page, args=(str(path), i), timeout=PAGE_TIMEOUT_S + 30)
                     for i in indexes]
            results = [_page_result(task, i) for task, i in zip(tasks, indexes, strict=True)]
        finally:
            pool.stop()
            pool.join()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for result in results:
        if result.error and result.error.startswith("pdfium:"):
            raise VanbanError("corrupt_pdf", filename, f"trang {result.index + 1}")
        if result.error and result.error.startswith("timeout:"):
            raise VanbanError("timeout", filename, f"OCR trang {result.index + 1}")
        if result.error:
            raise VanbanError("internal_error", filename,
                              f"OCR trang {result.index + 1}: {result.error[:60]}")
    return results
