"""Sourced ceilings of the removal levers (``accord/data/removal_limits.csv``).

A region's ceiling for a removal type in a year is the world ceiling of that
type (linear between the table's years, held after the last) times the
region's share of world land area, as ``sector-facts`` section 5 suggests
("regional ceilings in proportion to land, biomass and storage potential";
land area stands for all three here, an assumption stated in the table).

Examples
--------
>>> round(removal_ceiling_gt("EU27", "beccs", 2050), 3)  # 5.5 Gt x 3.2 % of world land
0.176
>>> removal_ceiling_gt("Rest of World", "daccs", 2024)
0.0
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from accord.levers.errors import ScenarioError
from accord.levers.schema import REMOVAL_TYPES, RegionLevers
from accord.levers.tables import read_table
from accord.levers.trajectory import FIRST_YEAR, LAST_YEAR

__all__ = ["CEILING_SLACK_GT", "check_removals", "removal_ceiling_gt"]

#: rounding slack of the ceiling check (Gt CO2/yr): a value this far above still passes
CEILING_SLACK_GT = 1e-12


@cache
def _world(kind: str) -> tuple[tuple[int, ...], tuple[float, ...]]:
    rows = sorted((int(r["year"]), float(r["value"])) for r in read_table("removal_limits.csv")
                  if r["region"] == "World" and r["type"] == kind)
    if not rows:
        raise KeyError(f"removal_limits.csv has no world ceiling for {kind!r}")
    return tuple(y for y, _ in rows), tuple(v for _, v in rows)


@cache
def _share(region: str) -> float:
    return next(float(r["value"]) for r in read_table("removal_limits.csv")
                if r["region"] == region and r["type"] == "land_share")


def removal_ceiling_gt(region: str, kind: str, year: int) -> float:
    """Ceiling of removal type ``kind`` in ``region`` and ``year``, Gt CO2/yr."""
    years, values = _world(kind)
    return float(np.interp(year, years, values)) * _share(region)


@cache
def _annual_ceilings_gt(region: str, kind: str) -> np.ndarray:
    """:func:`removal_ceiling_gt` for every year ``FIRST_YEAR .. LAST_YEAR`` (read-only).

    The same interpolation, element by element, as the scalar function: the
    values are identical, computed once per process instead of once per check.
    """
    years, values = _world(kind)
    out = np.interp(np.arange(FIRST_YEAR, LAST_YEAR + 1), years, values) * _share(region)
    out.setflags(write=False)
    return out


def check_removals(regions: Mapping[str, RegionLevers]) -> None:
    """Raise :class:`ScenarioError` for the first removal path above its ceiling in any year.

    A path is linear between its milestones and the ceiling linear between the
    table's years, so checking every whole year 2025-2100 checks the path.
    """
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    for region, levers in regions.items():
        for kind in REMOVAL_TYPES:
            field = f"{kind}_gt_per_yr"
            path = getattr(levers.removals, field)
            if path is None:
                continue
            values = path.annual(years, start=0.0)
            ceiling = _annual_ceilings_gt(region, kind)
            over = np.flatnonzero(values > ceiling + CEILING_SLACK_GT)
            if over.size:
                year, value, cap = int(years[over[0]]), float(values[over[0]]), ceiling[over[0]]
                raise ScenarioError(
                    f'regions."{region}".removals.{field} = {path}: {value:.3g} Gt CO2/yr in '
                    f"{year} is above the sourced ceiling for {region} in {year}; allowed: 0 to "
                    f"{cap:.3g} Gt CO2/yr then (removal_limits.csv); fix: lower the milestones "
                    "so the path stays under the ceiling")
