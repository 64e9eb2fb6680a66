#!/usr/bin/env python
"""Start-up to answer: ``accord run --no-attribution`` as a whole process, against fair.

Times, in the same benchmark run and as subprocesses of the same Python:

* ``accord run --no-attribution`` with a warm cache (the history cache filled and
  the compiled kernels cached by a first, untimed run): the demo deal and its
  current-policies baseline, 841 members, warm-started 2024-2100, verdict table
  printed. Target: at most 1.5 s on a quiet machine.
* the public ``fair`` 2.2.5 imported and run on one scenario (ssp245, 841 members,
  1750-2100, deterministic) in a fresh process, set up as
  ``../shared/tools/fair_reference.py`` does, writing nothing: what a user of fair
  waits for before a first answer.

Each is repeated; medians of the wall time and of the process's CPU time
(user + system, from ``getrusage``) are reported, with the ratio of fair's
median to accord's. With ``--loaded`` every timing is taken again with two busy
processes (one pure-Python loop each) beside it, and the loaded/quiet ratios are
reported. The run's imports are counted once (``python -X importtime``), with the
heavy packages it must not import listed if present.

Usage::

    python benchmarks/bench_cli.py [--repeats 9] [--fair-repeats 2] [--loaded]
                                   [--json OUT.json]

Machines are noisy: run it on an otherwise idle machine and quote medians; the CPU
times and the ratios against fair (both timed in the same run) travel best.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_climate import (
    BUSY_PROCESSES,
    FAIR_MEMORY,
    REFERENCE_SCRIPT,
    benchmark_arguments,
    busy,
    load_average,
)

TARGET_S = 1.5
RUN = [sys.executable, "-m", "accord.interfaces.cli", "run", "--no-attribution"]
#: fair imported and run in a fresh process, as the reference script sets it up
FAIR_PROCESS = FAIR_MEMORY
HEAVY = ("pandas", "xarray", "matplotlib", "plotly", "fastapi", "uvicorn", "dask")


def timed_process(cmd: list[str], env: dict[str, str], repeats: int) -> tuple[list[float],
                                                                               list[float]]:
    """Wall and CPU seconds (user + system of the child) of ``repeats`` runs of ``cmd``."""
    wall, cpu = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(args: argparse.Namespace, env: dict[str, str]) -> dict[str, float]:
    """One phase (quiet or loaded): medians in seconds and the ratios against fair."""
    med = statistics.median
    load_before = load_average()
    run_wall, run_cpu = timed_process(RUN, env, args.repeats)
    fair_cmd = [sys.executable, "-c", FAIR_PROCESS.format(script=str(REFERENCE_SCRIPT))]
    fair_wall, fair_cpu = timed_process(fair_cmd, env, args.fair_repeats)
    return {
        "load_average_1min_before": load_before, "load_average_1min_after": load_average(),
        "accord_run_s": med(run_wall), "accord_run_p90_s": sorted(run_wall)[
            int(0.9 * (len(run_wall) - 1))],
        "accord_run_cpu_s": med(run_cpu),
        "fair_import_and_run_s": med(fair_wall), "fair_import_and_run_cpu_s": med(fair_cpu),
        "ratio_fair_to_accord": med(fair_wall) / med(run_wall),
        "ratio_fair_to_accord_cpu": med(fair_cpu) / med(run_cpu),
    }


def imports(env: dict[str, str]) -> dict[str, object]:
    """What the warm run imports, from ``python -X importtime``: modules, their total
    import time (one run, seconds) and the heavy packages among them."""
    err = subprocess.run([sys.executable, "-X", "importtime", *RUN[1:]], check=True,
                         capture_output=True, text=True, env=env).stderr
    rows = [line.split("|") for line in err.splitlines() if line.startswith("import time:")]
    timed_rows = [(int(r[0].split(":")[1]), r[2].strip()) for r in rows[1:]]  # skip header
    names = {name.split(".")[0] for _, name in timed_rows}
    return {"modules": len(timed_rows),
            "import_s": sum(us for us, _ in timed_rows) / 1e6,
            "heavy_imported": [m for m in HEAVY if m in names]}


def report(label: str, phase: dict[str, float]) -> None:
    print(f"{label} (1-min load average {phase['load_average_1min_before']:.1f} before, "
          f"{phase['load_average_1min_after']:.1f} after):")
    print(f"  accord run --no-attribution  {phase['accord_run_s']:.2f} s "
          f"(p90 {phase['accord_run_p90_s']:.2f} s; CPU {phase['accord_run_cpu_s']:.2f} s) "
          f"| target <= {TARGET_S} s on a quiet machine")
    print(f"  fair import + run (ssp245)   {phase['fair_import_and_run_s']:.2f} s "
          f"(CPU {phase['fair_import_and_run_cpu_s']:.2f} s) -> "
          f"{phase['ratio_fair_to_accord']:.1f}x accord's wall time, "
          f"{phase['ratio_fair_to_accord_cpu']:.1f}x its CPU time")


def main(argv: list[str] | None = None) -> int:
    args = benchmark_arguments(__doc__, argv, repeats=9, fair_repeats=2)
    if args is None:
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ACCORD_CACHE_DIR=str(Path(tmp) / "cache"))
        print("filling the caches (one untimed run) ...", file=sys.stderr)
        subprocess.run(RUN, check=True, capture_output=True, env=env)
        found = imports(env)
        phases = {}
        for name, processes in (("quiet", 0), ("loaded", BUSY_PROCESSES))[:1 + args.loaded]:
            with busy(processes):
                phases[name] = measure(args, env)

    figures: dict[str, object] = {
        "work": "accord: demo deal + baseline, 841 members, 2024-2100 warm; "
                "fair: ssp245, 841 members, 1750-2100",
        **phases["quiet"], "run_path_imports": found,
        "repeats": {"accord": args.repeats, "fair": args.fair_repeats},
    }
    print(f"work: {figures['work']} (medians of whole processes)")
    report("as the machine is", phases["quiet"])
    if args.loaded:
        loaded = phases["loaded"]
        figures["loaded"] = {**loaded, "busy_processes": BUSY_PROCESSES,
                             "ratio_loaded_to_quiet": loaded["accord_run_s"]
                             / phases["quiet"]["accord_run_s"]}
        report(f"with {BUSY_PROCESSES} busy processes beside it", loaded)
        print(f"  loaded / quiet accord run: {figures['loaded']['ratio_loaded_to_quiet']:.2f}")
    print(f"the run imports {found['modules']} modules ({found['import_s']:.2f} s in one run); "
          f"heavy packages among them: {', '.join(found['heavy_imported']) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
