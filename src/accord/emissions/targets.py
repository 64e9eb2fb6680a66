"""Top-down targets: caps on a region's net emissions, met by real levers within real limits.

A target is measured the way its country measures it: net GHG (CO2 + CH4 + N2O,
AR6 GWP100) or net CO2 with **national-inventory land use** (``land_accounting.csv``:
the model's bookkeeping land-use CO2 plus the region's inventory gap), against
its own base year (``energy_base_year.csv``, or ``inventory_base_years.csv``
such as EU27 1990). The climate model still receives bookkeeping land use.

A target becomes a cap path C(t):

- ``ghg_cut_pct`` below ``ghg_base_year`` by ``ghg_target_year``: C falls
  linearly from the pathway's own 2024 value (or, for base "peak", from its
  peak over 2023..target year if that comes later; the target is then
  measured against the peak value) to the target, then is held (or, with a
  net-zero year of scope "ghg", falls on linearly to zero);
- ``intensity_cut_pct`` below ``intensity_base_year`` by ``intensity_target_year``:
  the region's net GHG (or net CO2, ``intensity_scope``) per unit of GDP
  (``accord.emissions.gdp``) falls to ``(1 - cut) x`` the base year's; C falls
  linearly from the pathway's 2024 value to ``(1 - cut) x base intensity x GDP``
  of the target year, and afterwards the intensity is held (C grows with GDP);
- ``co2_peak_year``: net CO2 after that year may not exceed its value then;
- ``net_zero_year`` of scope "co2": net CO2 falls linearly to zero from the
  later of the GHG and intensity target years (or 2024) and stays there.

The spreading rule (proportional within each source's limit): wherever the
pathway exceeds the cap, every source of the metric gives up the same fraction
``f`` of what it can still give up, ``f`` in [0, 1]. A source can give up its
level minus its floor; the floor is ``(1 - max_cut(t))`` times the source
before any lever (methane by source, N2O) or before the target (power CO2 and
the other fossil CO2 alike), with ``max_cut(t)`` from ``abatement_limits.csv``
(sector-facts section 4). Removals are the scenario's own removal levers: a
target counts them and never adds any. What no source can give up is a
shortfall, reported as :class:`~accord.emissions.regional.UnmetTarget` (the
target's own year and its worst year). A cap never raises emissions, so a
target the levers already meet changes nothing.

**The pollutants of the fuel a target removes go with it.** A target is met by
real levers: the fossil CO2 it removes is fuel not burned (abatement by burning
less fuel, CCS aside: a target never adds capture, so the pollutant factors per
unit of fuel stay the levers'). Power's SO2, NOx, BC and OC therefore fall in
proportion to the cut in power CO2, and each end-use sector's combustion
pollutants (the fuel-driven parts of ``pollutant_sources.csv``: SO2, NOx, BC,
OC, CO, NMVOC and vehicles' NH3) in proportion to the cut in that sector's CO2
(industry's with its energy CO2). Non-combustion sources (agriculture NH3,
solvents, traditional biomass, the other non-energy parts; land use; waste) do
not move. The same function computes the pollutants of the levers' own fuel
(:func:`accord.emissions.pollutants.fuel_pollutants_mt`). The supply methane of
that fuel (coal mining, oil and gas: :mod:`accord.emissions.fugitive`) falls with
it too, and the target solves for ``f`` with that fall counted (:func:`_apply_cap`).

Examples
--------
>>> from accord.levers.loading import load_scenario, resolve
>>> s = resolve(load_scenario("us-ndc-2030"))
>>> us = apply_targets(regional_pathways("United States", s.regions["United States"]),
...                    s.regions["United States"].targets)
>>> i = list(us.years).index(2030)
>>> # 2005 net GHG, inventory land use: 6132 + 46 + 734 + 263 (country-facts 5) - 916 (gap)
>>> target = 0.49 * base_net_ghg_mt_co2e("United States", 2005)
>>> abs(float(us.net_ghg_inventory_mt_co2e()[i]) / target - 1) < 1e-9, us.unmet
(True, ())
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np

from accord.emissions.fugitive import SUPPLY_FUELS
from accord.emissions.gdp import gdp_billion_usd
from accord.emissions.pollutants import fuel_pollutants_mt
from accord.emissions.regional import (
    CH4_SOURCES,
    EMISSION_YEARS,
    RegionalEmissions,
    UnmetTarget,
    base_value,
    ch4_gwp,
    gwp,
    land_gap_mt,
    national_value,
    regional_pathways,
)
from accord.levers.schema import BASE_YEAR, FIRST_LEVER_YEAR, TargetLevers
from accord.levers.tables import read_table

__all__ = ["apply_targets", "base_net_co2_mt", "base_net_ghg_mt_co2e", "intensity_cap_mt",
           "max_cut", "regional_pathways"]

#: rows of the supply methane sources in ``CH4_SOURCES``, in ``SUPPLY_FUELS`` order
_SUPPLY = [CH4_SOURCES.index(s) for s in SUPPLY_FUELS]
#: shortfalls below this are float rounding, not an unmet target (Mt CO2-equiv/yr)
_SHORTFALL_TOL = 1e-6


@cache
def max_cut(source: str) -> np.ndarray:
    """Largest cut of ``source`` a target may make, fraction, over ``EMISSION_YEARS``.

    Linear between the years of ``abatement_limits.csv``, held after the last.
    """
    rows = sorted((int(r["year"]), float(r["value"])) for r in read_table("abatement_limits.csv")
                  if r["source"] == source)
    if not rows:
        raise KeyError(f"abatement_limits.csv has no rows for {source!r}")
    out = np.interp(EMISSION_YEARS, [y for y, _ in rows], [v for _, v in rows])
    out.setflags(write=False)
    return np.asarray(out)


def base_net_ghg_mt_co2e(region: str, year: int) -> float:
    """Net GHG of a base year in inventory accounting (CO2 + CH4 + N2O, AR6 GWP100), Mt CO2e.

    ``inventory_base_years.csv`` where it has the year (EU27 1990); otherwise
    fossil CO2 (international bunkers out of Rest of World) + land-use CO2 +
    CH4 + N2O of ``energy_base_year.csv`` plus the region's inventory land gap.
    """
    for r in read_table("inventory_base_years.csv"):
        if r["region"] == region and int(r["year"]) == year:
            return float(r["value"])
    return (national_value(region, "co2_fossil", year)
            + sum(base_value(region, v, year) for v in ("co2_land_use", "ch4_co2e", "n2o_co2e"))
            + land_gap_mt(region))


def base_net_co2_mt(region: str, year: int) -> float:
    """Net CO2 of a base year in inventory accounting (fossil + land use + gap), Mt CO2."""
    return (national_value(region, "co2_fossil", year) + base_value(region, "co2_land_use", year)
            + land_gap_mt(region))


def intensity_cap_mt(region: str, t: TargetLevers, years: np.ndarray,
                     start: float) -> np.ndarray:
    """Cap path of an intensity target (Mt CO2-equiv/yr, or Mt CO2 for scope co2).

    Linear from ``start`` (the pathway's 2024 value) to ``(1 - cut) x`` the base
    year's emissions per GDP times the target year's GDP, then the intensity held.
    """
    assert (t.intensity_cut_pct is not None and t.intensity_base_year is not None
            and t.intensity_target_year is not None)
    base_year, target_year = t.intensity_base_year, t.intensity_target_year
    base = (base_net_co2_mt(region, base_year) if t.intensity_scope == "co2"
            else base_net_ghg_mt_co2e(region, base_year))
    per_gdp = (1.0 - t.intensity_cut_pct / 100.0) * base / gdp_billion_usd(region, base_year)
    cap = _line(years, [(BASE_YEAR, start), (target_year, per_gdp
                                             * gdp_billion_usd(region, target_year))], hold=False)
    later = years > target_year
    cap[later] = [per_gdp * gdp_billion_usd(region, int(y)) for y in years[later]]
    return cap


def _line(years: np.ndarray, points: list[tuple[int, float]], hold: bool) -> np.ndarray:
    """Cap path: inf before the first point, linear between points, then held."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    cap = np.interp(years, xs, ys)
    cap[(years < xs[0]) | (years < FIRST_LEVER_YEAR)] = np.inf  # 2023-2024: every scenario alike
    if not hold:
        cap[years > xs[-1]] = np.inf
    return np.asarray(cap)


@dataclasses.dataclass(frozen=True)
class _Floors:
    """Lowest level a target may bring each source to (Mt/yr of the gas).

    The supply methane floors hold at the fuel use of ``supply_index`` (the
    pathway before targets); a target that burns less fuel lowers them with it.
    """

    co2_power: np.ndarray
    co2_other: np.ndarray
    ch4: np.ndarray
    n2o: np.ndarray
    supply_index: np.ndarray


def _floors(e: RegionalEmissions) -> _Floors:
    fossil = 1.0 - max_cut("co2_fossil")
    ch4 = np.stack([(1.0 - max_cut(f"ch4_{s}")) * e.ch4_ref_mt[i]
                    for i, s in enumerate(CH4_SOURCES)])
    return _Floors(co2_power=fossil * e.co2_power_mt, co2_other=fossil * e.co2_other_mt,
                   ch4=np.minimum(ch4, e.ch4_mt), n2o=np.minimum((1.0 - max_cut("n2o"))
                                                                 * e.n2o_ref_mt, e.n2o_mt),
                   supply_index=e.supply_index())


def _share(excess: np.ndarray, linear: np.ndarray, quadratic: np.ndarray) -> np.ndarray:
    """Smallest ``f`` in [0, 1] with ``linear f - quadratic f^2 = excess`` (1 if none).

    The reduction is increasing on [0, 1] (``linear >= 2 quadratic >= 0``), so the
    smaller root is the one; ``quadratic = 0`` is the proportional rule's ``excess / linear``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = np.sqrt(np.maximum(linear ** 2 - 4.0 * quadratic * excess, 0.0))
        root = np.where(quadratic > 0.0, 2.0 * excess / (linear + disc),
                        np.where(linear > 0.0, excess / linear, 0.0))
    return np.asarray(np.where(excess >= linear - quadratic, 1.0, np.clip(root, 0.0, 1.0)))


def _apply_cap(e: RegionalEmissions, cap: np.ndarray, metric: str, floors: _Floors,
               name: str, named_year: int) -> RegionalEmissions:
    """Cut every source of ``metric`` by the same share of its headroom to meet ``cap``.

    The fossil CO2 cut is fuel not burned, so the supply methane of that fuel
    falls with it: a share ``f`` of the headroom leaves supply source ``s`` at
    ``(c - f r)(1 - f k)``, ``r`` its methane headroom (0 for a CO2 metric)
    and ``k`` the share of its fuel gone at ``f = 1``; ``f`` solves the
    resulting quadratic (:func:`_share`).
    """
    total = e.net_ghg_inventory_mt_co2e() if metric == "ghg" else e.net_co2_inventory_mt()
    excess = np.where(np.isfinite(cap), np.maximum(total - cap, 0.0), 0.0)
    room_power = np.maximum(e.co2_power_mt - floors.co2_power, 0.0)
    room_other = np.maximum(e.co2_other_mt - floors.co2_other, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_all = np.where(e.co2_other_mt > 0.0, 1.0 - room_other / e.co2_other_mt, 0.0)
        supply_now = e.supply_index()
        gone = np.where(supply_now > 0.0, 1.0 - e.supply_index(
            e.co2_power_mt - room_power, e.co2_sector_mt * ratio_all) / supply_now, 0.0)
        floor_ch4 = floors.ch4.copy()
        floor_ch4[_SUPPLY] *= np.where(floors.supply_index > 0.0,
                                       supply_now / floors.supply_index, 0.0)
    room_ch4 = np.zeros_like(e.ch4_mt)
    room_n2o = np.zeros_like(e.n2o_mt)
    linear = room_power + room_other
    if metric == "ghg":
        room_ch4 = np.maximum(e.ch4_mt - floor_ch4, 0.0)
        room_n2o = np.maximum(e.n2o_mt - floors.n2o, 0.0)
        g = ch4_gwp(e.region)[_SUPPLY][:, None]
        linear = (linear + ch4_gwp(e.region) @ room_ch4 + room_n2o * gwp("N2O")
                  + (g * e.ch4_mt[_SUPPLY] * gone).sum(axis=0))
        quadratic = (g * room_ch4[_SUPPLY] * gone).sum(axis=0)
    else:
        quadratic = np.zeros_like(linear)
    f = _share(excess, linear, quadratic)
    shortfall = np.maximum(excess - (linear - quadratic), 0.0)
    unmet = list(e.unmet)
    short = np.nonzero(shortfall > _SHORTFALL_TOL)[0]
    if short.size:
        years = [named_year] if shortfall[list(e.years).index(named_year)] > _SHORTFALL_TOL \
            else []
        worst = int(e.years[short[np.argmax(shortfall[short])]])
        years += [worst] if worst not in years else []
        unmet += [UnmetTarget(e.region, name, y, float(shortfall[list(e.years).index(y)]))
                  for y in years]
    other = e.co2_other_mt - f * room_other
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(e.co2_other_mt > 0.0, other / e.co2_other_mt, 0.0)
    power, sectors = e.co2_power_mt - f * room_power, e.co2_sector_mt * ratio
    # the CO2 removed is fuel not burned: its pollutants and supply methane go with it
    fp = fuel_pollutants_mt(e.power, e.end_use, power, sectors)
    ch4 = e.ch4_mt - f * room_ch4
    ch4[_SUPPLY] *= 1.0 - f * gone
    return dataclasses.replace(
        e, co2_power_mt=power, co2_other_mt=other, co2_sector_mt=sectors,
        ch4_mt=ch4, n2o_mt=e.n2o_mt - f * room_n2o, so2_mt=fp.so2_mt,
        nox_mt=fp.nox_mt, bc_mt=fp.bc_mt, oc_mt=fp.oc_mt, pollutant_sector_mt=fp.sector_mt,
        unmet=tuple(unmet))


def _describe(t: TargetLevers) -> str:
    return (f"net GHG -{t.ghg_cut_pct:g} % vs {t.ghg_base_year} by {t.ghg_target_year}"
            + (f", net zero by {t.net_zero_year}"
               if t.net_zero_year is not None and t.net_zero_scope == "ghg" else ""))


def apply_targets(e: RegionalEmissions, t: TargetLevers) -> RegionalEmissions:
    """Apply a region's top-down targets to its bottom-up pathways (see module doc)."""
    years = e.years
    idx = {int(y): i for i, y in enumerate(years)}
    scope = t.net_zero_scope or "co2"
    floors = _floors(e)
    start_year = BASE_YEAR
    if t.ghg_cut_pct is not None:
        assert t.ghg_target_year is not None and t.ghg_base_year is not None
        target_year = t.ghg_target_year
        net = e.net_ghg_inventory_mt_co2e()
        if t.ghg_base_year == "peak":
            window = net[: idx[target_year] + 1]
            # the line starts at the peak, or at 2024 if the peak is history: a target
            # year's cap asks nothing of the years before the levers act
            start_year = max(int(years[int(np.argmax(window))]), BASE_YEAR)
            base = float(window.max())
        else:
            base = base_net_ghg_mt_co2e(e.region, t.ghg_base_year)
        goal = (1.0 - t.ghg_cut_pct / 100.0) * base
        points = [(start_year, float(net[idx[start_year]])), (target_year, goal)]
        if start_year >= target_year:
            points = [(target_year, goal)]
        if t.net_zero_year is not None and scope == "ghg":
            points.append((t.net_zero_year, 0.0))
        e = _apply_cap(e, _line(years, points, hold=True), "ghg", floors, _describe(t),
                       target_year)
        start_year = target_year
    elif t.net_zero_year is not None and scope == "ghg":
        net = e.net_ghg_inventory_mt_co2e()
        points = [(BASE_YEAR, float(net[idx[BASE_YEAR]])), (t.net_zero_year, 0.0)]
        e = _apply_cap(e, _line(years, points, hold=True), "ghg", floors,
                       f"net-zero GHG by {t.net_zero_year}", t.net_zero_year)
    if t.intensity_cut_pct is not None:
        assert t.intensity_target_year is not None
        metric = t.intensity_scope or "ghg"
        net = e.net_ghg_inventory_mt_co2e() if metric == "ghg" else e.net_co2_inventory_mt()
        cap = intensity_cap_mt(e.region, t, years, float(net[idx[BASE_YEAR]]))
        e = _apply_cap(e, cap, metric, floors,
                       f"net {metric.upper()} per GDP -{t.intensity_cut_pct:g} % vs "
                       f"{t.intensity_base_year} by {t.intensity_target_year}",
                       t.intensity_target_year)
        start_year = max(start_year, t.intensity_target_year)
    if t.co2_peak_year is not None:
        co2 = e.net_co2_inventory_mt()
        cap = np.where((years > t.co2_peak_year) & (years >= FIRST_LEVER_YEAR),
                       co2[idx[t.co2_peak_year]], np.inf)
        e = _apply_cap(e, cap, "co2", floors, f"net CO2 peak by {t.co2_peak_year}",
                       min(t.co2_peak_year + 1, int(years[-1])))
    if t.net_zero_year is not None and scope == "co2":
        co2 = e.net_co2_inventory_mt()
        points = [(start_year, float(co2[idx[start_year]])), (t.net_zero_year, 0.0)]
        e = _apply_cap(e, _line(years, points, hold=True), "co2", floors,
                       f"net-zero CO2 by {t.net_zero_year}", t.net_zero_year)
    return e
