"""End-use sectors of one region: final energy by fuel and fossil CO2, 2023-2100 (pure numpy).

Base year (2023), per region, from ``energy_base_year.csv`` and
``sector_assumptions.csv`` (sector-facts sections 1 and 2):

- fossil CO2 outside power, by fuel = national CO2 of coal, oil, gas minus the
  power model's 2024 CO2 of that fuel (Rest of World: oil without international
  bunkers, which belong to the world remainder);
- industrial process CO2 = national fossil CO2 minus the CO2 of the three fuels;
- transport takes oil (its share of section 1); industry (energy), buildings and
  other energy share what is left in proportion to their section-1 CO2, with one
  fuel mix for the three (no per-sector mix is in the compiled sector facts);
- final energy of a fossil fuel = its CO2 / IPCC carbon content; electricity =
  the section-2 electricity share of the sector's final energy. Hydrogen and
  bioenergy are carried as a fuel but are zero (traditional biomass is not
  covered). Rest of World is World minus the four regions, as section 1 and 2
  give it.

Pathways: each sector's energy service ``S = fossil + k * electricity`` (``k``
the electric advantage of section 2) follows the activity index of the region
(the peak-and-decline path of the ``other_co2`` levers), times ``1 - efficiency``.
The electrified share of the service follows the electrification lever; for
transport the electric share of new cars sets a floor through fleet turnover.
Fossil fuel keeps its base-year mix, except that the industry coal exit moves
industry's coal to gas (same energy). Industrial CCS captures part of industry's
CO2; clinker substitution cuts the cement part of process CO2.

Coupling to power: the power sector's demand path (its own lever) holds the
end-use sectors at their base-year electric shares. The electricity they use
beyond that path, ``(E(t) - E_ref(t)) / (1 - grid loss)``, is added to the
grid's demand: electrifying raises it, efficiency lowers it. The part of
demand that is not end use (``1 - end_use_power_share``) is a floor, so
demand never turns negative.

Examples
--------
>>> b = sector_base("China")
>>> round(sum(b.co2_mt.values()) + b.process_mt)  # fossil CO2 outside power, Mt
6338
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from accord.energy.base_year import power_base
from accord.energy.power import base_power_co2_mt
from accord.levers.schema import BASE_YEAR, LAST_YEAR, REGIONS, EndUseLevers
from accord.levers.tables import read_table

__all__ = [
    "END_USE",
    "ENERGY_FUELS",
    "SECTORS",
    "SECTOR_YEARS",
    "EndUseResult",
    "SectorBase",
    "end_use_power_share",
    "lever_starts",
    "run_end_use",
    "sector_base",
    "sector_parameter",
]

#: years of the sector pathways: 2023 (base year of national CO2) to 2100
SECTOR_YEARS = np.arange(BASE_YEAR - 1, LAST_YEAR + 1)
#: fossil CO2 sectors outside power, in output order
SECTORS: tuple[str, ...] = ("industry_energy", "industry_process", "transport", "buildings",
                            "other_energy")
#: sectors with final energy (process CO2 has none)
END_USE: tuple[str, ...] = ("industry_energy", "transport", "buildings", "other_energy")
#: final-energy carriers, in output order
ENERGY_FUELS: tuple[str, ...] = ("electricity", "coal", "oil", "gas", "hydrogen_bioenergy")
_FOSSIL = ("coal", "oil", "gas")
#: lever prefix of each end-use sector (other energy has no lever)
_LEVER = {"industry_energy": "industry", "transport": "transport", "buildings": "buildings"}
_PJ_PER_TWH = 3.6


def sector_parameter(parameter: str, sector: str, region: str = "all") -> float:
    """A value of ``sector_assumptions.csv`` (region-specific, else ``all``)."""
    return _table()[(region, parameter, sector)] if (region, parameter, sector) in _table() \
        else _table()[("all", parameter, sector)]


@cache
def _table() -> dict[tuple[str, str, str], float]:
    return {(r["region"], r["parameter"], r["sector"]): float(r["value"])
            for r in read_table("sector_assumptions.csv")}


@cache
def _carbon_t_per_pj(fuel: str) -> float:
    row = next(r for r in read_table("power_assumptions.csv")
               if r["parameter"] == "carbon_content" and r["fuel"] == fuel)
    return float(row["value"]) * 1000.0  # t CO2/TJ -> t CO2/PJ


def _national(region: str, variable: str) -> float:
    rows = read_table("energy_base_year.csv")
    if region == "World":
        return sum(_national(r, variable) for r in REGIONS)
    value = next(float(r["value"]) for r in rows if r["region"] == region
                 and r["variable"] == variable and int(r["year"]) == BASE_YEAR - 1)
    return value


def _bunkers_mt() -> float:
    return next(float(r["value"]) for r in read_table("emissions_assumptions.csv")
                if r["parameter"] == "international_bunkers_co2_2023")


def _shares(region: str) -> dict[str, float]:
    """Section-1 CO2 shares of the non-power sectors, Mt of the region's 2023 total.

    Rest of World: World share x world total minus the four regions (transport
    also minus international bunkers, which the world row includes).
    """
    if region != "Rest of World":
        total = _national(region, "co2_fossil")
        return {s: sector_parameter("co2_share", s, region) * total for s in SECTORS}
    world = {s: sector_parameter("co2_share", s, "World") * _national("World", "co2_fossil")
             for s in SECTORS}
    world["transport"] -= _bunkers_mt()
    return {s: world[s] - sum(_shares(r)[s] for r in REGIONS[:4]) for s in SECTORS}


@dataclass(frozen=True)
class SectorBase:
    """One region's end-use sectors in 2023.

    Attributes
    ----------
    co2_mt : mapping end-use sector -> fossil fuel CO2, Mt/yr
    fuel_co2_mt : mapping end-use sector -> mapping fuel -> Mt CO2/yr
    process_mt : industrial process CO2, Mt/yr
    fossil_pj, electricity_pj : mapping end-use sector -> final energy, PJ/yr
    ev_share0 : electric share of new cars in 2024 (fraction)
    """

    region: str
    co2_mt: Mapping[str, float]
    fuel_co2_mt: Mapping[str, Mapping[str, float]]
    process_mt: float
    fossil_pj: Mapping[str, float]
    electricity_pj: Mapping[str, float]
    ev_share0: float


@cache
def _fossil_split(region: str) -> tuple[dict[str, dict[str, float]], float]:
    """Non-power fossil CO2 by end-use sector and fuel, and process CO2, Mt (module doc)."""
    fuel = {f: _national(region, f"co2_{f}") - base_power_co2_mt(region, f) for f in _FOSSIL}
    if region == "Rest of World":
        fuel["oil"] -= _bunkers_mt()
    bad = [f for f, v in fuel.items() if v < 0]
    if bad:
        raise ValueError(f"{region}: power CO2 of {bad} exceeds the national CO2 of that fuel "
                         "in energy_base_year.csv; fix: check power_assumptions.csv")
    process = _national(region, "co2_fossil") - sum(_national(region, f"co2_{f}") for f in _FOSSIL)
    shares = _shares(region)
    transport = min(shares["transport"], fuel["oil"] * sector_parameter("oil_share", "transport"))
    rest = {f: fuel[f] - (transport if f == "oil" else 0.0) for f in _FOSSIL}
    others = ("industry_energy", "buildings", "other_energy")
    weight = {s: max(shares[s], 0.0) for s in others}
    total_w = sum(weight.values())
    fuel_co2: dict[str, dict[str, float]] = {
        "transport": {"coal": 0.0, "oil": transport, "gas": 0.0}}
    for s in others:
        fuel_co2[s] = {f: rest[f] * weight[s] / total_w for f in _FOSSIL}
    return fuel_co2, process


def _fossil_pj(region: str) -> dict[str, float]:
    fuel_co2, _ = _fossil_split(region)
    return {s: sum(v / _carbon_t_per_pj(f) * 1e6 for f, v in fuel_co2[s].items())
            for s in END_USE}


def _electric_pj(region: str, sector: str) -> float:
    """Base-year electricity of ``sector``: the section-2 share of its final energy, PJ/yr.

    Rest of World: the World share applied to world fossil final energy (the
    five regions plus international bunkers in transport) minus the four regions.
    """
    if sector == "other_energy":
        return 0.0
    key = "industry" if sector == "industry_energy" else sector

    def elec(name: str, fossil: float) -> float:
        share = sector_parameter("electricity_share", key, name)
        return share / (1.0 - share) * fossil
    if region != "Rest of World":
        return elec(region, _fossil_pj(region)[sector])
    world = sum(_fossil_pj(r)[sector] for r in REGIONS)
    if sector == "transport":
        world += _bunkers_mt() / _carbon_t_per_pj("oil") * 1e6
    return max(elec("World", world) - sum(_electric_pj(r, sector) for r in REGIONS[:4]), 0.0)


@cache
def sector_base(region: str) -> SectorBase:
    """The region's end-use sectors in 2023 (see module doc)."""
    fuel_co2, process = _fossil_split(region)
    return SectorBase(region, {s: sum(fuel_co2[s].values()) for s in END_USE}, fuel_co2,
                      process, _fossil_pj(region), {s: _electric_pj(region, s) for s in END_USE},
                      sector_parameter("ev_share_2024", "transport", region))


@dataclass(frozen=True)
class EndUseResult:
    """End-use sectors of one region over ``SECTOR_YEARS``.

    Attributes
    ----------
    co2_mt : ndarray (len(SECTORS), n_years), Mt CO2/yr emitted (after CCS)
    captured_co2_mt : ndarray (n_years,), Mt CO2/yr captured by industrial CCS
    final_energy_ej : ndarray (len(END_USE), len(ENERGY_FUELS), n_years), EJ/yr
    extra_demand_twh : ndarray (n_years,), generation needed for end-use
        electricity beyond the base-year shares, TWh/yr (negative: saved)
    """

    region: str
    years: np.ndarray
    co2_mt: np.ndarray
    captured_co2_mt: np.ndarray
    final_energy_ej: np.ndarray
    extra_demand_twh: np.ndarray

    def sector(self, name: str) -> np.ndarray:
        """CO2 of one sector, Mt/yr."""
        return self.co2_mt[SECTORS.index(name)]

    def fuel(self, name: str) -> np.ndarray:
        """Final energy of one fuel over all end-use sectors, EJ/yr."""
        return np.asarray(self.final_energy_ej[:, ENERGY_FUELS.index(name)].sum(axis=0))


def _advantage(sector: str) -> float:
    return sector_parameter("electric_advantage", "industry" if sector == "industry_energy"
                            else sector)


def _electric_service_share(base: SectorBase, sector: str) -> float:
    """The base-year share of ``sector``'s energy service met by electricity."""
    k = _advantage(sector)
    service = base.fossil_pj[sector] + k * base.electricity_pj[sector]
    return k * base.electricity_pj[sector] / service if service > 0 else 0.0


def lever_starts(region: str) -> dict[str, float | None]:
    """The 2024 value each end-use trajectory lever of ``region`` runs from.

    The base-year electric share of each sector's energy service, the 2024
    electric share of new cars, and no efficiency, CCS or clinker cut.

    >>> round(lever_starts("China")["transport_electrification_frac"], 3)
    0.127
    """
    base = sector_base(region)
    out: dict[str, float | None] = {
        f"{p}_electrification_frac": _electric_service_share(base, s) for s, p in _LEVER.items()}
    out.update({f"{p}_efficiency_frac": 0.0 for p in _LEVER.values()})
    out.update(ev_new_car_share_frac=base.ev_share0, industry_ccs_frac=0.0,
               clinker_cut_frac=0.0)
    return out


def _path(levers: EndUseLevers, name: str, start: float) -> np.ndarray:
    """Lever ``name`` over ``SECTOR_YEARS``: ``start`` in 2024, linear through its milestones."""
    trajectory = getattr(levers, name)
    if trajectory is None:
        raise ValueError(f"end-use lever {name} is unset; resolve the scenario")
    return np.asarray(trajectory.annual(SECTOR_YEARS, start))


def _ramp(end_year: int) -> np.ndarray:
    """0 up to 2024, linear to 1 in ``end_year``, then 1 (over ``SECTOR_YEARS``)."""
    return np.clip((SECTOR_YEARS - BASE_YEAR) / float(end_year - BASE_YEAR), 0.0, 1.0)


def _fleet(new_share: np.ndarray) -> np.ndarray:
    """Electric share of cars bought since 2024 in the fleet (turnover 1/lifetime per year)."""
    rate = 1.0 / sector_parameter("car_lifetime", "transport")
    out = np.zeros_like(new_share)
    for i in range(2, len(out)):  # 2023 and 2024 are data
        out[i] = out[i - 1] + (new_share[i] - out[i - 1]) * rate
    return out


def run_end_use(base: SectorBase, levers: EndUseLevers, activity: np.ndarray) -> EndUseResult:
    """Pathways of the end-use sectors for resolved ``levers`` (see module doc).

    ``activity`` is the region's activity index over ``SECTOR_YEARS`` (1 in 2023).
    """
    n = len(SECTOR_YEARS)
    fe = np.zeros((len(END_USE), len(ENERGY_FUELS), n))
    co2 = np.zeros((len(SECTORS), n))
    elec_pj = np.zeros(n)
    ref_pj = np.zeros(n)
    ccs = _path(levers, "industry_ccs_frac", 0.0) * _capture_rate()
    for j, s in enumerate(END_USE):
        k = _advantage(s)
        fossil0, elec0 = base.fossil_pj[s], base.electricity_pj[s]
        service0 = fossil0 + k * elec0
        e0 = _electric_service_share(base, s)
        electrified = np.full(n, e0)
        service = service0 * activity
        if s in _LEVER:
            p = _LEVER[s]
            electrified = _path(levers, f"{p}_electrification_frac", e0)
            service = service * (1.0 - _path(levers, f"{p}_efficiency_frac", 0.0))
        if s == "transport":
            cars = _path(levers, "ev_new_car_share_frac", base.ev_share0)
            floor = e0 + sector_parameter("car_share", "transport") * _fleet(cars)
            electrified = np.maximum(electrified, np.minimum(floor, 1.0))
        electrified[:2] = e0  # 2023 and 2024 are the same in every scenario
        fossil = (1.0 - electrified) * service
        elec = electrified * service / k
        fe[j, 0] = elec / 1000.0
        elec_pj += elec
        ref_pj += e0 * service0 * activity / k
        scale = fossil / fossil0 if fossil0 > 0 else np.zeros(n)
        pj = {f: base.fuel_co2_mt[s][f] / _carbon_t_per_pj(f) * 1e6 * scale for f in _FOSSIL}
        if s == "industry_energy" and levers.industry_coal_exit_year is not None:
            switched = pj["coal"] * _ramp(levers.industry_coal_exit_year)
            pj["coal"] = pj["coal"] - switched
            pj["gas"] = pj["gas"] + switched
        for f in _FOSSIL:
            fe[j, ENERGY_FUELS.index(f)] = pj[f] / 1000.0
        co2[SECTORS.index(s)] = sum(pj[f] * _carbon_t_per_pj(f) / 1e6 for f in _FOSSIL)
    clinker = _path(levers, "clinker_cut_frac", 0.0)
    process = base.process_mt * activity * (
        1.0 - clinker * sector_parameter("clinker_process_share", "industry_process"))
    co2[SECTORS.index("industry_process")] = process
    industry = [SECTORS.index("industry_energy"), SECTORS.index("industry_process")]
    captured = co2[industry].sum(axis=0) * ccs
    co2[industry] *= 1.0 - ccs
    loss = sector_parameter("grid_loss", "all")
    return EndUseResult(base.region, SECTOR_YEARS.copy(), co2, captured, fe,
                        (elec_pj - ref_pj) / _PJ_PER_TWH / (1.0 - loss))


@cache
def end_use_power_share(region: str) -> float:
    """Share of the region's 2024 generation that the end-use sectors use (at most 1)."""
    base = sector_base(region)
    loss = sector_parameter("grid_loss", "all")
    twh = sum(base.electricity_pj.values()) / _PJ_PER_TWH / (1.0 - loss)
    return min(twh / power_base(region).generation_twh["total"], 1.0)


@cache
def _capture_rate() -> float:
    return float(next(r["value"] for r in read_table("power_assumptions.csv")
                      if r["parameter"] == "ccs_capture_rate"))
