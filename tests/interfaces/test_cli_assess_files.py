"""``accord assess`` on files as the field publishes them, and on bad files.

The AR6 scenario-database sample (``../shared/data/ar6-sample``, see its README) is
read exactly as downloaded. The reference numbers are the database's own
indicators (``ar6_meta_indicators.extract.csv``, MAGICC 7.5.3 medians). accord runs
FaIR 2.2 physics with the v1.4.1 calibration (841 members) where AR6 ran MAGICC
7.5.3 and FaIR 1.6.2, and joins the files' 2015 start to the calibration's own
history: the issue's claim is agreement of the peak-warming median within 0.15 °C
and the same AR6 category (measured: IMAGE 2.61 against 2.69, REMIND-MAgPIE 1.55
against 1.55; docs/emissions-files.md).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from accord.climate.emissions_io import (
    EmissionsFileError,
    EmissionsInfilledWarning,
    load_emissions,
    open_emissions,
)
from accord.interfaces.cli import app
from accord.interfaces.errors import UserInputError
from accord.pipeline.emissions_file import MAX_SCENARIOS, assess_emissions_file

runner = CliRunner()
IMAGE = "ar6_scenarios__IMAGE_3.0__EN_INDCi2030_3000f__emissions.csv"
REMIND = "ar6_scenarios__REMIND-MAgPIE_2.1-4.2__SusDev_SDP-PkBudg1000__emissions.csv"
NATIVE = ["Emissions|CO2|Energy and Industrial Processes", "Emissions|CO2|AFOLU",
          "Emissions|CH4", "Emissions|N2O", "Emissions|Sulfur"]
#: the issue's claim: peak-warming median within 0.15 °C of the database's MAGICC median
PEAK_TOLERANCE_K = 0.15


def _assess(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["assess", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", [IMAGE, REMIND])
def test_ar6_file_as_downloaded_matches_the_database(ar6_sample_dir: Path, name: str) -> None:
    meta = pd.read_csv(ar6_sample_dir / "ar6_meta_indicators.extract.csv")
    code, out, err = _assess(str(ar6_sample_dir / name), "--json")
    assert code == 0, out + err
    [verdict] = json.loads(out)
    row = meta[meta["Scenario"] == verdict["scenario"]].iloc[0]
    magicc = float(row["Median peak warming (MAGICCv7.5.3)"])
    assert abs(verdict["peak_warming_k"]["p50"] - magicc) <= PEAK_TOLERANCE_K
    assert verdict["category"] == row["Category"]


def test_ar6_file_prints_a_verdict_table(ar6_sample_dir: Path) -> None:
    code, out, err = _assess(str(ar6_sample_dir / REMIND), "--members", "20")
    assert code == 0, out + err
    assert "SusDev_SDP-PkBudg1000" in out and "IPCC AR6 category" in out


def _native(ar6_sample_dir: Path, tmp_path: Path) -> Path:
    """Only five native species of the IMAGE scenario, 5-yearly 2015-2100, as submitted."""
    df = pd.read_csv(ar6_sample_dir / IMAGE)
    columns = ["Model", "Scenario", "Region", "Variable", "Unit",
               *[str(y) for y in range(2015, 2101, 5)]]
    path = tmp_path / "native.csv"
    df[df["Variable"].isin(NATIVE)][columns].to_csv(path, index=False)
    return path


def test_native_file_is_harmonised_infilled_and_assessed(ar6_sample_dir: Path,
                                                         tmp_path: Path) -> None:
    code, out, err = _assess(str(_native(ar6_sample_dir, tmp_path)), "--json", "--members",
                             "50")
    assert code == 0, out + err
    assert "warning:" in err and "infilled 46 species" in err
    assert "harmonised to the 2023 history" in err and "HFC-134a" in err and "BC" in err
    [verdict] = json.loads(out)
    assert verdict["category"].startswith("C")


def test_native_file_harmonised_values_start_from_the_history(ar6_sample_dir: Path,
                                                              tmp_path: Path) -> None:
    from accord.data import ssp_emissions

    with pytest.warns(EmissionsInfilledWarning, match="infilled 46 species"):
        da = load_emissions(_native(ar6_sample_dir, tmp_path))
    history = ssp_emissions().scenario("ssp245")
    values = da.isel(scenario=0).values
    assert np.array_equal(values[: 2023 - 1750 + 1], history[: 2023 - 1750 + 1])
    # CO2 FFI of 2100 is the model's own (reduce_ratio_2080 has converged by then):
    # 23644.712547 Mt CO2/yr in the file = 23.644712547 Gt
    assert values[-1, 0] == pytest.approx(23.644712547, rel=1e-9)


def test_native_file_with_no_infill_is_refused_listing_species(ar6_sample_dir: Path,
                                                               tmp_path: Path) -> None:
    code, out, err = _assess(str(_native(ar6_sample_dir, tmp_path)), "--no-infill")
    assert code == 2
    text = out + err
    assert "lacks 46 species" in text and "HFC-134a" in text and "CFC-11" in text
    assert "Traceback" not in text


# --------------------------------------------------------------------------- bad files


def _good(tmp_path: Path) -> pd.DataFrame:
    result = runner.invoke(app, ["emissions", "current-policies", "--format", "fair", "--out",
                                 str(tmp_path / "good.csv")])
    assert result.exit_code == 0, result.output
    return pd.read_csv(tmp_path / "good.csv")


def _refused(path: Path, *needles: str) -> str:
    """Exit 2 with one line ``error: ...`` naming the file and the fix; nothing written."""
    before = set(path.parent.iterdir())
    code, out, err = _assess(str(path), "--members", "5")
    text = out + err
    assert code == 2, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), text
    assert path.name in lines[0] and "fix" in lines[0], text
    assert "Traceback" not in text
    for needle in needles:
        assert needle in text, text
    assert set(path.parent.iterdir()) == before
    return text


@pytest.mark.parametrize(("variable", "value", "needle"), [
    ("CO2 FFI", -1e6, "implausible for CO2 FFI"),
    ("CH4", 1e30, "implausible for CH4"),
    ("CO2 FFI", 1e300, "implausible for CO2 FFI"),
    ("CO2 FFI", float("inf"), "not a finite number"),
])
def test_absurd_values_are_refused(tmp_path: Path, variable: str, value: float,
                                   needle: str) -> None:
    df = _good(tmp_path)
    df.loc[df["variable"] == variable, "2050.5"] = value
    df.to_csv(tmp_path / "bad.csv", index=False)
    _refused(tmp_path / "bad.csv", needle, "2050", "fix")


def test_unknown_unit_is_refused(tmp_path: Path) -> None:
    df = _good(tmp_path)
    df.loc[df["variable"] == "CH4", "unit"] = "Mt furlong/yr"
    df.to_csv(tmp_path / "bad.csv", index=False)
    _refused(tmp_path / "bad.csv", "'CH4'", "Mt furlong/yr", "Mt CH4/yr")


def test_negative_and_absurd_year_columns_are_refused(tmp_path: Path) -> None:
    df = _good(tmp_path)
    df.rename(columns={"1750.5": "-1.5"}).to_csv(tmp_path / "neg.csv", index=False)
    _refused(tmp_path / "neg.csv", "'-1.5' is negative")
    df.rename(columns={"2100.5": "99999999.5"}).to_csv(tmp_path / "far.csv", index=False)
    # refused from the header, before any array of 10^8 years is allocated
    _refused(tmp_path / "far.csv", "'99999999.5' is out of range", "1750..2500")


def test_repeated_year_column_is_refused_not_renamed(tmp_path: Path) -> None:
    text = (_good(tmp_path).to_csv(index=False)).splitlines()
    header = text[0].replace("2051.5", "2050.5")  # pandas would call it 2050.5.1
    (tmp_path / "bad.csv").write_text("\n".join([header, *text[1:]]) + "\n")
    _refused(tmp_path / "bad.csv", "a year column appears twice", "'2050.5'")


def test_duplicate_rows_are_refused(tmp_path: Path) -> None:
    df = _good(tmp_path)
    pd.concat([df, df[df["variable"] == "N2O"]]).to_csv(tmp_path / "bad.csv", index=False)
    _refused(tmp_path / "bad.csv", "duplicate rows", "'N2O'")


def test_header_only_and_empty_files_say_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "head.csv").write_text("model,scenario,region,variable,unit,2015,2020\n")
    text = _refused(tmp_path / "head.csv", "no data rows", "fix")
    assert "available: " not in text
    (tmp_path / "empty.csv").write_text("")
    _refused(tmp_path / "empty.csv", "empty", "fix")


def test_unreadable_files_name_the_real_cause(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("model,scenario,region,variable,unit,2015\nm,s\xe9,World,x,y,1\n"
                      .encode("latin-1"))
    _refused(latin, "not UTF-8 text", "0xe9", "save it as UTF-8")
    good = tmp_path / "good.csv"
    _good(tmp_path)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # the tests run as root, who may read anything: the refusal is simulated
    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(EmissionsFileError, match=r"permission denied.*chmod u\+r"):
        open_emissions(good)
    monkeypatch.undo()
    monkeypatch.setattr(Path, "stat", denied)
    with pytest.raises(EmissionsFileError, match=r"folder cannot be entered.*chmod u\+rx"):
        open_emissions(good)


def test_ten_thousand_scenarios_get_a_clear_error_in_bounded_memory(tmp_path: Path) -> None:
    n = 10_000
    years = [str(y) for y in range(2015, 2101, 5)]
    rows = np.repeat(np.arange(n), len(NATIVE))
    frame = pd.DataFrame({"model": "m", "scenario": [f"s{i}" for i in rows],
                          "region": "World", "variable": np.tile(NATIVE, n), "unit": "Mt x/yr"})
    frame = pd.concat([frame, pd.DataFrame(1.0, index=frame.index, columns=years)], axis=1)
    path = tmp_path / "many.csv"
    frame.to_csv(path, index=False)
    del frame
    tracemalloc.start()
    try:
        with pytest.raises(EmissionsFileError, match=rf"{n} scenarios.*at most "
                           rf"{MAX_SCENARIOS}.*accord batch"):
            next(assess_emissions_file(path, members=5))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # counted from the scenario column alone, in chunks: far below the file's 50,000 rows
    # parsed as a whole (a few tens of MB)
    assert peak < 20e6
    _refused(path, "10000 scenarios", "accord batch")


@pytest.mark.parametrize(("variable", "value"), [("CO2 FFI", -1e6), ("CH4", 1e30),
                                                 ("CO2 FFI", 1e300)])
def test_climate_command_refuses_absurd_values_too(tmp_path: Path, variable: str,
                                                   value: float) -> None:
    df = _good(tmp_path)
    df.loc[df["variable"] == variable, "2050.5"] = value
    df.to_csv(tmp_path / "bad.csv", index=False)
    result = runner.invoke(app, ["climate", str(tmp_path / "bad.csv"), "--members", "5",
                                 "--scenario", "current-policies"])
    # accord climate raises its input errors for main() to print (exit 2, no traceback)
    assert isinstance(result.exception, UserInputError), result.output
    assert f"implausible for {variable}" in str(result.exception)


def test_climate_command_reads_an_ar6_file_as_downloaded(ar6_sample_dir: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "pct.csv"
    result = runner.invoke(app, ["climate", str(ar6_sample_dir / REMIND), "--members", "10",
                                 "--scenario", "SusDev_SDP-PkBudg1000", "--out", str(out)])
    assert result.exit_code == 0, result.stdout + result.stderr
    table = pd.read_csv(out)
    assert set(table["scenario"]) == {"SusDev_SDP-PkBudg1000"}
    assert np.isfinite(table[["p05", "p50", "p95"]].to_numpy()).all()


def test_climate_command_warns_in_one_line_about_infilling(ar6_sample_dir: Path,
                                                            tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "accord.interfaces.cli", "climate",
         str(_native(ar6_sample_dir, tmp_path)), "-s", "EN_INDCi2030_3000f", "--members", "5"],
        capture_output=True, text=True, env=os.environ.copy(), check=False)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "infilled" in line]
    assert len(lines) == 1 and lines[0].startswith("warning: ")
    assert "EmissionsInfilledWarning" not in done.stderr


def test_climate_command_refuses_a_native_file_with_no_infill(ar6_sample_dir: Path,
                                                              tmp_path: Path) -> None:
    result = runner.invoke(app, ["climate", str(_native(ar6_sample_dir, tmp_path)),
                                 "-s", "EN_INDCi2030_3000f", "--members", "5", "--no-infill"])
    # an input error, which accord's entry point prints in one line with exit 2
    assert isinstance(result.exception, UserInputError), result.stdout + result.stderr
    # the five native variables leave 46 of the 51 species to infill (as accord assess says)
    text = str(result.exception)
    assert "lacks 46 species" in text and "CFC-11" in text


def test_climate_command_reads_under_a_named_variable_prefix(ar6_sample_dir: Path,
                                                             tmp_path: Path) -> None:
    # the REMIND file as downloaded carries the database's prefix; renamed to another
    # prefix it is read only when that prefix is given, and gives the same warming
    df = pd.read_csv(ar6_sample_dir / REMIND)
    df["Variable"] = df["Variable"].str.replace(
        "AR6 climate diagnostics|Infilled|", "Team X|Harmonised|", regex=False)
    path = tmp_path / "prefixed.csv"
    df.to_csv(path, index=False)
    args = ["climate", "-s", "SusDev_SDP-PkBudg1000", "--members", "5"]
    given = runner.invoke(app, [*args, str(path), "--variable-prefix", "Team X|Harmonised|",
                                "--no-infill"])
    assert given.exit_code == 0, given.stdout + given.stderr
    downloaded = runner.invoke(app, [*args, str(ar6_sample_dir / REMIND), "--no-infill"])
    assert downloaded.exit_code == 0, downloaded.stdout + downloaded.stderr
    assert given.stdout == downloaded.stdout
