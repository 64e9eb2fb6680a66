"""The ``accord climate`` command: option checks, writers, and end-to-end runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from accord import io_atomic
from accord.data import ssp_emissions
from accord.interfaces import cli_climate, climate_tables
from accord.interfaces.cli import app
from accord.interfaces.errors import UserInputError

runner = CliRunner()


@pytest.fixture(autouse=True)
def _private_history_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the kernel's warm-start cache out of the user's cache folder."""
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


SSP = ssp_emissions()
SPECIES = [str(s) for s in SSP.species]
UNITS = [str(u) for u in SSP.units]


def invoke_error(*args: str) -> str:
    """Invoke ``accord climate ARGS`` expecting a UserInputError; return its message."""
    result = runner.invoke(app, ["climate", *args])
    assert isinstance(result.exception, UserInputError), result.output
    return str(result.exception)


def fair_csv(path: Path, last_year: int, scenario: str = "ssp245") -> Path:
    """The shipped SSP's emissions 1750..last_year as a FaIR-layout file."""
    years = SSP.years[SSP.years <= last_year]
    values = SSP.scenario(scenario)[: years.size]
    meta = pd.DataFrame(
        {"scenario": scenario, "region": "World", "variable": SPECIES, "unit": UNITS}
    )
    data = pd.DataFrame(values.T, columns=[f"{y}.5" for y in years])
    pd.concat([meta, data], axis=1).to_csv(path, index=False, float_format="%.17g")
    return path


# ------------------------------------------------------------------ option checks


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-s", "ssp245", "--members", "0"], "--members 0 is outside 1..841"),
        (["-s", "ssp245", "--members", "842"], "--members 842 is outside 1..841"),
        (["-s", "ssp245", "--end", "1900"], "--end 1900 is outside 1901..2100"),
        (["-s", "ssp245", "--end", "2101"], "--end 2101 is outside 1901..2100"),
        (["-s", "ssp245", "--variability"], "--variability needs --seed"),
        (["-s", "ssp245", "--seed", "3"], "--seed 3 is given without --variability"),
        (["-s", "ssp245", "--variability", "--seed", "-1"], "--seed -1: allowed range 0 to"),
        (["-s", "ssp245", "--variability", "--seed", "9" * 23], "allowed range 0 to 21474"),
        ([], "--scenario is required"),
        (["-s", "ssp999"], "'ssp999' not among the shipped SSPs; choose from ssp119"),
        (["-s", "ssp245", "--out", "no/such/folder/p.csv"], "folder 'no/such/folder'"),
    ],
)
def test_bad_options_name_option_value_and_fix(args: list[str], expected: str) -> None:
    assert expected in invoke_error(*args)


def test_missing_emissions_file(tmp_path: Path) -> None:
    message = invoke_error(str(tmp_path / "nope.csv"), "-s", "a")
    assert "EMISSIONS" in message and "does not exist" in message


def test_out_is_a_folder(tmp_path: Path) -> None:
    assert "is a folder" in invoke_error("-s", "ssp245", "--out", str(tmp_path))


def test_same_file_for_both_outputs(tmp_path: Path) -> None:
    path = str(tmp_path / "x.csv")
    assert "two different files" in invoke_error(
        "-s", "ssp245", "--out", path, "--ensemble-out", path
    )


def test_end_beyond_the_file(tmp_path: Path) -> None:
    path = fair_csv(tmp_path / "short.csv", 2050)
    message = invoke_error(str(path), "-s", "ssp245", "--end", "2060")
    assert "--end 2060 is beyond the emissions, which end in 2050" in message


def test_bad_emissions_file_becomes_user_error(tmp_path: Path) -> None:
    path = fair_csv(tmp_path / "e.csv", 2100)
    text = path.read_text().replace("Mt CH4/yr", "Mt CO2/yr")
    path.write_text(text)
    message = invoke_error(str(path), "-s", "ssp245")
    assert "variable 'CH4'" in message and "'Mt CH4/yr'" in message


def accord_command() -> list[str]:
    """The installed console script (or the same entry point through this Python)."""
    exe = shutil.which("accord")
    if exe is not None:
        return [exe]
    return [sys.executable, "-c", "from accord.interfaces.cli import main; main()"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["climate", "--scenario", "ssp245", "--members", "0"], "error: --members 0"),
        (["climate", "missing-file.csv", "--scenario", "x"], "error: EMISSIONS"),
        (["climate", "--scenario", "ssp245", "--end", "3000"], "error: --end 3000"),
    ],
)
def test_real_process_exits_2_without_traceback(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    proc = subprocess.run(
        [*accord_command(), *args], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(expected)
    assert "Traceback" not in proc.stderr + proc.stdout


# ------------------------------------------------------------------------ writers


def test_write_failure_names_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(io_atomic.os, "replace", refuse)
    options = cli_climate.ClimateOptions(
        None, ("low",), 2100, None, False, None, tmp_path / "p.csv", None
    )
    gsat = xr.DataArray(np.zeros((1, 2, 3)), dims=("scenario", "member", "year"),
                        coords={"scenario": ["low"], "member": [1, 2], "year": [2000, 2001, 2002]})
    with pytest.raises(UserInputError, match=r"--out '.*p.csv' cannot be written \(Permission"):
        cli_climate.write_outputs(gsat, options)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------- end to end


def test_ssp245_twenty_members_match_fair(tmp_path: Path, fair_reference_dir: Path) -> None:
    out, members = tmp_path / "p.csv", tmp_path / "m.csv.gz"
    result = runner.invoke(
        app,
        [
            "climate",
            "-s",
            "ssp245",
            "--members",
            "20",
            "--out",
            str(out),
            "--ensemble-out",
            str(members),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ssp245" in result.output and "wrote" in result.output
    ours = pd.read_csv(members)
    ref = pd.read_csv(fair_reference_dir / "gsat_ensemble_ssp245_deterministic.csv.gz")
    assert ours.shape == (20, 352)
    assert list(ours.columns) == list(ref.columns)
    ref = ref.set_index("config").loc[ours["config"]]
    assert np.abs(ours.set_index("config").to_numpy() - ref.to_numpy()).max() <= 0.01
    # the percentiles file is the linear percentiles of those members
    pct = pd.read_csv(out)
    expected = np.percentile(ours.iloc[:, 1:].to_numpy(), [5, 17, 50, 83, 95], axis=0)
    np.testing.assert_allclose(
        pct[["p05", "p17", "p50", "p83", "p95"]].to_numpy().T, expected, atol=1.5e-6
    )


def test_all_members_percentiles_match_fair(tmp_path: Path, fair_reference_dir: Path) -> None:
    out = tmp_path / "p.csv"
    result = runner.invoke(app, ["climate", "--scenario", "ssp245", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ours = pd.read_csv(out)
    ref = pd.read_csv(fair_reference_dir / "gsat_percentiles_deterministic.csv")
    ref = ref[ref.scenario == "ssp245"].reset_index(drop=True)
    assert list(ours.columns) == list(ref.columns)
    np.testing.assert_array_equal(ours.year, ref.year)
    cols = ["p05", "p17", "p50", "p83", "p95"]
    assert np.abs(ours[cols].to_numpy() - ref[cols].to_numpy()).max() <= 0.01


def test_file_input_equals_shipped_ssp(tmp_path: Path) -> None:
    path = fair_csv(tmp_path / "e.csv", 2100, "ssp126")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    args = ["-s", "ssp126", "--members", "5", "--end", "2060"]
    assert runner.invoke(app, ["climate", str(path), *args, "--out", str(a)]).exit_code == 0
    assert runner.invoke(app, ["climate", *args, "--out", str(b)]).exit_code == 0
    pa, pb = pd.read_csv(a), pd.read_csv(b)
    assert int(pa.year.iloc[-1]) == 2060
    pd.testing.assert_frame_equal(pa, pb)


def test_warm_started_command_equals_full_kernel_run(tmp_path: Path) -> None:
    from accord.climate import run
    from accord.climate.emissions_io import ssp_emissions_array

    out = tmp_path / "p.csv"
    args = ["climate", "-s", "ssp370", "--members", "6", "--end", "2070", "--out", str(out)]
    for _ in range(2):  # computes, then reads, the cached history
        assert runner.invoke(app, args).exit_code == 0
        full = run(ssp_emissions_array(["ssp370"]), members=6, end=2070).dataset
        expected = climate_tables.percentile_frame(climate_tables.gsat_by_scenario(full))
        ours = pd.read_csv(out)
        cols = ["p05", "p17", "p50", "p83", "p95"]
        np.testing.assert_allclose(ours[cols].to_numpy(), expected[cols].to_numpy(), atol=1e-6)


def test_scenarios_with_different_histories(tmp_path: Path) -> None:
    path = fair_csv(tmp_path / "e.csv", 2100)
    df = pd.read_csv(path)
    other = df.copy()
    other["scenario"] = "dirty"
    ch4 = SPECIES.index("CH4")
    other.loc[ch4, "1950.5":] = other.loc[ch4, "1950.5":] * 2.0
    pd.concat([df, other]).to_csv(path, index=False, float_format="%.17g")
    out = tmp_path / "p.csv"
    result = runner.invoke(
        app,
        [
            "climate",
            str(path),
            "-s",
            "ssp245",
            "-s",
            "dirty",
            "--members",
            "3",
            "--end",
            "2030",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    p50 = pd.read_csv(out).pivot(index="year", columns="scenario", values="p50")
    # the 1850-1900 baseline and everything before 1950 are unchanged
    assert p50.loc[1949, "dirty"] == p50.loc[1949, "ssp245"]
    # twice the methane from 1950 warms (CH4 forcing is positive)
    assert p50.loc[2000, "dirty"] > p50.loc[2000, "ssp245"] + 0.1


def test_several_scenarios_one_member_file_each(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = runner.invoke(
        app,
        [
            "climate",
            "-s",
            "ssp119",
            "-s",
            "ssp585",
            "--members",
            "3",
            "--end",
            "2030",
            "--ensemble-out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    low = pd.read_csv(tmp_path / "m_ssp119.csv")
    high = pd.read_csv(tmp_path / "m_ssp585.csv")
    assert low.shape == high.shape == (3, 1 + 2030 - 1750 + 1)
    assert not out.exists()
    # same history to 2022, so identical members until then
    np.testing.assert_array_equal(low["2000"], high["2000"])


def test_variability_is_seeded(tmp_path: Path) -> None:
    paths = [tmp_path / f"{name}.csv" for name in ("s1", "s1b", "s2", "det")]
    common = ["climate", "-s", "ssp245", "--members", "4", "--end", "1950"]
    for path, extra in zip(
        paths,
        (
            ["--variability", "--seed", "1"],
            ["--variability", "--seed", "1"],
            ["--variability", "--seed", "2"],
            [],
        ),
        strict=True,
    ):
        result = runner.invoke(app, [*common, *extra, "--ensemble-out", str(path)])
        assert result.exit_code == 0, result.output
    s1, s1b, s2, det = (pd.read_csv(p) for p in paths)
    pd.testing.assert_frame_equal(s1, s1b)
    assert not np.allclose(s1.iloc[:, 1:], s2.iloc[:, 1:])
    assert not np.allclose(s1.iloc[:, 1:], det.iloc[:, 1:])
