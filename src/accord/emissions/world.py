"""World composition: the sum of the regions plus an explicit remainder.

``world(s, t) = sum_r region_r(s, t) + remainder(t)`` for every one of the 51
species and every year from 2023 on; earlier years are the reference history.

- Each region carries what it models: fossil CO2 (power, other fossil;
  novel removals subtracted), land-use CO2 (afforestation subtracted), CH4
  by source, N2O, SO2, NOx, BC, OC, CO, NMVOC and NH3 of every sector
  (:mod:`accord.emissions.pollutants`), and its share of the
  HFCs (its share of 2023 world fossil CO2, a proxy: accord ships no regional
  HFC inventory) on the Kigali path of SSP2-4.5 (:data:`HFC_PATHWAY`).
- The remainder (``World|Remainder`` in the IAMC output) is everything else:
  international aviation and shipping (``emissions_assumptions.csv``), open
  burning and shipping pollutants, every species no region carries, and the
  gap between the national inventories and the reference history. In 2023 it
  is the reference history minus the regions, so regions plus remainder equal
  the history exactly; afterwards it follows the reference pathway's trend.
  Only the scenario's ``[international]`` levers move it: they cut its
  shipping and aviation part (:mod:`accord.emissions.bunkers`); every other
  part is the same in every scenario.

The world under current policies is therefore not forced onto the reference
SSP: it is the regional baselines plus the remainder. Choosing another
``reference_world`` changes the history and the remainder and nothing a region
models. Physical bounds (:mod:`accord.emissions.bounds`) are checked on every
world array built here.

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
from typing import TYPE_CHECKING

import numpy as np

from accord.data import ssp_emissions
from accord.emissions.bounds import NON_NEGATIVE, check_world, first_implausible, plausible_upper
from accord.emissions.bunkers import cut_remainder, remainder_trend
from accord.emissions.pollutants import POLLUTANTS
from accord.emissions.regional import EMISSION_YEARS, RegionalEmissions, base_value
from accord.emissions.targets import apply_targets, regional_pathways
from accord.levers.errors import ScenarioError
from accord.levers.international import InternationalLevers
from accord.levers.loading import ResolvedScenario, load_scenario, resolve
from accord.levers.schema import BASE_YEAR, REFERENCE_WORLDS, REGIONS, RegionLevers, Scenario
from accord.levers.tables import read_table

if TYPE_CHECKING:  # only world_emissions builds a labelled frame (imported there)
    import xarray as xr

__all__ = [
    "HFC_PATHWAY",
    "ScenarioLike",
    "baseline_regions",
    "hfc_factor",
    "hfc_share",
    "region_array",
    "region_emissions",
    "region_hfc_kt",
    "regions_array",
    "remainder_array",
    "scenario_remainder",
    "world_array",
    "world_emissions",
]

#: the reference pathway whose HFCs the regions' Kigali levers act on
HFC_PATHWAY = "ssp245"

ScenarioLike = str | Path | Mapping[str, object] | Scenario | ResolvedScenario

#: region quantity -> (species, divisor to FaIR units)
_REGION_SPECIES: dict[str, tuple[str, float]] = {
    "co2_fossil": ("CO2 FFI", 1000.0),   # Mt -> Gt CO2
    "co2_land": ("CO2 AFOLU", 1000.0),
    "ch4": ("CH4", 1.0),                 # Mt CH4
    "n2o": ("N2O", 1.0),                 # Mt N2O
    "Sulfur": ("Sulfur", 1.0),           # Mt SO2, power and other sectors
    "NOx": ("NOx", 1.0),                 # Mt NO2
    "BC": ("BC", 1.0),
    "OC": ("OC", 1.0),
    "CO": ("CO", 1.0),
    "VOC": ("VOC", 1.0),                 # Mt NMVOC
    "NH3": ("NH3", 1.0),
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
    if name in POLLUTANTS:
        return e.pollutant_mt(name)
    return np.asarray(getattr(e, f"{name}_mt"))


def region_hfc_kt(region: str, kigali: str) -> np.ndarray:
    """One region's HFCs, shape (year 1750..2100, n_hfc), kt/yr, zero before 2023.

    The region's share (:func:`hfc_share`) of the HFC path of
    :data:`HFC_PATHWAY` (SSP2-4.5, the Kigali schedule), times the Kigali factor.
    It does not depend on the scenario's reference world: a region's HFCs are
    something it models, the reference world only sets the remainder.
    """
    ssp = ssp_emissions()
    years = np.asarray(ssp.years)
    ref_hfc = ssp.scenario(HFC_PATHWAY)[:, hfc_columns()]
    out = hfc_share(region) * ref_hfc * hfc_factor(kigali, years, ref_hfc)
    out[years < EMISSION_YEARS[0]] = 0.0
    return np.asarray(out)


@cache
def hfc_columns() -> list[int]:
    """Columns of the HFC species in the 51-species frame."""
    return [i for i, s in enumerate(ssp_emissions().species) if str(s).startswith("HFC-")]


def regions_array(regions: Mapping[str, RegionalEmissions]) -> np.ndarray:
    """Sum of the regions, shape (year 1750..2100, 51), FaIR units, zero before 2023."""
    ssp = ssp_emissions()
    years = np.asarray(ssp.years)
    species = [str(s) for s in ssp.species]
    rows = np.searchsorted(years, EMISSION_YEARS)
    total = np.zeros((len(years), len(species)))
    for region in REGIONS:
        total += region_array(regions[region], rows, species)
    return total


def region_array(e: RegionalEmissions, rows: np.ndarray | None = None,
                 species: list[str] | None = None) -> np.ndarray:
    """One region's emissions, shape (year 1750..2100, 51), FaIR units, zero before 2023."""
    ssp = ssp_emissions()
    years = np.asarray(ssp.years)
    if species is None:
        species = [str(s) for s in ssp.species]
    if rows is None:
        rows = np.searchsorted(years, EMISSION_YEARS)
    out = np.zeros((len(years), len(species)))
    for name, (specie, divisor) in _REGION_SPECIES.items():
        out[rows, species.index(specie)] = _quantity(e, name) / divisor
    out[:, hfc_columns()] = region_hfc_kt(e.region, e.kigali)
    return out


@cache
def remainder_array(reference_world: str) -> np.ndarray:
    """The lever-free world remainder, shape (year 1750..2100, 51), FaIR units, zero before 2023.

    What no region models: international aviation and shipping (moved out of
    Rest of World's fossil CO2), open burning and shipping pollutants, every
    species no region carries, and the gap between the regions' national
    inventories and the reference history. In 2023 it is the reference minus
    the regions (so regions plus remainder equal the reference history
    exactly); after 2023 it follows the reference pathway's own trend,
    ``R(t) = R(2023) * ref(t) / ref(2023)`` (``ref`` at least zero for the
    species that cannot be negative and for fossil CO2;
    :func:`accord.emissions.bunkers.remainder_trend`). Cached per reference world;
    a scenario's ``[international]`` levers then cut its bunker part
    (:func:`scenario_remainder`). Read-only.
    """
    years = np.asarray(ssp_emissions().years)
    trend = np.array(remainder_trend(reference_world), copy=True)
    reference = ssp_emissions().scenario(reference_world)
    species = [str(s) for s in ssp_emissions().species]
    first = int(np.searchsorted(years, EMISSION_YEARS[0]))
    future = years >= EMISSION_YEARS[0]
    base = regions_array(baseline_regions())
    bounded = [j for j, s in enumerate(species) if s in NON_NEGATIVE or s == "CO2 FFI"]
    r0 = reference[first] - base[first]
    fade = np.clip((_fade_year() - years) / (_fade_year() - EMISSION_YEARS[0]), 0.0, 1.0)
    negative = np.zeros(len(species), dtype=bool)
    negative[bounded] = r0[bounded] < 0.0
    trend[:, negative] *= fade[:, None]
    out = np.zeros_like(trend)
    out[future] = r0 * trend[future]
    _freeze(out)
    return out


def scenario_remainder(resolved: ResolvedScenario) -> np.ndarray:
    """The remainder of one scenario: :func:`remainder_array` with its bunker part cut.

    International shipping's and aviation's parts (:mod:`accord.emissions.bunkers`) are
    multiplied by ``1 - cut(t)`` of the scenario's ``[international]`` levers; without a
    cut this is the cached lever-free array itself (read-only). This is what the world
    (:func:`world_array`) and the ``World|Remainder`` rows of the IAMC output hold.
    """
    return _cut_remainder(resolved.reference_world, resolved.international)


@lru_cache(maxsize=32)
def _cut_remainder(reference_world: str, international: InternationalLevers) -> np.ndarray:
    """:func:`scenario_remainder`, cached by the (frozen, hashable) levers: a slider that
    moves a region's lever reuses it. Read-only."""
    out = cut_remainder(remainder_array(reference_world), reference_world, international)
    _freeze(out)
    return out


@cache
def _fade_year() -> int:
    return int(float(next(r["value"] for r in read_table("emissions_assumptions.csv")
                          if r["parameter"] == "remainder_offset_fade_year")))


def world_array(resolved: ResolvedScenario) -> np.ndarray:
    """World emissions of one scenario, shape (year 1750..2100, 51 species), FaIR units.

    Reference history before 2023; from 2023 the sum of the regions plus the
    remainder (:func:`scenario_remainder`). Physical bounds are checked here
    (:func:`accord.emissions.bounds.check_world`), so no path bypasses them.
    """
    ssp = ssp_emissions()
    years = np.asarray(ssp.years)
    regions = region_emissions(resolved)
    remainder = scenario_remainder(resolved)
    world = np.array(ssp.scenario(resolved.reference_world), dtype=float, copy=True)
    future = years >= EMISSION_YEARS[0]
    world[future] = (regions_array(regions) + remainder)[future]
    removals = sum(e.co2_removal_mt for e in regions.values()) / 1000.0
    check_world(world, removals_gt=np.asarray(removals), first_year=int(EMISSION_YEARS[0]))
    bad = first_implausible(world, int(EMISSION_YEARS[0]))
    if bad is not None:
        raise ScenarioError(_implausible_message(regions, world, *bad))
    return world


def _implausible_message(regions: Mapping[str, RegionalEmissions], world: np.ndarray,
                         year: int, j: int) -> str:
    """Name the region whose levers built an implausible world value, and the fix."""
    ssp = ssp_emissions()
    row = list(ssp.years).index(year)
    share = {name: region_array(e)[row, j] for name, e in regions.items()}
    region = max(share, key=lambda name: share[name])
    return (f"regions.\"{region}\": the levers give the world {world[row, j]:.3g} "
            f"{ssp.units[j]} of {ssp.species[j]} in {year} ({region}: {share[region]:.3g}), "
            f"above the plausibility bound of {plausible_upper()[j]:.3g} (5 x the largest "
            "value of the 8 SSPs); a growth rate held for decades compounds (15 %/yr for 75 "
            f"years multiplies by 35,000); fix: lower {region}'s "
            "power.demand_growth_pct_per_yr or other_co2.growth_pct_per_yr_to_peak, or end "
            "the growth at an earlier milestone")


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
    import xarray as xr

    ssp = ssp_emissions()
    data = np.stack([world_array(r) for r in resolved])
    return xr.DataArray(
        data, name="emissions", dims=("scenario", "year", "specie"),
        coords={"scenario": names, "year": np.asarray(ssp.years, dtype=int),
                "specie": [str(s) for s in ssp.species],
                "unit": ("specie", [str(u) for u in ssp.units])})
