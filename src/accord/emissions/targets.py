"""Top-down targets: caps on a region's net emissions, spread by a documented rule.

A target becomes a cap path C(t) on a metric (net GHG = CO2 + CH4 + N2O in AR6
GWP100 including land use, or net CO2):

- ``ghg_cut_pct`` below ``ghg_base_year`` by ``ghg_target_year``: C falls
  linearly from the pathway's own 2024 value (or, for base "peak", from its
  peak over 2023..target year) to the target, then is held (or, with a
  net-zero year of scope "ghg", falls on linearly to zero);
- ``co2_peak_year``: net CO2 after that year may not exceed its value then;
- ``net_zero_year`` of scope "co2": net CO2 falls linearly to zero from the
  GHG target year (or 2024) and stays there.

The spreading rule: wherever the pathway exceeds the cap, every non-power
component of the metric (other fossil CO2, and for GHG also each methane
source and N2O) is scaled by one common factor f, but not below the residual
fraction in ``emissions_assumptions.csv``; any gap left is closed by carbon
removal (reported separately, subtracted from fossil CO2). Power-sector CO2
follows the power model's levers and is not scaled. A cap never raises
emissions, so a target that the levers already meet changes nothing.

Examples
--------
>>> from accord.levers.loading import load_scenario, resolve
>>> s = resolve(load_scenario("us-ndc-2030"))
>>> us = apply_targets(regional_pathways("United States", s.regions["United States"]),
...                    s.regions["United States"].targets)
>>> i = list(us.years).index(2030)
>>> target = 0.49 * (6178 + 734 + 263)  # 2005 net GHG, country-facts section 5
>>> abs(float(us.net_ghg_mt_co2e()[i]) / target - 1) < 1e-4  # facts rounded to 1 Mt
True
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np

from accord.emissions.regional import (
    RegionalEmissions,
    base_value,
    ch4_gwp,
    gwp,
    regional_pathways,
)
from accord.levers.schema import BASE_YEAR, TargetLevers
from accord.levers.tables import read_table

__all__ = ["apply_targets", "base_net_ghg_mt_co2e", "regional_pathways", "residual_frac"]


@cache
def residual_frac() -> float:
    """Lowest fraction a target may scale non-power emissions to (assumption table)."""
    return next(float(r["value"]) for r in read_table("emissions_assumptions.csv")
                if r["parameter"] == "target_residual_frac")


def base_net_ghg_mt_co2e(region: str, year: int) -> float:
    """Historical net GHG (fossil CO2 + land CO2 + CH4 + N2O, Mt CO2-equiv, AR6 GWP100)."""
    return sum(base_value(region, v, year)
               for v in ("co2_fossil", "co2_land_use", "ch4_co2e", "n2o_co2e"))


def _line(years: np.ndarray, points: list[tuple[int, float]], hold: bool) -> np.ndarray:
    """Cap path: inf before the first point, linear between points, then held."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    cap = np.interp(years, xs, ys)
    cap[years < xs[0]] = np.inf
    if not hold:
        cap[years > xs[-1]] = np.inf
    return np.asarray(cap)


def _apply_cap(e: RegionalEmissions, cap: np.ndarray, metric: str) -> RegionalEmissions:
    """Scale the non-power components of ``metric`` so it stays under ``cap``."""
    ch4_weights = ch4_gwp(e.region)
    if metric == "ghg":
        total = e.net_ghg_mt_co2e()
        scalable = e.co2_other_mt + ch4_weights @ e.ch4_mt + e.n2o_mt * gwp("N2O")
    else:
        total = e.net_co2_mt()
        scalable = e.co2_other_mt.copy()
    fixed = total - scalable
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(np.isfinite(cap) & (scalable > 0), (cap - fixed) / scalable, 1.0)
    f = np.clip(f, residual_frac(), 1.0)
    removal = np.where(np.isfinite(cap), np.maximum(fixed + f * scalable - cap, 0.0), 0.0)
    if metric == "ghg":
        return dataclasses.replace(
            e, co2_other_mt=e.co2_other_mt * f, co2_removal_mt=e.co2_removal_mt + removal,
            ch4_mt=e.ch4_mt * f, n2o_mt=e.n2o_mt * f)
    return dataclasses.replace(
        e, co2_other_mt=e.co2_other_mt * f, co2_removal_mt=e.co2_removal_mt + removal)


def apply_targets(e: RegionalEmissions, t: TargetLevers) -> RegionalEmissions:
    """Apply a region's top-down targets to its bottom-up pathways (see module doc)."""
    years = e.years
    idx = {int(y): i for i, y in enumerate(years)}
    scope = t.net_zero_scope or "co2"
    start_year = BASE_YEAR
    if t.ghg_cut_pct is not None:
        assert t.ghg_target_year is not None and t.ghg_base_year is not None
        target_year = t.ghg_target_year
        net = e.net_ghg_mt_co2e()
        if t.ghg_base_year == "peak":
            window = net[: idx[target_year] + 1]
            start_year = int(years[int(np.argmax(window))])
            base = float(window.max())
        else:
            base = base_net_ghg_mt_co2e(e.region, t.ghg_base_year)
        goal = (1.0 - t.ghg_cut_pct / 100.0) * base
        points = [(start_year, float(net[idx[start_year]])), (target_year, goal)]
        if start_year >= target_year:
            points = [(target_year, goal)]
        if t.net_zero_year is not None and scope == "ghg":
            points.append((t.net_zero_year, 0.0))
        e = _apply_cap(e, _line(years, points, hold=True), "ghg")
        start_year = target_year
    elif t.net_zero_year is not None and scope == "ghg":
        net = e.net_ghg_mt_co2e()
        points = [(BASE_YEAR, float(net[idx[BASE_YEAR]])), (t.net_zero_year, 0.0)]
        e = _apply_cap(e, _line(years, points, hold=True), "ghg")
    if t.co2_peak_year is not None:
        co2 = e.net_co2_mt()
        cap = np.where(years > t.co2_peak_year, co2[idx[t.co2_peak_year]], np.inf)
        e = _apply_cap(e, cap, "co2")
    if t.net_zero_year is not None and scope == "co2":
        co2 = e.net_co2_mt()
        points = [(start_year, float(co2[idx[start_year]])), (t.net_zero_year, 0.0)]
        e = _apply_cap(e, _line(years, points, hold=True), "co2")
    return e
