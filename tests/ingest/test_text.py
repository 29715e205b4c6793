"""Plain text: Unicode in its usual forms, and legacy 8-bit files left for viparse to repair."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import viparse
from vanban.nlp.ingest import read_document
from vanban.nlp.ingest.text import decode_single_byte
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI


def seed_sentence(shared_dir: Path) -> str:
    text = (shared_dir / "seeds" / "000_abd13d51f9f25cb6.txt").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.startswith("Thực hiện Công văn"))
    return " ".join(sentence.split())


def legacy_bytes(text: str, charmap: object) -> bytes:
    """Encode Unicode text with viparse's own table, as a pre-Unicode editor would have.

    TCVN3 has no upper-case accented letters: headings were typed with the lower-case codes
    in an upper-case font, so those fall back to the lower-case code.
    """
    table: dict[str, str] = {}
    for source, target in charmap.pairs:  # type: ignore[attr-defined]
        table.setdefault(target, source)
    out = []
    for ch in text:
        out.append(table.get(ch) or table.get(ch.lower()) or ch)
    return "".join(out).encode("latin-1")


def test_text_utf8_corpus_file(raw_dir: Path) -> None:
    data = (raw_dir / "tvpl-001.txt").read_bytes()
    source = read_document(data, filename="tvpl-001.txt")
    assert source.media_type == "text/plain"
    assert source.text == unicodedata.normalize("NFC", data.decode("utf-8").replace("\r\n", "\n"))
    assert "11554/VPCP-V.I" in source.text
    first = source.lines[0]
    assert source.text[first.start : first.end].strip() == source.text.split("\n")[0].strip()
    assert all(source.text[ln.start : ln.end].strip() for ln in source.lines)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_text_bom_and_utf16(shared_dir: Path, encoding: str) -> None:
    sentence = seed_sentence(shared_dir)
    data = sentence.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    source = read_document(data, filename="x.txt")
    assert source.text == sentence


def test_text_crlf_nfd_and_form_feed() -> None:
    raw = unicodedata.normalize("NFD", "Kính gửi:\r\nSở Nội vụ\r\n\fTrang hai\r\n")
    source = read_document(raw.encode("utf-8"), filename="x.txt")
    assert source.text == "Kính gửi:\nSở Nội vụ\n\fTrang hai\n"
    assert [source.text[ln.start : ln.end] for ln in source.lines] == [
        "Kính gửi:", "Sở Nội vụ", "Trang hai"]


@pytest.mark.parametrize(("charmap", "name"), [(TCVN3, "tcvn3"), (VNI, "vni")])
def test_text_legacy_encoding_detected_by_viparse(shared_dir: Path, charmap: object,
                                                   name: str) -> None:
    sentence = seed_sentence(shared_dir)
    data = legacy_bytes(sentence, charmap)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really an 8-bit file
    source = read_document(data, filename="cu.txt")
    assert viparse.detect_text_encoding(source.text) == name
    repaired = viparse.fix(source.text)
    # TCVN3 restores capitals only where the table has them; compare without case
    assert repaired.casefold() == sentence.casefold()


def test_text_single_byte_decode_keeps_every_byte() -> None:
    data = bytes(range(32, 256))
    text = decode_single_byte(data)
    assert len(text) == len(data)
    assert text[0xB5 - 32] == "µ"  # TCVN3 "à"
    assert text[0x93 - 32] == "\u201c"  # Windows-1252 quote, not a C1 control
    assert text[0x81 - 32] == "\x81"  # undefined in 1252: kept as Latin-1
