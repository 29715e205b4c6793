"""Test helper: turn a markdown-ish seed into plain text (with its bold spans) and into a PDF.

The seeds mark bold with ``**…**`` (``***…***`` bold italic, ``*…*`` italic), links as
``[text](url)``; each source line inside a paragraph is a hard line break. The PDF is set
like a real dispatch: DejaVu Serif 13 pt, justified paragraphs, and the page-1 header as a
two-column table (issuer | national motto, then number | place and date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic": "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARK = re.compile(r"\*\*\*|\*\*|\*")


@dataclass
class Span:
    text: str
    bold: bool
    italic: bool


Line = list[Span]  # one hard line of the seed
Para = list[Line]


def parse_seed(text: str) -> list[Para]:
    """Paragraphs (blank-line separated) of lines of styled spans."""
    paras: list[Para] = []
    for block in re.split(r"\n\s*\n", text):
        raw_lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not raw_lines:
            continue
        bold = italic = False
        para: Para = []
        for raw in raw_lines:
            raw = _LINK.sub(r"\1", raw)
            spans: Line = []
            pos = 0
            for m in _MARK.finditer(raw):
                if m.start() > pos:
                    spans.append(Span(raw[pos : m.start()], bold, italic))
                token = m.group()
                if token == "***":
                    bold, italic = not bold, not italic
                elif token == "**":
                    bold = not bold
                else:
                    italic = not italic
                pos = m.end()
            if pos < len(raw):
                spans.append(Span(raw[pos:], bold, italic))
            para.append(spans)
        paras.append(para)
    return paras


def line_text(line: Line) -> str:
    return re.sub(r"\s+", " ", "".join(s.text for s in line)).strip()


def plain_and_bold(paras: list[Para]) -> tuple[str, list[bool]]:
    """Plain text (one line per hard line, whitespace folded) and a bold flag per character."""
    out: list[str] = []
    mask: list[bool] = []
    for para in paras:
        for line in para:
            chars: list[tuple[str, bool]] = []
            for span in line:
                chars.extend((c, span.bold) for c in span.text)
            # fold whitespace the same way line_text() does, keeping the flags aligned
            folded: list[tuple[str, bool]] = []
            for c, b in chars:
                if c.isspace():
                    if folded and folded[-1][0] != " ":
                        folded.append((" ", b))
                else:
                    folded.append((c, b))
            while folded and folded[-1][0] == " ":
                folded.pop()
            out.append("".join(c for c, _ in folded) + "\n")
            mask.extend([b for _, b in folded] + [False])
    return "".join(out), mask


def _markup(line: Line) -> str:
    parts = []
    for span in line:
        t = escape(span.text)
        if span.bold:
            t = f"<b>{t}</b>"
        if span.italic:
            t = f"<i>{t}</i>"
        parts.append(t)
    return "".join(parts).strip()


def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSerif" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    addMapping("DejaVuSerif", 0, 0, "DejaVuSerif")
    addMapping("DejaVuSerif", 1, 0, "DejaVuSerif-Bold")
    addMapping("DejaVuSerif", 0, 1, "DejaVuSerif-Italic")
    addMapping("DejaVuSerif", 1, 1, "DejaVuSerif-BoldItalic")


def _is_header(paras: list[Para]) -> bool:
    if len(paras) < 4:
        return False
    first = [line_text(p[0]) for p in paras[:4]]
    return (
        first[0].isupper()
        and first[1].startswith(("CỘNG HÒA", "CỘNG HOÀ"))
        and first[2].startswith("Số")
        and " ngày " in first[3]
    )


def render_pdf(paras: list[Para], right_margin_cm: float = 2.0, **encrypt_kw: object) -> bytes:
    """Render the paragraphs to an A4 PDF (justified body, two-column header table)."""
    import io

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    body = ParagraphStyle(
        "body", fontName="DejaVuSerif", fontSize=13, leading=17, alignment=TA_JUSTIFY,
        spaceAfter=4, firstLineIndent=0,
    )
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, spaceAfter=0)
    story: list[object] = []
    rest = paras
    if _is_header(paras):
        cells = [
            [Paragraph("<br/>".join(_markup(ln) for ln in p), centre) for p in paras[0:2]],
            [Paragraph("<br/>".join(_markup(ln) for ln in p), centre) for p in paras[2:4]],
        ]
        table = Table(cells, colWidths=[6.5 * cm, 9.5 * cm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, 0), 14)]))
        story += [table, Spacer(1, 10)]
        rest = paras[4:]
    for para in rest:
        for line in para:
            markup = _markup(line)
            if markup:
                story.append(Paragraph(markup, body))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=3 * cm, rightMargin=right_margin_cm * cm, topMargin=2 * cm,
        bottomMargin=2 * cm, title="seed", **encrypt_kw,
    )
    doc.build(story)
    return buf.getvalue()


def seed_pdf(path: Path, **encrypt_kw: object) -> tuple[bytes, str, list[bool]]:
    """PDF bytes of a seed, plus its expected plain text and per-character bold flags."""
    paras = parse_seed(path.read_text(encoding="utf-8"))
    text, mask = plain_and_bold(paras)
    return render_pdf(paras, **encrypt_kw), text, mask
