"""Regional emission pathways by sector and gas, harmonised to the base year.

Each region starts from its 2023 national totals (Global Carbon Budget 2024 and
Jones et al. 2024 via OWID, ``energy_base_year.csv``):

- power CO2, SO2, NOx, BC, OC from the power model (2024 mix also stands for 2023);
- fossil CO2 outside power by end-use sector (industry energy and process,
  transport, buildings, other energy; ``accord.energy.sectors``): an activity
  path (peak/decline/floor of the ``other_co2`` levers) times electrification,
  efficiency, industrial CCS and clinker levers; the electricity they add or
  save is demand on the region's power sector, met by its own mix;
- land-use CO2 held or moved along its lever path;
- CH4 split by source (``methane_sources.csv``) and converted from CO2-equivalent
  with the AR6 fossil and non-fossil GWP100; coal-mine methane scales with coal
  use (its power share with coal power, the rest with other fossil CO2);
- N2O from CO2-equivalent with the AR6 GWP100 of 273.

Levers act from 2025; 2023 and 2024 are the same in every scenario.

Examples
--------
>>> from accord.levers.loading import load_scenario, resolve
>>> cp = resolve(load_scenario("current-policies"))
>>> us = regional_pathways("United States", cp.regions["United States"])
>>> round(float(us.co2_fossil_mt()[0]))  # 2023 fossil CO2 (country-facts 5: 4,911 Mt)
4911
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from accord.emissions.fugitive import SUPPLY_FUELS, supply_index, supply_parts_of
from accord.emissions.pollutants import (
    POLLUTANTS,
    POWER_FACTOR,
    air_quality_factor,
    burned_frac,
    fuel_pollutants_mt,
    reference_trend,
)
from accord.energy.base_year import FUELS
from accord.energy.power import PowerResult, lever_starts, power_inputs, run_power
from accord.energy.sectors import (
    END_USE,
    SECTORS,
    EndUseResult,
    end_use_power_share,
    run_end_use,
    sector_base,
)
from accord.energy.sectors import lever_starts as end_use_lever_starts
from accord.levers.schema import (
    BASE_YEAR,
    LAST_YEAR,
    REMOVAL_TYPES,
    RegionLevers,
)
from accord.levers.tables import read_table
from accord.levers.trajectory import Trajectory

__all__ = [
    "CH4_SOURCES",
    "EMISSION_YEARS",
    "RegionalEmissions",
    "UnmetTarget",
    "air_quality_factor",
    "base_value",
    "bunkers_mt",
    "ch4_gwp",
    "gwp",
    "land_gap_mt",
    "national_value",
    "reference_trend",
    "regional_pathways",
    "supply_weights",
    "trajectory_starts",
]

#: emission years: 2023 (base year of national emissions) to 2100
EMISSION_YEARS = np.arange(BASE_YEAR - 1, LAST_YEAR + 1)
#: rows of the end-use sectors in ``SECTORS``
_END_USE_ROWS = [SECTORS.index(s) for s in END_USE]
CH4_SOURCES: tuple[str, ...] = ("oil_gas", "coal_mining", "agriculture", "waste", "other")


@cache
def base_value(region: str, variable: str, year: int) -> float:
    """A value of ``energy_base_year.csv`` (Mt CO2, Mt CO2-equiv or TWh)."""
    for r in read_table("energy_base_year.csv"):
        if r["region"] == region and r["variable"] == variable and int(r["year"]) == year:
            return float(r["value"])
    raise KeyError(f"{variable} for {region} in {year} is not in energy_base_year.csv")


@cache
def bunkers_mt() -> float:
    """International aviation and shipping CO2 (Mt/yr) moved from Rest of World to the remainder."""
    return next(float(r["value"]) for r in read_table("emissions_assumptions.csv")
                if r["parameter"] == "international_bunkers_co2_2023")


def national_value(region: str, variable: str, year: int) -> float:
    """:func:`base_value`, with international bunkers taken out of Rest of World's fossil CO2.

    OWID's world total includes international aviation and shipping, so
    Rest of World (world minus the four) does too; no national total does.
    """
    value = base_value(region, variable, year)
    if region == "Rest of World" and variable == "co2_fossil":
        value -= bunkers_mt()
    return value


@cache
def gwp(gas: str) -> float:
    """AR6 GWP100 of ``gas`` (``gwp_ar6.csv``), kg CO2-equiv per kg."""
    for r in read_table("gwp_ar6.csv"):
        if r["gas"] == gas:
            return float(r["value"])
    raise KeyError(f"no GWP100 for {gas!r} in gwp_ar6.csv")


@cache
def _methane_shares(region: str) -> dict[str, tuple[float, str]]:
    rows = [r for r in read_table("methane_sources.csv") if r["region"] == region]
    shares = {r["source"]: (float(r["share"]), r["gwp_class"]) for r in rows}
    total = sum(s for s, _ in shares.values())
    if set(shares) != set(CH4_SOURCES) or abs(total - 1.0) > 1e-9:
        raise ValueError(f"methane_sources.csv: shares for {region} must cover "
                         f"{CH4_SOURCES} and sum to 1 (got {total})")
    return shares


def ch4_gwp(region: str) -> np.ndarray:
    """AR6 GWP100 per methane source of ``region`` (fossil 29.8, non-fossil 27.2), shape (5,)."""
    shares = _methane_shares(region)
    return np.array([gwp("CH4 fossil") if shares[s][1] == "fossil" else gwp("CH4 non-fossil")
                     for s in CH4_SOURCES])


@dataclass(frozen=True)
class UnmetTarget:
    """A target the levers cannot meet inside their limits: by how much, in which year."""

    region: str
    target: str
    year: int
    shortfall_mt_co2e: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {"region": self.region, "target": self.target, "year": self.year,
                "shortfall_mt_co2e": round(self.shortfall_mt_co2e, 3)}


@dataclass(frozen=True)
class RegionalEmissions:
    """One region's emissions over ``EMISSION_YEARS`` (2023-2100), Mt/yr of each gas.

    Attributes
    ----------
    co2_power_mt, co2_other_mt : ndarray (n_years,), Mt CO2/yr
        Power (after CCS) and other fossil and industry CO2, gross (>= 0).
    co2_sector_mt : ndarray (len(SECTORS), n_years), Mt CO2/yr
        ``co2_other_mt`` by end-use sector (they add up to it, targets included).
    end_use : EndUseResult
        End-use sectors before targets: final energy by fuel, CO2, captured CO2.
    co2_removal_mt : ndarray (n_years,), Mt CO2/yr
        Novel removals (BECCS + DACCS, >= 0), subtracted from fossil CO2.
    removals_mt : ndarray (3, n_years), Mt CO2/yr
        Removals by ``REMOVAL_TYPES`` (BECCS, DACCS, afforestation), >= 0.
    co2_land_mt : ndarray (n_years,), Mt CO2/yr
        Net land-use CO2 in bookkeeping accounting (the climate model's),
        afforestation already subtracted.
    land_gap_mt : float
        National-inventory minus bookkeeping land-use CO2 (``land_accounting.csv``).
    ch4_mt : ndarray (5, n_years), Mt CH4/yr, by ``CH4_SOURCES``
    ch4_ref_mt : ndarray (5, n_years), methane before the methane levers
    n2o_mt, n2o_ref_mt : ndarray (n_years,), Mt N2O/yr (after / before the N2O lever)
    so2_mt, nox_mt, bc_mt, oc_mt : ndarray (n_years,), Mt/yr from power (NOx as NO2),
        targets included (they fall with the power CO2 a target removes)
    pollutant_sector_mt : ndarray (len(POLLUTANTS), len(POLLUTANT_SECTORS), n_years)
        Pollutants outside power by sector, Mt/yr (``accord.emissions.pollutants``),
        targets included (the combustion parts fall with their sector's CO2)
    supply_parts : ndarray (len(SUPPLY_FUELS), 1 + len(END_USE), n_years)
        Terms of each supply methane source's fuel index before targets
        (:func:`accord.emissions.fugitive.supply_parts`)
    kigali : str, HFC mode ("on", "accelerated", "off")
    power : PowerResult (2024-2100)
    unmet : tuple of UnmetTarget
        Targets the levers could not meet inside their limits (empty if all met).
    """

    region: str
    years: np.ndarray
    co2_power_mt: np.ndarray
    co2_other_mt: np.ndarray
    co2_removal_mt: np.ndarray
    co2_land_mt: np.ndarray
    ch4_mt: np.ndarray
    n2o_mt: np.ndarray
    so2_mt: np.ndarray
    nox_mt: np.ndarray
    bc_mt: np.ndarray
    oc_mt: np.ndarray
    kigali: str
    power: PowerResult
    removals_mt: np.ndarray
    land_gap_mt: float
    ch4_ref_mt: np.ndarray
    n2o_ref_mt: np.ndarray
    co2_sector_mt: np.ndarray
    end_use: EndUseResult
    pollutant_sector_mt: np.ndarray
    supply_parts: np.ndarray
    unmet: tuple[UnmetTarget, ...] = ()

    def pollutant_mt(self, pollutant: str) -> np.ndarray:
        """All of ``pollutant`` (a name of ``POLLUTANTS``), power plus other sectors, Mt/yr."""
        rest = self.pollutant_sector_mt[POLLUTANTS.index(pollutant)].sum(axis=0)
        power = POWER_FACTOR.get(pollutant)
        return np.asarray(rest + (getattr(self, f"{power}_mt") if power else 0.0))

    def fuel_burned(self, co2_power_mt: np.ndarray | None = None,
                    co2_sector_mt: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Shares of power's and of each ``END_USE`` sector's fossil fuel still burned.

        1 without a target; a target's CO2 cut is fuel not burned, so each share is
        the CO2 after the targets (this pathway's, or the arrays given) over the
        levers' own, shapes (n_years,) and (len(END_USE), n_years).
        """
        power_mt = self.co2_power_mt if co2_power_mt is None else co2_power_mt
        sector_mt = self.co2_sector_mt if co2_sector_mt is None else co2_sector_mt
        power = self.power.co2_mt.sum(axis=0)
        return (burned_frac(power_mt, np.concatenate([power[:1], power])),
                burned_frac(sector_mt[_END_USE_ROWS], self.end_use.co2_mt[_END_USE_ROWS]))

    def supply_index(self, co2_power_mt: np.ndarray | None = None,
                     co2_sector_mt: np.ndarray | None = None) -> np.ndarray:
        """Fuel use of each ``SUPPLY_FUELS`` source relative to 2023, (2, n_years).

        With the fuel this pathway burns, or that the CO2 arrays given leave burned
        (:mod:`accord.emissions.fugitive`).
        """
        burned = self.fuel_burned(co2_power_mt, co2_sector_mt)
        return np.stack([supply_index(parts, *burned) for parts in self.supply_parts])

    def sector_co2_mt(self, sector: str) -> np.ndarray:
        """CO2 of one end-use sector (``SECTORS``), Mt CO2/yr, targets included."""
        return np.asarray(self.co2_sector_mt[SECTORS.index(sector)])

    def co2_fossil_mt(self) -> np.ndarray:
        """Fossil and industry CO2 net of novel removals, Mt CO2/yr."""
        return np.asarray(self.co2_power_mt + self.co2_other_mt - self.co2_removal_mt)

    def net_co2_mt(self) -> np.ndarray:
        """Fossil + land-use CO2 net of removals, bookkeeping land use, Mt CO2/yr."""
        return np.asarray(self.co2_fossil_mt() + self.co2_land_mt)

    def ch4_co2e_mt(self) -> np.ndarray:
        """Methane in Mt CO2-equiv/yr (AR6 GWP100, fossil and non-fossil)."""
        return np.asarray(ch4_gwp(self.region) @ self.ch4_mt)

    def net_ghg_mt_co2e(self) -> np.ndarray:
        """Net CO2 + CH4 + N2O, Mt CO2-equiv/yr (AR6 GWP100), bookkeeping land use."""
        return np.asarray(self.net_co2_mt() + self.ch4_co2e_mt() + self.n2o_mt * gwp("N2O"))

    def net_co2_inventory_mt(self) -> np.ndarray:
        """Net CO2 with national-inventory land use (the convention of pledges), Mt CO2/yr."""
        return np.asarray(self.net_co2_mt() + self.land_gap_mt)

    def net_ghg_inventory_mt_co2e(self) -> np.ndarray:
        """Net GHG with national-inventory land use: the metric targets are measured on."""
        return np.asarray(self.net_ghg_mt_co2e() + self.land_gap_mt)


@cache
def land_gap_mt(region: str) -> float:
    """Inventory minus bookkeeping land-use CO2 of ``region``, Mt CO2/yr (held constant).

    ``inventory_lulucf`` of ``land_accounting.csv`` minus the model's own 2023
    land-use CO2, so the region's inventory land use in 2023 is the table's.
    """
    inventory = next(float(r["value"]) for r in read_table("land_accounting.csv")
                     if r["region"] == region and r["quantity"] == "inventory_lulucf")
    return inventory - base_value(region, "co2_land_use", BASE_YEAR - 1)


def trajectory_starts(region: str) -> dict[tuple[str, str], float | None]:
    """``(group, lever) -> 2024 value`` each trajectory lever of ``region`` runs from.

    The power sector's own (:func:`accord.energy.power.lever_starts`), the end-use
    sectors' (:func:`accord.energy.sectors.lever_starts`), the 2023
    land-use flux, and zero for every cut and removal (no policy before 2025).
    ``None`` holds the first milestone back. The pathways below read their
    levers with these values, and the page shows them.
    """
    out: dict[tuple[str, str], float | None] = {
        ("power", name): value for name, value in lever_starts(region).items()}
    out.update({("end_use", name): value
                for name, value in end_use_lever_starts(region).items()})
    out["land", "co2_mt_per_yr"] = base_value(region, "co2_land_use", BASE_YEAR - 1)
    for source in ("oil_gas", "coal_mining", "agriculture", "waste"):
        out["methane", f"{source}_cut_frac"] = 0.0
    out["other_gases", "n2o_cut_frac"] = 0.0
    for kind in REMOVAL_TYPES:
        out["removals", f"{kind}_gt_per_yr"] = 0.0
    return out


def _removals_mt(levers: RegionLevers) -> np.ndarray:
    """Removals by type over ``EMISSION_YEARS``, Mt CO2/yr: 0 in 2024, linear between milestones."""
    out = np.zeros((len(REMOVAL_TYPES), len(EMISSION_YEARS)))
    for i, kind in enumerate(REMOVAL_TYPES):
        path: Trajectory | None = getattr(levers.removals, f"{kind}_gt_per_yr")
        if path is not None:
            out[i] = 1000.0 * path.annual(EMISSION_YEARS, start=0.0)
    return out


def _cut(path: Trajectory | None) -> np.ndarray:
    """A cut fraction over ``EMISSION_YEARS``: no cut up to 2024, then along its milestones."""
    if path is None:
        return np.zeros(len(EMISSION_YEARS))
    return np.asarray(path.annual(EMISSION_YEARS, start=0.0))


def supply_weights(region: str, power: PowerResult) -> tuple[float, ...]:
    """Power's share of the 2023 CO2 of each ``SUPPLY_FUELS`` source's fuels, in [0, 1].

    Power's own 2024 CO2 of those fuels (it stands for 2023) over the region's
    2023 CO2 of them (``energy_base_year.csv``).
    """
    out = []
    for fuels in SUPPLY_FUELS.values():
        total = sum(base_value(region, f"co2_{f}", BASE_YEAR - 1) for f in fuels)
        in_power = float(sum(power.co2_mt[FUELS.index(f), 0] for f in fuels))
        out.append(min(in_power / total, 1.0) if total > 0.0 else 0.0)
    return tuple(out)


def _with_2023(series: np.ndarray) -> np.ndarray:
    """Extend a 2024-2100 series back to 2023 with its 2024 value (the 2024 mix stands in)."""
    return np.concatenate([series[:1], series])


def _other_co2(base: float, peak_year: int, growth_pct: float, reduction_pct: float,
               floor_frac: float) -> np.ndarray:
    """Peak-and-decline path, held at the 2023 level in 2024 (Mt CO2/yr)."""
    t = EMISSION_YEARS
    peak = max(peak_year, BASE_YEAR)
    rising = base * (1.0 + growth_pct / 100.0) ** (np.minimum(t, peak) - BASE_YEAR)
    falling = (1.0 - reduction_pct / 100.0) ** np.maximum(t - peak, 0)
    path = np.maximum(rising * falling, np.where(t > peak, floor_frac * base, 0.0))
    path[t <= BASE_YEAR] = base
    return np.asarray(path)


def _land(base: float, path: Trajectory | None) -> np.ndarray:
    """Land-use CO2 (Mt/yr): the 2023 flux, held, or along ``path`` from it in 2024."""
    if path is None:
        return np.full(len(EMISSION_YEARS), base)
    return np.asarray(path.annual(EMISSION_YEARS, start=base))


def regional_pathways(region: str, levers: RegionLevers) -> RegionalEmissions:
    """Bottom-up pathways of ``region`` for resolved ``levers`` (targets not yet applied)."""
    base_year = BASE_YEAR - 1
    oc = levers.other_co2
    assert oc.peak_year is not None and oc.growth_pct_per_yr_to_peak is not None
    assert oc.reduction_pct_per_yr is not None and oc.floor_frac is not None
    activity = _other_co2(1.0, oc.peak_year, oc.growth_pct_per_yr_to_peak,
                          oc.reduction_pct_per_yr, oc.floor_frac)
    end_use = run_end_use(sector_base(region), levers.end_use, activity)
    power = run_power(power_inputs(region, levers.power, end_use.extra_demand_twh[1:],
                                 end_use_power_share(region)))
    co2_power = _with_2023(power.co2_mt.sum(axis=0))
    other = end_use.co2_mt.sum(axis=0)
    land = _land(base_value(region, "co2_land_use", base_year), levers.land.co2_mt_per_yr)

    shares = _methane_shares(region)
    mass_share = np.array([shares[s][0] for s in CH4_SOURCES])
    ch4_total0 = base_value(region, "ch4_co2e", base_year) / float(mass_share @ ch4_gwp(region))
    ch4 = np.outer(mass_share * ch4_total0, np.ones(len(EMISSION_YEARS)))
    # supply methane follows the fuel burned (accord.emissions.fugitive)
    parts = np.stack([supply_parts_of(source, weight, power, end_use) for source, weight
                      in zip(SUPPLY_FUELS, supply_weights(region, power), strict=True)])
    for source, source_parts in zip(SUPPLY_FUELS, parts, strict=True):
        ch4[CH4_SOURCES.index(source)] *= supply_index(source_parts)
    ch4_ref = ch4.copy()
    for source in ("oil_gas", "coal_mining", "agriculture", "waste"):
        ch4[CH4_SOURCES.index(source)] *= 1.0 - _cut(getattr(levers.methane, f"{source}_cut_frac"))
    g = levers.other_gases
    assert g.kigali
    n2o_ref = np.full(len(EMISSION_YEARS), base_value(region, "n2o_co2e", base_year) / gwp("N2O"))
    n2o = n2o_ref * (1.0 - _cut(g.n2o_cut_frac))
    removals = _removals_mt(levers)
    fp = fuel_pollutants_mt(power, end_use, co2_power, end_use.co2_mt)
    return RegionalEmissions(
        region=region, years=EMISSION_YEARS.copy(), co2_power_mt=co2_power, co2_other_mt=other,
        co2_removal_mt=removals[0] + removals[1], co2_land_mt=land - removals[2], ch4_mt=ch4,
        n2o_mt=n2o, so2_mt=fp.so2_mt, nox_mt=fp.nox_mt, bc_mt=fp.bc_mt, oc_mt=fp.oc_mt,
        kigali=g.kigali, power=power, removals_mt=removals, land_gap_mt=land_gap_mt(region),
        ch4_ref_mt=ch4_ref, n2o_ref_mt=n2o_ref, co2_sector_mt=end_use.co2_mt, end_use=end_use,
        pollutant_sector_mt=fp.sector_mt, supply_parts=parts)
