#!/usr/bin/env python
"""Speed and memory of accord's climate engine against the public fair 2.2.5.

Same work for both, in the same benchmark run: 841 members, ssp245,
1750-2100, deterministic. Reports medians of repeats and ratios:

* full run: accord ``run`` vs fair's ``FAIR.run()`` (fair's set-up excluded);
* warm-started 2024-2100 run (from the cached 2023 state) vs fair's ``run()``;
* the whole ``accord climate`` command (import, load, run, write) vs the whole
  reference script process (``../shared/tools/fair_reference.py``);
* peak resident memory of a process running one scenario, both models.

Usage::

    python benchmarks/bench_climate.py [--repeats 7] [--fair-repeats 3] [--json OUT.json]

Needs ``pip install -e ".[test]"`` (for fair) and ``../shared`` beside the checkout.
Machines are noisy: the ratios of medians are the figures to quote.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE_SCRIPT = SHARED / "tools" / "fair_reference.py"

# VmHWM is this process's own peak resident set (getrusage's ru_maxrss would
# carry the benchmark's own peak across exec into the child)
MEMORY_PROBE = """
{body}
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]))
"""
ACCORD_MEMORY = """
from accord.climate import run, ssp_emissions_array
r = run(ssp_emissions_array(["ssp245"]))
r.gsat_k.median("member").values
"""
FAIR_MEMORY = """
import warnings; warnings.filterwarnings("ignore")
import importlib.util
spec = importlib.util.spec_from_file_location("fr", {script!r})
fr = importlib.util.module_from_spec(spec); spec.loader.exec_module(fr)
args = fr.parse_args(["--deterministic", "--scenarios", "ssp245"])
f, _ = fr.build(args, ["ssp245"])
f.run(progress=False)
"""


def timed(fn, repeats: int) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn``."""
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def fair_instance():
    spec = importlib.util.spec_from_file_location("fair_reference", REFERENCE_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = module.parse_args(["--deterministic", "--scenarios", "ssp245"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f, _ = module.build(args, ["ssp245"])
    return f


def peak_rss_mb(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE.format(body=code)],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0  # KiB -> MiB


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=7, help="accord repeats (median)")
    p.add_argument("--fair-repeats", type=int, default=3, help="fair repeats (median)")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = p.parse_args(argv)
    if not REFERENCE_SCRIPT.exists():
        print("error: ../shared/tools/fair_reference.py is needed beside the checkout",
              file=sys.stderr)
        return 2

    from accord.climate import historical_state, run, ssp_emissions_array

    emissions = ssp_emissions_array(["ssp245"])
    run(emissions, members=5)  # compile (or load the compiled kernel) once
    full = timed(lambda: run(emissions), args.repeats)
    state, _ = historical_state(emissions)
    future = emissions.sel(year=slice(2024, 2100))
    warm = timed(lambda: run(future, start=2024, initial_state=state), args.repeats * 3)

    print("setting up fair (not timed) ...", file=sys.stderr)
    f = fair_instance()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fair_run = timed(lambda: f.run(progress=False), args.fair_repeats)

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ACCORD_CACHE_DIR=str(Path(tmp) / "cache"))
        accord_cmd = [sys.executable, "-m", "accord.interfaces.cli", "climate", "--scenario",
                      "ssp245", "--out", str(Path(tmp) / "pct.csv")]
        subprocess.run(accord_cmd, check=True, capture_output=True, env=env)  # warm-up
        command = timed(lambda: subprocess.run(accord_cmd, check=True, capture_output=True,
                                               env=env), args.fair_repeats)
        fair_cmd = [sys.executable, str(REFERENCE_SCRIPT), "--deterministic", "--scenarios",
                    "ssp245", "--out-dir", str(Path(tmp) / "fair-out")]
        fair_command = timed(lambda: subprocess.run(fair_cmd, check=True, capture_output=True),
                             max(1, args.fair_repeats - 1))

    mem_accord = peak_rss_mb(ACCORD_MEMORY)
    mem_fair = peak_rss_mb(FAIR_MEMORY.format(script=str(REFERENCE_SCRIPT)))

    med = statistics.median
    figures = {
        "work": "841 members, ssp245, 1750-2100, deterministic",
        "accord_run_s": med(full), "fair_run_s": med(fair_run),
        "accord_warm_run_2024_2100_s": med(warm),
        "accord_command_s": med(command), "fair_reference_process_s": med(fair_command),
        "ratio_full_run": med(fair_run) / med(full),
        "ratio_warm_run": med(fair_run) / med(warm),
        "ratio_command": med(fair_command) / med(command),
        "accord_peak_rss_mb": mem_accord, "fair_peak_rss_mb": mem_fair,
        "repeats": {"accord": args.repeats, "accord_warm": args.repeats * 3,
                    "fair": args.fair_repeats},
    }
    print(f"work: {figures['work']} (medians)")
    rows = [
        ("full run", full, fair_run, "fair run()", 60),
        ("warm-started 2024-2100 run", warm, fair_run, "fair run()", 300),
        ("whole command", command, fair_command, "reference script process", 5),
    ]
    for label, ours, theirs, name, target in rows:
        ratio = med(theirs) / med(ours)
        print(f"{label:30s} accord {med(ours) * 1e3:9.1f} ms | {name} {med(theirs):7.2f} s "
              f"| {ratio:7.0f}x faster (target >= {target}x)")
    print(f"{'peak memory, one scenario':30s} accord {mem_accord:7.0f} MiB | fair "
          f"{mem_fair:7.0f} MiB (target <= 300 MB)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
