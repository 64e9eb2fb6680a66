"""The deal-model commands: levers, presets, emissions; bad input exits 2 without traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.interfaces.cli import app

BAD = Path(__file__).parents[1] / "levers" / "bad_scenarios"
runner = CliRunner()


def test_levers_lists_units_ranges_defaults_and_sources():
    r = runner.invoke(app, ["levers"])
    assert r.exit_code == 0, r.output
    assert "solar_additions_gw_per_yr  [GW/yr]  range 0..2000  milestones" in r.output
    assert "linear between milestones, held after the last" in r.output
    # China's current-policies default (current_policies.csv): a trajectory of milestones
    assert "China={2025 = 300, 2030 = 300, 2040 = 300, 2050 = 350, 2060 = 400, 2100 = 420}" \
        in r.output
    assert "source:" in r.output


def test_levers_lists_the_scenarios_own_international_levers():
    r = runner.invoke(app, ["levers"])
    assert r.exit_code == 0, r.output
    block = r.output.split("[international]", 1)[1]
    for name in ("shipping_co2_cut_frac", "aviation_co2_cut_frac"):
        assert f"{name}  [fraction]  range 0..1  milestones" in block
    # current policies cut nothing (current_policies.csv, region World)
    assert block.count("current policies: World=0") == 2
    # shown whatever region is asked for: no region carries them
    assert "aviation_co2_cut_frac" in runner.invoke(app, ["levers", "--region", "India"]).output


def test_levers_region_filter_and_bad_region():
    r = runner.invoke(app, ["levers", "--region", "India"])
    assert r.exit_code == 0 and "India={2025 = 30, 2030 = 60" in r.output
    assert "China=" not in r.output
    r = runner.invoke(app, ["levers", "--region", "Mars"])
    assert r.exit_code == 2 and "error:" in r.output and "allowed:" in r.output


def test_presets_lists_all_with_sources():
    r = runner.invoke(app, ["presets"])
    assert r.exit_code == 0
    for name in ("current-policies", "us-ndc-2035", "sunnylands-2023", "net-zero-co2-2050-stretch"):
        assert f"{name}:" in r.output
    assert "source: Sunnylands Statement on Enhancing Cooperation" in r.output


def test_emissions_writes_iamc_csv(tmp_path):
    out = tmp_path / "out.csv"
    r = runner.invoke(app, ["emissions", "us-ndc-2030", "--out", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert list(df.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                "value"]
    assert set(df.scenario) == {"us-ndc-2030"}


def test_emissions_fair_format_from_a_toml_file(tmp_path):
    scen = tmp_path / "deal.toml"
    scen.write_text('name = "deal"\npreset = "current-policies"\n'
                    '[regions."China".power]\n'
                    'solar_additions_gw_per_yr = {2030 = 400, 2035 = 500}\n')
    out = tmp_path / "fair.csv"
    r = runner.invoke(app, ["emissions", str(scen), "--format", "fair", "--out", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert list(df.columns[:5]) == ["scenario", "region", "variable", "unit", "1750.5"]
    assert df.columns[-1] == "2100.5" and len(df) == 51


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.toml")))
def test_every_bad_file_exits_2_with_a_message(name):
    r = runner.invoke(app, ["emissions", str(BAD / name)])
    assert r.exit_code == 2, r.output
    assert r.output.startswith("error: ")
    assert "fix:" in r.output
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_broken_toml_exits_2(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('name = "x\n')
    r = runner.invoke(app, ["emissions", str(path)])
    assert r.exit_code == 2 and "not valid TOML" in r.output and "Traceback" not in r.output


def test_unwritable_output_exits_2(tmp_path):
    r = runner.invoke(app, ["emissions", "current-policies", "--out",
                            str(tmp_path / "missing-dir" / "x.csv")])
    assert r.exit_code == 2 and "folder does not exist" in r.output


def _accord() -> list[str]:
    exe = shutil.which("accord")
    return [exe] if exe else [sys.executable, "-c",
                              "from accord.interfaces.cli import main; main()"]


def test_real_process_exits_2_without_traceback():
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    bad = subprocess.run([*_accord(), "emissions", str(BAD / "phase_out_before_base_year.toml")],
                         capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "coal_phase_out_year = 2020" in bad.stderr and "fix:" in bad.stderr
    broken = subprocess.run([*_accord(), "emissions", "no-such-preset"],
                            capture_output=True, text=True, env=env, check=False)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


def test_the_documented_example_scenario_runs(tmp_path):
    doc = (Path(__file__).parents[2] / "docs" / "deal-model.md").read_text()
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example)
    r = runner.invoke(app, ["emissions", str(path), "--out", str(tmp_path / "x.csv")])
    assert r.exit_code == 0, r.output


def test_reference_option_of_the_emissions_command(tmp_path):
    out = tmp_path / "f.csv"
    r = runner.invoke(app, ["emissions", "current-policies", "--format", "fair",
                            "--reference", "ssp370", "--out", str(out)])
    assert r.exit_code == 0, r.output
    from accord.data import ssp_emissions
    from accord.emissions.world import as_resolved, world_array

    df = pd.read_csv(out).set_index("variable")
    ssp = ssp_emissions()
    # the reference world sets the history (2022 is SSP3-7.0's own) and the remainder
    ch4_2022 = ssp.scenario("ssp370")[list(ssp.years).index(2022), 2]
    assert df.loc["CH4", "2022.5"] == pytest.approx(ch4_2022, rel=1e-12)
    ch4_2100 = world_array(as_resolved("current-policies", "ssp370"))[-1, 2]
    assert df.loc["CH4", "2100.5"] == pytest.approx(ch4_2100, rel=1e-12)
    r = runner.invoke(app, ["emissions", "current-policies", "--reference", "ssp999"])
    assert r.exit_code == 2 and "allowed: ssp119" in r.output
