"""The scenario schema: ranges, defaults, frozen models, dict/TOML equivalence."""

from __future__ import annotations

import pydantic
import pytest

from accord.levers.errors import ScenarioError
from accord.levers.loading import current_policies_table, load_scenario, resolve
from accord.levers.schema import GROUPS, REGIONS, Scenario


def test_regions_are_the_iamc_names():
    assert REGIONS == ("United States", "China", "EU27", "India", "Rest of World")


def test_models_are_frozen():
    s = Scenario.model_validate({"name": "x"})
    with pytest.raises(pydantic.ValidationError):
        s.name = "y"  # type: ignore[misc]


def test_every_lever_has_a_unit_in_the_schema():
    for group in GROUPS.values():
        for name, info in group.model_fields.items():
            assert isinstance(info.json_schema_extra, dict), name
            assert info.json_schema_extra.get("unit"), name


def test_current_policies_fill_every_required_lever():
    s = resolve(load_scenario("current-policies"))
    optional = {"no_new_coal_from_year", "coal_phase_out_year", "co2_mt_per_yr"}
    for region in REGIONS:
        levers = s.regions[region]
        for group in ("power", "other_co2", "methane", "other_gases"):
            for name, value in getattr(levers, group).model_dump().items():
                if name not in optional:
                    assert value is not None, (region, group, name)


def test_current_policies_rows_have_value_unit_source():
    for row in current_policies_table():
        assert row["value"] and row["unit"] and row["source"], row


def test_toml_and_dict_give_the_same_scenario(tmp_path):
    text = ('name = "t"\n[regions."China".power]\n'
            'solar_additions_gw_per_yr = {2030 = 300, 2035 = 400}\n')
    path = tmp_path / "t.toml"
    path.write_text(text)
    from_file = load_scenario(path)
    from_dict = load_scenario({"name": "t", "regions": {"China": {"power": {
        "solar_additions_gw_per_yr": {"2030": 300, "2035": 400.0}}}}})
    assert from_file == from_dict


def test_override_wins_over_preset_and_defaults():
    s = resolve(load_scenario({"name": "t", "preset": "current-policies", "regions": {
        "India": {"power": {"wind_additions_gw_per_yr": {"2030": 12.5}}}}}))
    # a lever set by the scenario replaces the whole current-policies trajectory
    assert str(s.regions["India"].power.wind_additions_gw_per_yr) == "{2030 = 12.5}"
    # untouched levers keep the current-policies trajectory (current_policies.csv: 30 GW/yr
    # in 2025, 60 in 2030; linear between): 30 + 3/5 * 30 = 48 in 2028
    assert s.regions["India"].power.solar_additions_gw_per_yr.at(2028) == pytest.approx(48.0)


def test_unknown_preset_is_named():
    with pytest.raises(ScenarioError, match="unknown preset"):
        resolve(load_scenario({"name": "t", "preset": "no-such-deal"}))
