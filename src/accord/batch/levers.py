"""Lever paths on the command line: ``china.power.solar_additions_gw_per_yr@2035``.

A lever path names a region, a lever group and a lever, separated by dots.

* Regions are matched case-insensitively and accept aliases: ``us`` /
  ``united-states`` / ``usa``, ``china``, ``eu27`` / ``eu``, ``india``,
  ``row`` / ``rest-of-world``; ``world`` names the scenario's own table
  ``[international]`` (international shipping and aviation, which no region
  carries), e.g. ``world.international.shipping_co2_cut_frac@2040``.
* Groups are the scenario tables (``power``, ``other_co2``, ``end_use``, ``land``,
  ``methane``, ``other_gases``, ``removals``, ``targets``, and the world's
  ``international``; ``-`` may stand for ``_``).
* A lever is a field of that group. A trajectory lever (see
  :mod:`accord.levers.trajectory`) takes an optional milestone year:
  ``...solar_additions_gw_per_yr@2035`` sets the 2035 milestone of the lever's
  trajectory in the starting scenario (its other milestones are kept; the
  year is added if it is not one), while ``...solar_additions_gw_per_yr``
  without a year sets the whole lever to that value from 2025 on (the
  shorthand of a scenario file).

Only numeric levers (floats and years) can be varied; years are rounded to
whole years. Values are checked against the field's allowed range.

Examples
--------
>>> ref = parse_lever("china.power.solar_additions_gw_per_yr@2035")
>>> ref.region, ref.fields, ref.year, ref.label
('China', ('solar_additions_gw_per_yr',), 2035, 'China.power.solar_additions_gw_per_yr@2035')
>>> ref.low, ref.high, ref.unit
(0.0, 2000.0, 'GW/yr')
>>> data = apply_levers({"name": "a", "preset": "current-policies"}, {ref: 500.0}, "b")
>>> sorted(data["regions"]["China"]["power"]["solar_additions_gw_per_yr"].items())[:4]
[('2025', 300.0), ('2030', 300.0), ('2035', 500.0), ('2040', 300.0)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.batch.errors import BatchInputError
from accord.levers.errors import ScenarioError, lever_range
from accord.levers.international import INTERNATIONAL
from accord.levers.loading import WORLD
from accord.levers.schema import LEVER_GROUPS, REGIONS, is_trajectory
from accord.levers.trajectory import FIRST_YEAR, LAST_YEAR, Trajectory

__all__ = ["REGION_ALIASES", "LeverRef", "apply_levers", "parse_lever", "parse_range"]

#: lower-case aliases of the modelled regions
REGION_ALIASES: dict[str, str] = {
    "united states": "United States", "united-states": "United States",
    "united_states": "United States", "us": "United States", "usa": "United States",
    "china": "China", "eu27": "EU27", "eu": "EU27", "india": "India",
    "rest of world": "Rest of World", "rest-of-world": "Rest of World",
    "rest_of_world": "Rest of World", "row": "Rest of World", "world": WORLD,
}
_PERIOD = re.compile(r"_\d{4}(_\d{4})?$")
_AT_YEAR = re.compile(r"^(?P<name>[^@]+)@(?P<year>\S*)$")


@dataclass(frozen=True)
class LeverRef:
    """One lever of one region, or one milestone of a trajectory lever.

    Attributes
    ----------
    text : str
        The path as the user wrote it.
    region, group : str
        Canonical region name and group key.
    fields : tuple of str
        Schema field names the value is written to (one).
    low, high : float
        Allowed range of the field (the narrowest over ``fields``).
    unit : str
    integer : bool
        Whether the lever is a year (values rounded to int).
    year : int or None
        The milestone year a trajectory lever's value is written at (``None``:
        the whole lever, that value from 2025 on).
    """

    text: str
    region: str
    group: str
    fields: tuple[str, ...]
    low: float
    high: float
    unit: str
    integer: bool
    year: int | None = None

    @property
    def label(self) -> str:
        """``Region.group.lever`` (with ``@year`` for a milestone)."""
        at = f"@{self.year}" if self.year is not None else ""
        return f"{self.region}.{self.group}.{self.fields[0]}{at}"

    def current(self, resolved: Any) -> float | None:
        """The lever's value in a resolved scenario (at its milestone year, if any).

        A trajectory without a year gives the mean of its milestone values.
        """
        value = getattr(_table(resolved, self.region, self.group), self.fields[0])
        if value is None:
            return None
        if isinstance(value, Trajectory):
            if self.year is not None:
                return value.at(self.year)
            return float(sum(value.values) / len(value.values))
        return float(value)

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
        "india, row (rest-of-world), world (with group international); fix: write e.g. "
        "china.power.solar_additions_gw_per_yr")


def _table(resolved: Any, region: str, group: str) -> Any:
    """The lever group ``group`` of ``region`` in a resolved scenario (``World``: its own)."""
    if group == INTERNATIONAL:
        return resolved.international
    return getattr(resolved.regions[region], group)


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
    if group not in LEVER_GROUPS:
        raise BatchInputError(f"lever {path!r}: unknown group {parts[1]!r}; allowed: "
                             f"{', '.join(LEVER_GROUPS)}; fix: use one of these")
    if (region == WORLD) != (group == INTERNATIONAL):
        raise BatchInputError(
            f"lever {path!r}: the {INTERNATIONAL} levers belong to the world, and only they; "
            f"fix: write world.{INTERNATIONAL}.LEVER for them and a region for the others")
    fields = LEVER_GROUPS[group].model_fields
    name, year = parts[2].strip().lower(), None
    at = _AT_YEAR.match(name)
    if at is not None:
        name = at["name"]
        text = at["year"]
        if not (text.isdigit() and len(text) == 4 and FIRST_YEAR <= int(text) <= LAST_YEAR):
            raise BatchInputError(
                f"lever {path!r}: milestone year {text!r}; allowed: a year {FIRST_YEAR} to "
                f"{LAST_YEAR}; fix: write e.g. china.power.solar_additions_gw_per_yr@2035")
        year = int(text)
    if name not in fields:
        base = _PERIOD.sub("", name)
        if base != name and base in fields and is_trajectory(fields[base]):
            raise BatchInputError(
                f"lever {path!r}: period keys were replaced by milestone trajectories; fix: "
                f"write {parts[0]}.{group}.{base}@YEAR to set one milestone (e.g. @2030), or "
                f"{parts[0]}.{group}.{base} for one value from {FIRST_YEAR} on")
        raise BatchInputError(
            f"lever {path!r}: {group} has no lever {parts[2]!r}; allowed: "
            f"{', '.join(sorted(fields))} (a trajectory lever may take @YEAR for one "
            "milestone); fix: see `accord levers`")
    info = fields[name]
    if year is not None and not is_trajectory(info):
        raise BatchInputError(
            f"lever {path!r}: {name} is a single value, not a trajectory; fix: leave out "
            f"@{year}")
    lo, hi = lever_range(info)
    if lo is None or hi is None:
        raise BatchInputError(f"lever {path!r}: {name} is a choice, not a number; only numeric "
                             "levers can be varied; fix: set it in the scenario file")
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    unit = str(extra.get("unit", ""))
    return LeverRef(path.strip(), region, group, (name,), float(lo), float(hi), unit,
                    integer=unit == "year", year=year)


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
    out: dict[str, Any] = {k: v for k, v in base.items() if k not in ("regions", INTERNATIONAL)}
    regions = {r: {g: dict(levers) for g, levers in groups.items()}
               for r, groups in dict(base.get("regions", {})).items()}
    own = dict(base.get(INTERNATIONAL, {}))
    resolved: Any = None
    for ref, value in values.items():
        checked = ref.check(value, option)
        group = (own if ref.group == INTERNATIONAL
                 else regions.setdefault(ref.region, {}).setdefault(ref.group, {}))
        for f in ref.fields:
            if ref.year is None:
                group[f] = checked
                continue
            current = group.get(f)
            if current is None:  # the trajectory the starting scenario resolves to
                resolved = resolved if resolved is not None else _resolved(base)
                current = getattr(_table(resolved, ref.region, ref.group), f)
            path = Trajectory.parse(current).with_milestone(ref.year, float(checked))
            group[f] = path.as_dict()
    out["regions"] = regions
    if own:
        out[INTERNATIONAL] = own
    out["name"] = name
    return out


def _resolved(base: Mapping[str, Any]) -> Any:
    from accord.levers.loading import resolve, scenario_from_dict

    try:
        return resolve(scenario_from_dict(dict(base, name=base.get("name") or "base")))
    except ScenarioError as exc:
        raise BatchInputError(f"starting scenario: {exc}") from None
