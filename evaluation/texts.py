"""The report's words, Vietnamese by default and English on request (``--lang en``).

Field and list names stay the contract's keys (``recipients``, ``signer.name``) in both
languages: they are what a researcher looks up in the JSON.
"""

from __future__ import annotations

# key -> (Vietnamese, English); templates take keyword arguments.
TEXT: dict[str, tuple[str, str]] = {
    "title": ("Đánh giá vanban", "vanban evaluation"),
    "header": (
        "phần {split} · {documents} văn bản · dự đoán: {predictions}",
        "split {split} · {documents} documents · predictions: {predictions}",
    ),
    "pipeline": ("pipeline vanban", "the vanban pipeline"),
    "intervals": (
        "Khoảng tin cậy {confidence:.0%}: bootstrap, {resamples} lần lấy mẫu lại có hoàn lại theo {unit}, seed {seed}.",
        "{confidence:.0%} intervals: bootstrap, {resamples} resamples of {unit}s with replacement, seed {seed}.",
    ),
    "unit_document": ("văn bản", "document"),
    "unit_issuer": ("cơ quan ban hành", "issuer"),
    "metadata": ("Siêu dữ liệu: độ chính xác theo trường", "Metadata: accuracy per field"),
    "field": ("trường", "field"),
    "accuracy": ("độ chính xác", "accuracy"),
    "ci": ("KTC 95%", "95% CI"),
    "n": ("n", "n"),
    "lists": ("Danh sách: P (precision), R (recall), F1", "Lists: precision, recall, F1"),
    "list": ("danh sách", "list"),
    "attributes": ("Thuộc tính trên các cặp khớp", "Attributes on matched pairs"),
    "attribute": ("thuộc tính", "attribute"),
    "per_issuer": ("Theo cơ quan ban hành", "Per issuer"),
    "issuer": ("cơ quan ban hành", "issuer"),
    "docs": ("số VB", "docs"),
    "metadata_short": ("siêu dữ liệu", "metadata"),
    "per_document": ("Theo văn bản", "Per document"),
    "document": ("văn bản", "document"),
    "errors": ("Lỗi", "Errors"),
    "errors_count": (
        "Lỗi: {missed} bỏ sót, {spurious} thừa, {mismatch} sai thuộc tính (xem --report / --html).",
        "Errors: {missed} missed, {spurious} spurious, {mismatch} attribute mismatches (see --report / --html).",
    ),
    "kind": ("loại", "kind"),
    "item": ("mục", "item"),
    "gold": ("gold", "gold"),
    "pred": ("dự đoán", "predicted"),
    "failed": ("Không chấm được đầy đủ", "Not fully scored"),
    "confusion_category": (
        "Ma trận nhầm lẫn: loại nhiệm vụ (category)",
        "Confusion matrix: obligation category",
    ),
    "confusion_modality": ("Ma trận nhầm lẫn: tính chất (modality)", "Confusion matrix: modality"),
    "confusion_note": (
        "{n} cặp nhiệm vụ khớp (gold bắt buộc); hàng: gold, cột: dự đoán; màu: tỷ lệ trong hàng",
        "{n} matched obligation pairs (required gold); rows: gold, columns: predicted; colour: share of the row",
    ),
    "gold_label": ("gold", "gold"),
    "pred_label": ("dự đoán", "predicted"),
    "no_pairs": ("Không có cặp nào khớp.", "No matched pairs."),
    "score": ("điểm", "score"),
    "cv": ("Kiểm định chéo bỏ-một-cơ-quan (LOIO)", "Leave-one-issuer-out cross-validation"),
    "cv_note": (
        "Mỗi lượt huấn luyện trên các cơ quan còn lại và chấm trên văn bản của cơ quan bị bỏ ra; "
        "đặt cạnh kết quả trên phần cố định.",
        "Each fold trains on the other issuers and scores the held-out issuer's documents; "
        "shown beside the fixed split.",
    ),
    "fold": ("lượt (cơ quan bỏ ra)", "fold (held-out issuer)"),
    "cv_mean": ("trung bình các lượt", "mean over folds"),
    "cv_weighted": ("trung bình theo số văn bản", "mean weighted by documents"),
    "cv_pooled": ("gộp các lượt (theo tệp)", "pooled over folds (from the file)"),
    "cv_pooled_baseline": (
        "gộp các lượt, baseline luật (theo tệp)",
        "pooled over folds, rules baseline (from the file)",
    ),
    "cv_columns": (
        "modality · category · assignees · deadline: độ chính xác trên cặp khớp; baseline F1: baseline luật trên cùng lượt",
        "modality · category · assignees · deadline: accuracy on matched pairs; baseline F1: the rules baseline on the same fold",
    ),
    "fixed_split": ("phần cố định: {split}", "fixed split: {split}"),
    "cv_summary": ("Tóm tắt trong tệp kiểm định chéo", "Summary in the cross-validation file"),
    "how_to_read": ("Cách đọc", "How to read this"),
    "how_to_read_text": (
        "Mỗi điểm được tính gộp (micro) trên mọi văn bản; thanh lỗi và ngoặc vuông là khoảng tin cậy "
        "95% bootstrap. n là số mục được đếm. Nhiệm vụ khớp khi F1 theo từ của hai trích dẫn ≥ 0,6; "
        "mục gold tùy chọn không tính. Xem evaluation/README.md.",
        "Every score is micro-averaged over all documents; error bars and brackets are 95% bootstrap "
        "intervals. n is the number of items counted. Obligations match when the word-level F1 of "
        "their quotes is ≥ 0.6; optional gold items count neither way. See evaluation/README.md.",
    ),
    "plot_metadata_x": ("độ chính xác (thanh lỗi: KTC 95%)", "accuracy (error bars: 95% CI)"),
    "plot_lists_y": ("điểm (thanh lỗi: KTC 95%)", "score (error bars: 95% CI)"),
    "plot_issuer_x": ("F1 nhiệm vụ (thanh lỗi: KTC 95%)", "obligations F1 (error bars: 95% CI)"),
    "plot_issuer": ("F1 nhiệm vụ theo cơ quan ban hành", "Obligations F1 per issuer"),
    "plot_cv": ("F1 nhiệm vụ theo lượt LOIO", "Obligations F1 per leave-one-issuer-out fold"),
    "plot_cv_band": ("KTC 95% của phần cố định", "fixed split 95% CI"),
}


def t(key: str, lang: str = "vi", **kwargs: object) -> str:
    vi, en = TEXT[key]
    return (en if lang == "en" else vi).format(**kwargs)
