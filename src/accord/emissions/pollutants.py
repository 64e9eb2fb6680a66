"""Air pollutants and ozone precursors outside power, by sector and fuel.

Each region's 2023 total of SO2, NOx, BC, OC, CO, NMVOC and NH3
(``pollutant_sources.csv``, sector-facts section 3; Rest of World = World minus
the four regions minus international shipping, which belongs to the world
remainder as its CO2 does: :func:`shipping_share`) minus its power plants'
emissions (the power model) is split by sector and fuel with one split for every
region (the same table). Each part then
follows its driver, the end-use sector's final energy of that fuel relative to
2023 (``accord.energy.sectors``), times the air-quality factor of the
pollutant (:func:`accord.emissions.regional.air_quality_factor`): coal cut in
industry cuts industry SO2, oil cut in transport cuts NOx and BC. Non-energy
sources (solvents, agriculture, traditional biomass) follow the reference
pathway's own world trend of the pollutant (``air_quality_pathway``, SSP2-4.5):
no lever moves them. CO, NMVOC and NH3 of power plants are not separated: they are in
the split.

Examples
--------
>>> round(nonpower_total_mt("India", "Sulfur"), 2)  # 10.5 (section 3) - 6.08 (power)
4.42
"""

from __future__ import annotations

from functools import cache

import numpy as np

from accord.energy.base_year import FUELS, power_base, power_factor
from accord.energy.sectors import END_USE, ENERGY_FUELS, EndUseResult
from accord.levers.schema import REGIONS
from accord.levers.tables import read_table

__all__ = ["POLLUTANTS", "POLLUTANT_SECTORS", "end_use_pollutants_mt", "nonpower_total_mt",
           "shipping_share"]

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


def end_use_pollutants_mt(end_use: EndUseResult, air_quality: np.ndarray,
                          trend: np.ndarray) -> np.ndarray:
    """Pollutants outside power, shape (len(POLLUTANTS), len(POLLUTANT_SECTORS), n_years), Mt/yr.

    ``air_quality`` and ``trend`` have shape (len(POLLUTANTS), n_years): the
    emission-factor multiplier of the energy parts and the multiplier of the
    non-energy part of each pollutant.
    """
    fe = end_use.final_energy_ej
    n = fe.shape[-1]
    out = np.zeros((len(POLLUTANTS), len(POLLUTANT_SECTORS), n))
    for pollutant, sector, fuel, share in _split():
        i = POLLUTANTS.index(pollutant)
        driver = trend[i]
        if sector != "non_energy":
            series = fe[END_USE.index(_FE_SECTOR[sector]), ENERGY_FUELS.index(fuel)]
            driver = (series / series[0] if series[0] > 0 else np.zeros(n)) * air_quality[i]
        base = nonpower_total_mt(end_use.region, pollutant) * share
        out[i, POLLUTANT_SECTORS.index(sector)] += base * driver
    return out
