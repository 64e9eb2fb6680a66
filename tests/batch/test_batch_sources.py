"""Reading batch sources: failed items, duplicate names."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.batch import BatchInputError, read_source


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "same"\n')
    (tmp_path / "b.toml").write_text('name = "same"\n')
    with pytest.raises(BatchInputError, match="two scenarios are named 'same'"):
        read_source(tmp_path)


def test_unreadable_toml_becomes_a_failed_item(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text('name = "good"\n')
    (tmp_path / "bad.toml").write_text('name = "bad\n')
    items = {i.name: i for i in read_source(tmp_path)}
    assert items["good"].error is None and items["good"].scenario is not None
    assert "not valid TOML" in (items["bad"].error or "")


def test_iamc_scenario_the_reader_refuses_is_a_failed_item(tmp_path: Path) -> None:
    import pandas as pd

    from accord.emissions.iamc import iamc_frame

    good = iamc_frame("current-policies")
    broken = good.assign(scenario="broken")
    broken = broken[~((broken["region"] == "World") & (broken["variable"] == "Emissions|CH4"))]
    pd.concat([good, broken]).to_csv(tmp_path / "iamc.csv", index=False)
    items = {i.name: i for i in read_source(tmp_path / "iamc.csv")}
    assert list(items) == ["current-policies", "broken"]
    assert items["current-policies"].error is None
    assert items["current-policies"].emissions is not None
    assert "CH4" in (items["broken"].error or "")


@pytest.mark.parametrize("cell", ["nan", "NA", "null", "NaN", "inf", "N/A", "1e400"])
def test_lever_csv_cell_that_is_not_a_number_is_an_error_naming_it(tmp_path: Path,
                                                                   cell: str) -> None:
    csv = tmp_path / "levers.csv"
    csv.write_text(f"name,china.power.solar_additions_gw_per_yr,india.methane.waste_cut_frac\n"
                   f"a,{cell},0.5\nb,,0.5\n")
    items = {i.name: i for i in read_source(csv)}
    error = items["a"].error or ""
    assert f"levers.csv row 2, column china.power.solar_additions_gw_per_yr = '{cell}'" in error
    assert "an empty cell to leave the lever unset" in error and "--vary" not in error
    # an empty cell is the one way to leave a lever unset
    assert items["b"].error is None and items["b"].scenario is not None
    assert "China" not in items["b"].scenario.regions


def test_lever_csv_out_of_range_names_row_and_column(tmp_path: Path) -> None:
    csv = tmp_path / "levers.csv"
    csv.write_text("name,china.power.solar_additions_gw_per_yr\na,5000\n")
    error = read_source(csv)[0].error or ""
    assert error.startswith("levers.csv row 2, column china.power.solar_additions_gw_per_yr "
                            "= 5000: outside the allowed range 0 to 2000")
    assert "--vary" not in error


def test_folder_with_a_hostile_file_keeps_the_others(tmp_path: Path) -> None:
    """A file that would crash the parser is one failed item, not an aborted batch."""
    (tmp_path / "good.toml").write_text('name = "good"\n')
    (tmp_path / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (tmp_path / "inf.toml").write_text('name = "inf"\n[regions."China".power]\n'
                                       "no_new_coal_from_year = inf\n")
    items = {i.name: i for i in read_source(tmp_path)}
    assert items["good"].error is None
    assert "nested 50000 levels deep" in (items["deep"].error or "")
    assert "no_new_coal_from_year = inf: not a finite number" in (items["inf"].error or "")
