#!/usr/bin/env python
"""Build accord's compact package data from the public sources.

Reads the FaIR v1.4.1 calibration inputs (``fair-calibration-1.4.1/``) from a
shared data folder and writes compressed, selected and converted arrays under
``src/accord/data/``. Nothing is copied verbatim: parameters are reordered into
named float arrays, emissions are cut to 1750-2100 and stored as one float
array per scenario set, forcing series are cut to the time bounds 1750-2101.

Usage::

    python scripts/build_data.py --shared ../shared

The output is deterministic: rerunning on the same inputs gives the same bytes
(``np.savez_compressed`` of fixed-order arrays), and ``DATA_VERSION`` below
changes whenever the content or layout does, which keys the warm-start cache.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from accord.io_atomic import write_atomic

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "accord" / "data"
CALIB = "fair-calibration-1.4.1"
PARAMS_FILE = "calibrated_constrained_parameters_calibration1.4.1.csv"
SPECIES_FILE = "species_configs_properties_calibration1.4.1.csv"
FORCING_FILE = "volcanic_solar.csv"
EMISSIONS_FILE = "ssps_harmonized_1750-2499.csv"
FIRST_YEAR, LAST_YEAR = 1750, 2100

#: bump when the layout or the selection of the package data changes
DATA_VERSION = "1"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _save_npz(path: Path, **arrays: np.ndarray) -> None:
    """Write a compressed npz atomically (temporary name, then rename)."""
    write_atomic(path, lambda tmp: np.savez_compressed(tmp, **arrays))


def build_calibration(calib: Path) -> dict[str, np.ndarray]:
    """Per-member parameters (841) and per-species default configs."""
    params = pd.read_csv(calib / PARAMS_FILE, index_col=0)
    species = pd.read_csv(calib / SPECIES_FILE, index_col=0)
    num_species = species.drop(columns=["type", "input_mode"]).astype(float)
    return {
        "config_id": params.index.to_numpy(dtype=np.int64),
        "param_names": np.array(params.columns, dtype=str),
        "param_values": params.to_numpy(dtype=np.float64),
        "species_names": np.array(species.index, dtype=str),
        "species_types": species["type"].to_numpy(dtype=str),
        "species_input_modes": species["input_mode"].to_numpy(dtype=str),
        "species_property_names": np.array(num_species.columns, dtype=str),
        "species_property_values": num_species.to_numpy(dtype=np.float64),
    }


def build_forcing(calib: Path) -> dict[str, np.ndarray]:
    """Solar and volcanic ERF on the time bounds 1750-2101 (W m-2)."""
    df = pd.read_csv(calib / FORCING_FILE, encoding="utf-8-sig")
    df.columns = [c.lower() for c in df.columns]
    first = df["scenario"].iloc[0]
    one = df[df["scenario"] == first].set_index("variable")
    bounds = np.arange(FIRST_YEAR, LAST_YEAR + 2)
    cols = [str(b) for b in bounds]
    return {
        "timebounds": bounds,
        "solar_erf_w_m2": one.loc["Solar", cols].to_numpy(dtype=np.float64),
        "volcanic_erf_w_m2": one.loc["Volcanic", cols].to_numpy(dtype=np.float64),
    }


def build_emissions(calib: Path, species_order: list[str]) -> dict[str, np.ndarray]:
    """Harmonised SSP emissions, (scenario, year, species), years 1750-2100."""
    df = pd.read_csv(calib / EMISSIONS_FILE)
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    cols = [f"{y}.5" for y in years]
    scenarios = sorted(df["scenario"].unique())
    emitted = [s for s in species_order if s in set(df["variable"])]
    data = np.empty((len(scenarios), len(years), len(emitted)))
    units = []
    for i, scen in enumerate(scenarios):
        sub = df[df["scenario"] == scen].set_index("variable")
        data[i] = sub.loc[emitted, cols].to_numpy(dtype=np.float64).T
        if i == 0:
            units = list(sub.loc[emitted, "unit"])
    if not np.isfinite(data).all():
        raise ValueError("non-finite value in the SSP emissions")
    return {
        "scenarios": np.array(scenarios, dtype=str),
        "species": np.array(emitted, dtype=str),
        "units": np.array(units, dtype=str),
        "years": years,
        "emissions": data,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding data/fair-calibration-1.4.1")
    args = parser.parse_args(argv)
    calib = args.shared / "data" / CALIB
    if not calib.is_dir():
        print(f"error: {calib.name} not found under {args.shared}/data", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    cal = build_calibration(calib)
    _save_npz(OUT / "fair_calibration_v1.4.1.npz", **cal)
    _save_npz(OUT / "solar_volcanic.npz", **build_forcing(calib))
    _save_npz(OUT / "ssp_emissions.npz",
              **build_emissions(calib, list(cal["species_names"])))
    manifest = {
        "data_version": DATA_VERSION,
        "inputs_sha256": {name: _sha256(calib / name) for name in
                          (PARAMS_FILE, SPECIES_FILE, FORCING_FILE, EMISSIONS_FILE)},
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for extra in sorted(ROOT.glob("scripts/build_data_*.py")):
        # stage-specific builders (e.g. the energy base-year tables) live beside
        # this script, each with a ``build(shared, out)`` function
        spec = importlib.util.spec_from_file_location(extra.stem, extra)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(args.shared, OUT)
    print(f"wrote package data to {OUT.relative_to(ROOT)} (data version {DATA_VERSION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
