"""Read world emissions files into the kernel's ``(scenario, year, specie)`` array.

This is the I/O boundary of the climate engine: pandas and openscm-units are used
here and nowhere in the kernel. Two CSV layouts are understood, told apart by their
header (column names are case-insensitive):

* **FaIR** (``fill_from_csv``): ``scenario, region, variable, unit`` then mid-year
  columns ``1750.5, 1751.5, ...``; variables are FaIR's species names (``CO2 FFI``,
  ``CH4``, ``HFC-134a`` ...), as in the calibration's ``ssps_harmonized_1750-2499.csv``.
* **IAMC** (wide): ``model, scenario, region, variable, unit`` then whole-year
  columns ``2015, 2020, ...``; variables carry RCMIP or AR6 names
  (``Emissions|CO2|MAGICC Fossil and Industrial``, ``Emissions|Montreal Gases|CFC|CFC11``
  ...). The names accepted are the table ``accord/data/iamc_variables.csv``.
  The IAMC *long* layout (``model, scenario, region, variable, unit, year, value``,
  as ``accord emissions`` writes) is read too, by pivoting it to the wide one.

Other non-year columns (e.g. RCMIP's ``mip_era``) and variables that are not one of
the 51 emitted species (e.g. ``Emissions|CO2`` totals) are ignored. Only rows of
region ``World`` are used. The value in the column of year ``Y`` (or ``Y.5``) is the
flow during calendar year ``Y``.

Examples
--------
>>> from accord.climate.emissions_io import ssp_emissions_array
>>> da = ssp_emissions_array(["ssp245"])
>>> da.dims, da.sizes["specie"]
(('scenario', 'year', 'specie'), 51)
>>> str(da.unit.sel(specie="N2O").item())
'Mt N2O/yr'
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from accord.climate.layouts import EmissionsFileError, Table, parse_table
from accord.climate.units import conversion_factor
from accord.data import ssp_emissions

__all__ = [
    "EmissionsFileError",
    "conversion_factor",
    "emissions_from_frame",
    "iamc_variable_table",
    "load_emissions",
    "ssp_emissions_array",
]

#: Region whose rows are read (compared case-insensitively).
WORLD = "world"

#: Species whose emissions may be negative (CO2 removals) without limit.
#: The other species may be negative only in the species listed in
#: ``NEGATIVE_ARTEFACT_SPECIES`` or within ``NEGATIVE_RTOL`` of zero.
NEGATIVE_ALLOWED_SPECIES = frozenset({"CO2 FFI", "CO2 AFOLU"})

#: Minor halogenated species whose harmonised emissions in the calibration's own SSP
#: file (FaIR v1.4.1 ``ssps_harmonized``) dip below zero (harmonisation artefacts of up
#: to -0.14 kt/yr, which FaIR accepts); rejecting them would reject the calibration input.
NEGATIVE_ARTEFACT_SPECIES = frozenset(
    {"Halon-1211", "C3F8", "c-C4F8", "C4F10", "C5F12", "C7F16", "C8F18"}
)

#: A negative value ``v`` of another species is rejected when
#: ``v < -NEGATIVE_RTOL * max|row|`` (rounding noise passes).
NEGATIVE_RTOL = 1e-9

# --------------------------------------------------------------------------- tables


@cache
def iamc_variable_table() -> dict[str, str]:
    """IAMC/RCMIP variable name -> FaIR species, from ``accord/data/iamc_variables.csv``.

    The table (columns variable, species, unit, source) lists RCMIP v5.1 names (source
    ``RCMIP``) and the AR6 scenario-database spellings (``AR6``); ``unit`` is the unit
    those sources use, for reference (any convertible unit is accepted).
    """
    text = resources.files("accord.data").joinpath("iamc_variables.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    return {row["variable"].strip(): row["species"] for row in rows}


def _species_and_units() -> tuple[list[str], list[str]]:
    """The 51 emitted species in calibration order and their FaIR units."""
    ssp = ssp_emissions()
    return [str(s) for s in ssp.species], [str(u) for u in ssp.units]


def _variable_lookup(layout: str) -> dict[str, str]:
    """Accepted variable name (lower case) -> species, for one layout."""
    return {name.lower(): specie for name, specie in _accepted_variables(layout).items()}


def _accepted_variables(layout: str) -> dict[str, str]:
    """Accepted variable name (as spelt in the docs) -> species, for one layout."""
    if layout == "iamc":
        return iamc_variable_table()
    species, _ = _species_and_units()
    return {s: s for s in species}


# ---------------------------------------------------------------------------- units

# ------------------------------------------------------------------------- rows


def _select_scenarios(table: Table, scenarios: Iterable[str] | None, source: str) -> list[str]:
    """The scenario names to read, in the requested (or file) order."""
    available = list(dict.fromkeys(table.meta["scenario"]))
    if scenarios is None:
        return available
    wanted = [str(s) for s in scenarios]
    missing = [s for s in wanted if s not in available]
    if missing:
        raise EmissionsFileError(
            f"{source}: scenario(s) {', '.join(map(repr, missing))} not in the file; "
            f"available: {', '.join(available)}"
        )
    return list(dict.fromkeys(wanted))


def _scenario_rows(table: Table, scenario: str, source: str) -> dict[str, int]:
    """Species -> row index of its World row for one scenario (all 51 required)."""
    meta = table.meta
    in_scenario = meta["scenario"] == scenario
    world = in_scenario & (meta["region"].str.lower() == WORLD)
    if not world.any():
        regions = ", ".join(sorted(set(meta.loc[in_scenario, "region"])))
        raise EmissionsFileError(
            f"{source}: scenario {scenario!r} has no rows for region 'World' "
            f"(regions found: {regions}); add World totals"
        )
    lookup = _variable_lookup(table.layout)
    rows: dict[str, int] = {}
    for index in np.flatnonzero(world.to_numpy()):
        variable = meta.at[index, "variable"]
        specie = lookup.get(variable.lower())
        if specie is None:
            continue
        if specie in rows:
            first = meta.at[rows[specie], "variable"]
            raise EmissionsFileError(
                f"{source}: scenario {scenario!r}: duplicate rows for species {specie!r} "
                f"(variables {first!r} and {variable!r}); keep exactly one World row per "
                "species (and one model per scenario name)"
            )
        rows[specie] = int(index)
    species, _ = _species_and_units()
    missing = [s for s in species if s not in rows]
    if missing:
        hint = _accepted_names(table.layout, missing[:3])
        raise EmissionsFileError(
            f"{source}: scenario {scenario!r} lacks {len(missing)} species: "
            f"{', '.join(missing)}; add a World row for each ({hint})"
        )
    return rows


def _accepted_names(layout: str, species: Sequence[str]) -> str:
    """A hint naming the accepted variable names of a few species."""
    accepted = _accepted_variables(layout)
    parts = []
    for specie in species:
        names = [v for v, s in accepted.items() if s == specie]
        parts.append(f"{specie}: {' or '.join(repr(n) for n in names)}")
    return (
        "variable names, case-insensitive: "
        + "; ".join(parts)
        + ("; ..." if layout == "iamc" else "")
    )


def _row_values(table: Table, index: int, where: str) -> np.ndarray:
    """Numeric values of one row, shape (n_columns,); non-numbers and NaN are errors."""
    raw = table.raw.iloc[index]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values) & raw.notna().to_numpy()
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise EmissionsFileError(
            f"{where}: non-numeric value {raw.iloc[k]!r} in year {table.years[k]}; write a number"
        )
    nan = np.flatnonzero(np.isnan(values))
    if nan.size:
        k = int(nan[0])
        valid = np.flatnonzero(~np.isnan(values))
        inside = bool(valid.size) and bool(valid[0] < k < valid[-1])
        kind = (
            "a gap that cannot be interpolated (blank or NaN between "
            f"{table.years[valid[valid < k][-1]]} and {table.years[valid[valid > k][0]]})"
            if inside
            else "missing (blank or NaN)"
        )
        raise EmissionsFileError(
            f"{where}: value of year {table.years[k]} is {kind}; fill it in, or drop the "
            "year column for every row"
        )
    return values


def _check_sign(values: np.ndarray, specie: str, years: np.ndarray, where: str) -> None:
    """Reject negative emissions of species that cannot be negative."""
    if specie in NEGATIVE_ALLOWED_SPECIES or specie in NEGATIVE_ARTEFACT_SPECIES:
        return
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    negative = np.flatnonzero(values < -NEGATIVE_RTOL * scale)
    if negative.size:
        k = int(negative[0])
        raise EmissionsFileError(
            f"{where}: negative emissions {float(values[k])!r} in year {years[k]}; only CO2 "
            "(CO2 FFI, CO2 AFOLU) may be negative: check the sign or clip to zero"
        )


def _convert(values: np.ndarray, unit: str, specie: str, target: str, where: str) -> np.ndarray:
    """Values in ``target`` units, shape as ``values``."""
    try:
        factor = conversion_factor(unit, target, specie)
    except ValueError as exc:
        raise EmissionsFileError(
            f"{where}: unit {unit!r} cannot be converted to {target!r} ({exc}); "
            f"give {specie} in {target} or another mass-per-year unit of the same substance"
        ) from exc
    return values * factor


def _annual(values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Linear interpolation of values on ``years`` to every year between the ends.

    Parameters
    ----------
    values : ndarray, shape (n_columns,)
    years : ndarray of int, shape (n_columns,), ascending

    Returns
    -------
    ndarray, shape (years[-1] - years[0] + 1,)
    """
    annual_years = np.arange(years[0], years[-1] + 1)
    return np.interp(annual_years, years, values)


# ------------------------------------------------------------------------ history


def _with_history(
    values: np.ndarray, first_year: int, history: str | None, source: str
) -> tuple[np.ndarray, int]:
    """Prepend SSP history to annual values starting after 1750.

    Parameters
    ----------
    values : ndarray, shape (scenario, year, specie)
        Annual emissions from ``first_year`` on, FaIR units.
    first_year : int
    history : str or None
        SSP name in ``ssp_emissions()`` supplying the years 1750..first_year-1.

    Returns
    -------
    values : ndarray, shape (scenario, year', specie)
    first_year : int
        ``min(first_year, 1750)``.
    """
    ssp = ssp_emissions()
    start = int(ssp.years[0])
    if first_year <= start:
        return values, first_year
    if history is None:
        raise EmissionsFileError(
            f"{source}: the file starts in {first_year}, but the run needs every year from "
            f"{start}; add the earlier years or pass history='ssp245' to take them from the "
            "harmonised SSP history"
        )
    names = [str(s) for s in ssp.scenarios]
    if history not in names:
        raise EmissionsFileError(
            f"history={history!r} is not a shipped SSP; choose one of {', '.join(names)}"
        )
    if first_year > int(ssp.years[-1]) + 1:
        raise EmissionsFileError(
            f"{source}: the file starts in {first_year}, after the shipped SSPs end "
            f"({int(ssp.years[-1])}); add the years from {int(ssp.years[-1]) + 1}"
        )
    past = ssp.scenario(history)[: first_year - start]
    past = np.broadcast_to(past, (values.shape[0], *past.shape))
    return np.concatenate([past, values], axis=1), start


# ---------------------------------------------------------------------------- API


def _as_dataarray(
    values: np.ndarray, scenarios: Sequence[str], first_year: int, attrs: dict[str, str]
) -> xr.DataArray:
    """Label an array of shape (scenario, year, specie) with the kernel's coordinates."""
    species, units = _species_and_units()
    years = np.arange(first_year, first_year + values.shape[1], dtype=np.int64)
    return xr.DataArray(
        np.ascontiguousarray(values, dtype=float),
        dims=("scenario", "year", "specie"),
        coords={
            "scenario": list(scenarios),
            "year": years,
            "specie": species,
            "unit": ("specie", units),
        },
        name="emissions",
        attrs=attrs,
    )


def emissions_from_frame(
    df: pd.DataFrame,
    scenarios: Iterable[str] | None = None,
    *,
    history: str | None = "ssp245",
    source: str = "emissions frame",
) -> xr.DataArray:
    """World emissions per species from a FaIR- or IAMC-layout frame.

    Parameters
    ----------
    df : DataFrame
        One row per (scenario, region, variable), the layout of ``load_emissions``.
    scenarios : iterable of str, optional
        Scenarios to read, in this order; default every scenario in ``df``.
    history : str or None, default ``"ssp245"``
        Where the frame starts after 1750, the earlier years are taken from this shipped
        SSP (``accord.data.ssp_emissions()``). The eight SSPs there share the same
        harmonised history up to and including 2022 (they differ from 2023), so for a
        frame starting in 2023 or earlier the choice of SSP does not matter; for a later
        start the gap is filled with that SSP's projection. Values are joined as they are,
        without harmonising the frame to the history. ``None`` makes a start after 1750
        an error.
    source : str
        Name used in error messages.

    Returns
    -------
    DataArray, dims (scenario, year, specie), name ``"emissions"``
        ``year`` are calendar years (int; the value is the flow during that year, FaIR's
        time point ``year + 0.5``), from 1750 (or the frame's first year if earlier) to
        the frame's last year, every year (gaps between year columns are interpolated
        linearly). ``specie`` are the 51 emitted species in calibration order; the
        coordinate ``unit`` along ``specie`` gives their FaIR units (``Gt CO2/yr``,
        ``Mt CH4/yr``, ``kt HFC134a/yr`` ...), into which values are converted.

    Raises
    ------
    EmissionsFileError
        Unknown layout, scenario not found, no World rows, missing or duplicate species,
        an unconvertible unit, a non-numeric, blank or NaN value, a negative year column,
        or a negative value of a species other than CO2 (see ``NEGATIVE_*``).
    """
    table = parse_table(df, source)
    names = _select_scenarios(table, scenarios, source)
    species, units = _species_and_units()
    n_years = int(table.years[-1] - table.years[0] + 1)
    out = np.empty((len(names), n_years, len(species)))
    for i, scenario in enumerate(names):
        rows = _scenario_rows(table, scenario, source)
        for j, (specie, target) in enumerate(zip(species, units, strict=True)):
            index = rows[specie]
            where = (
                f"{source}: scenario {scenario!r}, variable {table.meta.at[index, 'variable']!r}"
            )
            values = _row_values(table, index, where)
            _check_sign(values, specie, table.years, where)
            converted = _convert(values, table.meta.at[index, "unit"], specie, target, where)
            out[i, :, j] = _annual(converted, table.years)
    full, first = _with_history(out, int(table.years[0]), history, source)
    attrs = {"source": source, "layout": table.layout}
    if first < table.years[0]:
        attrs["history"] = f"{history} for {first}-{int(table.years[0]) - 1}"
    return _as_dataarray(full, names, first, attrs)


def load_emissions(
    path: str | PathLike[str],
    scenarios: Iterable[str] | None = None,
    *,
    history: str | None = "ssp245",
) -> xr.DataArray:
    """World emissions per species from a CSV file in FaIR or IAMC layout.

    Parameters
    ----------
    path : path-like
        CSV file (see the module docstring for the two layouts).
    scenarios, history
        As in ``emissions_from_frame``: by default years before the file's first year
        come from the shipped ``ssp245`` (all SSPs share the harmonised history to 2022).

    Returns
    -------
    DataArray, dims (scenario, year, specie)
        See ``emissions_from_frame``.

    Raises
    ------
    EmissionsFileError
        The file is missing or unreadable, or its content is wrong (message says how).
    """
    file = Path(path)
    if not file.is_file():
        raise EmissionsFileError(f"emissions file {str(file)!r} does not exist; check the path")
    try:
        df = pd.read_csv(file, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise EmissionsFileError(
            f"{file}: cannot be read as CSV ({exc}); save it as comma-separated UTF-8 text"
        ) from exc
    return emissions_from_frame(df, scenarios, history=history, source=str(file))


def ssp_emissions_array(scenarios: Iterable[str] | None = None) -> xr.DataArray:
    """The shipped harmonised SSPs (1750-2100) as the kernel's emissions array.

    Parameters
    ----------
    scenarios : iterable of str, optional
        SSP names (e.g. ``["ssp245"]``); default all eight.

    Returns
    -------
    DataArray, dims (scenario, year, specie)
        As ``load_emissions`` returns.

    Raises
    ------
    EmissionsFileError
        A name that is not a shipped SSP (the message lists them).
    """
    ssp = ssp_emissions()
    available = [str(s) for s in ssp.scenarios]
    names = available if scenarios is None else list(dict.fromkeys(map(str, scenarios)))
    unknown = [s for s in names if s not in available]
    if unknown:
        raise EmissionsFileError(
            f"scenario(s) {', '.join(map(repr, unknown))} not among the shipped SSPs; "
            f"choose from {', '.join(available)} or give an emissions file"
        )
    values = np.stack([ssp.scenario(s) for s in names])
    return _as_dataarray(values, names, int(ssp.years[0]), {"source": "accord.data SSPs"})
