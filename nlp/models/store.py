"""Saving and loading the obligation model: skops (no pickle) next to a JSON card.

skops names the arrays inside its zip file after Python object ids and stamps each entry with the
current time, so two saves of the same model differ. ``save`` rewrites the archive canonically:
ids renumbered in order of first appearance in ``schema.json``, entries in name order, a fixed
timestamp. The same corpus and seed then give the same bytes.

``load`` accepts only the types listed in ``TRUSTED_TYPES`` (skops refuses anything else): the
stock scikit-learn, NumPy and SciPy parts the classifier is built from and the two feature
selectors of ``features``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import regex

from .obligation_classifier import ObligationModel, compact

MODEL_FILE = "obligations.skops"
CARD_FILE = "obligations.card.json"
DEFAULT_DIR = Path(__file__).resolve().parent

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_ID = regex.compile(r'("__id__":\s*)(\d+)|"(\d+)(\.npy|\.npz)"')

TRUSTED_TYPES = [
    "builtins.slice",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.CountVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._function_transformer.FunctionTransformer",
    "vanban.nlp.models.features.select",
    "vanban.nlp.models.features.select_shape",
]


def _canonical(archive: bytes) -> bytes:
    """The skops zip with object ids renumbered and fixed entry times (see the module doc)."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    schema = source.read("schema.json").decode("utf-8")
    numbering: dict[str, str] = {}

    def renumber(m: regex.Match[str]) -> str:
        old = m.group(2) or m.group(3)
        new = numbering.setdefault(old, str(len(numbering) + 1))
        return f"{m.group(1)}{new}" if m.group(2) else f'"{new}{m.group(4)}"'

    schema = _ID.sub(renumber, schema)
    entries = {"schema.json": schema.encode("utf-8")}
    for name in source.namelist():
        if name == "schema.json":
            continue
        stem, dot, ext = name.partition(".")
        entries[f"{numbering.get(stem, stem)}{dot}{ext}"] = source.read(name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


def to_bytes(model: ObligationModel) -> bytes:
    import skops.io as sio

    for pipeline in (model.directive, model.modality, model.category):
        compact(pipeline)  # transform() set the stop-word id again since fitting
    state = {
        "directive": model.directive,
        "modality": model.modality,
        "category": model.category,
        "threshold": float(model.threshold),
    }
    return _canonical(sio.dumps(state))


def save(model: ObligationModel, out_dir: Path, card: dict[str, Any]) -> Path:
    """Write the model file and its card (the card gets the file's size and sha256)."""
    import hashlib

    out_dir.mkdir(parents=True, exist_ok=True)
    data = to_bytes(model)
    path = out_dir / MODEL_FILE
    path.write_bytes(data)
    card = {**card, "model_file": MODEL_FILE, "model_bytes": len(data), "model_sha256": hashlib.sha256(data).hexdigest()}
    (out_dir / CARD_FILE).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def load(path: Path) -> ObligationModel:
    """Read a model file, trusting only ``TRUSTED_TYPES``; anything else is refused by skops."""
    import skops.io as sio

    state = sio.loads(Path(path).read_bytes(), trusted=TRUSTED_TYPES)
    return ObligationModel(state["directive"], state["modality"], state["category"], float(state["threshold"]))


def read_card(out_dir: Path = DEFAULT_DIR) -> dict[str, Any] | None:
    path = out_dir / CARD_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
