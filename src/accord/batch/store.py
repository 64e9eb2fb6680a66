"""The results folder of a batch: incremental part files, resume, consolidation.

Layout of ``OUT/``::

    batch.json          settings of the batch (members, baseline); a rerun must match
    parts/part-*.parquet  headline rows of the chunks finished since the last write
    parts/part-*.nc       GSAT percentile series of their ok items
    results.parquet     every item of the batch, one row each (consolidated)
    percentiles.nc      gsat_k (scenario, percentile, year) of the ok items
    failures.csv        name, source and error of each failed item

Every file is written under a temporary name and renamed into place, so a
killed batch leaves only whole files. A rerun reads the parts, skips the items
already done with an unchanged input fingerprint (``sha``) and retries the
failed ones. Parquet is written by fastparquet, netCDF (version 3) by scipy.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from accord.batch.errors import BatchInputError
from accord.batch.evaluate import PERCENTILES, Outcome
from accord.io_atomic import write_atomic

__all__ = ["ResultStore", "read_results"]

#: columns every row has, before the headline numbers
KEY_COLUMNS = ("scenario", "sha", "status", "error", "seconds")


def _read_parquet(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():  # pandas announces fastparquet's deprecation
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        return pd.read_parquet(path, engine="fastparquet")


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        frame.to_parquet(path, engine="fastparquet", index=False)


def _frame(outcomes: Sequence[Outcome]) -> pd.DataFrame:
    rows = []
    for o in outcomes:
        row: dict[str, object] = {"scenario": o.name, "sha": o.sha,
                                  "status": "ok" if o.ok else "failed",
                                  "error": o.error or "", "seconds": o.seconds}
        row.update(o.row)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: "" if v is None or (
                isinstance(v, float) and np.isnan(v)) else str(v))
    return frame


def _series(outcomes: Sequence[Outcome]) -> xr.Dataset | None:
    ok = [o for o in outcomes if o.ok]
    if not ok:
        return None
    years = ok[0].years
    if any(not np.array_equal(o.years, years) for o in ok):
        # scenarios of different lengths: align on the union of years (NaN elsewhere)
        years = np.unique(np.concatenate([o.years for o in ok]))
    data = np.full((len(ok), len(PERCENTILES), len(years)), np.nan)
    for i, o in enumerate(ok):
        data[i][:, np.searchsorted(years, o.years)] = o.series_k
    return xr.Dataset(
        {"gsat_k": (("scenario", "percentile", "year"), data,
                    {"units": "K", "long_name": "GSAT anomaly vs 1850-1900, percentiles "
                     "over ensemble members"})},
        coords={"scenario": [o.name for o in ok], "percentile": np.array(PERCENTILES),
                "year": years.astype(np.int32)})


class ResultStore:
    """An ``OUT/`` folder of batch results (see the module docstring).

    Parameters
    ----------
    out : path
        The folder (created if missing; its parent must exist).
    settings : dict
        What the results depend on besides each item (members, baseline);
        stored in ``batch.json``. A folder holding other settings is refused.
    """

    def __init__(self, out: str | os.PathLike[str], settings: dict[str, Any]) -> None:
        self.out = Path(out)
        if not self.out.parent.exists():
            raise BatchInputError(f"--out = {str(out)!r}: its parent folder does not exist; "
                                  "fix: create it or write elsewhere")
        if self.out.exists() and not self.out.is_dir():
            raise BatchInputError(f"--out = {str(out)!r} is a file; fix: give a folder")
        self.parts = self.out / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        meta = self.out / "batch.json"
        if meta.exists():
            old = json.loads(meta.read_text())
            if old != settings:
                raise BatchInputError(
                    f"--out = {str(out)!r} holds results made with {old}, not {settings}; "
                    "fix: use a new --out folder (or the same settings to resume)")
        else:
            write_atomic(meta, lambda p: p.write_text(json.dumps(settings, indent=1)))

    # ----------------------------------------------------------------- reading

    def rows(self) -> pd.DataFrame:
        """Every row of every part file, oldest part first."""
        files = sorted(self.parts.glob("part-*.parquet"), key=lambda p: p.stat().st_mtime_ns)
        if not files:
            return pd.DataFrame(columns=list(KEY_COLUMNS))
        frames = [_read_parquet(f).assign(_part=f.stem) for f in files]
        return pd.concat(frames, ignore_index=True)

    def done(self) -> set[tuple[str, str]]:
        """``(name, sha)`` of the items finished successfully."""
        rows = self.rows()
        ok = rows[rows["status"] == "ok"]
        return set(zip(ok["scenario"].astype(str), ok["sha"].astype(str), strict=True))

    # ----------------------------------------------------------------- writing

    def write_part(self, outcomes: Sequence[Outcome]) -> Path:
        """Write one finished chunk (parquet rows, then netCDF series)."""
        key = hashlib.sha256("\0".join(f"{o.name}/{o.sha}" for o in outcomes).encode())
        key.update(str(os.getpid()).encode() + str(len(list(self.parts.iterdir()))).encode())
        stem = f"part-{key.hexdigest()[:16]}"
        series = _series(outcomes)
        if series is not None:  # the series first: a part's rows mean its series exist
            write_atomic(self.parts / f"{stem}.nc",
                    lambda p: series.to_netcdf(p, engine="scipy"))
        path = self.parts / f"{stem}.parquet"
        frame = _frame(outcomes)
        write_atomic(path, lambda p: _write_parquet(frame, p))
        return path

    def consolidate(self, names: Sequence[str], shas: Sequence[str]) -> pd.DataFrame:
        """Write ``results.parquet``, ``percentiles.nc`` and ``failures.csv`` for a batch.

        Each item is taken from its newest ok row with the current fingerprint
        (else its newest failed row). Returns the consolidated table, in the
        order of ``names``.
        """
        rows = self.rows()
        want = pd.DataFrame({"scenario": list(names), "sha": list(shas)})
        rows = rows.merge(want, on=["scenario", "sha"], how="inner")
        rows["_rank"] = (rows["status"] == "ok").astype(int)
        rows = rows.reset_index().sort_values(["_rank", "index"]).drop_duplicates(
            "scenario", keep="last")
        order = {n: i for i, n in enumerate(names)}
        rows = rows.sort_values("scenario", key=lambda s: s.map(order))
        parts = rows.loc[rows["status"] == "ok", ["scenario", "_part"]]
        table = rows.drop(columns=["_rank", "index", "_part"]).reset_index(drop=True)
        write_atomic(self.out / "results.parquet",
                lambda p: _write_parquet(table, p))
        failed = table.loc[table["status"] != "ok", ["scenario", "error"]]
        write_atomic(self.out / "failures.csv", lambda p: failed.to_csv(p, index=False))
        self._consolidate_series(parts)
        return table

    def _consolidate_series(self, parts: pd.DataFrame) -> None:
        pieces = []
        for stem, names in parts.groupby("_part", sort=False)["scenario"]:
            with xr.open_dataset(self.parts / f"{stem}.nc", engine="scipy") as ds:
                piece = ds.sel(scenario=list(names)).load()
            for var in piece.variables.values():
                var.encoding = {}  # the char width is set anew for the merged names
            pieces.append(piece)
        if not pieces:
            return
        merged = xr.concat(pieces, dim="scenario", join="outer")
        merged = merged.sel(scenario=list(parts["scenario"]))
        write_atomic(self.out / "percentiles.nc", lambda p: merged.to_netcdf(p, engine="scipy"))


def read_results(out: str | Path) -> pd.DataFrame:
    """The consolidated table ``OUT/results.parquet`` of a batch."""
    return _read_parquet(Path(out) / "results.parquet")
