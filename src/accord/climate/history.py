"""Warm start: the historical state, computed once and cached.

Policy scenarios share their history: the world's emissions up to 2023 are
those of the reference pathway. :func:`historical_state` integrates 1750-2023
once per (history emissions, members, variability, seed, data version) and
keeps the end state and the historical annual results in memory and on disk
(under the user's cache folder, or ``$ACCORD_CACHE_DIR``), so a policy run
integrates only 2024 onwards (:mod:`accord.climate.warm`).

The cache is never trusted blindly. Each file carries its key (cache format,
accord version, data version, last year, variability, seed, and hashes of
the member set and the history emissions) and a SHA-256 checksum of its
arrays. A file that cannot be read (truncated, empty, not a zip), whose
checksum or key does not match, or that holds another member set is
recomputed and replaced, with a one-line notice on stderr (the
``accord.cache`` logger) -- never used, never an error.

Examples
--------
>>> from accord.climate import ssp_emissions_array
>>> state, past = historical_state(ssp_emissions_array(["ssp245"]), members=4)
>>> state.year, int(past.year[-1]), state.co2_boxes_gt.shape
(2023, 2023, (1, 4, 4))
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import accord
from accord.climate.cache import array_checksum, cache_root
from accord.climate.ensemble import prepare
from accord.climate.state import ClimateState
from accord.data import data_version
from accord.io_atomic import atomic_path

if TYPE_CHECKING:  # labelled results import xarray when built
    import xarray as xr

__all__ = ["HISTORY_END", "History", "cache_dir", "historical_arrays", "historical_state"]

#: last historical year (emissions data to 2023; policy levers act from 2024/2025)
HISTORY_END = 2023
_MEMORY: OrderedDict[str, History] = OrderedDict()
_MEMORY_SIZE = 4


@dataclasses.dataclass(frozen=True)
class History:
    """A cached historical run: its end state and its annual results as plain arrays.

    Attributes
    ----------
    state : ClimateState
        The state at the end of the last historical year (one scenario).
    variables : dict of str to (dims, ndarray)
        The run's annual results 1750..end, as in its dataset (``gsat_k`` has dims
        (scenario, member, year), ``cumulative_co2_gt`` (scenario, year), ...).
    """

    state: ClimateState
    variables: dict[str, tuple[tuple[str, ...], np.ndarray]]

    @functools.cached_property
    def dataset(self) -> xr.Dataset:
        """The annual results as a labelled dataset (built on first use)."""
        import xarray as xr

        coords = {n: v for n, v in self.variables.items() if v[0] == (n,)}
        return xr.Dataset({n: v for n, v in self.variables.items() if n not in coords},
                          coords=coords)


def cache_dir() -> Path:
    """Folder of the on-disk history cache (``$ACCORD_CACHE_DIR`` or the user cache)."""
    return cache_root() / "history"


#: layout of the cache files (raised when it changes: older files are recomputed)
CACHE_FORMAT = 2
_LOG = logging.getLogger("accord.cache")


@dataclasses.dataclass(frozen=True)
class _CacheKey:
    """Everything a cached history depends on; stored in the file and checked on load."""

    format: int
    accord_version: str
    data_version: str
    end: int
    variability: bool
    seed: int | None
    config_ids_sha: str
    history_sha: str

    def text(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    def name(self) -> str:
        return hashlib.sha256(self.text().encode()).hexdigest()[:32]


def _sha(array: np.ndarray, dtype: type) -> str:
    return hashlib.sha256(np.ascontiguousarray(array, dtype=dtype).tobytes()).hexdigest()


def _key(history: np.ndarray, config_ids: np.ndarray, variability: bool,
         seed: int | None, end: int) -> _CacheKey:
    return _CacheKey(CACHE_FORMAT, accord.__version__, data_version(), int(end),
                     bool(variability), seed, _sha(config_ids, np.int64),
                     _sha(history, np.float64))


def _save(path: Path, key: _CacheKey, history: History) -> None:
    """Write key, checksum, state and dataset as one npz, atomically."""
    arrays: dict[str, Any] = {}
    for f in dataclasses.fields(history.state):
        value = getattr(history.state, f.name)
        arrays[f"state.{f.name}"] = np.asarray(-1 if value is None else value)
    for name, (dims, values) in history.variables.items():
        arrays[f"ds.{name}"] = np.asarray(values)
        arrays[f"dims.{name}"] = np.array(dims, dtype=str)
    arrays["meta.key"] = np.array(key.text())
    arrays["meta.checksum"] = np.array(array_checksum(arrays))
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, **arrays)


class _Unusable(Exception):
    """A cache file that must not be used (why, for the notice)."""


def _load(path: Path, key: _CacheKey, config_ids: np.ndarray) -> History:
    """Read a cache file; :class:`_Unusable` if it is damaged, tampered or foreign."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            data = {k: npz[k] for k in npz.files}
    except Exception as exc:  # truncated, empty, not a zip, unreadable: all the same here
        raise _Unusable(f"cannot be read ({type(exc).__name__})") from None
    stored = data.pop("meta.checksum", None)
    if "meta.key" not in data or stored is None:
        raise _Unusable("was written by an older accord (no key)")
    if str(stored) != array_checksum(data):
        raise _Unusable("does not match its checksum (changed after it was written)")
    if str(data.pop("meta.key")) != key.text():
        raise _Unusable("was made for other inputs (data version, members, variability or "
                        "accord version)")
    try:
        history = _decode(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise _Unusable(f"is incomplete ({type(exc).__name__}: {exc})") from None
    if not np.array_equal(np.asarray(history.state.config_ids), np.asarray(config_ids)):
        raise _Unusable("holds another member set")
    return history


def _decode(data: dict[str, np.ndarray]) -> History:
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
    return History(ClimateState(**kwargs), variables)  # type: ignore[arg-type]


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
        One scenario, named ``"history"``.
    dataset : xarray.Dataset
        The run's annual results for 1750..``end``.
    """
    first = emissions.isel(scenario=[0]).sel(year=slice(1750, end))
    values = first.transpose("scenario", "year", "specie").sel(
        specie=list(prepare(members).emitted)).values[0]
    hit = historical_arrays(values, members=members, variability=variability, seed=seed,
                            end=end)
    return hit.state, hit.dataset


def historical_arrays(
    emissions: np.ndarray,
    *,
    members: int | Sequence[int] | None = None,
    variability: bool = False,
    seed: int | None = None,
    end: int = HISTORY_END,
) -> History:
    """:func:`historical_state` for emissions given as a plain array; builds no labels.

    Parameters
    ----------
    emissions : ndarray, shape (year, specie)
        One scenario's emissions 1750..``end`` (later years are ignored) of the
        calibration's emitted species, in their order.
    members, variability, seed, end
        As for :func:`historical_state`.

    Returns
    -------
    History
    """
    values = np.ascontiguousarray(emissions[None, :end - 1750 + 1], dtype=np.float64)
    with _LOCK:
        return _historical(values, members, variability, seed, end)


_LOCK = threading.RLock()


def _historical(values: np.ndarray, members: int | Sequence[int] | None, variability: bool,
                seed: int | None, end: int) -> History:
    ens = prepare(members)
    key = _key(values, ens.cal.config_ids, variability, seed, end)
    name = key.name()
    if name in _MEMORY:
        _MEMORY.move_to_end(name)
        return _MEMORY[name]
    path = cache_dir() / f"{name}.npz"
    hit: History | None = None
    if path.exists():
        try:
            hit = _load(path, key, ens.cal.config_ids)
        except _Unusable as why:
            _LOG.warning("note: the cached climate history %s %s; recomputing it (a few "
                         "seconds) and replacing the file", path, why)
    if hit is None:
        import xarray as xr

        from accord.climate.api import run

        first = xr.DataArray(values, dims=("scenario", "year", "specie"),
                             coords={"scenario": ["history"], "year": np.arange(1750, end + 1),
                                     "specie": list(ens.emitted)})
        result = run(first, members=members, end=end, variability=variability, seed=seed)
        hit = History(result.state_at(end),
                      {str(n): (tuple(str(d) for d in v.dims), v.values)
                       for n, v in result.dataset.variables.items()})
        try:
            _save(path, key, hit)
        except OSError:
            pass  # a read-only cache folder only costs the recomputation next time
    _MEMORY[name] = hit
    while len(_MEMORY) > _MEMORY_SIZE:
        _MEMORY.popitem(last=False)
    return hit
