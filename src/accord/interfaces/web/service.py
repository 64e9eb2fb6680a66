"""What the routes return, built from :func:`accord.pipeline.simulate` and the lever tables.

Kept apart from the routes so they stay thin. Regional emissions for the
charts come from :func:`accord.emissions.world.region_emissions`, memoised there per
(region, levers): a slider move changes one region, so only that region's pathways are
recomputed -- once, for the world emissions and the charts alike.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from accord.assessment.metrics import FAN_NAMES, fan_percentiles
from accord.data import ssp_emissions
from accord.emissions import EMISSION_YEARS, RegionalEmissions, region_emissions
from accord.emissions.by_sector import SECTOR_GASES, sector_emissions
from accord.emissions.regional import trajectory_starts
from accord.interfaces.web.schemas import literal_choices
from accord.levers import GROUPS, REGIONS, current_policies_table, load_scenario, resolve
from accord.levers.errors import lever_range
from accord.levers.limits import removal_ceiling_gt
from accord.levers.loading import WORLD, ResolvedScenario, preset_names
from accord.levers.schema import LEVER_GROUPS, SCENARIO_GROUPS, group_title, is_trajectory
from accord.levers.sectors import SECTORS, lever_sector, sector_levers
from accord.pipeline import Result

#: the milestone years the page shows a slider for, on every trajectory lever
PAGE_MILESTONES: tuple[int, ...] = (2030, 2035, 2050)

__all__ = ["emissions_payload", "fan", "levers_payload",
           "presets_payload", "verdict_dict"]

#: regional quantities on the charts: name -> unit
REGION_QUANTITIES: dict[str, str] = {
    "net_ghg": "Mt CO2-equiv/yr (AR6 GWP100)",
    "co2_fossil": "Mt CO2/yr",
    "co2_land": "Mt CO2/yr",
    "ch4": "Mt CH4/yr",
    "n2o": "Mt N2O/yr",
    "so2": "Mt SO2/yr",
    "co2_power": "Mt CO2/yr",
    "co2_industry": "Mt CO2/yr",
    "co2_transport": "Mt CO2/yr",
    "co2_buildings": "Mt CO2/yr",
    "co2_other_energy": "Mt CO2/yr",
}
#: world species shown by gas: label -> (species, unit)
WORLD_GASES: dict[str, tuple[tuple[str, ...], str]] = {
    "CO2": (("CO2 FFI", "CO2 AFOLU"), "Gt CO2/yr"),
    "CH4": (("CH4",), "Mt CH4/yr"),
    "N2O": (("N2O",), "Mt N2O/yr"),
    "SO2": (("Sulfur",), "Mt SO2/yr"),
}
WORLD_FROM_YEAR = 1990
#: gases of the by-sector chart: payload key -> gas of ``sector_emissions``
SECTOR_CHART_GASES: dict[str, str] = {"co2": "co2", "ch4": "ch4", "so2": "Sulfur"}

def _clean(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _round(values: np.ndarray, digits: int = 4) -> list[float]:
    return list(np.round(np.asarray(values, dtype=float), digits).tolist())


def verdict_dict(data: dict[str, Any]) -> dict[str, Any]:
    """A verdict or avoided dict with non-finite numbers made null (JSON has no NaN)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out[key] = verdict_dict(value)
        elif isinstance(value, float):
            out[key] = _clean(value)
        else:
            out[key] = value
    return out


def fan(result: Result, from_year: int) -> tuple[list[int], list[dict[str, list[float]]]]:
    """Years from ``from_year`` and GSAT percentiles of each run (scenario, baseline)."""
    years = result.years
    keep = years >= from_year
    pct = fan_percentiles(result.gsat_k[:, :, keep], axis=1)  # (percentile, run, year)
    runs = [{n: _round(pct[i, run]) for i, n in enumerate(FAN_NAMES)}
            for run in range(pct.shape[1])]
    return [int(y) for y in years[keep]], runs


def _quantities(e: RegionalEmissions) -> dict[str, list[float]]:
    co2 = sector_emissions(e, "co2")
    values = {"net_ghg": e.net_ghg_mt_co2e(), "co2_fossil": e.co2_fossil_mt(),
              "co2_land": e.co2_land_mt, "ch4": np.asarray(e.ch4_mt).sum(axis=0),
              "n2o": e.n2o_mt, "so2": e.pollutant_mt("Sulfur"), "co2_power": co2["power"],
              "co2_industry": co2["industry"], "co2_transport": co2["transport"],
              "co2_buildings": co2["buildings"], "co2_other_energy": co2["fuel_supply"]}
    return {k: _round(v, 2) for k, v in values.items()}


def _by_region(resolved: ResolvedScenario) -> dict[str, dict[str, list[float]]]:
    return {r: _quantities(e) for r, e in region_emissions(resolved).items()}


def _by_sector(resolved: ResolvedScenario) -> dict[str, dict[str, dict[str, list[float]]]]:
    """Region -> gas -> sector -> Mt/yr over ``EMISSION_YEARS`` (the regions' own pathways)."""
    out: dict[str, dict[str, dict[str, list[float]]]] = {}
    for region, e in region_emissions(resolved).items():
        out[region] = {}
        for key, gas in SECTOR_CHART_GASES.items():
            parts = sector_emissions(e, gas)
            rows = np.round(np.stack(list(parts.values())), 2).tolist()  # one pass, not per row
            out[region][key] = dict(zip(parts, rows, strict=True))
    return out


def emissions_payload(result: Result) -> dict[str, Any]:
    """Emissions by region (both runs), the scenario's by sector, world emissions by gas."""
    scen, base = result.resolved
    years = result.years
    keep = years >= WORLD_FROM_YEAR
    species = [str(s) for s in ssp_emissions().species]
    by_gas: dict[str, dict[str, list[float]]] = {}
    for run_index, run in enumerate(("scenario", "baseline")):
        values = result.emissions[run_index]
        by_gas[run] = {gas: _round(values[keep][:, [species.index(s) for s in names]].sum(axis=1))
                       for gas, (names, _) in WORLD_GASES.items()}
    return {
        "region_years": [int(y) for y in EMISSION_YEARS],
        "region_units": dict(REGION_QUANTITIES),
        "regions": {"scenario": _by_region(scen), "baseline": _by_region(base)},
        "sector_units": {k: SECTOR_GASES[gas] for k, gas in SECTOR_CHART_GASES.items()},
        "sector_titles": dict(SECTORS),
        "sectors": _by_sector(scen),
        "world_years": [int(y) for y in years[keep]],
        "world_units": {gas: unit for gas, (_, unit) in WORLD_GASES.items()},
        "world": by_gas,
    }


@cache
def presets_payload() -> dict[str, Any]:
    """Every shipped preset with its sources and resolved levers (cached: package data)."""
    out = []
    for name in preset_names():
        scenario = load_scenario(name)
        resolved = resolve(scenario)
        levers = {r: {g: getattr(resolved.regions[r], g).model_dump(mode="json")
                      for g in GROUPS} for r in REGIONS}
        out.append({
            "name": name, "title": scenario.title, "builds_on": scenario.preset,
            "reference_world": scenario.reference_world,
            "sources": [{"title": d.title, "date": d.date, "url": d.url} for d in scenario.sources],
            "levers": levers,
            "international": resolved.international.model_dump(mode="json"),
        })
    return {"presets": out}


def _kind(name: str, unit: str, trajectory: bool = False) -> str:
    if trajectory:
        return "milestones"
    if unit == "choice" or name in ("ghg_base_year",):
        return "choice"
    return "year" if unit == "year" else "number"


@cache
def _region_maximum(group: str, name: str) -> dict[str, float | dict[str, float]] | None:
    """Each region's ceiling of a removal lever at the page's milestone years
    (``removal_limits.csv``); None elsewhere."""
    if group != "removals":
        return None
    kind = name.removesuffix("_gt_per_yr")
    return {r: {str(y): removal_ceiling_gt(r, kind, y) for y in PAGE_MILESTONES}
            for r in REGIONS}


@cache
def levers_payload() -> dict[str, Any]:
    """Every lever's unit, range or choices, description, defaults and sources (cached).

    A trajectory lever has kind ``milestones``: its defaults are milestone tables
    (``{"2025": 277.0, ...}``), ``years`` the milestones the page shows a slider
    for and ``starts`` each region's 2024 value the path runs from before its
    first milestone (``None``: the first milestone's value held back). A lever of the
    scenario as a whole (group ``international``) has scope ``world``: its defaults,
    sources and start are keyed ``World``, not by region.
    """
    table: dict[tuple[str, str, str], dict[str, str]] = {}
    paths: dict[tuple[str, str, str], dict[str, float]] = {}
    for entry in current_policies_table():
        key = (entry["region"], entry["group"], entry["lever"])
        table.setdefault(key, entry)
        if entry.get("year"):
            paths.setdefault(key, {})[entry["year"]] = float(entry["value"])
    starts: dict[str, dict[tuple[str, str], float | None]] = {
        r: trajectory_starts(r) for r in REGIONS}
    # the scenario's own cuts run from no cut in 2024 (accord.emissions.bunkers)
    starts[WORLD] = {(g, n): 0.0 for g, m in SCENARIO_GROUPS.items() for n in m.model_fields}
    levers = []
    for group, model in LEVER_GROUPS.items():
        owners = [WORLD] if group in SCENARIO_GROUPS else list(REGIONS)
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            unit = str(extra.get("unit", ""))
            lo, hi = lever_range(info)
            trajectory = is_trajectory(info)
            kind = _kind(name, unit, trajectory)
            choices: list[str | int] | None = None
            if kind == "choice":
                choices = literal_choices(info.annotation)
                if name == "ghg_base_year":
                    from accord.levers.schema import GHG_BASE_YEARS

                    choices = [*GHG_BASE_YEARS, *choices]
            rows = {r: table.get((r, group, name)) for r in owners}
            defaults: dict[str, Any] = {}
            sources: dict[str, str] = {}
            for r, row in rows.items():
                defaults[r] = None
                if row is not None:
                    value: Any = row["value"]
                    if kind == "milestones":
                        value = paths.get((r, group, name)) or {"2025": float(row["value"])}
                    elif kind == "number":
                        value = float(row["value"])
                    elif kind == "year" or (name == "ghg_base_year" and row["value"].isdigit()):
                        value = int(row["value"])
                    defaults[r] = value
                    sources[r] = row["source"]
            levers.append({
                "group": group, "sector": lever_sector(group, name), "name": name, "unit": unit,
                "description": info.description or "", "kind": kind,
                "minimum": lo, "maximum": hi, "choices": choices,
                "defaults": defaults, "sources": sources,
                "region_maximum": _region_maximum(group, name),
                "scope": "world" if group in SCENARIO_GROUPS else "region",
            })
            if trajectory:
                levers[-1]["years"] = list(PAGE_MILESTONES)
                levers[-1]["starts"] = {r: starts[r].get((group, name)) for r in owners}
    return {"regions": list(REGIONS), "groups": list(GROUPS),
            "scenario_groups": list(SCENARIO_GROUPS),
            "group_titles": {g: group_title(g) for g in LEVER_GROUPS},
            "sectors": list(sector_levers()),
            "sector_titles": {s: SECTORS[s] for s in sector_levers()}, "levers": levers}
