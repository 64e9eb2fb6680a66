"""The scenario schema: what a deal says, region by region (pydantic v2, frozen).

A scenario names a reference world and, per region and lever group, the levers
it moves. Every lever carries its unit in its name and an allowed range; a
lever left out (``None``) takes its region's current-policies value from
``accord/data/current_policies.csv`` when the scenario is resolved (see
``accord.levers.loading``).

The lever fields and their base group are in :mod:`accord.levers.fields`, the sector
and gas groups in :mod:`accord.levers.groups`, the targets in
:mod:`accord.levers.targets`; this module puts them together and re-exports them.

Examples
--------
>>> from accord.levers.schema import Scenario
>>> power = {"solar_additions_gw_per_yr": {"2030": 300, "2035": 400}}
>>> s = Scenario.model_validate({"name": "demo", "regions": {"China": {"power": power}}})
>>> print(s.regions["China"].power.solar_additions_gw_per_yr)
{2030 = 300, 2035 = 400}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from accord.levers.fields import (
    BASE_YEAR,
    FIRST_LEVER_YEAR,
    GHG_BASE_YEARS,
    INTENSITY_BASE_YEARS,
    LAST_YEAR,
    REFERENCE_WORLDS,
    REGIONS,
    LeverGroup,
    ReferenceWorld,
    RegionName,
    Year,
    is_trajectory,
    path_lever,
    value_lever,
    whole_number,
)
from accord.levers.groups import (
    REMOVAL_TYPES,
    EndUseLevers,
    LandLevers,
    MethaneLevers,
    OtherCo2Levers,
    OtherGasLevers,
    PowerLevers,
    RemovalLevers,
)
from accord.levers.international import INTERNATIONAL, InternationalLevers
from accord.levers.targets import TargetLevers

__all__ = [
    "BASE_YEAR", "FIRST_LEVER_YEAR", "GHG_BASE_YEARS", "GROUPS", "INTENSITY_BASE_YEARS",
    "INTERNATIONAL", "LAST_YEAR", "LEVER_GROUPS", "REFERENCE_WORLDS", "REGIONS", "REMOVAL_TYPES",
    "SCENARIO_GROUPS", "EndUseLevers", "InternationalLevers", "LandLevers", "LeverGroup",
    "MethaneLevers", "OtherCo2Levers", "OtherGasLevers", "PowerLevers",
    "ReferenceWorld", "RegionLevers", "RegionName", "RemovalLevers", "Scenario", "SourceDoc",
    "TargetLevers", "Year", "group_player", "group_title", "is_trajectory", "lever_players",
    "path_lever", "value_lever", "whole_number",
]

class RegionLevers(LeverGroup):
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


class SourceDoc(LeverGroup):
    """An official document a preset encodes."""

    title: str = Field(min_length=3)
    date: str = Field(pattern=r"^\d{4}(-\d{2}){0,2}$", description="YYYY, YYYY-MM or YYYY-MM-DD")
    url: str | None = None


#: lever groups of a region, in display order
GROUPS: dict[str, type[LeverGroup]] = {
    "power": PowerLevers, "other_co2": OtherCo2Levers, "end_use": EndUseLevers,
    "land": LandLevers,
    "methane": MethaneLevers, "other_gases": OtherGasLevers, "removals": RemovalLevers,
    "targets": TargetLevers,
}
#: lever groups of the scenario as a whole, by scenario key: what no region carries
SCENARIO_GROUPS: dict[str, type[LeverGroup]] = {INTERNATIONAL: InternationalLevers}
#: every lever group: a region's (:data:`GROUPS`), then the scenario's own
LEVER_GROUPS: dict[str, type[LeverGroup]] = {**GROUPS, **SCENARIO_GROUPS}


def group_title(group: str) -> str:
    """Heading of lever group ``group`` (its ``heading``, else ``'other_gases' -> 'Other gases'``).

    >>> group_title("power"), group_title("land")
    ('Power', 'Land use')
    """
    return LEVER_GROUPS[group].heading or group.replace("_", " ").capitalize()


def group_player(group: str) -> str:
    """Attribution player of lever group ``group`` (its ``player``, else its key with spaces).

    >>> group_player("other_gases"), group_player("land")
    ('other gases', 'other CO2')
    """
    return LEVER_GROUPS[group].player or group.replace("_", " ")


def lever_players() -> dict[str, tuple[str, ...]]:
    """Attribution players -> the lever groups each covers, in schema order.

    Every group of :data:`LEVER_GROUPS` (a region's and the scenario's own) is in
    exactly one player, so a new group joins the attribution (and its parts keep adding
    up to the total) without further code.

    >>> lever_players()["other CO2"]
    ('other_co2', 'end_use', 'land', 'international')
    """
    players: dict[str, tuple[str, ...]] = {}
    for group in LEVER_GROUPS:
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
    international: InternationalLevers = Field(
        default_factory=InternationalLevers,
        description="table [international]: international shipping and aviation, which no "
                    "region carries (lever = value pairs, as a region's groups)")
