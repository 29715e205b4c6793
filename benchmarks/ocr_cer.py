"""Character error rate of OCR before and after ``ocr_correct``, on degraded renders of the seeds.

Each seed is set as a PDF (the test helper ``tests/ingest/seedpdf.py``: DejaVu Serif, justified,
two-column header), rendered at 150 dpi, slightly rotated, blurred, noised and JPEG-compressed
with Pillow, put back into an image-only PDF, and read by the ingest OCR path
(``vanban.nlp.ingest.ocr``). The reference is the seed's plain text. Whitespace is folded on
both sides; CER = Levenshtein distance / reference length (rapidfuzz).

    .venv/bin/python benchmarks/ocr_cer.py          # writes benchmarks/results/ocr_cer.{json,md}
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

from PIL import Image, ImageFilter
from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.ingest.seedpdf

from vanban.nlp.ingest import ocr  # noqa: E402
from vanban.nlp.ingest.ocr_correct import correct  # noqa: E402

from tests.ingest.seedpdf import seed_pdf  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"
OUT = REPO / "benchmarks" / "results"
DPI = 150
ROTATE_DEG = 0.4
BLUR_RADIUS = 0.6
NOISE_ALPHA = 0.10  # share of uniform noise blended into each pixel
JPEG_QUALITY = 40


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def cer(hypothesis: str, reference: str) -> float:
    return Levenshtein.distance(hypothesis, reference) / max(1, len(reference))


def degrade(image: Image.Image, rng: random.Random) -> Image.Image:
    """A cheap office scan: skew, soft focus, sensor noise, heavy JPEG."""
    image = image.rotate(ROTATE_DEG, resample=Image.Resampling.BICUBIC, expand=False,
                         fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    noise = Image.frombytes("L", image.size, rng.randbytes(image.size[0] * image.size[1]))
    image = Image.blend(image, noise, NOISE_ALPHA)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scanned_pdf(pdf: bytes, rng: random.Random) -> tuple[bytes, int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = [degrade(document[i].render(scale=DPI / 72, grayscale=True).to_pil(), rng)
                 for i in range(len(document))]
    finally:
        document.close()
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return buf.getvalue(), len(pages)


def measure(seed: Path, rng: random.Random) -> dict[str, object]:
    pdf, reference, _ = seed_pdf(seed)
    scan, pages = scanned_pdf(pdf, rng)
    start = time.perf_counter()
    results = ocr.ocr_pdf_pages(scan, list(range(pages)), filename=seed.name)
    seconds = time.perf_counter() - start
    raw_lines = [f.text for page in results for f in page.lines]
    fixed_lines = [correct(line) for line in raw_lines]
    before, after, ref = fold("\n".join(raw_lines)), fold("\n".join(fixed_lines)), fold(reference)
    changed_words = sum(
        sum(a != b for a, b in zip(x.split(), y.split(), strict=False))
        for x, y in zip(raw_lines, fixed_lines, strict=True)
    )
    return {
        "seed": seed.name,
        "pages": pages,
        "reference_chars": len(ref),
        "cer_before": round(cer(before, ref), 5),
        "cer_after": round(cer(after, ref), 5),
        "cer_before_no_diacritics": round(cer(strip_marks(before), strip_marks(ref)), 5),
        "cer_after_no_diacritics": round(cer(strip_marks(after), strip_marks(ref)), 5),
        "words_changed_by_correction": changed_words,
        "ocr_seconds": round(seconds, 2),
    }


def main() -> None:
    rng = random.Random(20261122)  # same noise on every run
    rows = [measure(seed, rng) for seed in sorted(SEEDS.glob("*.txt"))]
    total_chars = sum(int(r["reference_chars"]) for r in rows)

    def weighted(key: str) -> float:
        return round(sum(float(r[key]) * int(r["reference_chars"]) for r in rows) / total_chars, 5)

    total = {key: weighted(key) for key in ("cer_before", "cer_after",
                                            "cer_before_no_diacritics", "cer_after_no_diacritics")}
    total |= {"pages": sum(int(r["pages"]) for r in rows), "reference_chars": total_chars,
              "words_changed_by_correction": sum(int(r["words_changed_by_correction"])
                                                 for r in rows),
              "ocr_seconds": round(sum(float(r["ocr_seconds"]) for r in rows), 2)}
    settings = {"dpi": DPI, "rotate_deg": ROTATE_DEG, "blur_radius": BLUR_RADIUS,
                "noise_alpha": NOISE_ALPHA, "jpeg_quality": JPEG_QUALITY,
                "ocr_render_dpi": ocr.DPI, "tesseract_lang": ocr.LANG}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ocr_cer.json").write_text(
        json.dumps({"settings": settings, "seeds": rows, "total": total}, ensure_ascii=False,
                   indent=2) + "\n", encoding="utf-8")
    lines = [
        "# OCR character error rate, before and after `ocr_correct`",
        "",
        f"Seeds rendered at {DPI} dpi, rotated {ROTATE_DEG}°, blur {BLUR_RADIUS}, "
        f"{int(NOISE_ALPHA * 100)} % noise, JPEG q{JPEG_QUALITY}; OCR at {ocr.DPI} dpi, "
        f"Tesseract `{ocr.LANG}`. Whitespace folded; CER = Levenshtein / reference length.",
        "",
        "| seed | pages | chars | CER before | CER after | no-diacritics before | "
        "no-diacritics after | words changed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in [*rows, {"seed": "**all**", **total}]:
        lines.append(
            f"| {r['seed']} | {r['pages']} | {r['reference_chars']} | "
            f"{float(r['cer_before']):.3%} | {float(r['cer_after']):.3%} | "
            f"{float(r['cer_before_no_diacritics']):.3%} | "
            f"{float(r['cer_after_no_diacritics']):.3%} | {r['words_changed_by_correction']} |")
    (OUT / "ocr_cer.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
