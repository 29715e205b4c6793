"""The whole flow, bytes to contract, on documents whose parts stress the data model."""

from __future__ import annotations

from vanban.nlp.contract import DocumentResult
from vanban.nlp.process import process

DECISION = """ỦY BAN NHÂN DÂN
TỈNH PHÚ THỌ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 103/2025/QĐ-UBND
Phú Thọ, ngày 20 tháng 11 năm 2025
QUYẾT ĐỊNH
Ban hành Quy định về quản lý các tuyến đê
ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Luật Đê điều số 79/2006/QH11;
Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định về quản lý các tuyến đê.
Điều 2. Quyết định có hiệu lực từ ngày 01 tháng 12 năm 2025.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Bộ Nông nghiệp và Môi trường;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Hùng
"""


def test_process_decision_with_basis_clauses_is_valid_contract() -> None:
    result = process(DECISION.encode("utf-8"), filename="qd.txt")
    DocumentResult.model_validate(result.model_dump())  # round-trips through the contract
    labels = [p.label for p in result.parts]
    assert labels.count("basis") == 3
    assert [p.marker for p in result.parts if p.label == "item"] == ["Điều 1", "Điều 2", "Điều 3"]
    m = result.metadata
    assert (m.doc_type, m.number, m.symbol, m.date) == ("quyet_dinh", "103", "QĐ-UBND", "2025-11-20")
    assert m.subject == "ban hành Quy định về quản lý các tuyến đê"
    assert (m.signer.authority, m.signer.position, m.signer.name) == ("KT.", "Phó Chủ tịch", "Nguyễn Văn Hùng")
    assert [(r.role, r.name) for r in result.recipients] == [("cc", "Bộ Nông nghiệp và Môi trường")]
