"""Plain-text bytes → SourceText.

Unicode is recognised by its BOM (UTF-8, UTF-16) or by decoding as strict UTF-8. Anything
else is an 8-bit file, most likely typed in a legacy Vietnamese font (TCVN3/ABC ``.VnTime``,
VNI-Times). Those are *not* converted here: normalisation does it with viparse, whose tables
key each byte by the character it has in Windows-1252/Latin-1 (``0xB5`` → ``µ``). So the
fallback decodes byte for byte as Windows-1252, taking the Latin-1 character for the five
bytes 1252 leaves undefined, which never fails and keeps every byte recoverable.
"""

from __future__ import annotations

import codecs
import unicodedata

from vanban.nlp.types import Line, SourceText

MEDIA_TYPE = "text/plain"


def _cp1252_table() -> str:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D
            chars.append(chr(byte))
    return "".join(chars)


_SINGLE_BYTE = _cp1252_table()


def decode_single_byte(data: bytes) -> str:
    """Windows-1252 with a Latin-1 fallback for its undefined bytes (total, reversible)."""
    return "".join(_SINGLE_BYTE[b] for b in data)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the name of the encoding it was read with."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_single_byte(data), "cp1252"


def read_text(data: bytes, filename: str) -> SourceText:
    """Decode a text file; one ``Line`` per non-blank line.

    ``\\r\\n`` and ``\\r`` become ``\\n``; the text is NFC, otherwise as decoded.
    """
    text, _encoding = decode(data)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[Line] = []
    pos = 0
    for part in text.split("\n"):
        start, end = pos, pos + len(part)
        while start < end and text[start] in "\f\v":  # page breaks are not line content
            start += 1
        if text[start:end].strip():
            lines.append(Line(start=start, end=end))
        pos = end + 1
    return SourceText(text=text, media_type=MEDIA_TYPE, lines=lines)
