"""Reading emissions files: layouts, unit conversion, interpolation, history, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.climate.emissions_io import (
    EmissionsFileError,
    conversion_factor,
    emissions_from_frame,
    iamc_variable_table,
    load_emissions,
    ssp_emissions_array,
)
from accord.data import ssp_emissions

SSP = ssp_emissions()
SPECIES = [str(s) for s in SSP.species]
UNITS = [str(u) for u in SSP.units]
SSP245 = SSP.scenario("ssp245")  # (year, specie), FaIR units, 1750-2100

# RCMIP variable name of each species (first row of the table for that species).
RCMIP_NAME: dict[str, str] = {}
for _variable, _specie in iamc_variable_table().items():
    RCMIP_NAME.setdefault(_specie, _variable)

# Units an IAMC file writes, and the factor from FaIR units into them (hand: 1 Gt = 1000 Mt,
# 1 Mt = 1000 kt; openscm-units reads NOx as NO2; HFC-134a with a hyphen is the same gas).
IAMC_UNIT = {
    "CO2 FFI": ("Mt CO2/yr", 1000.0),
    "CO2 AFOLU": ("Mt CO2/yr", 1000.0),
    "CH4": ("Mt CH4/yr", 1.0),
    "N2O": ("kt N2O/yr", 1000.0),
    "NOx": ("Mt NOx/yr", 1.0),
    "HFC-134a": ("kt HFC-134a/yr", 1.0),
    "c-C4F8": ("t c-C4F8/yr", 1000.0),
}


def fair_frame(values: np.ndarray, years: np.ndarray, scenario: str = "s1") -> pd.DataFrame:
    """A FaIR-layout frame of one scenario; values shape (year, specie) in FaIR units."""
    meta = pd.DataFrame(
        {"scenario": scenario, "region": "World", "variable": SPECIES, "unit": UNITS}
    )
    data = pd.DataFrame(values.T, columns=[f"{y}.5" for y in years])
    return pd.concat([meta, data], axis=1)


def iamc_frame(values: np.ndarray, years: np.ndarray, scenario: str = "s1") -> pd.DataFrame:
    """An IAMC-layout frame (RCMIP names, units of ``IAMC_UNIT``) of one scenario."""
    units, factors = [], []
    for specie, fair_unit in zip(SPECIES, UNITS, strict=True):
        unit, factor = IAMC_UNIT.get(specie, (fair_unit, 1.0))
        units.append(unit)
        factors.append(factor)
    meta = pd.DataFrame(
        {
            "Model": "m",
            "Scenario": scenario,
            "Region": "World",
            "Variable": [RCMIP_NAME[s] for s in SPECIES],
            "Unit": units,
        }
    )
    data = pd.DataFrame((values * np.array(factors)).T, columns=[str(y) for y in years])
    return pd.concat([meta, data], axis=1)


def write(df: pd.DataFrame, tmp_path: Path, name: str = "em.csv") -> Path:
    path = tmp_path / name
    df.to_csv(path, index=False, float_format="%.17g")
    return path


def assert_rel(actual: np.ndarray, expected: np.ndarray, rtol: float) -> None:
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=0.0)


# ------------------------------------------------------------------- round trips


def test_fair_layout_round_trip(tmp_path: Path) -> None:
    path = write(fair_frame(SSP245, SSP.years, "ssp245"), tmp_path)
    da = load_emissions(path)
    assert da.name == "emissions"
    assert da.dims == ("scenario", "year", "specie")
    assert list(da.specie.values) == SPECIES
    assert list(da.unit.values) == UNITS
    assert da.year.dtype.kind == "i"
    np.testing.assert_array_equal(da.year.values, SSP.years)
    assert_rel(da.sel(scenario="ssp245").values, SSP245, 1e-9)


def test_iamc_layout_round_trip_converts_units(tmp_path: Path) -> None:
    path = write(iamc_frame(SSP245, SSP.years), tmp_path)
    da = load_emissions(path, ["s1"], history=None)
    assert da.attrs["layout"] == "iamc"
    assert_rel(da.sel(scenario="s1").values, SSP245, 1e-9)


def long_frame(values: np.ndarray, years: np.ndarray) -> pd.DataFrame:
    """The IAMC long layout (model, scenario, region, variable, unit, year, value)."""
    wide = iamc_frame(values, years)
    return wide.melt(
        id_vars=["Model", "Scenario", "Region", "Variable", "Unit"],
        var_name="Year",
        value_name="Value",
    )


def test_iamc_long_layout_round_trip(tmp_path: Path) -> None:
    da = load_emissions(write(long_frame(SSP245, SSP.years), tmp_path), history=None)
    assert_rel(da.sel(scenario="s1").values, SSP245, 1e-9)


def test_shared_ssp_file_equals_shipped(fair_calibration_dir: Path) -> None:
    path = fair_calibration_dir / "ssps_harmonized_1750-2499.csv"
    da = load_emissions(path, ["ssp370", "ssp126"])
    assert list(da.scenario.values) == ["ssp370", "ssp126"]
    assert int(da.year[-1]) == 2499
    part = da.sel(year=slice(1750, 2100))
    for name in ("ssp370", "ssp126"):
        assert_rel(part.sel(scenario=name).values, SSP.scenario(name), 1e-12)


def test_shipped_ssp_array_matches_loader() -> None:
    da = ssp_emissions_array(["ssp585", "ssp119"])
    np.testing.assert_array_equal(da.sel(scenario="ssp585").values, SSP.scenario("ssp585"))
    with pytest.raises(EmissionsFileError, match="ssp245"):
        ssp_emissions_array(["ssp999"])


# ---------------------------------------------------- years, gaps and history


def test_five_year_iamc_interpolates_and_fills_history(tmp_path: Path) -> None:
    years = np.arange(2015, 2101, 5)
    values = SSP245[years - 1750] * 1.5
    da = load_emissions(write(iamc_frame(values, years), tmp_path))
    out = da.sel(scenario="s1")
    assert int(out.year[0]) == 1750 and int(out.year[-1]) == 2100
    assert da.attrs["history"] == "ssp245 for 1750-2014"
    # years before the file: the shipped ssp245 exactly
    np.testing.assert_array_equal(out.sel(year=slice(1750, 2014)).values, SSP245[:265])
    # file years: the file's values
    assert_rel(out.sel(year=years).values, values, 1e-9)
    # 2017 lies 2/5 of the way from 2015 to 2020 (linear interpolation by hand)
    expected_2017 = 0.6 * values[0] + 0.4 * values[1]
    assert_rel(out.sel(year=2017).values, expected_2017, 1e-9)


def test_ssps_share_history_to_2022_so_history_choice_is_moot(tmp_path: Path) -> None:
    # The docstring's claim: all eight SSPs are identical up to 2022 and differ in 2023.
    upto_2022 = SSP.emissions[:, : 2022 - 1750 + 1]
    assert np.all(upto_2022 == upto_2022[2])
    assert not np.all(SSP.emissions[:, 2023 - 1750] == SSP.emissions[2, 2023 - 1750])
    years = np.arange(2023, 2101)
    path = write(fair_frame(SSP245[years - 1750], years), tmp_path)
    a = load_emissions(path, history="ssp245")
    b = load_emissions(path, history="ssp585")
    np.testing.assert_array_equal(a.values, b.values)


def test_history_none_requires_years_from_1750(tmp_path: Path) -> None:
    years = np.arange(2015, 2101)
    path = write(fair_frame(SSP245[years - 1750], years), tmp_path)
    with pytest.raises(EmissionsFileError, match=r"starts in 2015.*history='ssp245'"):
        load_emissions(path, history=None)
    with pytest.raises(EmissionsFileError, match="not a shipped SSP"):
        load_emissions(path, history="rcp45")


def test_other_regions_variables_and_columns_are_ignored(tmp_path: Path) -> None:
    df = iamc_frame(SSP245, SSP.years)
    extra = df.iloc[:3].copy()
    extra["Region"] = "R5ASIA"
    total = df.iloc[:1].copy()
    total["Variable"] = "Emissions|CO2"
    df = pd.concat([df, extra, total], ignore_index=True)
    df.insert(5, "Mip_Era", "CMIP6")
    da = load_emissions(write(df, tmp_path), history=None)
    assert_rel(da.sel(scenario="s1").values, SSP245, 1e-9)


def test_ar6_names_and_case_insensitive_header(tmp_path: Path) -> None:
    df = iamc_frame(SSP245, SSP.years)
    df.columns = [str(c).upper() for c in df.columns]
    ar6 = {
        "CO2 FFI": "Emissions|CO2|Energy and Industrial Processes",
        "CO2 AFOLU": "Emissions|CO2|AFOLU",
        "HFC-4310mee": "Emissions|HFC|HFC43-10",
    }
    for specie, name in ar6.items():
        df.loc[SPECIES.index(specie), "VARIABLE"] = name
    df.loc[SPECIES.index("HFC-4310mee"), "UNIT"] = "kt HFC43-10/yr"
    da = load_emissions(write(df, tmp_path), history=None)
    assert_rel(da.sel(scenario="s1").values, SSP245, 1e-9)


def test_small_negative_noise_and_negative_co2_pass(tmp_path: Path) -> None:
    values = SSP245.copy()
    values[-1, SPECIES.index("CO2 FFI")] = -20.0
    ch4 = SPECIES.index("CH4")
    values[-1, ch4] = -1e-12 * values[:, ch4].max()  # within the 1e-9 relative tolerance
    # c-C4F8 dips to -0.14 kt/yr in the calibration's own harmonised ssp126: accepted
    values[-1, SPECIES.index("c-C4F8")] = -0.14
    da = load_emissions(write(fair_frame(values, SSP.years), tmp_path))
    assert float(da.sel(scenario="s1", year=2100, specie="CO2 FFI")) == -20.0


# ----------------------------------------------------------------- conversions


@pytest.mark.parametrize(
    ("unit", "specie", "target", "factor"),
    [
        # 1 Mt C = 44/12 Mt CO2 (openscm-units molar masses 12 and 44) = 44/12/1000 Gt CO2
        ("Mt C/yr", "CO2 FFI", "Gt CO2/yr", 44.0 / 12.0 / 1000.0),
        # N2O-N: 1 kt N = 44/28 kt N2O = 44/28/1000 Mt N2O
        ("kt N2ON/yr", "N2O", "Mt N2O/yr", 44.0 / 28.0 / 1000.0),
        # S -> SO2: 64/32
        ("Mt S/yr", "Sulfur", "Mt SO2/yr", 2.0),
        ("Mt NOx/yr", "NOx", "Mt NO2/yr", 1.0),
        ("kt CH4/yr", "CH4", "Mt CH4/yr", 1e-3),
        ("Tg CH4/yr", "CH4", "Mt CH4/yr", 1.0),
        ("kt HFC-134a/yr", "HFC-134a", "kt HFC134a/yr", 1.0),
    ],
)
def test_conversion_factors_by_hand(unit: str, specie: str, target: str, factor: float) -> None:
    assert conversion_factor(unit, target, specie) == pytest.approx(factor, rel=1e-12)


PREFIX_TO_KT = {"t": 1e-3, "kt": 1.0, "Mt": 1e3, "Gt": 1e6}


@settings(max_examples=60, deadline=None)
@given(
    specie_index=st.integers(0, len(SPECIES) - 1),
    prefix=st.sampled_from(sorted(PREFIX_TO_KT)),
    value=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_unit_conversion_round_trips(specie_index: int, prefix: str, value: float) -> None:
    specie, target = SPECIES[specie_index], UNITS[specie_index]
    target_prefix, rest = target.split(" ", 1)
    other = f"{prefix} {rest}"
    there = conversion_factor(target, other, specie)
    back = conversion_factor(other, target, specie)
    assert there == pytest.approx(PREFIX_TO_KT[target_prefix] / PREFIX_TO_KT[prefix], rel=1e-12)
    assert value * there * back == pytest.approx(value, rel=1e-12, abs=1e-300)


@settings(max_examples=25, deadline=None)
@given(
    prefix=st.sampled_from(sorted(PREFIX_TO_KT)),
    # up to 4x the SSP values: the plausibility bounds allow 5x the SSP extremes
    scale=st.floats(1e-3, 4.0),
    co2_in_carbon=st.booleans(),
)
def test_frame_in_any_prefix_reads_back(prefix: str, scale: float, co2_in_carbon: bool) -> None:
    years = np.array([2000, 2010, 2020])
    values = SSP245[years - 1750] * scale
    units, written = [], values.copy()
    for j, target in enumerate(UNITS):
        target_prefix, rest = target.split(" ", 1)
        factor = PREFIX_TO_KT[target_prefix] / PREFIX_TO_KT[prefix]
        if co2_in_carbon and rest == "CO2/yr":
            rest, factor = "C/yr", factor * 12.0 / 44.0  # 12 t of C per 44 t of CO2
        units.append(f"{prefix} {rest}")
        written[:, j] = values[:, j] * factor
    df = fair_frame(written, years)
    df["unit"] = units
    da = emissions_from_frame(df)
    assert_rel(da.sel(scenario="s1", year=years).values, values, 1e-9)


# ---------------------------------------------------------------------- errors


def test_error_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EmissionsFileError, match=r"does not exist.*check the path"):
        load_emissions(tmp_path / "nope.csv")


def test_error_unknown_layout(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years).rename(columns={"variable": "gas"})
    with pytest.raises(EmissionsFileError, match=r"unknown layout.*scenario, region, variable"):
        load_emissions(write(df, tmp_path))


def test_error_unreadable_csv(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(EmissionsFileError, match="cannot be read as CSV"):
        load_emissions(path)


def test_error_missing_species_listed(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years)
    df = df[~df["variable"].isin(["CH4", "SF6"])]
    with pytest.raises(EmissionsFileError, match=r"'s1' lacks 2 species: CH4, SF6.*--no-infill"):
        load_emissions(write(df, tmp_path), infill=False)


def test_error_duplicate_rows(tmp_path: Path) -> None:
    df = iamc_frame(SSP245, SSP.years)
    dup = df.iloc[:1].copy()
    dup["Variable"] = "Emissions|CO2|MAGICC Fossil and Industrial"  # same species, RCMIP name
    with pytest.raises(EmissionsFileError, match=r"duplicate rows for species 'CO2 FFI'"):
        load_emissions(write(pd.concat([df, dup]), tmp_path), history=None)


def test_error_wrong_unit_names_expected(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years)
    df.loc[SPECIES.index("CH4"), "unit"] = "Mt CO2/yr"
    with pytest.raises(EmissionsFileError, match=r"variable 'CH4'.*'Mt CO2/yr'.*'Mt CH4/yr'"):
        load_emissions(write(df, tmp_path))


def test_error_unparseable_unit(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years)
    df.loc[SPECIES.index("BC"), "unit"] = "Mt CO2e/yr"
    with pytest.raises(EmissionsFileError, match=r"'BC'.*'Mt CO2e/yr'.*'Mt BC/yr'"):
        load_emissions(write(df, tmp_path))


def test_error_non_numeric_value_names_year(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years).astype({"1900.5": object})
    df.loc[SPECIES.index("N2O"), "1900.5"] = "n/a?"
    with pytest.raises(EmissionsFileError, match=r"'N2O'.*non-numeric value 'n/a\?' in year 1900"):
        load_emissions(write(df, tmp_path))


def test_error_trailing_nan_names_year(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years)
    df.loc[SPECIES.index("OC"), "2100.5"] = np.nan
    with pytest.raises(EmissionsFileError, match=r"'OC'.*year 2100 is missing"):
        load_emissions(write(df, tmp_path))


def test_error_interior_gap(tmp_path: Path) -> None:
    # 5- and 10-yearly values are interpolated; three blanks make a 20-year gap
    years = np.arange(2015, 2101, 5)
    df = iamc_frame(SSP245[years - 1750], years)
    df.loc[SPECIES.index("CH4"), ["2045", "2050", "2055"]] = np.nan
    with pytest.raises(
        EmissionsFileError, match=r"year 2041 is a gap that cannot be interpolated.*2040 and 2060"
    ):
        load_emissions(write(df, tmp_path))


def test_error_negative_year_column(tmp_path: Path) -> None:
    df = fair_frame(SSP245[:3], SSP.years[:3]).rename(columns={"1750.5": "-1.5"})
    with pytest.raises(EmissionsFileError, match=r"year column '-1.5' is negative"):
        load_emissions(write(df, tmp_path))


def test_error_year_column_twice(tmp_path: Path) -> None:
    df = iamc_frame(SSP245[:3], SSP.years[:3]).rename(columns={"1751": "1750.0"})
    with pytest.raises(EmissionsFileError, match=r"a year column appears twice"):
        load_emissions(write(df, tmp_path), history=None)


def test_error_long_layout_duplicate_and_bad_year(tmp_path: Path) -> None:
    df = long_frame(SSP245[:3], SSP.years[:3])
    with pytest.raises(EmissionsFileError, match=r"duplicate rows .*'Emissions\|CH4', year 1751"):
        emissions_from_frame(
            pd.concat([df, df[(df.Variable == "Emissions|CH4") & (df.Year == "1751")]])
        )
    df.loc[0, "Year"] = "2020.5"
    with pytest.raises(EmissionsFileError, match=r"year '2020.5' in the 'year' column"):
        emissions_from_frame(df)


def test_error_half_year_in_iamc_layout(tmp_path: Path) -> None:
    df = iamc_frame(SSP245[:3], SSP.years[:3]).rename(columns={"1751": "1751.5"})
    with pytest.raises(EmissionsFileError, match=r"'1751.5' is not a whole year"):
        load_emissions(write(df, tmp_path))


def test_error_unknown_scenario_lists_available(tmp_path: Path) -> None:
    df = pd.concat([fair_frame(SSP245, SSP.years, "a"), fair_frame(SSP245, SSP.years, "b")])
    with pytest.raises(EmissionsFileError, match=r"'c' not in the file; available: a, b"):
        load_emissions(write(df, tmp_path), ["a", "c"])


def test_error_no_world_rows(tmp_path: Path) -> None:
    df = fair_frame(SSP245, SSP.years)
    df["region"] = "USA"
    with pytest.raises(EmissionsFileError, match=r"no rows for region 'World'.*USA"):
        load_emissions(write(df, tmp_path))


def test_error_negative_methane(tmp_path: Path) -> None:
    values = SSP245.copy()
    values[2030 - 1750, SPECIES.index("CH4")] = -5.0
    with pytest.raises(EmissionsFileError, match=r"'CH4'.*negative emissions -5.0 in year 2030"):
        emissions_from_frame(fair_frame(values, SSP.years))
