"""The calibrated ensemble's parameters as frozen arrays.

The FaIR v1.4.1 calibration gives per-species defaults (61 species) and, per
ensemble member (841), overrides of some of them plus the energy-balance
parameters. :func:`load_calibration` resolves both into one
:class:`Calibration`: per-member, per-species tables ``(member, specie)`` and
per-member climate arrays, so the kernel never looks anything up by name.

Examples
--------
>>> cal = load_calibration(members=3)
>>> cal.n_members, len(cal.species)
(3, 61)
>>> cal.species.index("CO2"), cal.table("forcing_scale").shape
(2, (3, 61))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from accord.data import load_npz

__all__ = ["Calibration", "load_calibration", "member_count", "member_rows"]

#: parameters of the energy balance model in the calibration file (not per species)
CLIMATE_PARAMETERS = (
    "gamma_autocorrelation",
    "ocean_heat_capacity",
    "ocean_heat_transfer",
    "deep_ocean_efficacy",
    "sigma_eta",
    "sigma_xi",
    "forcing_4co2",
    "seed",
    "use_seed",
    "stochastic_run",
)
N_LAYERS = 3
N_GASBOXES = 4


@dataclass(frozen=True)
class Calibration:
    """Parameters of a (sub-)ensemble of the calibrated FaIR v1.4.1 members.

    Attributes
    ----------
    config_ids : ndarray of int, shape (member,)
        The calibration's config ids (the ensemble member labels).
    species : tuple of str
        All 61 species of the calibration, in its order.
    species_types : tuple of str
        FaIR species type per species (``"co2 ffi"``, ``"ch4"``, ``"f-gas"`` ...).
    input_modes : tuple of str
        ``"emissions"``, ``"calculated"`` or ``"forcing"`` per species.
    climate : dict of str to ndarray
        Energy balance parameters: ``ocean_heat_capacity`` and
        ``ocean_heat_transfer`` (member, layer) in W yr m-2 K-1 and W m-2 K-1,
        ``deep_ocean_efficacy``, ``gamma_autocorrelation`` (yr-1), ``sigma_eta``,
        ``sigma_xi`` (W m-2), ``forcing_4co2`` (W m-2), ``seed`` (member,).
    """

    config_ids: np.ndarray
    species: tuple[str, ...]
    species_types: tuple[str, ...]
    input_modes: tuple[str, ...]
    climate: dict[str, np.ndarray]
    _tables: dict[str, np.ndarray] = field(repr=False)

    @property
    def n_members(self) -> int:
        """Number of ensemble members."""
        return len(self.config_ids)

    def table(self, name: str) -> np.ndarray:
        """A species property for every member, shape (member, specie).

        Per-member calibrated values where the calibration gives them, the
        species default elsewhere; NaN where the property does not apply.
        """
        return self._tables[name]

    def index(self, name: str) -> int:
        """Position of species ``name``."""
        return self.species.index(name)

    def of_type(self, *types: str) -> np.ndarray:
        """Indices of the species whose FaIR type is one of ``types``."""
        return np.array([i for i, t in enumerate(self.species_types) if t in types], dtype=np.intp)

    def flagged(self, name: str) -> np.ndarray:
        """Indices of species with a true boolean property (e.g. ``greenhouse_gas``)."""
        values = self._tables[name][0]
        return np.flatnonzero(np.nan_to_num(values) != 0)


def _select(config_ids: np.ndarray, members: int | Sequence[int] | None) -> np.ndarray:
    """Row indices for ``members``: None (all), the first N, or config ids."""
    n_all = len(config_ids)
    if members is None:
        return np.arange(n_all)
    if isinstance(members, int | np.integer):
        if not 1 <= int(members) <= n_all:
            raise ValueError(f"members={members} is out of range: give 1 to {n_all} "
                             f"(the first N members) or a list of config ids")
        return np.arange(int(members))
    wanted = np.asarray(members, dtype=np.int64)
    position = {int(c): i for i, c in enumerate(config_ids)}
    missing = [int(c) for c in wanted if int(c) not in position]
    if missing:
        raise ValueError(f"unknown config ids {missing[:5]}: members must be config ids of "
                         f"the calibration (e.g. {int(config_ids[0])}) or a count 1..{n_all}")
    if len(set(wanted.tolist())) != len(wanted):
        raise ValueError("members lists a config id twice: give each member once")
    return np.array([position[int(c)] for c in wanted], dtype=np.intp)


@cache
def _raw() -> dict[str, np.ndarray]:
    return load_npz("fair_calibration_v1.4.1.npz")


def member_count() -> int:
    """Number of members of the shipped calibrated ensemble (841 for v1.4.1)."""
    return int(_raw()["config_id"].size)


def member_rows(members: int | Sequence[int] | None) -> np.ndarray:
    """Rows of the calibration selected by ``members`` (see :func:`load_calibration`)."""
    return _select(_raw()["config_id"], members)


def load_calibration(members: int | Sequence[int] | None = None) -> Calibration:
    """Resolve the calibration for the selected members.

    Parameters
    ----------
    members : None, int or sequence of int
        None for all 841 members, an int N for the first N, or config ids.

    Returns
    -------
    Calibration
    """
    raw = _raw()
    rows = _select(raw["config_id"], members)
    species = tuple(str(s) for s in raw["species_names"])
    prop_names = [str(p) for p in raw["species_property_names"]]
    defaults = raw["species_property_values"]  # (specie, property)
    params = raw["param_values"][rows]  # (member, parameter)
    n_members = len(rows)

    tables = {name: np.repeat(defaults[None, :, j], n_members, axis=0)
              for j, name in enumerate(prop_names)}
    climate: dict[str, np.ndarray] = {}
    for j, column in enumerate(str(c) for c in raw["param_names"]):
        name, _, index = column.partition("[")
        index = index.rstrip("]")
        values = params[:, j]
        if name in CLIMATE_PARAMETERS:
            if index:
                climate.setdefault(name, np.full((n_members, N_LAYERS), np.nan))
                climate[name][:, int(index)] = values
            else:
                climate[name] = values.copy()
        elif index:
            if index in species:
                tables[name][:, species.index(index)] = values
        else:
            tables.setdefault(name, np.full((n_members, len(species)), np.nan))
            tables[name][:, :] = values[:, None]
    for arr in (*tables.values(), *climate.values()):
        arr.setflags(write=False)
    config_ids = raw["config_id"][rows].copy()
    config_ids.setflags(write=False)
    return Calibration(
        config_ids=config_ids,
        species=species,
        species_types=tuple(str(t) for t in raw["species_types"]),
        input_modes=tuple(str(m) for m in raw["species_input_modes"]),
        climate=climate,
        _tables=tables,
    )
