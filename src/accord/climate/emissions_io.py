"""Read world emissions files into the kernel's ``(scenario, year, specie)`` array.

This is the public face of the emissions-file edge (:mod:`accord.climate.files`).
Two CSV layouts are understood, told apart by their header (column names are
case-insensitive):

* **FaIR** (``fill_from_csv``): ``scenario, region, variable, unit`` then mid-year
  columns ``1750.5, 1751.5, ...``; variables are FaIR's species names (``CO2 FFI``,
  ``CH4``, ``HFC-134a`` ...), as in the calibration's ``ssps_harmonized_1750-2499.csv``.
* **IAMC** (wide): ``model, scenario, region, variable, unit`` then whole-year
  columns ``2015, 2020, ...``; variables carry AR6 or RCMIP names
  (``Emissions|CO2|Energy and Industrial Processes``, ``Emissions|CFC11``,
  ``Emissions|Montreal Gases|CFC|CFC11`` ...), listed in ``accord/data/iamc_variables.csv``.
  Files of the IPCC AR6 scenario database are read as downloaded: the
  ``AR6 climate diagnostics|Infilled|`` prefix is recognised (or give
  ``variable_prefix``), blank leading year columns are ignored and 5- or 10-yearly
  values are interpolated linearly to annual. The IAMC *long* layout
  (``model, scenario, region, variable, unit, year, value``) is read too.

Other non-year columns and variables that are not one of the 51 emitted species
(aggregates such as ``Emissions|CO2`` or ``Emissions|Kyoto Gases``) are ignored;
only rows of region ``World`` are used. The value in the column of year ``Y`` (or
``Y.5``) is the flow during calendar year ``Y``. A scenario lacking species is
harmonised to the history and infilled (with an :class:`EmissionsInfilledWarning`),
or refused with ``infill=False``. Values outside the plausibility bounds of
``accord/data/emissions_bounds.csv``, repeated columns and repeated rows are errors.

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

import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from accord.climate.files.layouts import (
    EmissionsFileError,
    check_header,
    is_number,
    parse_table,
)
from accord.climate.files.reader import EmissionsSource, as_dataarray, select_scenarios
from accord.climate.units import conversion_factor
from accord.data import iamc_variables, ssp_emissions

__all__ = [
    "EmissionsFileError",
    "EmissionsInfilledWarning",
    "conversion_factor",
    "count_scenarios",
    "emissions_from_frame",
    "iamc_variable_table",
    "load_emissions",
    "open_emissions",
    "ssp_emissions_array",
]


class EmissionsInfilledWarning(UserWarning):
    """A scenario was harmonised and infilled; the message lists what was done."""


@cache
def iamc_variable_table() -> dict[str, str]:
    """IAMC variable name -> FaIR species (``accord.data.iamc_variables``)."""
    return {row["variable"].strip(): row["species"] for row in iamc_variables()}


def _read(source: EmissionsSource, scenarios: Iterable[str] | None) -> xr.DataArray:
    names = select_scenarios(source.scenarios, scenarios, source.source)
    da, notes = source.read(names)
    for note in notes:
        warnings.warn(f"{source.source}: {note}", EmissionsInfilledWarning, stacklevel=3)
    return da


def emissions_from_frame(
    df: pd.DataFrame,
    scenarios: Iterable[str] | None = None,
    *,
    history: str | None = "ssp245",
    source: str = "emissions frame",
    variable_prefix: str | None = None,
    infill: bool = True,
) -> xr.DataArray:
    """World emissions per species from a FaIR- or IAMC-layout frame.

    Parameters
    ----------
    df : DataFrame
        One row per (scenario, region, variable), the layout of ``load_emissions``.
    scenarios : iterable of str, optional
        Scenarios to read, in this order; default every scenario in ``df``.
    history : str or None, default ``"ssp245"``
        Where a scenario starts after 1750, the earlier years are taken from this shipped
        SSP (``accord.data.ssp_emissions()``; the eight share the harmonised history to
        2022). Values are joined as they are. ``None`` makes a start after 1750 an error.
    source : str
        Name used in error messages.
    variable_prefix : str, optional
        Read only variables under this prefix (default: recognise the AR6 database's).
    infill : bool, default True
        Harmonise and infill a scenario lacking species (warning), instead of refusing it.

    Returns
    -------
    DataArray, dims (scenario, year, specie), name ``"emissions"``
        ``year`` are calendar years from 1750 to the scenarios' last year, every year;
        ``specie`` the 51 emitted species in calibration order, with coordinate ``unit``
        (FaIR units, into which values are converted).

    Raises
    ------
    EmissionsFileError
        Unknown layout, scenario not found, no World rows, missing or duplicate species,
        rows or columns, an unconvertible unit, a non-numeric value or a gap too long to
        interpolate, a year column out of range, an implausible value.
    """
    return _read(EmissionsSource(parse_table(df, source), source, variable_prefix, infill,
                                 history), scenarios)


@contextmanager
def _reading(file: Path) -> Iterator[None]:
    """Check the file exists, and turn every way it cannot be read into a clear error."""
    try:
        file.stat()
    except FileNotFoundError:
        raise EmissionsFileError(
            f"emissions file {str(file)!r} does not exist; fix: check the path") from None
    except PermissionError:
        raise EmissionsFileError(
            f"emissions file {str(file)!r}: its folder cannot be entered (permission denied); "
            "fix: give yourself access to the folder (chmod u+rx) or copy the file elsewhere"
        ) from None
    if not file.is_file():
        raise EmissionsFileError(
            f"emissions file {str(file)!r} is not a file; fix: give a CSV file")
    try:
        yield
    except PermissionError:
        raise EmissionsFileError(
            f"{file}: cannot be read (permission denied); fix: give yourself read permission "
            "(chmod u+r) or copy the file somewhere readable"
        ) from None
    except UnicodeDecodeError as exc:
        raise EmissionsFileError(
            f"{file}: is not UTF-8 text (byte {exc.object[exc.start]:#04x} at position "
            f"{exc.start}); fix: save it as UTF-8 text (e.g. 'CSV UTF-8' in a spreadsheet)"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise EmissionsFileError(
            f"{file}: cannot be read as CSV ({str(exc).strip()}); fix: save it as "
            "comma-separated text with the same number of cells on every row"
        ) from None


def _read_csv(file: Path) -> pd.DataFrame:
    """The file as a frame (metadata columns as text), its header checked first."""
    with _reading(file):
        header = check_header(file, str(file))
        meta = {c: str for c in header if not is_number(c)}
        return pd.read_csv(file, skipinitialspace=True, dtype=meta)  # type: ignore[arg-type]
    raise AssertionError("unreachable")  # pragma: no cover - _reading re-raises


def open_emissions(
    path: str | PathLike[str],
    *,
    history: str | None = "ssp245",
    variable_prefix: str | None = None,
    infill: bool = True,
) -> EmissionsSource:
    """Parse a file once; read its scenarios later, in chunks (``source.read(names)``)."""
    file = Path(path)
    return EmissionsSource(parse_table(_read_csv(file), str(file)), str(file),
                           variable_prefix, infill, history)


def count_scenarios(path: str | PathLike[str], chunk_rows: int = 200_000) -> int:
    """Number of distinct scenario names in a CSV, reading only that column in chunks."""
    file = Path(path)
    names: set[str] = set()
    with _reading(file):
        header = check_header(file, str(file))
        column = next((c for c in header if c.strip().lower() == "scenario"), None)
        if column is None:
            return 0
        for chunk in pd.read_csv(file, usecols=[column], dtype=str, chunksize=chunk_rows):
            names.update(chunk[column].astype(str).str.strip())
    return len(names)


def load_emissions(
    path: str | PathLike[str],
    scenarios: Iterable[str] | None = None,
    *,
    history: str | None = "ssp245",
    variable_prefix: str | None = None,
    infill: bool = True,
) -> xr.DataArray:
    """World emissions per species from a CSV file in FaIR or IAMC layout.

    Parameters
    ----------
    path : path-like
        CSV file (see the module docstring for the layouts).
    scenarios, history, variable_prefix, infill
        As in ``emissions_from_frame``.

    Returns
    -------
    DataArray, dims (scenario, year, specie)
        See ``emissions_from_frame``.

    Raises
    ------
    EmissionsFileError
        The file is missing or unreadable, or its content is wrong (message says how).
    """
    return _read(open_emissions(path, history=history, variable_prefix=variable_prefix,
                                infill=infill), scenarios)


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
    return as_dataarray(values, names, int(ssp.years[0]), {"source": "accord.data SSPs"})
