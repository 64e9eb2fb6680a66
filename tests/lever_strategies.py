"""Hypothesis strategies for random lever settings, generic over the scenario schema.

Every field of every lever group in :data:`accord.levers.schema.LEVER_GROUPS` (a
region's and the scenario's own, ``international``) gets a strategy from its type
alone, so a lever added to the schema joins every property test that draws from here
without further code:

* a trajectory lever: one to four milestones at random whole years 2025-2100, each
  value anywhere in the lever's range (its ends half of the time);
* a year lever: a whole year in its range; a number: a float in its range;
* a choice: one of its allowed values.

Group rules the schema enforces across fields are respected: the coal phase-out is
not before the end of new coal, removals stay under their regional ceilings (a share
of the ceiling at each milestone; the ceilings are concave in time, so the path
between milestones stays under them too) and targets are drawn consistently.
"""

from __future__ import annotations

import typing
from typing import Any

from hypothesis import strategies as st

from accord.levers.errors import lever_range
from accord.levers.limits import removal_ceiling_gt
from accord.levers.schema import (
    GHG_BASE_YEARS,
    GROUPS,
    LEVER_GROUPS,
    REFERENCE_WORLDS,
    REGIONS,
    REMOVAL_TYPES,
    SCENARIO_GROUPS,
    Scenario,
    is_trajectory,
)
from accord.levers.tables import has_net_ghg

#: the milestone years of the design note (deal-model-v2, invariant 6)
STANDARD_YEARS = (2025, 2030, 2035, 2040, 2050, 2060, 2070, 2100)


def _value(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi))


def milestones(lo: float, hi: float, years: st.SearchStrategy[int] | None = None
               ) -> st.SearchStrategy[dict[str, float]]:
    """A trajectory as a scenario file writes it: ``{"2030": v, ...}``, values in range."""
    years = years if years is not None else st.integers(2025, 2100)
    return st.dictionaries(years.map(str), _value(lo, hi), min_size=1, max_size=4)


def field_strategy(group: str, name: str) -> st.SearchStrategy[Any]:
    """A strategy for one lever from its schema field alone."""
    info = LEVER_GROUPS[group].model_fields[name]
    lo, hi = lever_range(info)
    if is_trajectory(info):
        return milestones(float(lo), float(hi))
    if lo is not None and hi is not None:
        if name.endswith("_year"):
            return st.one_of(st.sampled_from([int(lo), int(hi)]), st.integers(int(lo), int(hi)))
        return _value(float(lo), float(hi))
    choices = [a for arg in typing.get_args(info.annotation) for a in typing.get_args(arg)
               if isinstance(a, str)]
    return st.sampled_from(choices)


def _plain_group(group: str, skip: tuple[str, ...] = ()) -> st.SearchStrategy[dict[str, Any]]:
    names = [n for n in LEVER_GROUPS[group].model_fields if n not in skip]
    return st.fixed_dictionaries({}, optional={n: field_strategy(group, n) for n in names})


@st.composite
def _power(draw: st.DrawFn) -> dict[str, Any]:
    out = draw(_plain_group("power", ("no_new_coal_from_year", "coal_phase_out_year")))
    years = sorted(draw(st.lists(st.integers(2025, 2100), min_size=2, max_size=2)))
    if draw(st.booleans()):
        out["no_new_coal_from_year"], out["coal_phase_out_year"] = years
    return out


@st.composite
def _removals(draw: st.DrawFn, region: str) -> dict[str, dict[str, float]]:
    out = {}
    for kind in REMOVAL_TYPES:
        if draw(st.booleans()):
            years = draw(st.lists(st.integers(2025, 2100), min_size=1, max_size=3, unique=True))
            out[f"{kind}_gt_per_yr"] = {
                str(y): draw(_value(0.0, 1.0)) * removal_ceiling_gt(region, kind, y)
                for y in sorted(years)}
    return out


@st.composite
def _targets(draw: st.DrawFn, region: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    target_year = None
    if draw(st.booleans()):
        base = draw(st.sampled_from(
            [y for y in GHG_BASE_YEARS if has_net_ghg(region, y)] + ["peak"]))
        target_year = draw(st.integers(2025, 2090))
        out.update(ghg_cut_pct=draw(_value(0.0, 100.0)), ghg_base_year=base,
                   ghg_target_year=target_year)
    if draw(st.booleans()):
        out["co2_peak_year"] = draw(st.integers(2024, 2100))
    if draw(st.booleans()):
        out["net_zero_year"] = draw(st.integers(max(2030, (target_year or 2029) + 1), 2100))
        out["net_zero_scope"] = draw(st.sampled_from(["co2", "ghg"]))
    return out


@st.composite
def region_levers(draw: st.DrawFn, region: str, targets: bool = True) -> dict[str, Any]:
    """Random levers of every group of ``region`` (TOML structure)."""
    out: dict[str, Any] = {}
    for group in GROUPS:
        if group == "power":
            out[group] = draw(_power())
        elif group == "removals":
            out[group] = draw(_removals(region))
        elif group == "targets":
            out[group] = draw(_targets(region)) if targets else {}
        else:
            out[group] = draw(_plain_group(group))
    return out


@st.composite
def scenarios(draw: st.DrawFn, targets: bool = True) -> Scenario:
    """A random scenario: every region's levers and the scenario's own drawn at once, any
    reference world."""
    regions = {r: draw(region_levers(r, targets)) for r in REGIONS}
    own = {group: draw(_plain_group(group)) for group in SCENARIO_GROUPS}
    return Scenario.model_validate({"name": "random", "regions": regions, **own,
                                    "reference_world": draw(st.sampled_from(REFERENCE_WORLDS))})
