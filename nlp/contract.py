"""The output contract (schema version 1) as pydantic models.

``../shared/docs/extraction-schema.md`` is the authority: fields may be added, never renamed or
dropped. ``vanban schema`` prints ``DocumentResult.model_json_schema()``; a committed copy in
``nlp/data/contract.schema.json`` is checked by a test so the two never drift.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = tuple[int, int]

DocType = Literal[
    "hien_phap", "bo_luat", "luat", "phap_lenh", "lenh", "nghi_quyet", "nghi_dinh", "quyet_dinh",
    "chi_thi", "thong_tu", "thong_tu_lien_tich", "ket_luan", "quy_che", "quy_dinh", "thong_bao",
    "huong_dan", "chuong_trinh", "ke_hoach", "phuong_an", "de_an", "du_an", "bao_cao", "bien_ban",
    "to_trinh", "hop_dong", "cong_van", "cong_dien", "giay_moi", "giay_gioi_thieu",
    "giay_uy_quyen", "giay_nghi_phep", "phieu_gui", "phieu_chuyen", "phieu_bao", "thu_cong",
    "dieu_le", "thong_cao", "ban_ghi_nho", "ban_thoa_thuan", "nghi_quyet_lien_tich", "other",
]  # fmt: skip
Authority = Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]
Relation = Literal["basis", "implements", "cites", "attached", "amends", "replaces"]
DeadlineKind = Literal["before", "no_later_than", "on", "within", "recurring"]
Modality = Literal["obligation", "prohibition", "recommendation", "permission"]
Category = Literal[
    "report", "submit", "implement", "review", "issue_document", "organize", "communicate",
    "coordinate", "other",
]  # fmt: skip
PartLabel = Literal[
    "parent_issuer", "issuer", "motto", "number", "place_date", "doc_type", "subject",
    "kinh_gui", "body", "basis", "item", "closing", "noi_nhan", "signature", "authority", "position",
    "signer", "footnote", "appendix", "urgency",
]  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    filename: str
    sha256: str
    media_type: str
    pages: int | None = None
    ocr: bool = False
    encoding_fixed: Literal["tcvn3", "vni"] | None = None


class Issuer(_Model):
    name: str
    parent: str | None = None
    span: Span | None = None


class Signer(_Model):
    name: str | None = None
    position: str | None = None
    authority: Authority | None = None


class Metadata(_Model):
    issuer: Issuer | None = None
    doc_type: DocType | None = None
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    place: str | None = None
    date: str | None = Field(None, description="ISO date; 'YYYY-MM' or 'YYYY' when parts are blank")
    subject: str | None = None
    signer: Signer | None = None


class Recipient(_Model):
    name: str
    role: Literal["to", "cc"]
    span: Span | None = None
    canonical: str | None = Field(None, description="name with abbreviations expanded")


class Mention(_Model):
    span: Span | None = None
    pinpoint: str | None = None


class Reference(_Model):
    type: DocType
    number_symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    relation: Relation | None = "cites"  # gold leaves it null for optional references (R7)
    mentions: list[Mention] = Field(default_factory=list)


class Deadline(_Model):
    date: str | None = None
    kind: DeadlineKind
    text: str
    span: Span | None = None


class Obligation(_Model):
    quote: str
    span: Span | None = None
    modality: Modality
    category: Category
    assignees: list[str] = Field(default_factory=list)
    action: str | None = None
    deadline: str | None = None
    legal_basis: list[str] = Field(default_factory=list)
    confidence: float | None = Field(None, description="model probability that this is a directive")


class Part(_Model):
    """A segment of the document (Decree 30/2020/NĐ-CP components), an added field."""

    label: PartLabel
    span: Span
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    level: int | None = Field(None, description="depth in the body's item tree (items only)")
    marker: str | None = Field(None, description="item marker as written: 'I.', '1.', 'a)', '-', 'Điều 3.'")
    parent: int | None = Field(None, description="index in `parts` of the enclosing item")


class DocumentResult(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    text: str
    metadata: Metadata = Field(default_factory=Metadata)
    recipients: list[Recipient] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def json_schema() -> dict:
    """The contract's JSON Schema, generated from the models above."""
    schema = DocumentResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "vanban extraction result (schema version 1)"
    return schema
