"""Trajectories: milestones in, a path that is linear between them and held after the last."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.levers.errors import ScenarioError
from accord.levers.loading import load_scenario, resolve
from accord.levers.trajectory import FIRST_YEAR, LAST_YEAR, Trajectory

YEARS = np.arange(2024, 2101)
values = st.floats(-1e4, 1e4, allow_nan=False)
tables = st.dictionaries(st.integers(FIRST_YEAR, LAST_YEAR).map(str), values, min_size=1,
                         max_size=6)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(table=tables, start=st.one_of(st.none(), values))
def test_the_path_meets_every_milestone_is_linear_between_and_held_after(table, start):
    t = Trajectory.parse(table)
    path = t.annual(YEARS, start)
    pairs = sorted((int(y), v) for y, v in table.items())
    for year, value in pairs:  # exact at each milestone
        assert path[year - 2024] == pytest.approx(value, abs=1e-9)
    last_year, last = pairs[-1]
    assert np.all(path[YEARS >= last_year] == last)  # held after the last
    for (y0, v0), (y1, v1) in itertools.pairwise(pairs):  # linear: steps are equal
        steps = np.diff(path[(YEARS >= y0) & (YEARS <= y1)])
        assert np.allclose(steps, (v1 - v0) / (y1 - y0), atol=1e-9)
    first_year, first = pairs[0]
    before = path[YEARS <= first_year]
    if start is None:  # held back
        assert np.all(before == first)
    else:  # from the 2024 value, linearly
        assert before[0] == pytest.approx(start)
        assert np.allclose(np.diff(before), (first - start) / (first_year - 2024), atol=1e-9)
    # no step anywhere: no year-on-year change beyond the steepest milestone segment
    slopes = [abs(v1 - v0) / (y1 - y0) for (y0, v0), (y1, v1) in itertools.pairwise(
        [(2024, start if start is not None else first), *pairs])]
    assert np.max(np.abs(np.diff(path)), initial=0.0) <= max(slopes, default=0.0) + 1e-9


@settings(max_examples=100, deadline=None, derandomize=True)
@given(table=tables)
def test_the_json_form_round_trips(table):
    t = Trajectory.parse(table)
    assert Trajectory.parse(t.as_dict()) == t
    assert Trajectory.parse({int(y): v for y, v in table.items()}) == t


def test_a_number_is_that_value_from_2025_on():
    t = Trajectory.parse(40)
    assert str(t) == "{2025 = 40}"
    assert t.annual(np.array([2024, 2025, 2060]), start=0.0).tolist() == [0.0, 40.0, 40.0]


@pytest.mark.parametrize(("data", "message"), [
    ({}, "no milestones"),
    ({"2024": 1}, "outside 2025 to 2100"),
    ({"2101": 1}, "outside 2025 to 2100"),
    ({"soon": 1}, "'soon' is not a year"),
    ({"2030": "1"}, 'the value for 2030 is "1", not a number'),
    ({"2030": True}, "the value for 2030 is True, not a number"),
    ({"2030": float("inf")}, "not a finite number"),
    ({"2030": 1, "02030": 2}, "milestone year 2030 is given twice"),
    ("400", 'the value is "400", not a number'),
])
def test_bad_milestones_say_what_and_how_to_fix(data, message):
    with pytest.raises(ValueError, match=message) as info:
        Trajectory.parse(data)
    assert "fix:" in str(info.value)


def test_a_scenario_lever_replaces_the_whole_trajectory_below_it():
    s = resolve(load_scenario({"name": "t", "preset": "sunnylands-2023", "regions": {
        "China": {"power": {"solar_additions_gw_per_yr": {"2035": 500}}}}}))
    assert str(s.regions["China"].power.solar_additions_gw_per_yr) == "{2035 = 500}"


def test_every_milestone_is_checked_against_the_lever_range():
    with pytest.raises(ScenarioError, match=r"solar_additions_gw_per_yr: 2050 = 2500: allowed "
                                            r"range 0 to 2000 GW/yr"):
        load_scenario({"name": "t", "regions": {"China": {"power": {
            "solar_additions_gw_per_yr": {"2030": 400, "2050": 2500}}}}})
