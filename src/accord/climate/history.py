"""Warm start: the historical state, computed once and cached.

Policy scenarios share their history: the world's emissions up to 2023 are
those of the reference pathway. :func:`historical_state` integrates 1750-2023
once per (history emissions, members, variability, seed, data version) and
keeps the end state and the historical annual results in memory and on disk
(under the user's cache folder, or ``$ACCORD_CACHE_DIR``), so a policy run
integrates only 2024 onwards (:mod:`accord.climate.warm`).

Examples
--------
>>> from accord.climate import ssp_emissions_array
>>> state, past = historical_state(ssp_emissions_array(["ssp245"]), members=4)
>>> state.year, int(past.year[-1]), state.co2_boxes_gt.shape
(2023, 2023, (1, 4, 4))
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs
import xarray as xr

import accord
from accord.climate.api import run
from accord.climate.ensemble import prepare
from accord.climate.state import ClimateState
from accord.data import data_version
from accord.io_atomic import atomic_path

__all__ = ["HISTORY_END", "cache_dir", "historical_state"]

#: last historical year (emissions data to 2023; policy levers act from 2024/2025)
HISTORY_END = 2023
_MEMORY: OrderedDict[str, tuple[ClimateState, xr.Dataset]] = OrderedDict()
_MEMORY_SIZE = 4


def cache_dir() -> Path:
    """Folder of the on-disk history cache (``$ACCORD_CACHE_DIR`` or the user cache)."""
    env = os.environ.get("ACCORD_CACHE_DIR")
    base = Path(env) if env else Path(platformdirs.user_cache_dir("accord"))
    return base / "history"


def _key(history: np.ndarray, config_ids: np.ndarray, variability: bool,
         seed: int | None, end: int) -> str:
    h = hashlib.sha256()
    for part in (accord.__version__, data_version(), str(end), str(variability), str(seed)):
        h.update(part.encode() + b"\0")
    h.update(np.ascontiguousarray(config_ids, dtype=np.int64).tobytes())
    h.update(np.ascontiguousarray(history, dtype=np.float64).tobytes())
    return h.hexdigest()[:32]


def _save(path: Path, state: ClimateState, dataset: xr.Dataset) -> None:
    """Write state and dataset as one npz, atomically (temporary name, then rename)."""
    arrays: dict[str, Any] = {}
    for f in dataclasses.fields(state):
        value = getattr(state, f.name)
        arrays[f"state.{f.name}"] = np.asarray(-1 if value is None else value)
    for name, var in dataset.variables.items():
        arrays[f"ds.{name}"] = np.asarray(var.values)
        arrays[f"dims.{name}"] = np.array(var.dims, dtype=str)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, **arrays)


def _load(path: Path) -> tuple[ClimateState, xr.Dataset]:
    with np.load(path, allow_pickle=False) as npz:
        data = {k: npz[k] for k in npz.files}
    kwargs: dict[str, object] = {}
    for f in dataclasses.fields(ClimateState):
        value = data[f"state.{f.name}"]
        if f.name == "year":
            kwargs[f.name] = int(value)
        elif f.name == "scenarios":
            kwargs[f.name] = tuple(str(s) for s in value)
        elif f.name == "variability":
            kwargs[f.name] = bool(value)
        elif f.name == "seed":
            kwargs[f.name] = None if int(value) == -1 else int(value)
        else:
            kwargs[f.name] = value
    names = [k[3:] for k in data if k.startswith("ds.")]
    variables = {n: (tuple(str(d) for d in data[f"dims.{n}"]), data[f"ds.{n}"]) for n in names}
    coords = {n: v for n, v in variables.items() if v[0] == (n,)}
    ds = xr.Dataset({n: v for n, v in variables.items() if n not in coords}, coords=coords)
    return ClimateState(**kwargs), ds  # type: ignore[arg-type]


def historical_state(
    emissions: xr.DataArray,
    *,
    members: int | Sequence[int] | None = None,
    variability: bool = False,
    seed: int | None = None,
    end: int = HISTORY_END,
) -> tuple[ClimateState, xr.Dataset]:
    """The state at the end of ``end`` and the annual results 1750..``end``.

    Parameters
    ----------
    emissions : xarray.DataArray
        One scenario's (or several identical) emissions covering 1750..``end``;
        only those years are used.
    members, variability, seed
        As for :func:`accord.climate.run`.
    end : int
        Last historical year.

    Returns
    -------
    state : ClimateState
        One scenario, named after the first scenario of ``emissions``.
    dataset : xarray.Dataset
        The run's annual results for 1750..``end``.
    """
    with _LOCK:
        return _historical_state(emissions, members, variability, seed, end)


_LOCK = threading.RLock()


def _historical_state(emissions: xr.DataArray, members: int | Sequence[int] | None,
                      variability: bool, seed: int | None,
                      end: int) -> tuple[ClimateState, xr.Dataset]:
    first = emissions.isel(scenario=[0]).sel(year=slice(1750, end))
    values = first.transpose("scenario", "year", "specie").values
    config_ids = prepare(members).cal.config_ids
    key = _key(values, config_ids, variability, seed, end)
    if key in _MEMORY:
        _MEMORY.move_to_end(key)
        return _MEMORY[key]
    path = cache_dir() / f"{key}.npz"
    hit: tuple[ClimateState, xr.Dataset] | None = None
    if path.exists():
        try:
            hit = _load(path)
        except (OSError, ValueError, KeyError):
            hit = None  # a damaged cache file is recomputed and rewritten
    if hit is None:
        result = run(first, members=members, end=end, variability=variability, seed=seed)
        hit = (result.state_at(end), result.dataset)
        try:
            _save(path, *hit)
        except OSError:
            pass  # a read-only cache folder only costs the recomputation next time
    _MEMORY[key] = hit
    while len(_MEMORY) > _MEMORY_SIZE:
        _MEMORY.popitem(last=False)
    return hit
