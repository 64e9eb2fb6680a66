"""World composition: the reference SSP plus each region's change against its baseline.

``world(s, t) = reference_world(s, t) + sum_r (region_scenario_r(s, t) - region_baseline_r(s, t))``
for every one of the 51 species, with the baseline = current policies. Years
before 2024 are the reference history untouched; a region under current
policies contributes exactly 0.0, so the baseline scenario reproduces the
reference SSP bit for bit.

Species moved by the regions: CO2 FFI (power, other fossil, removals), CO2
AFOLU (land), CH4, N2O, Sulfur, NOx, BC, OC (power co-emissions) and the HFCs
(Kigali lever, on each region's share of the reference HFCs: its share of
2023 world fossil CO2, a proxy because accord ships no regional HFC
inventory). All other species follow the reference world.

Known limit: the change of a region is measured against its own bottom-up
baseline, and the five baselines only roughly follow the reference. For fossil
CO2 their sum is within 6 % of SSP2-4.5 to 2050 but about 30 % below it in 2070
and 45 % above it in 2100 (tested in ``tests/emissions``), so a deep regional
cut late in the century moves the world by the region's own baseline, not by
its share of the reference.

Examples
--------
>>> da = world_emissions("current-policies")
>>> da.dims, da.sizes["specie"], str(da["unit"].values[0])
(('scenario', 'year', 'specie'), 51, 'Gt CO2/yr')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import xarray as xr

from accord.data import ssp_emissions
from accord.emissions.regional import EMISSION_YEARS, RegionalEmissions, base_value
from accord.emissions.targets import apply_targets, regional_pathways
from accord.levers.errors import ScenarioError
from accord.levers.loading import ResolvedScenario, load_scenario, resolve
from accord.levers.schema import BASE_YEAR, REFERENCE_WORLDS, REGIONS, RegionLevers, Scenario
from accord.levers.tables import read_table

__all__ = [
    "ScenarioLike",
    "baseline_regions",
    "hfc_factor",
    "hfc_share",
    "region_emissions",
    "world_array",
    "world_emissions",
]

ScenarioLike = str | Path | Mapping[str, object] | Scenario | ResolvedScenario

#: region quantity -> (species, divisor to FaIR units)
_REGION_SPECIES: dict[str, tuple[str, float]] = {
    "co2_fossil": ("CO2 FFI", 1000.0),   # Mt -> Gt CO2
    "co2_land": ("CO2 AFOLU", 1000.0),
    "ch4": ("CH4", 1.0),                 # Mt CH4
    "n2o": ("N2O", 1.0),                 # Mt N2O
    "so2": ("Sulfur", 1.0),              # Mt SO2
    "nox": ("NOx", 1.0),                 # Mt NO2
    "bc": ("BC", 1.0),
    "oc": ("OC", 1.0),
}


def as_resolved(scenario: ScenarioLike, reference_world: str | None = None) -> ResolvedScenario:
    """Resolve a preset name, file path, mapping or ``Scenario``.

    ``reference_world``, if given, replaces the scenario's own reference SSP.
    """
    if isinstance(scenario, ResolvedScenario):
        resolved = scenario
    elif isinstance(scenario, Scenario):
        resolved = resolve(scenario)
    else:
        resolved = resolve(load_scenario(scenario))
    if reference_world is None:
        return resolved
    if reference_world not in REFERENCE_WORLDS:
        raise ScenarioError(
            f"reference_world = {reference_world!r}: allowed: {', '.join(REFERENCE_WORLDS)}; "
            "fix: use one of these")
    return dataclasses.replace(resolved, reference_world=reference_world)


def region_emissions(resolved: ResolvedScenario) -> dict[str, RegionalEmissions]:
    """Every region's pathways with its targets applied."""
    return {r: _region_pathways(r, resolved.regions[r]) for r in REGIONS}


@lru_cache(maxsize=256)
def _region_pathways(region: str, levers: RegionLevers) -> RegionalEmissions:
    """One region's pathways, cached by its (frozen, hashable) levers.

    A slider moves one lever of one region; the other regions' pathways are
    reused. The cached arrays are read-only, so nothing can change them in place.
    """
    e = apply_targets(regional_pathways(region, levers), levers.targets)
    _freeze(e)
    return e


def _freeze(value: object) -> None:
    """Make every numpy array reachable through dataclass fields read-only."""
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _freeze(getattr(value, f.name))


@cache
def baseline_regions() -> Mapping[str, RegionalEmissions]:
    """The current-policies pathways of every region (cached)."""
    return region_emissions(resolve(load_scenario("current-policies")))


@cache
def hfc_share(region: str) -> float:
    """The region's share of 2023 world fossil CO2 (proxy for its share of HFCs)."""
    total = sum(base_value(r, "co2_fossil", BASE_YEAR - 1) for r in REGIONS)
    return base_value(region, "co2_fossil", BASE_YEAR - 1) / total


@cache
def _kigali_params() -> tuple[float, int]:
    rows = {r["parameter"]: r["value"] for r in read_table("emissions_assumptions.csv")}
    return float(rows["kigali_accelerated_extra_cut"]), int(float(rows["kigali_off_rule"]))


def hfc_factor(mode: str, years: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Multiplier on the reference HFC path for a Kigali mode, shape of ``reference``.

    ``reference`` has shape (n_years, n_hfc); "on" is 1, "accelerated" falls
    linearly to ``1 - extra_cut`` by 2035, "off" keeps HFCs no lower than in 2024.
    """
    extra_cut, hold_year = _kigali_params()
    if mode == "on":
        return np.ones_like(reference)
    if mode == "accelerated":
        ramp = np.clip((years - BASE_YEAR) / (2035.0 - BASE_YEAR), 0.0, 1.0)
        return np.broadcast_to((1.0 - extra_cut * ramp)[:, None], reference.shape).copy()
    if mode == "off":
        held = reference[list(years).index(hold_year)]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(reference > 0, held / reference, 1.0)
        return np.where(years[:, None] >= hold_year, np.maximum(1.0, ratio), 1.0)
    raise ValueError(f"unknown Kigali mode {mode!r}")


def _quantity(e: RegionalEmissions, name: str) -> np.ndarray:
    if name == "co2_fossil":
        return e.co2_fossil_mt()
    if name == "co2_land":
        return e.co2_land_mt
    if name == "ch4":
        return np.asarray(e.ch4_mt.sum(axis=0))
    return np.asarray(getattr(e, f"{name}_mt"))


def world_array(resolved: ResolvedScenario) -> np.ndarray:
    """World emissions of one scenario, shape (year 1750..2100, 51 species), FaIR units."""
    ssp = ssp_emissions()
    try:
        reference = ssp.scenario(resolved.reference_world)
    except KeyError as exc:
        raise ScenarioError(str(exc)) from None
    years = np.asarray(ssp.years)
    species = list(ssp.species)
    world = np.array(reference, dtype=float, copy=True)
    rows = np.searchsorted(years, EMISSION_YEARS)
    future = EMISSION_YEARS >= BASE_YEAR
    scen = region_emissions(resolved)
    base = baseline_regions()
    hfc_cols = [i for i, s in enumerate(species) if s.startswith("HFC-")]
    ref_hfc = reference[:, hfc_cols]
    for region in REGIONS:
        for name, (specie, divisor) in _REGION_SPECIES.items():
            delta = (_quantity(scen[region], name) - _quantity(base[region], name)) / divisor
            world[rows[future], species.index(specie)] += delta[future]
        if scen[region].kigali != base[region].kigali:
            change = hfc_share(region) * ref_hfc * (
                hfc_factor(scen[region].kigali, years, ref_hfc)
                - hfc_factor(base[region].kigali, years, ref_hfc))
            for j, col in enumerate(hfc_cols):
                world[years >= BASE_YEAR, col] += change[years >= BASE_YEAR, j]
    return world


def world_emissions(scenarios: ScenarioLike | Sequence[ScenarioLike],
                    reference_world: str | None = None) -> xr.DataArray:
    """The 51-species world frame the climate engine reads.

    Parameters
    ----------
    scenarios : a preset name, TOML/JSON path, mapping, Scenario or ResolvedScenario,
        or a list of them.
    reference_world : str, optional
        One of the eight SSPs, replacing each scenario's own ``reference_world``.

    Returns
    -------
    xarray.DataArray named "emissions", dims (scenario, year, specie), years
    1750..2100, species in calibration order, FaIR units in coordinate ``unit``.
    """
    items: Iterable[ScenarioLike]
    if isinstance(scenarios, (str, Path, Mapping, Scenario, ResolvedScenario)):
        items = [scenarios]
    else:
        items = scenarios
    resolved = [as_resolved(s, reference_world) for s in items]
    names = [r.name for r in resolved]
    if len(set(names)) != len(names):
        raise ScenarioError(f"scenario names must be unique; got {names}; fix: rename one")
    ssp = ssp_emissions()
    data = np.stack([world_array(r) for r in resolved])
    return xr.DataArray(
        data, name="emissions", dims=("scenario", "year", "specie"),
        coords={"scenario": names, "year": np.asarray(ssp.years, dtype=int),
                "specie": [str(s) for s in ssp.species],
                "unit": ("specie", [str(u) for u in ssp.units])})
