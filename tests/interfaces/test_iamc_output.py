"""accord's IAMC CSV as the tools IAMC users read files with see it (pyam, openscm-units)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyam  # the test extra's pyam-iamc: a missing install fails, it does not skip
import pytest
from typer.testing import CliRunner

from accord.assessment.iamc_names import AR6_PERCENTILES, percentile_variable
from accord.data import iamc_variables
from accord.interfaces.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("iamc") / "deal.csv"
    result = runner.invoke(app, ["run", "global-methane-pledge", "--members", "12",
                                 "--no-attribution", "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_pyam_reads_variables_and_values_back(written: Path) -> None:
    ours = pd.read_csv(written)
    df = pyam.IamDataFrame(written)
    assert sorted(df.variable) == sorted(ours["variable"].unique())
    assert sorted(df.region) == sorted(ours["region"].unique())
    assert sorted(df.scenario) == sorted(ours["scenario"].unique())
    theirs = df.data.set_index(["scenario", "region", "variable", "year"])["value"]
    mine = ours.set_index(["scenario", "region", "variable", "year"])["value"]
    joined = pd.concat([mine.rename("mine"), theirs.rename("theirs")], axis=1, join="outer")
    assert len(joined) == len(mine) == len(theirs)
    assert np.array_equal(joined["mine"].to_numpy(), joined["theirs"].to_numpy())


def test_units_parse_with_openscm_units(written: Path) -> None:
    from openscm_units import unit_registry

    for unit in pd.read_csv(written)["unit"].unique():
        unit_registry.Unit(unit)  # raises on a unit pint cannot read


def test_one_variable_tree_with_ar6_names(written: Path) -> None:
    variables = set(pd.read_csv(written)["variable"])
    assert not {v for v in variables if "Montreal Gases" in v or "F-Gases|" in v}
    ar6 = {}
    for row in iamc_variables():
        ar6.setdefault(row["species"], row["variable"])
    other = {r["variable"] for r in iamc_variables()} - set(ar6.values())
    assert not variables & other  # no second name of any species
    for name in ("Emissions|CFC11", "Emissions|PFC|C3F8", "Emissions|PFC|CF4",
                 "Emissions|HFC|HFC43-10", "Emissions|SO2F2"):
        assert name in variables


def test_warming_percentiles_have_ar6_names_and_order(written: Path) -> None:
    table = pd.read_csv(written)
    names = [percentile_variable(p) for p in AR6_PERCENTILES]
    assert names[1].endswith("|16.7th Percentile") and names[3].endswith("|83.3th Percentile")
    assert names[2] == "Surface Temperature (GSAT)|accord FaIRv2.2|50.0th Percentile"
    temps = table[table["variable"].isin(names)]
    assert set(temps["unit"]) == {"K"}
    wide = temps[temps["scenario"] == "global-methane-pledge"].pivot(
        index="year", columns="variable", values="value")[names]
    assert (np.diff(wide.to_numpy(), axis=1) >= 0).all()  # percentiles ascend
