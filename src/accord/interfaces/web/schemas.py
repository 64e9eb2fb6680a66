"""Request and response models of the JSON API (pydantic v2).

Requests reuse the scenario schema of :mod:`accord.levers.schema`, so every
lever arrives with its unit and allowed range checked, and the OpenAPI spec
shows them. A scenario's ``preset`` may only name a shipped preset: nothing a
request holds is read as a path or run as code.

Responses are their own models (not the library's dataclasses), so the spec
at ``/openapi.json`` says exactly what a client gets back.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from accord.levers.loading import preset_names
from accord.levers.schema import Scenario, whole_number

__all__ = [
    "MAX_MEMBERS",
    "AssessRequest",
    "AssessResponse",
    "AttributionOut",
    "AvoidedOut",
    "CompareItem",
    "CompareRequest",
    "CompareResponse",
    "Emissions",
    "ErrorItem",
    "ErrorResponse",
    "HealthResponse",
    "LeverInfo",
    "LeversResponse",
    "Message",
    "PresetInfo",
    "PresetsResponse",
    "ScenarioIn",
    "Series",
    "Temperature",
    "VerdictOut",
    "literal_choices",
]

#: members of the calibrated, constrained ensemble (FaIR calibration v1.4.1)
MAX_MEMBERS = 841
#: the first year a client may ask the temperature series from
FIRST_SERIES_YEAR = 1850
LAST_SERIES_FROM_YEAR = 2050


def _shipped_preset(name: str) -> str:
    if name not in preset_names():
        raise ValueError(f"unknown preset {name!r}; allowed: {', '.join(preset_names())}; "
                         "fix: use one of these names (GET /api/v1/presets)")
    return name


#: the name of a shipped preset (checked against the package, never read as a path)
PresetName = Annotated[str, AfterValidator(_shipped_preset),
                       Field(json_schema_extra={"enum": list(preset_names())})]

Pct = dict[str, float]

#: a whole number: ``true`` is refused, ``5.0`` is 5 (JSON Schema's ``integer`` admits it)
WholeNumber = Annotated[int, BeforeValidator(whole_number), Field(strict=True)]

#: members a request asks for; the range sits on the integer itself, so the spec shows it
#: as minimum/maximum (on the optional field pydantic wrote an invalid "ge"/"le" there)
MemberCount = Annotated[int, Field(strict=True, ge=1, le=MAX_MEMBERS),
                        BeforeValidator(whole_number)]


def _members() -> Any:
    return Field(default=None, description=(
        "ensemble members to run: the first N of the 841 (default: all, or the server's cap)"))


def literal_choices(annotation: Any) -> list[Any]:
    """The values of every ``Literal`` inside a (possibly union) type annotation."""
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    out: list[Any] = []
    for arg in typing.get_args(annotation):
        out.extend(literal_choices(arg))
    return out


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioIn(Scenario):
    """A scenario as in a TOML file (JSON here); ``preset`` names a shipped preset only."""

    preset: PresetName | None = Field(  # type: ignore[assignment]
        default=None, description="a shipped preset to start from (GET /api/v1/presets)")
    title: str | None = Field(default=None, max_length=200, description="a one-line title")
    description: str | None = Field(default=None, max_length=4000, description="free text")


class AssessRequest(_In):
    """``POST /assess``: one scenario against a baseline preset."""

    scenario: ScenarioIn
    baseline: PresetName = Field(default="current-policies",
                                 description="the preset the scenario is compared with")
    members: MemberCount | None = _members()
    attribution: list[Literal["regions", "levers"]] = Field(
        default_factory=list, max_length=2,
        description="Shapley attributions to compute (each costs 2^k ensemble runs; "
                    "lever attribution takes seconds)")
    series_from_year: WholeNumber = Field(
        default=1950, ge=FIRST_SERIES_YEAR, le=LAST_SERIES_FROM_YEAR,
        description="first year of the temperature series returned (they end in 2100)")


class CompareRequest(_In):
    """``POST /compare``: two to four scenarios against one baseline preset."""

    scenarios: list[ScenarioIn] = Field(min_length=2, max_length=4)
    baseline: PresetName = "current-policies"
    members: MemberCount | None = _members()
    series_from_year: WholeNumber = Field(default=1950, ge=FIRST_SERIES_YEAR,
                                          le=LAST_SERIES_FROM_YEAR)


class VerdictOut(_Out):
    """Headline numbers of one scenario (K vs 1850-1900, Gt CO2)."""

    scenario: str
    category: str = Field(description="IPCC AR6 WG3 category (C1 ... C8)")
    category_name: str
    overshoot_1p5: str
    peak_warming_k: Pct
    peak_year: int
    warming_k: dict[str, Pct] = Field(description="percentiles in 2030, 2050 and 2100")
    warming_2100_k: Pct
    p_peak_below_1p5: float = Field(ge=0, le=1)
    p_2100_below_1p5: float = Field(ge=0, le=1)
    p_peak_below_2: float = Field(ge=0, le=1)
    p_2100_below_2: float = Field(ge=0, le=1)
    crossing_year_1p5: int | None = Field(description="median year 1.5 °C is crossed")
    crossing_year_2: int | None
    members: int
    cumulative_co2_from_2020_gt: dict[str, float]
    budget_from_2020_gt: dict[str, float | None]


class AvoidedOut(_Out):
    """The scenario against its baseline, member by member (positive = cooler)."""

    baseline: str
    avoided_warming_peak_k: Pct
    avoided_warming_2100_k: Pct
    p_peak_below_1p5_gain: float
    p_2100_below_1p5_gain: float
    p_peak_below_2_gain: float
    category_shift: str


class AttributionOut(_Out):
    """Warming avoided split by Shapley values: ``parts_k[metric][player]`` percentiles."""

    players: list[str]
    total_k: dict[str, Pct] = Field(description="metric ('2100', 'peak') -> percentiles")
    parts_k: dict[str, dict[str, Pct]]


class Series(_Out):
    """Percentiles of global surface air temperature per year (K vs 1850-1900)."""

    p05: list[float]
    p17: list[float]
    p50: list[float]
    p83: list[float]
    p95: list[float]


class Temperature(_Out):
    """The fan chart: years and the scenario's and baseline's percentiles."""

    years: list[int]
    scenario: Series
    baseline: Series


class Emissions(_Out):
    """Emissions by region, by sector and by gas.

    ``regions[run][region][quantity]`` over ``region_years`` (units in
    ``region_units``); ``sectors[region][gas][sector]`` the scenario's emissions
    of each region by sector over ``region_years`` (units in ``sector_units``);
    ``world[run][gas]`` are the world species fed to the climate model over
    ``world_years`` (units in ``world_units``).
    """

    region_years: list[int]
    region_units: dict[str, str]
    regions: dict[str, dict[str, dict[str, list[float]]]]
    sector_units: dict[str, str] = Field(description="gas (co2, ch4, so2) -> unit")
    sector_titles: dict[str, str] = Field(description="sector -> heading, in display order")
    sectors: dict[str, dict[str, dict[str, list[float]]]] = Field(
        description="the scenario's emissions, region -> gas -> sector -> values over "
                    "region_years; a gas's sectors add up to the region's total (net CO2: "
                    "removals negative, land use before afforestation)")
    world_years: list[int]
    world_units: dict[str, str]
    world: dict[str, dict[str, list[float]]]


class UnmetTargetOut(_Out):
    """A target the levers cannot meet inside the abatement and removal limits."""

    region: str
    target: str
    year: int
    shortfall_mt_co2e: float = Field(description="Mt CO2-equiv/yr (AR6 GWP100) missing")


class AssessResponse(_Out):
    """``POST /assess``: verdicts, comparison, series, emissions and attribution."""

    scenario: str
    baseline: str
    members: int
    verdict: VerdictOut
    baseline_verdict: VerdictOut
    avoided: AvoidedOut
    temperature: Temperature
    emissions: Emissions
    attribution: dict[str, AttributionOut]
    unmet_targets: list[UnmetTargetOut] = Field(
        description="the scenario's targets missed inside the limits (empty: all met)")


class CompareItem(_Out):
    """One scenario of a comparison."""

    verdict: VerdictOut
    avoided: AvoidedOut
    series: Series


class CompareResponse(_Out):
    """``POST /compare``: each scenario's verdict and series, and the baseline's."""

    baseline: str
    members: int
    years: list[int]
    baseline_verdict: VerdictOut
    baseline_series: Series
    results: list[CompareItem]


class PresetInfo(_Out):
    """A shipped preset, its documents and its resolved levers."""

    name: str
    title: str | None
    builds_on: str | None
    reference_world: str
    sources: list[dict[str, str | None]]
    levers: dict[str, dict[str, dict[str, Any]]] = Field(
        description="region -> group -> lever -> value after resolution (null: unset)")
    international: dict[str, Any] = Field(
        description="the scenario's own [international] levers (shipping and aviation, which "
                    "no region carries) -> value after resolution")


class PresetsResponse(_Out):
    """``GET /presets``."""

    presets: list[PresetInfo]


class LeverInfo(_Out):
    """One lever: unit, allowed range or choices, and the current-policies defaults."""

    group: str
    sector: str = Field(description="the sector the lever acts in (a key of sector_titles)")
    name: str
    unit: str
    description: str
    kind: Literal["number", "year", "choice", "milestones"] = Field(
        description="milestones: a trajectory, {year: value} linear between milestone years "
                    "and held after the last (a number is that value from 2025 on)")
    minimum: float | None = Field(description="lowest value (of every milestone)")
    maximum: float | None = Field(description="highest value (of every milestone)")
    choices: list[str | int] | None
    defaults: dict[str, dict[str, float] | str | float | int | None] = Field(
        description="current-policies value per region (a trajectory: {year: value}; null: "
                    "unset)")
    sources: dict[str, str] = Field(description="source of each region's default")
    region_maximum: dict[str, float | dict[str, float]] | None = Field(
        default=None, description="a tighter upper end per region where the data set one "
                                  "(removal ceilings of removal_limits.csv; for a trajectory "
                                  "per milestone year of `years`)")
    years: list[int] | None = Field(
        default=None, description="milestones: the years the page shows a slider for")
    starts: dict[str, float | None] | None = Field(
        default=None, description="milestones: each region's 2024 value the path runs from "
                                  "before its first milestone (null: that milestone held back)")
    scope: Literal["region", "world"] = Field(
        default="region", description="region: a lever of each region (scenario.regions); "
                                      "world: a lever of the scenario as a whole "
                                      "(scenario.international), its defaults, sources and "
                                      "start keyed \"World\"")


class LeversResponse(_Out):
    """``GET /levers``."""

    regions: list[str]
    groups: list[str] = Field(description="lever groups of a region, in the schema's order")
    scenario_groups: list[str] = Field(
        description="lever groups of the scenario as a whole (e.g. international)")
    group_titles: dict[str, str] = Field(description="group -> heading shown on the page")
    sectors: list[str] = Field(description="sectors holding levers, in the page's order")
    sector_titles: dict[str, str] = Field(description="sector -> heading shown on the page")
    levers: list[LeverInfo]


class HealthResponse(_Out):
    """``GET /health``."""

    status: Literal["ok"]
    version: str
    max_members: int


class ErrorItem(_Out):
    """One problem with a request: where, what was given, what is allowed."""

    field: str = Field(description="dotted path of the field, e.g. scenario.regions.\"China\"...")
    value: Any = Field(default=None, description="the value given")
    allowed: str | None = Field(description="the allowed range or choices, when known")
    message: str


class ErrorResponse(_Out):
    """A 422: every problem found, and one line for people."""

    detail: list[ErrorItem]
    message: str


class Message(_Out):
    """A plain error (e.g. 413: request body too large)."""

    detail: str
