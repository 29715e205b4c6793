"""DOCX → SourceText with python-docx: body order, line breaks, bold, footnotes.

python-docx's ``Document.paragraphs`` skips tables and ``Table.rows[i].cells`` repeats merged
cells, so the body XML is walked directly: paragraphs and tables in document order, a table
row by row and cell by cell, each cell paragraph (and each manual line break) a line.

Safety: python-docx parses with ``resolve_entities=False`` (no external entities, no entity
expansion) but reads *every* part into memory on open, so a zip bomb is refused first by the
sizes the archive declares (zipfile never inflates a member past its declared size).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest.assemble import RawLine, build_source
from vanban.nlp.ingest.sniff import ZIP_ERRORS
from vanban.nlp.types import SourceText

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_PART_BYTES = 50 * 1024 * 1024
# XML parts are parsed into trees several times their size (a 217 KB file of tiny runs took
# python-docx 43 s and 1.3 GB): a long law's document.xml is ~10 MB.
MAX_XML_PART_BYTES = 25 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
# Elements whose children are walked for blocks (paragraphs, tables).
_BLOCK_CONTAINERS = {_W + t for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")}
# Elements inside a paragraph whose children are walked for runs.
_RUN_CONTAINERS = {_W + t for t in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt",
                                    "sdtContent", "customXml", "moveTo", "dir", "bdo")}
_OFF = {"0", "false", "off", "none"}


def check_archive(data: bytes, filename: str) -> None:
    """Refuse archives that would inflate past sane sizes (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise VanbanError("corrupt_docx", filename, type(exc).__name__) from exc
    # a zip bomb is not damaged, it is too big: the user should hear that
    if len(infos) > MAX_MEMBERS:
        raise VanbanError("too_large", filename, f"{len(infos)} members")
    total = 0
    for info in infos:
        is_xml = info.filename.lower().endswith((".xml", ".rels"))
        if info.file_size > (MAX_XML_PART_BYTES if is_xml else MAX_PART_BYTES):
            raise VanbanError("too_large", filename, f"{info.filename}: {info.file_size} B")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise VanbanError("too_large", filename, f"{total} B")


def _on(element: Any) -> bool:
    """Value of an OOXML on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    return (element.get(_W + "val") or "true").lower() not in _OFF


class _Styles:
    """Bold as styles give it: style chains (basedOn) and the document defaults."""

    def __init__(self, styles_element: Any | None) -> None:
        self.bold: dict[str, bool | None] = {}
        self.based_on: dict[str, str] = {}
        self.default_para: str | None = None
        self.doc_default: bool = False
        if styles_element is None:
            return
        b = styles_element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}b")
        self.doc_default = b is not None and _on(b)
        for style in styles_element.iterchildren(_W + "style"):
            sid = style.get(_W + "styleId")
            if not sid:
                continue
            b = style.find(f"{_W}rPr/{_W}b")
            self.bold[sid] = None if b is None else _on(b)
            base = style.find(_W + "basedOn")
            if base is not None and base.get(_W + "val"):
                self.based_on[sid] = base.get(_W + "val")
            if style.get(_W + "type") == "paragraph" and _on_attr(style.get(_W + "default")):
                self.default_para = sid

    def chain(self, sid: str | None) -> bool | None:
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            value = self.bold.get(sid)
            if value is not None:
                return value
            sid = self.based_on.get(sid)
        return None


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


@dataclass
class _Reader:
    styles: _Styles
    lines: list[RawLine] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)  # footnote ids in reference order

    # ---------------------------------------------------------------- blocks
    def blocks(self, element: Any) -> None:
        for child in element.iterchildren():
            if child.tag == _W + "p":
                self.paragraph(child)
            elif child.tag in _BLOCK_CONTAINERS:
                self.blocks(child)

    def paragraph(self, p: Any) -> None:
        pstyle_el = p.find(f"{_W}pPr/{_W}pStyle")
        pstyle = pstyle_el.get(_W + "val") if pstyle_el is not None else self.styles.default_para
        para_bold = self.styles.chain(pstyle)
        current: list[tuple[str, bool]] = []
        boxes: list[Any] = []
        for run in self._runs(p):
            run_bold = self._run_bold(run, para_bold)
            for item in run.iterchildren():
                tag = item.tag
                if tag == _W + "t":
                    # tails too: an unresolved entity reference splits the text node
                    text = (item.text or "") + "".join(child.tail or "" for child in item)
                    current += [(ch, run_bold) for ch in text]
                elif tag in (_W + "tab", _W + "ptab"):
                    current.append(("\t", run_bold))
                elif tag in (_W + "br", _W + "cr"):
                    self._emit(current)
                    current = []
                elif tag == _W + "noBreakHyphen":
                    current.append(("-", run_bold))
                elif tag == _W + "sym":
                    char = chr(int(item.get(_W + "char", "0"), 16))
                    if not 0xE000 <= ord(char) <= 0xF8FF:  # symbol-font glyphs map nowhere
                        current.append((char, run_bold))
                elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                    kind = "f" if tag == _W + "footnoteReference" else "e"
                    self.note_refs.append(kind + str(item.get(_W + "id")))  # mark dropped
                elif tag in (_W + "drawing", _W + "pict") or tag == _MC + "AlternateContent":
                    boxes += _text_boxes(item)
        self._emit(current)
        for box in boxes:  # text-box content follows the paragraph that anchors it
            self.blocks(box)

    def _emit(self, chars: list[tuple[str, bool]]) -> None:
        text = "".join(c for c, _ in chars)
        ink = [b for c, b in chars if not c.isspace()]
        if text.strip():
            self.lines.append(RawLine(text, bold=bool(ink) and sum(ink) * 2 > len(ink)))

    def _runs(self, element: Any) -> Iterator[Any]:
        for child in element.iterchildren():
            tag = child.tag
            if tag == _W + "r":
                rpr = child.find(_W + "rPr")
                vanish = rpr.find(_W + "vanish") if rpr is not None else None
                if vanish is None or not _on(vanish):  # hidden text is not shown
                    yield child
            elif tag in _RUN_CONTAINERS:
                yield from self._runs(child)
            elif tag == _MC + "AlternateContent":
                choice = child.find(_MC + "Choice")
                if choice is not None:
                    yield from self._runs(choice)
            # w:del, w:moveFrom (deleted text), pPr, bookmarks…: nothing to read

    def _run_bold(self, run: Any, para_bold: bool | None) -> bool:
        rpr = run.find(_W + "rPr")
        if rpr is not None:
            b = rpr.find(_W + "b")
            if b is not None:
                return _on(b)
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None:
                value = self.styles.chain(rstyle.get(_W + "val"))
                if value is not None:
                    return value
        if para_bold is not None:
            return para_bold
        return self.styles.doc_default


def _text_boxes(element: Any) -> list[Any]:
    """Outermost ``w:txbxContent`` under a drawing (DrawingML choice only: the VML fallback
    repeats the same text)."""
    if element.tag == _MC + "AlternateContent":
        choice = element.find(_MC + "Choice")
        if choice is None:
            return []
        element = choice
    boxes = []
    for box in element.iter(_W + "txbxContent"):
        parent = box.getparent()
        nested = False
        while parent is not None and parent is not element:
            if parent.tag == _W + "txbxContent":
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            boxes.append(box)
    return boxes


def _notes(document: Any, reltype: str, styles: _Styles, prefix: str) -> dict[str, str]:
    """Bodies of the footnotes (or endnotes) part, by id, without their reference marks."""
    from docx.oxml import parse_xml  # the same entity-safe parser python-docx uses

    bodies: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.iterchildren():
            if note.get(_W + "type") in {"separator", "continuationSeparator",
                                         "continuationNotice"}:
                continue
            reader = _Reader(styles)
            reader.blocks(note)
            text = "\n".join(line.text.strip() for line in reader.lines).strip()
            if text:
                bodies[prefix + str(note.get(_W + "id"))] = text
    return bodies


def read_docx(data: bytes, filename: str, *, media_type: str = MEDIA_TYPE) -> SourceText:
    """Read a DOCX package (or one LibreOffice converted from DOC/ODT)."""
    import docx

    check_archive(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
        reader = _Reader(_Styles(document.styles.element))
        reader.blocks(document.element.body)
        notes = _notes(document, _RT_FOOTNOTES, reader.styles, "f")
        notes |= _notes(document, _RT_ENDNOTES, reader.styles, "e")
    except (VanbanError, MemoryError):
        raise
    except Exception as exc:  # PackageNotFoundError, KeyError, XMLSyntaxError, …
        raise VanbanError("corrupt_docx", filename, type(exc).__name__) from exc
    ordered = list(dict.fromkeys(ref for ref in reader.note_refs if ref in notes))
    ordered += [key for key in notes if key not in ordered]  # unreferenced ones last
    source = build_source([reader.lines], media_type=media_type,
                          footnotes=[notes[key] for key in ordered])
    if not source.text.strip():
        raise VanbanError("no_text", filename)
    return source
