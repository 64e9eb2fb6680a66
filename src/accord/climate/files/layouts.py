"""Emissions file layouts: FaIR's ``fill_from_csv`` and IAMC (wide or long) headers.

Parses a raw table into metadata (scenario, region, variable, unit) and a
year-sorted float block of values; :mod:`accord.climate.files.reader` then reads
the rows. Header faults are refused here, before any value is allocated: an
unknown layout, a year column outside ``YEAR_RANGE`` (so ``99999999.5`` cannot ask
for gigabytes), and a column (year or not) that appears twice.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from accord.errors import AccordInputError

__all__ = [
    "FAIR_META",
    "IAMC_META",
    "YEAR_RANGE",
    "EmissionsFileError",
    "Table",
    "check_header",
    "is_number",
    "parse_table",
]

FAIR_META = ("scenario", "region", "variable", "unit")
IAMC_META = ("model", "scenario", "region", "variable", "unit")
#: calendar years a value column may name: the calibration's history starts in 1750 and
#: FaIR's extended emissions end in 2500
YEAR_RANGE = (1750, 2500)


class EmissionsFileError(AccordInputError):
    """An emissions file or frame that cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Table:
    """Rows of one layout after header parsing.

    Attributes
    ----------
    layout : {"fair", "iamc"}
    meta : DataFrame
        Columns model (IAMC only, else empty), scenario, region, variable, unit
        (strings, stripped), one row per line.
    years : ndarray of int, shape (n_columns,)
        Calendar year of each value column (sorted ascending).
    values : ndarray of float, shape (n_rows, n_columns)
        The numbers, NaN where a cell is blank or not a number.
    bad : ndarray of bool, shape (n_rows, n_columns)
        Cells that are not blank but not a number either.
    text : dict of int to ndarray
        The cells as written of the value columns that are not all numbers (by column
        position), for messages; numeric columns are not kept twice.
    """

    layout: str
    meta: pd.DataFrame
    years: np.ndarray
    values: np.ndarray
    bad: np.ndarray
    text: dict[int, np.ndarray]

    def cell(self, row: int, column: int) -> object:
        """A value cell as written in the file."""
        if column in self.text:
            return self.text[column][row]
        return self.values[row, column]

    def bad_cell(self, row: int) -> int | None:
        """Column of the first non-numeric cell of a row, or None."""
        if self.bad[row].any():
            return int(np.flatnonzero(self.bad[row])[0])
        return None


def _year_of_column(name: object, layout: str, source: str) -> int:
    """Calendar year of one value column (``'2015'`` IAMC, ``'2015.5'`` FaIR)."""
    text = str(name).strip()
    value = float(text)
    lo, hi = YEAR_RANGE
    if value < 0:
        raise EmissionsFileError(
            f"{source}: year column {text!r} is negative; fix: year columns are calendar "
            "years (e.g. 2015 in IAMC layout, 2015.5 in FaIR layout)"
        )
    if not lo <= value < hi + 1:
        raise EmissionsFileError(
            f"{source}: year column {text!r} is out of range: give calendar years "
            f"{lo}..{hi}; fix: correct or drop that column"
        )
    if layout == "fair" and value - np.floor(value) != 0.5:
        raise EmissionsFileError(
            f"{source}: FaIR-layout year column {text!r} is not a mid-year time point; "
            "fix: use 1750.5, 1751.5, ... (or add a 'model' column for the IAMC layout with "
            "whole years)"
        )
    if layout == "iamc" and value != np.floor(value):
        raise EmissionsFileError(
            f"{source}: IAMC-layout year column {text!r} is not a whole year; fix: use 2015, "
            "2020, ... (mid-year columns like 2015.5 belong to the FaIR layout, which has "
            "no 'model' column)"
        )
    return int(np.floor(value))


_NUMBER = re.compile(r"^[+-]?\d+(\.\d*)?$")


def is_number(name: object) -> bool:
    """True when a column name is a decimal number (a year column)."""
    return _NUMBER.match(str(name).strip()) is not None


def _column_key(name: object) -> str:
    """What makes two header cells the same column (a year's value, or the lower name)."""
    text = str(name).strip()
    return f"year {float(text):g}" if is_number(text) else text.lower()


def _check_unique(columns: Sequence[object], source: str) -> None:
    """Refuse a header that names a column twice (``2050`` and ``2050.0`` too)."""
    seen: dict[str, str] = {}
    for column in columns:
        key = _column_key(column)
        if key in seen:
            what = "a year column appears twice" if key.startswith("year") else "a column " \
                "appears twice"
            raise EmissionsFileError(
                f"{source}: {what}: {seen[key]!r} and {str(column).strip()!r}; fix: keep one "
                "column per year and per field (the second is not silently dropped)"
            )
        seen[key] = str(column).strip()


def check_header(path: Path, source: str) -> list[str]:
    """The header of a CSV file, checked for repeated columns before pandas renames them.

    Raises
    ------
    EmissionsFileError
        The file is empty, or a column appears twice.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), None)
    if not header or not any(cell.strip() for cell in header):
        raise EmissionsFileError(
            f"{source}: cannot be read as CSV: the file is empty; fix: give a header row "
            f"({', '.join(IAMC_META)}, 2015, 2020, ...) and one row per variable"
        )
    _check_unique(header, source)
    return header


def _detect_layout(columns: Sequence[object], source: str) -> str:
    """``'fair'`` or ``'iamc'`` from the (non-year) column names."""
    names = {str(c).strip().lower() for c in columns if not is_number(c)}
    if set(IAMC_META) <= names:
        return "iamc"
    if set(FAIR_META) <= names:
        return "fair"
    raise EmissionsFileError(
        f"{source}: unknown layout: columns {sorted(names)} match neither the FaIR layout "
        f"({', '.join(FAIR_META)}, 1750.5, 1751.5, ...) nor the IAMC layout "
        f"({', '.join(IAMC_META)}, 2015, 2020, ...); fix: rename the header"
    )


def _is_long(columns: Sequence[object]) -> bool:
    """True for the IAMC long layout (``year`` and ``value`` columns, no year columns)."""
    names = {str(c).strip().lower() for c in columns}
    return {*IAMC_META, "year", "value"} <= names and not any(is_number(c) for c in columns)


def _long_to_wide(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """Pivot an IAMC long frame to the wide layout (one column per year)."""
    by_lower = {str(c).strip().lower(): c for c in df.columns}
    keys = [by_lower[k] for k in IAMC_META]
    years = pd.to_numeric(df[by_lower["year"]], errors="coerce")
    if years.isna().any() or (years != np.floor(years)).any():
        bad = df[by_lower["year"]][years.isna() | (years != np.floor(years))].iloc[0]
        raise EmissionsFileError(
            f"{source}: year {bad!r} in the 'year' column is not a whole year; fix: write "
            "calendar years such as 2030"
        )
    lo, hi = YEAR_RANGE
    outside = (years < lo) | (years > hi)
    if outside.any():
        raise EmissionsFileError(
            f"{source}: year {years[outside].iloc[0]:g} in the 'year' column is out of "
            f"range: allowed {lo}..{hi}; fix: correct the year"
        )
    long = df[keys].astype(str).apply(lambda col: col.str.strip())
    long["year"] = years.astype(int)
    long["value"] = df[by_lower["value"]]
    duplicated = long.duplicated(subset=[*keys, "year"])
    if duplicated.any():
        row = long[duplicated].iloc[0]
        raise EmissionsFileError(
            f"{source}: duplicate rows for scenario {row[keys[1]]!r}, region "
            f"{row[keys[2]]!r}, variable {row[keys[3]]!r}, year {row['year']}; fix: keep one"
        )
    wide = long.pivot(index=keys, columns="year", values="value").reset_index()
    wide.columns = [str(c) for c in wide.columns]
    # back to the file's order of scenarios (the pivot sorts them)
    order = {name: i for i, name in enumerate(pd.unique(long[keys[1]]))}
    rank = wide[str(keys[1])].map(order)
    return wide.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)


def _numeric(df: pd.DataFrame, columns: Sequence[object]
             ) -> tuple[np.ndarray, np.ndarray, dict[int, np.ndarray]]:
    """The value block as floats (NaN for blanks and non-numbers), column by column.

    Returns the values, the mask of non-blank non-numbers, and the text of the columns
    that hold anything but numbers.
    """
    values = np.empty((df.shape[0], len(columns)), dtype=float)
    bad = np.zeros(values.shape, dtype=bool)
    text: dict[int, np.ndarray] = {}
    for j, name in enumerate(columns):
        column = df[name]
        if column.dtype.kind in "fiu":
            values[:, j] = column.to_numpy(dtype=float)
            continue
        values[:, j] = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        bad[:, j] = np.isnan(values[:, j]) & column.notna().to_numpy()
        text[j] = column.to_numpy(dtype=object)
    return values, bad, text


def parse_table(df: pd.DataFrame, source: str) -> Table:
    """Split a raw frame into metadata and year-sorted value columns."""
    _check_unique(list(df.columns), source)
    if _is_long(list(df.columns)):
        df = _long_to_wide(df, source)
    layout = _detect_layout(list(df.columns), source)
    by_lower = {str(c).strip().lower(): c for c in df.columns if not is_number(c)}
    meta = pd.DataFrame({key: df[by_lower[key]].astype(str).str.strip() for key in FAIR_META})
    meta["model"] = df[by_lower["model"]].astype(str).str.strip() if layout == "iamc" else ""
    value_columns = [c for c in df.columns if is_number(c)]
    if not value_columns:
        raise EmissionsFileError(f"{source}: no year columns found; fix: add columns of years")
    years = np.array([_year_of_column(c, layout, source) for c in value_columns])
    if len(set(years.tolist())) != len(years):
        raise EmissionsFileError(f"{source}: a year column appears twice; fix: keep one per year")
    if df.shape[0] == 0:
        raise EmissionsFileError(
            f"{source}: the header has no data rows below it; fix: add one row per "
            "scenario, region and variable"
        )
    order = np.argsort(years, kind="stable")
    values, bad, text = _numeric(df, [value_columns[i] for i in order])
    return Table(layout, meta.reset_index(drop=True), years[order], values, bad, text)
