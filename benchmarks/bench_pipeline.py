"""Speed and memory of the pipeline's front half, per stage, on text and PDF input.

Stages: ingest (bytes → SourceText), normalise (→ CleanText), tokenize (underthesea → Doc),
then each spaCy component (parts, metadata, actors, deadlines, …), and end to end. Inputs: the five seeds as text, and the same seeds rendered to
a PDF with reportlab (made here, not shipped). Floors measured in the same run: pdfminer's own
``extract_text`` on the PDF and underthesea ``word_tokenize`` on the text.

Writes ``benchmarks/results/pipeline.json`` and ``pipeline.md``. Run: ``make bench``.
"""

from __future__ import annotations

import io
import json
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("seed-*.txt"))
RESULTS = REPO / "benchmarks" / "results"
REPEATS = 5


def _timed(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _seed_pdf(texts: list[str]) -> bytes:
    """The seeds as one justified PDF, DejaVu fonts (as the tests make it)."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    fonts = Path("/usr/share/fonts/truetype/dejavu")
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(fonts / "DejaVuSerif.ttf")))
    style = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=12, leading=16, alignment=TA_JUSTIFY)
    story = []
    from vanban.nlp.normalize import clean_text

    for text in texts:
        for line in clean_text(text).text.split("\n"):
            story.append(Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), style))
        story.append(PageBreak())
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(story)
    return buf.getvalue()


def main() -> None:
    from pdfminer.high_level import extract_text
    from underthesea import word_tokenize

    from vanban.nlp.ingest import read_document
    from vanban.nlp.normalize import clean_text
    from vanban.nlp.pipeline import default_nlp, run
    from vanban.nlp.process import process

    nlp = default_nlp()
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    raw_bytes = [t.encode("utf-8") for t in texts]
    word_tokenize("khởi động")  # load the CRF model once, outside the timings
    nlp("khởi động")
    pdf = _seed_pdf(texts)

    chars = sum(len(t) for t in texts)
    rows: dict[str, dict[str, float]] = {}

    def record(name: str, seconds: float, n_chars: int, pages: int | None = None) -> None:
        rows[name] = {"seconds": seconds, "chars_per_s": n_chars / seconds}
        if pages:
            rows[name]["ms_per_page"] = 1000 * seconds / pages

    sources = [read_document(b, filename=p.name) for b, p in zip(raw_bytes, SAMPLES, strict=True)]
    record("ingest (text)", _timed(lambda: [read_document(b, filename="x.txt") for b in raw_bytes]), chars)
    cleans = [clean_text(s.text) for s in sources]
    record("normalise", _timed(lambda: [clean_text(s.text) for s in sources]), chars)
    clean_chars = sum(len(c.text) for c in cleans)
    record("tokenize (underthesea → spaCy Doc)", _timed(lambda: [nlp.make_doc(c.text) for c in cleans]), clean_chars)
    docs = [run(nlp, c.text) for c in cleans]
    span_keys = {"vanban_legal_refs": "references", "vanban_deadlines": "deadlines", "vanban_actors": "actors"}
    for name, component in nlp.pipeline:  # each component on already-built Docs (they overwrite)
        record(f"component {name}", _timed(lambda comp=component: [comp(d) for d in docs]), clean_chars)
        if name in span_keys:
            mentions = sum(len(d.spans[span_keys[name]]) for d in docs)
            rows[f"component {name}"]["mentions"] = mentions
            rows[f"component {name}"]["mentions_per_s"] = mentions / rows[f"component {name}"]["seconds"]
    record("floor: underthesea word_tokenize per line", _timed(
        lambda: [word_tokenize(line, use_token_normalize=False) for c in cleans for line in c.text.split("\n") if line]),
        clean_chars)

    pdf_source = read_document(pdf, filename="seeds.pdf")
    pages = pdf_source.pages or 1
    pdf_chars = len(pdf_source.text)
    record("ingest (PDF, pdfminer layout)", _timed(lambda: read_document(pdf, filename="seeds.pdf"), 3), pdf_chars, pages)
    record("floor: pdfminer extract_text", _timed(lambda: extract_text(io.BytesIO(pdf)), 3), pdf_chars, pages)

    record("end to end (PDF → contract)", _timed(lambda: process(pdf, filename="seeds.pdf", nlp=nlp), 3),
           pdf_chars, pages)
    record("end to end (text → contract)", _timed(
        lambda: [process(b, filename="x.txt", nlp=nlp) for b in raw_bytes]), chars)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": __import__("os").cpu_count()},
        "input": {"text_documents": len(texts), "text_chars": chars, "pdf_pages": pages, "pdf_chars": pdf_chars},
        "stages": rows,
        "ratios": {
            "tokenize / underthesea floor": rows["tokenize (underthesea → spaCy Doc)"]["seconds"]
            / rows["floor: underthesea word_tokenize per line"]["seconds"],
            "text end to end / underthesea floor": rows["end to end (text → contract)"]["seconds"]
            / rows["floor: underthesea word_tokenize per line"]["seconds"],
            "PDF ingest / pdfminer floor": rows["ingest (PDF, pdfminer layout)"]["seconds"]
            / rows["floor: pdfminer extract_text"]["seconds"],
        },
        "peak_rss_mb": peak_mb,
        "repeats": REPEATS,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pipeline.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    floor = rows["floor: underthesea word_tokenize per line"]["seconds"]
    lines = ["| stage | chars/s | ms/page | mentions/s | time ÷ underthesea |", "|---|---|---|---|---|"]
    for name, row in rows.items():
        per_page = f"{row['ms_per_page']:.1f}" if "ms_per_page" in row else "–"
        per_mention = f"{row['mentions_per_s']:,.0f} ({row['mentions']})" if "mentions" in row else "–"
        ratio = f"{row['seconds'] / floor:.2f}" if name.startswith(("component", "tokenize")) else "–"
        lines.append(f"| {name} | {row['chars_per_s']:,.0f} | {per_page} | {per_mention} | {ratio} |")
    lines += ["", *(f"- {k}: {v:.2f}×" for k, v in result["ratios"].items()), f"- peak RSS: {peak_mb:.0f} MB"]
    (RESULTS / "pipeline.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
