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
from accord.emissions.bounds import NON_NEGATIVE, PhysicsError, check_world
from accord.emissions.world import (
    as_resolved,
    region_emissions,
    regions_array,
    remainder_array,
    world_array,
)
from accord.levers.loading import preset_names, resolve
from lever_strategies import scenarios

SPECIES = [str(s) for s in ssp_emissions().species]
YEARS = np.asarray(ssp_emissions().years)
FUTURE = YEARS >= 2023


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
