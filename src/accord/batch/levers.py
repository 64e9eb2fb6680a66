"""Lever paths on the command line: ``china.power.solar_additions_gw_per_yr``.

A lever path names a region, a lever group and a lever, separated by dots.

* Regions are matched case-insensitively and accept aliases: ``us`` /
  ``united-states`` / ``usa``, ``china``, ``eu27`` / ``eu``, ``india``,
  ``row`` / ``rest-of-world``.
* Groups are the scenario tables (``power``, ``other_co2``, ``land``,
  ``methane``, ``other_gases``, ``targets``; ``-`` may stand for ``_``).
* A lever is a field of that group. A name without its period suffix
  (``solar_additions_gw_per_yr`` for ``..._2025_2030``, ``..._2031_2050`` and
  ``..._2051_2100``; ``nuclear_capacity_gw`` for ``..._2035`` and ``..._2050``)
  sets **every** period variant of that lever to the same value.

Only numeric levers (floats and years) can be varied; years are rounded to
whole years. Values are checked against the field's allowed range.

Examples
--------
>>> ref = parse_lever("china.power.solar_additions_gw_per_yr")
>>> ref.region, ref.fields
('China', ('solar_additions_gw_per_yr_2025_2030', 'solar_additions_gw_per_yr_2031_2050', \
'solar_additions_gw_per_yr_2051_2100'))
>>> ref.low, ref.high, ref.unit
(0.0, 2000.0, 'GW/yr')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.batch.errors import BatchInputError
from accord.levers.errors import lever_range
from accord.levers.schema import GROUPS, REGIONS

__all__ = ["REGION_ALIASES", "LeverRef", "apply_levers", "parse_lever", "parse_range"]

#: lower-case aliases of the modelled regions
REGION_ALIASES: dict[str, str] = {
    "united states": "United States", "united-states": "United States",
    "united_states": "United States", "us": "United States", "usa": "United States",
    "china": "China", "eu27": "EU27", "eu": "EU27", "india": "India",
    "rest of world": "Rest of World", "rest-of-world": "Rest of World",
    "rest_of_world": "Rest of World", "row": "Rest of World",
}
_PERIOD = re.compile(r"_\d{4}(_\d{4})?$")


@dataclass(frozen=True)
class LeverRef:
    """One lever (or the period variants of one lever) of one region.

    Attributes
    ----------
    text : str
        The path as the user wrote it.
    region, group : str
        Canonical region name and group key.
    fields : tuple of str
        Schema field names the value is written to.
    low, high : float
        Allowed range of the field (the narrowest over ``fields``).
    unit : str
    integer : bool
        Whether the lever is a year (values rounded to int).
    """

    text: str
    region: str
    group: str
    fields: tuple[str, ...]
    low: float
    high: float
    unit: str
    integer: bool

    @property
    def label(self) -> str:
        """``Region.group.lever`` with the name as given (no period if none was given)."""
        name = self.text.split(".", 2)[2] if self.text.count(".") >= 2 else self.fields[0]
        return f"{self.region}.{self.group}.{name}"

    def check(self, value: float, option: str = "--vary") -> float | int:
        """``value`` as the field's type, or :class:`BatchInputError` if out of range."""
        if not (self.low <= value <= self.high):
            raise BatchInputError(
                f"{option} {self.text} = {value:g}: outside the allowed range "
                f"{self.low:g} to {self.high:g} {self.unit}; fix: choose values in that range")
        return round(value) if self.integer else float(value)


def _region(text: str, path: str) -> str:
    key = text.strip().lower()
    if key in REGION_ALIASES:
        return REGION_ALIASES[key]
    for name in REGIONS:
        if name.lower() == key:
            return name
    raise BatchInputError(
        f"lever {path!r}: unknown region {text!r}; allowed: china, us (united-states), eu27, "
        "india, row (rest-of-world); fix: write e.g. china.power.solar_additions_gw_per_yr")


def parse_lever(path: str) -> LeverRef:
    """Parse ``region.group.lever`` (see the module docstring for aliases and periods).

    Raises
    ------
    BatchInputError
        Unknown region, group or lever, or a lever that is not numeric.
    """
    parts = path.strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise BatchInputError(
            f"lever {path!r}: expected REGION.GROUP.LEVER, e.g. "
            "china.power.solar_additions_gw_per_yr; fix: give all three parts")
    region = _region(parts[0], path)
    group = parts[1].strip().lower().replace("-", "_")
    if group not in GROUPS:
        raise BatchInputError(f"lever {path!r}: unknown group {parts[1]!r}; allowed: "
                             f"{', '.join(GROUPS)}; fix: use one of these")
    fields = GROUPS[group].model_fields
    name = parts[2].strip().lower()
    if name in fields:
        chosen = [name]
    else:
        chosen = [f for f in fields if _PERIOD.sub("", f) == name and _PERIOD.search(f)]
    if not chosen:
        raise BatchInputError(
            f"lever {path!r}: {group} has no lever {parts[2]!r}; allowed: "
            f"{', '.join(sorted(fields))} (a period suffix may be left out to set every "
            "period); fix: see `accord levers`")
    lows, highs, units = [], [], set()
    for f in chosen:
        info = fields[f]
        lo, hi = lever_range(info)
        if lo is None or hi is None:
            raise BatchInputError(f"lever {path!r}: {f} is a choice, not a number; only numeric "
                                 "levers can be varied; fix: set it in the scenario file")
        lows.append(float(lo))
        highs.append(float(hi))
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        units.add(str(extra.get("unit", "")))
    unit = units.pop() if len(units) == 1 else "/".join(sorted(units))
    return LeverRef(path.strip(), region, group, tuple(chosen), max(lows), min(highs), unit,
                    integer=unit == "year")


def parse_range(text: str, ref: LeverRef, *, steps: bool) -> tuple[float, float, int | None]:
    """Parse ``LOW:HIGH`` or ``LOW:HIGH:N`` for ``ref`` (checked against its range).

    Parameters
    ----------
    text : str
    ref : LeverRef
    steps : bool
        Whether a third part ``N`` (number of grid values, >= 2) is allowed.

    Returns
    -------
    low, high : float
    n : int or None
    """
    parts = text.split(":")
    expected = "LOW:HIGH:N" if steps else "LOW:HIGH"
    try:
        if len(parts) not in ((2, 3) if steps else (2,)):
            raise ValueError
        low, high = float(parts[0]), float(parts[1])
        n = int(parts[2]) if len(parts) == 3 else None
    except ValueError:
        raise BatchInputError(f"--vary {ref.text}={text}: expected {expected} (numbers); fix: "
                             f"write e.g. {ref.text}={ref.low:g}:{ref.high:g}"
                             + (":5" if steps else "")) from None
    for v in (low, high):
        ref.check(v)
    if low >= high:
        raise BatchInputError(f"--vary {ref.text}={text}: LOW must be below HIGH; fix: swap them")
    if n is not None and n < 2:
        raise BatchInputError(f"--vary {ref.text}={text}: N = {n} grid values; allowed: 2 or "
                             "more; fix: raise N")
    return low, high, n


def apply_levers(base: Mapping[str, Any], values: Mapping[LeverRef, float],
                 name: str, option: str = "--vary") -> dict[str, Any]:
    """A scenario mapping: ``base`` (the TOML structure) with ``values`` written in.

    Parameters
    ----------
    base : mapping
        A scenario in the TOML structure (e.g. ``Scenario.model_dump(exclude_none=True)``).
    values : mapping of LeverRef to float
        Checked against the ranges; years rounded.
    name : str
        Name of the new scenario.
    option : str
        Where the values came from, for messages (``--vary``, a CSV row and column).

    Returns
    -------
    dict
        A new mapping (``base`` is not modified).
    """
    out: dict[str, Any] = {k: v for k, v in base.items() if k != "regions"}
    regions = {r: {g: dict(levers) for g, levers in groups.items()}
               for r, groups in dict(base.get("regions", {})).items()}
    for ref, value in values.items():
        checked = ref.check(value, option)
        group = regions.setdefault(ref.region, {}).setdefault(ref.group, {})
        for f in ref.fields:
            group[f] = checked
    out["regions"] = regions
    out["name"] = name
    return out
