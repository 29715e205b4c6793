"""A synthetic archive for the batch benchmarks: many distinct dispatches made from the samples.

Each document is one of ``samples/seed-*.txt`` with realistic variation drawn from a seeded RNG:
a filled-in number and issue date, other numbers of cited instruments changed, the issuer's place
names swapped for other districts and provinces, and runs of ``-``/``+`` items (recipients, Nơi
nhận, body bullets) shuffled and some left out. Every document has distinct bytes (checked by
SHA-256). PDFs are the same documents rendered the way the tests render seeds
(``tests/ingest/seedpdf.py``). Made in a temporary folder by the benchmark, never shipped.
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("seed-*.txt"))
RAW = REPO.parent / "shared" / "corpus" / "raw"

# Places the samples name (district level first, then provinces); each document maps them to others.
SAMPLE_PLACES = [
    "Sa Đéc",
    "Ngã Năm",
    "Cao Lộc",
    "Tây Sơn",
    "Đồng Tháp",
    "Thái Bình",
    "Lạng Sơn",
    "Sóc Trăng",
    "Bình Định",
]
DISTRICTS = [
    "Hòa Vang",
    "Phù Cát",
    "Lục Ngạn",
    "Tam Nông",
    "Châu Thành",
    "Đức Trọng",
    "Yên Thế",
    "Krông Pắc",
    "Quảng Xương",
    "Tiên Du",
    "Mỹ Xuyên",
    "Hoài Nhơn",
    "Văn Lãng",
    "Cai Lậy",
]
_BULLET = re.compile(r"^\s*[-+•]\s")
_NUMBER_LINE = re.compile(r"^(\s*(?:\*\*)?Số:\s*)(\d*)(\s*/)", re.M)
_BLANK_DATE = re.compile(r"ngày\s+tháng\s+(\d+\s+)?năm\s+(\d{4})")
_FULL_DATE = re.compile(r"(ngày\s+)(\d{1,2})(\s+tháng\s+)(\d{1,2})(\s+năm\s+)(\d{4})")
_CITED_NUMBER = re.compile(r"(số\s+)(\d{2,5})(\s*/)")


@dataclass(frozen=True)
class Document:
    name: str
    seed: str
    text: str


def _provinces() -> list[str]:
    path = REPO / "nlp" / "data" / "province_mergers_2025.tsv"
    rows = [
        ln.split("\t")
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    return sorted({row[0] for row in rows[1:]} - {"Huế", "Thừa Thiên Huế"})


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)


def _swap_places(text: str, rng: random.Random, provinces: list[str]) -> str:
    present = [p for p in SAMPLE_PLACES if p in text]
    mapping = {
        p: rng.choice(DISTRICTS if i < 4 else provinces)
        for i, p in enumerate(SAMPLE_PLACES)
        if p in present
    }
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(p) for p in sorted(mapping, key=len, reverse=True)))
    text = pattern.sub(lambda m: mapping[m.group()], text)
    # headers write the issuer's place in capitals (HUYỆN TÂY SƠN)
    upper = {p.upper(): v.upper() for p, v in mapping.items()}
    return re.sub("|".join(re.escape(p) for p in upper), lambda m: upper[m.group()], text)


def _vary_items(lines: list[str], rng: random.Random) -> list[str]:
    """Shuffle each run of one-line bullet items (blank lines in between allowed), keep
    "Như trên" first and "Lưu" last, and sometimes leave one or two out."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _BULLET.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j, items, gap = i, [], ""
        while j < len(lines) and (
            _BULLET.match(lines[j])
            or (not lines[j].strip() and j + 1 < len(lines) and _BULLET.match(lines[j + 1]))
        ):
            if lines[j].strip():
                items.append(lines[j])
            else:
                gap = "\n"
            j += 1
        head = [it for it in items if it.lstrip("-+• ").startswith("Như")]
        tail = [it for it in items if it.lstrip("-+• ").startswith("Lưu")]
        middle = [it for it in items if it not in head and it not in tail]
        if len(middle) >= 3:
            rng.shuffle(middle)
            for _ in range(rng.choice((0, 0, 1, 2))):
                middle.pop(rng.randrange(len(middle)))
        run = head + middle + tail
        if run and run[-1] is not items[-1]:  # the list's closing punctuation moves with its end
            end = items[-1].rstrip()[-1:]
            run = [it.rstrip().rstrip(";.,") + ";" for it in run[:-1]] + [
                run[-1].rstrip().rstrip(";.,") + end
            ]
        for k, item in enumerate(run):
            out.append(item)
            if gap and k < len(run) - 1:
                out.append("")
        i = j
    return out


def vary(text: str, rng: random.Random, provinces: list[str]) -> str:
    number = rng.randint(1, 4999)
    text = _NUMBER_LINE.sub(lambda m: f"{m.group(1)}{number}{m.group(3)}", text, count=1)
    d, mo, y = _date(rng)
    text = _BLANK_DATE.sub(f"ngày {d} tháng {mo} năm {y}", text, count=1)
    text = _FULL_DATE.sub(
        lambda m: f"{m.group(1)}{d}{m.group(3)}{mo}{m.group(5)}{y}", text, count=1
    )
    text = _CITED_NUMBER.sub(lambda m: f"{m.group(1)}{rng.randint(10, 9999)}{m.group(3)}", text)
    text = _swap_places(text, rng, provinces)
    return "\n".join(_vary_items(text.split("\n"), rng))


def documents(count: int, seed: int = 7) -> Iterator[Document]:
    """``count`` distinct documents, cycling through the samples (same seed: same documents)."""
    rng = random.Random(seed)
    provinces = _provinces()
    bases = [(p.stem, p.read_text(encoding="utf-8")) for p in SAMPLES]
    seen: set[str] = set()
    made = 0
    while made < count:
        stem, base = bases[made % len(bases)]
        text = vary(base, rng, provinces)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        yield Document(f"{made:05d}-{stem}", stem, text)
        made += 1


def write_text(folder: Path, count: int, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in documents(count, seed):
        path = folder / f"{doc.name}.txt"
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


def write_pdf(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """The documents rendered as born-digital PDFs (a different RNG seed from the text set)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.ingest.seedpdf import parse_seed, render_pdf

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in documents(count, seed):
        path = folder / f"{doc.name}.pdf"
        path.write_bytes(render_pdf(parse_seed(doc.text)))
        paths.append(path)
    return paths


def subset(paths: list[Path], folder: Path) -> Path:
    """A folder holding exactly ``paths`` (hard links, so no copies of the bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        target = folder / path.name
        if not target.exists():
            target.hardlink_to(path)
    return folder


def born_digital_pdfs() -> list[Path]:
    """The real PDFs of the shared corpus that have a text layer (scans left out), read in place."""
    manifest = RAW / "MANIFEST.tsv"
    rows = [
        ln.split("\t") for ln in manifest.read_text(encoding="utf-8").splitlines()[1:] if ln.strip()
    ]
    return [
        RAW / row[0]
        for row in rows
        if row[0].endswith(".pdf") and "scan" not in row[-1].lower() and (RAW / row[0]).is_file()
    ]
