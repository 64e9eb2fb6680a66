"""The on-disk cache: results that depend only on the calibration, computed once.

Everything lives under one folder, ``$ACCORD_CACHE_DIR`` or the user's cache
folder (:func:`cache_root`). The historical runs keep their own files
(:mod:`accord.climate.history`); :func:`cached_arrays` keeps small sets of
arrays, such as the discretised energy balance of every member, so that a new
process loads them instead of recomputing them (and importing what computing
them needs).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from accord.io_atomic import atomic_path

__all__ = ["array_checksum", "cache_root", "cached_arrays"]


def cache_root() -> Path:
    """The cache folder: ``$ACCORD_CACHE_DIR`` or the user cache folder of ``accord``."""
    env = os.environ.get("ACCORD_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("accord"))


def array_checksum(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 over every array's name, dtype, shape and bytes (in name order)."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        value = np.ascontiguousarray(arrays[name])
        h.update(f"{name}\0{value.dtype.str}\0{value.shape}\0".encode())
        h.update(value.tobytes())
    return h.hexdigest()


def cached_arrays(kind: str, key: dict[str, object],
                  compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Arrays from ``cache_root()/kind`` for ``key``, computed and stored on a miss.

    The file stores ``key`` and a checksum of its arrays; a file that is damaged
    or was made for another key is recomputed and replaced. A cache folder that
    cannot be written only costs the recomputation next time.

    Parameters
    ----------
    kind : str
        Sub-folder, e.g. ``"energy-balance"``.
    key : dict
        Everything the arrays depend on (JSON-serialisable).
    compute : callable
        Returns the arrays (name -> ndarray) on a miss.

    Returns
    -------
    dict of str to ndarray
    """
    text = json.dumps(key, sort_keys=True)
    path = cache_root() / kind / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.npz"
    try:
        with np.load(path, allow_pickle=False) as npz:
            data = {name: npz[name] for name in npz.files}
        stored_key, stored_sum = str(data.pop("meta.key")), str(data.pop("meta.checksum"))
        if stored_key == text and stored_sum == array_checksum(data):
            return data
    except Exception:
        pass
    data = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {**data, "meta.key": np.array(text),
                                   "meta.checksum": np.array(array_checksum(data))}
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, **payload)
    except OSError:
        pass
    return data
