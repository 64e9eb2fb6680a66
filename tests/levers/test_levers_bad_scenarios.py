"""The corpus of bad scenario files: each is rejected with field, value, allowed range and fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.levers.errors import ScenarioError
from accord.levers.loading import load_scenario, resolve

BAD = Path(__file__).parent / "bad_scenarios"

#: file -> (field named in the message, value as the message shows it, the allowed text)
EXPECTED = {
    "unknown_region.toml": ('regions."Chna"', "Chna", "allowed: United States, China"),
    "unknown_group.toml": ('regions."China".powr', "powr", "allowed: power, other_co2"),
    "unknown_lever.toml": ('regions."China".power.solar_gw', "solar_gw",
                           "allowed: demand_growth"),
    "typo_lever.toml": ('regions."India".power.solar_additons_gw_per_yr',
                        "did you mean solar_additions_gw_per_yr?", "allowed: demand_growth"),
    "solar_negative.toml": ('regions."China".power.solar_additions_gw_per_yr', "2030 = -10",
                            "allowed range 0 to 2000 GW/yr"),
    "solar_too_large.toml": ('regions."China".power.solar_additions_gw_per_yr', "2040 = 5000",
                             "allowed range 0 to 2000 GW/yr"),
    "wind_quoted_number.toml": ('regions."EU27".power.wind_additions_gw_per_yr',
                                '"80"', "allowed range 0 to 1000 GW/yr"),
    "phase_out_before_base_year.toml": ('regions."United States".power.coal_phase_out_year',
                                        "2020", "allowed range 2025 to 2100"),
    "phase_out_fractional_year.toml": ('regions."United States".power.coal_phase_out_year',
                                       "2035.5", "allowed range 2025 to 2100"),
    "phase_out_before_no_new_coal.toml": ('regions."India"', "coal_phase_out_year = 2030",
                                          "allowed: phase-out no earlier"),
    "demand_growth_too_high.toml": (
        'regions."India".power.demand_growth_pct_per_yr', "2030 = 25",
        "allowed range -5 to 15 %/yr"),
    "ccs_share_above_one.toml": ('regions."China".power.ccs_share_frac', "1.5",
                                 "allowed range 0 to 1 fraction"),
    "methane_cut_negative.toml": ('regions."Rest of World".methane.oil_gas_cut_frac', "-0.1",
                                  "allowed range 0 to 1 fraction"),
    "methane_cut_year_past.toml": ('regions."EU27".methane.oil_gas_cut_frac', "year 2020",
                                   "outside 2025 to 2100"),
    "methane_target_year_replaced.toml": ('regions."India".methane', "target_year = 2030",
                                          "oil_gas_cut_frac = {2030 = 0.3}"),
    "period_key_replaced.toml": ('regions."China".power',
                                 "solar_additions_gw_per_yr_2025_2030 = 300",
                                 "solar_additions_gw_per_yr = {2025 = 300, 2030 = 300}"),
    "end_use_year_key_replaced.toml": ('regions."China".end_use',
                                       "transport_electrification_frac_2040 = 0.5",
                                       "transport_electrification_frac = {2040 = 0.5}"),
    "milestone_year_fraction.toml": ('regions."United States".power.wind_additions_gw_per_yr',
                                     "the value for 2030 is a table",
                                     "whole years 2025 to 2100"),
    "milestones_empty.toml": ('regions."China".power.nuclear_capacity_gw', "no milestones",
                              "allowed range 0 to 2000 GW"),
    "milestone_not_a_year.toml": ('regions."India".power.solar_additions_gw_per_yr',
                                  "'mid-century'", "whole years 2025 to 2100"),
    "kigali_bad_choice.toml": ('regions."India".other_gases.kigali', '"yes"',
                               "allowed: 'on', 'accelerated' or 'off'"),
    "n2o_cut_boolean.toml": ('regions."India".other_gases.n2o_cut_frac', "True",
                             "allowed range 0 to 1"),
    "reference_world_unknown.toml": ("reference_world", '"ssp999"', "allowed: 'ssp119'"),
    "missing_name.toml": ("name", "missing", "allowed: 1-80 letters"),
    "top_level_typo.toml": ("regoins", "'regoins'", "allowed: name, title"),
    "ghg_cut_without_years.toml": ('regions."United States".targets', "ghg_cut_pct = 50",
                                   "needs ghg_base_year and ghg_target_year"),
    "ghg_base_year_without_data.toml": ('regions."United States".targets',
                                        "ghg_base_year = 1991", "allowed: 1990, 2005"),
    "row_base_year_1990.toml": ('regions."Rest of World".targets.ghg_base_year', "1990",
                                "allowed: a year with data"),
    "removal_above_ceiling.toml": ('regions."EU27".removals.beccs_gt_per_yr',
                                   "{2030 = 0, 2050 = 2}", "above the sourced ceiling for EU27"),
    "removal_negative.toml": ('regions."India".removals.daccs_gt_per_yr', "2100 = -0.5",
                              "allowed range 0 to 10 Gt CO2/yr"),
    "target_year_before_base_year.toml": ('regions."China".targets', "ghg_target_year = 2025",
                                          "allowed: a target year after the base year"),
    "net_zero_before_target.toml": ('regions."China".targets', "net_zero_year = 2030",
                                    "allowed: a later year"),
    "unknown_preset.toml": ("preset", "'paris'", "allowed: china-ndc-2030"),
    "net_zero_scope_bad.toml": ('regions."China".targets.net_zero_scope', '"all"',
                                "allowed: 'co2' or 'ghg'"),
    "peak_year_quoted.toml": ('regions."India".other_co2.peak_year', '"2040"',
                              "allowed range 1990 to 2100"),
    "floor_above_one.toml": ('regions."EU27".other_co2.floor_frac', "1.2",
                             "allowed range 0 to 1"),
    "nuclear_negative.toml": ('regions."United States".power.nuclear_capacity_gw', "2035 = -5",
                              "allowed range 0 to 2000 GW"),
    "land_flux_too_large.toml": ('regions."Rest of World".land.co2_mt_per_yr', "2050 = 20000",
                                 "allowed range -5000 to 10000 Mt CO2/yr"),
    "name_with_slash.toml": ("name", '"../evil"', "allowed: 1-80 letters"),
    "lever_outside_its_group.toml": ('regions."China".solar_additions_gw_per_yr',
                                     "'solar_additions_gw_per_yr'",
                                     "allowed: power, other_co2"),
    "regions_not_a_table.toml": ("regions", "5", 'allowed: tables [regions."<region>"'),
    "source_date_not_a_date.toml": ("sources.0.date", '"last year"',
                                    "allowed: YYYY, YYYY-MM or YYYY-MM-DD"),
    "intensity_without_gdp.toml": ('regions."EU27".targets.intensity_base_year', "2005",
                                   "allowed: United States, China or India"),
    "intensity_cut_without_years.toml": ('regions."India".targets', "intensity_cut_pct = 45",
                                         "needs intensity_base_year and intensity_target_year"),
    "retirement_age_too_low.toml": ('regions."China".power.coal_retirement_age_yr', "2040 = 10",
                                    "allowed range 20 to 80 yr"),
    "retirement_age_quoted.toml": ('regions."United States".power.coal_retirement_age_yr',
                                   '"fifty"', "allowed range 20 to 80 yr"),
    "override_bad_after_preset.toml": ('regions."United States".targets.ghg_cut_pct', "120",
                                       "allowed range 0 to 100 %"),
}


def _message(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        resolve(load_scenario(path))
    return str(info.value)


def test_corpus_has_at_least_20_files_all_listed():
    files = sorted(p.name for p in BAD.glob("*.toml"))
    assert len(files) >= 20
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_message_names_field_value_range_and_fix(name):
    field, value, allowed = EXPECTED[name]
    msg = _message(BAD / name)
    assert field in msg, msg
    assert value in msg, msg
    assert allowed in msg, msg
    assert "fix:" in msg and msg.split("fix:")[-1].strip(), msg


def test_suggestions_point_at_the_nearest_name():
    assert 'did you mean "China"?' in _message(BAD / "unknown_region.toml")
    assert "did you mean solar_additions_gw_per_yr?" in _message(
        BAD / "typo_lever.toml")
    assert "did you mean regions?" in _message(BAD / "top_level_typo.toml")
    assert 'put it in the table [regions."China".power]' in _message(
        BAD / "lever_outside_its_group.toml")


def test_broken_toml_is_a_scenario_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('name = "x\n[regions."China".power]\n')
    with pytest.raises(ScenarioError, match=r"broken.toml: not valid TOML .*line 1.*fix:"):
        load_scenario(path)


def test_bad_json_is_rejected_like_toml(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "x", "regions": {"China": {"power": {
        "ccs_share_frac": 2}}}}))
    with pytest.raises(ScenarioError, match=r"ccs_share_frac: 2025 = 2: allowed range 0 to 1"):
        load_scenario(path)


def test_missing_file_and_unknown_name(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "absent.toml")
    with pytest.raises(ScenarioError, match="neither a preset nor"):
        load_scenario("no-such-thing")
