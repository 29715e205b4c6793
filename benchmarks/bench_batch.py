"""Speed and memory of ``vanban batch`` on a synthetic archive, beside the floors it cannot beat.

What it measures, all in one run on this machine:

- per stage, in one process: ``bench_pipeline.py``'s own measurement, run on documents of the
  archive (imported from its file, not rewritten);
- end to end through ``vanban batch`` (a real subprocess, as a user runs it) on three inputs —
  synthetic text dispatches, the same kind rendered to born-digital PDFs, and the born-digital PDFs
  of the shared corpus read in place (scans left out) — with 1 and 2 local workers and with Dask
  (``--dask local``, 2 workers): documents/s, chars/s, ms/page, peak RSS of the parent and of each
  worker (psutil, whole process tree), and the 2-worker / 1-worker scaling;
- the floors on the very same documents, in one process: pdfminer's ``extract_text`` for PDFs and
  underthesea's ``word_tokenize`` of the normalised text; the batch's time as a ratio of each;
- growth with the archive's size: separate runs of 500 … 5,000 documents (2 workers), and the
  largest one's progress (time and RSS when 500, 1,000, 2,000 … were done).

The archive is made in a temporary folder from ``samples/`` (``_archive.py``) and removed at the
end. Writes ``benchmarks/results/batch.json`` and ``batch.md``.
Run: ``.venv/bin/python benchmarks/bench_batch.py`` (``--quick``: a small run, under a minute).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import _archive
from _batchrun import LEDGER, batch_argv, contracts, machine, run_watched, source_of, text_of

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"

LOCAL_1, LOCAL_2, DASK_2 = ("local", 1), ("local", 2), ("dask", 2)


@dataclass(frozen=True)
class Plan:
    text_docs: int  # synthetic text documents for the backend comparison
    pdf_docs: int  # synthetic PDFs for the backend comparison
    real_pdfs: int  # born-digital PDFs from the shared corpus (0: none)
    stage_docs: int  # documents given to bench_pipeline's per-stage measurement
    sizes: tuple[int, ...]  # archive sizes for the growth runs (2 local workers)
    runs: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)


FULL = Plan(
    text_docs=100,
    pdf_docs=30,
    real_pdfs=8,
    stage_docs=5,
    sizes=(500, 1000, 2000, 5000),
    runs={
        "text": (LOCAL_1, LOCAL_2, DASK_2),
        "pdf": (LOCAL_1, LOCAL_2, DASK_2),
        "real pdf": (LOCAL_1, LOCAL_2, DASK_2),
    },
)
QUICK = Plan(
    text_docs=6,
    pdf_docs=2,
    real_pdfs=0,
    stage_docs=1,
    sizes=(12,),
    runs={"text": (LOCAL_1, LOCAL_2, DASK_2), "pdf": (LOCAL_2,)},
)


def stage_figures(paths: list[Path], work: Path) -> dict[str, Any]:
    """bench_pipeline.py's per-stage figures on these documents (its results go to ``work``)."""
    spec = importlib.util.spec_from_file_location(
        "bench_pipeline", REPO / "benchmarks" / "bench_pipeline.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SAMPLES, module.RESULTS = paths, work
    with contextlib.redirect_stdout(io.StringIO()):
        module.main()
    return json.loads((work / "pipeline.json").read_text(encoding="utf-8"))


def text_floor(paths: list[Path]) -> dict[str, float]:
    """underthesea word segmentation of each document's normalised text, line by line (as
    bench_pipeline's floor), timed over the whole set in this one process."""
    from underthesea import word_tokenize
    from vanban.nlp.ingest import read_document
    from vanban.nlp.normalize import clean_text

    texts = [clean_text(read_document(p.read_bytes(), filename=p.name).text).text for p in paths]
    word_tokenize("khởi động")  # the CRF model loads outside the timing
    started = time.perf_counter()
    for text in texts:
        for line in text.split("\n"):
            if line:
                word_tokenize(line, use_token_normalize=False)
    seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    return {
        "seconds": seconds,
        "documents": len(paths),
        "chars": chars,
        "chars_per_s": chars / seconds,
        "documents_per_s": len(paths) / seconds,
    }


def pdf_floor(paths: list[Path]) -> dict[str, float]:
    """pdfminer's own text extraction of each PDF, timed over the set in this one process."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    pages = 0
    for path in paths:
        with open(path, "rb") as handle:
            pages += sum(1 for _ in PDFPage.get_pages(handle))
    started = time.perf_counter()
    chars = sum(len(extract_text(str(path))) for path in paths)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "documents": len(paths),
        "chars": chars,
        "pages": pages,
        "chars_per_s": chars / seconds,
        "documents_per_s": len(paths) / seconds,
        "ms_per_page": 1000 * seconds / pages,
    }


def batch_figures(
    folder: Path, out: Path, backend: str, workers: int, **watch: Any
) -> dict[str, Any]:
    """One ``vanban batch`` run over ``folder``, with what it wrote read back."""
    argv = batch_argv(
        [folder], out, workers=workers, fmt="jsonl", dask="local" if backend == "dask" else None
    )
    run = run_watched(argv, out, **watch)
    records = contracts(out, "jsonl") if (out / "results.jsonl").exists() else []
    summary = run["summary"] or {}
    seconds = summary.get("seconds") or run["wall_s"]
    done = summary.get("done", len(records))
    chars = sum(len(text_of(r)) for r in records)
    pages = sum(source_of(r).get("pages") or 0 for r in records)
    figures = {
        "backend": backend,
        "workers": workers,
        "returncode": run["returncode"],
        "documents": done,
        "failed": _count(summary.get("failed")),
        "skipped": summary.get("skipped"),
        "seconds": round(seconds, 2),
        "wall_s": run["wall_s"],
        "documents_per_s": done / seconds,
        "documents_per_s_wall": done / run["wall_s"],
        "steady_documents_per_s": run["steady"]["documents_per_s"] if run["steady"] else None,
        "first_done_s": run["steady"]["first_done_s"] if run["steady"] else None,
        "chars": chars,
        "chars_per_s": chars / seconds,
        "pages": pages,
        "ms_per_page": 1000 * seconds / pages if pages else None,
        "rss": run["rss"],
        "checkpoints": run["checkpoints"],
        "stray_processes": run["stray_processes"],
        "results_mb": round((out / "results.jsonl").stat().st_size / 2**20, 1) if records else 0,
        "ledger_mb": round((out / LEDGER).stat().st_size / 2**20, 1)
        if (out / LEDGER).exists()
        else 0,
    }
    if run["returncode"] != 0 or not records:
        figures["log_tail"] = run["log_tail"]
    return figures


def _count(value: Any) -> int | None:
    """summary.json lists the failed documents; the tables want how many."""
    return len(value) if isinstance(value, list) else value


def compare(
    name: str, folder: Path, runs: tuple[tuple[str, int], ...], floor: dict[str, float], work: Path
) -> list[dict[str, Any]]:
    rows = []
    for backend, workers in runs:
        out = work / "out" / f"{name.replace(' ', '-')}-{backend}-{workers}"
        row = {"input": name, **batch_figures(folder, out, backend, workers)}
        row["time_over_floor"] = row["seconds"] / floor["seconds"]
        steady = row["steady_documents_per_s"]  # without start-up: the pipeline's own pace
        row["steady_time_over_floor"] = (
            row["documents"] / steady / floor["seconds"] if steady else None
        )
        rows.append(row)
        print(
            f"{name:9} {backend:5} ×{workers}: {row['documents_per_s']:.2f} docs/s, "
            f"worker peak {row['rss']['worker_max_mb']} MB",
            flush=True,
        )
        shutil.rmtree(out, ignore_errors=True)
    return rows


def scaling(rows: list[dict[str, Any]]) -> dict[str, float]:
    ratios = {}
    for name in dict.fromkeys(r["input"] for r in rows):
        by_run = {
            (r["backend"], r["workers"]): r["documents_per_s"] for r in rows if r["input"] == name
        }
        if LOCAL_1 in by_run and LOCAL_2 in by_run:
            ratios[f"{name}: 2 workers / 1 worker"] = by_run[LOCAL_2] / by_run[LOCAL_1]
        if LOCAL_2 in by_run and DASK_2 in by_run:
            ratios[f"{name}: Dask 2 / local 2"] = by_run[DASK_2] / by_run[LOCAL_2]
    return ratios


def fit_sizes(
    planned: tuple[int, ...], reference: dict[str, Any], seconds_left: float
) -> tuple[int, ...]:
    """The planned sizes whose runs fit in the time left, at the rate of the text 2-worker run:
    the largest first (scaled down to a multiple of 500 when even it does not fit), then the
    next ones down while they fit."""
    rate = reference["steady_documents_per_s"] or reference["documents_per_s"]
    startup = reference["first_done_s"] or 0.0

    def cost(n: int) -> float:
        return startup + n / rate

    largest = max(planned)
    if cost(largest) > seconds_left:
        largest = max(100, int(rate * (seconds_left - startup)) // 100 * 100)
    chosen = [largest]
    for size in sorted((s for s in planned if s < largest), reverse=True):
        if sum(map(cost, chosen)) + cost(size) <= seconds_left:
            chosen.append(size)
    return tuple(sorted(chosen))


def growth(texts: list[Path], sizes: tuple[int, ...], work: Path) -> list[dict[str, Any]]:
    """Separate runs on the first N documents; the largest also records its progress."""
    rows = []
    for size in sizes:
        folder = _archive.subset(texts[:size], work / "sizes" / str(size))
        out = work / "out" / f"size-{size}"
        marks: list[int] = []
        if size == max(sizes):  # the largest run shows its own growth as it goes
            marks = [
                m for m in sorted({500, 1000, 2000, *sizes, size // 4, size // 2}) if m <= size
            ]
        row = {"size": size, **batch_figures(folder, out, "local", 2, checkpoints=marks)}
        rows.append(row)
        print(
            f"size {size}: {row['seconds']:.0f} s, {row['documents_per_s']:.2f} docs/s, "
            f"parent {row['rss']['parent_mb']} MB, worker {row['rss']['worker_max_mb']} MB",
            flush=True,
        )
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _row(*cells: object) -> str:
    return "| " + " | ".join(map(str, cells)) + " |"


def _table(*header: str) -> list[str]:
    return [_row(*header), _row(*["---"] * len(header))]


def markdown(result: dict[str, Any]) -> str:
    m, plan = result["machine"], result["plan"]
    load = " / ".join(f"{x:.2f}" for x in m["load_average"])
    lines = [
        "# vanban batch: throughput, scaling, memory",
        "",
        f"Machine: {m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}; load average at "
        f"start {load} (1/5/15 min), at end {result['load_average_end'][0]:.2f}. Other processes "
        f"share the cores: figures are lower bounds. Run: `{result['command']}` "
        f"({result['total_seconds'] / 60:.0f} min).",
        "",
        "## Per stage (one process, bench_pipeline.py on "
        f"{result['stages']['input']['text_documents']} archive documents)",
        "",
        *_table("stage", "chars/s", "ms/page"),
    ]
    for name, row in result["stages"]["stages"].items():
        lines.append(_row(name, f"{row['chars_per_s']:,.0f}", _num(row.get("ms_per_page"), 1)))
    lines += ["", *(f"- {k}: {v:.2f}×" for k, v in result["stages"]["ratios"].items())]
    lines += ["", "## End to end through `vanban batch` (jsonl output)", ""]
    lines += _table(
        "input",
        "backend",
        "workers",
        "docs",
        "failed",
        "docs/s",
        "steady docs/s",
        "chars/s",
        "ms/page",
        "first doc s",
        "wall s",
        "parent peak MB",
        "worker peaks MB",
        "steady time ÷ floor",
    )
    for r in result["end_to_end"]:
        lines.append(
            _row(
                r["input"],
                r["backend"],
                r["workers"],
                r["documents"],
                r["failed"],
                _num(r["documents_per_s"]),
                _num(r["steady_documents_per_s"]),
                f"{r['chars_per_s']:,.0f}",
                _num(r["ms_per_page"], 0),
                _num(r["first_done_s"], 1),
                _num(r["wall_s"], 1),
                r["rss"]["parent_mb"],
                " / ".join(f"{p:.0f}" for p in r["rss"]["worker_peaks_mb"]),
                _num(r["steady_time_over_floor"]),
            )
        )
    lines += [
        "",
        *(f"- {k}: {v:.2f}×" for k, v in result["scaling"].items()),
        "- docs/s, chars/s and ms/page use the batch's own seconds (summary.json, start-up "
        "included); steady docs/s counts from the first to the last document seen done in the "
        "ledger (workers up); first doc s is when the first document was done (start-up: spawning "
        "workers, loading the pipeline); wall s is the whole command, results.jsonl written.",
        "- steady time ÷ floor: the batch's time for these documents at its steady rate over the "
        "floor's seconds on the same documents (floor in one process; underthesea word "
        "segmentation for text, pdfminer extract_text for PDF); with start-up: batch.json "
        "`time_over_floor`.",
        "- worker peaks: every process below the batch (Dask: its 2 worker processes, small, "
        "and the pipeline process each one runs).",
        "",
        "## Floors (same documents, one process)",
        "",
        *_table("input", "floor", "docs", "seconds", "docs/s", "chars/s", "ms/page"),
    ]
    for name, f in result["floors"].items():
        lines.append(
            _row(
                name,
                f["floor"],
                f["documents"],
                _num(f["seconds"]),
                _num(f["documents_per_s"]),
                f"{f['chars_per_s']:,.0f}",
                _num(f.get("ms_per_page"), 1),
            )
        )
    lines += ["", "## Growth with the archive's size (text, 2 local workers, separate runs)", ""]
    if tuple(plan["sizes_run"]) != tuple(plan["sizes"]):
        lines += [
            f"Planned sizes {', '.join(map(str, plan['sizes']))} did not fit the "
            f"{plan['budget_min']:g}-minute budget at the measured rate; ran "
            f"{', '.join(map(str, plan['sizes_run']))}.",
            "",
        ]
    lines += _table(
        "documents",
        "seconds",
        "wall s",
        "docs/s",
        "steady docs/s",
        "parent peak MB",
        "worker peak MB",
        "tree peak MB",
        "results.jsonl MB",
        "ledger MB",
    )
    for r in result["growth"]:
        rss = r["rss"]
        lines.append(
            _row(
                f"{r['size']:,}",
                _num(r["seconds"], 0),
                _num(r["wall_s"], 0),
                _num(r["documents_per_s"]),
                _num(r["steady_documents_per_s"]),
                rss["parent_mb"],
                rss["worker_max_mb"],
                rss["tree_sum_max_mb"],
                r["results_mb"],
                r["ledger_mb"],
            )
        )
    largest = result["growth"][-1] if result["growth"] else None
    if largest and largest["checkpoints"]:
        lines += [
            "",
            f"Progress of the {largest['size']:,}-document run (sampled every 0.5 s):",
            "",
        ]
        lines += _table(
            "done", "elapsed s", "parent RSS now MB", "parent peak MB", "worker peak MB"
        )
        lines += [
            _row(
                f"{c['done']:,}",
                _num(c["elapsed_s"], 0),
                c["parent_now_mb"],
                c["parent_peak_mb"],
                c["worker_peak_mb"],
            )
            for c in largest["checkpoints"]
        ]
    lines += [
        "",
        "RSS is resident memory sampled every 0.5 s from outside (psutil, whole process tree); "
        "worker peak is the largest single worker process; shared pages count in each process.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a small run (< 1 min) to check the harness"
    )
    parser.add_argument("--sizes", help="archive sizes for the growth runs, comma-separated")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary archive and outputs"
    )
    parser.add_argument(
        "--budget-min",
        type=float,
        default=30.0,
        help="minutes for the whole run: the growth sizes are scaled down to fit",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else plan.sizes
    info = machine()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="vanban-bench-batch-"))
    try:
        texts = _archive.write_text(work / "archive-text", max(plan.text_docs, *sizes))
        pdfs = _archive.write_pdf(work / "archive-pdf", plan.pdf_docs)
        real = _archive.born_digital_pdfs()[: plan.real_pdfs]
        print(
            f"archive: {len(texts)} text, {len(pdfs)} PDF, {len(real)} real PDF in {work}",
            flush=True,
        )
        stages = stage_figures(texts[: plan.stage_docs], work / "stages")
        inputs = {
            "text": (
                _archive.subset(texts[: plan.text_docs], work / "set-text"),
                texts[: plan.text_docs],
            ),
            "pdf": (work / "archive-pdf", pdfs),
            "real pdf": (_archive.subset(real, work / "set-real"), real),
        }
        floors = {
            "text": {"floor": "underthesea word_tokenize", **text_floor(texts[: plan.text_docs])},
            "pdf": {"floor": "pdfminer extract_text", **pdf_floor(pdfs)},
        }
        if real:
            floors["real pdf"] = {"floor": "pdfminer extract_text", **pdf_floor(real)}
        end_to_end = []
        for name, runs in plan.runs.items():
            if name in floors:
                end_to_end += compare(name, inputs[name][0], runs, floors[name], work)
        reference = next(
            r
            for r in end_to_end
            if r["input"] == "text" and (r["backend"], r["workers"]) == LOCAL_2
        )
        seconds_left = 60 * args.budget_min - (time.perf_counter() - started)
        fitted = sizes if args.sizes or args.quick else fit_sizes(sizes, reference, seconds_left)
        if fitted != sizes:
            print(f"growth sizes {sizes} do not fit in the {seconds_left:.0f} s left: ran {fitted}")
        result = {
            "machine": info,
            "command": "python benchmarks/bench_batch.py"
            + (" --quick" if args.quick else "")
            + (f" --sizes {args.sizes}" if args.sizes else ""),
            "plan": {
                **asdict(plan),
                "sizes": sizes,
                "sizes_run": fitted,
                "budget_min": args.budget_min,
            },
            "stages": {k: stages[k] for k in ("input", "stages", "ratios", "peak_rss_mb")},
            "floors": floors,
            "end_to_end": end_to_end,
            "scaling": scaling(end_to_end),
            "growth": growth(texts, fitted, work),
            "load_average_end": [round(x, 2) for x in os.getloadavg()],
            "total_seconds": round(time.perf_counter() - started, 1),
        }
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "batch.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    text = markdown(result)
    (RESULTS / "batch.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
