"""Goal-seek: targets, a reachable solve checked by an independent ``accord run``, and an
unreachable one reported as such."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.batch import BatchInputError
from accord.batch.solve import Problem, frontier
from accord.batch.sweep import parse_vary
from accord.batch.targets import parse_target
from accord.interfaces.cli import app

MEMBERS = 30
YEARS = np.arange(2000, 2101)


@pytest.mark.parametrize("text", ["P(peak<1.5)>=0.5", "P(2100<2)>0.33", "P(peak<1.6)>=0.1"])
def test_probability_margin_is_positive_exactly_when_met(text: str) -> None:
    target = parse_target(text)
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(1, 40))
        gsat = rng.uniform(1.0, 2.5, size=(n, YEARS.size))
        measured = target.measure({}, gsat, YEARS)
        assert (target.margin({}, gsat, YEARS) > 0) == target.met(measured)


def test_probability_margin_hand_case() -> None:
    # 4 members peaking at 1.2, 1.4, 1.6, 1.8: P(peak<1.5) = 2/4. For >= 0.5 two members
    # must be below 1.5: margin = 1.5 - 1.4; for >= 0.75 three: margin = 1.5 - 1.6.
    gsat = np.repeat(np.array([1.2, 1.4, 1.6, 1.8])[:, None], YEARS.size, axis=1)
    assert parse_target("P(peak<1.5)>=0.5").margin({}, gsat, YEARS) == pytest.approx(0.1)
    assert parse_target("P(peak<1.5)>=0.75").margin({}, gsat, YEARS) == pytest.approx(-0.1)
    assert parse_target("P(peak<1.5)>0.5").margin({}, gsat, YEARS) == pytest.approx(-0.1)
    value = parse_target("warming_2100_k.p50<=2.0")
    assert value.margin({"warming_2100_k.p50": 1.75}, gsat, YEARS) == pytest.approx(0.25)
    assert value.met(2.0) and not value.met(2.01)


@pytest.mark.parametrize("text", ["P(peak<1.5)>=1.2", "peak < 1.5", "P(peak>1.5)>=0.5", ""])
def test_bad_targets_are_refused(text: str) -> None:
    with pytest.raises(BatchInputError, match="fix"):
        parse_target(text)


def test_reachable_solve_is_confirmed_by_accord_run(tmp_path: Path) -> None:
    out = tmp_path / "solution.toml"
    result = CliRunner().invoke(app, [
        "solve", "--target", "P(peak<2)>=0.3", "--vary", "china.targets.net_zero_year=2040:2100",
        "--vary", "row.methane.agriculture_cut_frac", "--members", str(MEMBERS),
        "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["reachable"] and answer["value"] >= 0.3 and answer["effort"] > 0
    # independent check: a separate `accord run` process on the written scenario
    run = subprocess.run([sys.executable, "-c", "from accord.interfaces.cli import main; main()",
                          "run", str(out), "--members", str(MEMBERS), "--json"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    verdict = json.loads(run.stdout)
    assert verdict["p_peak_below_2"] >= 0.3
    assert verdict["p_peak_below_2"] == answer["verdict"]["p_peak_below_2"]
    # least effort: the levers did not simply go to the most ambitious corner
    assert answer["levers"]["China.targets.net_zero_year"] > 2040


def test_unreachable_target_says_so() -> None:
    result = CliRunner().invoke(app, [
        "solve", "--target", "P(peak<1.5)>=0.5", "--vary",
        "us.methane.oil_gas_cut_frac", "--members", str(MEMBERS)])
    assert result.exit_code == 1
    assert "not reachable within the ranges" in result.stderr
    assert "oil_gas_cut_frac = 1" in result.stderr


def test_bad_vary_exits_2() -> None:
    result = CliRunner().invoke(app, [
        "solve", "--target", "P(peak<1.5)>=0.5", "--vary",
        "china.power.solar_additions_gw_per_yr=0:5000", "--members", str(MEMBERS)])
    assert result.exit_code == 2
    assert "allowed range 0 to 2000" in result.stderr


def test_frontier_cli_writes_table_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "frontier.csv"
    result = CliRunner().invoke(app, [
        "solve", "--target", "P(peak<2)>=0.3", "--vary", "china.targets.net_zero_year=2040:2100",
        "--vary", "row.methane.agriculture_cut_frac", "--members", str(MEMBERS), "--frontier",
        "--points", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert len(table) == 2 and out.with_suffix(".png").stat().st_size > 1000


def test_frontier_points_meet_the_target() -> None:
    target = parse_target("P(peak<2)>=0.3")
    problem = Problem(target, [parse_vary("china.targets.net_zero_year=2040:2100"),
                               parse_vary("row.methane.agriculture_cut_frac=0:1")],
                      members=MEMBERS)
    table = frontier(problem, points=3)
    assert len(table) == 3
    reached = table[table["reachable"]]
    assert len(reached) >= 1
    assert (reached["measured"] >= 0.3).all()
    # a later net-zero year needs at least as much methane cut (the trade-off)
    cuts = reached["Rest of World.methane.agriculture_cut_frac"].to_numpy()
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(cuts))
    assert all(math.isnan(x) for x in table.loc[~table["reachable"],
               "Rest of World.methane.agriculture_cut_frac"])


def test_unreachable_frontier_exits_1_like_plain_solve() -> None:
    args = ["solve", "--target", "P(peak<1.5)>=0.5", "--vary", "us.methane.oil_gas_cut_frac",
            "--vary", "us.methane.agriculture_cut_frac", "--members", str(MEMBERS)]
    plain = CliRunner().invoke(app, args)
    mapped = CliRunner().invoke(app, [*args, "--frontier", "--points", "2"])
    assert plain.exit_code == mapped.exit_code == 1
    assert "not reachable at any of the 2 values" in mapped.stderr
    assert "reachable" in mapped.stdout  # the table is still shown
