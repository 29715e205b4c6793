"""Human views of a result: a readable text summary and an HTML page that highlights every
part and entity (displaCy's span style, spans from the Doc)."""

from __future__ import annotations

from spacy import displacy
from spacy.tokens import Doc

from .contract import DocumentResult
from .pipeline import PARTS_KEY

LABELS: dict[str, tuple[str, str]] = {
    "parent_issuer": ("Cơ quan chủ quản", "Parent body"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "motto": ("Quốc hiệu, tiêu ngữ", "National motto"),
    "number": ("Số, ký hiệu", "Number/symbol"),
    "place_date": ("Địa danh, thời gian", "Place and date"),
    "doc_type": ("Tên loại", "Document type"),
    "subject": ("Trích yếu", "Subject"),
    "kinh_gui": ("Kính gửi", "Addressees"),
    "body": ("Nội dung", "Body"),
    "basis": ("Căn cứ", "Legal basis clause"),
    "item": ("Mục", "Item"),
    "closing": ("Kết thúc", "Closing"),
    "noi_nhan": ("Nơi nhận", "Copies to"),
    "signature": ("Chữ ký", "Signature block"),
    "authority": ("Thẩm quyền ký", "Signing authority"),
    "position": ("Chức vụ", "Position"),
    "signer": ("Người ký", "Signer"),
    "footnote": ("Chú thích", "Footnote"),
    "appendix": ("Phụ lục", "Appendix"),
    "urgency": ("Độ khẩn, mật", "Urgency mark"),
    "recipient_to": ("Nơi nhận (kính gửi)", "Recipient (to)"),
    "recipient_cc": ("Nơi nhận (cc)", "Recipient (cc)"),
}
FIELDS: dict[str, tuple[str, str]] = {
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "parent": ("Cơ quan chủ quản", "Parent body"),
    "doc_type": ("Loại văn bản", "Document type"),
    "number_symbol": ("Số, ký hiệu", "Number/symbol"),
    "place": ("Địa danh", "Place"),
    "date": ("Ngày ban hành", "Date"),
    "subject": ("Trích yếu", "Subject"),
    "signer": ("Người ký", "Signer"),
    "recipients": ("Nơi nhận", "Recipients"),
    "deadlines": ("Thời hạn", "Deadlines"),
    "structure": ("Bố cục", "Structure"),
    "none": ("(không có)", "(none)"),
}


def _t(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    vi, en = table.get(key, (key, key))
    return vi if lang == "vi" else en


def to_text(result: DocumentResult, lang: str = "vi") -> str:
    m = result.metadata
    none = _t(FIELDS, "none", lang)
    signer = m.signer
    signer_text = " ".join(x for x in (signer.authority, signer.position, signer.name) if x) if signer else ""
    rows = [
        ("issuer", m.issuer.name if m.issuer else None),
        ("parent", m.issuer.parent if m.issuer else None),
        ("doc_type", m.doc_type),
        ("number_symbol", m.number_symbol),
        ("place", m.place),
        ("date", m.date),
        ("subject", m.subject),
        ("signer", signer_text or None),
    ]
    out = [f"== {result.source.filename} =="]
    out += [f"{_t(FIELDS, k, lang)}: {v or none}" for k, v in rows]
    out.append(f"{_t(FIELDS, 'recipients', lang)}:")
    out += [
        f"  [{r.role}] {r.name}" + (f"  → {r.canonical}" if r.canonical and r.canonical != r.name else "")
        for r in result.recipients
    ] or [f"  {none}"]
    out.append(f"{_t(FIELDS, 'deadlines', lang)}:")
    out += [f"  {d.date or '?'} ({d.kind}): {d.text}" for d in result.deadlines] or [f"  {none}"]
    out.append(f"{_t(FIELDS, 'structure', lang)}:")
    for part in result.parts:
        snippet = " ".join(result.text[part.span[0] : part.span[1]].split())
        indent = "  " * (2 + (part.level or 0)) if part.label == "item" else "  "
        label = _t(LABELS, part.label, lang)
        page = f" (tr. {part.page})" if part.page and lang == "vi" else f" (p. {part.page})" if part.page else ""
        out.append(f"{indent}{label}{page}: {snippet[:90]}{'…' if len(snippet) > 90 else ''}")
    for w in result.warnings:
        out.append(f"! {w}")
    return "\n".join(out)


def to_html(result: DocumentResult, doc: Doc, lang: str = "vi") -> str:
    """A standalone HTML page: the text with every part and recipient highlighted."""
    spans = [s for s in doc.spans[PARTS_KEY] if s.label_ != "body"]
    for r in result.recipients:
        if r.span:
            span = doc.char_span(r.span[0], r.span[1], label=f"recipient_{r.role}", alignment_mode="expand")
            if span is not None:
                spans.append(span)
    key = "display"
    doc.spans[key] = [
        doc.char_span(s.start_char, s.end_char, label=_t(LABELS, s.label_, lang), alignment_mode="expand")
        for s in sorted(spans, key=lambda s: (s.start, -s.end))
    ]
    body = displacy.render(doc, style="span", options={"spans_key": key}, page=False, jupyter=False)
    title = result.source.filename
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_escape(title)}</title>'
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.6}"
        "pre{white-space:pre-wrap}</style></head><body>"
        f"<h1>{_escape(title)}</h1><pre>{_escape(to_text(result, lang))}</pre>{body}</body></html>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
