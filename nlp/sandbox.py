"""Documents through the pipeline in worker processes, under a time and a memory limit each.

The service, ``vanban batch`` and the Dask workers all run documents here, so a poisoned file
(a parser that hangs in C, a stream that decompresses to gigabytes, a crash) costs one document,
never the caller. Workers are pebble processes: a task over its time limit gets its worker killed
and replaced, whatever the worker was doing, and a worker that dies fails only its own task.
Each worker loads the pipeline once.

An outcome is plain data, the same from every runner:
``{"ok": True, "result": <contract JSON>, "attempts": n}`` or
``{"ok": False, "code": <error code>, "detail": str, "attempts": n}``.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

Outcome = dict[str, Any]

# A crash or a hang may be the machine's (memory pressure, a killed process): one more try.
RETRIED_CODES = frozenset({"timeout", "worker_crashed"})

_NLP: Any = None


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 60.0
    memory_bytes: int = 2 * 1024**3  # 0 = no cap
    retries: int = 1


def failure(code: str, detail: str = "") -> Outcome:
    return {"ok": False, "code": code, "detail": detail}


def init_worker(memory_bytes: int) -> None:
    """Cap the data segment (heap and anonymous maps; inherited by the OCR and LibreOffice
    children), keep Tesseract single-threaded (it thrashes on 2 cores otherwise), load the
    pipeline."""
    global _NLP
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if threading.current_thread() is threading.main_thread():  # a pool worker, not a Dask thread
        _exit_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .pipeline import default_nlp

    _NLP = default_nlp()


def _exit_with_parent() -> None:
    """A worker whose parent was killed (kill -9 of the server or batch) would wait for tasks
    forever, holding a loaded pipeline: it leaves as soon as it is orphaned."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="vanban-parent-watch", daemon=True).start()


def run_bytes(data: bytes, filename: str) -> Outcome:
    """Process one document in this process; every failure becomes a code, never an exception."""
    from .errors import VanbanError
    from .process import process

    try:
        result = process(data, filename=filename, nlp=_NLP)
        return {"ok": True, "result": result.model_dump(mode="json")}
    except VanbanError as err:
        return failure(err.code, err.detail)
    except MemoryError:
        return failure("too_large", "memory limit")
    except RecursionError:
        return failure("internal_error", "RecursionError")
    except Exception as err:  # a parser's own exception never reaches the user as such
        return failure("internal_error", type(err).__name__)


def run_path(path: str, filename: str) -> Outcome:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return failure("file_not_found", type(err).__name__)
    return run_bytes(data, filename)


class DocumentPool:
    """``workers`` processes; ``submit`` returns a Future of the outcome that never raises."""

    def __init__(self, workers: int, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._pool = ProcessPool(
            max_workers=max(1, workers),
            initializer=init_worker,
            initargs=(self.limits.memory_bytes,),
            # never fork a threaded parent (the server, a Dask worker)
            context=multiprocessing.get_context("spawn"),
        )

    def start(self) -> None:
        """Start the workers now (they load the pipeline) rather than at the first document."""
        _ = self._pool.active  # pebble starts a created pool when asked whether it is active

    @property
    def broken(self) -> bool:
        """pebble gives up on the whole pool when a worker dies outside any task (an idle
        worker killed by the OOM killer, say): such a pool takes no more documents."""
        return not self._pool.active

    def submit(self, path: str, filename: str) -> Future[Outcome]:
        return self._submit(run_path, (path, filename))

    def submit_bytes(self, data: bytes, filename: str) -> Future[Outcome]:
        return self._submit(run_bytes, (data, filename))

    def _submit(self, function: Any, args: tuple[Any, ...]) -> Future[Outcome]:
        outcome: Future[Outcome] = Future()
        outcome.set_running_or_notify_cancel()
        self._attempt(outcome, function, args, 1)
        return outcome

    def _attempt(self, outcome: Future[Outcome], function: Any, args: tuple, attempt: int) -> None:
        task = self._pool.schedule(function, args=args, timeout=self.limits.timeout_s)

        def settle(done: Future[Outcome]) -> None:
            try:
                answer = done.result()
            except TimeoutError:
                answer = failure("timeout", f"> {self.limits.timeout_s:g} s")
            except ProcessExpired as err:
                answer = failure("worker_crashed", f"exit {err.exitcode}")
            except CancelledError:
                answer = failure("cancelled")
            except Exception as err:  # e.g. the pool was closed under us
                answer = failure("internal_error", type(err).__name__)
            if answer.get("code") in RETRIED_CODES and attempt <= self.limits.retries:
                try:
                    self._attempt(outcome, function, args, attempt + 1)
                    return
                except RuntimeError:  # the pool is closing: report this attempt
                    pass
            answer["attempts"] = attempt
            outcome.set_result(answer)

        task.add_done_callback(settle)

    def close(self, *, wait: bool = True) -> None:
        """``wait=False`` stops at once: tasks in flight are dropped (their callers resume them)."""
        if wait:
            self._pool.close()
        else:
            self._pool.stop()
        self._pool.join()

    def __enter__(self) -> DocumentPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(wait=exc[0] is None)
