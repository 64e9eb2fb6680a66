"""Air pollutants and ozone precursors by sector and fuel: the pollutants of the fuel burned.

Each region's 2023 total of SO2, NOx, BC, OC, CO, NMVOC and NH3
(``pollutant_sources.csv``, sector-facts section 3; Rest of World = World minus
the four regions minus international shipping, which belongs to the world
remainder as its CO2 does: :func:`shipping_share`) minus its power plants'
emissions (the power model) is split by sector and fuel with one split for every
region (the same table). Each part then
follows its driver, the end-use sector's final energy of that fuel relative to
2023 (``accord.energy.sectors``), times the air-quality factor of the
pollutant (:func:`air_quality_factor`): coal cut in
industry cuts industry SO2, oil cut in transport cuts NOx and BC. Non-energy
sources (solvents, agriculture, traditional biomass) follow the reference
pathway's own world trend of the pollutant (``air_quality_pathway``, SSP2-4.5):
no lever moves them. CO, NMVOC and NH3 of power plants are not separated: they are in
the split.

**Targets cut the pollutants of the fuel they remove.** A top-down target
(``accord.emissions.targets``) is met by real levers: the CO2 it removes from a
sector is fuel not burned (abatement by burning less fuel, CCS aside: a target
never adds capture), so the combustion pollutants of that sector fall in the same
proportion. :func:`fuel_pollutants_mt` is the one code path for levers and targets
alike: the levers set the fuel (power generation by fuel, end-use final energy by
fuel) and each sector then burns the share :func:`burned_frac` of it that its
CO2 keeps after targets (1 without a target). Power's SO2, NOx, BC and OC scale with
power CO2; each end-use sector's fuel-driven parts of the split (every row whose
sector is not ``non_energy``) with that sector's CO2 (industry with its energy
CO2, not process CO2). The ``non_energy`` parts (agriculture NH3, solvents,
traditional biomass, other) do not burn the target's fuel and do not move.

Examples
--------
>>> round(nonpower_total_mt("India", "Sulfur"), 2)  # 10.5 (section 3) - 6.08 (power)
4.42
>>> burned_frac(np.array([50.0, 0.0, 3.0]), np.array([100.0, 0.0, 3.0]))  # a cap halving CO2
array([0.5, 1. , 1. ])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from accord.energy.base_year import FUELS, power_base, power_factor
from accord.energy.power import PowerResult
from accord.energy.sectors import END_USE, ENERGY_FUELS, SECTOR_YEARS, SECTORS, EndUseResult
from accord.levers.schema import REGIONS
from accord.levers.tables import read_table

__all__ = ["POLLUTANTS", "POLLUTANT_SECTORS", "FuelPollutants", "air_quality_factor",
           "burned_frac", "end_use_pollutants_mt", "fuel_pollutants_mt", "nonpower_total_mt",
           "reference_trend", "shipping_mt", "shipping_share"]

#: pollutants in FaIR's names (SO2 is "Sulfur", NMVOC is "VOC")
POLLUTANTS: tuple[str, ...] = ("Sulfur", "NOx", "BC", "OC", "CO", "VOC", "NH3")
#: sectors of the pollutants outside power, in output order
POLLUTANT_SECTORS: tuple[str, ...] = ("industry", "transport", "buildings", "other_energy",
                                      "non_energy")
_FE_SECTOR = {"industry": "industry_energy", "transport": "transport",
              "buildings": "buildings", "other_energy": "other_energy"}
#: power-model factor name of the pollutants the power sector carries itself
POWER_FACTOR = {"Sulfur": "so2", "NOx": "nox", "BC": "bc", "OC": "oc"}


@cache
def shipping_share(pollutant: str) -> float:
    """International shipping's share of the world total of ``pollutant`` (0 if none given).

    Section 3's world totals (CEDS) include international shipping, which no
    region carries: like the bunkers' CO2 it is left to the world remainder
    (the ``international_shipping`` rows of ``pollutant_sources.csv``).
    """
    return next((float(r["value"]) for r in read_table("pollutant_sources.csv")
                 if r["region"] == "World" and r["pollutant"] == pollutant
                 and r["sector"] == "international_shipping"), 0.0)


def shipping_mt(pollutant: str) -> float:
    """International shipping's 2023 emissions of ``pollutant``, Mt/yr: its share of the world
    total (:func:`shipping_share`); part of the world remainder, cut with shipping's CO2."""
    return shipping_share(pollutant) * _total_mt("World", pollutant)


@cache
def _total_mt(region: str, pollutant: str) -> float:
    if region == "Rest of World":
        world = _total_mt("World", pollutant) * (1.0 - shipping_share(pollutant))
        return world - sum(_total_mt(r, pollutant) for r in REGIONS[:4])
    return next(float(r["value"]) for r in read_table("pollutant_sources.csv")
                if r["region"] == region and r["pollutant"] == pollutant
                and r["sector"] == "total")


def _power_mt(region: str, pollutant: str) -> float:
    """Power plants' emissions of ``pollutant`` in the base year, Mt/yr (g/kWh = kt/TWh)."""
    if pollutant not in POWER_FACTOR:
        return 0.0
    gen = power_base(region).generation_twh
    return sum(gen[f] * power_factor(POWER_FACTOR[pollutant], region, f) for f in FUELS) / 1000.0


@cache
def nonpower_total_mt(region: str, pollutant: str) -> float:
    """The region's 2023 total outside power plants, Mt/yr (at least 0)."""
    return max(_total_mt(region, pollutant) - _power_mt(region, pollutant), 0.0)


@cache
def _split() -> tuple[tuple[str, str, str, float], ...]:
    rows = tuple((r["pollutant"], r["sector"], r["fuel"], float(r["value"]))
                 for r in read_table("pollutant_sources.csv") if r["region"] == "all")
    for p in POLLUTANTS:
        total = sum(v for q, _, _, v in rows if q == p)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"pollutant_sources.csv: the split of {p} sums to {total}, not 1")
    return rows


@cache
def air_quality_factor(specie: str) -> np.ndarray:
    """Multiplier on power-plant emission factors of ``specie`` over 2023-2100 (``SECTOR_YEARS``).

    The world intensity (``specie`` per unit of fossil CO2) of the
    ``air_quality_pathway`` of ``emissions_assumptions.csv`` relative to 2023,
    as a running minimum capped at 1 (once air-quality policy lowers a factor
    it stays lowered), of which the share ``air_quality_policy_share`` is
    applied: ``1 - share * (1 - intensity)``. The rest of the pathway's fall in
    intensity is its own shift between fuels, which accord models itself.
    Read-only array.
    """
    from accord.data import ssp_emissions

    rows_ = {r["parameter"]: r["value"] for r in read_table("emissions_assumptions.csv")}
    name, share = rows_["air_quality_pathway"], float(rows_["air_quality_policy_share"])
    ssp = ssp_emissions()
    species = [str(x) for x in ssp.species]
    rows = np.searchsorted(np.asarray(ssp.years), SECTOR_YEARS)
    ref = ssp.scenario(name)[rows]
    intensity = ref[:, species.index(specie)] / np.maximum(ref[:, species.index("CO2 FFI")], 1e-9)
    fall = 1.0 - np.minimum.accumulate(np.minimum(intensity / intensity[0], 1.0))
    out = 1.0 - share * fall
    out.setflags(write=False)
    return np.asarray(out)


@cache
def reference_trend(specie: str) -> np.ndarray:
    """World emissions of ``specie`` in the ``air_quality_pathway`` relative to 2023 (read-only)."""
    from accord.data import ssp_emissions

    name = next(r["value"] for r in read_table("emissions_assumptions.csv")
                if r["parameter"] == "air_quality_pathway")
    ssp = ssp_emissions()
    rows = np.searchsorted(np.asarray(ssp.years), SECTOR_YEARS)
    ref = ssp.scenario(name)[rows, [str(x) for x in ssp.species].index(specie)]
    out = np.maximum(ref / ref[0], 0.0)
    out.setflags(write=False)
    return np.asarray(out)


def end_use_pollutants_mt(end_use: EndUseResult, air_quality: np.ndarray, trend: np.ndarray,
                          burned: np.ndarray | None = None) -> np.ndarray:
    """Pollutants outside power, shape (len(POLLUTANTS), len(POLLUTANT_SECTORS), n_years), Mt/yr.

    ``air_quality`` and ``trend`` have shape (len(POLLUTANTS), n_years): the
    emission-factor multiplier of the energy parts and the multiplier of the
    non-energy part of each pollutant. ``burned`` (len(END_USE), n_years), if
    given, is the share of each end-use sector's fossil fuel still burned after
    targets (:func:`burned_frac`); the energy parts scale with it, the
    non-energy part does not.
    """
    fe = end_use.final_energy_ej
    n = fe.shape[-1]
    out = np.zeros((len(POLLUTANTS), len(POLLUTANT_SECTORS), n))
    for pollutant, sector, fuel, share in _split():
        i = POLLUTANTS.index(pollutant)
        driver = trend[i]
        if sector != "non_energy":
            j = END_USE.index(_FE_SECTOR[sector])
            series = fe[j, ENERGY_FUELS.index(fuel)]
            driver = (series / series[0] if series[0] > 0 else np.zeros(n)) * air_quality[i]
            if burned is not None:
                driver = driver * burned[j]
        base = nonpower_total_mt(end_use.region, pollutant) * share
        out[i, POLLUTANT_SECTORS.index(sector)] += base * driver
    return out


def burned_frac(after_mt: np.ndarray, before_mt: np.ndarray) -> np.ndarray:
    """Share of a sector's fuel still burned once a target cut its CO2 from ``before`` to ``after``.

    ``after / before`` where ``before > 0``, else 1 (no fuel left to cut). A cap
    never raises emissions, so the share is in [0, 1].
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(before_mt > 0.0, after_mt / before_mt, 1.0))


@dataclass(frozen=True)
class FuelPollutants:
    """Co-emitted pollutants of the fuel burned over 2023-2100, Mt/yr (NOx as NO2).

    ``so2_mt``, ``nox_mt``, ``bc_mt``, ``oc_mt`` are power's (n_years,);
    ``sector_mt`` is (len(POLLUTANTS), len(POLLUTANT_SECTORS), n_years).
    """

    so2_mt: np.ndarray
    nox_mt: np.ndarray
    bc_mt: np.ndarray
    oc_mt: np.ndarray
    sector_mt: np.ndarray


def fuel_pollutants_mt(power: PowerResult, end_use: EndUseResult, co2_power_mt: np.ndarray,
                       co2_sector_mt: np.ndarray) -> FuelPollutants:
    """Pollutants of the fuel each sector burns, levers and targets alike (see module doc).

    Parameters
    ----------
    power : PowerResult
        The power model's result (2024-2100; its 2024 value stands for 2023, as for CO2).
    end_use : EndUseResult
        The end-use sectors as the levers set them (2023-2100).
    co2_power_mt : ndarray (n_years,)
        Power CO2 after targets, Mt CO2/yr (the power model's own without a target).
    co2_sector_mt : ndarray (len(SECTORS), n_years)
        End-use CO2 by sector after targets, Mt CO2/yr (``end_use.co2_mt`` without one).
    """
    air_quality = np.stack([air_quality_factor(p) for p in POLLUTANTS])
    trend = np.stack([reference_trend(p) for p in POLLUTANTS])
    power_co2 = power.co2_mt.sum(axis=0)
    power_frac = burned_frac(co2_power_mt, np.concatenate([power_co2[:1], power_co2]))
    parts = {}
    for pollutant, name in POWER_FACTOR.items():
        series = getattr(power, f"{name}_mt")
        parts[name] = (np.concatenate([series[:1], series])
                       * air_quality[POLLUTANTS.index(pollutant)] * power_frac)
    rows = [SECTORS.index(s) for s in END_USE]
    burned = burned_frac(co2_sector_mt[rows], end_use.co2_mt[rows])
    return FuelPollutants(parts["so2"], parts["nox"], parts["bc"], parts["oc"],
                          end_use_pollutants_mt(end_use, air_quality, trend, burned))
