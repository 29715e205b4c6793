"""Test helper: small hand-written PDFs with exactly the hostile structure a test needs."""

from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
LINE = b"BT /F1 12 Tf 72 %d Td (Cong van so %d ve viec bao cao) Tj ET\n"


def build(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF whose object ``i + 1`` has body ``objects[i]``, with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, attrs: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), attrs, data)


def pages_pdf(pages: int, *, declared: int | None = None,
              media: tuple[float, float] = (595, 842), lines: int = 1,
              content: bytes | None = None, content_attrs: bytes = b"") -> bytes:
    """``pages`` pages sharing one content stream (``lines`` lines of text) and one font;
    ``declared`` is the page count the page tree claims."""
    if content is None:
        content = b"".join(LINE % (780 - 12 * (k % 60), k) for k in range(lines))
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + k) for k in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages if declared is None
                                                      else declared),
        FONT,
        stream(content, content_attrs),
    ]
    box = b"[0 0 %g %g]" % media
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >>"
                b" /Contents 4 0 R >>" % box] * pages
    return build(objects)


def deflate_zeros(size: int) -> bytes:
    """zlib data that inflates to ``size`` spaces, made without holding them in memory."""
    compressor = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + compressor.compress(b" " * (size % len(block))) + compressor.flush()


def image_only_pdf() -> bytes:
    """One A4 page covered by a plain white image: nothing to read, even by OCR."""
    pixels = zlib.compress(b"\xff" * (100 * 100))
    image = stream(pixels, b"/Type /XObject /Subtype /Image /Width 100 /Height 100 "
                           b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        image,
        stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
    ]
    return build(objects)
