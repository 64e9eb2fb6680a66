"""Physical bounds and composition over random settings of every lever group at once.

deal-model-v2 invariants 1 and 3: for any levers in their ranges (and removals under
their ceilings), in every region at once and under any reference world, the world fed
to the climate model is the regions plus the remainder, no CH4, N2O, aerosol,
precursor, F-gas or ODS emission is negative, and gross fossil CO2 is not negative.
"""

from __future__ import annotations

from typing import Any

import annotated_types
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.data import ssp_emissions
from accord.emissions.bounds import NON_NEGATIVE, PhysicsError, check_world
from accord.emissions.world import (
    as_resolved,
    region_emissions,
    regions_array,
    remainder_array,
    world_array,
)
from accord.levers.limits import removal_ceiling_gt
from accord.levers.loading import preset_names, resolve
from accord.levers.schema import (
    GHG_BASE_YEARS,
    GROUPS,
    REFERENCE_WORLDS,
    REGIONS,
    REMOVAL_TYPES,
    REMOVAL_YEARS,
    Scenario,
)
from accord.levers.tables import has_net_ghg

SPECIES = [str(s) for s in ssp_emissions().species]
YEARS = np.asarray(ssp_emissions().years)
FUTURE = YEARS >= 2023


def _bounds(group: str, name: str) -> tuple[float, float]:
    info = GROUPS[group].model_fields[name]
    lo = next(m.ge for m in info.metadata if isinstance(m, annotated_types.Ge))
    hi = next(m.le for m in info.metadata if isinstance(m, annotated_types.Le))
    return float(lo), float(hi)


def _number(group: str, name: str) -> st.SearchStrategy[Any]:
    lo, hi = _bounds(group, name)
    if name.endswith("_year"):
        return st.one_of(st.sampled_from([int(lo), int(hi)]), st.integers(int(lo), int(hi)))
    # extreme corners half of the time
    return st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi))


def _plain_group(group: str, skip: tuple[str, ...] = ()) -> st.SearchStrategy[dict[str, Any]]:
    names = [n for n in GROUPS[group].model_fields if n not in skip]
    return st.fixed_dictionaries({}, optional={n: _number(group, n) for n in names})


@st.composite
def _power(draw: st.DrawFn) -> dict[str, Any]:
    out = draw(_plain_group("power", ("no_new_coal_from_year", "coal_phase_out_year")))
    years = sorted(draw(st.lists(st.integers(2025, 2100), min_size=2, max_size=2)))
    if draw(st.booleans()):
        out["no_new_coal_from_year"], out["coal_phase_out_year"] = years
    return out


@st.composite
def _removals(draw: st.DrawFn, region: str) -> dict[str, float]:
    out = {}
    for kind in REMOVAL_TYPES:
        for year in REMOVAL_YEARS:
            share = draw(st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1)))
            out[f"{kind}_gt_per_yr_{year}"] = share * removal_ceiling_gt(region, kind, year)
    return out


@st.composite
def _targets(draw: st.DrawFn, region: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    target_year = None
    if draw(st.booleans()):
        base = draw(st.sampled_from(
            [y for y in GHG_BASE_YEARS if has_net_ghg(region, y)] + ["peak"]))
        target_year = draw(st.integers(2025, 2090))
        out.update(ghg_cut_pct=draw(st.one_of(st.sampled_from([0.0, 100.0]),
                                              st.floats(0, 100))),
                   ghg_base_year=base, ghg_target_year=target_year)
    if draw(st.booleans()):
        out["co2_peak_year"] = draw(st.integers(2024, 2100))
    if draw(st.booleans()):
        out["net_zero_year"] = draw(st.integers(max(2030, (target_year or 2029) + 1), 2100))
        out["net_zero_scope"] = draw(st.sampled_from(["co2", "ghg"]))
    return out


@st.composite
def _region(draw: st.DrawFn, region: str) -> dict[str, Any]:
    return {
        "power": draw(_power()),
        "other_co2": draw(_plain_group("other_co2")),
        "end_use": draw(_plain_group("end_use")),
        "land": draw(_plain_group("land")),
        "methane": draw(_plain_group("methane")),
        "other_gases": draw(st.fixed_dictionaries({}, optional={
            "n2o_cut_frac": _number("other_gases", "n2o_cut_frac"),
            "n2o_target_year": _number("other_gases", "n2o_target_year"),
            "kigali": st.sampled_from(["on", "accelerated", "off"])})),
        "removals": draw(_removals(region)),
        "targets": draw(_targets(region)),
    }


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    regions = {r: draw(_region(r)) for r in REGIONS}
    return Scenario.model_validate({"name": "random", "regions": regions,
                                    "reference_world": draw(st.sampled_from(REFERENCE_WORLDS))})


def _check_physics(resolved: Any) -> None:
    world = world_array(resolved)  # raises PhysicsError itself if a bound breaks
    regions = region_emissions(resolved)
    for j, specie in enumerate(SPECIES):
        if specie in NON_NEGATIVE:
            assert np.all(world[FUTURE, j] >= -1e-9), specie
    novel = sum(e.co2_removal_mt for e in regions.values()) / 1000.0
    assert np.all(world[FUTURE, 0] + novel >= -1e-9)  # gross fossil CO2
    for e in regions.values():
        for name in ("co2_power_mt", "co2_other_mt", "co2_removal_mt", "ch4_mt", "n2o_mt",
                     "so2_mt", "nox_mt", "bc_mt", "oc_mt", "removals_mt"):
            assert np.all(getattr(e, name) >= -1e-9), (e.region, name)
        assert np.all(e.co2_sector_mt >= -1e-9), e.region
        # the end-use sectors add up to the non-power fossil CO2, targets included
        np.testing.assert_allclose(e.co2_sector_mt.sum(axis=0), e.co2_other_mt,
                                   rtol=1e-9, atol=1e-9)
    parts = regions_array(regions) + remainder_array(resolved.reference_world)
    np.testing.assert_allclose(world[FUTURE], parts[FUTURE], rtol=1e-12, atol=1e-12)


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=scenarios())
def test_no_lever_setting_breaks_a_physical_bound_or_the_composition(scenario):
    _check_physics(resolve(scenario))


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_keeps_every_bound(name):
    _check_physics(as_resolved(name))


def test_the_check_catches_negative_methane_and_negative_gross_fossil_co2():
    world = np.array(ssp_emissions().scenario("ssp245"))
    world[YEARS == 2060, SPECIES.index("CH4")] = -0.5
    with pytest.raises(PhysicsError, match=r"CH4 is negative .* in 2060"):
        check_world(world, removals_gt=np.zeros(78), first_year=2023)
    world = np.array(ssp_emissions().scenario("ssp245"))
    world[YEARS == 2080, 0] = -3.0  # net fossil CO2 of -3 Gt with only 2 Gt of removal
    removals = np.where(np.arange(2023, 2101) == 2080, 2.0, 0.0)
    with pytest.raises(PhysicsError, match=r"gross fossil CO2 is negative .* in 2080"):
        check_world(world, removals_gt=removals, first_year=2023)
    check_world(world, removals_gt=removals + 1.0, first_year=2023)  # 3 Gt of removal: fine
