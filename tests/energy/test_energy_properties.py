"""Property tests: the monotonic responses hold for any lever values in range."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.energy.power import power_inputs, run_power
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import REGIONS, PowerLevers

CP = resolve(load_scenario("current-policies"))
SLACK = 1e-9

def _milestones(lo: float, hi: float) -> st.SearchStrategy[dict[str, float]]:
    return st.fixed_dictionaries({"2030": st.floats(lo, hi), "2040": st.floats(lo, hi)})


levers = st.fixed_dictionaries({
    "solar_additions_gw_per_yr": _milestones(0, 1500),
    "wind_additions_gw_per_yr": _milestones(0, 800),
    "storage_additions_gw_per_yr": st.floats(0, 500),
    "demand_growth_pct_per_yr": _milestones(-5, 15),
    "coal_to_gas_switch_frac": _milestones(0, 1),
    "ccs_share_frac": _milestones(0, 1),
})


def _run(region, changes):
    data = CP.regions[region].power.model_dump(exclude_none=True)
    data.update(changes)
    return run_power(power_inputs(region, PowerLevers.model_validate(data)))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(region=st.sampled_from(REGIONS), base=levers, extra=st.floats(1, 500))
def test_more_solar_never_raises_coal_or_co2(region, base, extra):
    a = _run(region, base)
    solar = base["solar_additions_gw_per_yr"]
    more = dict(base, solar_additions_gw_per_yr=dict(solar, **{"2030": min(
        solar["2030"] + extra, 2000.0)}))
    b = _run(region, more)
    assert np.all(b.generation("coal") <= a.generation("coal") + SLACK)
    assert np.all(b.co2_mt.sum(axis=0) <= a.co2_mt.sum(axis=0) + SLACK)
    np.testing.assert_allclose(b.generation_twh.sum(axis=0), b.demand_twh, rtol=1e-12)
    assert np.all(b.generation_twh >= 0) and np.all((b.curtailment_frac >= 0)
                                                    & (b.curtailment_frac <= 1))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(region=st.sampled_from(REGIONS), base=levers,
       years=st.tuples(st.integers(2025, 2100), st.integers(2025, 2100)))
def test_earlier_phase_out_never_raises_co2(region, base, years):
    early, late = sorted(years)
    a = _run(region, dict(base, coal_phase_out_year=late))
    b = _run(region, dict(base, coal_phase_out_year=early))
    assert np.all(b.co2_mt.sum(axis=0) <= a.co2_mt.sum(axis=0) + SLACK)
    assert np.all(b.so2_mt <= a.so2_mt + SLACK)
