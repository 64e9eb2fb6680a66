"""Tables of ``accord climate``: percentile and member files, and the summary table.

The percentiles are :data:`accord.assessment.metrics.FAN_PERCENTILES` (numpy's linear
interpolation); files are written through :mod:`accord.io_atomic`, formatted by numpy
(several times faster than ``DataFrame.to_csv`` for the 841 x 351 member table).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from accord.assessment import metrics
from accord.io_atomic import atomic_text

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

__all__ = ["ensemble_paths", "gsat_by_scenario", "member_frame", "peak_k", "percentile_frame",
           "summary_table", "write_frame"]

#: years shown in the summary table (those within the run)
SUMMARY_YEARS = (2023, 2050, 2100)


def gsat_by_scenario(dataset: xr.Dataset) -> xr.DataArray:
    """GSAT anomaly (K) from a kernel result, dims (scenario, member, year)."""
    return dataset["gsat_k"].transpose("scenario", "member", "year")


def percentile_frame(gsat_k: xr.DataArray) -> pd.DataFrame:
    """Percentiles across members, one row per (scenario, year).

    Parameters
    ----------
    gsat_k : DataArray, dims (scenario, member, year)
        GSAT anomaly vs 1850-1900, K.

    Returns
    -------
    DataFrame
        Columns scenario, year, p05, p17, p50, p83, p95 (K), numpy's linear percentiles.
    """
    import pandas as pd

    values = gsat_k.transpose("scenario", "member", "year").values
    pct = metrics.fan_percentiles(values, axis=1)  # (percentile, scenario, year)
    scenarios = [str(s) for s in gsat_k.scenario.values]
    years = gsat_k.year.values.astype(int)
    frame = pd.DataFrame(
        {
            "scenario": np.repeat(scenarios, years.size),
            "year": np.tile(years, len(scenarios)),
        }
    )
    for name, column in zip(metrics.FAN_NAMES, pct, strict=True):
        frame[name] = column.reshape(-1)
    return frame


def member_frame(gsat_k: xr.DataArray) -> pd.DataFrame:
    """One scenario's members as rows: column ``config`` then one column per year.

    Parameters
    ----------
    gsat_k : DataArray, dims (member, year)
        GSAT anomaly vs 1850-1900, K; ``member`` holds the calibration config ids.
    """
    import pandas as pd

    values = gsat_k.transpose("member", "year").values
    frame = pd.DataFrame(values, columns=[str(int(y)) for y in gsat_k.year.values])
    frame.insert(0, "config", gsat_k.member.values.astype(int))
    return frame


def ensemble_paths(path: Path, scenarios: Sequence[str]) -> dict[str, Path]:
    """File per scenario for ``--ensemble-out``.

    With one scenario the path is used as given. With several, the scenario name is
    inserted before the suffix: ``members.csv.gz`` -> ``members_ssp245.csv.gz``
    (characters other than letters, digits, ``.``, ``_`` and ``-`` become ``_``).
    """
    if len(scenarios) == 1:
        return {scenarios[0]: path}
    name = path.name
    stem, suffix = (name[:-7], ".csv.gz") if name.endswith(".csv.gz") else (path.stem, path.suffix)
    out = {}
    for scenario in scenarios:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", scenario)
        out[scenario] = path.with_name(f"{stem}_{safe}{suffix}")
    return out


def _csv_field(value: object) -> str:
    """One CSV text field, quoted when it holds a comma, quote or line break."""
    text = str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_frame(frame: pd.DataFrame, path: Path, decimals: int) -> None:
    """Write ``frame`` as CSV (no index, floats with ``decimals`` decimals) atomically.

    Formatting goes through numpy (several times faster than ``DataFrame.to_csv`` for
    the 841 x 351 member table); text columns are quoted as CSV requires.
    """
    formats = []
    columns = {}
    for name in frame.columns:
        kind = frame[name].dtype.kind
        if kind == "f":
            formats.append(f"%.{decimals}f")
            columns[name] = frame[name]
        elif kind in "iu":
            formats.append("%d")
            columns[name] = frame[name]
        else:
            formats.append("%s")
            columns[name] = frame[name].map(_csv_field)
    import pandas as pd

    rows = pd.DataFrame(columns).to_numpy(dtype=object)
    with atomic_text(path) as handle:
        handle.write(",".join(_csv_field(c) for c in frame.columns) + "\n")
        np.savetxt(handle, rows, fmt=formats, delimiter=",", newline="\n")


# ------------------------------------------------------------------------- summary


def _median_range(values: np.ndarray) -> str:
    """``'median'`` over ``'(p5–p95)'`` of member values, K (two lines)."""
    p05, p50, p95 = np.percentile(values, (5, 50, 95))
    return f"{p50:.2f}\n({p05:.2f}–{p95:.2f})"


def peak_k(gsat_k: xr.DataArray) -> np.ndarray:
    """Peak warming per member, K: the maximum annual value from 2000 (or the whole run).

    Parameters
    ----------
    gsat_k : DataArray, dims (member, year)

    Returns
    -------
    ndarray, shape (member,)
    """
    members = gsat_k.transpose("member", "year")
    years = members.year.values
    if years[-1] < metrics.PEAK_FROM_YEAR:  # a run that ends before the peak window: whole run
        return members.values.max(axis=1)
    return metrics.peak_k(members.values, years)


def summary_table(gsat_k: xr.DataArray) -> object:
    """A rich table: per scenario, median (5-95 %) at the summary years and the peak."""
    from accord.interfaces.console import new_table

    years = [y for y in SUMMARY_YEARS if y in set(gsat_k.year.values.tolist())]
    table = new_table("Warming vs 1850-1900, K: median (5–95 %)", "scenario")
    for year in years:
        table.add_column(str(year), justify="right")
    peak_years = gsat_k.year.values[gsat_k.year.values >= metrics.PEAK_FROM_YEAR]
    first = int(peak_years[0]) if peak_years.size else int(gsat_k.year.values[0])
    table.add_column(f"peak {first}–{int(gsat_k.year.values[-1])}", justify="right")
    for scenario in gsat_k.scenario.values:
        one = gsat_k.sel(scenario=scenario)
        cells = [_median_range(one.sel(year=y).values) for y in years]
        table.add_row(str(scenario), *cells, _median_range(peak_k(one)))
    return table
