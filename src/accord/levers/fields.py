"""The building blocks of the scenario schema: regions, years, lever fields and their group.

A lever is a pydantic field made by :func:`value_lever` (one number or year, with
``ge``/``le`` bounds) or :func:`path_lever` (a :class:`~accord.levers.trajectory.Trajectory`
of milestone values, each checked against the range). :class:`LeverGroup` is the frozen,
strict base of every lever group: it parses trajectories, checks their milestones, takes
whole floats for integer fields and refuses the keys of earlier scenario forms with the
key that replaced them.

Examples
--------
>>> from pydantic import ValidationError
>>> from accord.levers.schema import PowerLevers
>>> try:
...     PowerLevers.model_validate({"nuclear_capacity_gw_2035": 100})
... except ValidationError as exc:
...     print(exc.errors()[0]["msg"])  # doctest: +ELLIPSIS
Value error, nuclear_capacity_gw_2035 = 100: period and year-suffixed keys were replaced by \
one trajectory per lever; fix: write nuclear_capacity_gw = {2035 = 100} ...
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from accord.levers.trajectory import Trajectory, milestone_text

__all__ = [
    "BASE_YEAR", "FIRST_LEVER_YEAR", "GHG_BASE_YEARS", "INTENSITY_BASE_YEARS", "LAST_YEAR",
    "REFERENCE_WORLDS", "REGIONS", "LeverGroup", "ReferenceWorld", "RegionName", "Year",
    "is_trajectory", "path_lever", "value_lever", "whole_number",
]

#: modelled regions, named as in the IAMC output
REGIONS: tuple[str, ...] = ("United States", "China", "EU27", "India", "Rest of World")
RegionName = Literal["United States", "China", "EU27", "India", "Rest of World"]

#: the harmonised SSP pathways shipped with accord (``accord.data.ssp_emissions``)
REFERENCE_WORLDS: tuple[str, ...] = (
    "ssp119", "ssp126", "ssp245", "ssp370", "ssp434", "ssp460", "ssp534-over", "ssp585")
ReferenceWorld = Literal["ssp119", "ssp126", "ssp245", "ssp370", "ssp434", "ssp460",
                         "ssp534-over", "ssp585"]

#: first modelled year of the power sector; levers act from the year after
BASE_YEAR = 2024
FIRST_LEVER_YEAR = 2025
LAST_YEAR = 2100

#: years with a net-GHG value in ``energy_base_year.csv`` usable as a target base
GHG_BASE_YEARS: tuple[int, ...] = (1990, 2005, 2015, 2020, 2023)
#: years with both GDP (``gdp_base_year.csv``) and net-GHG data: intensity-target bases
INTENSITY_BASE_YEARS: tuple[int, ...] = (1990, 2005, 2015, 2020)


def value_lever(lo: float, hi: float, unit: str, doc: str) -> Any:
    return Field(default=None, ge=lo, le=hi, description=doc,
                 json_schema_extra={"unit": unit})


def path_lever(lo: float, hi: float, unit: str, doc: str, start: str) -> Any:
    """A trajectory lever: milestone values in ``lo..hi``; ``start`` says its 2024 value."""
    return Field(default=None, description=f"{doc}; before the first milestone: from {start}",
                 json_schema_extra={"unit": unit, "minimum": lo, "maximum": hi,
                                    "milestones": True})


def is_trajectory(info: Any) -> bool:
    """Whether a schema field (a pydantic ``FieldInfo``) is a trajectory lever."""
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("milestones"))


Year = Annotated[int, Field(strict=True)]


def whole_number(value: Any) -> Any:
    """A float with no fraction (``2035.0``) as an int; anything else unchanged.

    JSON Schema's ``integer`` (and so the OpenAPI spec) admits ``2035.0``; strict
    validation then still refuses ``2035.5``, ``"2035"`` and ``true``.
    """
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _integer_only(annotation: Any) -> bool:
    args = set(typing.get_args(annotation)) or {annotation}
    return int in args and float not in args


_SUFFIX = re.compile(r"^(?P<lever>.+?)_(?P<y1>\d{4})(?:_(?P<y2>\d{4}))?$")


def _refuse_replaced(group: type[LeverGroup], key: str, value: Any) -> None:
    """Raise a one-line ValueError if ``key`` is a lever key of an earlier scenario form."""
    if key in group.replaced:
        raise ValueError(f"{key} = {value!r} was replaced: {group.replaced[key]}")
    match = _SUFFIX.match(key)
    if match is None:
        return
    name = match["lever"]
    info = group.model_fields.get(name)
    if info is None or not is_trajectory(info):
        return
    years = [int(match["y1"])] + ([int(match["y2"])] if match["y2"] else [])
    shown = value if isinstance(value, int | float) and not isinstance(value, bool) else 1
    example = milestone_text(tuple((y, float(shown)) for y in years))
    raise ValueError(
        f"{key} = {value!r}: period and year-suffixed keys were replaced by one trajectory per "
        f"lever; fix: write {name} = {example} (values at milestone years, linear between "
        "them, held after the last; see `accord levers`)")


class LeverGroup(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        for key, value in data.items():
            if key not in fields:
                _refuse_replaced(cls, str(key), value)
        return {k: whole_number(v) if k in fields and _integer_only(fields[k].annotation)
                else v for k, v in data.items()}

    @field_validator("*", mode="before")
    @classmethod
    def _milestones_parsed(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if value is None or field is None or not is_trajectory(field):
            return value
        try:
            return Trajectory.parse(value)
        except ValueError as exc:
            extra = field.json_schema_extra
            assert isinstance(extra, dict)
            raise ValueError(f"{exc} (allowed range {extra['minimum']} to {extra['maximum']} "
                             f"{extra['unit']} in every milestone)") from None

    @field_validator("*", mode="after")
    @classmethod
    def _milestones_in_range(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, Trajectory) or info.field_name is None:
            return value
        field = cls.model_fields[info.field_name]
        extra = field.json_schema_extra
        assert isinstance(extra, dict)
        lo, hi, unit = extra["minimum"], extra["maximum"], extra["unit"]
        for year, v in zip(value.years, value.values, strict=True):
            if not lo <= v <= hi:  # type: ignore[operator]
                raise ValueError(
                    f"{year} = {v:g}: allowed range {lo} to {hi} {unit} in every milestone "
                    f"({field.description}); fix: set the {year} value between {lo} and {hi}")
        return value

    #: keys this group no longer has -> what replaced them (a one-line hint)
    replaced: ClassVar[dict[str, str]] = {}

    #: heading of the group on the page (default: from its key, see :func:`group_title`)
    heading: ClassVar[str | None] = None
    #: attribution player the group counts towards; groups naming the same player are
    #: attributed together (default: its key with spaces, see :func:`group_player`)
    player: ClassVar[str | None] = None
    #: the sector of every lever of the group (a key of ``accord.levers.sectors.SECTORS``);
    #: a group spanning sectors names them per lever in ``lever_sectors`` instead
    sector: ClassVar[str | None] = None
    #: lever-name prefix -> sector, for a group spanning sectors (checked before ``sector``)
    lever_sectors: ClassVar[dict[str, str]] = {}
