"""A seeded corruption corpus: damaged PDFs and DOCX made from real samples.

Every case is ``(kind, mutation, seed, bytes)``; the same seed always gives the same bytes, so a
failure names a case that anyone can rebuild with ``make_case``. Bases are the repo's samples
rendered as PDF (``tests/ingest/seedpdf.py``) and DOCX (python-docx), plus a few real PDFs read in
place from ``shared/corpus/raw``.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.ingest.seedpdf import parse_seed, render_pdf

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("seed-*.txt"))
# Real PDFs with a text layer (no OCR needed when undamaged), read in place.
RAW_PDFS = ("qngai-001.pdf",)  # signed, two pages, signature-field appearances
RAW_SHARE = 10  # one case in ten damages a real PDF (they take ten times longer to read)
MAX_SAMPLE_LINES = 20  # one-page bases keep 2,000 cases inside the time budget


@dataclass(frozen=True)
class Case:
    kind: str  # "pdf" | "docx"
    mutation: str
    seed: int
    base: str
    data: bytes

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.mutation}-{self.seed}-{self.base}"

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.kind}"


def _sample_text(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[:MAX_SAMPLE_LINES])


@cache
def pdf_bases() -> tuple[tuple[str, bytes], ...]:
    return tuple((p.stem, render_pdf(parse_seed(_sample_text(p)))) for p in SAMPLES)


@cache
def raw_pdf_bases(raw_dir: Path) -> tuple[tuple[str, bytes], ...]:
    return tuple((Path(n).stem, (raw_dir / n).read_bytes()) for n in RAW_PDFS)


def _docx_from_text(text: str) -> bytes:
    from docx import Document

    doc = Document()
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    header, body = paras[:4], paras[4:]
    table = doc.add_table(rows=2, cols=2)
    for i, para in enumerate(header):
        cell = table.cell(i // 2, i % 2)
        cell.paragraphs[0].add_run(para.replace("*", "").strip()).bold = i < 2
    for para in body:
        p = doc.add_paragraph()
        for k, line in enumerate(para.splitlines()):
            run = p.add_run(line.replace("*", "").strip())
            run.bold = line.startswith("**")
            if k:
                run.add_break()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@cache
def docx_bases() -> tuple[tuple[str, bytes], ...]:
    return tuple((p.stem, _docx_from_text(_sample_text(p))) for p in SAMPLES)


# ------------------------------------------------------------------ byte-level mutations


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 32, 256))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    size = rng.randrange(1, max(2, len(data) // rng.choice((4, 20, 200))))
    return data[:start] + data[start + size :]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randrange(1, max(2, len(data) // 10))]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.choice((1, 2, 5)) + data[at:]


# ------------------------------------------------------------------ PDF structure


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    """Offsets in the xref table shifted or scrambled, or the keyword or table gone."""
    pos = data.rfind(b"xref")
    if pos < 0:
        return flip_bytes(data, rng)
    choice = rng.randrange(4)
    if choice == 0:  # the keyword gone
        return data[:pos] + b"xxxx" + data[pos + 4 :]
    if choice == 1:  # startxref points elsewhere
        return re.sub(rb"startxref\s+\d+", b"startxref %d" % rng.randrange(len(data) * 2), data)
    end = data.find(b"trailer", pos)
    table = bytearray(data[pos:end])
    digits = [i for i, b in enumerate(table) if 48 <= b <= 57]
    for i in rng.sample(digits, min(len(digits), rng.choice((1, 10, 100)))):
        table[i] = rng.randrange(48, 58)
    if choice == 3:  # rows dropped
        rows = bytes(table).split(b"\n")
        keep = [r for r in rows if rng.random() > 0.3]
        table = bytearray(b"\n".join(keep))
    return data[:pos] + bytes(table) + data[end:]


def damage_trailer(data: bytes, rng: random.Random) -> bytes:
    """The trailer dictionary loses or garbles /Root, /Size or its brackets."""
    pos = data.rfind(b"trailer")
    if pos < 0:
        return truncate(data, rng)
    head, tail = data[:pos], data[pos:]
    damage = rng.choice((
        lambda t: re.sub(rb"/Root\s+\d+\s+\d+\s+R", b"", t),
        lambda t: re.sub(rb"/Root\s+\d+", b"/Root 99999", t),
        lambda t: re.sub(rb"/Size\s+\d+", b"/Size -3", t),
        lambda t: t.replace(b">>", b"", 1),
        lambda t: t.replace(b"<<", b"[[", 1),
        lambda t: re.sub(rb"/Info\s+\d+", b"/Info 0", t),
    ))
    return head + damage(tail)


def damage_stream(data: bytes, rng: random.Random) -> bytes:
    """Bytes flipped inside one stream (compressed content, fonts, images)."""
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    if not starts:
        return flip_bytes(data, rng)
    start = rng.choice(starts)
    end = data.find(b"endstream", start)
    end = end if end > start else len(data)
    out = bytearray(data)
    for _ in range(rng.choice((1, 8, 64))):
        out[rng.randrange(start, max(start + 1, end))] = rng.randrange(256)
    return bytes(out)


def damage_object(data: bytes, rng: random.Random) -> bytes:
    """An object's header or dictionary garbled (wrong number, lost ``endobj``, bad key)."""
    objs = [m.start() for m in re.finditer(rb"\d+ 0 obj", data)]
    if not objs:
        return flip_bytes(data, rng)
    at = rng.choice(objs)
    tail = data[at:]
    damage = rng.choice((
        lambda t: re.sub(rb"^\d+", b"77777", t),
        lambda t: t.replace(b"endobj", b"", 1),
        lambda t: t.replace(b"/Type", b"/Tpye", 1),
        lambda t: t.replace(b"/Length", b"/Length 99999999 %", 1),
        lambda t: t.replace(b"/Kids", b"/Kids [1 0 R 1 0 R] %", 1),
        lambda t: t.replace(b"/Filter", b"/Filter /LZWDecode %", 1),
    ))
    return data[:at] + damage(tail)


# ------------------------------------------------------------------ DOCX (zip) structure


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a renamed member may duplicate a name: wanted here
        for name, body in members:
            archive.writestr(name, body)
    return buf.getvalue()


def corrupt_member(data: bytes, rng: random.Random) -> bytes:
    """Compressed bytes of one member flipped in place (its CRC no longer matches)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    # local header: 30 bytes + name + extra, then the compressed data
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 16))):
        if info.compress_size:
            out[start + rng.randrange(info.compress_size)] = rng.randrange(256)
    return bytes(out)


def delete_member(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    drop = rng.randrange(len(members))
    return _zip([(i.filename, b) for k, (i, b) in enumerate(members) if k != drop])


def rename_member(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    k = rng.randrange(len(members))
    new = rng.choice(("word/Document.xml", "word/document.xml.bak", "x/" + members[k][0].filename,
                      members[(k + 1) % len(members)][0].filename))
    return _zip([((new if n == k else i.filename), b) for n, (i, b) in enumerate(members)])


def _xml_damage(body: bytes, rng: random.Random) -> bytes:
    text = body
    choice = rng.randrange(7)
    if choice == 0:  # cut short
        return text[: rng.randrange(len(text) + 1)]
    if choice == 1:  # an unbalanced tag
        at = rng.randrange(len(text))
        return text[:at] + b"<w:p><w:r>" + text[at:]
    if choice == 2:  # junk bytes, invalid UTF-8 included
        at = rng.randrange(len(text))
        return text[:at] + bytes(rng.randrange(256) for _ in range(16)) + text[at:]
    if choice == 3:  # an external entity (XXE) and its use
        doctype = (b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
                   b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
        decl_end = text.find(b"?>") + 2
        body2 = text[:decl_end] + doctype + text[decl_end:]
        return body2.replace(b"<w:t>", b"<w:t>&xxe;&b;", 1)
    if choice == 4:  # the namespace changed: nothing is a Word element any more
        return text.replace(b"schemas.openxmlformats.org/wordprocessingml", b"example.org/x", 1)
    if choice == 5:  # an attribute value a reader parses as a number, garbled
        return re.sub(rb'w:(val|id|char)="[^"]*"', b'w:\\1="zz\xff"', text, count=5)
    return b""  # emptied


def damage_xml(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    xml = [k for k, (i, _b) in enumerate(members) if i.filename.endswith((".xml", ".rels"))]
    k = rng.choice(xml)
    return _zip([(i.filename, _xml_damage(b, rng) if n == k else b)
                 for n, (i, b) in enumerate(members)])


PDF_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate, "flip": flip_bytes, "delete": delete_chunk,
    "duplicate": duplicate_chunk, "xref": damage_xref, "trailer": damage_trailer,
    "stream": damage_stream, "object": damage_object,
}  # fmt: skip
DOCX_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate, "flip": flip_bytes, "delete": delete_chunk,
    "duplicate": duplicate_chunk, "member": corrupt_member, "drop_member": delete_member,
    "rename_member": rename_member, "xml": damage_xml,
}  # fmt: skip


def make_case(kind: str, seed: int, raw_dir: Path | None = None) -> Case:
    """Case ``seed`` of ``kind``: mutation and base chosen round-robin, damage by the seed."""
    mutations = PDF_MUTATIONS if kind == "pdf" else DOCX_MUTATIONS
    names = list(mutations)
    mutation = names[seed % len(names)]
    round_ = seed // len(names)
    if kind == "pdf" and raw_dir is not None and round_ % RAW_SHARE == RAW_SHARE - 1:
        bases = raw_pdf_bases(raw_dir)
    else:
        bases = pdf_bases() if kind == "pdf" else docx_bases()
    base_name, base = bases[round_ % len(bases)]
    rng = random.Random(f"{kind}:{seed}")
    return Case(kind, mutation, seed, base_name, mutations[mutation](base, rng))


def cases(kind: str, count: int, raw_dir: Path | None = None, start: int = 0,
          step: int = 1) -> Iterator[Case]:
    for seed in range(start, start + count, step):
        yield make_case(kind, seed, raw_dir)
