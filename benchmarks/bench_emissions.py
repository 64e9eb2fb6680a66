#!/usr/bin/env python
"""Speed of building one scenario's emissions: all regions, all sectors, all 51 species.

Times :func:`accord.emissions.world.world_array` for a resolved scenario whose
levers change every repeat (China's transport electrification in 2040, a new
value each time), with the per-region pathway cache cleared before each call,
so every region is rebuilt (power, end-use sectors, pollutants, methane, targets,
HFCs, the remainder's sum and the bounds check). Reports the median, p95 and the
1-minute load average of the machine (target: median at most 10 ms).

Usage::

    python benchmarks/bench_emissions.py [--repeats 200] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from accord.emissions import world
from accord.levers.loading import load_scenario, resolve


def main() -> None:
    """Run the benchmark and print (optionally write) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    def electrified(i: int) -> dict:
        return {"China": {"end_use": {
            "transport_electrification_frac": {"2040": 0.2 + 0.6 * i / args.repeats}}}}
    scenarios = [resolve(load_scenario({"name": f"b{i}", "preset": "sunnylands-2023",
                                        "regions": electrified(i)})) for i in range(args.repeats)]
    world.world_array(scenarios[0])  # warm the tables, the remainder and the reference
    times = []
    for s in scenarios:
        world._region_pathways.cache_clear()
        t0 = time.perf_counter()
        world.world_array(s)
        times.append((time.perf_counter() - t0) * 1000.0)
    times.sort()
    out = {"repeats": args.repeats, "median_ms": round(statistics.median(times), 2),
           "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
           "load_average_1min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}
    print(json.dumps(out, indent=2))
    if args.json is not None:
        tmp = args.json.with_suffix(args.json.suffix + ".tmp")
        tmp.write_text(json.dumps(out, indent=2))
        tmp.replace(args.json)


if __name__ == "__main__":
    main()
