"""Variable names of the 51 emitted species, and the prefixes of the AR6 database.

IAMC files name species by variable: the AR6 scenario-database template
(``Emissions|CFC11``, ``Emissions|PFC|C3F8``, ``Emissions|HFC|HFC43-10`` ...) or
RCMIP v5.1 (``Emissions|Montreal Gases|CFC|CFC11`` ...), all listed in the one
table ``accord/data/iamc_variables.csv`` (loaded by :func:`accord.data.iamc_variables`).
FaIR-layout files name them by FaIR species (``CO2 FFI``, ``HFC-134a`` ...).

The AR6 database stores several versions of each variable, told apart by a prefix:
``Emissions|...`` (the model's native submission), ``AR6 climate diagnostics|
Harmonized|Emissions|...`` and ``AR6 climate diagnostics|Infilled|Emissions|...``
(harmonised and infilled: the complete set that drove the AR6 climate models).
A scenario that has rows with one of ``KNOWN_PREFIXES`` is read from those rows
only (the first such prefix wins); otherwise from the unprefixed rows. A prefix
given explicitly (``--variable-prefix``) is used instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from accord.data import iamc_variables, ssp_emissions

__all__ = ["KNOWN_PREFIXES", "Name", "accepted_names", "species_and_units", "variable_lookup"]

#: prefixes recognised without being asked, most complete first
KNOWN_PREFIXES = ("AR6 climate diagnostics|Infilled|",)


@dataclass(frozen=True)
class Name:
    """What one accepted variable name means."""

    species: str
    #: substance relabelling of the unit, e.g. ``("HFC245ca", "HFC245fa")``; empty if none
    unit_alias: tuple[str, str] | tuple[()] = ()


@cache
def species_and_units() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The 51 emitted species in calibration order and their FaIR units."""
    ssp = ssp_emissions()
    return tuple(str(s) for s in ssp.species), tuple(str(u) for u in ssp.units)


@cache
def variable_lookup(layout: str) -> dict[str, Name]:
    """Accepted variable name (lower case) -> its meaning, for one layout."""
    if layout != "iamc":
        return {s.lower(): Name(s) for s in species_and_units()[0]}
    out: dict[str, Name] = {}
    for row in iamc_variables():
        alias = row.get("reads_unit_as", "").strip()
        pair: tuple[str, str] | tuple[()] = ()
        if alias:
            old, new = alias.split("=")
            pair = (old.strip(), new.strip())
        out[row["variable"].strip().lower()] = Name(row["species"], pair)
    return out


def accepted_names(layout: str, species: Sequence[str]) -> str:
    """A hint naming the accepted variable names of a few species."""
    parts = []
    for specie in species:
        if layout == "iamc":
            names = [r["variable"] for r in iamc_variables() if r["species"] == specie]
        else:
            names = [specie]
        parts.append(f"{specie}: {' or '.join(repr(n) for n in names)}")
    return "variable names, case-insensitive: " + "; ".join(parts) + (
        "; ..." if layout == "iamc" else "")


def choose_prefix(variables: Sequence[str], explicit: str | None) -> str:
    """The prefix a scenario's rows are read with ('' for plain names)."""
    if explicit is not None:
        return explicit
    lowered = [v.lower() for v in variables]
    for prefix in KNOWN_PREFIXES:
        p = prefix.lower()
        if any(v.startswith(p) for v in lowered):
            return prefix
    return ""
