"""Physical bounds of the world emissions fed to the climate model.

Checked by :func:`accord.emissions.world.world_array` on every array it builds,
so no path (scenario, partial deal of the attribution, batch sweep) bypasses
them:

- every species except the two CO2 species is never negative (CH4, N2O, each
  aerosol and ozone precursor, every F-gas and ozone-depleting substance);
- gross fossil CO2 (``CO2 FFI`` plus the novel removals BECCS and DACCS that
  were subtracted from it) is never negative, so net fossil CO2 goes below zero
  only through explicit removals.

The composition makes these hold by construction (each region's sources are
cut by at most their maximum abatement, removals are their own quantity, the
remainder follows a clipped reference trend); the check is the guard that
says so loudly if a change ever breaks it.

Examples
--------
>>> import numpy as np
>>> from accord.data import read_csv_table, ssp_emissions
>>> ref = np.array(ssp_emissions().scenario("ssp245"))
>>> check_world(ref, removals_gt=np.zeros(78), first_year=2023)
>>> ref[300, 2] = -1.0  # negative methane in 2050
>>> check_world(ref, removals_gt=np.zeros(78), first_year=2023)
Traceback (most recent call last):
...
accord.emissions.bounds.PhysicsError: CH4 is negative (-1 Mt CH4/yr) in 2050; ...
"""

from __future__ import annotations

from functools import cache

import numpy as np

from accord.data import read_csv_table, ssp_emissions

__all__ = ["NON_NEGATIVE", "PhysicsError", "check_world", "first_implausible",
           "non_negative_columns", "plausible_upper"]

#: every emitted species except net fossil CO2 and net land-use CO2 is a gross flux
NON_NEGATIVE: frozenset[str] = frozenset(
    str(s) for s in ssp_emissions().species if str(s) not in ("CO2 FFI", "CO2 AFOLU"))

#: float rounding allowed in the checks (FaIR units: Gt CO2, Mt, kt)
_TOLERANCE = 1e-9


class PhysicsError(ValueError):
    """World emissions that break a physical bound (a model bug, never a user error)."""


@cache
def non_negative_columns() -> np.ndarray:
    """Column indices of :data:`NON_NEGATIVE` in the 51-species frame."""
    return np.array([j for j, s in enumerate(ssp_emissions().species) if str(s) in NON_NEGATIVE])


def check_world(world: np.ndarray, *, removals_gt: np.ndarray, first_year: int) -> None:
    """Raise :class:`PhysicsError` if ``world`` breaks a bound from ``first_year`` on.

    Parameters
    ----------
    world : ndarray, shape (year 1750..2100, 51), FaIR units
    removals_gt : ndarray, shape (first_year..2100,)
        Novel removals (BECCS + DACCS) subtracted from ``CO2 FFI``, Gt CO2/yr.
    first_year : int
        First composed year (earlier rows are the reference history).
    """
    ssp = ssp_emissions()
    years = np.asarray(ssp.years)
    rows = years >= first_year
    block = world[rows]
    cols = non_negative_columns()
    low = block[:, cols] < -_TOLERANCE
    if low.any():
        i, k = (int(v[0]) for v in np.nonzero(low))
        j = int(cols[k])
        raise PhysicsError(
            f"{ssp.species[j]} is negative ({block[i, j]:.3g} {ssp.units[j]}) in "
            f"{int(years[rows][i])}; every non-CO2 species must be >= 0: this is a bug in "
            "the composition, please report it")
    gross = block[:, 0] + removals_gt
    if np.any(gross < -_TOLERANCE):
        i = int(np.argmax(gross < -_TOLERANCE))
        raise PhysicsError(
            f"gross fossil CO2 is negative ({gross[i]:.3g} Gt CO2/yr) in "
            f"{int(years[rows][i])}; net fossil CO2 may fall below zero only through "
            "removals: this is a bug in the composition, please report it")


@cache
def plausible_upper() -> np.ndarray:
    """Upper plausibility bound of each of the 51 species, FaIR units.

    Five times the largest value of the eight harmonised SSPs over 1750-2100
    (``emissions_bounds.csv``, the same table an emissions file is checked
    against): a loose bound, not a physical limit.
    """
    upper = {r["species"]: float(r["upper"]) for r in read_csv_table("emissions_bounds.csv")}
    return np.array([upper[str(s)] for s in ssp_emissions().species])


def first_implausible(world: np.ndarray, first_year: int) -> tuple[int, int] | None:
    """``(year, species column)`` of the first value above :func:`plausible_upper`, or None.

    Levers that compound (a growth rate held for decades) can build emissions no
    pathway has ever had; the caller names the levers.

    >>> import numpy as np
    >>> from accord.data import ssp_emissions
    >>> ref = np.array(ssp_emissions().scenario("ssp245"))
    >>> first_implausible(ref, 2023) is None
    True
    >>> ref[350, 0] = 1e5  # 100,000 Gt of fossil CO2 in 2100
    >>> first_implausible(ref, 2023)
    (2100, 0)
    """
    years = np.asarray(ssp_emissions().years)
    rows = years >= first_year
    over = ~(world[rows] <= plausible_upper())  # NaN counts as implausible
    if not over.any():
        return None
    i, j = (int(v[0]) for v in np.nonzero(over))
    return int(years[rows][i]), j
