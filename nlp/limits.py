"""Per-document time and memory limits for work done in the calling process (``vanban extract``).

The service and batch runs get these from ``nlp.sandbox`` worker processes. In-process, a time
limit is a ``SIGALRM`` timer raising ``FileTimeout`` in the main thread (a ``BaseException``,
so no parser's ``except Exception`` swallows it), and a memory limit is a soft ``RLIMIT_DATA``
set to what the process already uses plus the budget (the allocation past it raises
``MemoryError``). Both are undone when the document is done, so the next one starts afresh.
"""

from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class FileTimeout(BaseException):
    """The document's time limit ran out."""


def data_in_use() -> int:
    """Bytes the process has in its data segment (``VmData``, what RLIMIT_DATA counts)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextmanager
def memory_budget(budget_bytes: int) -> Iterator[None]:
    """At most ``budget_bytes`` more of data segment inside the block (0: no limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = data_in_use() + budget_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if not budget_bytes or (soft != resource.RLIM_INFINITY and soft <= cap):
        yield  # no budget asked, or a tighter limit is already in force
        return
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """``FileTimeout`` if the block runs longer than ``seconds`` (0, or off the main thread:
    no limit, since only the main thread receives signals)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(_signum: int, _frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def per_file(seconds: float, memory_bytes: int) -> Iterator[None]:
    with memory_budget(memory_bytes), time_limit(seconds):
        yield
