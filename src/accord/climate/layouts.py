"""Emissions file layouts: FaIR's ``fill_from_csv`` and IAMC (wide or long) headers.

Parses a raw table into metadata (scenario, region, variable, unit) and
year-sorted value columns; :mod:`accord.climate.emissions_io` then reads the rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from accord.errors import AccordInputError

__all__ = ["FAIR_META", "IAMC_META", "EmissionsFileError", "Table", "parse_table"]

FAIR_META = ("scenario", "region", "variable", "unit")
IAMC_META = ("model", "scenario", "region", "variable", "unit")


class EmissionsFileError(AccordInputError):
    """An emissions file or frame that cannot be read; the message says how to fix it."""


@dataclass(frozen=True)
class Table:
    """Rows of one layout after header parsing.

    Attributes
    ----------
    layout : {"fair", "iamc"}
    meta : DataFrame
        Columns scenario, region, variable, unit (strings, stripped), one row per line.
    years : ndarray of int, shape (n_columns,)
        Calendar year of each value column (sorted ascending).
    raw : DataFrame
        The value columns as given, in the order of ``years``.
    """

    layout: str
    meta: pd.DataFrame
    years: np.ndarray
    raw: pd.DataFrame


def _year_of_column(name: object, layout: str, source: str) -> int:
    """Calendar year of one value column (``'2015'`` IAMC, ``'2015.5'`` FaIR)."""
    text = str(name).strip()
    value = float(text)
    if value < 0:
        raise EmissionsFileError(
            f"{source}: year column {text!r} is negative; year columns must be calendar "
            "years (e.g. 2015 in IAMC layout, 2015.5 in FaIR layout)"
        )
    if layout == "fair" and value - np.floor(value) != 0.5:
        raise EmissionsFileError(
            f"{source}: FaIR-layout year column {text!r} is not a mid-year time point; "
            "use 1750.5, 1751.5, ... (or add a 'model' column for the IAMC layout with "
            "whole years)"
        )
    if layout == "iamc" and value != np.floor(value):
        raise EmissionsFileError(
            f"{source}: IAMC-layout year column {text!r} is not a whole year; use 2015, "
            "2020, ... (mid-year columns like 2015.5 belong to the FaIR layout, which has "
            "no 'model' column)"
        )
    return int(np.floor(value))


_NUMBER = re.compile(r"^[+-]?\d+(\.\d*)?$")


def _is_number(name: object) -> bool:
    """True when a column name is a decimal number (a year column)."""
    return _NUMBER.match(str(name).strip()) is not None


def _detect_layout(columns: Sequence[object], source: str) -> str:
    """``'fair'`` or ``'iamc'`` from the (non-year) column names."""
    names = {str(c).strip().lower() for c in columns if not _is_number(c)}
    if set(IAMC_META) <= names:
        return "iamc"
    if set(FAIR_META) <= names:
        return "fair"
    raise EmissionsFileError(
        f"{source}: unknown layout: columns {sorted(names)} match neither the FaIR layout "
        f"({', '.join(FAIR_META)}, 1750.5, 1751.5, ...) nor the IAMC layout "
        f"({', '.join(IAMC_META)}, 2015, 2020, ...); rename the header"
    )


def _is_long(columns: Sequence[object]) -> bool:
    """True for the IAMC long layout (``year`` and ``value`` columns, no year columns)."""
    names = {str(c).strip().lower() for c in columns}
    return {*IAMC_META, "year", "value"} <= names and not any(_is_number(c) for c in columns)


def _long_to_wide(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """Pivot an IAMC long frame to the wide layout (one column per year)."""
    by_lower = {str(c).strip().lower(): c for c in df.columns}
    keys = [by_lower[k] for k in IAMC_META]
    years = pd.to_numeric(df[by_lower["year"]], errors="coerce")
    if years.isna().any() or (years != np.floor(years)).any():
        bad = df[by_lower["year"]][years.isna() | (years != np.floor(years))].iloc[0]
        raise EmissionsFileError(
            f"{source}: year {bad!r} in the 'year' column is not a whole year; write "
            "calendar years such as 2030"
        )
    long = df[keys].astype(str).apply(lambda col: col.str.strip())
    long["year"] = years.astype(int)
    long["value"] = df[by_lower["value"]]
    duplicated = long.duplicated(subset=[*keys, "year"])
    if duplicated.any():
        row = long[duplicated].iloc[0]
        raise EmissionsFileError(
            f"{source}: duplicate rows for scenario {row[keys[1]]!r}, region "
            f"{row[keys[2]]!r}, variable {row[keys[3]]!r}, year {row['year']}; keep one"
        )
    wide = long.pivot(index=keys, columns="year", values="value").reset_index()
    wide.columns = [str(c) for c in wide.columns]
    return wide


def parse_table(df: pd.DataFrame, source: str) -> Table:
    """Split a raw frame into metadata and year-sorted value columns."""
    if _is_long(list(df.columns)):
        df = _long_to_wide(df, source)
    layout = _detect_layout(list(df.columns), source)
    by_lower = {str(c).strip().lower(): c for c in df.columns if not _is_number(c)}
    meta = pd.DataFrame({key: df[by_lower[key]].astype(str).str.strip() for key in FAIR_META})
    value_columns = [c for c in df.columns if _is_number(c)]
    if not value_columns:
        raise EmissionsFileError(f"{source}: no year columns found; add columns of years")
    years = np.array([_year_of_column(c, layout, source) for c in value_columns])
    if len(set(years.tolist())) != len(years):
        raise EmissionsFileError(f"{source}: a year column appears twice; keep one per year")
    order = np.argsort(years, kind="stable")
    raw = df[[value_columns[i] for i in order]].reset_index(drop=True)
    return Table(layout, meta.reset_index(drop=True), years[order], raw)

