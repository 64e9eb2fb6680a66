"""A lever's path over time: values at milestone years, linear between them.

Every lever that is a quantity (a rate, a capacity, a share, a cut, a flux) is
a :class:`Trajectory`. A scenario writes it as a table of milestone years::

    solar_additions_gw_per_yr = {2030 = 400, 2035 = 500}

or, in JSON, ``{"2030": 400, "2035": 500}``. The rules, the same for every
lever:

* milestone years are whole years from :data:`FIRST_YEAR` (2025, the first
  year a lever acts; 2024 is the base year, data in every scenario) to
  :data:`LAST_YEAR` (2100), each once, in any order (they are sorted);
* between two milestones the value is linear in the year, and after the last
  milestone it is held;
* before the first milestone the value runs linearly from the lever's 2024
  value, which the model that reads the lever supplies and the lever's
  description states (the observed value where the base-year data has one,
  zero for cuts, shares and removals); where the model has none the first
  milestone's value is held back to 2024;
* a plain number is shorthand for one milestone in 2025: that value from
  2025 on (``storage_additions_gw_per_yr = 40`` is ``{2025 = 40}``).

A lever set by a scenario replaces the whole trajectory of the preset or of
current policies beneath it; milestones are not merged across layers.

Examples
--------
>>> t = Trajectory.parse({"2030": 400, "2035": 500})
>>> t.annual(np.arange(2024, 2038), start=250.0).round(1).tolist()
[250.0, 275.0, 300.0, 325.0, 350.0, 375.0, 400.0, 420.0, 440.0, 460.0, 480.0, 500.0, 500.0, 500.0]
>>> Trajectory.parse(40).as_dict()
{'2025': 40.0}
>>> print(Trajectory.parse({"2035": 1, "2030": 2}))
{2030 = 2, 2035 = 1}
>>> Trajectory.parse({"2030": 1, "02030": 2})
Traceback (most recent call last):
...
ValueError: milestone year 2030 is given twice; fix: keep one
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["FIRST_YEAR", "LAST_YEAR", "SHORTHAND_YEAR", "START_YEAR", "Trajectory",
           "milestone_text"]

#: the base year: a trajectory's path starts from the lever's value in this year
START_YEAR = 2024
#: earliest milestone year (levers act from the year after the base year)
FIRST_YEAR = 2025
#: latest milestone year
LAST_YEAR = 2100
#: the milestone a plain number stands for
SHORTHAND_YEAR = 2025


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def milestone_text(pairs: Mapping[int, float] | tuple[tuple[int, float], ...]) -> str:
    """``{2030 = 400, 2035 = 500}``: milestones as a scenario file writes them.

    >>> milestone_text({2030: 400.0, 2035: 512.5})
    '{2030 = 400, 2035 = 512.5}'
    """
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return "{" + ", ".join(f"{y} = {_number_text(v)}" for y, v in items) + "}"


def _year(key: Any) -> int:
    text = str(key).strip()
    if isinstance(key, bool) or not (isinstance(key, int) or text.isdigit()):
        raise ValueError(
            f"milestone year {key!r} is not a year; allowed: whole years {FIRST_YEAR} to "
            f"{LAST_YEAR}; fix: write e.g. {{2030 = ...}}")
    if len(text) > 6:
        raise ValueError(
            f"milestone year of {len(text)} digits is outside {FIRST_YEAR} to {LAST_YEAR}; "
            "fix: use a year in that span")
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"milestone year {year} is outside {FIRST_YEAR} to {LAST_YEAR} (levers act from "
            f"{FIRST_YEAR}; {START_YEAR} is the base year); fix: use a year in that span (the "
            "value is held after the last milestone)")
    return year


def _value(year: int | None, value: Any) -> float:
    where = f"the value for {year}" if year is not None else "the value"
    if isinstance(value, Mapping):
        raise ValueError(
            f"{where} is a table, not a number (TOML reads a key such as 2030.5 as a table); "
            f"allowed: whole years {FIRST_YEAR} to {LAST_YEAR} with a number each; fix: write "
            "e.g. {2030 = 400}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        shown = f'"{value}"' if isinstance(value, str) else (
            repr(value) if isinstance(value, bool) else type(value).__name__)
        raise ValueError(
            f"{where} is {shown}, not a number; allowed: a number or a table of milestone "
            "years, e.g. {2030 = 400, 2035 = 500}; fix: write numbers without quotes")
    if not math.isfinite(value):
        raise ValueError(f"{where} is {value!r}, not a finite number; fix: write an ordinary "
                         "number")
    return float(value)


@dataclass(frozen=True)
class Trajectory:
    """Milestone years and values of one lever (immutable, hashable).

    Attributes
    ----------
    years : tuple of int
        Rising milestone years within 2024..2100.
    values : tuple of float
        The lever's value at each milestone, in the lever's unit.
    """

    years: tuple[int, ...]
    values: tuple[float, ...]

    @classmethod
    def parse(cls, data: Any) -> Trajectory:
        """A trajectory from a number (shorthand), a mapping of years to numbers, or itself.

        Raises
        ------
        ValueError
            A one-line message naming the offending year or value and the fix.
        """
        if isinstance(data, Trajectory):
            return data
        if not isinstance(data, Mapping):
            return cls((SHORTHAND_YEAR,), (_value(None, data),))
        if not data:
            raise ValueError("no milestones; allowed: a number or a table of milestone years, "
                             "e.g. {2030 = 400, 2035 = 500}; fix: add at least one year = value")
        pairs: dict[int, float] = {}
        for key, value in data.items():
            year = _year(key)
            if year in pairs:
                raise ValueError(f"milestone year {year} is given twice; fix: keep one")
            pairs[year] = _value(year, value)
        ordered = sorted(pairs.items())
        return cls(tuple(y for y, _ in ordered), tuple(v for _, v in ordered))

    def as_dict(self) -> dict[str, float]:
        """``{"2030": 400.0, ...}``: the JSON form (TOML writes the same keys bare)."""
        return {str(y): v for y, v in zip(self.years, self.values, strict=True)}

    def __str__(self) -> str:
        return milestone_text(tuple(zip(self.years, self.values, strict=True)))

    def annual(self, years: np.ndarray, start: float | None = None) -> np.ndarray:
        """The value in each of ``years`` (linear between milestones, held after the last).

        Parameters
        ----------
        years : ndarray of int
        start : float, optional
            The lever's 2024 value: before the first milestone the path runs
            linearly from it (and years up to 2024 take it). ``None`` holds the
            first milestone's value back.
        """
        xs, ys = list(self.years), list(self.values)
        if start is not None:
            xs, ys = [START_YEAR, *xs], [start, *ys]
        return np.interp(np.asarray(years, dtype=float), xs, ys)

    def at(self, year: int, start: float | None = None) -> float:
        """The value in one year (see :meth:`annual`)."""
        return float(self.annual(np.array([year]), start)[0])

    def with_milestone(self, year: int, value: float) -> Trajectory:
        """A copy with ``year`` set to ``value`` (added, or replacing that milestone)."""
        pairs = dict(zip(self.years, self.values, strict=True))
        pairs[year] = float(value)
        ordered = sorted(pairs.items())
        return Trajectory(tuple(y for y, _ in ordered), tuple(v for _, v in ordered))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(
                lambda t: t.as_dict()))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"anyOf": [
            {"type": "number", "description": f"shorthand: this value from {SHORTHAND_YEAR} on"},
            {"type": "object", "minProperties": 1,
             "propertyNames": {"pattern": r"^(202[5-9]|20[3-9][0-9]|2100)$"},
             "additionalProperties": {"type": "number"},
             "description": "milestone year -> value; linear between milestones, held after "
                            "the last", "examples": [{"2030": 400, "2035": 500}]}]}
