"""The report's plots, as PNG data URIs for a self-contained HTML file.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state, no display needed: the Agg
canvas renders them). Every plot has a title, axis labels, its intervals as error bars and the
number of items behind each bar.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from sklearn.metrics import ConfusionMatrixDisplay

from .table import attribute_rows, list_rows
from .texts import t

DPI = 100
PRF_COLOURS = {"precision": "#4c78a8", "recall": "#f58518", "f1": "#54a24b"}


def data_uri(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _errors(scores: list[dict[str, Any]]) -> np.ndarray:
    """Asymmetric error-bar lengths (2 × n) from {"value", "ci"} scores; 0 where none."""
    low, high = [], []
    for s in scores:
        value, ci = s["value"] or 0.0, s.get("ci")
        low.append(max(value - ci[0], 0.0) if ci else 0.0)
        high.append(max(ci[1] - value, 0.0) if ci else 0.0)
    return np.array([low, high])


def accuracy_bars(rows: list[tuple[str, dict[str, Any]]], title: str, lang: str) -> str:
    """Horizontal bars of accuracies with their intervals; ``n`` written beside each bar."""
    rows = rows[::-1]  # first row on top
    fig = Figure(figsize=(8, 0.38 * len(rows) + 1.3))
    ax = fig.subplots()
    scores = [b["accuracy"] for _, b in rows]
    values = [s["value"] or 0.0 for s in scores]
    y = np.arange(len(rows))
    ax.barh(y, values, xerr=_errors(scores), color="#4c78a8", ecolor="#333333", capsize=3)
    for i, (_, block) in enumerate(rows):
        shown = "–" if block["accuracy"]["value"] is None else f"{block['accuracy']['value']:.2f}"
        ax.text(1.02, i, f"{shown}  n={block['total']}", va="center", fontsize=8)
    ax.set_yticks(y, [name for name, _ in rows], fontsize=9)
    ax.set_xlim(0, 1.22)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel(t("plot_metadata_x", lang))
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return data_uri(fig)


def metadata_plot(summary: dict[str, Any], lang: str) -> str:
    return accuracy_bars(list(summary["metadata"].items()), t("metadata", lang), lang)


def attributes_plot(summary: dict[str, Any], lang: str) -> str:
    return accuracy_bars(attribute_rows(summary), t("attributes", lang), lang)


def lists_plot(summary: dict[str, Any], lang: str) -> str:
    """Grouped P/R/F1 bars per list, with intervals; tp/fp/fn under each group."""
    rows = list_rows(summary)
    fig = Figure(figsize=(9, 4.4), layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(rows))
    width = 0.26
    for k, (metric, colour) in enumerate(PRF_COLOURS.items()):
        scores = [b[metric] for _, b in rows]
        label = {"f1": "F1"}.get(metric, metric[0].upper())
        values = [s["value"] or 0.0 for s in scores]
        ax.bar(x + (k - 1) * width, values, width, yerr=_errors(scores), color=colour,
               ecolor="#333333", capsize=2, label=label)  # fmt: skip
        for i, s in enumerate(scores):
            if s["value"] is None:  # undefined (nothing predicted, or nothing to find): say so
                ax.text(x[i] + (k - 1) * width, 0.02, "–", ha="center", fontsize=9)
    labels = [
        f"{name.replace('obligations.', '')}\ntp={b['tp']} fp={b['fp']} fn={b['fn']}"
        for name, b in rows
    ]
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel(t("plot_lists_y", lang))
    ax.set_title(t("lists", lang))
    fig.legend(loc="outside lower center", ncol=3, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return data_uri(fig)


def confusion_plot(conf: dict[str, Any], title: str, lang: str) -> str:
    """Counts of (gold, predicted) labels on matched pairs, coloured by the share of the gold row;
    each row label carries its total."""
    matrix = np.array(conf["matrix"], dtype=int)
    labels = conf["labels"]
    size = 1.6 + 0.62 * len(labels)
    fig = Figure(figsize=(size + 1.5, size))
    ax = fig.subplots()
    # colour: the share of the gold row (so that rare categories read as clearly as common ones);
    # text: the count itself
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros(matrix.shape), where=totals > 0)
    display = ConfusionMatrixDisplay(shares, display_labels=labels).plot(
        ax=ax, cmap="Blues", colorbar=False, values_format=".2f", xticks_rotation=45
    )
    for (i, j), text in np.ndenumerate(display.text_):
        text.set_text(str(matrix[i, j]))
    ax.set_yticks(
        range(len(labels)),
        [f"{lab} (n={n})" for lab, n in zip(labels, matrix.sum(axis=1), strict=True)],
    )
    ax.set_xlabel(t("pred_label", lang))
    ax.set_ylabel(t("gold_label", lang))
    ax.set_title(f"{title}\n" + t("confusion_note", lang, n=int(matrix.sum())), fontsize=10)
    return data_uri(fig)


def issuer_plot(per_issuer: dict[str, dict[str, Any]], lang: str) -> str | None:
    """Obligations F1 per issuer that has required gold obligations, with intervals."""
    rows = [
        (g, s) for g, s in per_issuer.items() if s["obligations"]["tp"] + s["obligations"]["fn"]
    ]
    if not rows:
        return None
    rows.sort(key=lambda r: r[1]["obligations"]["f1"]["value"] or 0.0)
    fig = Figure(figsize=(8, 0.38 * len(rows) + 1.3))
    ax = fig.subplots()
    scores = [s["obligations"]["f1"] for _, s in rows]
    y = np.arange(len(rows))
    ax.barh(y, [s["value"] or 0.0 for s in scores], xerr=_errors(scores), color="#54a24b",
            ecolor="#333333", capsize=3)  # fmt: skip
    for i, (_, s) in enumerate(rows):
        gold = s["obligations"]["tp"] + s["obligations"]["fn"]
        ax.text(
            1.02, i, f"{t('docs', lang)}={s['documents']}  gold={gold}", va="center", fontsize=8
        )
    ax.set_yticks(y, [g for g, _ in rows], fontsize=9)
    ax.set_xlim(0, 1.3)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel(t("plot_issuer_x", lang))
    ax.set_title(t("plot_issuer", lang))
    ax.grid(axis="x", alpha=0.3)
    return data_uri(fig)


def cv_plot(cv: dict[str, Any], fixed: dict[str, Any], split: str, lang: str) -> str:
    """Obligations F1 of each leave-one-issuer-out fold, beside the fixed split's F1 (with its
    interval) and the mean over folds."""
    rows = sorted(cv["rows"], key=lambda r: -1.0 if r["f1"] is None else r["f1"])
    fig = Figure(figsize=(8, 0.32 * len(rows) + 1.8), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))
    score = fixed["obligations"]["f1"]
    if score.get("ci"):  # behind the bars
        ax.axvspan(
            *score["ci"], color="#f58518", alpha=0.2, zorder=0, label=t("plot_cv_band", lang)
        )
    ax.barh(y, [r["f1"] or 0.0 for r in rows], color="#4c78a8", zorder=1)
    for i, r in enumerate(rows):
        shown = "–" if r["f1"] is None else f"{r['f1']:.2f}"
        ax.text(1.02, i, f"F1 {shown}  {t('docs', lang)}={r['n_docs']}", va="center", fontsize=8)
    if score["value"] is not None:
        label = t("fixed_split", lang, split=split)
        ax.axvline(score["value"], color="#f58518", linewidth=2, zorder=2,
                   label=f"{label}, F1 {score['value']:.2f}")  # fmt: skip
    if cv["mean"]["f1"] is not None:
        ax.axvline(cv["mean"]["f1"], color="#333333", linestyle="--", zorder=2,
                   label=f"{t('cv_mean', lang)}, F1 {cv['mean']['f1']:.2f}")  # fmt: skip
    ax.set_yticks(y, [r["issuer"] for r in rows], fontsize=9)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 1.3)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel("F1")
    ax.set_title(t("plot_cv", lang))
    fig.legend(loc="outside lower center", ncol=3, frameon=False, fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    return data_uri(fig)
