"""The batch backend on Dask distributed: ``vanban batch --dask ADDRESS`` (or ``--dask local``).

Same contract as ``LocalBackend``: items go in lazily, ``(item, outcome)`` pairs come back as they
complete (``distributed.as_completed``) with at most ``2 × workers`` documents in flight, and the
outcome dicts are the ones ``vanban.nlp.sandbox`` gives, so the runner's resume rules do not care
where a document ran.

Design:

* **Bytes travel with the task.** Workers may be on other machines, so the client reads each file
  and sends its bytes (only the in-flight window is ever held in memory); an unreadable file gets
  the ``file_not_found`` outcome locally, as ``sandbox.run_path`` would give it. The graph-size
  warning threshold is raised to 100 MB because a 50 MB PDF in a task is intended here.
* **Pipeline once per worker process, same isolation as local.** A ``WorkerPlugin`` (registered
  under a per-backend name, so two batches on one cluster keep their own limits) gives every Dask
  worker one ``DocumentPool`` of ``nthreads`` pebble processes when the worker starts (or joins
  later). Each pebble process loads the pipeline once and runs documents under the hard time limit
  and memory cap, so a poisoned document costs one pebble process, never the Dask worker. Tasks
  only call ``submit_bytes(...).result()``. The plugin's ``teardown`` (worker close or
  ``close()``) stops the pool.
* **Daemonic workers.** A daemonic process cannot start children, and Dask's nanny starts worker
  processes as daemons by default. ``local`` sets ``distributed.worker.daemon: False`` for the
  cluster's lifetime (the nanny reads it again whenever it restarts a worker). A remote cluster's
  workers need ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` in their environment; a daemonic worker
  falls back to running documents in its own process (pipeline loaded once, no hard time limit,
  no memory cap beyond the nanny's, one document at a time): it logs this, and ``warnings(lang)``
  names such workers so the CLI can tell the user.
* **Dask's own retries.** A Dask worker lost mid-task (killed, out of memory, its machine gone)
  has its tasks rerun elsewhere by the scheduler until ``allowed-failures`` is exceeded, then the
  task ends as ``KilledWorker`` → outcome ``worker_crashed``; for ``local`` that setting is
  ``limits.retries``, so a document gets as many tries as locally. Tasks are submitted with
  ``retries=1`` (an exception in the task itself runs it once more), ``pure=False`` (identical
  documents under two names are two tasks) and a readable key ``vanban-<sha256[:12]>-<random>``.
* An unreachable scheduler raises ``ClusterUnavailable`` (with a vi/en ``message``), a usage error
  rather than a document's failure. A lost connection ends in-flight futures as cancelled, which
  the runner does not record, so the next run reads those documents again.
* ``worker_report()`` shows, per worker, its pid, whether it isolates documents, how many pools it
  started and tasks it ran, and its sandbox processes: how the tests check "once per process".
* ``local`` has no dashboard and logs only errors.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin
from distributed.scheduler import KilledWorker

from .. import sandbox
from ..sandbox import DocumentPool, Limits, Outcome, failure
from .backend import WorkItem

log = logging.getLogger(__name__)

# (Vietnamese, English); shown by the CLI, which picks the language.
NOTICES: dict[str, tuple[str, str]] = {
    "not_isolated": (
        "Các Dask worker sau chạy ở chế độ daemon nên không tách được tiến trình con: {workers}. "
        "Văn bản được xử lý ngay trong worker, không có giới hạn thời gian cứng. "
        "Hãy khởi động worker với DASK_DISTRIBUTED__WORKER__DAEMON=False.",
        "These Dask workers are daemonic and cannot start child processes: {workers}. "
        "Documents run inside the worker, without a hard time limit. "
        "Start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False.",
    ),
}


class ClusterUnavailable(Exception):
    """The scheduler at ``address`` could not be reached (a usage error, not a document's)."""

    def __init__(self, address: str, detail: str) -> None:
        super().__init__(f"{address}: {detail}")
        self.address = address
        self.detail = detail

    def message(self, lang: str = "vi") -> str:
        if lang == "vi":
            return f"Không kết nối được Dask scheduler {self.address}: {self.detail}"
        return f"Could not connect to the Dask scheduler {self.address}: {self.detail}"


class SandboxPlugin(WorkerPlugin):
    """Lives in each Dask worker: the document pool (or the in-process fallback) and counters."""

    idempotent = False

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.pool: DocumentPool | None = None
        self.isolated = False
        self.pools_started = 0
        self.tasks = 0
        self._lock = threading.Lock()
        self._pipeline_loaded = False

    def __getstate__(self) -> dict[str, Any]:  # only the settings travel to the workers
        return {"limits": self.limits}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["limits"])  # type: ignore[misc]

    def setup(self, worker: Any) -> None:
        self.isolated = not multiprocessing.current_process().daemon
        if not self.isolated:
            log.warning(
                "vanban: daemonic Dask worker %s: documents run in-process, no hard "
                "time limit (set DASK_DISTRIBUTED__WORKER__DAEMON=False)",
                worker.address,
            )
            return
        self.pool = DocumentPool(max(1, worker.state.nthreads), self.limits)
        self.pools_started += 1
        # Start the pebble processes (and their pipeline load) now, not on the first document.
        self.pool.submit_bytes(b"", "warm-up.txt")

    def teardown(self, worker: Any) -> None:
        if self.pool is not None:
            self.pool.close(wait=False)
            self.pool = None

    def run(self, data: bytes, filename: str) -> Outcome:
        with self._lock:
            self.tasks += 1
        if self.pool is not None:
            return self.pool.submit_bytes(data, filename).result()
        # Fallback: in this process, one document at a time (the pipeline is not shared between
        # threads), pipeline loaded once, no memory cap (it would cap the whole Dask worker).
        with self._lock:
            if not self._pipeline_loaded:
                sandbox.init_worker(0)
                self._pipeline_loaded = True
            outcome = sandbox.run_bytes(data, filename)
        outcome["attempts"] = 1
        return outcome

    def report(self) -> dict[str, Any]:
        import psutil  # a dependency of distributed

        children = psutil.Process().children()
        return {
            "pid": os.getpid(),
            "isolated": self.isolated,
            "pools_started": self.pools_started,
            "tasks": self.tasks,
            # pebble's processes, each of which loaded the pipeline once when it started
            "sandbox_pids": sorted(
                child.pid for child in children if "spawn_main" in " ".join(_cmdline(child))
            ),
        }


def _cmdline(process: Any) -> list[str]:
    try:
        return process.cmdline()
    except Exception:  # gone or not ours to read
        return []


def process_on_worker(plugin_name: str, data: bytes, filename: str) -> Outcome:
    """The Dask task: one document through this worker's sandbox."""
    plugin = get_worker().plugins.get(plugin_name)
    if plugin is None:
        return {**failure("internal_error", "vanban plugin missing on worker"), "attempts": 1}
    return plugin.run(data, filename)


def _report_on_worker(plugin_name: str, dask_worker: Any) -> dict[str, Any]:
    plugin = dask_worker.plugins.get(plugin_name)
    return plugin.report() if plugin is not None else {}


class DaskBackend:
    """Documents on a Dask cluster: ``address="local"`` starts a LocalCluster of ``workers``
    single-threaded worker processes; any other address is a running scheduler."""

    def __init__(self, address: str, workers: int, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.cluster: LocalCluster | None = None
        self.plugin_name = f"vanban-sandbox-{uuid.uuid4().hex[:8]}"
        config = {"distributed.admin.large-graph-warning-threshold": "100MB"}
        if address == "local":
            config |= {
                "distributed.worker.daemon": False,
                "distributed.scheduler.allowed-failures": self.limits.retries,
            }
        # Kept set until close(): the nanny reads it again when it restarts a worker.
        self._config = dask.config.set(config)
        try:
            if address == "local":
                self.cluster = LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
            else:
                try:
                    self.client = Client(address)
                except (OSError, TimeoutError, ValueError) as err:
                    raise ClusterUnavailable(address, str(err) or type(err).__name__) from err
            self.client.register_plugin(SandboxPlugin(self.limits), name=self.plugin_name)
        except BaseException:
            self._shutdown()
            raise
        threads = sum(self.client.nthreads().values())
        self.workers = threads or max(1, workers)

    def run(self, items: Iterable[WorkItem]) -> Iterator[tuple[WorkItem, Outcome]]:
        window = 2 * self.workers  # keeps every worker thread busy, reads no further ahead
        in_flight: dict[Future, WorkItem] = {}
        completed = as_completed()
        source = iter(items)
        try:
            while True:
                while len(in_flight) < window and (item := next(source, None)) is not None:
                    try:
                        data = Path(item.path).read_bytes()
                    except OSError as err:
                        yield item, {**failure("file_not_found", type(err).__name__), "attempts": 1}
                        continue
                    future = self.client.submit(
                        process_on_worker,
                        self.plugin_name,
                        data,
                        item.filename,
                        key=f"vanban-{item.key[:12]}-{uuid.uuid4().hex[:8]}",
                        pure=False,
                        retries=1,
                    )
                    in_flight[future] = item
                    completed.add(future)
                if not in_flight:
                    return
                future = next(completed)
                yield in_flight.pop(future), self._outcome(future)
        finally:  # the caller stopped early: don't leave work running on the cluster
            if in_flight and self.client is not None:
                try:
                    self.client.cancel(list(in_flight))
                except Exception as err:  # the connection is already gone: nothing runs for us
                    log.debug("cancel: %s", err)

    def _outcome(self, future: Future) -> Outcome:
        try:
            outcome = future.result()
        except KilledWorker:
            outcome = {
                **failure("worker_crashed", "Dask worker lost"),
                "attempts": self.limits.retries + 1,
            }
        except CancelledError:
            outcome = {**failure("cancelled"), "attempts": 1}
        except Exception as err:  # the task itself failed, after Dask ran it once more
            outcome = {**failure("internal_error", type(err).__name__), "attempts": 2}
        finally:
            future.release()
        return outcome

    def worker_report(self) -> dict[str, dict[str, Any]]:
        """Per worker address: pid, isolated, pools_started, tasks run, sandbox_pids."""
        return self.client.run(_report_on_worker, self.plugin_name)

    def warnings(self, lang: str = "vi") -> list[str]:
        """Notices for the user, e.g. workers that cannot isolate documents."""
        unisolated = [
            address
            for address, report in self.worker_report().items()
            if report and not report["isolated"]
        ]
        if not unisolated:
            return []
        vi, en = NOTICES["not_isolated"]
        return [(vi if lang == "vi" else en).format(workers=", ".join(sorted(unisolated)))]

    def close(self) -> None:
        self._shutdown()

    def _shutdown(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            if self.cluster is None:  # a shared cluster: stop our pools, leave the workers
                try:
                    client.unregister_worker_plugin(self.plugin_name)
                except Exception as err:  # already gone; nothing left to stop
                    log.debug("unregister %s: %s", self.plugin_name, err)
            client.close()
            self.client = None  # type: ignore[assignment]
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        if self._config is not None:
            self._config.__exit__(None, None, None)
            self._config = None  # type: ignore[assignment]

    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
