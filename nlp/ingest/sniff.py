"""What kind of document the bytes are, from their content (never the file name)."""

from __future__ import annotations

import io
import zipfile
import zlib
from enum import StrEnum


class Kind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"
    DOC = "doc"  # legacy Word (OLE2 compound file with a WordDocument stream)
    RTF = "rtf"  # often what a ".doc" really is; LibreOffice reads it like a .doc
    TEXT = "text"
    BROKEN_ZIP = "broken_zip"  # starts like a zip (docx/odt) but the archive cannot be read
    ENCRYPTED_OFFICE = "encrypted_office"  # OLE2 holding an encrypted OOXML package
    UNKNOWN = "unknown"


MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.ODT: "application/vnd.oasis.opendocument.text",
    Kind.DOC: "application/msword",
    Kind.RTF: "application/rtf",
    Kind.TEXT: "text/plain",
}

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIME = b"application/vnd.oasis.opendocument.text"
# Other formats a user may upload by mistake, named in the error (first bytes → name).
_KNOWN_OTHER = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7z",
    b"\x1f\x8b": "gzip",
}
# What zipfile raises on a damaged archive: bad headers, a member that fails to inflate
# (zlib.error) or its CRC, an unknown compression method, an encrypted member (RuntimeError).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, ValueError,
              NotImplementedError, RuntimeError)
_TEXT_CONTROLS = set(b"\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker in old text files


def _zip_kind(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if "word/document.xml" in names or b"wordprocessingml.document.main+xml" in types:
                return Kind.DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIME:
                return Kind.ODT
            if "content.xml" in names and b"opendocument.text" in data[:200]:
                return Kind.ODT
    except ZIP_ERRORS:
        return Kind.BROKEN_ZIP
    return Kind.UNKNOWN


def _ole_kind(data: bytes) -> Kind:
    # Directory entries store stream names in UTF-16LE; a cheap scan finds them.
    if "WordDocument".encode("utf-16-le") in data:
        return Kind.DOC
    if "EncryptedPackage".encode("utf-16-le") in data:
        return Kind.ENCRYPTED_OFFICE
    if ole_other(data):
        return Kind.UNKNOWN
    # no directory we can read: most likely a damaged .doc; LibreOffice gets to say
    return Kind.DOC


def ole_other(data: bytes) -> str:
    """Name of a non-Word OLE2 format (Excel, PowerPoint, Outlook), or ''."""
    for stream, name in (("Workbook", "XLS"), ("PowerPoint Document", "PPT"),
                         ("__properties_version1.0", "MSG")):
        if stream.encode("utf-16-le") in data:
            return name
    return ""


def looks_like_text(data: bytes) -> bool:
    """Plain text in some encoding: UTF-16 with a BOM, or 8-bit text with few control bytes.

    Legacy VPS text puts some capitals in C0 control bytes, so a few are tolerated.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return len(data) % 2 == 0
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls <= 0.02 * len(sample)


def other_format(data: bytes) -> str:
    """Name of a known unsupported format, or ''."""
    for magic, name in _KNOWN_OTHER.items():
        if data.startswith(magic):
            return name
    if data.startswith(OLE2):
        return ole_other(data)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    return ""


def sniff(data: bytes) -> Kind:
    """The document kind of ``data``."""
    head = data[:1024]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return Kind.PDF
    if b"%PDF-" in head and not looks_like_text(head):
        return Kind.PDF  # a little binary junk may precede the header (PDF 32000 §7.5.2)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(OLE2):
        return _ole_kind(data)
    if data.startswith(b"{\\rtf"):
        return Kind.RTF
    if other_format(data):
        return Kind.UNKNOWN
    if looks_like_text(data):
        return Kind.TEXT
    return Kind.UNKNOWN
