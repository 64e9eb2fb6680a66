"""The target rule: caps bind on every source within its limit; shortfalls are reported."""

from __future__ import annotations

import numpy as np
import pytest

from accord.emissions.regional import CH4_SOURCES, ch4_gwp, gwp, regional_pathways
from accord.emissions.targets import apply_targets, base_net_ghg_mt_co2e, max_cut
from accord.emissions.world import as_resolved, region_emissions, world_emissions
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import TargetLevers

CP = resolve(load_scenario("current-policies"))


def _bottom_up(region):
    return regional_pathways(region, CP.regions[region])


@pytest.mark.parametrize("cut", [0.0, 10.0, 40.0, 70.0, 95.0])
def test_a_cap_never_raises_any_component_and_keeps_every_floor(cut):
    e = _bottom_up("India")
    t = TargetLevers(ghg_cut_pct=cut, ghg_base_year=2023, ghg_target_year=2035)
    capped = apply_targets(e, t)
    for name in ("co2_power_mt", "co2_other_mt", "ch4_mt", "n2o_mt"):
        assert np.all(getattr(capped, name) <= getattr(e, name) + 1e-9), name
    assert np.all(capped.net_ghg_mt_co2e() <= e.net_ghg_mt_co2e() + 1e-9)
    # floors: (1 - max cut) of the level before the target (sector-facts section 4)
    fossil = 1.0 - max_cut("co2_fossil")
    assert np.all(capped.co2_power_mt >= fossil * e.co2_power_mt - 1e-9)
    assert np.all(capped.co2_other_mt >= fossil * e.co2_other_mt - 1e-9)
    for i, source in enumerate(CH4_SOURCES):
        floor = (1.0 - max_cut(f"ch4_{source}")) * e.ch4_ref_mt[i]
        assert np.all(capped.ch4_mt[i] >= floor - 1e-9), source
    assert np.all(capped.n2o_mt >= (1.0 - max_cut("n2o")) * e.n2o_ref_mt - 1e-9)
    np.testing.assert_array_equal(capped.co2_removal_mt, e.co2_removal_mt)  # no new removal


def test_a_binding_cap_cuts_power_too():
    e = _bottom_up("China")
    capped = apply_targets(e, TargetLevers(ghg_cut_pct=30.0, ghg_base_year=2023,
                                           ghg_target_year=2035))
    i = list(e.years).index(2035)
    assert capped.co2_power_mt[i] < e.co2_power_mt[i] - 1.0


def test_binding_cap_is_met_exactly_and_held():
    e = _bottom_up("EU27")
    t = TargetLevers(ghg_cut_pct=60.0, ghg_base_year=2005, ghg_target_year=2035)
    capped = apply_targets(e, t)
    # EU27 2005 net GHG (country-facts section 5) plus the inventory land gap
    # -240 - (-123) = -117 (land_accounting.csv, sector-facts section 6)
    base = 3536 + 583 + 274 - 117
    years = list(capped.years)
    net = capped.net_ghg_inventory_mt_co2e()
    assert net[years.index(2035)] == pytest.approx(0.4 * base, rel=1e-3)
    assert np.all(net[capped.years >= 2035] <= net[years.index(2035)] * (1 + 1e-9))
    assert base_net_ghg_mt_co2e("EU27", 2005) == pytest.approx(base, abs=1.5)
    assert capped.unmet == ()


def test_shortfall_is_reported_exactly_and_met_with_enough_removal():
    deal = {"name": "eu-net-zero", "regions": {"EU27": {"targets": {
        "net_zero_year": 2050, "net_zero_scope": "ghg"}}}}
    e = region_emissions(as_resolved(deal))["EU27"]
    b = _bottom_up("EU27")
    i = list(b.years).index(2050)
    # hand calculation for 2050, where the cap is 0: every source at its floor
    # (sector-facts section 4, abatement_limits.csv: fossil CO2 90 %, CH4 oil and gas
    # 85 %, coal mining 55 %, agriculture 35 %, waste 55 %, other 0 %, N2O 25 %), plus
    # land use in inventory accounting (bookkeeping + gap of -117 Mt), no removal
    ch4_cut = {"oil_gas": 0.85, "coal_mining": 0.55, "agriculture": 0.35, "waste": 0.55,
               "other": 0.0}
    ch4_floor = sum((1 - ch4_cut[s]) * b.ch4_ref_mt[k, i] * ch4_gwp("EU27")[k]
                    for k, s in enumerate(CH4_SOURCES))
    shortfall = ((1 - 0.90) * (b.co2_power_mt[i] + b.co2_other_mt[i]) + ch4_floor
                 + (1 - 0.25) * b.n2o_ref_mt[i] * gwp("N2O") + b.co2_land_mt[i] - 116.609)
    unmet = {(u.target, u.year): u.shortfall_mt_co2e for u in e.unmet}
    assert unmet[("net-zero GHG by 2050", 2050)] == pytest.approx(shortfall, rel=1e-9)
    assert 300 < shortfall < 400  # about 0.35 Gt
    # the EU's removal ceilings in 2050 (5.5, 2 and 4 Gt worldwide x 3.2 % of the land)
    # are 0.176 + 0.064 + 0.128 = 0.368 Gt: enough
    deal["regions"]["EU27"]["removals"] = {
        "beccs_gt_per_yr_2050": 0.175, "beccs_gt_per_yr_2100": 0.175,
        "daccs_gt_per_yr_2050": 0.064, "daccs_gt_per_yr_2100": 0.064,
        "afforestation_gt_per_yr_2050": 0.128, "afforestation_gt_per_yr_2100": 0.128}
    met = region_emissions(as_resolved(deal))["EU27"]
    assert met.unmet == ()
    assert met.net_ghg_inventory_mt_co2e()[i] == pytest.approx(0.0, abs=1e-6)


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
