"""Assumptions as data: every table row has a value, a unit and a source; presets match."""

from __future__ import annotations

import csv
import io
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from accord.levers.loading import WORLD, preset_names
from accord.levers.schema import INTERNATIONAL, LEVER_GROUPS
from accord.levers.tables import read_table

TABLES = ["energy_base_year.csv", "power_capacity_2024.csv", "power_assumptions.csv",
          "curtailment_curve.csv", "methane_sources.csv", "gwp_ar6.csv", "current_policies.csv",
          "emissions_assumptions.csv", "preset_levers.csv", "abatement_limits.csv",
          "removal_limits.csv", "land_accounting.csv", "inventory_base_years.csv",
          "gdp_base_year.csv", "gdp_growth_ssp2.csv", "sector_assumptions.csv",
          "pollutant_sources.csv", "coal_fleet_vintages.csv"]
SRC = Path(__file__).parents[2] / "src" / "accord"


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_value_unit_and_source(name):
    rows = read_table(name)
    assert rows
    for row in rows:
        value = row.get("value", row.get("share"))
        assert value not in (None, ""), row
        assert row["unit"], row
        assert (row.get("source") or row.get("ref")), row


def test_uncertain_rows_say_so():
    # hand-authored co-emission factors are not checked line by line: the rows must say it
    for row in read_table("power_assumptions.csv"):
        if row["parameter"] in ("so2", "nox", "bc", "oc"):
            assert any(w in row["note"] for w in ("approximate", "uncertain", "assumption",
                                                  "order of magnitude")), row


@pytest.mark.parametrize("name", ["abatement_limits.csv", "removal_limits.csv",
                                  "land_accounting.csv", "inventory_base_years.csv",
                                  "gdp_growth_ssp2.csv", "sector_assumptions.csv",
                                  "pollutant_sources.csv", "coal_fleet_vintages.csv"])
def test_rows_from_the_compiled_facts_say_how_sure_they_are(name):
    # sector-facts.md is an approximate compilation: rows using it are marked
    for row in read_table(name):
        assert any(w in row["note"] for w in ("approximate", "assumption", "rule", "derived",
                                              "as in")), row


def _preset_rows() -> dict[tuple[str, str, str, str, str], dict[str, str]]:
    return {(r["preset"], r["region"], r["group"], r["lever"], r["year"]): r
            for r in read_table("preset_levers.csv")}


def test_every_preset_number_is_a_row_of_the_table():
    table = _preset_rows()
    seen = set()
    for name in preset_names():
        text = resources.files("accord.levers").joinpath("presets", f"{name}.toml").read_text()
        data = tomllib.loads(text)
        # the scenario's own [international] levers are rows of region "World"
        layers = {**data.get("regions", {}), WORLD: {
            INTERNATIONAL: data.get(INTERNATIONAL, {})}}
        for region, groups in layers.items():
            for group, levers in groups.items():
                for lever, value in levers.items():
                    # a trajectory is one row per milestone year; a single value has no year
                    points = value.items() if isinstance(value, dict) else [("", value)]
                    for year, number in points:
                        key = (name, region, group, lever, year)
                        assert key in table, key
                        row = table[key]
                        assert row["value"] == str(number), key
                        assert row["unit"] == LEVER_GROUPS[group].model_fields[
                            lever].json_schema_extra["unit"]
                        assert row["source"], key
                        seen.add(key)
    assert seen == set(table)


def test_energy_base_year_is_selected_not_copied():
    text = resources.files("accord.data").joinpath("energy_base_year.csv").read_text()
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["region", "variable", "year", "value", "unit", "source"]


@pytest.mark.parametrize(("script", "table"), [("build_data_energy", "energy_base_year.csv"),
                                               ("build_data_gdp", "gdp_base_year.csv"),
                                               ("build_data_coal_vintages",
                                                "coal_fleet_vintages.csv")])
def test_rebuilding_a_base_year_table_gives_the_same_bytes(shared_dir, tmp_path, script, table):
    import importlib.util

    path = Path(__file__).parents[2] / "scripts" / f"{script}.py"
    spec = importlib.util.spec_from_file_location(script, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(shared_dir, tmp_path)
    shipped = resources.files("accord.data").joinpath(table).read_bytes()
    assert (tmp_path / table).read_bytes() == shipped


def test_gdp_growth_covers_every_year_to_2100_once():
    # every region with GDP data has exactly one SSP2 rate for each year after its last year
    base = {r["region"] for r in read_table("gdp_base_year.csv")}
    rows = read_table("gdp_growth_ssp2.csv")
    assert base == {r["region"] for r in rows}
    for region in base:
        years = [y for r in rows if r["region"] == region
                 for y in range(int(r["from_year"]), int(r["to_year"]) + 1)]
        assert sorted(years) == list(range(2023, 2101)), region


ORDER = ("levers", "energy", "emissions")  # the deal model (import order: test_import_order)


def test_package_never_reads_the_shared_folder():
    for path in SRC.rglob("*.py"):
        if path.parts[-2] in ORDER or path.name == "cli_deal.py":
            assert "shared" not in path.read_text().replace("shared_dir", ""), path


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # raised inside a dependency
def test_gwp_table_matches_openscm_units_ar6():
    # independent source: openscm-units' AR6GWP100 context (IPCC AR6 WG1 Table 7.SM.7)
    from openscm_units import unit_registry as ur

    with ur.context("AR6GWP100"):
        for row in read_table("gwp_ar6.csv"):
            gas = row["gas"]
            if gas.startswith("CH4"):
                continue  # openscm-units has one CH4 value (27.9); AR6 also splits fossil
            unit = gas.replace("-", "")
            expected = ur.Quantity(1.0, f"kt {unit}").to("kt CO2").magnitude
            assert float(row["value"]) == pytest.approx(expected, rel=1e-6), gas
