"""The results folder of a batch: incremental part files, resume, consolidation.

Layout of ``OUT/``::

    batch.json          settings of the batch (members, baseline); a rerun must match
    .lock               held by the batch writing here (see :mod:`accord.batch.lock`)
    parts/part-*.parquet  headline rows of the chunks finished since the last write
    parts/part-*.nc       GSAT percentile series of their ok items
    parts/part-*.sum      SHA-256 of the part's .parquet and .nc, written last
    results.parquet     every item of the batch, one row each (consolidated)
    percentiles.nc      gsat_k (scenario, percentile, year) of the ok items
    failures.csv        name, source and error of each failed item

Every file is written under a temporary name and renamed into place, so a
killed batch leaves only whole files. A rerun reads the parts, skips the items
already done with an unchanged input fingerprint (``sha``) and retries the
failed ones. Parquet is written by fastparquet, netCDF (version 3) by scipy.

Nothing on disk is trusted blindly: a part whose files do not match their
checksums (or have none, or cannot be read) is deleted with a one-line notice
(the ``accord.batch`` logger) and its items are run again; a ``batch.json``
that cannot be read is rewritten with the current settings, also with a
notice. A folder is written by one batch at a time
(:class:`~accord.batch.lock.FolderLock`).
"""

from __future__ import annotations

import hashlib
import json
import logging
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
from accord.batch.lock import FolderLock
from accord.io_atomic import write_atomic

__all__ = ["ResultStore", "read_results"]

#: columns every row has, before the headline numbers
KEY_COLUMNS = ("scenario", "sha", "status", "error", "seconds")
_LOG = logging.getLogger("accord.batch")


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        self.out.mkdir(exist_ok=True)
        self.lock = FolderLock(self.out, "--out").acquire()  # before anything is written
        self.parts = self.out / "parts"
        self.parts.mkdir(exist_ok=True)
        meta = self.out / "batch.json"
        old = None
        if meta.exists():
            try:
                old = json.loads(meta.read_text(encoding="utf-8"))
                if not isinstance(old, dict):
                    raise ValueError("not an object")
            except (OSError, ValueError) as exc:
                _LOG.warning("note: %s is damaged (%s); writing it again with the current "
                             "settings (every result is checked against its own fingerprint)",
                             meta, type(exc).__name__)
                old = None
        if old is not None and old != settings:
            self.lock.release()
            raise BatchInputError(
                f"--out = {str(out)!r} holds results made with {old}, not {settings}; "
                "fix: use a new --out folder (or the same settings to resume)")
        if old is None:
            write_atomic(meta, lambda p: p.write_text(json.dumps(settings, indent=1)))

    def close(self) -> None:
        """Release the folder for other batches."""
        self.lock.release()

    # ----------------------------------------------------------------- reading

    def rows(self) -> pd.DataFrame:
        """Every row of every sound part file, oldest part first (damaged parts deleted)."""
        files = sorted(self.parts.glob("part-*.parquet"), key=lambda p: p.stat().st_mtime_ns)
        frames, damaged = [], []
        for f in files:
            why = self._damage(f)
            if why is None:
                try:
                    frame = _read_parquet(f)
                    if not set(KEY_COLUMNS) <= set(frame.columns):
                        raise ValueError("columns missing")
                except Exception as exc:  # any unreadable file is one more damaged part
                    why = f"cannot be read ({type(exc).__name__})"
            if why is None:
                frames.append(frame.assign(_part=f.stem))
            else:
                damaged.append((f, why))
        if damaged:
            self._discard(damaged)
        if not frames:
            return pd.DataFrame(columns=[*KEY_COLUMNS, "_part"])
        return pd.concat(frames, ignore_index=True)

    def _damage(self, parquet: Path) -> str | None:
        """Why a part cannot be trusted (None: its files match their checksums)."""
        try:
            sums = json.loads(parquet.with_suffix(".sum").read_text(encoding="utf-8"))
            expected_parquet, expected_nc = sums["parquet"], sums["nc"]
        except (OSError, ValueError, KeyError, TypeError):
            return "it has no checksum (an interrupted write or an older accord)"
        if _file_sha(parquet) != expected_parquet:
            return "its .parquet does not match its checksum"
        nc = parquet.with_suffix(".nc")
        if expected_nc is not None and (not nc.is_file() or _file_sha(nc) != expected_nc):
            return "its .nc is missing or does not match its checksum"
        return None

    def _discard(self, damaged: list[tuple[Path, str]]) -> None:
        first, why = damaged[0]
        more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
        _LOG.warning("note: batch part %s%s cannot be trusted (%s); deleted, its scenarios "
                     "are run again", first, more, why)
        for parquet, _ in damaged:
            for suffix in (".sum", ".parquet", ".nc"):
                parquet.with_suffix(suffix).unlink(missing_ok=True)

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
        nc = self.parts / f"{stem}.nc"
        sums = {"parquet": _file_sha(path), "nc": _file_sha(nc) if series is not None else None}
        write_atomic(self.parts / f"{stem}.sum", lambda p: p.write_text(json.dumps(sums)))
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
