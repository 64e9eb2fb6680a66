"""accord run / demo / compare / assess: output, files and user errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from accord.climate import ssp_emissions_array
from accord.interfaces.cli import app
from accord.pipeline import simulate

runner = CliRunner()
KEYS = {"scenario", "category", "peak_warming_k", "warming_2100_k", "peak_year",
        "p_peak_below_1p5", "p_2100_below_1p5", "p_peak_below_2", "crossing_year_1p5"}
PCTS = {"p05", "p17", "p33", "p50", "p67", "p83", "p95"}


def invoke(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_run_json_has_the_keys_and_matches_simulate():
    out = json.loads(invoke("run", "us-ndc-2035", "--members", "30", "--json",
                            "--no-attribution"))
    assert KEYS | {"avoided_warming_2100_k"} <= set(out)
    assert set(out["peak_warming_k"]) == PCTS and set(out["warming_2100_k"]) == PCTS
    direct = simulate("us-ndc-2035", members=30, attribution=False).to_dict()
    assert out["peak_warming_k"] == pytest.approx(direct["peak_warming_k"])
    assert out["category"] == direct["category"]


def test_demo_table_names_the_deal_and_writes_files(tmp_path):
    png, csv = tmp_path / "demo.png", tmp_path / "demo.csv"
    out = invoke("run", "--members", "20", "--plot", str(png), "--out", str(csv))
    assert "sunnylands-2023" in out and "current-policies" in out
    assert "P(peak < 1.5 °C)" in out and "United States" in out  # verdict and attribution
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = pd.read_csv(csv)
    assert {"model", "scenario", "region", "variable", "unit", "year", "value"} <= set(table)
    median = "Surface Temperature (GSAT)|accord FaIRv2.2|50.0th Percentile"
    temps = table[table.variable == median]
    assert set(temps.scenario) == {"sunnylands-2023", "current-policies"}
    assert not list(tmp_path.glob("*.tmp*"))


def test_run_netcdf_holds_the_full_result(tmp_path):
    path = tmp_path / "r.nc"
    invoke("run", "global-methane-pledge", "--members", "10", "--no-attribution",
           "--out", str(path))
    ds = xr.open_dataset(path, engine="scipy")
    assert ds["gsat_k"].sizes == {"run": 2, "member": 10, "year": 351}
    assert json.loads(ds.attrs["verdict"])["scenario"] == "global-methane-pledge"


def test_compare_lists_each_scenario(tmp_path):
    out = json.loads(invoke("compare", "us-ndc-2030", "china-ndc-2035", "--members", "10",
                            "--json"))
    assert [o["scenario"] for o in out] == ["us-ndc-2030", "china-ndc-2035"]
    assert all(KEYS | {"avoided_warming_2100_k"} <= set(o) for o in out)
    png = tmp_path / "c.png"
    invoke("compare", "us-ndc-2030", "china-ndc-2035", "--members", "10", "--plot", str(png))
    assert png.stat().st_size > 10_000


def _fair_layout(path, names):
    e = ssp_emissions_array(names)
    rows = []
    for name in names:
        block = pd.DataFrame(e.sel(scenario=name).values.T,
                             columns=[f"{y}.5" for y in e["year"].values])
        block.insert(0, "unit", e["unit"].values)
        block.insert(0, "variable", e["specie"].values)
        block.insert(0, "region", "World")
        block.insert(0, "scenario", name)
        rows.append(block)
    pd.concat(rows).to_csv(path, index=False)


def test_assess_emissions_file_equals_the_reference_world_run(tmp_path):
    path = tmp_path / "ssps.csv"
    _fair_layout(path, ["ssp119", "ssp245"])
    out = json.loads(invoke("assess", str(path), "--scenario", "ssp119", "--scenario",
                            "ssp245", "--members", "25", "--json"))
    assert [o["scenario"] for o in out] == ["ssp119", "ssp245"]
    from accord.assessment import assess
    from accord.data import ssp_emissions
    from accord.pipeline import warming

    gsat, cum, years = warming(np.asarray(ssp_emissions().scenario("ssp245"))[None],
                               members=25)
    direct = assess("ssp245", gsat[0], years, cum[0])
    assert out[1]["peak_warming_k"]["p50"] == pytest.approx(direct.peak_warming_k["p50"],
                                                            abs=1e-9)
    assert KEYS <= set(out[0])


@pytest.mark.parametrize(("args", "needle"), [
    (["run", "no-such-preset", "--members", "5"], "no-such-preset"),
    (["run", "us-ndc-2030", "--members", "0"], "--members 0"),
    (["run", "us-ndc-2030", "--variability"], "--seed"),
    (["run", "us-ndc-2030", "--members", "5", "--out", "x.xlsx"], ".xlsx"),
    (["compare", "us-ndc-2030"], "two or more"),
    (["assess", "missing.csv", "--scenario", "a"], "no such file"),
])
def test_user_errors_exit_2_without_traceback(args, needle, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "accord.interfaces.cli", *args],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert needle in proc.stderr


def test_bad_scenario_file_is_a_user_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[regions."Atlantis".power]\nsolar_additions_gw_per_yr = 1\n')
    proc = subprocess.run([sys.executable, "-m", "accord.interfaces.cli", "run", str(bad),
                           "--members", "5"], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "Atlantis" in proc.stderr


def test_progress_does_not_change_numbers():
    calls = []
    a = simulate("us-ndc-2030", members=12, attribution=False, progress=calls.append)
    b = simulate("us-ndc-2030", members=12, attribution=False)
    assert calls and calls[-1] == pytest.approx(1.0)
    np.testing.assert_array_equal(a.climate["gsat_k"].values, b.climate["gsat_k"].values)


NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
sys.argv = ["accord", "run", "--members", "10", "--no-attribution"]
from accord.interfaces.cli import main
main()
"""


def test_main_job_runs_without_network(tmp_path):
    # a fresh cache folder: the history is computed, not fetched; nothing is downloaded
    env = {**os.environ, "ACCORD_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", NO_NETWORK], capture_output=True, text=True,
                          env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "sunnylands-2023" in proc.stdout


def test_every_command_writes_files_with_the_same_ordinary_mode(tmp_path):
    """emissions, run (table and figure) and climate outputs all get open()'s mode."""
    files = {name: tmp_path / name for name in ("e.csv", "r.csv", "r.png", "c.csv")}
    invoke("emissions", "us-ndc-2030", "--out", str(files["e.csv"]))
    invoke("run", "us-ndc-2030", "--members", "10", "--no-attribution",
           "--out", str(files["r.csv"]), "--plot", str(files["r.png"]))
    invoke("climate", "--scenario", "ssp245", "--members", "10", "--out", str(files["c.csv"]))
    plain = tmp_path / "plain"
    plain.write_text("")
    assert {name: path.stat().st_mode for name, path in files.items()} == {
        name: plain.stat().st_mode for name in files}


def test_a_bug_is_not_reported_as_bad_input(monkeypatch):
    """Only the project's own input errors exit 2; a KeyError or OSError from a bug
    keeps its traceback (it used to be turned into 'bad input')."""
    import accord.pipeline

    for bug in (KeyError("internal"), OSError("internal"), ValueError("internal")):
        def broken(*args, bug=bug, **kwargs):
            raise bug

        monkeypatch.setattr(accord.pipeline, "simulate", broken)
        result = runner.invoke(app, ["run", "us-ndc-2030", "--members", "5"])
        assert result.exit_code != 2
        assert result.exception is bug


def test_emissions_ending_too_early_are_bad_input(tmp_path):
    full = tmp_path / "full.csv"
    invoke("emissions", "us-ndc-2030", "--format", "fair", "--out", str(full))
    frame = pd.read_csv(full)
    short = tmp_path / "short.csv"
    frame[[c for c in frame.columns if not c[0].isdigit() or float(c) < 2050]].to_csv(
        short, index=False)
    result = runner.invoke(app, ["assess", str(short), "--scenario", "us-ndc-2030",
                                 "--members", "5"])
    assert result.exit_code == 2, result.output
    assert "do not cover" in result.output and "2050" in result.output



LONG_NAMES = ["china-neutrality-2060", "global-methane-pledge", "us-withdrawal-2025"]


def test_piped_tables_show_every_name_whole():
    out = invoke("compare", *LONG_NAMES, "--members", "5")  # CliRunner output is a pipe
    assert "…" not in out
    for name in [*LONG_NAMES, "current-policies (baseline)"]:
        assert name in out


def _headings(text: str) -> list[str]:
    """Column headings of a rendered rich table, fold and wrap undone (spaces dropped)."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    bottom = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    rows = [line.strip("┃").split("┃") for line in lines[top + 1:bottom]]
    return ["".join(row[c].strip() for row in rows).replace(" ", "")
            for c in range(len(rows[0]))]


@pytest.mark.parametrize("width", [80, 100, 120])
def test_terminal_tables_fold_names_but_never_cut_them(width):
    from rich.console import Console

    from accord.interfaces.cli_verdict import _table

    results = [simulate(name, members=5, attribution=False) for name in LONG_NAMES]
    for shown in (results[:1], results):
        console = Console(width=width, record=True, force_terminal=True)
        console.print(_table(shown, width))
        text = console.export_text()
        assert "…" not in text
        assert max(len(line) for line in text.splitlines()) <= width
        assert _headings(text)[1:] == [r.scenario for r in shown] + [
            "current-policies(baseline)"]
    one = Console(width=width, record=True, force_terminal=True)
    one.print(_table(results[:1], width))
    assert LONG_NAMES[0] in one.export_text()  # one scenario: the name fits on a line


#: EU net-zero GHG by 2050 without removal levers: short by about 0.35 Gt in 2050 (the
#: exact hand calculation is in tests/emissions/test_emissions_targets.py)
EU_NET_ZERO = """name = "eu-net-zero"
[regions."EU27".targets]
net_zero_year = 2050
net_zero_scope = "ghg"
"""


def test_unmet_targets_are_in_the_json_and_a_warning_under_the_table(tmp_path):
    from accord.emissions.world import as_resolved, region_emissions

    path = tmp_path / "eu.toml"
    path.write_text(EU_NET_ZERO)
    expected = region_emissions(as_resolved(path))["EU27"].unmet
    assert expected and expected[0].year == 2050
    out = json.loads(invoke("run", str(path), "--members", "5", "--json", "--no-attribution"))
    assert out["unmet_targets"] == [u.to_dict() for u in expected]
    table = invoke("run", str(path), "--members", "5", "--no-attribution")
    lines = table.splitlines()
    warning = next(i for i, line in enumerate(lines) if line.startswith("warning:"))
    assert "EU27" in lines[warning] and "2050" in lines[warning]
    assert f"{expected[0].shortfall_mt_co2e:,.0f} Mt CO2-equiv" in lines[warning]
    assert warning > max(i for i, line in enumerate(lines) if "category" in line)
    # a preset that meets its targets prints no warning and an empty list
    met = json.loads(invoke("run", "us-ndc-2030", "--members", "5", "--json",
                            "--no-attribution"))
    assert met["unmet_targets"] == []
