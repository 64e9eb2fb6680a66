"""Physical bounds and composition over random settings of every lever group at once.

deal-model-v2 invariants 1 and 3: for any levers in their ranges (and removals under
their ceilings), in every region at once and under any reference world, the world fed
to the climate model is the regions plus the remainder, no CH4, N2O, aerosol,
precursor, F-gas or ODS emission is negative, and gross fossil CO2 is not negative.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from accord.data import ssp_emissions
from accord.emissions.bounds import NON_NEGATIVE, PhysicsError, check_world, first_implausible
from accord.emissions.world import (
    as_resolved,
    region_emissions,
    regions_array,
    scenario_remainder,
    world_array,
)
from accord.levers.errors import ScenarioError
from accord.levers.loading import load_scenario, preset_names, resolve
from lever_strategies import scenarios

SPECIES = [str(s) for s in ssp_emissions().species]
YEARS = np.asarray(ssp_emissions().years)
FUTURE = YEARS >= 2023


def _check_physics(resolved: Any) -> None:
    regions = region_emissions(resolved)
    parts = regions_array(regions) + scenario_remainder(resolved)
    if first_implausible(parts, 2023) is not None:
        # compounding levers (a growth rate held for decades) can build a world above the
        # plausibility bound (5 x the SSP extremes): a user error naming the region, never
        # a verdict; the physical bounds below still hold for the regions' own arrays
        with pytest.raises(ScenarioError, match="above the plausibility bound"):
            world_array(resolved)
        world = np.array(ssp_emissions().scenario(resolved.reference_world), dtype=float)
        world[FUTURE] = parts[FUTURE]
        check_world(world, removals_gt=sum(e.co2_removal_mt for e in regions.values()) / 1e3,
                    first_year=2023)
    else:
        world = world_array(resolved)  # raises PhysicsError itself if a bound breaks
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


def test_a_growth_rate_held_to_2100_is_refused_naming_the_region_and_the_levers():
    # 15 %/yr of electricity growth from 2025 to 2100 multiplies China's generation by
    # 1.15**76 (about 4e4): world fossil CO2 passes 5 x the largest SSP value (655 Gt/yr,
    # emissions_bounds.csv) long before 2100; the result must be an input error, not NaN
    scenario = {"name": "x", "regions": {"China": {"power": {
        "demand_growth_pct_per_yr": {"2100": 15}}}}}
    with pytest.raises(ScenarioError) as info:
        world_array(resolve(load_scenario(scenario)))
    message = str(info.value)
    assert message.startswith('regions."China":')
    assert "CO2 FFI" in message and "plausibility bound of 655" in message
    assert "demand_growth_pct_per_yr" in message and "fix:" in message
