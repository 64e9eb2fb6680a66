"""Batch speed: 200 deals x 841 members, serial ``simulate`` vs a LocalCluster of 2 workers.

The deals are a Latin hypercube (seed 2026) over six levers of the US, China
and the rest of the world, starting from current policies. The serial run
calls :func:`accord.batch.evaluate` (``simulate(..., attribution=False)``) in
this process with numba's default threads; the cluster run is
:func:`accord.batch.run_batch` on a :func:`accord.batch.runner.local_cluster`
of 2 worker processes with one numba thread each. Both start warm (the kernel
compiled or loaded from numba's cache, the history on disk, the baseline
memoised); the cluster's start-up is timed separately.

The machine may be shared, so serial and cluster runs alternate for
``--rounds`` rounds; the best and the median of each are reported, with the
CPU seconds spent per scenario (serial: this process; cluster: the workers),
which other load does not inflate, and the load average. Also reported: the
peak resident memory of each worker, scenarios per second, and whether the
batch table equals the serial results exactly.

Run: ``python benchmarks/bench_batch.py [--scenarios 200] [--members 841] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (MB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """User + system CPU seconds of this process (all threads)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _numba_threads() -> int:
    import numba

    return int(numba.get_num_threads())


def _same(table, outcomes) -> bool:  # type: ignore[no-untyped-def]
    for o in outcomes:
        for key, value in o.row.items():
            got = table.loc[o.name, key]
            nan = isinstance(value, float) and np.isnan(value)
            if not ((nan and np.isnan(got)) or (not nan and got == value)):
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--members", type=int, default=841)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from accord.batch import evaluate, prewarm_history, run_batch
    from accord.batch.runner import local_cluster
    from accord.batch.store import read_results
    from accord.batch.sweep import design, parse_vary, sweep_items

    varies = [parse_vary(v) for v in (
        "china.power.solar_additions_gw_per_yr=100:900",
        "china.power.coal_phase_out_year=2040:2100",
        "us.methane.oil_gas_cut_frac=0:1",
        "us.targets.net_zero_year=2040:2100",
        "row.methane.agriculture_cut_frac=0:0.5",
        "row.other_co2.reduction_pct_per_yr=0:5",
    )]
    samples = design(varies, method="lhs", samples=args.scenarios, seed=2026)
    items, _ = sweep_items("current-policies", samples, varies)
    members = None if args.members == 841 else args.members
    n = len(items)

    # warm-up: compile/load the kernel, cache the history, memoise the baseline
    prewarm_history(items, members)
    evaluate(items[0], members=members)

    serial_s, serial_cpu, cluster_s, cluster_cpu, loads = [], [], [], [], []
    start = time.perf_counter()
    with local_cluster(args.workers) as client:
        t_start = time.perf_counter() - start
        client.run(evaluate, items[0], members=members)  # same warm-up on each worker
        threads = sorted(set(client.run(_numba_threads).values()))
        for r in range(args.rounds):
            loads.append(os.getloadavg()[0])
            cpu0, t0 = _cpu_s(), time.perf_counter()
            serial = [evaluate(item, members=members) for item in items]
            serial_s.append(time.perf_counter() - t0)
            serial_cpu.append(_cpu_s() - cpu0)
            with tempfile.TemporaryDirectory() as tmp:
                w0 = sum(client.run(_cpu_s).values())
                t0 = time.perf_counter()
                summary = run_batch(items, Path(tmp) / "out", scheduler=client,
                                    members=members)
                cluster_s.append(time.perf_counter() - t0)
                cluster_cpu.append(sum(client.run(_cpu_s).values()) - w0)
                table = read_results(Path(tmp) / "out").set_index("scenario")
            print(f"round {r + 1}: serial {serial_s[-1]:.1f} s, cluster {cluster_s[-1]:.1f} s, "
                  f"speed-up {serial_s[-1] / cluster_s[-1]:.2f}x (load average {loads[-1]:.1f})",
                  flush=True)
        worker_rss = client.run(_peak_rss_mb)

    failed = [o.name for o in serial if not o.ok]
    same = _same(table, [o for o in serial if o.ok])
    best_s, best_c = min(serial_s), min(cluster_s)
    med_s, med_c = statistics.median(serial_s), statistics.median(cluster_s)
    print(f"scenarios: {n} x {args.members} members, {args.rounds} rounds"
          + (f" ({len(failed)} failed in both: {failed[:3]})" if failed else ""))
    print(f"serial ({_numba_threads()} numba threads, the default): best {best_s:.1f} s = "
          f"{n / best_s:.2f} scenarios/s, "
          f"median {med_s:.1f} s; CPU {statistics.median(serial_cpu) / n * 1000:.0f} ms per "
          f"scenario; peak RSS {_peak_rss_mb():.0f} MB")
    print(f"LocalCluster ({args.workers} workers x {threads} numba thread): best {best_c:.1f} s "
          f"= {n / best_c:.2f} scenarios/s, median {med_c:.1f} s; worker CPU "
          f"{statistics.median(cluster_cpu) / n * 1000:.0f} ms per scenario; start-up "
          f"{t_start:.1f} s (not included); {summary.ran} run, {len(summary.failures)} failed")
    print(f"speed-up: best {best_s / best_c:.2f}x, median {med_s / med_c:.2f}x "
          f"(best with start-up: {best_s / (best_c + t_start):.2f}x)")
    for address, rss in sorted(worker_rss.items()):
        print(f"worker {address}: peak RSS {rss:.0f} MB")
    print(f"batch table equals serial results exactly: {same}")


if __name__ == "__main__":
    main()
