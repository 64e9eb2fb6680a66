"""The coal fleet a region may run: its 2024 plants by build year, closing by age.

Each region's end-2024 coal fleet is described by the share built in each
build-year window (``coal_fleet_vintages.csv``, a proxy from coal generation,
see ``scripts/build_data_coal_vintages.py``), spread evenly within a window, so
the share still open moves year by year, never by whole windows.

While new coal plants may be built, a plant reaching the retirement age is
replaced and the fleet is not limited. From the no-new-coal year on, a plant
of build year ``b`` runs in year ``t`` only while ``t - b`` is below the
retirement age ``A(t)`` (a lever trajectory); a plant once closed stays closed,
so the build-year cutoff is the running maximum of ``t - A(t)``. In the
no-new-coal year itself every plant already past the age closes (a step in a
year the lever names). The coal phase-out (fleet falling linearly to zero from
2025) is applied on top: the lower limit binds.

Examples
--------
>>> v = CoalVintages(edges=(1965.0, 2005.0, 2015.0, 2025.0), shares=(0.5, 0.25, 0.25))
>>> years = np.arange(2024, 2031)
>>> open_share(years, 2027, np.full(7, 40.0), v).round(4).tolist()
[1.0, 1.0, 1.0, 0.725, 0.7125, 0.7, 0.6875]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np

from accord.energy.base_year import BASE_YEAR
from accord.levers.tables import read_table

__all__ = ["CoalVintages", "coal_fleet_limit_gw", "coal_vintages", "open_share"]


@dataclass(frozen=True)
class CoalVintages:
    """Build years of one region's end-2024 coal fleet.

    Attributes
    ----------
    edges : tuple of float
        Rising window edges in build years (``len(shares) + 1``); window ``i``
        holds plants built in ``[edges[i], edges[i+1])``.
    shares : tuple of float
        Share of the end-2024 capacity built in each window (they sum to 1).
    """

    edges: tuple[float, ...]
    shares: tuple[float, ...]

    def built_after(self, cutoff: np.ndarray) -> np.ndarray:
        """Share of the fleet built after build year ``cutoff`` (even within windows)."""
        after = 1.0 - np.concatenate([[0.0], np.cumsum(self.shares)]) / sum(self.shares)
        return np.asarray(np.interp(cutoff, self.edges, after))


@cache
def coal_vintages(region: str) -> CoalVintages:
    """The build-year windows of ``region``'s end-2024 coal fleet (``coal_fleet_vintages.csv``).

    >>> v = coal_vintages("China")
    >>> v.edges, v.shares
    ((1965.0, 2005.0, 2015.0, 2025.0), (0.3398, 0.3545, 0.3057))
    """
    rows = sorted((float(r["build_from"]), float(r["build_to"]), float(r["value"]))
                  for r in read_table("coal_fleet_vintages.csv") if r["region"] == region)
    if not rows:
        raise KeyError(f"no coal vintages for {region!r} in coal_fleet_vintages.csv")
    for (_, end, _), (start, _, _) in itertools.pairwise(rows):
        if end != start:
            raise ValueError(f"coal_fleet_vintages.csv: {region} windows are not contiguous "
                             f"({end} then {start})")
    return CoalVintages((*tuple(r[0] for r in rows), rows[-1][1]), tuple(r[2] for r in rows))


def open_share(years: np.ndarray, no_new_coal_from_year: int, retirement_age_yr: np.ndarray,
               vintages: CoalVintages) -> np.ndarray:
    """Share of the 2024 fleet still open in each year (1 before the no-new-coal year).

    Parameters
    ----------
    years : ndarray of int, shape (n,)
    no_new_coal_from_year : int
        First year no plant is built; from then on plants close at the retirement age.
    retirement_age_yr : ndarray, shape (n,)
        Retirement age in each of ``years`` (years).
    vintages : CoalVintages

    Returns
    -------
    ndarray, shape (n,), non-increasing from the no-new-coal year on.
    """
    active = years >= no_new_coal_from_year
    cutoff = np.where(active, years - retirement_age_yr, -np.inf)
    cutoff = np.maximum.accumulate(cutoff)  # a closed plant stays closed
    return np.where(active, vintages.built_after(np.where(active, cutoff, vintages.edges[0])),
                    1.0)


def coal_fleet_limit_gw(years: np.ndarray, coal0_gw: float, vintages: CoalVintages,
                        no_new_coal_from_year: int | None, coal_phase_out_year: int | None,
                        retirement_age_yr: np.ndarray | None) -> np.ndarray:
    """GW of unabated coal a region may run each year (``inf``: no limit); the lower rule wins.

    Parameters
    ----------
    years : ndarray of int, shape (n,), starting at the base year 2024
    coal0_gw : float
        End-2024 coal capacity (GW).
    vintages : CoalVintages
    no_new_coal_from_year, coal_phase_out_year : int or None
        The event levers (``None``: not set).
    retirement_age_yr : ndarray, shape (n,), or None
        Retirement age per year; needed when ``no_new_coal_from_year`` is set.
    """
    limit = np.full(years.shape, np.inf)
    if no_new_coal_from_year is not None:
        if retirement_age_yr is None:
            raise ValueError("coal_retirement_age_yr is needed with no_new_coal_from_year")
        share = open_share(years, no_new_coal_from_year, retirement_age_yr, vintages)
        limit = np.where(years >= no_new_coal_from_year, coal0_gw * share, limit)
    if coal_phase_out_year is not None:
        end = coal_phase_out_year
        limit = np.minimum(limit, coal0_gw * np.clip((end - years) / (end - BASE_YEAR), 0.0, 1.0))
    return limit
