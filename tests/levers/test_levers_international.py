"""The scenario's own [international] levers: schema, errors, resolution, tables."""

from __future__ import annotations

import pytest

from accord.levers import ScenarioError, load_scenario, resolve
from accord.levers.international import InternationalLevers
from accord.levers.loading import WORLD, current_policies_table
from accord.levers.schema import SCENARIO_GROUPS, lever_players
from accord.levers.sectors import SECTORS, lever_sector
from accord.levers.trajectory import Trajectory

LEVERS = ("shipping_co2_cut_frac", "aviation_co2_cut_frac")


def _scenario(international: object, **extra: object) -> dict[str, object]:
    return {"name": "t", "international": international, **extra}


@pytest.mark.parametrize("lever", LEVERS)
def test_a_cut_above_one_names_field_value_range_and_fix(lever):
    with pytest.raises(ScenarioError) as err:
        load_scenario(_scenario({lever: {"2030": 1.5}}))
    text = str(err.value)
    assert f"international.{lever}: 2030 = 1.5" in text
    assert "allowed range 0 to 1 fraction" in text
    assert "fix: set the 2030 value between 0 and 1" in text
    assert "\n" not in text


def test_a_misspelt_lever_is_refused_with_the_names_allowed():
    with pytest.raises(ScenarioError, match=r"international\.shiping_co2_cut_frac: unknown key "
                                            r".*allowed: shipping_co2_cut_frac, "
                                            r"aviation_co2_cut_frac; fix: did you mean "
                                            r"shipping_co2_cut_frac\?"):
        load_scenario(_scenario({"shiping_co2_cut_frac": 0.5}))


def test_a_negative_cut_and_a_text_value_are_refused():
    with pytest.raises(ScenarioError, match=r"-0\.1: allowed range 0 to 1"):
        load_scenario(_scenario({"aviation_co2_cut_frac": {"2040": -0.1}}))
    with pytest.raises(ScenarioError, match="not a number"):
        load_scenario(_scenario({"aviation_co2_cut_frac": "half"}))


def test_current_policies_cut_nothing_from_the_table():
    rows = [r for r in current_policies_table() if r["group"] == "international"]
    assert {r["lever"] for r in rows} == set(LEVERS)
    assert all(r["region"] == WORLD and float(r["value"]) == 0.0 and r["source"] for r in rows)
    resolved = resolve(load_scenario("current-policies"))
    for lever in LEVERS:
        path = getattr(resolved.international, lever)
        assert path is not None and set(path.values) == {0.0}


def test_the_scenario_wins_over_its_preset_lever_by_lever():
    preset = resolve(load_scenario("world-ndcs-net-zero")).international
    assert preset.shipping_co2_cut_frac == Trajectory((2030, 2040, 2050), (0.2, 0.7, 1.0))
    assert preset.aviation_co2_cut_frac == Trajectory((2050,), (1.0,))
    own = resolve(load_scenario(_scenario({"aviation_co2_cut_frac": {"2060": 0.5}},
                                          preset="world-ndcs-net-zero"))).international
    assert own.aviation_co2_cut_frac == Trajectory((2060,), (0.5,))  # replaced whole
    assert own.shipping_co2_cut_frac == preset.shipping_co2_cut_frac  # kept from the preset


def test_the_levers_have_a_sector_and_count_with_other_co2_in_the_attribution():
    assert SCENARIO_GROUPS == {"international": InternationalLevers}
    for lever in LEVERS:
        assert lever_sector("international", lever) == "international_transport"
    assert "international_transport" in SECTORS
    assert "international" in lever_players()["other CO2"]


def test_a_cut_runs_linearly_from_no_cut_in_2024():
    levers = InternationalLevers.model_validate({"shipping_co2_cut_frac": {"2030": 0.2}})
    path = levers.shipping_co2_cut_frac
    assert path is not None
    # the model reads cuts from 0 in 2024: 2027 is half-way to the 2030 milestone
    assert path.at(2027, start=0.0) == pytest.approx(0.1, abs=1e-12)
    assert path.at(2060, start=0.0) == pytest.approx(0.2, abs=1e-12)


@pytest.mark.parametrize("where", [
    {"regions": {"China": {"power": {"shipping_co2_cut_frac": 0.5}}}},
    {"regions": {"China": {"shipping_co2_cut_frac": 0.5}}},
    {"shipping_co2_cut_frac": 0.5},
])
def test_a_bunker_lever_in_the_wrong_table_is_pointed_to_international(where):
    with pytest.raises(ScenarioError, match=r"shipping_co2_cut_frac.*fix: it belongs to no "
                                            r"region: put it in the table \[international\]"):
        load_scenario({"name": "t", **where})
