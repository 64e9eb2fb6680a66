"""Build ``emissions_bounds.csv``: physical plausibility bounds of input emissions per species.

A value read from an emissions file outside its species' bounds is refused as implausible
(a typo, a wrong unit or a hostile file) before it reaches the climate model. The bounds
are loose on purpose, "a few times the highest SSP value":

* upper bound: ``FACTOR`` times the highest value of the species in any of the eight
  harmonised SSPs of the FaIR v1.4.1 calibration over 1750-2100 (``ssp_emissions.npz``,
  built just before this table by ``build_data.py``);
* lower bound: zero, except for species that are negative somewhere in those SSPs
  (CO2 FFI and CO2 AFOLU with removals, and a few minor halogenated gases whose
  harmonisation dips slightly below zero): ``FACTOR`` times the lowest SSP value.

Called by ``scripts/build_data.py`` (``build(shared, out)``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

#: how many times the SSP extremes a value may reach
FACTOR = 5.0
SOURCE = ("5 x the extreme of the 8 harmonised SSPs 1750-2100 (fair-calibrate v1.4.1 "
          "ssps_harmonized; RCMIP v5.1.0 / CEDS / GCP upstream); a loose plausibility "
          "bound, not a physical limit")


def build(shared: Path, out: Path) -> None:
    """Write ``out/emissions_bounds.csv`` from ``out/ssp_emissions.npz``."""
    del shared  # the SSPs are read from the package data built just before
    with np.load(out / "ssp_emissions.npz", allow_pickle=False) as npz:
        species, units, emissions = npz["species"], npz["units"], npz["emissions"]
    highest = emissions.max(axis=(0, 1))
    lowest = emissions.min(axis=(0, 1))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["species", "unit", "lower", "upper", "ssp_min", "ssp_max", "factor",
                     "source"])
    for i, name in enumerate(species):
        lower = FACTOR * lowest[i] if lowest[i] < 0 else 0.0
        writer.writerow([str(name), str(units[i]), f"{lower:.6g}", f"{FACTOR * highest[i]:.6g}",
                         f"{lowest[i]:.6g}", f"{highest[i]:.6g}", f"{FACTOR:g}", SOURCE])
    (out / "emissions_bounds.csv").write_text(buf.getvalue(), encoding="utf-8")
