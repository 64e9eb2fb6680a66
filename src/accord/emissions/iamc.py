"""Outputs at the edges: IAMC long format, FaIR's wide input layout, atomic CSV writing.

IAMC columns: model, scenario, region, variable, unit, year, value, years
2024-2100, regions ``United States``, ``China``, ``EU27``, ``India``,
``Rest of World`` and ``World``. Regional rows are each region's own pathway;
World emissions rows are the composed 51-species world (reference SSP plus
regional changes), so World is not the sum of the regional rows unless the
regional baselines sum to the reference. Electricity and capacity rows for
World are the sum of the five regions (Ember's world total in 2024).

Regional sulfur, NOx, BC and OC are given for the power sector only
(``...|Energy|Supply|Electricity``); the world totals are complete.
``Emissions|Kyoto Gases (AR6-GWP100)`` counts CO2, CH4 (fossil 29.8,
non-fossil 27.2), N2O (273) and F-gases (``gwp_ar6.csv``); for regions the
F-gases are the HFCs on the region's proxy share (see ``accord.emissions.world``).
World also has a row for every other one of the 51 species (names from
``iamc_variables.csv``, FaIR units), so the file drives the climate engine.

Examples
--------
>>> df = iamc_frame("current-policies")
>>> list(df.columns)
['model', 'scenario', 'region', 'variable', 'unit', 'year', 'value']
>>> row = df[(df.region == "China") & (df.variable == "Secondary Energy|Electricity|Coal")
...          & (df.year == 2024)]
>>> round(float(row.value.iloc[0]), 1)
5827.6
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

import accord
from accord.data import iamc_variables, ssp_emissions
from accord.emissions.regional import CH4_SOURCES, RegionalEmissions, ch4_gwp, gwp
from accord.emissions.world import (
    ScenarioLike,
    as_resolved,
    hfc_factor,
    hfc_share,
    region_emissions,
    world_array,
)
from accord.energy.base_year import CAPACITY_TECHS, TECHS
from accord.io_atomic import write_atomic
from accord.levers.loading import ResolvedScenario
from accord.levers.schema import BASE_YEAR, REGIONS, Scenario

__all__ = ["fair_frame", "iamc_frame", "write_csv"]

MODEL = f"accord {accord.__version__}"
_TECH_NAMES = {"coal": "Coal", "gas": "Gas", "oil": "Oil", "nuclear": "Nuclear",
               "hydro": "Hydro", "wind": "Wind", "solar": "Solar", "biomass": "Biomass",
               "other_renewable": "Other", "storage": "Storage"}
_CH4_NAMES = {"oil_gas": "Emissions|CH4|Energy|Supply|Oil and Gas",
              "coal_mining": "Emissions|CH4|Energy|Supply|Coal Mining",
              "agriculture": "Emissions|CH4|AFOLU|Agriculture",
              "waste": "Emissions|CH4|Waste",
              "other": "Emissions|CH4|Other"}
#: CO2-equivalents in openscm-units' convention: CO2 mass, the metric named in the variable
KYOTO_UNIT = "Mt CO2/yr"
_F_GAS_PREFIXES = ("HFC-", "CF4", "C2F6", "C3F8", "c-C4F8", "C4F10", "C5F12", "C6F14", "C7F16",
                   "C8F18", "SF6", "NF3")


def _region_rows(e: RegionalEmissions, hfc_co2e: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    """(variable, unit, values over 2024-2100) for one region."""
    p = e.power
    k = slice(1, None)  # emissions start in 2023, the power model in 2024
    rows: list[tuple[str, str, np.ndarray]] = []
    for i, tech in enumerate(TECHS):
        rows.append((f"Secondary Energy|Electricity|{_TECH_NAMES[tech]}", "TWh/yr",
                     p.generation_twh[i]))
    rows.append(("Secondary Energy|Electricity", "TWh/yr", p.generation_twh.sum(axis=0)))
    for i, tech in enumerate(CAPACITY_TECHS):
        rows.append((f"Capacity|Electricity|{_TECH_NAMES[tech]}", "GW", p.capacity_gw[i]))
    rows.append(("Curtailment|Electricity|Wind and Solar", "dimensionless",
                 p.curtailment_frac))
    eip = e.co2_fossil_mt()[k]
    rows += [
        ("Emissions|CO2|Energy|Supply|Electricity", "Mt CO2/yr", e.co2_power_mt[k]),
        ("Emissions|CO2|Energy and Industrial Processes", "Mt CO2/yr", eip),
        ("Carbon Removal", "Mt CO2/yr", e.co2_removal_mt[k]),
        ("Emissions|CO2|AFOLU", "Mt CO2/yr", e.co2_land_mt[k]),
        ("Emissions|CO2", "Mt CO2/yr", e.net_co2_mt()[k]),
        ("Emissions|CH4", "Mt CH4/yr", e.ch4_mt.sum(axis=0)[k]),
    ]
    for i, source in enumerate(CH4_SOURCES):
        rows.append((_CH4_NAMES[source], "Mt CH4/yr", e.ch4_mt[i][k]))
    rows += [
        ("Emissions|N2O", "kt N2O/yr", e.n2o_mt[k] * 1000.0),
        ("Emissions|Sulfur|Energy|Supply|Electricity", "Mt SO2/yr", e.so2_mt[k]),
        ("Emissions|NOx|Energy|Supply|Electricity", "Mt NO2/yr", e.nox_mt[k]),
        ("Emissions|BC|Energy|Supply|Electricity", "Mt BC/yr", e.bc_mt[k]),
        ("Emissions|OC|Energy|Supply|Electricity", "Mt OC/yr", e.oc_mt[k]),
        ("Emissions|Kyoto Gases (AR6-GWP100)", KYOTO_UNIT,
         e.net_ghg_mt_co2e()[k] + hfc_co2e),
    ]
    return rows


def _world_ch4_gwp(base: dict[str, RegionalEmissions]) -> float:
    """Mass-weighted AR6 GWP100 of 2023 methane over the five regions (fossil/non-fossil)."""
    co2e = sum(float(ch4_gwp(r) @ base[r].ch4_mt[:, 0]) for r in REGIONS)
    mass = sum(float(base[r].ch4_mt[:, 0].sum()) for r in REGIONS)
    return co2e / mass


@cache
def _species_variables() -> dict[str, str]:
    """FaIR species -> IAMC variable name (``iamc_variables.csv``; AR6 names first)."""
    out: dict[str, str] = {}
    for row in iamc_variables():  # the first row of a species is its AR6 name
        out.setdefault(row["species"], row["variable"])
    return out


def _fgas_gwp(species: list[str]) -> np.ndarray:
    out = np.zeros(len(species))
    for i, s in enumerate(species):
        if s.startswith(_F_GAS_PREFIXES):
            out[i] = gwp(s)
    return out


def iamc_frame(scenarios: ScenarioLike | Sequence[ScenarioLike],
               reference_world: str | None = None) -> pd.DataFrame:
    """IAMC long table for one or more scenarios (see module doc).

    ``reference_world``, if given, replaces each scenario's reference SSP.
    """
    items: list[ScenarioLike] = (
        [scenarios] if isinstance(scenarios, (str, Path, Mapping, Scenario, ResolvedScenario))
        else list(scenarios))
    ssp = ssp_emissions()
    species = [str(s) for s in ssp.species]
    years = np.asarray(ssp.years)
    out_years = np.arange(BASE_YEAR, int(years[-1]) + 1)
    sel = np.isin(years, out_years)
    hfc_cols = [i for i, s in enumerate(species) if s.startswith("HFC-")]
    hfc_gwp = np.array([gwp(species[i]) for i in hfc_cols])
    frames = []
    for item in items:
        resolved = as_resolved(item, reference_world)
        regions = region_emissions(resolved)
        reference = ssp.scenario(resolved.reference_world)
        rows: list[tuple[str, str, str, np.ndarray]] = []
        for region in REGIONS:
            e = regions[region]
            ref_hfc = reference[:, hfc_cols]
            factor = hfc_factor(e.kigali, years, ref_hfc)
            hfc = hfc_share(region) * (ref_hfc * factor) @ hfc_gwp / 1000.0  # kt -> Mt CO2e
            rows += [(region, v, u, x) for v, u, x in _region_rows(e, hfc[sel])]
        totals: dict[tuple[str, str], np.ndarray] = {}
        for _region, var, unit, values in rows:
            if var.startswith(("Secondary Energy", "Capacity",
                               "Emissions|CO2|Energy|Supply|Electricity", "Carbon Removal")):
                key = (var, unit)
                totals[key] = totals.get(key, 0.0) + values
        rows += [("World", var, unit, values) for (var, unit), values in totals.items()]
        world = world_array(resolved)[sel]

        def col(name: str, w: np.ndarray = world) -> np.ndarray:
            return np.asarray(w[:, species.index(name)])

        ffi, afolu = col("CO2 FFI") * 1000.0, col("CO2 AFOLU") * 1000.0
        kyoto = (ffi + afolu + col("CH4") * _world_ch4_gwp(regions) + col("N2O") * gwp("N2O")
                 + world @ _fgas_gwp(species) / 1000.0)
        rows += [
            ("World", "Emissions|CO2|Energy and Industrial Processes", "Mt CO2/yr", ffi),
            ("World", "Emissions|CO2|AFOLU", "Mt CO2/yr", afolu),
            ("World", "Emissions|CO2", "Mt CO2/yr", ffi + afolu),
            ("World", "Emissions|CH4", "Mt CH4/yr", col("CH4")),
            ("World", "Emissions|N2O", "kt N2O/yr", col("N2O") * 1000.0),
            ("World", "Emissions|Sulfur", "Mt SO2/yr", col("Sulfur")),
            ("World", "Emissions|NOx", "Mt NO2/yr", col("NOx")),
            ("World", "Emissions|BC", "Mt BC/yr", col("BC")),
            ("World", "Emissions|OC", "Mt OC/yr", col("OC")),
            ("World", "Emissions|Kyoto Gases (AR6-GWP100)", KYOTO_UNIT, kyoto),
        ]
        covered = {"CO2 FFI", "CO2 AFOLU", "CH4", "N2O", "Sulfur", "NOx", "BC", "OC"}
        names = _species_variables()
        for j, specie in enumerate(species):
            if specie not in covered:
                rows.append(("World", names[specie], str(ssp.units[j]), world[:, j]))
        n = len(out_years)
        frames.append(pd.DataFrame({
            "model": MODEL,
            "scenario": resolved.name,
            "region": np.repeat([r[0] for r in rows], n),
            "variable": np.repeat([r[1] for r in rows], n),
            "unit": np.repeat([r[2] for r in rows], n),
            "year": np.tile(out_years, len(rows)),
            "value": np.concatenate([np.asarray(r[3], dtype=float) for r in rows]),
        }))
    return pd.concat(frames, ignore_index=True)


def fair_frame(scenarios: ScenarioLike | Sequence[ScenarioLike],
               reference_world: str | None = None) -> pd.DataFrame:
    """World emissions in FaIR's ``fill_from_csv`` layout (scenario, region, variable,
    unit, '1750.5', ..., '2100.5'), region 'World'."""
    from accord.emissions.world import world_emissions

    da = world_emissions(scenarios, reference_world)
    years = [f"{y}.5" for y in da["year"].values]
    frames = []
    for scen in da["scenario"].values:
        block = pd.DataFrame(da.sel(scenario=scen).values.T, columns=years)
        block.insert(0, "unit", da["unit"].values)
        block.insert(0, "variable", da["specie"].values)
        block.insert(0, "region", "World")
        block.insert(0, "scenario", str(scen))
        frames.append(block)
    return pd.concat(frames, ignore_index=True)


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` via a temporary file in the same folder, then rename."""
    return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
