"""Fuel-supply methane follows the fuel burned, levers and targets alike.

Coal mines emit with the coal they deliver and oil and gas systems with the oil and
gas (sector-facts section 4; ``accord.emissions.fugitive``). A lever that burns less
oil, or a target whose CO2 cut is fuel not burned, therefore lowers the supply
methane too; the methane levers and a target's methane abatement cut it per unit of
fuel. Hand cases, the exact rule over random levers, and a target met exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from accord.emissions.fugitive import SUPPLY_FUELS
from accord.emissions.regional import CH4_SOURCES, EMISSION_YEARS, regional_pathways, supply_weights
from accord.emissions.targets import apply_targets, base_net_ghg_mt_co2e, max_cut
from accord.emissions.world import as_resolved, region_emissions
from accord.energy.sectors import END_USE, SECTORS
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import REGIONS, TargetLevers
from lever_strategies import scenarios

CP = resolve(load_scenario("current-policies"))
YEARS = list(EMISSION_YEARS)
ROWS = [SECTORS.index(s) for s in END_USE]
SUPPLY = {s: CH4_SOURCES.index(s) for s in SUPPLY_FUELS}


def _index(e, power_mt=None, sector_mt=None):
    """Supply index of each source with the fuel the CO2 arrays leave burned."""
    return dict(zip(SUPPLY_FUELS, e.supply_index(power_mt, sector_mt), strict=True))


def test_oil_and_gas_methane_follows_oil_and_gas_use_by_hand():
    # India under current policies: oil-and-gas methane in 2050 over 2023 is
    # w * (gas + oil generation ratio) + (1 - w) * (end-use oil + gas energy ratio),
    # w = power's share of India's 2023 oil and gas CO2 (module doc of fugitive)
    e = regional_pathways("India", CP.regions["India"])
    i = YEARS.index(2050)
    gen = e.power.generation("gas") + e.power.generation("oil")  # 2024 stands for 2023
    fe = sum(e.end_use.fuel(f) for f in ("oil", "gas"))
    w = supply_weights("India", e.power)[1]
    expected = w * gen[i - 1] / gen[0] + (1 - w) * fe[i] / fe[0]
    og = e.ch4_mt[SUPPLY["oil_gas"]]
    assert og[i] / og[0] == pytest.approx(expected, rel=1e-12)
    assert 0.0 < w < 1.0


def test_burning_less_oil_lowers_oil_and_gas_methane():
    # transport electrification replaces oil: less oil burned, less oil-and-gas methane
    deal = {"name": "ev", "regions": {"China": {"end_use": {
        "transport_electrification_frac": {"2030": 0.4, "2040": 0.8}}}}}
    ev = region_emissions(as_resolved(deal))["China"]
    cp = region_emissions(as_resolved("current-policies"))["China"]
    i = YEARS.index(2040)
    assert ev.end_use.fuel("oil")[i] < cp.end_use.fuel("oil")[i]
    assert ev.ch4_mt[SUPPLY["oil_gas"], i] < cp.ch4_mt[SUPPLY["oil_gas"], i]
    others = [k for k, s in enumerate(CH4_SOURCES) if s not in SUPPLY_FUELS]
    np.testing.assert_array_equal(ev.ch4_mt[others], cp.ch4_mt[others])


def test_a_co2_target_cuts_the_supply_methane_with_the_fuel_exactly():
    # a CO2-only target abates no methane per unit of fuel: each supply source falls by
    # exactly the share of its fuel the cut leaves burned, year by year
    e = regional_pathways("China", CP.regions["China"])
    capped = apply_targets(e, TargetLevers(net_zero_year=2060, net_zero_scope="co2"))
    before, after = _index(e), _index(capped, capped.co2_power_mt, capped.co2_sector_mt)
    for source, k in SUPPLY.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(before[source] > 0, after[source] / before[source], 1.0)
        np.testing.assert_allclose(capped.ch4_mt[k], e.ch4_mt[k] * share, rtol=1e-12)
    # hand case: India cannot reach net-zero CO2 by 2030 (3.7 Gt of fossil CO2 cut at most
    # 45 %, against a land sink of about 0.4 Gt), so in 2030 power and every end-use
    # sector sit at the fossil CO2 floor (abatement_limits.csv, co2_fossil 2030: 0.45 cut):
    # 55 % of the fuel burned, 55 % of the supply methane
    e = regional_pathways("India", CP.regions["India"])
    capped = apply_targets(e, TargetLevers(net_zero_year=2030, net_zero_scope="co2"))
    assert [u.year for u in capped.unmet] == [2030]
    i = YEARS.index(2030)
    for k in SUPPLY.values():
        assert capped.ch4_mt[k, i] == pytest.approx(0.55 * e.ch4_mt[k, i], rel=1e-9)


def test_a_ghg_target_counting_the_supply_methane_is_met_exactly():
    # the quadratic share: US net GHG -61 % vs 2005 by 2030 binds and is met exactly,
    # the supply methane falling with the fuel counted in the cut
    e = regional_pathways("United States", CP.regions["United States"])
    t = TargetLevers(ghg_cut_pct=61.0, ghg_base_year=2005, ghg_target_year=2030)
    capped = apply_targets(e, t)
    assert capped.unmet == ()
    i = YEARS.index(2030)
    goal = 0.39 * base_net_ghg_mt_co2e("United States", 2005)
    assert capped.net_ghg_inventory_mt_co2e()[i] == pytest.approx(goal, rel=1e-9)
    k = SUPPLY["oil_gas"]
    assert capped.ch4_mt[k, i] < e.ch4_mt[k, i]


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=scenarios())
def test_supply_methane_never_rises_and_keeps_its_floor_per_unit_of_fuel(scenario):
    resolved = resolve(scenario)
    regions = region_emissions(resolved)
    for region in REGIONS:
        before = regional_pathways(region, resolved.regions[region])
        after = regions[region]
        share = _index(after, after.co2_power_mt, after.co2_sector_mt)
        ref = _index(before)
        for source, k in SUPPLY.items():
            assert np.all(after.ch4_mt[k] <= before.ch4_mt[k] * (1 + 1e-12) + 1e-12)
            # per unit of fuel burned, a target never goes below the abatement floor
            with np.errstate(divide="ignore", invalid="ignore"):
                left = np.where(ref[source] > 0, share[source] / ref[source], 1.0)
            floor = (1 - max_cut(f"ch4_{source}")) * before.ch4_ref_mt[k] * left
            assert np.all(after.ch4_mt[k] >= np.minimum(floor, before.ch4_mt[k] * left)
                          - 1e-9), (region, source)
