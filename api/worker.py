"""What runs inside a worker process: the pipeline, loaded once, under time and memory limits.

Workers are separate processes (spawned, not forked from the threaded server), so a parser that
blows up or hangs on a poisoned file costs one job, never the service.
"""

from __future__ import annotations

import os
import resource
import signal
from pathlib import Path
from typing import Any

_NLP: Any = None


class _TimeUp(BaseException):
    """Not an Exception: a parser's own ``except Exception`` must not swallow the time limit."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _TimeUp


def init_worker(memory_bytes: int) -> None:
    """Cap the data segment (heap and anonymous maps; inherited by OCR/LibreOffice children),
    keep Tesseract single-threaded (it thrashes on 2 cores otherwise) and load the pipeline."""
    global _NLP
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    signal.signal(signal.SIGALRM, _on_alarm)
    from vanban.nlp.pipeline import default_nlp

    _NLP = default_nlp()


def run_job(path: str, filename: str, timeout_s: float) -> dict[str, Any]:
    """Process one stored file; the answer is plain data: the contract JSON or a code and detail."""
    try:
        return _run_with_alarm(path, filename, timeout_s)
    except _TimeUp:  # also when the alarm fires between the work and the timer's reset
        return {"ok": False, "code": "timeout", "detail": f"> {timeout_s:g} s"}


def _run_with_alarm(path: str, filename: str, timeout_s: float) -> dict[str, Any]:
    from vanban.nlp.errors import VanbanError
    from vanban.nlp.process import process

    signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        result = process(Path(path).read_bytes(), filename=filename, nlp=_NLP)
        return {"ok": True, "result": result.model_dump(mode="json")}
    except VanbanError as err:
        return {"ok": False, "code": err.code, "detail": err.detail}
    except MemoryError:
        return {"ok": False, "code": "too_large", "detail": "memory limit"}
    except Exception as err:  # a parser's own exception never reaches the user as such
        return {"ok": False, "code": "internal_error", "detail": type(err).__name__}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
