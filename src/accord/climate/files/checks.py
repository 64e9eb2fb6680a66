"""Values of one row: numbers, gaps, units and physical plausibility.

* Blank cells before a row's first and after its last value are outside the row's
  span (the AR6 database leaves 1995-2014 blank for its infilled variables).
* Blank cells between two values are interpolated linearly when the two values are
  at most ``MAX_GAP_YEARS`` apart (5-yearly and 10-yearly reporting, as the AR6
  database's native variables); a longer gap is an error.
* Each value must lie within its species' plausibility bounds, the table
  ``accord/data/emissions_bounds.csv`` (built by ``scripts/build_data.py``: five
  times the extremes of the eight harmonised SSPs; zero below for species that
  cannot be negative, up to rounding noise ``NEGATIVE_RTOL``).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from accord.climate.files.layouts import EmissionsFileError, Table
from accord.climate.files.names import Name
from accord.climate.units import conversion_factor
from accord.data import read_csv_table

__all__ = ["MAX_GAP_YEARS", "NEGATIVE_RTOL", "bounds", "check_bounds", "convert", "row_span"]

#: longest run of years between two given values that is interpolated
MAX_GAP_YEARS = 10
#: a negative value ``v`` of a species bounded below by zero passes when
#: ``v >= -NEGATIVE_RTOL * max|row|`` (rounding noise)
NEGATIVE_RTOL = 1e-9


@cache
def bounds() -> dict[str, tuple[float, float]]:
    """Species -> (lower, upper) plausibility bound in FaIR units."""
    return {r["species"]: (float(r["lower"]), float(r["upper"]))
            for r in read_csv_table("emissions_bounds.csv")}


def row_span(table: Table, index: int, where: str) -> tuple[int, np.ndarray]:
    """First year and annual values of one row over its own span, gaps interpolated.

    Returns
    -------
    first_year : int
    values : ndarray, shape (last_year - first_year + 1,)

    Raises
    ------
    EmissionsFileError
        A non-numeric cell, a row with no value, or a gap longer than ``MAX_GAP_YEARS``.
    """
    bad = table.bad_cell(index)
    if bad is not None:
        raise EmissionsFileError(
            f"{where}: non-numeric value {table.cell(index, bad)!r} in year "
            f"{table.years[bad]}; fix: write a number"
        )
    values = table.values[index]
    given = np.flatnonzero(~np.isnan(values))
    if not given.size:
        raise EmissionsFileError(f"{where}: the row has no values; fix: fill it in or drop it")
    years = table.years[given]
    gaps = np.diff(years)
    if gaps.size and gaps.max() > MAX_GAP_YEARS:
        k = int(np.argmax(gaps))
        raise EmissionsFileError(
            f"{where}: year {int(years[k]) + 1} is a gap that cannot be interpolated (blank "
            f"or NaN between {int(years[k])} and {int(years[k + 1])}, more than "
            f"{MAX_GAP_YEARS} years); fix: fill it in"
        )
    annual = np.arange(years[0], years[-1] + 1)
    return int(years[0]), np.interp(annual, years, values[given])


def convert(values: np.ndarray, unit: str, name: Name, target: str, where: str) -> np.ndarray:
    """Values in ``target`` units, shape as ``values``."""
    if name.unit_alias:
        old, new = name.unit_alias
        unit = unit.replace(old, new)
    try:
        factor = conversion_factor(unit, target, name.species)
    except ValueError as exc:
        raise EmissionsFileError(
            f"{where}: unit {unit!r} cannot be converted to {target!r} ({exc}); fix: "
            f"give {name.species} in {target} or another mass-per-year unit of the same substance"
        ) from exc
    return values * factor


def check_bounds(values: np.ndarray, specie: str, first_year: int, where: str) -> None:
    """Refuse values outside the species' plausibility bounds (FaIR units)."""
    lower, upper = bounds()[specie]
    if not np.isfinite(values).all():
        k = int(np.flatnonzero(~np.isfinite(values))[0])
        raise EmissionsFileError(f"{where}: value {float(values[k])!r} in year {first_year + k} "
                                 "is not a finite number; fix: write a finite number")
    if lower == 0.0:
        scale = float(np.max(np.abs(values))) if values.size else 0.0
        negative = np.flatnonzero(values < -NEGATIVE_RTOL * scale)
        if negative.size:
            k = int(negative[0])
            raise EmissionsFileError(
                f"{where}: negative emissions {float(values[k])!r} in year {first_year + k}; "
                "only CO2 (CO2 FFI, CO2 AFOLU) may be negative; fix: check the sign or clip to zero"
            )
    too_low = values < lower if lower < 0.0 else np.zeros(values.shape, dtype=bool)
    outside = np.flatnonzero(too_low | (values > upper))
    if outside.size:
        k = int(outside[0])
        unit = next(r["unit"] for r in read_csv_table("emissions_bounds.csv")
                    if r["species"] == specie)
        raise EmissionsFileError(
            f"{where}: {float(values[k]):.6g} {unit} in year {first_year + k} is implausible "
            f"for {specie}: allowed {lower:.6g} to {upper:.6g} {unit} (5 x the SSP extremes, "
            "emissions_bounds.csv); fix: check the value and its unit"
        )
