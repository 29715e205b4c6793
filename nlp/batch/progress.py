"""What a running batch shows on stderr: a rich progress bar on a terminal, plain lines otherwise.

Both count every input (done, failed or skipped) against the total and show the rate and the time
left; a log file (cluster job, CI) gets one line every few seconds instead of redraws.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

_LABELS = {
    "vi": {"done": "xong", "failed": "lỗi", "skipped": "bỏ qua", "rate": "vb/s", "left": "còn"},
    "en": {
        "done": "done",
        "failed": "failed",
        "skipped": "skipped",
        "rate": "docs/s",
        "left": "left",
    },
}


class BatchProgress(Protocol):
    def advance(self, outcome: str, *, read: bool = True) -> None:
        """``outcome`` is done, failed or skipped; ``read`` is false for a failure known before."""

    def close(self) -> None: ...


def make_progress(total: int, lang: str = "vi", stream: IO[str] | None = None) -> BatchProgress:
    stream = stream or sys.stderr
    if stream.isatty():
        return RichProgress(total, lang, stream)
    return PlainProgress(total, lang, stream)


class _Counts:
    def __init__(self, lang: str) -> None:
        self.labels = _LABELS.get(lang, _LABELS["en"])
        self.values = {"done": 0, "failed": 0, "skipped": 0}

    def describe(self) -> str:
        return ", ".join(f"{self.labels[k]} {v}" for k, v in self.values.items())


class _RateColumn(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        shown = f"{speed:.1f} {self.unit}" if speed else f"– {self.unit}"
        return Text(shown, style="progress.data.speed")


class RichProgress:
    def __init__(self, total: int, lang: str, stream: IO[str]) -> None:
        self.counts = _Counts(lang)
        labels = self.counts.labels
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(labels["rate"]),
            TextColumn(labels["left"]),
            TimeRemainingColumn(),
            console=Console(file=stream),
            speed_estimate_period=60,
        )
        self._task = self._bar.add_task(self.counts.describe(), total=total)
        self._bar.start()

    def advance(self, outcome: str, *, read: bool = True) -> None:
        self.counts.values[outcome] += 1
        self._bar.update(self._task, advance=1, description=self.counts.describe())

    def close(self) -> None:
        self._bar.stop()


class PlainProgress:
    """A line every ``interval`` seconds and one at the end; the rate counts read documents only."""

    def __init__(self, total: int, lang: str, stream: IO[str], interval: float = 10.0) -> None:
        self.counts = _Counts(lang)
        self.total = total
        self.stream = stream
        self.interval = interval
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._last = self._started
        self._read = 0  # documents actually read in this run: the rate's numerator

    def advance(self, outcome: str, *, read: bool = True) -> None:
        with self._lock:
            self.counts.values[outcome] += 1
            self._read += outcome != "skipped" and read
            now = time.monotonic()
            if now - self._last >= self.interval:
                self._last = now
                self._emit(now)

    def close(self) -> None:
        with self._lock:
            self._emit(time.monotonic())

    def _emit(self, now: float) -> None:
        values, labels = self.counts.values, self.counts.labels
        seen = sum(values.values())
        rate = self._read / max(now - self._started, 1e-9)
        line = f"[{seen}/{self.total}] {self.counts.describe()} · {rate:.1f} {labels['rate']}"
        if rate and seen < self.total:
            left = int((self.total - seen) / rate)
            line += f" · {labels['left']} {left // 3600:d}:{left % 3600 // 60:02d}:{left % 60:02d}"
        print(line, file=self.stream, flush=True)
