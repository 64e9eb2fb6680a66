"""Batch speed: 200 deals x 841 members, serial ``simulate`` vs a LocalCluster of 2 workers.

The deals are a Latin hypercube (seed 2026) over six levers of the US, China
and the rest of the world, starting from current policies. The serial run
calls :func:`accord.batch.evaluate` (i.e. ``simulate(..., attribution=False)``)
in this process with numba's default threads; the cluster run is
:func:`accord.batch.run_batch` on 2 worker processes with one numba thread
each. Both start after a warm-up (the kernel compiled or loaded from numba's
cache, the history cached on disk); the cluster's start-up is timed
separately. Checks that the two give identical tables, and prints the
speed-up, scenarios per second and the peak resident memory of each worker.

Run: ``python benchmarks/bench_batch.py [--scenarios 200] [--members 841]``
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np


def _peak_rss_mb() -> float:
    """Peak resident memory of this process (MB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _numba_threads() -> int:
    import numba

    return int(numba.get_num_threads())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--members", type=int, default=841)
    parser.add_argument("--workers", type=int, default=2)
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

    # warm-up: compile/load the kernel, cache the history, memoise the baseline
    prewarm_history(items, members)
    evaluate(items[0], members=members)

    start = time.perf_counter()
    serial = [evaluate(item, members=members) for item in items]
    t_serial = time.perf_counter() - start
    failed = [o.name for o in serial if not o.ok]
    serial_rss = _peak_rss_mb()

    start = time.perf_counter()
    with local_cluster(args.workers) as client:
        t_start = time.perf_counter() - start
        # same warm-up on each worker as the serial run had (not timed)
        client.run(evaluate, items[0], members=members)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            summary = run_batch(items, Path(tmp) / "out", scheduler=client, members=members)
            t_cluster = time.perf_counter() - start
            table = read_results(Path(tmp) / "out").set_index("scenario")
        worker_rss = client.run(_peak_rss_mb)
        threads = set(client.run(_numba_threads).values())

    same = all(
        all((table.loc[o.name, k] == v) or (isinstance(v, float) and np.isnan(v)
                                             and np.isnan(table.loc[o.name, k]))
            for k, v in o.row.items())
        for o in serial if o.ok)
    n = len(items)
    print(f"scenarios: {n} x {args.members} members ({len(failed)} failed in both: "
          f"{failed[:3]})" if failed else f"scenarios: {n} x {args.members} members")
    print(f"serial (this process, numba default threads): {t_serial:.1f} s, "
          f"{n / t_serial:.2f} scenarios/s, peak RSS {serial_rss:.0f} MB")
    print(f"LocalCluster ({args.workers} workers x {sorted(threads)} numba thread(s)): "
          f"{t_cluster:.1f} s, "
          f"{n / t_cluster:.2f} scenarios/s (cluster start-up {t_start:.1f} s not included; "
          f"{summary.ran} run, {len(summary.failures)} failed)")
    print(f"speed-up: {t_serial / t_cluster:.2f}x "
          f"(with start-up: {t_serial / (t_cluster + t_start):.2f}x)")
    for address, rss in sorted(worker_rss.items()):
        print(f"worker {address}: peak RSS {rss:.0f} MB")
    print(f"mean evaluation time per scenario: serial {np.mean([o.seconds for o in serial]):.3f} s,"
          f" on the workers {table['seconds'].mean():.3f} s")
    print(f"batch table equals serial results exactly: {same}")


if __name__ == "__main__":
    main()
