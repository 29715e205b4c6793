"""The report as one self-contained HTML file: the plots embedded as data URIs, the tables, the
errors. Rendered with Jinja2 from ``templates/report.html.j2``."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import plots
from .cv import COLUMNS as CV_COLUMNS
from .cv import rows_beside_split
from .metrics import headline
from .table import CV_HEADER, attribute_rows, cv_label, list_rows, num, with_ci
from .texts import t

TEMPLATES = Path(__file__).with_name("templates")


def _shown(value: Any) -> str:
    """A gold or predicted value as one line of text."""
    if value is None:
        return "–"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def render_html(report: dict[str, Any], lang: str = "vi") -> str:
    summary = report["summary"]
    figures = {
        "lists": plots.lists_plot(summary, lang),
        "attributes": plots.attributes_plot(summary, lang),
        "metadata": plots.metadata_plot(summary, lang),
        "confusion_category": plots.confusion_plot(
            report["confusion"]["category"], t("confusion_category", lang), lang
        ),
        "confusion_modality": plots.confusion_plot(
            report["confusion"]["modality"], t("confusion_modality", lang), lang
        ),
        "issuers": plots.issuer_plot(report["per_issuer"], lang),
    }
    cv = report.get("cross_validation")
    if cv:
        figures["cv"] = plots.cv_plot(cv, summary, report.get("split", "all"), lang)
    errors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in report["errors"]:
        errors[e["list"]].append(e)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    return env.get_template("report.html.j2").render(
        report=report,
        lang=lang,
        t=partial(t, lang=lang),
        num=num,
        with_ci=with_ci,
        shown=_shown,
        figures=figures,
        list_rows=list_rows(summary),
        attribute_rows=attribute_rows(summary),
        issuer_rows={
            g: headline(s) | {"documents": s["documents"]} for g, s in report["per_issuer"].items()
        },
        errors=dict(errors),
        cv_columns=(*CV_COLUMNS, "baseline_f1"),
        cv_header=CV_HEADER,
        cv_rows=rows_beside_split(cv, summary) if cv else [],
        cv_label=partial(cv_label, split=report.get("split", "all"), lang=lang),
    )
