"""Batch on an external ``dask scheduler`` + ``dask worker`` processes on loopback.

The test starts the processes on free ports, checks that the results equal
serial ``simulate`` exactly, kills one worker (its nanny and process) in the
middle of a run and checks that every scenario is still there, then tears the
processes down.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from accord.batch import run_batch, scenario_items
from accord.batch.evaluate import flatten
from accord.batch.store import read_results
from accord.climate.history import cache_dir
from accord.pipeline import simulate

MEMBERS = 20
PRESETS = ("current-policies", "sunnylands-2023", "global-methane-pledge",
           "net-zero-co2-2050-stretch",
           "us-ndc-2035", "china-ndc-2035")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask() -> list[str]:
    exe = shutil.which("dask")
    return [exe] if exe else [sys.executable, "-m", "dask"]


class Cluster:
    """A scheduler and workers as subprocesses in their own process groups."""

    def __init__(self, workers: int, log_dir: Path) -> None:
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.env = dict(os.environ, NUMBA_NUM_THREADS="1",
                        ACCORD_CACHE_DIR=str(cache_dir().parent))
        self.logs = log_dir
        self.scheduler = self._start("scheduler", ["scheduler", "--host", "127.0.0.1",
                                                   "--port", str(self.port),
                                                   "--dashboard-address", "127.0.0.1:0"])
        self.workers = [self._start(f"worker{i}", [
            "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
            "--nworkers", "1", "--dashboard-address", "127.0.0.1:0", "--nanny"])
            for i in range(workers)]

    def _start(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"{name}.log", "wb")  # closed when the process ends
        return subprocess.Popen([*_dask(), *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL a process and its children (the nanny's worker)."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def close(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)


@pytest.fixture
def cluster(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    c = Cluster(2, tmp_path)
    try:
        with distributed.Client(c.address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
            yield c, client
    finally:
        c.close()


def _check_equal_serial(out: Path) -> None:
    table = read_results(out).set_index("scenario")
    assert sorted(table.index) == sorted(PRESETS)
    assert (table["status"] == "ok").all()
    for name in PRESETS:
        r = simulate(name, members=MEMBERS, attribution=False)
        serial = flatten(r.verdict.to_dict())
        serial.update(flatten(r.avoided.to_dict(), "vs_baseline."))
        serial.pop("scenario")
        for key, value in serial.items():
            got = table.loc[name, key]
            if isinstance(value, float) and np.isnan(value):
                assert np.isnan(got), key
            else:
                assert got == value, (name, key, got, value)


def _listening(pid: int) -> list[str]:
    import psutil

    proc = psutil.Process(pid)
    return [c.laddr.ip for p in [proc, *proc.children(recursive=True)]
            for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]


def test_external_scheduler_equals_serial(cluster, tmp_path: Path) -> None:
    c, _ = cluster
    addresses = [ip for proc in [c.scheduler, *c.workers] for ip in _listening(proc.pid)]
    assert addresses and set(addresses) == {"127.0.0.1"}  # loopback only
    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS], "test")
    summary = run_batch(items, tmp_path / "out", scheduler=c.address, members=MEMBERS)
    assert summary.workers == 2 and not summary.failures
    _check_equal_serial(tmp_path / "out")


def test_killed_worker_batch_completes(cluster, tmp_path: Path) -> None:
    c, client = cluster
    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS], "test")
    killed: list[float] = []

    def kill_after_first_chunk(done: int, total: int) -> None:
        if not killed and done < total:
            c.kill(c.workers[0])
            killed.append(time.time())

    summary = run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS,
                        chunk_size=1, on_chunk=kill_after_first_chunk)
    assert killed, "the batch finished before a worker could be killed"
    assert c.workers[0].poll() is not None  # really dead
    assert not summary.failures and summary.ran == len(PRESETS)
    _check_equal_serial(tmp_path / "out")
