"""Lever groups of a region by sector and gas: power, end use, land, methane, N2O/HFCs, CDR.

Each group is a :class:`~accord.levers.fields.LeverGroup`; its fields carry unit,
range and description, and the page, ``accord levers``, the batch lever paths and
the attribution players are all derived from them.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from accord.levers.fields import (
    FIRST_LEVER_YEAR,
    LAST_YEAR,
    LeverGroup,
    path_lever,
    value_lever,
)
from accord.levers.trajectory import Trajectory

__all__ = ["REMOVAL_TYPES", "EndUseLevers", "LandLevers", "MethaneLevers", "OtherCo2Levers",
           "OtherGasLevers", "PowerLevers", "RemovalLevers"]


class PowerLevers(LeverGroup):
    """Power sector: demand, additions, firm capacity, coal rules (incl. retirement age), CCS.

    Demand growth is the grid's demand with the end-use sectors at their
    base-year electric shares; electrification and efficiency levers
    (``end_use``) raise or lower it on top.
    """

    sector = "power"

    demand_growth_pct_per_yr: Trajectory | None = path_lever(
        -5, 15, "%/yr", "growth of electricity generation from the year before",
        "the first milestone's value")
    solar_additions_gw_per_yr: Trajectory | None = path_lever(
        0, 2000, "GW/yr", "new solar PV capacity per year (AC)", "the 2024 additions")
    wind_additions_gw_per_yr: Trajectory | None = path_lever(
        0, 1000, "GW/yr", "new wind capacity per year", "the 2024 additions")
    storage_additions_gw_per_yr: Trajectory | None = path_lever(
        0, 1000, "GW/yr", "new battery storage power capacity per year",
        "0 in 2024 (the base-year data has no storage additions)")
    nuclear_capacity_gw: Trajectory | None = path_lever(
        0, 2000, "GW", "nuclear capacity", "the 2024 capacity")
    hydro_capacity_gw: Trajectory | None = path_lever(
        0, 3000, "GW", "hydro capacity", "the 2024 capacity")
    no_new_coal_from_year: int | None = value_lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year",
        "no new coal plants from this year; the fleet then closes plant by plant at "
        "coal_retirement_age_yr")
    coal_phase_out_year: int | None = value_lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year",
        "year by which unabated coal power ends (capacity falls linearly from 2025)")
    coal_retirement_age_yr: Trajectory | None = path_lever(
        20, 80, "yr", "age at which coal plants close once no new coal may be built, from "
        "no_new_coal_from_year on; before that year a closing plant is replaced",
        "the first milestone's value")
    coal_to_gas_switch_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "share of coal's part of fossil generation moved to gas", "0 in 2024")
    ccs_share_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "share of coal and gas generation fitted with CCS", "0 in 2024")


class OtherCo2Levers(LeverGroup):
    """Activity of the end-use sectors: a peak-and-decline index of fossil CO2 outside power.

    At the base-year electric shares and no efficiency lever, the end-use
    sectors' CO2 follows this path; electrification and efficiency act on top.
    """

    heading = "End-use activity (industry, transport, buildings)"
    player = "other CO2"
    sector = "end_use_activity"

    peak_year: int | None = value_lever(
        1990, LAST_YEAR, "year", "year of peak non-power fossil CO2 (a past year: already falling)")
    growth_pct_per_yr_to_peak: float | None = value_lever(
        -10, 10, "%/yr", "annual change from 2023 up to the peak year")
    reduction_pct_per_yr: float | None = value_lever(
        0, 50, "%/yr", "annual reduction after the peak (compound)")
    floor_frac: float | None = value_lever(
        0, 1, "fraction", "floor as a fraction of the 2023 level")


_SECTORS = {"industry": "industry's", "transport": "transport's", "buildings": "buildings'"}
_SHARE_2022 = "the 2022 electric share (sector_assumptions.csv, in energy-service terms)"


def _electrification(sector: str) -> Any:
    return path_lever(0, 1, "fraction", f"share of {_SECTORS[sector]} energy service met by "
                      "electricity", _SHARE_2022)


def _efficiency(sector: str) -> Any:
    return path_lever(0, 0.6, "fraction", f"cut of {_SECTORS[sector]} energy service demand "
                      "against its activity path", "no cut in 2024")


class EndUseLevers(LeverGroup):
    """End-use sectors: electrification, efficiency, electric cars, industrial CCS, clinker.

    Electrification is the share of a sector's energy service met by electricity
    and efficiency cuts the sector's energy service against its activity path,
    each a trajectory (linear from its 2024 value through the milestones, held
    after the last). Electricity displaces fuel by the electric advantage of
    ``sector_assumptions.csv`` and is met by the region's power sector.
    """

    heading = "End use (industry, transport, buildings)"
    #: attributed with the activity path and land use: the API's attribution allows at
    #: most 8 groups (2**8 runs), so the end-use sectors share the "other CO2" player
    player = "other CO2"
    lever_sectors: ClassVar[dict[str, str]] = {
        "industry_": "industry", "clinker_": "industry", "transport_": "transport",
        "ev_": "transport", "buildings_": "buildings"}

    industry_electrification_frac: Trajectory | None = _electrification("industry")
    transport_electrification_frac: Trajectory | None = _electrification("transport")
    buildings_electrification_frac: Trajectory | None = _electrification("buildings")
    industry_efficiency_frac: Trajectory | None = _efficiency("industry")
    transport_efficiency_frac: Trajectory | None = _efficiency("transport")
    buildings_efficiency_frac: Trajectory | None = _efficiency("buildings")
    ev_new_car_share_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "electric share of new car sales",
        "the 2024 share (sector_assumptions.csv)")
    industry_coal_exit_year: int | None = value_lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year",
        "year by which industry burns no coal (gas takes its energy, linear from 2024)")
    industry_ccs_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "share of industrial CO2 (energy and process) fitted with CCS",
        "0 in 2024")
    clinker_cut_frac: Trajectory | None = path_lever(
        0, 0.4, "fraction", "cut of the clinker-to-cement ratio", "no cut in 2024")


class LandLevers(LeverGroup):
    """Net land-use CO2 flux path (positive = source)."""

    heading = "Land use"
    player = "other CO2"
    sector = "land"

    co2_mt_per_yr: Trajectory | None = path_lever(
        -5000, 10000, "Mt CO2/yr", "net land-use CO2 flux", "the 2023 flux (unset: held)")


class MethaneLevers(LeverGroup):
    """Methane by source: cuts against current policies, each a trajectory from no cut in 2024."""

    replaced: ClassVar[dict[str, str]] = {
        "target_year": "each cut is a trajectory with its own milestone years; fix: write e.g. "
                       "oil_gas_cut_frac = {2030 = 0.3} (linear from no cut in 2024)"}
    lever_sectors: ClassVar[dict[str, str]] = {
        "oil_gas_": "fuel_supply", "coal_mining_": "fuel_supply", "agriculture_": "agriculture",
        "waste_": "waste"}

    oil_gas_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "cut of oil and gas methane", "no cut in 2024")
    coal_mining_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "cut of coal-mine methane per tonne of coal (it also falls with coal)",
        "no cut in 2024")
    agriculture_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "cut of agricultural methane", "no cut in 2024")
    waste_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "cut of waste methane", "no cut in 2024")


class OtherGasLevers(LeverGroup):
    """N2O and HFCs."""

    heading = "Other gases (N2O, HFCs)"
    sector = "other_gases"

    replaced: ClassVar[dict[str, str]] = {
        "n2o_target_year": "the N2O cut is a trajectory with its own milestone years; fix: "
                           "write e.g. n2o_cut_frac = {2030 = 0.2} (linear from no cut in "
                           "2024)"}

    n2o_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", "cut of N2O against current policies", "no cut in 2024")
    kigali: Literal["on", "accelerated", "off"] | None = Field(
        default=None, description="HFCs under the Kigali schedule: on, accelerated or off",
        json_schema_extra={"unit": "choice"})


#: removal types of the ``removals`` lever group (field ``<type>_gt_per_yr``)
REMOVAL_TYPES: tuple[str, ...] = ("beccs", "daccs", "afforestation")


_CEILING = " (at most the region's ceiling in every year, removal_limits.csv)"


class RemovalLevers(LeverGroup):
    """Carbon dioxide removal by type: Gt CO2/yr trajectories, linear from 0 in 2024.

    BECCS and DACCS are subtracted from fossil CO2, afforestation and
    reforestation from land-use CO2. Each path must stay under the region's
    ceiling in ``accord/data/removal_limits.csv`` in every year (checked when
    the scenario is resolved). A target counts the removals a scenario sets and
    never adds more.
    """

    heading = "Carbon removal (BECCS, DACCS, afforestation)"
    sector = "removals"

    beccs_gt_per_yr: Trajectory | None = path_lever(
        0, 10, "Gt CO2/yr", "bioenergy with carbon capture and storage" + _CEILING, "0 in 2024")
    daccs_gt_per_yr: Trajectory | None = path_lever(
        0, 10, "Gt CO2/yr", "direct air capture with storage" + _CEILING, "0 in 2024")
    afforestation_gt_per_yr: Trajectory | None = path_lever(
        0, 10, "Gt CO2/yr", "new afforestation and reforestation sink" + _CEILING, "0 in 2024")
