"""``accord assess`` at scale: peak memory and time for many scenarios x 841 members.

Writes a synthetic file in the AR6 scenario database's layout (IAMC wide, columns
1995-2100 with 1995-2014 blank) of ``--scenarios`` scenarios, each with the three
versions the database stores of every species: under ``AR6 climate diagnostics|Infilled|``
(annual, the rows read), under ``AR6 climate diagnostics|Harmonized|`` (annual) and
unprefixed (the native submission, 5-yearly), plus an aggregate row: 154 rows per
scenario (the two sample files of ``../shared/data/ar6-sample`` hold 191 and 186).
Scenario ``i`` is shipped SSP ``i mod 8`` with every species scaled from 2024 by a
factor drawn once per scenario and species (seed 2026) in 0.7..1.3, so no two
scenarios are equal and all stay within the plausibility bounds.

Then it measures, in a fresh process each (so peaks are not shared):

* **assess**: ``accord assess FILE --json`` with all 841 members: wall time and the
  child's peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``);
* **load**: parsing the file and reading every scenario (no climate runs), for the
  file and for one of half as many scenarios, to show loading is linear (wall and CPU
  seconds; on a shared machine the CPU time is the one to compare).

Run: ``python benchmarks/bench_assess.py [--scenarios 1000] [--members 841]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PREFIX = "AR6 climate diagnostics|Infilled|"
HARMONIZED = "AR6 climate diagnostics|Harmonized|"


def write_file(path: Path, n: int, seed: int = 2026) -> None:
    """The synthetic AR6-layout file of ``n`` scenarios (see module docstring)."""
    from accord.climate.units import normalise_unit
    from accord.data import iamc_variables, ssp_emissions

    ssp = ssp_emissions()
    species = [str(s) for s in ssp.species]
    names: dict[str, str] = {}
    for row in iamc_variables():
        names.setdefault(row["species"], row["variable"])
    units = [normalise_unit(str(u)) for u in ssp.units]
    years = np.arange(1995, 2101)
    rng = np.random.default_rng(seed)
    lines = ["Model,Scenario,Region,Variable,Unit," + ",".join(map(str, years))]
    blanks = "," * (2015 - 1995)
    for i in range(n):
        base = ssp.emissions[i % len(ssp.scenarios)]
        scale = np.ones_like(base)
        scale[2024 - 1750:] = rng.uniform(0.7, 1.3, size=len(species))
        values = (base * scale)[2015 - 1750:2101 - 1750]
        for j, s in enumerate(species):
            cells = ",".join(f"{v:.6g}" for v in values[:, j])
            five = ",".join(f"{v:.6g}" if k % 5 == 0 else "" for k, v in enumerate(values[:, j]))
            for prefix, row in ((PREFIX, cells), (HARMONIZED, cells), ("", five)):
                lines.append(f"bench,s{i:05d},World,{prefix}{names[s]},{units[j]}{blanks},{row}")
        total = ",".join(f"{v:.6g}" for v in (values[:, 0] + values[:, 1]) * 1000)
        lines.append(f"bench,s{i:05d},World,{PREFIX}Emissions|CO2,Mt CO2/yr{blanks},{total}")
    path.write_text("\n".join(lines) + "\n")


LOAD = """
import sys, time
from accord.climate.emissions_io import open_emissions
from accord.climate.units import conversion_factor
conversion_factor("Mt CO2/yr", "Gt CO2/yr", "CO2 FFI")  # imports openscm-units first
t, c = time.perf_counter(), time.process_time()
src = open_emissions(sys.argv[1])
for k in range(0, len(src.scenarios), 8):
    src.read(src.scenarios[k:k + 8])
print(time.perf_counter() - t, time.process_time() - c)
"""


def _child(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("  (peak RSS not above an earlier child's; figure is a lower bound)")
    return wall, peak / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--members", type=int, default=841)
    args = parser.parse_args()
    env = os.environ.copy()
    with tempfile.TemporaryDirectory() as tmp:
        big, half = Path(tmp) / "many.csv", Path(tmp) / "half.csv"
        write_file(big, args.scenarios)
        write_file(half, args.scenarios // 2)
        size = big.stat().st_size / 1e6
        print(f"file: {args.scenarios} scenarios x 154 rows, {size:.0f} MB "
              f"({os.getloadavg()[0]:.1f} load)")
        for path, n in ((half, args.scenarios // 2), (big, args.scenarios)):
            out = subprocess.run([sys.executable, "-c", LOAD, str(path)], capture_output=True,
                                 text=True, check=True, env=env).stdout
            wall_s, cpu_s = map(float, out.split())
            print(f"load + read {n:5d} scenarios: {wall_s:6.1f} s wall, {cpu_s:5.2f} s CPU "
                  "(CPU time does not grow with other processes' load)")
        # assess runs last, so its peak is the largest child's (ru_maxrss is a maximum)
        wall, peak, out = _child([sys.executable, "-m", "accord.interfaces.cli", "assess",
                                  str(big), "--json", "--members", str(args.members)])
        verdicts = out.count('"category"')
        print(f"accord assess: {verdicts} verdicts x {args.members} members in {wall:.0f} s "
              f"({wall / max(verdicts, 1) * 1000:.0f} ms per scenario); "
              f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
