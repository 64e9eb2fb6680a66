"""Power model invariants and monotonic responses to the levers."""

from __future__ import annotations

import numpy as np
import pytest

from accord.energy.base_year import power_base
from accord.energy.curtailment import curtailment_curve, delivered_vre_twh
from accord.energy.power import YEARS, power_inputs, run_power
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import REGIONS, PowerLevers

CP = resolve(load_scenario("current-policies"))
TIGHT = 1e-9  # floating-point slack for "never raises"


def _run(region: str, **changes: object):
    levers = {**CP.regions[region].power.model_dump(exclude_none=True), **changes}
    return run_power(power_inputs(region, PowerLevers.model_validate(levers)))


SCENARIOS = [
    ("China", {}),
    ("India", {"solar_additions_gw_per_yr": {"2025": 400.0, "2030": 400.0},
               "storage_additions_gw_per_yr": 0.0}),
    ("EU27", {"solar_additions_gw_per_yr": {"2030": 65, "2035": 1500.0, "2050": 1500.0},
              "wind_additions_gw_per_yr": {"2030": 13, "2035": 600.0, "2050": 600}}),
    ("United States", {"coal_phase_out_year": 2030, "ccs_share_frac": 0.5}),
    ("Rest of World", {"no_new_coal_from_year": 2025, "coal_to_gas_switch_frac": 1.0,
                       "demand_growth_pct_per_yr": {"2030": 3.0, "2035": -5.0}}),
]


@pytest.mark.parametrize(("region", "changes"), SCENARIOS)
def test_energy_balance_closes_and_nothing_is_negative(region, changes):
    r = _run(region, **changes)
    # generation by source sums to demand every year (demand = generation, net imports aside)
    np.testing.assert_allclose(r.generation_twh.sum(axis=0), r.demand_twh, rtol=1e-12)
    assert np.all(r.generation_twh >= 0)
    assert np.all(r.capacity_gw >= 0)
    assert np.all((r.curtailment_frac >= 0) & (r.curtailment_frac <= 1))
    assert np.all(r.co2_mt >= 0) and np.all(r.so2_mt >= 0)


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize(("lever", "year"), [("solar_additions_gw_per_yr", 2030),
                                            ("wind_additions_gw_per_yr", 2040),
                                            ("solar_additions_gw_per_yr", 2060)])
def test_more_solar_or_wind_never_raises_coal_or_power_co2(region, lever, year):
    path = getattr(CP.regions[region].power, lever)
    previous = None
    for extra in (0.0, 20.0, 100.0, 500.0, 1500.0):
        value = min(path.at(year) + extra, 2000.0 if "solar" in lever else 1000.0)
        r = _run(region, **{lever: path.with_milestone(year, value)})
        if previous is not None:
            assert np.all(r.generation("coal") <= previous.generation("coal") + TIGHT)
            assert np.all(r.co2_mt.sum(axis=0) <= previous.co2_mt.sum(axis=0) + TIGHT)
        previous = r


@pytest.mark.parametrize("region", REGIONS)
def test_earlier_coal_phase_out_never_raises_co2(region):
    previous = None
    for year in (2100, 2060, 2045, 2035, 2030, 2026):
        r = _run(region, coal_phase_out_year=year)
        if previous is not None:
            assert np.all(r.co2_mt.sum(axis=0) <= previous.co2_mt.sum(axis=0) + TIGHT)
            assert np.all(r.generation("coal") <= previous.generation("coal") + TIGHT)
        previous = r
    # once phased out (and no CCS), unabated coal generation is zero
    assert np.all(previous.generation("coal")[YEARS >= 2026] == 0.0)


@pytest.mark.parametrize("region", REGIONS)
def test_cutting_coal_lowers_so2(region):
    base = _run(region)
    cut = _run(region, coal_phase_out_year=2035)
    # from 2035, wherever the baseline still burns coal (EU27's current policies end it
    # in the 2040s; both are then zero)
    after = (YEARS >= 2035) & (base.generation("coal") > 0)
    assert after.sum() >= 5
    assert np.all(cut.so2_mt[after] < base.so2_mt[after])
    # gas replaces coal: SO2 falls by (coal factor - gas factor) per TWh moved
    moved = base.generation("coal")[after] - cut.generation("coal")[after]
    assert np.all(moved > 0)


def test_storage_lowers_curtailment():
    high_solar = {"solar_additions_gw_per_yr": {"2025": 900.0, "2030": 900.0}}
    low = _run("China", storage_additions_gw_per_yr=0.0, **high_solar)
    high = _run("China", storage_additions_gw_per_yr=300.0, **high_solar)
    assert np.all(high.curtailment_frac <= low.curtailment_frac + TIGHT)
    assert high.curtailment_frac[-1] < low.curtailment_frac[-1]


def test_curtailment_rises_with_share():
    curve = curtailment_curve()
    pot = np.linspace(1.0, 150.0, 60)
    delivered = delivered_vre_twh(pot, np.full(60, 100.0), np.zeros(60), curve)
    frac = 1.0 - delivered / pot
    assert np.all(np.diff(frac) >= -TIGHT)
    assert np.all(np.diff(delivered) >= -TIGHT)  # delivered output never falls


def test_coal_co2_factor_by_hand():
    # IPCC 2006 default 94.6 t CO2/TJ, 37 % efficiency: 94.6 x 3.6e-3 / 0.37 = 0.92043 t/MWh
    r = _run("United States")
    assert r.co2_mt[0, 0] == pytest.approx(652.16 * 94.6 * 3.6e-3 / 0.37, rel=1e-9)


def test_ccs_captures_90_percent_of_the_fitted_share():
    plain = _run("China")
    ccs = _run("China", ccs_share_frac={"2050": 1.0})
    i = list(YEARS).index(2050)  # full CCS share reached in 2050
    # same coal generation (CCS does not change dispatch); 90 % capture (IPCC SRCCS)
    assert ccs.generation("coal")[i] == pytest.approx(plain.generation("coal")[i])
    assert ccs.co2_mt[0, i] == pytest.approx(0.1 * plain.co2_mt[0, i])


def test_power_co2_consistent_with_national_coal_and_lifecycle_facts():
    # country-facts section 5 (2023 coal CO2, Mt) and section 3 (2024 power lifecycle GHG, Mt CO2e)
    coal_co2 = {"United States": 777, "China": 8551, "EU27": 549, "India": 2032}
    lifecycle = {"United States": 1685, "China": 5602, "EU27": 586, "India": 1437}
    for region in coal_co2:
        r = _run(region)
        # power burns part of the nation's coal, never more
        assert r.co2_mt[0, 0] < coal_co2[region]
        # direct combustion CO2 lies below Ember's lifecycle GHG but not far below
        ratio = r.co2_mt[:, 0].sum() / lifecycle[region]
        assert 0.75 < ratio <= 1.0, (region, ratio)


def test_base_year_capacity_factor_of_us_nuclear_by_hand():
    # 781.9 TWh / (97 GW x 8760 h) = 0.920 (country-facts 1 and 8)
    assert power_base("United States").capacity_factor("nuclear") == pytest.approx(
        781.9e3 / (97 * 8760), rel=1e-3)
