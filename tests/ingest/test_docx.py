"""DOCX: a real file, one built here (header table, bold, footnote), hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from vanban.nlp.errors import VanbanError
from vanban.nlp.ingest import read_document
from vanban.nlp.ingest.docx import MEDIA_TYPE, read_docx
from vanban.nlp.types import SourceText

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE = "Sáng kiến được công nhận theo Nghị định số 13/2012/NĐ-CP."


def lines_of(source: SourceText) -> list[str]:
    return [source.text[line.start : line.end] for line in source.lines]


def build_dispatch() -> bytes:
    """A dispatch as an office would type it: header in a borderless 2×2 table, a bold
    paragraph style, bold runs, a manual line break and one footnote."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    issuer = table.cell(0, 0).paragraphs[0]
    issuer.add_run("ỦY BAN NHÂN DÂN").bold = True
    table.cell(0, 0).add_paragraph().add_run("TỈNH THÁI BÌNH").bold = True
    motto = table.cell(0, 1).paragraphs[0]
    motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    table.cell(0, 1).add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    table.cell(1, 0).paragraphs[0].add_run("Số: 2290/UBND-NCKS")
    table.cell(1, 1).paragraphs[0].add_run("Thái Bình, ngày 19 tháng 7 năm 2023").italic = True

    heading = doc.styles.add_style("TieuDe", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True  # bold comes from the style, not from the runs
    doc.add_paragraph("Về việc nâng cao chất lượng công tác thi đua", style="TieuDe")
    body = doc.add_paragraph("Các cơ quan, đơn vị triển khai sáng kiến")
    ref = body.add_run()
    ref._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="1"/>'))
    body.add_run(" trong năm 2023.")
    mixed = doc.add_paragraph()
    mixed.add_run("1. ").bold = True
    mixed.add_run("Quán triệt, triển khai thực hiện đầy đủ các nội dung tại Công văn số 1322")
    closing = doc.add_paragraph()
    run = closing.add_run("CHỦ TỊCH")
    run.bold = True
    run.add_break()
    closing.add_run("Nguyễn Khắc Thận").bold = True

    notes = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, blob in (add or {}).items():
            dst.writestr(name, blob)
    return out.getvalue()


def test_docx_real_file_body_text(raw_dir: Path) -> None:
    source = read_document((raw_dir / "qlvb-011.docx").read_bytes(), filename="qlvb-011.docx")
    assert source.media_type == MEDIA_TYPE
    lines = lines_of(source)
    assert lines[1] == "- Uỷ ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;"
    assert "3364/BTTTT-ƯDCNTT ngày 17/10/2008" in source.text
    assert any(t.startswith("1) Bổ sung vào sau mục 4 phần I") for t in lines)
    assert source.pages is None and source.signature is None
    assert source.text.endswith("\n") and "\n\n" not in source.text


def test_docx_header_table_cells_in_order_and_bold() -> None:
    source = read_document(build_dispatch(), filename="cong-van.docx")
    lines = lines_of(source)
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH THÁI BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 2290/UBND-NCKS",
        "Thái Bình, ngày 19 tháng 7 năm 2023",
    ]
    bold = {text: line.bold for text, line in zip(lines, source.lines, strict=True)}
    assert bold["ỦY BAN NHÂN DÂN"] and bold["Độc lập - Tự do - Hạnh phúc"]
    assert not bold["Số: 2290/UBND-NCKS"]
    assert bold["Về việc nâng cao chất lượng công tác thi đua"]  # from the paragraph style
    assert not bold["1. Quán triệt, triển khai thực hiện đầy đủ các nội dung tại Công văn số 1322"]
    # a manual line break makes two lines, both bold
    assert lines[-2:] == ["CHỦ TỊCH", "Nguyễn Khắc Thận"]
    assert source.lines[-1].bold and source.lines[-2].bold


def test_docx_footnote_body_out_of_text_and_mark_dropped() -> None:
    source = read_document(build_dispatch(), filename="cong-van.docx")
    assert source.footnotes == [FOOTNOTE]
    assert "Sáng kiến được công nhận" not in source.text
    assert "Các cơ quan, đơn vị triển khai sáng kiến trong năm 2023." in lines_of(source)


def test_docx_media_type_kept_for_converted_files() -> None:
    source = read_docx(build_dispatch(), "x.doc", media_type="application/msword")
    assert source.media_type == "application/msword"


def test_docx_zip_bomb_is_too_large() -> None:
    bomb = rezip(build_dispatch(), {}, {"word/media/image1.bin": bytes(60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on disk, 60 MB inflated
    with pytest.raises(VanbanError) as err:
        read_document(bomb, filename="bom.docx")
    assert err.value.code == "too_large"
    assert "bom.docx" in err.value.message("vi") and "image1.bin" in err.value.detail


def test_docx_external_entity_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-XXE-4711", encoding="utf-8")
    data = build_dispatch()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, body = xml.split("?>", 1)
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    body = body.replace("Các cơ quan, đơn vị", "&xxe; Các cơ quan, đơn vị", 1)
    hostile = rezip(data, {"word/document.xml": (head + "?>" + doctype + body).encode("utf-8")})
    try:
        source = read_document(hostile, filename="xxe.docx")
    except VanbanError as err:  # refusing the file is fine too
        assert err.code == "corrupt_docx"
    else:
        assert "BI-MAT" not in source.text


def test_docx_broken_archive_is_corrupt_docx() -> None:
    data = build_dispatch()
    with pytest.raises(VanbanError) as err:
        read_document(data[: len(data) // 2], filename="hong.docx")
    assert err.value.code == "corrupt_docx"
    assert "hong.docx" in err.value.message("vi")


def test_docx_package_without_its_main_part_is_corrupt_docx() -> None:
    data = rezip(build_dispatch(), {})
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = [n for n in src.namelist() if n != "word/document.xml"]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for name in names:
                dst.writestr(name, src.read(name))
    with pytest.raises(VanbanError) as err:
        read_document(out.getvalue(), filename="thieu-phan.docx")
    assert err.value.code == "corrupt_docx"
    assert "thieu-phan.docx" in err.value.message("vi")


def test_docx_without_text_is_no_text() -> None:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    with pytest.raises(VanbanError) as err:
        read_document(buf.getvalue(), filename="trong.docx")
    assert err.value.code == "no_text"
