"""Base-year power-sector facts per region, read from the shipped tables.

Generation (2024, Ember via OWID) comes from ``energy_base_year.csv``;
installed capacity (end-2024) and 2024 additions from ``power_capacity_2024.csv``;
emission factors and plant parameters from ``power_assumptions.csv``. The rest
of world is World minus the four modelled regions.

Examples
--------
>>> b = power_base("China")
>>> round(b.generation_twh["coal"], 1)
5827.6
>>> round(b.capacity_end_gw["solar"])
887
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from accord.levers.schema import REGIONS
from accord.levers.tables import read_table

__all__ = ["CAPACITY_TECHS", "FUELS", "TECHS", "PowerBase", "power_base", "power_factor"]

#: generation technologies, in output order
TECHS: tuple[str, ...] = ("coal", "gas", "oil", "nuclear", "hydro", "wind", "solar", "biomass",
                          "other_renewable")
#: technologies with a capacity in the base-year table
CAPACITY_TECHS: tuple[str, ...] = ("coal", "gas", "nuclear", "hydro", "wind", "solar", "storage")
FUELS: tuple[str, ...] = ("coal", "gas", "oil")
BASE_YEAR = 2024
HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class PowerBase:
    """One region's base year (2024).

    Attributes
    ----------
    region : str
    generation_twh : mapping tech -> TWh/yr in 2024 (Ember via OWID)
    capacity_end_gw : mapping tech -> GW installed at the end of 2024
    additions_gw : mapping tech -> GW added during 2024 (solar, wind; 0 otherwise)
    """

    region: str
    generation_twh: Mapping[str, float]
    capacity_end_gw: Mapping[str, float]
    additions_gw: Mapping[str, float]

    def average_capacity_gw(self, tech: str) -> float:
        """Mean of start- and end-of-2024 capacity (GW)."""
        end = self.capacity_end_gw[tech]
        return end - 0.5 * self.additions_gw.get(tech, 0.0)

    def capacity_factor(self, tech: str) -> float:
        """Generation / (average capacity x 8760 h), dimensionless."""
        gw = self.average_capacity_gw(tech)
        return self.generation_twh[tech] * 1000.0 / (gw * HOURS_PER_YEAR)


def _generation(region: str) -> dict[str, float]:
    out = {}
    for row in read_table("energy_base_year.csv"):
        if row["region"] == region and int(row["year"]) == BASE_YEAR:
            var = row["variable"]
            if var.startswith("generation_"):
                out[var.removeprefix("generation_")] = float(row["value"])
    return out


def _capacity(region: str, variable: str) -> dict[str, float]:
    table = read_table("power_capacity_2024.csv")

    def pick(name: str) -> dict[str, float]:
        return {r["technology"]: float(r["value"]) for r in table
                if r["region"] == name and r["variable"] == variable}

    if region != "Rest of World":
        return pick(region)
    world = pick("World")
    others = [pick(r) for r in REGIONS if r != "Rest of World"]
    return {tech: world[tech] - sum(o.get(tech, 0.0) for o in others)
            for tech in world if tech in CAPACITY_TECHS}


@cache
def power_base(region: str) -> PowerBase:
    """The base year of ``region`` (one of ``accord.levers.schema.REGIONS``)."""
    if region not in REGIONS:
        raise KeyError(f"unknown region {region!r}; choose one of {', '.join(REGIONS)}")
    gen = _generation(region)
    cap = _capacity(region, "capacity_end_2024")
    add = _capacity(region, "additions_2024")
    return PowerBase(region, MappingProxyType(gen), MappingProxyType(cap), MappingProxyType(add))


@cache
def power_factor(parameter: str, region: str, fuel: str) -> float:
    """A row of ``power_assumptions.csv``: region-specific if present, else ``all``."""
    rows = read_table("power_assumptions.csv")
    for wanted in (region, "all"):
        for r in rows:
            if r["parameter"] == parameter and r["region"] == wanted and r["fuel"] == fuel:
                return float(r["value"])
    raise KeyError(f"no {parameter} for {region}/{fuel} in power_assumptions.csv")
