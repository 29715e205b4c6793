"""``vanban batch INPUT...`` → the documents to read, sorted and each once.

An input is a file, a folder (read recursively) or a glob pattern (``**`` allowed; quote it so
that the shell leaves it to us, which also avoids "argument list too long" on big archives).
Hidden files and folders met while walking are skipped (editors' and our own temporary files), as
is everything under the output folder (a batch run on ``.`` must not read its own results) and
anything that is not a regular file (FIFOs, sockets, devices, broken links). A file named
explicitly is taken even when hidden. Symbolic links to folders are not followed: they may loop.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_GLOB_CHARS = frozenset("*?[")


@dataclass
class Inputs:
    # absolute, resolved, sorted, unique; strings, not Paths: a quarter of the memory per file,
    # which counts for an archive of hundreds of thousands of documents
    paths: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # inputs that gave no document at all


def expand_inputs(
    inputs: Sequence[str | os.PathLike[str]], *, exclude: Path | None = None
) -> Inputs:
    """Every regular file the inputs name; ``exclude`` (the output folder) is never entered."""
    excluded = exclude.resolve() if exclude is not None else None
    found: set[str] = set()
    unmatched: list[str] = []
    for raw in inputs:
        matched = False
        for candidate in _matches(os.fspath(raw)):
            for path in _files_under(candidate, excluded):
                resolved = os.path.realpath(path)
                if excluded is not None and _is_within(resolved, excluded):
                    continue
                found.add(resolved)
                matched = True
        if not matched:
            unmatched.append(os.fspath(raw))
    return Inputs(sorted(found), unmatched)


def _matches(raw: str) -> list[Path]:
    literal = Path(raw).expanduser()
    if os.path.lexists(literal):  # a real name wins over a pattern ("[2023] báo cáo.pdf")
        return [literal]
    if _GLOB_CHARS.intersection(raw):
        return [Path(p) for p in sorted(glob.glob(os.path.expanduser(raw), recursive=True))]
    return []


def _files_under(path: Path, excluded: Path | None) -> Iterator[Path]:
    if excluded is not None and path.resolve().is_relative_to(excluded):
        return
    if not path.is_dir():
        if _is_regular_file(path):
            yield path
        return
    for root, dirs, files in os.walk(path, followlinks=False):
        # prune in place: os.walk then never enters hidden folders or the output folder
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and (excluded is None or Path(root, d).resolve() != excluded)
        )
        for name in sorted(files):
            candidate = Path(root, name)
            if not name.startswith(".") and _is_regular_file(candidate):
                yield candidate


def _is_within(resolved: str, folder: Path) -> bool:
    return resolved == str(folder) or resolved.startswith(str(folder) + os.sep)


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)  # follows a link to a file; a broken one fails
    except OSError:
        return False
