"""Package data: compact arrays built by ``scripts/build_data.py``.

Every loader returns fresh read-only numpy arrays from files shipped inside the
package; nothing here reads outside the package or touches the network. See
``SOURCES.md`` in this folder for the source, version and licence of each file.

Examples
--------
>>> from accord.data import ssp_emissions
>>> ssp = ssp_emissions()
>>> ssp.emissions.shape
(8, 351, 51)
>>> str(ssp.species[0]), str(ssp.units[0])
('CO2 FFI', 'Gt CO2/yr')
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

__all__ = [
    "SspEmissions",
    "data_version",
    "iamc_variables",
    "load_npz",
    "read_csv_table",
    "ssp_emissions",
]


def load_npz(name: str) -> dict[str, np.ndarray]:
    """Load one shipped ``.npz`` file into a dict of read-only arrays."""
    with resources.files(__name__).joinpath(name).open("rb") as fh:
        with np.load(fh, allow_pickle=False) as npz:
            out = {k: npz[k] for k in npz.files}
    for arr in out.values():
        arr.setflags(write=False)
    return out


@cache
def data_version() -> str:
    """The package data version plus the hashes of its sources (for cache keys)."""
    text = resources.files(__name__).joinpath("manifest.json").read_text()
    manifest = json.loads(text)
    digest = "".join(sorted(manifest["inputs_sha256"].values()))
    return f"{manifest['data_version']}-{hash_short(digest)}"


def hash_short(text: str) -> str:
    """First 12 hex digits of the SHA-256 of ``text``."""
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class SspEmissions:
    """The calibration's harmonised SSP emissions (world, 1750-2100).

    Attributes
    ----------
    scenarios : ndarray of str, shape (8,)
    species : ndarray of str, shape (51,)
        Emitted species in calibration order (``CO2 FFI`` ... ``HFC-4310mee``).
    units : ndarray of str, shape (51,)
        FaIR units, e.g. ``Gt CO2/yr``, ``Mt CH4/yr``, ``kt HFC134a/yr``.
    years : ndarray of int, shape (351,)
        Calendar years 1750-2100; each value is the flow during that year
        (FaIR's mid-year time point ``year + 0.5``).
    emissions : ndarray of float, shape (scenario, year, species)
    """

    scenarios: np.ndarray
    species: np.ndarray
    units: np.ndarray
    years: np.ndarray
    emissions: np.ndarray

    def scenario(self, name: str) -> np.ndarray:
        """Emissions of one scenario, shape (year, species)."""
        names = list(self.scenarios)
        if name not in names:
            raise KeyError(f"unknown SSP {name!r}; choose one of {', '.join(names)}")
        return self.emissions[names.index(name)]


@cache
def ssp_emissions() -> SspEmissions:
    """The 8 harmonised SSP scenarios shipped with accord (see ``SspEmissions``)."""
    d = load_npz("ssp_emissions.npz")
    return SspEmissions(d["scenarios"], d["species"], d["units"], d["years"], d["emissions"])


@cache
def read_csv_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of the shipped CSV table ``accord/data/<name>`` as dicts of strings (cached)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


@cache
def iamc_variables() -> tuple[dict[str, str], ...]:
    """The IAMC variable names of the 51 species (``iamc_variables.csv``), the one loader.

    Columns: ``variable``, ``species`` (FaIR name), ``unit`` (the unit the source
    writes), ``source`` (``AR6``, ``RCMIP`` or both) and ``reads_unit_as`` (a
    substance relabelling such as ``HFC245ca=HFC245fa`` for a database label that
    names another substance than the species it reports). Rows are in calibration
    order of the species; the first row of a species is the AR6 name accord writes.
    """
    return read_csv_table("iamc_variables.csv")
