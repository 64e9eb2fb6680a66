#!/usr/bin/env python
"""Speed and memory of accord's climate engine against the public fair 2.2.5.

Same work for both, in the same benchmark run: 841 members, ssp245,
1750-2100, deterministic. Reports medians of repeats and ratios:

* full run: accord ``run`` vs fair's ``FAIR.run()`` (fair's set-up excluded);
* warm-started 2024-2100 run (from the cached 2023 state) vs fair's ``run()``;
* the whole ``accord climate`` command (import, load, run, write) vs the whole
  reference script process (``../shared/tools/fair_reference.py``);
* the whole ``accord run --no-attribution`` command (the verdict of the demo
  deal and its baseline, warm history cache), against its 1.5 s target;
* peak resident memory of a process running one scenario, both models.

With ``--loaded`` every timing is taken twice in the same run: on the machine as
it is, then with two busy processes (one pure-Python loop each) running beside
the benchmark, and the loaded/quiet ratios are reported.

Usage::

    python benchmarks/bench_climate.py [--repeats 7] [--fair-repeats 3] [--loaded]
                                       [--json OUT.json]

Needs ``pip install -e ".[test]"`` (for fair) and ``../shared`` beside the checkout.
Machines are noisy: the ratios of medians are the figures to quote.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
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


#: the busy processes of the loaded mode: one core-bound pure-Python loop each
BUSY_PROCESSES = 2
BUSY_CODE = "while True:\n    pass\n"


@contextlib.contextmanager
def busy(processes: int) -> Iterator[None]:
    """Run ``processes`` busy loops beside the block (none for 0); always stopped after it."""
    procs = [subprocess.Popen([sys.executable, "-c", BUSY_CODE]) for _ in range(processes)]
    try:
        time.sleep(0.5 if procs else 0.0)  # let them start spinning
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def load_average() -> float:
    """The one-minute load average (what ``uptime`` shows first)."""
    return os.getloadavg()[0]


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


def measure(args: argparse.Namespace, f, tmp: Path) -> dict[str, object]:
    """Every timing of one phase (quiet or loaded), medians in seconds."""
    from accord.climate import historical_state, run, ssp_emissions_array

    med = statistics.median
    load_before = load_average()
    emissions = ssp_emissions_array(["ssp245"])
    full = timed(lambda: run(emissions), args.repeats)
    state, _ = historical_state(emissions)
    future = emissions.sel(year=slice(2024, 2100))
    warm = timed(lambda: run(future, start=2024, initial_state=state), args.repeats * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fair_run = timed(lambda: f.run(progress=False), args.fair_repeats)

    env = dict(os.environ, ACCORD_CACHE_DIR=str(tmp / "cache"))
    accord_cmd = [sys.executable, "-m", "accord.interfaces.cli", "climate", "--scenario",
                  "ssp245", "--out", str(tmp / "pct.csv")]
    subprocess.run(accord_cmd, check=True, capture_output=True, env=env)  # fills the cache
    command = timed(lambda: subprocess.run(accord_cmd, check=True, capture_output=True,
                                           env=env), args.fair_repeats)
    verdict_cmd = [sys.executable, "-m", "accord.interfaces.cli", "run", "--no-attribution"]
    subprocess.run(verdict_cmd, check=True, capture_output=True, env=env)  # fills the cache
    verdict = timed(lambda: subprocess.run(verdict_cmd, check=True, capture_output=True,
                                           env=env), args.repeats)
    fair_cmd = [sys.executable, str(REFERENCE_SCRIPT), "--deterministic", "--scenarios",
                "ssp245", "--out-dir", str(tmp / "fair-out")]
    fair_command = timed(lambda: subprocess.run(fair_cmd, check=True, capture_output=True),
                         max(1, args.fair_repeats - 1))
    return {
        "load_average_1min_before": load_before, "load_average_1min_after": load_average(),
        "accord_run_s": med(full), "fair_run_s": med(fair_run),
        "accord_warm_run_2024_2100_s": med(warm),
        "accord_command_s": med(command), "fair_reference_process_s": med(fair_command),
        "accord_run_no_attribution_command_s": med(verdict),
        "ratio_full_run": med(fair_run) / med(full),
        "ratio_warm_run": med(fair_run) / med(warm),
        "ratio_command": med(fair_command) / med(command),
    }


def report(label: str, phase: dict) -> None:
    print(f"{label} (1-min load average {phase['load_average_1min_before']:.1f} before, "
          f"{phase['load_average_1min_after']:.1f} after):")
    rows = [
        ("full run", "accord_run_s", "fair_run_s", "fair run()", "ratio_full_run", 150),
        ("warm-started 2024-2100 run", "accord_warm_run_2024_2100_s", "fair_run_s",
         "fair run()", "ratio_warm_run", 600),
        ("whole command", "accord_command_s", "fair_reference_process_s",
         "reference script process", "ratio_command", 5),
    ]
    for name, ours, theirs, what, ratio, target in rows:
        print(f"  {name:28s} accord {phase[ours] * 1e3:9.1f} ms | {what} {phase[theirs]:7.2f} s "
              f"| {phase[ratio]:6.0f}x faster (target >= {target}x)")
    verdict_s = phase["accord_run_no_attribution_command_s"]
    print(f"  {'accord run --no-attribution':28s} {verdict_s:.2f} s, whole process, warm cache "
          "(target <= 1.5 s on a quiet machine)")


def benchmark_arguments(doc: str | None, argv: list[str] | None, repeats: int,
                        fair_repeats: int) -> argparse.Namespace | None:
    """The options shared by the benchmarks against fair; None (after saying why) when
    the reference script is not beside the checkout."""
    p = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    p.add_argument("--repeats", type=int, default=repeats, help="accord repeats (median)")
    p.add_argument("--fair-repeats", type=int, default=fair_repeats,
                   help="fair repeats (median)")
    p.add_argument("--loaded", action="store_true",
                   help=f"measure again with {BUSY_PROCESSES} busy processes beside it")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = p.parse_args(argv)
    if not REFERENCE_SCRIPT.exists():
        print("error: ../shared/tools/fair_reference.py is needed beside the checkout",
              file=sys.stderr)
        return None
    return args


def main(argv: list[str] | None = None) -> int:
    args = benchmark_arguments(__doc__, argv, repeats=7, fair_repeats=3)
    if args is None:
        return 2

    from accord.climate import run, ssp_emissions_array

    run(ssp_emissions_array(["ssp245"]), members=5)  # compile (or load the kernel) once
    print("setting up fair (not timed) ...", file=sys.stderr)
    f = fair_instance()
    phases = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, processes in (("quiet", 0), ("loaded", BUSY_PROCESSES))[:1 + args.loaded]:
            with busy(processes):
                phases[name] = measure(args, f, Path(tmp))
    mem_accord = peak_rss_mb(ACCORD_MEMORY)
    mem_fair = peak_rss_mb(FAIR_MEMORY.format(script=str(REFERENCE_SCRIPT)))

    figures: dict[str, object] = {
        "work": "841 members, ssp245, 1750-2100, deterministic",
        **phases["quiet"],
        "accord_peak_rss_mb": mem_accord, "fair_peak_rss_mb": mem_fair,
        "repeats": {"accord": args.repeats, "accord_warm": args.repeats * 3,
                    "fair": args.fair_repeats},
    }
    print(f"work: {figures['work']} (medians)")
    report("as the machine is", phases["quiet"])
    if args.loaded:
        loaded = phases["loaded"]
        figures["loaded"] = {**loaded, "busy_processes": BUSY_PROCESSES}
        report(f"with {BUSY_PROCESSES} busy processes beside it", loaded)
        for key in ("accord_run_s", "accord_warm_run_2024_2100_s",
                    "accord_run_no_attribution_command_s"):
            print(f"  loaded / quiet {key}: {loaded[key] / phases['quiet'][key]:.2f}")
    print(f"{'peak memory, one scenario':30s} accord {mem_accord:7.0f} MiB | fair "
          f"{mem_fair:7.0f} MiB (target <= 300 MB)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
