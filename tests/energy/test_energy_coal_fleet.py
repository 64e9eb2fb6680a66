"""Coal retirement by plant age: the fleet limit by hand, monotone in the age, smooth."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.emissions.world import as_resolved, region_emissions
from accord.energy.base_year import power_base
from accord.energy.coal_fleet import CoalVintages, coal_fleet_limit_gw, coal_vintages
from accord.energy.power import YEARS, power_inputs, run_power
from accord.levers.errors import ScenarioError
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import REGIONS, PowerLevers
from lever_strategies import STANDARD_YEARS, field_strategy

CP = resolve(load_scenario("current-policies"))
TIGHT = 1e-9
# 100 GW: 60 % built 1970-1999 (2 %/yr), 20 % 2000-2019 (1 %/yr), 20 % 2020-2024 (4 %/yr)
SMALL = CoalVintages(edges=(1970.0, 2000.0, 2020.0, 2025.0), shares=(0.6, 0.2, 0.2))


def _at(series: np.ndarray, year: int) -> float:
    return float(series[list(YEARS).index(year)])


def test_fleet_limit_by_hand_for_a_small_vintage_table():
    age = np.full(YEARS.shape, 40.0)
    limit = coal_fleet_limit_gw(YEARS, 100.0, SMALL, 2030, None, age)
    assert np.all(np.isinf(limit[YEARS < 2030]))  # new plants replace closing ones until 2030
    # 2030: built after 1990 = 10 yr x 2 %/yr + 20 % + 20 % = 60 %
    assert _at(limit, 2030) == pytest.approx(60.0)
    assert _at(limit, 2040) == pytest.approx(40.0)  # built after 2000
    assert _at(limit, 2050) == pytest.approx(30.0)  # after 2010: 10 yr x 1 %/yr + 20 %
    assert _at(limit, 2062) == pytest.approx(12.0)  # after 2022: 3 yr x 4 %/yr
    assert np.all(limit[YEARS >= 2065] == 0.0)      # the youngest plant (2024) is 40 in 2065
    # with a phase-out in 2060 the lower limit wins: 100 x (2060 - t) / (2060 - 2024)
    both = coal_fleet_limit_gw(YEARS, 100.0, SMALL, 2030, 2060, age)
    assert _at(both, 2030) == pytest.approx(60.0)                 # 83.3 by phase-out
    assert _at(both, 2050) == pytest.approx(100.0 * 10 / 36)      # 27.8 < 30 by age
    assert np.all(both[YEARS < 2030] == pytest.approx(100.0 * (2060 - YEARS[YEARS < 2030]) / 36))


def test_a_closed_plant_stays_closed_when_the_age_rises_again():
    # age 40 in 2030 falling to 30 in 2040, then rising to 50 in 2050 (linear between)
    age = np.interp(YEARS, [2030, 2040, 2050], [40.0, 30.0, 50.0])
    limit = coal_fleet_limit_gw(YEARS, 100.0, SMALL, 2030, None, age)
    assert _at(limit, 2040) == pytest.approx(30.0)  # built after 2010
    # 2045: age 40, cutoff 2005 < 2010 - the 2005-2010 plants do not reopen
    assert _at(limit, 2045) == pytest.approx(30.0)
    assert _at(limit, 2050) == pytest.approx(30.0)


def test_vintage_proxy_by_hand():
    # Ember via OWID coal generation (TWh): China 1,980.15 (2005), 4,046.17 (2015), 5,827.6 (2024)
    china = coal_vintages("China")
    assert china.shares[2] == pytest.approx((5827.6 - 4046.17) / 5827.6, abs=1e-4)
    assert china.shares[1] == pytest.approx((4046.17 - 1980.15) / 5827.6, abs=1e-4)
    # median build year inside 2005-2014: 2015 - (0.5 - 0.3057) / 0.03545 = 2009.5, age 14.5
    assert float(np.interp(0.5, china.built_after(np.array([2015.0, 2005.0])),
                           [2015.0, 2005.0])) == pytest.approx(2009.52, abs=0.01)
    # US coal generation fell 2005 -> 2015 -> 2024: no net additions, all built before 2005
    assert coal_vintages("United States").shares == (1.0, 0.0, 0.0)
    for region in REGIONS:
        assert sum(coal_vintages(region).shares) == pytest.approx(1.0, abs=1e-4), region


def _power(region: str, changes: dict[str, Any]) -> Any:
    levers = {**CP.regions[region].power.model_dump(exclude_none=True), **changes}
    return run_power(power_inputs(region, PowerLevers.model_validate(levers)))


@st.composite
def _age_pair(draw: st.DrawFn) -> tuple[dict[str, float], dict[str, float]]:
    """An age trajectory and one lower than it in every year (same milestones, values lower)."""
    high = draw(field_strategy("power", "coal_retirement_age_yr"))
    cuts = {y: draw(st.floats(0, 60)) for y in high}
    return high, {y: max(20.0, v - cuts[y]) for y, v in high.items()}


OTHER = ("demand_growth_pct_per_yr", "solar_additions_gw_per_yr", "coal_to_gas_switch_frac",
         "ccs_share_frac")


@st.composite
def _power_case(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, float], dict[str, float]]:
    region = draw(st.sampled_from(REGIONS))
    base: dict[str, Any] = {n: draw(field_strategy("power", n)) for n in OTHER
                            if draw(st.booleans())}
    years = sorted(draw(st.lists(st.integers(2025, 2100), min_size=2, max_size=2)))
    base["no_new_coal_from_year"] = years[0]
    if draw(st.booleans()):
        base["coal_phase_out_year"] = years[1]
    high, low = draw(_age_pair())
    return region, base, high, low


@settings(max_examples=60, deadline=None, derandomize=True)
@given(case=_power_case())
def test_lowering_the_retirement_age_never_raises_coal_or_power_co2(case):
    region, base, high, low = case
    a = _power(region, dict(base, coal_retirement_age_yr=high))
    b = _power(region, dict(base, coal_retirement_age_yr=low))
    assert np.all(b.generation("coal") <= a.generation("coal") + TIGHT)
    assert np.all(b.co2_mt.sum(axis=0) <= a.co2_mt.sum(axis=0) + TIGHT)
    assert b.generation("coal").sum() <= a.generation("coal").sum() + TIGHT
    np.testing.assert_allclose(b.generation_twh.sum(axis=0), b.demand_twh, rtol=1e-12)


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=_power_case())
def test_lowering_the_retirement_age_never_raises_the_regions_cumulative_co2_or_ghg(case):
    region, base, high, low = case

    def cumulative(age: dict[str, float]) -> tuple[float, float]:
        s = as_resolved({"name": "m", "regions": {region: {
            "power": dict(base, coal_retirement_age_yr=age)}}})
        e = region_emissions(s)[region]
        return float(e.co2_fossil_mt().sum()), float(e.net_ghg_mt_co2e().sum())

    (co2_low, ghg_low), (co2_high, ghg_high) = cumulative(low), cumulative(high)
    assert co2_low <= co2_high + 1e-9 * abs(co2_high)
    # coal-mine methane follows coal burned, so net GHG (CO2 + CH4 + N2O) falls too
    assert ghg_low <= ghg_high + 1e-9 * abs(ghg_high)


@st.composite
def _slow_ages(draw: st.DrawFn) -> dict[str, float]:
    """Milestones at the standard years moving at most one year of age per year."""
    years = sorted(draw(st.lists(st.sampled_from(STANDARD_YEARS), min_size=1, max_size=5,
                                 unique=True)))
    value = draw(st.floats(20, 80))
    out = {str(years[0]): value}
    for before, year in itertools.pairwise(years):
        value = float(np.clip(value + draw(st.floats(-1, 1)) * (year - before), 20, 80))
        out[str(year)] = value
    return out


@settings(max_examples=80, deadline=None, derandomize=True)
@given(region=st.sampled_from(REGIONS), start=st.integers(2025, 2100), age=_slow_ages())
def test_retirement_by_age_closes_at_most_8_percent_of_the_fleet_a_year(region, start, age):
    levers = dict(CP.regions[region].power.model_dump(exclude_none=True),
                  no_new_coal_from_year=start, coal_retirement_age_yr=age)
    limit = power_inputs(region, PowerLevers.model_validate(levers)).coal_fleet_limit_gw
    coal0 = power_base(region).capacity_end_gw["coal"]
    after = limit[YEARS >= start]  # the no-new-coal year itself is named by a lever
    assert np.all(np.diff(after) <= TIGHT)                  # closing only
    assert np.all(-np.diff(after) <= 0.08 * coal0 + TIGHT)  # at most 8 % of the fleet a year


def test_the_age_binds_only_once_no_new_coal_may_be_built():
    # without no_new_coal_from_year, closing plants are replaced: the age changes nothing
    a = _power("China", {"coal_retirement_age_yr": 20})
    b = _power("China", {"coal_retirement_age_yr": 80})
    np.testing.assert_array_equal(a.generation_twh, b.generation_twh)
    # with it, a young retirement age closes China's pre-2005 plants in 2030 (34 % of 1,190 GW)
    lv = dict(CP.regions["China"].power.model_dump(exclude_none=True), no_new_coal_from_year=2030,
              coal_retirement_age_yr=25)
    limit = power_inputs("China", PowerLevers.model_validate(lv)).coal_fleet_limit_gw
    assert _at(limit, 2030) == pytest.approx(1190 * (0.3545 + 0.3057), rel=1e-4)


@pytest.mark.parametrize("value", [10, 95, {"2030": 40, "2040": 19.5}])
def test_retirement_age_out_of_range_is_one_line_with_range_and_fix(value):
    with pytest.raises(ScenarioError) as info:
        load_scenario({"name": "x", "regions": {"India": {"power": {
            "coal_retirement_age_yr": value}}}})
    msg = str(info.value)
    assert "\n" not in msg
    assert 'regions."India".power.coal_retirement_age_yr' in msg
    assert "allowed range 20 to 80 yr" in msg and "fix: set the" in msg
