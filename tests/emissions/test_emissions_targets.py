"""The target rule: caps bind on every source within its limit; shortfalls are reported."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.emissions.fugitive import SUPPLY_FUELS
from accord.emissions.regional import (
    CH4_SOURCES,
    EMISSION_YEARS,
    ch4_gwp,
    gwp,
    regional_pathways,
)
from accord.emissions.targets import apply_targets, base_net_ghg_mt_co2e, max_cut
from accord.emissions.world import as_resolved, baseline_regions, region_emissions, world_emissions
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import TargetLevers

CP = resolve(load_scenario("current-policies"))


def _fuel_left(capped, e, source):
    """Share of ``source``'s supply fuel use (fugitive.supply_index) the cap leaves."""
    k = list(SUPPLY_FUELS).index(source)
    return e.supply_index(capped.co2_power_mt, capped.co2_sector_mt)[k] / e.supply_index()[k]


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
        if source in SUPPLY_FUELS:  # per unit of fuel: the floor falls with the fuel burned
            floor = floor * _fuel_left(capped, e, source)
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
    # ... and the supply methane per unit of fuel at its floor while the fuel itself is
    # at 10 % (every sector's fossil CO2 at its floor: fuel not burned), so 10 % of that
    fuel = {"oil_gas": 0.10, "coal_mining": 0.10}
    ch4_floor = sum((1 - ch4_cut[s]) * fuel.get(s, 1.0) * b.ch4_ref_mt[k, i]
                    * ch4_gwp("EU27")[k] for k, s in enumerate(CH4_SOURCES))
    shortfall = ((1 - 0.90) * (b.co2_power_mt[i] + b.co2_other_mt[i]) + ch4_floor
                 + (1 - 0.25) * b.n2o_ref_mt[i] * gwp("N2O") + b.co2_land_mt[i] - 116.609)
    unmet = {(u.target, u.year): u.shortfall_mt_co2e for u in e.unmet}
    assert unmet[("net-zero GHG by 2050", 2050)] == pytest.approx(shortfall, rel=1e-9)
    assert 250 < shortfall < 350  # about 0.3 Gt
    # the EU's removal ceilings in 2050 (5.5, 2 and 4 Gt worldwide x 3.2 % of the land)
    # are 0.176 + 0.064 + 0.128 = 0.368 Gt: enough
    deal["regions"]["EU27"]["removals"] = {
        "beccs_gt_per_yr": {"2050": 0.175}, "daccs_gt_per_yr": {"2050": 0.064},
        "afforestation_gt_per_yr": {"2050": 0.128}}
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


# --- intensity targets: emissions per unit of GDP ---------------------------------------

#: India 2005 net GHG, inventory land use (energy_base_year.csv, OWID): fossil CO2 1,194.592
#: + land-use CO2 43.624 + CH4 796.301 + N2O 199.959 + gap (-400 inventory - (-24.334) model
#: 2023 land use = -375.666, land_accounting.csv) = 1,858.8 Mt CO2e
INDIA_2005_NET_GHG = 1194.592 + 43.624 + 796.301 + 199.959 - 375.666
#: GDP (Maddison 2023 via OWID, billion int-$ 2011): 2005 3,752.628; 2022 10,476.248,
#: then SSP2 6.5 %/yr for 2023-2030 (gdp_growth_ssp2.csv)
INDIA_GDP_2005 = 3752.628
INDIA_GDP_2030 = 10476.248 * 1.065 ** 8
#: NDC 2022: intensity 45 % below 2005 by 2030 -> cap = 0.55 x 1,858.8 / 3,752.6 x 17,337
INDIA_CAP_2030 = 0.55 * INDIA_2005_NET_GHG / INDIA_GDP_2005 * INDIA_GDP_2030


def _intensity(region, cut, base, target, scope=None):
    t = {"intensity_cut_pct": cut, "intensity_base_year": base, "intensity_target_year": target}
    if scope:
        t["intensity_scope"] = scope
    return region_emissions(as_resolved({"name": "x", "regions": {region: {"targets": t}}}))[
        region]


def test_india_intensity_target_hand_calculation():
    from accord.emissions.gdp import gdp_billion_usd

    assert INDIA_CAP_2030 == pytest.approx(4723.5, abs=1)  # the hand calculation above
    assert gdp_billion_usd("India", 2030) == pytest.approx(INDIA_GDP_2030, rel=1e-12)
    assert base_net_ghg_mt_co2e("India", 2005) == pytest.approx(INDIA_2005_NET_GHG, rel=1e-12)
    i = list(EMISSION_YEARS).index(2030)
    # current policies (4.49 Gt) lie under the NDC's cap: a 45 % cut holds without binding
    e = _intensity("India", 45.0, 2005, 2030)
    base = baseline_regions()["India"].net_ghg_inventory_mt_co2e()[i]
    assert base < INDIA_CAP_2030
    assert float(e.net_ghg_inventory_mt_co2e()[i]) == pytest.approx(base, rel=1e-9)
    # a 50 % cut binds: 0.50 / 0.55 x 4,723.5 = 4,294.1 Mt, met exactly
    e = _intensity("India", 50.0, 2005, 2030)
    assert float(e.net_ghg_inventory_mt_co2e()[i]) == pytest.approx(
        INDIA_CAP_2030 * 0.50 / 0.55, rel=1e-6)
    assert e.unmet == ()


def test_a_deeper_intensity_cut_than_the_limits_allow_is_reported_with_its_shortfall():
    e = _intensity("India", 65.0, 2005, 2030, scope="co2")
    i = list(e.years).index(2030)
    from accord.emissions.gdp import gdp_billion_usd
    from accord.emissions.targets import base_net_co2_mt

    cap = 0.35 * base_net_co2_mt("India", 2005) / INDIA_GDP_2005 * gdp_billion_usd("India", 2030)
    short = [u for u in e.unmet if u.year == 2030]
    assert short and "per GDP" in short[0].target
    assert float(e.net_co2_inventory_mt()[i]) - short[0].shortfall_mt_co2e == pytest.approx(
        cap, rel=1e-6)


def test_intensity_cap_after_the_target_year_grows_with_gdp():
    from accord.emissions.gdp import gdp_billion_usd

    e = _intensity("India", 45.0, 2005, 2030)
    net = e.net_ghg_inventory_mt_co2e()
    per_gdp = 0.55 * INDIA_2005_NET_GHG / INDIA_GDP_2005
    for year in (2031, 2040, 2060):
        cap = per_gdp * gdp_billion_usd("India", year)
        assert float(net[list(e.years).index(year)]) <= cap * (1 + 1e-9) + 1e-6


@settings(max_examples=25, deadline=None)
@given(region=st.sampled_from(["United States", "China", "India"]),
       cut=st.floats(0, 95), base=st.sampled_from([1990, 2005, 2015, 2020]),
       target=st.integers(2025, 2060), scope=st.sampled_from(["co2", "ghg"]))
def test_intensity_target_is_met_or_its_shortfall_reported(region, cut, base, target, scope):
    from accord.emissions.gdp import gdp_billion_usd
    from accord.emissions.targets import apply_targets as _apply
    from accord.emissions.targets import base_net_co2_mt

    e0 = _bottom_up(region)
    t = TargetLevers(intensity_cut_pct=cut, intensity_base_year=base,
                     intensity_target_year=target, intensity_scope=scope)
    e = _apply(e0, t)
    b = base_net_co2_mt(region, base) if scope == "co2" else base_net_ghg_mt_co2e(region, base)
    cap = (1 - cut / 100) * b / gdp_billion_usd(region, base) * gdp_billion_usd(region, target)
    net = e.net_co2_inventory_mt() if scope == "co2" else e.net_ghg_inventory_mt_co2e()
    before = e0.net_co2_inventory_mt() if scope == "co2" else e0.net_ghg_inventory_mt_co2e()
    i = list(e.years).index(target)
    short = sum(u.shortfall_mt_co2e for u in e.unmet if u.year == target)
    assert float(net[i]) <= max(cap, 0.0) + short + 1e-6 or float(net[i]) <= cap + 1e-6
    assert float(net[i]) <= float(before[i]) + 1e-9  # a cap never raises emissions


def test_a_target_below_a_past_peak_starts_its_line_in_2024():
    # China's 2035 NDC form: net GHG 8.5 % below its peak in 2035. With the levers of the
    # Sunnylands preset China's pathway peaks in 2023 (history), so the cap runs linearly
    # from the pathway's 2024 value to 0.915 x the peak in 2035, like every other
    # target's line, and asks nothing of 2023-2024 (hand calculation of the 2025 cap)
    e = regional_pathways("China", as_resolved("sunnylands-2023").regions["China"])
    capped = apply_targets(e, TargetLevers(ghg_cut_pct=8.5, ghg_base_year="peak",
                                           ghg_target_year=2035))
    years = list(e.years)
    net, after = e.net_ghg_inventory_mt_co2e(), capped.net_ghg_inventory_mt_co2e()
    peak = float(net[: years.index(2035) + 1].max())
    assert int(np.argmax(net[: years.index(2035) + 1])) == years.index(2023)
    start = float(net[years.index(2024)])
    cap_2025 = start + (0.915 * peak - start) / (2035 - 2024)
    assert after[years.index(2025)] == pytest.approx(min(net[years.index(2025)], cap_2025),
                                                     rel=1e-9)
    np.testing.assert_array_equal(after[:2], net[:2])
    assert after[years.index(2035)] <= 0.915 * peak * (1 + 1e-9)
