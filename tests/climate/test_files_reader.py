"""Properties of the emissions-file reader: AR6 layouts, interpolation, bounds, repeats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.climate.emissions_io import EmissionsFileError, emissions_from_frame
from accord.climate.files.checks import MAX_GAP_YEARS, bounds
from accord.data import iamc_variables, ssp_emissions

SSP = ssp_emissions()
SPECIES = [str(s) for s in SSP.species]
UNITS = [str(u) for u in SSP.units]
AR6_NAME: dict[str, str] = {}
for _row in iamc_variables():
    AR6_NAME.setdefault(_row["species"], _row["variable"])


def ar6_frame(values: np.ndarray, years: np.ndarray, prefix: str = "",
              blank_before: int = 0) -> pd.DataFrame:
    """An IAMC frame with AR6 names (FaIR units), ``blank_before`` empty leading years."""
    meta = pd.DataFrame({"Model": "m", "Scenario": "s", "Region": "World",
                         "Variable": [prefix + AR6_NAME[s] for s in SPECIES], "Unit": UNITS})
    lead = pd.DataFrame(np.nan, index=meta.index,
                        columns=[str(y) for y in range(years[0] - blank_before, years[0])])
    data = pd.DataFrame(values.T, columns=[str(y) for y in years])
    return pd.concat([meta, lead, data], axis=1)


@settings(max_examples=25, deadline=None)
@given(step=st.integers(1, MAX_GAP_YEARS), blank=st.integers(0, 20),
       prefixed=st.booleans())
def test_every_step_up_to_ten_years_reads_as_linear_annual_values(step: int, blank: int,
                                                                   prefixed: bool) -> None:
    years = np.arange(2015, 2101, step)
    if years[-1] != 2100:
        years = np.r_[years, 2100]
    values = SSP.scenario("ssp126")[years - 1750]
    prefix = "AR6 climate diagnostics|Infilled|" if prefixed else ""
    frame = ar6_frame(values, years, prefix, blank)
    if prefixed:  # the native rows beside them are ignored
        frame = pd.concat([frame, ar6_frame(values * 2, years)], ignore_index=True)
    da = emissions_from_frame(frame)
    got = da.sel(scenario="s").values
    np.testing.assert_allclose(got[years - 1750], values, rtol=1e-12)
    annual = np.arange(2015, 2101)
    expected = np.stack([np.interp(annual, years, values[:, j]) for j in range(len(SPECIES))],
                        axis=1)
    np.testing.assert_allclose(got[annual - 1750], expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_array_equal(got[: 2015 - 1750], SSP.scenario("ssp245")[: 2015 - 1750])


@settings(max_examples=30, deadline=None)
@given(j=st.integers(0, len(SPECIES) - 1), factor=st.floats(1.01, 1e6),
       year=st.integers(2015, 2100))
def test_a_value_beyond_the_bounds_is_refused(j: int, factor: float, year: int) -> None:
    years = np.arange(2015, 2101)
    values = SSP.scenario("ssp245")[years - 1750].copy()
    _, upper = bounds()[SPECIES[j]]
    values[year - 2015, j] = upper * factor
    with pytest.raises(EmissionsFileError, match=rf"implausible for {SPECIES[j]}"):
        emissions_from_frame(ar6_frame(values, years))


def test_the_ar6_hfc245_label_is_read_as_hfc245fa() -> None:
    years = np.arange(2015, 2101)
    values = SSP.scenario("ssp245")[years - 1750]
    frame = ar6_frame(values, years)
    k = SPECIES.index("HFC-245fa")
    frame.loc[k, ["Variable", "Unit"]] = ["Emissions|HFC|HFC245ca", "kt HFC245ca/yr"]
    da = emissions_from_frame(frame)
    np.testing.assert_array_equal(da.sel(scenario="s", specie="HFC-245fa").values[265:],
                                  values[:, k])


def test_the_same_variable_twice_is_refused_even_if_not_a_species() -> None:
    years = np.arange(2015, 2101)
    frame = ar6_frame(SSP.scenario("ssp245")[years - 1750], years)
    total = frame.iloc[[0]].assign(Variable="Emissions|CO2")
    with pytest.raises(EmissionsFileError, match=r"duplicate rows for variable 'Emissions\|CO2'"):
        emissions_from_frame(pd.concat([frame, total, total], ignore_index=True))
