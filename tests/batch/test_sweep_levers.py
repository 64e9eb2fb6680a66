"""Lever paths, sweep designs, and an ``accord sweep`` run with its sensitivity ranking."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.batch import BatchInputError, apply_levers, parse_lever
from accord.batch.store import read_results
from accord.batch.sweep import design, parse_vary, sweep_items
from accord.interfaces.cli import app
from accord.levers import resolve, scenario_from_dict


@pytest.mark.parametrize("alias,region", [("CHINA", "China"), ("us", "United States"),
                                          ("united-states", "United States"),
                                          ("eu27", "EU27"), ("India", "India"),
                                          ("row", "Rest of World"),
                                          ("rest-of-world", "Rest of World")])
def test_region_aliases(alias: str, region: str) -> None:
    assert parse_lever(f"{alias}.methane.waste_cut_frac").region == region


def test_lever_without_a_year_sets_the_whole_trajectory() -> None:
    ref = parse_lever("china.power.solar_additions_gw_per_yr")
    assert ref.fields == ("solar_additions_gw_per_yr",) and ref.year is None
    data = apply_levers({"name": "x"}, {ref: 420.0}, "y")
    power = scenario_from_dict(data).regions["China"].power
    assert str(power.solar_additions_gw_per_yr) == "{2025 = 420}"  # 420 from 2025 on


def test_lever_at_a_year_moves_one_milestone_of_the_starting_trajectory() -> None:
    ref = parse_lever("china.power.solar_additions_gw_per_yr@2035")
    assert ref.year == 2035 and ref.label == "China.power.solar_additions_gw_per_yr@2035"
    # from current policies {2025 = 300, 2030 = 300, 2040 = 300, 2050 = 350, 2060 = 400,
    # 2100 = 420} (current_policies.csv): 2035 is added
    data = apply_levers({"name": "x", "preset": "current-policies"}, {ref: 500.0}, "y")
    power = scenario_from_dict(data).regions["China"].power
    assert str(power.solar_additions_gw_per_yr) == \
        "{2025 = 300, 2030 = 300, 2035 = 500, 2040 = 300, 2050 = 350, 2060 = 400, 2100 = 420}"
    # a milestone the scenario already has is replaced; two years of one lever compose
    later = parse_lever("china.power.solar_additions_gw_per_yr@2050")
    data = apply_levers(data, {ref: 600.0, later: 700.0}, "z")
    power = scenario_from_dict(data).regions["China"].power
    assert str(power.solar_additions_gw_per_yr) == \
        "{2025 = 300, 2030 = 300, 2035 = 600, 2040 = 300, 2050 = 700, 2060 = 400, 2100 = 420}"
    year = parse_lever("us.power.coal_phase_out_year")
    assert year.integer and year.check(2040.4) == 2040


def test_the_coal_retirement_age_is_a_milestone_lever_path() -> None:
    ref = parse_lever("china.power.coal_retirement_age_yr@2035")
    assert (ref.low, ref.high, ref.unit, ref.integer) == (20.0, 80.0, "yr", False)
    # from current policies (37 from 2025 on): the 2035 milestone is added
    data = apply_levers({"name": "x", "preset": "current-policies"}, {ref: 30.0}, "y")
    power = scenario_from_dict(data).regions["China"].power
    assert str(power.coal_retirement_age_yr) == "{2025 = 37, 2035 = 30}"
    with pytest.raises(BatchInputError, match="20"):
        ref.check(90.0)


def test_the_worlds_own_levers_are_lever_paths_too() -> None:
    # [international] belongs to no region: its path names the world
    ref = parse_lever("world.international.shipping_co2_cut_frac@2040")
    assert (ref.region, ref.group, ref.low, ref.high, ref.unit) == (
        "World", "international", 0.0, 1.0, "fraction")
    assert ref.label == "World.international.shipping_co2_cut_frac@2040"
    # world-ndcs-net-zero encodes the IMO 2023 strategy {2030 = 0.2, 2040 = 0.7, 2050 = 1}:
    # the 2040 milestone is replaced, the others kept, and no region table is written
    base = {"name": "x", "preset": "world-ndcs-net-zero"}
    assert ref.current(resolve(scenario_from_dict(base))) == 0.7
    data = apply_levers(base, {ref: 0.9}, "y")
    scenario = scenario_from_dict(data)
    assert str(scenario.international.shipping_co2_cut_frac) == "{2030 = 0.2, 2040 = 0.9, 2050 = 1}"
    assert data["regions"] == {}
    whole = parse_lever("world.international.aviation_co2_cut_frac")
    aviation = scenario_from_dict(apply_levers({"name": "x"}, {whole: 0.5}, "z")).international
    assert str(aviation.aviation_co2_cut_frac) == "{2025 = 0.5}"


@pytest.mark.parametrize("path,message", [
    ("mars.power.solar_additions_gw_per_yr", "unknown region"),
    ("china.sky.solar", "unknown group"),
    ("china.power.sunshine", "no lever"),
    ("china.other_gases.kigali", "choice"),
    ("china.power", "REGION.GROUP.LEVER"),
    ("china.power.solar_additions_gw_per_yr_2025_2030", "replaced by milestone trajectories"),
    ("china.power.solar_additions_gw_per_yr@2020", "allowed: a year 2025 to 2100"),
    ("china.power.solar_additions_gw_per_yr@soon", "milestone year 'soon'"),
    ("us.power.coal_phase_out_year@2030", "single value, not a trajectory"),
    ("world.power.solar_additions_gw_per_yr", "belong to the world, and only they"),
    ("china.international.shipping_co2_cut_frac", "belong to the world, and only they"),
])
def test_bad_lever_paths(path: str, message: str) -> None:
    with pytest.raises(BatchInputError, match=message):
        parse_lever(path)


def test_vary_ranges_are_checked() -> None:
    assert parse_vary("china.power.solar_additions_gw_per_yr=100:600:11").n == 11
    with pytest.raises(BatchInputError, match="allowed range 0 to 2000 GW/yr"):
        parse_vary("china.power.solar_additions_gw_per_yr=100:6000:3")
    with pytest.raises(BatchInputError, match="LOW must be below HIGH"):
        parse_vary("china.power.solar_additions_gw_per_yr=600:100")
    with pytest.raises(BatchInputError, match="LOW:HIGH"):
        parse_vary("china.power.solar_additions_gw_per_yr=abc")


def test_grid_and_latin_hypercube() -> None:
    a = parse_vary("china.power.solar_additions_gw_per_yr=100:500:5")
    b = parse_vary("us.power.coal_phase_out_year=2030:2050:3")
    grid = design([a, b])
    assert len(grid) == 15
    assert sorted(set(grid[a.ref.label])) == [100.0, 200.0, 300.0, 400.0, 500.0]
    assert sorted(set(grid[b.ref.label])) == [2030, 2040, 2050]
    lhs = design([a, b], method="lhs", samples=10, seed=3)
    np.testing.assert_array_equal(lhs.to_numpy(),
                                  design([a, b], method="lhs", samples=10, seed=3).to_numpy())
    # Latin: each of the 10 equal strata of the solar range holds exactly one sample
    strata = np.floor((lhs[a.ref.label] - 100.0) / 40.0).clip(0, 9).astype(int)
    assert sorted(strata) == list(range(10))
    with pytest.raises(BatchInputError, match="seed"):
        design([a], method="lhs", samples=5)
    with pytest.raises(BatchInputError, match="sets"):
        design([a, parse_vary("china.power.solar_additions_gw_per_yr@2030=0:10")])
    # two milestones of one lever are two levers
    two = design([parse_vary("china.power.solar_additions_gw_per_yr@2030=0:10:2"),
                  parse_vary("china.power.solar_additions_gw_per_yr@2040=0:10:2")])
    assert len(two) == 4


def test_sweep_items_start_from_the_base() -> None:
    a = parse_vary("us.methane.oil_gas_cut_frac=0:1:2")
    items, frame = sweep_items("sunnylands-2023", design([a]), [a])
    assert list(frame["scenario"]) == ["sunnylands-2023-sweep-0001", "sunnylands-2023-sweep-0002"]
    assert [i.scenario.regions["United States"].methane.oil_gas_cut_frac.values
            for i in items] == [(0.0,), (1.0,)]
    # the rest of the base scenario is kept
    assert items[0].scenario.regions["China"].power.solar_additions_gw_per_yr.at(2030) == 350.0


def test_accord_sweep_ranks_levers(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    result = CliRunner().invoke(app, [
        "sweep", "current-policies",
        "--vary", "row.methane.agriculture_cut_frac=0:1:3",
        "--vary", "us.methane.waste_cut_frac=0:1:2",
        "--metric", "peak_warming_k.p50", "--members", "20", "--workers", "2",
        "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(out / "sensitivity.csv")
    samples = pd.read_csv(out / "design.csv")
    table = read_results(out)
    assert len(samples) == 6 and (table["status"] == "ok").all()
    joined = samples.merge(table, on="scenario")
    # on a full, balanced grid the least-squares effect of a lever is (hand calculation)
    # mean(metric at its high end) - mean(metric at its low end)
    for lever, low, high in (("Rest of World.methane.agriculture_cut_frac", 0.0, 1.0),
                             ("United States.methane.waste_cut_frac", 0.0, 1.0)):
        by = joined.groupby(lever)["peak_warming_k.p50"].mean()
        effect = float(ranking.set_index("lever").loc[lever, "effect"])
        assert effect == pytest.approx(by[high] - by[low], abs=1e-12)
        assert effect < 0  # cutting methane lowers the peak
    # the world's agricultural methane moves the peak more than US waste methane
    assert ranking["lever"].iloc[0] == "Rest of World.methane.agriculture_cut_frac"
    assert (out / "sweep.png").stat().st_size > 1000


@pytest.mark.parametrize("metric", ["p_peak_below_1p5", "peak_warming_k.p50",
                                    "warming_2100_k.p95", "vs_baseline.avoided_warming_2100_k.p50",
                                    "crossing_year_1p5"])
def test_result_columns_are_accepted_as_metrics_before_the_run(metric: str) -> None:
    from accord.batch.sweep import check_metric

    check_metric(metric)  # no error


def test_an_unknown_metric_is_refused_before_the_run() -> None:
    from accord.batch.sweep import check_metric

    with pytest.raises(BatchInputError, match=r"--metric = 'p50': not a result column"):
        check_metric("p50")


def test_accord_sweep_varies_the_worlds_own_levers(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    result = CliRunner().invoke(app, [
        "sweep", "current-policies", "--vary", "world.international.aviation_co2_cut_frac=0:1:2",
        "--metric", "warming_2100_k.p50", "--members", "5", "--workers", "1",
        "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(out / "sensitivity.csv").set_index("lever")
    # aviation's cut is CO2 only (its pollutants do not move): less CO2, less warming
    assert ranking.loc["World.international.aviation_co2_cut_frac", "effect"] < 0
