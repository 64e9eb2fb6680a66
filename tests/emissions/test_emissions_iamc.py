"""IAMC long output and FaIR's input layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from accord.data import ssp_emissions
from accord.emissions.iamc import fair_frame, iamc_frame, write_csv
from lever_strategies import scenarios

REGIONS = ["United States", "China", "EU27", "India", "Rest of World", "World"]
REMAINDER = "World|Remainder"
REQUIRED = {
    "Secondary Energy|Electricity": "TWh/yr",
    "Secondary Energy|Electricity|Coal": "TWh/yr",
    "Secondary Energy|Electricity|Gas": "TWh/yr",
    "Secondary Energy|Electricity|Oil": "TWh/yr",
    "Secondary Energy|Electricity|Nuclear": "TWh/yr",
    "Secondary Energy|Electricity|Hydro": "TWh/yr",
    "Secondary Energy|Electricity|Wind": "TWh/yr",
    "Secondary Energy|Electricity|Solar": "TWh/yr",
    "Secondary Energy|Electricity|Biomass": "TWh/yr",
    "Capacity|Electricity|Solar": "GW",
    "Capacity|Electricity|Wind": "GW",
    "Capacity|Electricity|Coal": "GW",
    "Emissions|CO2|Energy|Supply|Electricity": "Mt CO2/yr",
    "Emissions|CO2|Energy and Industrial Processes": "Mt CO2/yr",
    "Emissions|CO2|AFOLU": "Mt CO2/yr",
    "Emissions|CO2": "Mt CO2/yr",
    "Emissions|CH4": "Mt CH4/yr",
    "Emissions|N2O": "kt N2O/yr",
    "Emissions|Kyoto Gases (AR6-GWP100)": "Mt CO2/yr",  # openscm-units: metric in the name
}


@pytest.fixture(scope="module")
def frame():
    return iamc_frame(["current-policies", "sunnylands-2023"])


def test_columns_regions_and_years(frame):
    assert list(frame.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                   "value"]
    assert sorted(frame["region"].unique()) == sorted([*REGIONS, REMAINDER])
    assert frame["year"].min() == 2024 and frame["year"].max() == 2100
    assert set(frame["scenario"]) == {"current-policies", "sunnylands-2023"}
    assert not frame.duplicated(["scenario", "region", "variable", "year"]).any()
    assert np.isfinite(frame["value"]).all()


@pytest.mark.parametrize("region", REGIONS)
def test_required_variables_and_units(frame, region):
    sub = frame[(frame.region == region) & (frame.scenario == "current-policies")]
    units = dict(zip(sub.variable, sub.unit, strict=False))
    for variable, unit in REQUIRED.items():
        assert units.get(variable) == unit, (region, variable)
    assert units.get("Emissions|Sulfur") == "Mt SO2/yr"
    if region != "World":
        assert units.get("Emissions|Sulfur|Energy|Supply|Electricity") == "Mt SO2/yr"


def test_world_electricity_2024_is_embers_world_total(frame):
    row = frame[(frame.region == "World") & (frame.variable == "Secondary Energy|Electricity")
                & (frame.year == 2024) & (frame.scenario == "current-policies")]
    # country-facts section 1: World 2024 generation 30,930.2 TWh
    assert float(row.value.iloc[0]) == pytest.approx(30930.2, rel=0.001)


def test_world_rows_equal_the_world_the_climate_model_reads(frame):
    from accord.emissions.world import world_emissions

    ssp = ssp_emissions()
    world = world_emissions("current-policies").values[0]
    years = list(ssp.years)
    sub = frame[(frame.region == "World") & (frame.scenario == "current-policies")]
    ch4 = sub[sub.variable == "Emissions|CH4"].set_index("year").value
    n2o = sub[sub.variable == "Emissions|N2O"].set_index("year").value
    co2 = sub[sub.variable == "Emissions|CO2|Energy and Industrial Processes"].set_index(
        "year").value
    for y in (2024, 2050, 2100):
        assert ch4[y] == pytest.approx(world[years.index(y), 2], rel=1e-12)
        assert n2o[y] == pytest.approx(world[years.index(y), 3] * 1000.0, rel=1e-12)  # kt
        assert co2[y] == pytest.approx(world[years.index(y), 0] * 1000.0, rel=1e-12)  # Mt


@pytest.mark.parametrize("name", __import__("accord.levers.loading", fromlist=["x"])
                         .preset_names())
def test_world_row_is_the_sum_of_the_rows_below_it_for_every_variable(name):
    df = iamc_frame(name)
    world = df[df.region == "World"].pivot_table(index="year", columns="variable",
                                                 values="value")
    parts = df[df.region != "World"].pivot_table(index="year", columns="variable",
                                                 values="value", aggfunc="sum")
    assert set(world.columns) == set(parts.columns) - {"Curtailment|Electricity|Wind and Solar"}
    for var in world.columns:
        np.testing.assert_allclose(world[var], parts[var], rtol=1e-12, atol=1e-9,
                                   err_msg=var)


def test_regional_co2_adds_up(frame):
    sub = frame[(frame.scenario == "sunnylands-2023") & (frame.region == "China")]
    v = sub.pivot_table(index="year", columns="variable", values="value")
    np.testing.assert_allclose(
        v["Emissions|CO2"], v["Emissions|CO2|Energy and Industrial Processes"]
        + v["Emissions|CO2|AFOLU"], rtol=1e-12)
    techs = [c for c in v.columns if c.startswith("Secondary Energy|Electricity|")]
    np.testing.assert_allclose(v[techs].sum(axis=1), v["Secondary Energy|Electricity"],
                               rtol=1e-12)


def test_fair_layout_matches_the_calibration_file(fair_calibration_dir):
    ours = fair_frame("current-policies")
    header = pd.read_csv(fair_calibration_dir / "ssps_harmonized_1750-2499.csv", nrows=0)
    cols = list(header.columns)
    assert list(ours.columns) == cols[: cols.index("2100.5") + 1]
    assert set(ours.region) == {"World"}
    ref = pd.read_csv(fair_calibration_dir / "ssps_harmonized_1750-2499.csv")
    ref = ref[ref.scenario == "ssp245"].set_index("variable")
    mine = ours.set_index("variable")
    for var in ("CO2 FFI", "CH4", "Sulfur", "HFC-134a"):
        assert mine.loc[var, "unit"] == ref.loc[var, "unit"]
        # history to 2023 is the reference's (regions plus remainder equal it in 2023)
        np.testing.assert_allclose(mine.loc[var, "1750.5":"2023.5"].to_numpy(dtype=float),
                                   ref.loc[var, "1750.5":"2023.5"].to_numpy(dtype=float),
                                   rtol=1e-12)


def test_write_csv_is_atomic_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "e.csv"
    write_csv(fair_frame("us-ndc-2030"), out)
    assert out.is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["e.csv"]
    back = pd.read_csv(out)
    assert back.shape == (51, 4 + 351)


def test_iamc_world_rows_cover_all_51_species(frame):
    ssp = ssp_emissions()
    sub = frame[(frame.region == "World") & (frame.scenario == "current-policies")
                & (frame.year == 2050)]
    assert len(sub) == sub.variable.nunique()
    # 51 species: 8 emission totals named here plus 43 named from iamc_variables.csv
    assert sub.variable.str.startswith("Emissions|").sum() >= len(ssp.species)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # raised inside a dependency
def test_iamc_file_round_trips_through_the_climate_engine_reader(tmp_path):
    from accord.climate import emissions_io as reader
    from accord.emissions.world import world_emissions

    path = tmp_path / "deal.csv"
    write_csv(iamc_frame("sunnylands-2023"), path)
    got = reader.load_emissions(path).sel(year=slice(2024, 2100)).values[0]
    want = world_emissions("sunnylands-2023").sel(year=slice(2024, 2100)).values[0]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_removals_by_type_add_up_to_carbon_removal():
    df = iamc_frame("net-zero-co2-2050-stretch")
    sub = df[df.region == "Rest of World"].pivot_table(index="year", columns="variable",
                                                       values="value")
    parts = sub[["Carbon Sequestration|CCS|Biomass", "Carbon Sequestration|Direct Air Capture",
                 "Carbon Sequestration|Land Use|Afforestation"]].sum(axis=1)
    np.testing.assert_allclose(parts, sub["Carbon Removal"], rtol=1e-12)
    # the preset's BECCS in 2050: 2.75 Gt (AR6 C1 median) x 80.3 % of the land = 2,208 Mt
    assert sub.loc[2050, "Carbon Sequestration|CCS|Biomass"] == pytest.approx(2208.0)


#: IPCC 2006 Guidelines Vol. 2 Ch. 1 Table 1.4 defaults (power_assumptions.csv), t CO2/TJ
CARBON_T_PER_TJ = {"Solids|Coal": 94.6, "Liquids|Oil": 77.4, "Gases|Natural Gas": 56.1}


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=scenarios())
def test_reported_final_energy_burns_into_the_reported_co2_targets_included(scenario):
    # the fuel rows and the CO2 rows tell one story: transport, buildings and other energy
    # (no capture there) emit their fossil final energy times its carbon content, also
    # where a target cut their CO2 (fuel not burned). EJ x 1e6 TJ/EJ x t/TJ / 1e6 = Mt
    from accord.levers.errors import ScenarioError

    try:
        df = iamc_frame(scenario)
    except ScenarioError:  # compounding levers past the plausibility bound: refused
        return
    table = df.pivot_table(index=["region", "year"], columns="variable", values="value")
    sectors = {"Transportation": "Energy|Demand|Transportation",
               "Residential and Commercial": "Energy|Demand|Residential and Commercial",
               "Other Sector": "Energy|Supply|Other"}
    for fe_name, co2_name in sectors.items():
        burned = sum(table[f"Final Energy|{fe_name}|{fuel}"] * t_per_tj
                     for fuel, t_per_tj in CARBON_T_PER_TJ.items())
        np.testing.assert_allclose(burned, table[f"Emissions|CO2|{co2_name}"], rtol=1e-9,
                                   atol=1e-9, err_msg=fe_name)


def test_a_target_lowers_fossil_generation_and_final_energy_with_its_co2():
    # China's net zero 2060 binds: its fossil final energy and generation fall with the
    # CO2 the target removes; renewables do not move
    df = iamc_frame(["china-ndc-2035", "china-neutrality-2060"])
    cn = df[(df.region == "China") & (df.year == 2060)].pivot_table(
        index="variable", columns="scenario", values="value")
    for row in ("Final Energy|Industry|Solids|Coal", "Secondary Energy|Electricity|Coal",
                "Final Energy|Transportation|Liquids|Oil"):
        assert cn.loc[row, "china-neutrality-2060"] < cn.loc[row, "china-ndc-2035"], row
    assert cn.loc["Secondary Energy|Electricity|Solar"].nunique() == 1
