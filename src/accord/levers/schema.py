"""The scenario schema: what a deal says, region by region (pydantic v2, frozen).

A scenario names a reference world and, per region and lever group, the levers
it moves. Every lever carries its unit in its name and an allowed range; a
lever left out (``None``) takes its region's current-policies value from
``accord/data/current_policies.csv`` when the scenario is resolved (see
``accord.levers.loading``).

Examples
--------
>>> from accord.levers.schema import Scenario
>>> power = {"solar_additions_gw_per_yr": {"2030": 300, "2035": 400}}
>>> s = Scenario.model_validate({"name": "demo", "regions": {"China": {"power": power}}})
>>> print(s.regions["China"].power.solar_additions_gw_per_yr)
{2030 = 300, 2035 = 400}
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from accord.levers.trajectory import Trajectory, milestone_text

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


def _lever(lo: float, hi: float, unit: str, doc: str) -> Any:
    return Field(default=None, ge=lo, le=hi, description=doc,
                 json_schema_extra={"unit": unit})


def _path(lo: float, hi: float, unit: str, doc: str, start: str) -> Any:
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


def _refuse_replaced(group: type[_Group], key: str, value: Any) -> None:
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


class _Group(BaseModel):
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


class PowerLevers(_Group):
    """Power sector: demand, additions, firm capacity, coal rules, CCS.

    Demand growth is the grid's demand with the end-use sectors at their
    base-year electric shares; electrification and efficiency levers
    (``end_use``) raise or lower it on top.
    """

    demand_growth_pct_per_yr: Trajectory | None = _path(
        -5, 15, "%/yr", "growth of electricity generation from the year before",
        "the first milestone's value")
    solar_additions_gw_per_yr: Trajectory | None = _path(
        0, 2000, "GW/yr", "new solar PV capacity per year (AC)", "the 2024 additions")
    wind_additions_gw_per_yr: Trajectory | None = _path(
        0, 1000, "GW/yr", "new wind capacity per year", "the 2024 additions")
    storage_additions_gw_per_yr: Trajectory | None = _path(
        0, 1000, "GW/yr", "new battery storage power capacity per year",
        "0 in 2024 (the base-year data has no storage additions)")
    nuclear_capacity_gw: Trajectory | None = _path(
        0, 2000, "GW", "nuclear capacity", "the 2024 capacity")
    hydro_capacity_gw: Trajectory | None = _path(
        0, 3000, "GW", "hydro capacity", "the 2024 capacity")
    no_new_coal_from_year: int | None = _lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year",
        "no new coal plants from this year; the fleet then retires over its remaining life")
    coal_phase_out_year: int | None = _lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year",
        "year by which unabated coal power ends (capacity falls linearly from 2025)")
    coal_to_gas_switch_frac: Trajectory | None = _path(
        0, 1, "fraction", "share of coal's part of fossil generation moved to gas", "0 in 2024")
    ccs_share_frac: Trajectory | None = _path(
        0, 1, "fraction", "share of coal and gas generation fitted with CCS", "0 in 2024")


class OtherCo2Levers(_Group):
    """Activity of the end-use sectors: a peak-and-decline index of fossil CO2 outside power.

    At the base-year electric shares and no efficiency lever, the end-use
    sectors' CO2 follows this path; electrification and efficiency act on top.
    """

    heading = "End-use activity (industry, transport, buildings)"
    player = "other CO2"

    peak_year: int | None = _lever(
        1990, LAST_YEAR, "year", "year of peak non-power fossil CO2 (a past year: already falling)")
    growth_pct_per_yr_to_peak: float | None = _lever(
        -10, 10, "%/yr", "annual change from 2023 up to the peak year")
    reduction_pct_per_yr: float | None = _lever(
        0, 50, "%/yr", "annual reduction after the peak (compound)")
    floor_frac: float | None = _lever(
        0, 1, "fraction", "floor as a fraction of the 2023 level")


class EndUseLevers(_Group):
    """End-use sectors: electrification, efficiency, electric cars, industrial CCS, clinker.

    Electrification is the share of a sector's energy service met by electricity
    (linear from its 2024 value through the milestones, held after the last);
    efficiency cuts the sector's energy service against its activity path.
    Electricity displaces fuel by the electric advantage of
    ``sector_assumptions.csv`` and is met by the region's power sector.
    """

    heading = "End use (industry, transport, buildings)"
    #: attributed with the activity path and land use: the API's attribution allows at
    #: most 8 groups (2**8 runs), so the end-use sectors share the "other CO2" player
    player = "other CO2"

    industry_electrification_frac_2030: float | None = _lever(
        0, 1, "fraction", "share of industry's energy service met by electricity in 2030")
    industry_electrification_frac_2040: float | None = _lever(
        0, 1, "fraction", "share of industry's energy service met by electricity in 2040")
    industry_electrification_frac_2050: float | None = _lever(
        0, 1, "fraction", "share of industry's energy service met by electricity in 2050 and after")
    transport_electrification_frac_2030: float | None = _lever(
        0, 1, "fraction", "share of transport's energy service met by electricity in 2030")
    transport_electrification_frac_2040: float | None = _lever(
        0, 1, "fraction", "share of transport's energy service met by electricity in 2040")
    transport_electrification_frac_2050: float | None = _lever(
        0, 1, "fraction",
        "share of transport's energy service met by electricity in 2050 and after")
    buildings_electrification_frac_2030: float | None = _lever(
        0, 1, "fraction", "share of buildings' energy service met by electricity in 2030")
    buildings_electrification_frac_2040: float | None = _lever(
        0, 1, "fraction", "share of buildings' energy service met by electricity in 2040")
    buildings_electrification_frac_2050: float | None = _lever(
        0, 1, "fraction",
        "share of buildings' energy service met by electricity in 2050 and after")
    industry_efficiency_frac_2030: float | None = _lever(
        0, 0.6, "fraction", "cut of industry's energy service demand by 2030 (linear from 2024)")
    industry_efficiency_frac_2050: float | None = _lever(
        0, 0.6, "fraction", "cut of industry's energy service demand by 2050 and after")
    transport_efficiency_frac_2030: float | None = _lever(
        0, 0.6, "fraction", "cut of transport's energy service demand by 2030 (linear from 2024)")
    transport_efficiency_frac_2050: float | None = _lever(
        0, 0.6, "fraction", "cut of transport's energy service demand by 2050 and after")
    buildings_efficiency_frac_2030: float | None = _lever(
        0, 0.6, "fraction", "cut of buildings' energy service demand by 2030 (linear from 2024)")
    buildings_efficiency_frac_2050: float | None = _lever(
        0, 0.6, "fraction", "cut of buildings' energy service demand by 2050 and after")
    ev_new_car_share_frac_2030: float | None = _lever(
        0, 1, "fraction", "electric share of new car sales in 2030 (linear from 2024)")
    ev_new_car_share_frac_2040: float | None = _lever(
        0, 1, "fraction", "electric share of new car sales in 2040 and after")
    industry_coal_exit_year: int | None = _lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year",
        "year by which industry burns no coal (gas takes its energy, linear from 2024)")
    industry_ccs_frac_2050: float | None = _lever(
        0, 1, "fraction", "share of industrial CO2 (energy and process) fitted with CCS by 2050")
    clinker_cut_frac_2035: float | None = _lever(
        0, 0.4, "fraction", "cut of the clinker-to-cement ratio by 2035 (linear from 2024)")


class LandLevers(_Group):
    """Net land-use CO2 flux path (positive = source)."""

    heading = "Land use"
    player = "other CO2"

    co2_mt_per_yr: Trajectory | None = _path(
        -5000, 10000, "Mt CO2/yr", "net land-use CO2 flux", "the 2023 flux (unset: held)")


class MethaneLevers(_Group):
    """Methane by source: cuts against current policies, each a trajectory from no cut in 2024."""

    replaced = {"target_year": "each cut is a trajectory with its own milestone years; fix: "
                              "write e.g. oil_gas_cut_frac = {2030 = 0.3} (linear from no cut "
                              "in 2024)"}

    oil_gas_cut_frac: Trajectory | None = _path(
        0, 1, "fraction", "cut of oil and gas methane", "no cut in 2024")
    coal_mining_cut_frac: Trajectory | None = _path(
        0, 1, "fraction", "cut of coal-mine methane per tonne of coal (it also falls with coal)",
        "no cut in 2024")
    agriculture_cut_frac: Trajectory | None = _path(
        0, 1, "fraction", "cut of agricultural methane", "no cut in 2024")
    waste_cut_frac: Trajectory | None = _path(
        0, 1, "fraction", "cut of waste methane", "no cut in 2024")


class OtherGasLevers(_Group):
    """N2O and HFCs."""

    heading = "Other gases (N2O, HFCs)"

    replaced = {"n2o_target_year": "the N2O cut is a trajectory with its own milestone years; "
                                   "fix: write e.g. n2o_cut_frac = {2030 = 0.2} (linear from "
                                   "no cut in 2024)"}

    n2o_cut_frac: Trajectory | None = _path(
        0, 1, "fraction", "cut of N2O against current policies", "no cut in 2024")
    kigali: Literal["on", "accelerated", "off"] | None = Field(
        default=None, description="HFCs under the Kigali schedule: on, accelerated or off",
        json_schema_extra={"unit": "choice"})


#: removal types of the ``removals`` lever group (field ``<type>_gt_per_yr``)
REMOVAL_TYPES: tuple[str, ...] = ("beccs", "daccs", "afforestation")


_CEILING = " (at most the region's ceiling in every year, removal_limits.csv)"


class RemovalLevers(_Group):
    """Carbon dioxide removal by type: Gt CO2/yr trajectories, linear from 0 in 2024.

    BECCS and DACCS are subtracted from fossil CO2, afforestation and
    reforestation from land-use CO2. Each path must stay under the region's
    ceiling in ``accord/data/removal_limits.csv`` in every year (checked when
    the scenario is resolved). A target counts the removals a scenario sets and
    never adds more.
    """

    heading = "Carbon removal (BECCS, DACCS, afforestation)"

    beccs_gt_per_yr: Trajectory | None = _path(
        0, 10, "Gt CO2/yr", "bioenergy with carbon capture and storage" + _CEILING, "0 in 2024")
    daccs_gt_per_yr: Trajectory | None = _path(
        0, 10, "Gt CO2/yr", "direct air capture with storage" + _CEILING, "0 in 2024")
    afforestation_gt_per_yr: Trajectory | None = _path(
        0, 10, "Gt CO2/yr", "new afforestation and reforestation sink" + _CEILING, "0 in 2024")


class TargetLevers(_Group):
    """Top-down economy-wide targets, spread over sectors and gases by a documented rule."""

    ghg_cut_pct: float | None = _lever(
        0, 100, "%", "net GHG (AR6 GWP100, incl. land) cut below the base year")
    ghg_base_year: int | Literal["peak"] | None = Field(
        default=None, description="base year of the GHG cut (1990, 2005, 2015, 2020, 2023 or peak)",
        json_schema_extra={"unit": "year"})
    ghg_target_year: int | None = _lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year", "year the GHG cut is reached")
    co2_peak_year: int | None = _lever(
        BASE_YEAR, LAST_YEAR, "year", "net CO2 does not rise after this year")
    net_zero_year: int | None = _lever(
        2030, LAST_YEAR, "year", "year net emissions (scope below) reach zero")
    net_zero_scope: Literal["co2", "ghg"] | None = Field(
        default=None, description="what the net-zero year covers: co2 or ghg",
        json_schema_extra={"unit": "choice"})
    intensity_cut_pct: float | None = _lever(
        0, 100, "%", "emissions per unit of GDP cut below the base year's (scope below)")
    intensity_base_year: int | None = Field(
        default=None, description="base year of the intensity cut (1990, 2005, 2015 or 2020; "
        "a year with GDP data: United States, China, India)", json_schema_extra={"unit": "year"})
    intensity_target_year: int | None = _lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year", "year the intensity cut is reached")
    intensity_scope: Literal["co2", "ghg"] | None = Field(
        default=None, description="what the intensity counts: net co2 or net ghg (inventory "
        "land use); unset: ghg", json_schema_extra={"unit": "choice"})

    @model_validator(mode="after")
    def _consistent(self) -> TargetLevers:
        if self.ghg_cut_pct is not None:
            if self.ghg_target_year is None or self.ghg_base_year is None:
                raise ValueError(
                    f"ghg_cut_pct = {self.ghg_cut_pct} needs ghg_base_year and ghg_target_year; "
                    "fix: add both (e.g. ghg_base_year = 2005, ghg_target_year = 2030)")
        if (isinstance(self.ghg_base_year, int) and self.ghg_target_year is not None
                and self.ghg_target_year <= self.ghg_base_year):
            raise ValueError(
                f"ghg_target_year = {self.ghg_target_year} is not after ghg_base_year = "
                f"{self.ghg_base_year}; allowed: a target year after the base year; fix: move "
                "ghg_target_year later or pick an earlier base year")
        if isinstance(self.ghg_base_year, int) and self.ghg_base_year not in GHG_BASE_YEARS:
            raise ValueError(
                f"ghg_base_year = {self.ghg_base_year} has no base-year data; allowed: "
                f"{', '.join(map(str, GHG_BASE_YEARS))} or \"peak\"; fix: pick one of these")
        self._consistent_intensity()
        if (self.net_zero_year is not None and self.ghg_target_year is not None
                and self.net_zero_year <= self.ghg_target_year):
            raise ValueError(
                f"net_zero_year = {self.net_zero_year} is not after ghg_target_year = "
                f"{self.ghg_target_year}; allowed: a later year; fix: move net_zero_year later")
        return self

    def _consistent_intensity(self) -> None:
        base, target = self.intensity_base_year, self.intensity_target_year
        if self.intensity_cut_pct is not None and (base is None or target is None):
            raise ValueError(
                f"intensity_cut_pct = {self.intensity_cut_pct} needs intensity_base_year and "
                "intensity_target_year; fix: add both (e.g. intensity_base_year = 2005, "
                "intensity_target_year = 2030)")
        if base is not None and base not in INTENSITY_BASE_YEARS:
            raise ValueError(
                f"intensity_base_year = {base} has no GDP and emissions data; allowed: "
                f"{', '.join(map(str, INTENSITY_BASE_YEARS))}; fix: pick one of these")
        if base is not None and target is not None and target <= base:
            raise ValueError(
                f"intensity_target_year = {target} is not after intensity_base_year = {base}; "
                "allowed: a later year; fix: move intensity_target_year later")


class RegionLevers(_Group):
    """All lever groups of one region."""

    power: PowerLevers = Field(default_factory=PowerLevers)
    other_co2: OtherCo2Levers = Field(default_factory=OtherCo2Levers)
    end_use: EndUseLevers = Field(default_factory=EndUseLevers)
    land: LandLevers = Field(default_factory=LandLevers)
    methane: MethaneLevers = Field(default_factory=MethaneLevers)
    other_gases: OtherGasLevers = Field(default_factory=OtherGasLevers)
    removals: RemovalLevers = Field(default_factory=RemovalLevers)
    targets: TargetLevers = Field(default_factory=TargetLevers)

    @model_validator(mode="after")
    def _coal_years(self) -> RegionLevers:
        p = self.power
        if (p.no_new_coal_from_year is not None and p.coal_phase_out_year is not None
                and p.coal_phase_out_year < p.no_new_coal_from_year):
            raise ValueError(
                f"coal_phase_out_year = {p.coal_phase_out_year} is before no_new_coal_from_year = "
                f"{p.no_new_coal_from_year}; allowed: phase-out no earlier than the end of new "
                "coal; fix: raise coal_phase_out_year or lower no_new_coal_from_year")
        return self


class SourceDoc(_Group):
    """An official document a preset encodes."""

    title: str = Field(min_length=3)
    date: str = Field(pattern=r"^\d{4}(-\d{2}){0,2}$", description="YYYY, YYYY-MM or YYYY-MM-DD")
    url: str | None = None


#: lever groups of a region, in display order
GROUPS: dict[str, type[_Group]] = {
    "power": PowerLevers, "other_co2": OtherCo2Levers, "end_use": EndUseLevers,
    "land": LandLevers,
    "methane": MethaneLevers, "other_gases": OtherGasLevers, "removals": RemovalLevers,
    "targets": TargetLevers,
}


def group_title(group: str) -> str:
    """Heading of lever group ``group`` (its ``heading``, else ``'other_gases' -> 'Other gases'``).

    >>> group_title("power"), group_title("land")
    ('Power', 'Land use')
    """
    return GROUPS[group].heading or group.replace("_", " ").capitalize()


def group_player(group: str) -> str:
    """Attribution player of lever group ``group`` (its ``player``, else its key with spaces).

    >>> group_player("other_gases"), group_player("land")
    ('other gases', 'other CO2')
    """
    return GROUPS[group].player or group.replace("_", " ")


def lever_players() -> dict[str, tuple[str, ...]]:
    """Attribution players -> the lever groups each covers, in schema order.

    Every group of :data:`GROUPS` is in exactly one player, so a new group joins the
    attribution (and its parts keep adding up to the total) without further code.

    >>> lever_players()["other CO2"]
    ('other_co2', 'end_use', 'land')
    """
    players: dict[str, tuple[str, ...]] = {}
    for group in GROUPS:
        players[group_player(group)] = (*players.get(group_player(group), ()), group)
    return players


class Scenario(BaseModel):
    """A scenario: reference world plus per-region levers (unset levers: current policies)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._+-]*$",
                      description="1-80 letters, digits, spaces or . _ + -, starting with a "
                                  "letter or digit (e.g. \"my-deal\")")
    title: str | None = Field(default=None, description="a one-line title (text)")
    description: str | None = Field(default=None, description="free text")
    preset: str | None = Field(
        default=None, description="the name of a preset to start from (see `accord presets`)")
    reference_world: ReferenceWorld = Field(
        default="ssp245", description="one of the eight harmonised SSPs, e.g. \"ssp245\"")
    sources: tuple[SourceDoc, ...] = Field(
        default=(), description="a list of tables with title, date (YYYY-MM-DD) and url")
    assumptions: tuple[str, ...] = Field(default=(), description="a list of strings")
    regions: dict[RegionName, RegionLevers] = Field(
        default_factory=dict,
        description="tables [regions.\"<region>\".<group>] holding lever = value pairs")
