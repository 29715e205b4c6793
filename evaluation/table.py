"""The report as terminal text: padded Markdown tables (readable as they are, and pasteable)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .cv import COLUMNS as CV_COLUMNS
from .cv import rows_beside_split
from .metrics import LISTS, headline
from .texts import t


def num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def with_ci(score: dict[str, Any]) -> str:
    """ "0.917 [0.884, 0.949]", or the value alone when there is no interval."""
    ci = score.get("ci")
    return num(score["value"]) + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def markdown(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """A Markdown table padded to its widest cells; columns in ``right`` aligned right."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = (
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if i in right else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(header), rule, *map(line, rows)])


def list_rows(summary: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, P/R/F1 block) for each list, assignee names after obligations."""
    rows = [(name, summary[name]) for name in LISTS]
    return [*rows, ("obligations.assignee_names", summary["obligations"]["assignee_names"])]


def attribute_rows(summary: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(list.attribute, accuracy block), obligations first."""
    order = ["obligations", "references", "deadlines"]
    return [
        (f"{name}.{a}", block)
        for name in order
        for a, block in summary[name].get("attributes", {}).items()
    ]


def format_table(report: dict[str, Any], lang: str = "vi") -> str:
    s, boot = report["summary"], report["bootstrap"]
    predictions = (
        t("pipeline", lang)
        if report.get("predictions") == "pipeline"
        else report.get("predictions")
    )
    out = [
        f"{t('title', lang)} · " + t("header", lang, split=report.get("split", "all"),
                                      documents=report["documents"], predictions=predictions),
        t("intervals", lang, confidence=boot["confidence"], resamples=boot["resamples"],
          unit=t(f"unit_{boot['unit']}", lang), seed=boot["seed"]),
        "",
    ]  # fmt: skip
    out += [
        t("lists", lang),
        markdown(
            [t("list", lang), "P", "R", "F1", "tp", "fp", "fn"],
            [[name, *(with_ci(b[m]) for m in ("precision", "recall", "f1")), b["tp"], b["fp"], b["fn"]]
             for name, b in list_rows(s)],
            right={4, 5, 6},
        ),
        "",
        t("attributes", lang),
        markdown(
            [t("attribute", lang), t("accuracy", lang), t("n", lang)],
            [[name, with_ci(b["accuracy"]), b["total"]] for name, b in attribute_rows(s)],
            right={2},
        ),
        "",
        t("metadata", lang),
        markdown(
            [t("field", lang), t("accuracy", lang), t("n", lang)],
            [[f, with_ci(b["accuracy"]), b["total"]] for f, b in s["metadata"].items()],
            right={2},
        ),
        "",
        format_per_issuer(report, lang),
    ]  # fmt: skip
    if report.get("cross_validation"):
        out += ["", format_cv(report, lang)]
    kinds = Counter(e["kind"] for e in report["errors"])
    out += [
        "",
        t(
            "errors_count",
            lang,
            missed=kinds["missed"],
            spurious=kinds["spurious"],
            mismatch=kinds["mismatch"],
        ),
    ]
    if report["failed"]:
        out += [
            f"{t('failed', lang)}: " + "; ".join(f"{k} ({v})" for k, v in report["failed"].items())
        ]
    return "\n".join(out)


ISSUER_COLUMNS = ("metadata", "recipients.f1", "references.f1", "deadlines.f1", "obligations.f1",
                  "obligations.category")  # fmt: skip


def format_per_issuer(report: dict[str, Any], lang: str) -> str:
    header = [t("issuer", lang), t("docs", lang), t("metadata_short", lang), "recipients F1",
              "references F1", "deadlines F1", "obligations F1", "category"]  # fmt: skip
    rows = []
    for group, s in report["per_issuer"].items():
        scores = headline(s)
        rows.append([group, s["documents"], *(num(scores[c]) for c in ISSUER_COLUMNS)])
    table = markdown(header, rows, right=set(range(1, len(header))))
    return f"{t('per_issuer', lang)}\n{table}"


CV_HEADER = ["P", "R", "F1", "modality", "category", "assignees", "deadline", "baseline F1"]


def cv_label(row: dict[str, Any], split: str, lang: str) -> str:
    return row["label"] if "label" in row else t(row["key"], lang, split=split)


def format_cv(report: dict[str, Any], lang: str) -> str:
    split = report.get("split", "all")
    columns = (*CV_COLUMNS, "baseline_f1")
    rows = [
        [cv_label(r, split, lang), r["n_docs"], *(num(r[c]) for c in columns)]
        for r in rows_beside_split(report["cross_validation"], report["summary"])
    ]
    header = [t("fold", lang), t("docs", lang), *CV_HEADER]
    table = markdown(header, rows, right=set(range(1, len(header))))
    return f"{t('cv', lang)}\n{table}\n{t('cv_columns', lang)}"
