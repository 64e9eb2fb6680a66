"""Run a batch on dask.distributed: chunks of items per task, results as they finish.

The client reads the items, skips those already in the results folder, warms
the history cache, cuts the rest into chunks and submits one task per chunk
(:func:`accord.batch.evaluate.evaluate_chunk`). Finished chunks are written
as part files (:class:`accord.batch.store.ResultStore`) at most every
``FLUSH_S`` seconds and when the run ends or is interrupted, so an interrupted
batch resumes where it stopped; at the end the parts are consolidated.

Sharing the historical state
----------------------------
Every policy run starts from the ensemble's state at the end of 2023
(:func:`accord.climate.historical_state`), which is cached in memory and on
disk (``$ACCORD_CACHE_DIR``). The client computes it once per distinct history
(one per reference SSP and member selection, one per IAMC file) *before* any
task runs, which writes the disk cache; local workers are started with
``ACCORD_CACHE_DIR`` pointing at the client's cache, so each worker process
loads the state from disk once (a fraction of a second) and keeps it in
memory (see :func:`local_cluster`). We chose this over scattering the state
through the scheduler: the
cached history holds every annual diagnostic from 1750 (tens of MB at 841
members), which would travel through the network to every worker, while on
one machine the file is already there. Workers of an external cluster share
it when they are started with the same ``ACCORD_CACHE_DIR``; on another file
system they compute it once each, which gives the same numbers.

Chunks are small enough for about ten tasks per worker: the last chunks then
leave a worker idle for at most a few scenarios' time. Work is not split over
members: an 841-member scenario is one vectorised kernel call of about
50-90 ms and its assessment needs all members together, so chunks of
scenarios keep every worker busy at less overhead.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from accord.batch.errors import BatchInputError
from accord.batch.evaluate import Outcome, evaluate_chunk
from accord.batch.fingerprint import with_context
from accord.batch.sources import BatchItem
from accord.batch.store import ResultStore

__all__ = ["BatchSummary", "local_cluster", "prewarm_history", "run_batch"]

#: at most this often (seconds) finished results are written as a part file: each
#: write costs the client ~0.2 s of CPU, which on a small machine the workers need
FLUSH_S = 3.0

#: environment of local worker processes: one numba thread each (the
#: processes are the parallelism)
WORKER_THREADS_ENV = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                      "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did.

    Attributes
    ----------
    table : DataFrame
        The consolidated results (one row per item, ``status`` ok/failed).
    ran, skipped : int
        Items evaluated now, and items found finished by an earlier run.
    failures : list of (str, str)
        ``(name, error)`` of the items that failed.
    seconds : float
        Wall time.
    workers : int
        Workers the tasks ran on (0 when nothing was left to run).
    """

    table: pd.DataFrame
    ran: int
    skipped: int
    failures: list[tuple[str, str]]
    seconds: float
    workers: int


def prewarm_history(items: Sequence[BatchItem], members: int | Sequence[int] | None,
                    baseline: str = "current-policies") -> int:
    """Compute (and cache on disk) every historical state ``items`` will need.

    A state this process already holds in memory is not written again: if
    the cache folder changed since it was computed, the workers compute it
    once each (same numbers, more time).

    Returns
    -------
    int
        Number of distinct histories.
    """
    import numpy as np
    import xarray as xr

    from accord.climate import historical_state, ssp_emissions_array
    from accord.climate.history import HISTORY_END
    from accord.emissions.world import as_resolved

    histories: dict[tuple[str, int], xr.DataArray] = {}
    deals = [i for i in items if i.kind == "scenario" and i.scenario is not None]
    if deals:
        refs = {as_resolved(baseline).reference_world}
        for item in deals:
            try:
                refs.add(as_resolved(item.scenario).reference_world)  # type: ignore[arg-type]
            except ValueError:
                continue  # it fails again on the worker and is reported there
        for ref in sorted(refs):
            histories[(ref, HISTORY_END)] = ssp_emissions_array([ref])
    species = ssp_emissions_array(["ssp245"])["specie"].values
    for item in items:
        if item.kind == "emissions" and item.emissions is not None:
            years = np.arange(item.first_year, item.first_year + item.emissions.shape[0])
            histories.setdefault((item.source, item.history_end), xr.DataArray(
                item.emissions[None], dims=("scenario", "year", "specie"),
                coords={"scenario": [item.name], "year": years, "specie": species}))
    for (_, end), emissions in histories.items():
        if end > int(emissions["year"].values[0]):
            historical_state(emissions, members=members, end=end)
    return len(histories)


def _chunks(items: Sequence[BatchItem], size: int) -> list[list[BatchItem]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


@contextmanager
def local_cluster(workers: int = 2, environ: Mapping[str, str | None] | None = None,
                  ) -> Iterator[Any]:
    """A ``distributed.Client`` of a LocalCluster on loopback, closed on exit.

    ``workers`` processes with one thread each. Their environment is set in the
    nanny *before* each worker process is spawned (dask's
    ``distributed.nanny.pre-spawn-environ``): numba reads ``NUMBA_NUM_THREADS``
    when it is first imported, so setting it later (``LocalCluster(env=...)``)
    would leave every worker with one numba thread per core, oversubscribing
    the machine. ``ACCORD_CACHE_DIR`` points the workers at the client's
    history cache. ``environ`` adds (or, with None, removes) variables.

    dask's default ``MALLOC_TRIM_THRESHOLD_=65536`` is dropped (glibc's
    adaptive default applies): each scenario allocates and frees temporaries
    of several MB, which that setting hands back to the operating system after
    every scenario; measured on 21 scenarios x 841 members, it multiplied the
    page faults by 5.4 (427 000 against 79 000) and added about 30 ms of system
    time per scenario. A worker's memory stays bounded by one scenario's
    working set (about 400 MB at 841 members).
    """
    import dask
    from distributed import Client, LocalCluster

    from accord.climate.history import cache_dir

    if workers < 1:
        raise BatchInputError(f"--workers = {workers}: allowed 1 or more; fix: raise it")
    env = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    env.pop("MALLOC_TRIM_THRESHOLD_", None)  # glibc's default: see the docstring
    env.update(WORKER_THREADS_ENV, ACCORD_CACHE_DIR=str(cache_dir().parent))
    for key, value in (environ or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    # The nannies of a LocalCluster live in this process and write the workers'
    # variables into its environment before each spawn; put ours back, or numba
    # here would later see NUMBA_NUM_THREADS change under its running thread pool.
    saved = {key: os.environ.get(key) for key in env}
    try:
        with dask.config.set({"distributed.nanny.pre-spawn-environ": env}), LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address="127.0.0.1:0", silence_logs=40) as cluster, \
                Client(cluster) as client:
            _restore_environ(saved)
            yield client
    finally:
        _restore_environ(saved)


def _restore_environ(saved: Mapping[str, str | None]) -> None:
    """Set or remove each variable as ``saved`` says."""
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _client(stack: ExitStack, scheduler: Any, workers: int) -> Any:
    """A dask client: an existing one, a LocalCluster, or a scheduler address."""
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler
    if scheduler in (None, "local"):
        return stack.enter_context(local_cluster(workers))
    address = str(scheduler)
    if not address.startswith(("tcp://", "tls://", "inproc://")):
        raise BatchInputError(f"--scheduler = {address!r}: give 'local' or an address like "
                              "tcp://127.0.0.1:8786; fix: start `dask scheduler` and pass its "
                              "address")
    try:
        return stack.enter_context(Client(address, timeout="10s"))
    except OSError as exc:
        raise BatchInputError(f"--scheduler = {address!r}: cannot connect ({exc}); fix: check "
                              "that `dask scheduler` runs there") from None


def _workers(client: Any, timeout_s: float = 60.0) -> int:
    """Workers connected to the scheduler, waiting up to ``timeout_s`` for the first."""
    n = len(client.scheduler_info(n_workers=-1)["workers"])
    if n == 0:
        try:
            client.wait_for_workers(1, timeout=timeout_s)
        except TimeoutError:
            raise BatchInputError(
                f"--scheduler = {client.scheduler.address}: no worker joined within "
                f"{timeout_s:g} s; fix: start workers with `dask worker "
                f"{client.scheduler.address}`") from None
        n = len(client.scheduler_info(n_workers=-1)["workers"])
    return n


def _failed(chunk: Sequence[BatchItem], exc: BaseException) -> list[Outcome]:
    return [Outcome(item.name, item.sha, error=f"{type(exc).__name__}: {exc}")
            for item in chunk]


def run_batch(
    items: Sequence[BatchItem],
    out: str | os.PathLike[str],
    *,
    scheduler: Any = "local",
    workers: int = 2,
    members: int | None = None,
    baseline: str = "current-policies",
    chunk_size: int | None = None,
    progress: bool = False,
    on_chunk: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Evaluate ``items`` on a dask cluster, writing results to ``out`` as they finish.

    Parameters
    ----------
    items : sequence of BatchItem
        From :func:`accord.batch.sources.read_source` (unique names).
    out : path
        Results folder (see :mod:`accord.batch.store`); reused to resume.
    scheduler : "local", an address ``tcp://HOST:PORT`` or a ``distributed.Client``
        Where to run: a new LocalCluster of ``workers`` processes, or an
        existing scheduler.
    workers : int
        Workers of the LocalCluster.
    members : int, optional
        The first N ensemble members (None: all 841).
    baseline : str
        Baseline of the deals.
    chunk_size : int, optional
        Items per task; default about ten tasks per worker (so the last tasks
        leave little idle time), at most 25 items.
    progress : bool
        Show a rich progress bar on stderr.
    on_chunk : callable, optional
        Called with (items done, items to do) after each chunk finishes.

    Returns
    -------
    BatchSummary
    """
    start = time.perf_counter()
    if members is not None and members < 1:
        raise BatchInputError(f"--members = {members}: allowed 1 to 841; fix: raise it")
    items = with_context(items, baseline, members)  # a bad baseline stops here, before OUT
    store = ResultStore(out, {"members": members, "baseline": baseline})
    try:
        done = store.done()
        todo = [i for i in items if (i.name, i.sha) not in done]
        n_workers = 0
        if todo:
            prewarm_history(todo, members, baseline)
            with ExitStack() as stack:
                client = _client(stack, scheduler, workers)
                n_workers = _workers(client)
                size = chunk_size or min(25, max(1, math.ceil(len(todo) / (10 * n_workers))))
                _run(client, _chunks(todo, size), store, members, baseline, progress,
                     on_chunk)
        table = store.consolidate([i.name for i in items], [i.sha for i in items])
    finally:
        store.close()
    failed = table[table["status"] != "ok"]
    return BatchSummary(table, len(todo), len(items) - len(todo),
                        list(zip(failed["scenario"], failed["error"], strict=True)),
                        time.perf_counter() - start, n_workers)


def _run(client: Any, chunks: list[list[BatchItem]], store: ResultStore,
         members: int | None, baseline: str, progress: bool,
         on_chunk: Callable[[int, int], None] | None) -> None:
    from distributed import as_completed
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    total = sum(len(c) for c in chunks)
    futures = {client.submit(evaluate_chunk, chunk, members, baseline, pure=False): chunk
               for chunk in chunks}
    finished = 0
    flush_s = FLUSH_S  # read at call time (tests change it)
    pending: list[Outcome] = []
    last_write = time.monotonic()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), disable=not progress,
                  transient=False) as bar:
        task = bar.add_task("scenarios", total=total)
        try:
            for future in as_completed(futures):
                chunk = futures[future]
                try:
                    pending += future.result()
                except Exception as exc:  # a task lost for good (e.g. killed too often)
                    pending += _failed(chunk, exc)
                if time.monotonic() - last_write >= flush_s:
                    store.write_part(pending)
                    pending, last_write = [], time.monotonic()
                finished += len(chunk)
                bar.update(task, advance=len(chunk))
                if on_chunk is not None:
                    on_chunk(finished, total)
        finally:  # also on an interruption: keep what has finished
            if pending:
                store.write_part(pending)
