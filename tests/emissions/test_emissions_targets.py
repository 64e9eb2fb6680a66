"""The target rule: caps never raise emissions, bind exactly, and fall back on removal."""

from __future__ import annotations

import numpy as np
import pytest

from accord.emissions.regional import regional_pathways
from accord.emissions.targets import apply_targets, base_net_ghg_mt_co2e, residual_frac
from accord.emissions.world import world_emissions
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import TargetLevers

CP = resolve(load_scenario("current-policies"))


def _bottom_up(region):
    return regional_pathways(region, CP.regions[region])


@pytest.mark.parametrize("cut", [0.0, 10.0, 40.0, 70.0, 95.0])
def test_a_cap_never_raises_any_component(cut):
    e = _bottom_up("India")
    t = TargetLevers(ghg_cut_pct=cut, ghg_base_year=2023, ghg_target_year=2035)
    capped = apply_targets(e, t)
    assert np.all(capped.co2_other_mt <= e.co2_other_mt + 1e-9)
    assert np.all(capped.ch4_mt <= e.ch4_mt + 1e-9)
    assert np.all(capped.n2o_mt <= e.n2o_mt + 1e-9)
    assert np.all(capped.co2_removal_mt >= 0)
    assert np.all(capped.net_ghg_mt_co2e() <= e.net_ghg_mt_co2e() + 1e-9)
    np.testing.assert_array_equal(capped.co2_power_mt, e.co2_power_mt)  # power follows levers


def test_binding_cap_is_met_exactly_and_held():
    e = _bottom_up("EU27")
    t = TargetLevers(ghg_cut_pct=60.0, ghg_base_year=2005, ghg_target_year=2035)
    capped = apply_targets(e, t)
    goal = 0.4 * (3536 + 583 + 274)  # EU27 2005 net GHG, country-facts section 5
    years = list(capped.years)
    net = capped.net_ghg_mt_co2e()
    assert net[years.index(2035)] == pytest.approx(goal, rel=1e-3)
    assert np.all(net[capped.years >= 2035] <= net[years.index(2035)] * (1 + 1e-9))
    assert base_net_ghg_mt_co2e("EU27", 2005) == pytest.approx(3536 + 583 + 274, abs=1.5)


def test_deep_cut_uses_residual_floor_then_removal():
    e = _bottom_up("China")
    t = TargetLevers(net_zero_year=2040, net_zero_scope="ghg")
    capped = apply_targets(e, t)
    i = list(capped.years).index(2045)
    # non-power emissions are cut to the residual floor, removal closes the rest
    assert capped.co2_other_mt[i] == pytest.approx(residual_frac() * e.co2_other_mt[i])
    assert capped.co2_removal_mt[i] > 0
    assert capped.net_ghg_mt_co2e()[i] == pytest.approx(0.0, abs=1e-6)


def test_kigali_lever_moves_hfcs_only_after_2024():
    da = world_emissions([
        {"name": "acc", "regions": {r: {"other_gases": {"kigali": "accelerated"}}
                                    for r in ("United States", "China")}},
        {"name": "off", "regions": {"India": {"other_gases": {"kigali": "off"}}}},
        "current-policies",
    ])
    hfc = da.sel(specie="HFC-134a")
    base = hfc.sel(scenario="current-policies")
    assert float(hfc.sel(scenario="acc", year=2035)) < float(base.sel(year=2035))
    assert float(hfc.sel(scenario="off", year=2050)) > float(base.sel(year=2050))
    for s in ("acc", "off"):
        np.testing.assert_array_equal(hfc.sel(scenario=s, year=slice(1750, 2024)).values,
                                      base.sel(year=slice(1750, 2024)).values)


def test_world_coal_phase_out_removes_sulfate_and_co2():
    da = world_emissions([
        {"name": "nocoal", "regions": {r: {"power": {"coal_phase_out_year": 2035}}
                                       for r in ("China", "India")}},
        "current-policies",
    ])
    d = da.sel(scenario="nocoal") - da.sel(scenario="current-policies")
    after = d.sel(year=slice(2030, 2100))
    assert float(after.sel(specie="Sulfur").max()) < 0   # less sulfate cooling
    assert float(after.sel(specie="CO2 FFI").max()) < 0
    assert float(after.sel(specie="CH4").max()) < 0      # coal-mine methane follows coal
