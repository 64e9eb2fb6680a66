"""Outputs at the edges: IAMC long format, FaIR's wide input layout, atomic CSV writing.

IAMC columns: model, scenario, region, variable, unit, year, value, years
2024-2100, regions ``United States``, ``China``, ``EU27``, ``India``,
``Rest of World``, ``World|Remainder`` and ``World``.

- Each region's rows are its own pathway: electricity, capacity, CO2 by part,
  (fossil generation and fossil final energy after its targets: a target's CO2
  cut is fuel not burned, and what replaces that fuel is not modelled),
  CH4 by source, N2O, its power-sector sulfur, NOx, BC and OC (both as
  ``...|Energy|Supply|Electricity`` and as the region's total, since the
  region models no other source of them) and its HFCs.
- ``World|Remainder`` is the remainder of ``accord.emissions.world``:
  international aviation and shipping and everything the regions do not
  model, one row for each of the 51 species plus net CO2 and Kyoto gases.
- ``World`` is the sum of the rows below it for every variable (regions plus
  remainder; no World row for the curtailment fraction, which does not add).
  Its 51 species rows are the world the climate engine reads.

``Emissions|Kyoto Gases (AR6-GWP100)`` counts CO2, CH4 (fossil 29.8,
non-fossil 27.2; the remainder at the regions' mass-weighted 2023 value), N2O
(273) and F-gases (``gwp_ar6.csv``); for regions the F-gases are their HFCs.
Species other than the eight named here take their names from
``iamc_variables.csv`` and FaIR units, so the file drives the climate engine.

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
from typing import TYPE_CHECKING

import numpy as np

import accord
from accord.data import iamc_variables, ssp_emissions
from accord.emissions.pollutants import POLLUTANT_SECTORS, POLLUTANTS
from accord.emissions.regional import CH4_SOURCES, RegionalEmissions, ch4_gwp, gwp
from accord.emissions.world import (
    ScenarioLike,
    as_resolved,
    baseline_regions,
    hfc_columns,
    region_array,
    region_emissions,
    region_hfc_kt,
    scenario_remainder,
)
from accord.energy.base_year import CAPACITY_TECHS, FUELS, TECHS
from accord.energy.sectors import END_USE, ENERGY_FUELS, SECTORS
from accord.io_atomic import write_atomic
from accord.levers.loading import ResolvedScenario
from accord.levers.schema import BASE_YEAR, REGIONS, Scenario

if TYPE_CHECKING:  # the frames import pandas when built: a run that writes none skips it
    import pandas as pd

__all__ = ["REMAINDER", "fair_frame", "iamc_frame", "write_csv"]

MODEL = f"accord {accord.__version__}"
#: IAMC region of the world remainder (international aviation and shipping, and
#: everything the five regions do not model; see ``accord.emissions.world``)
REMAINDER = "World|Remainder"
_TECH_NAMES = {"coal": "Coal", "gas": "Gas", "oil": "Oil", "nuclear": "Nuclear",
               "hydro": "Hydro", "wind": "Wind", "solar": "Solar", "biomass": "Biomass",
               "other_renewable": "Other", "storage": "Storage"}
_CH4_NAMES = {"oil_gas": "Emissions|CH4|Energy|Supply|Oil and Gas",
              "coal_mining": "Emissions|CH4|Energy|Supply|Coal Mining",
              "agriculture": "Emissions|CH4|AFOLU|Agriculture",
              "waste": "Emissions|CH4|Waste",
              "other": "Emissions|CH4|Other"}
#: removal rows by ``REMOVAL_TYPES`` (BECCS, DACCS, afforestation), AR6 database names
_REMOVAL_NAMES = ("Carbon Sequestration|CCS|Biomass", "Carbon Sequestration|Direct Air Capture",
                  "Carbon Sequestration|Land Use|Afforestation")
#: CO2-equivalents in openscm-units' convention: CO2 mass, the metric named in the variable
KYOTO_UNIT = "Mt CO2/yr"
_F_GAS_PREFIXES = ("HFC-", "CF4", "C2F6", "C3F8", "c-C4F8", "C4F10", "C5F12", "C6F14", "C7F16",
                   "C8F18", "SF6", "NF3")


def _region_rows(e: RegionalEmissions, hfc_co2e: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    """(variable, unit, values over 2024-2100) for one region."""
    p = e.power
    k = slice(1, None)  # emissions start in 2023, the power model in 2024
    rows: list[tuple[str, str, np.ndarray]] = []
    # a target's CO2 cut is fuel not burned: fossil generation falls with it (what
    # replaces it is not modelled, so the total falls too)
    power_burned, sector_burned = e.fuel_burned()
    burned = power_burned[k]
    generation = np.array([p.generation_twh[i] * (burned if tech in FUELS else 1.0)
                           for i, tech in enumerate(TECHS)])
    for i, tech in enumerate(TECHS):
        rows.append((f"Secondary Energy|Electricity|{_TECH_NAMES[tech]}", "TWh/yr",
                     generation[i]))
    rows.append(("Secondary Energy|Electricity", "TWh/yr", generation.sum(axis=0)))
    for i, tech in enumerate(CAPACITY_TECHS):
        rows.append((f"Capacity|Electricity|{_TECH_NAMES[tech]}", "GW", p.capacity_gw[i]))
    rows.append(("Curtailment|Electricity|Wind and Solar", "dimensionless",
                 p.curtailment_frac))
    eip = e.co2_fossil_mt()[k]
    rows += [
        ("Emissions|CO2|Energy|Supply|Electricity", "Mt CO2/yr", e.co2_power_mt[k]),
        ("Emissions|CO2|Energy and Industrial Processes", "Mt CO2/yr", eip),
        ("Carbon Removal", "Mt CO2/yr", e.removals_mt.sum(axis=0)[k]),
        *[(name, "Mt CO2/yr", e.removals_mt[i][k]) for i, name in enumerate(_REMOVAL_NAMES)],
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
    return rows + _sector_rows(e, sector_burned)


#: IAMC names of the end-use sectors (AR6 template), fuels and pollutants
_SECTOR_NAMES = {"industry_energy": "Energy|Demand|Industry",
                 "industry_process": "Industrial Processes",
                 "transport": "Energy|Demand|Transportation",
                 "buildings": "Energy|Demand|Residential and Commercial",
                 "other_energy": "Energy|Supply|Other"}
_FE_SECTOR_NAMES = {"industry_energy": "Industry", "transport": "Transportation",
                    "buildings": "Residential and Commercial", "other_energy": "Other Sector"}
_FUEL_NAMES = {"electricity": "Electricity", "coal": "Solids|Coal", "oil": "Liquids|Oil",
               "gas": "Gases|Natural Gas", "hydrogen_bioenergy": "Hydrogen and Bioenergy"}
_POLLUTANT_NAMES = {"Sulfur": ("Sulfur", "Mt SO2/yr"), "NOx": ("NOx", "Mt NO2/yr"),
                    "BC": ("BC", "Mt BC/yr"), "OC": ("OC", "Mt OC/yr"), "CO": ("CO", "Mt CO/yr"),
                    "VOC": ("VOC", "Mt VOC/yr"), "NH3": ("NH3", "Mt NH3/yr")}
_POLLUTANT_SECTOR_NAMES = {"industry": "Energy|Demand|Industry",
                           "transport": "Energy|Demand|Transportation",
                           "buildings": "Energy|Demand|Residential and Commercial",
                           "other_energy": "Energy|Supply|Other", "non_energy": "Other"}


def _sector_rows(e: RegionalEmissions,
                 sector_burned: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
    """Emissions by end-use sector and final energy by fuel, over 2024-2100.

    ``sector_burned`` (len(END_USE), 2023-2100): each end-use sector's share of its
    fossil fuel the targets leave burned (:meth:`RegionalEmissions.fuel_burned`).
    """
    k = slice(1, None)
    rows: list[tuple[str, str, np.ndarray]] = [
        (f"Emissions|CO2|{_SECTOR_NAMES[s]}", "Mt CO2/yr", e.co2_sector_mt[i][k])
        for i, s in enumerate(SECTORS)]
    # fossil final energy after the targets: their CO2 cut is fuel not burned
    fe = e.end_use.final_energy_ej.copy()
    fossil = [ENERGY_FUELS.index(f) for f in FUELS]
    fe[:, fossil] *= sector_burned[:, None, :]
    for i, s in enumerate(END_USE):
        for j, f in enumerate(ENERGY_FUELS):
            rows.append((f"Final Energy|{_FE_SECTOR_NAMES[s]}|{_FUEL_NAMES[f]}", "EJ/yr",
                         fe[i, j][k]))
        rows.append((f"Final Energy|{_FE_SECTOR_NAMES[s]}", "EJ/yr", fe[i].sum(axis=0)[k]))
    for i, p in enumerate(POLLUTANTS):
        name, unit = _POLLUTANT_NAMES[p]
        for j, s in enumerate(POLLUTANT_SECTORS):
            rows.append((f"Emissions|{name}|{_POLLUTANT_SECTOR_NAMES[s]}", unit,
                         e.pollutant_sector_mt[i, j][k]))
    return rows


def _world_ch4_gwp(base: Mapping[str, RegionalEmissions]) -> float:
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


#: species named here, with IAMC unit and factor from FaIR units
_NAMED: dict[str, tuple[str, str, float]] = {
    "CO2 FFI": ("Emissions|CO2|Energy and Industrial Processes", "Mt CO2/yr", 1000.0),
    "CO2 AFOLU": ("Emissions|CO2|AFOLU", "Mt CO2/yr", 1000.0),
    "CH4": ("Emissions|CH4", "Mt CH4/yr", 1.0),
    "N2O": ("Emissions|N2O", "kt N2O/yr", 1000.0),
    "Sulfur": ("Emissions|Sulfur", "Mt SO2/yr", 1.0),
    "NOx": ("Emissions|NOx", "Mt NO2/yr", 1.0),
    "BC": ("Emissions|BC", "Mt BC/yr", 1.0),
    "OC": ("Emissions|OC", "Mt OC/yr", 1.0),
}
#: rows that do not add up over regions (World gets none)
_NOT_ADDITIVE = ("Curtailment|",)


def _species_rows(block: np.ndarray, species: list[str], units: list[str],
                  skip_zero: bool) -> list[tuple[str, str, np.ndarray]]:
    """One row per species of ``block`` (years x 51, FaIR units), IAMC names and units."""
    names = _species_variables()
    rows = []
    for j, specie in enumerate(species):
        if skip_zero and not np.any(block[:, j]):
            continue
        var, unit, factor = _NAMED.get(specie, (names[specie], units[j], 1.0))
        rows.append((var, unit, block[:, j] * factor))
    return rows


def _remainder_rows(block: np.ndarray, species: list[str], units: list[str],
                    ch4_gwp_w: float) -> list[tuple[str, str, np.ndarray]]:
    """Rows of ``World|Remainder``: every species, net CO2 and Kyoto gases."""
    col = {s: block[:, j] for j, s in enumerate(species)}
    co2 = (col["CO2 FFI"] + col["CO2 AFOLU"]) * 1000.0
    kyoto = (co2 + col["CH4"] * ch4_gwp_w + col["N2O"] * gwp("N2O")
             + block @ _fgas_gwp(species) / 1000.0)
    return [*_species_rows(block, species, units, skip_zero=False),
            ("Emissions|CO2", "Mt CO2/yr", co2),
            ("Emissions|Kyoto Gases (AR6-GWP100)", KYOTO_UNIT, kyoto)]


def iamc_frame(scenarios: ScenarioLike | Sequence[ScenarioLike],
               reference_world: str | None = None) -> pd.DataFrame:
    """IAMC long table for one or more scenarios (see module doc).

    ``reference_world``, if given, replaces each scenario's reference SSP.
    """
    import pandas as pd

    items: list[ScenarioLike] = (
        [scenarios] if isinstance(scenarios, (str, Path, Mapping, Scenario, ResolvedScenario))
        else list(scenarios))
    ssp = ssp_emissions()
    species = [str(s) for s in ssp.species]
    units = [str(u) for u in ssp.units]
    years = np.asarray(ssp.years)
    out_years = np.arange(BASE_YEAR, int(years[-1]) + 1)
    sel = np.isin(years, out_years)
    hfc_cols = hfc_columns()
    hfc_gwp = np.array([gwp(species[i]) for i in hfc_cols])
    ch4_gwp_w = _world_ch4_gwp(baseline_regions())
    frames = []
    for item in items:
        resolved = as_resolved(item, reference_world)
        regions = region_emissions(resolved)
        rows: list[tuple[str, str, str, np.ndarray]] = []
        for region in REGIONS:
            e = regions[region]
            hfc = region_hfc_kt(region, e.kigali)[sel] @ hfc_gwp / 1000.0  # kt -> Mt CO2e
            block = region_array(e)[sel]
            own = _region_rows(e, hfc)
            known = {v for v, _, _ in own}
            extra = [r for r in _species_rows(block, species, units, skip_zero=True)
                     if r[0] not in known]
            rows += [(region, v, u, x) for v, u, x in own + extra]
        remainder = scenario_remainder(resolved)[sel]
        rows += [(REMAINDER, v, u, x)
                 for v, u, x in _remainder_rows(remainder, species, units, ch4_gwp_w)]
        totals: dict[tuple[str, str], np.ndarray] = {}
        for _region, var, unit, values in rows:
            if not var.startswith(_NOT_ADDITIVE):
                key = (var, unit)
                totals[key] = totals.get(key, 0.0) + values
        rows += [("World", var, unit, values) for (var, unit), values in totals.items()]
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
    import pandas as pd

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
