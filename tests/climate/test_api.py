"""Input checks of accord.climate.run and the member selection."""

from __future__ import annotations

import numpy as np
import pytest

from accord.climate import AGENTS, run, ssp_emissions_array
from accord.climate.parameters import load_calibration


def test_members_first_n_and_by_config_id():
    e = ssp_emissions_array(["ssp245"])
    first = run(e, members=6, end=2000)
    ids = [int(c) for c in first.gsat_k.member.values]
    picked = run(e, members=[ids[4], ids[1]], end=2000)
    assert picked.gsat_k.member.values.tolist() == [ids[4], ids[1]]
    # the same to rounding (matrix products may be blocked differently by size)
    np.testing.assert_allclose(picked.gsat_k.sel(member=ids[1]).values,
                               first.gsat_k.sel(member=ids[1]).values, rtol=0, atol=1e-12)


@pytest.mark.parametrize("members", [0, 842, -3])
def test_member_count_out_of_range(members):
    with pytest.raises(ValueError, match="1 to 841"):
        load_calibration(members)


def test_unknown_config_id():
    with pytest.raises(ValueError, match="unknown config ids"):
        load_calibration([1, 2, 3])


def test_variability_needs_a_seed():
    with pytest.raises(ValueError, match="explicit seed"):
        run(ssp_emissions_array(["ssp245"]), members=2, variability=True)


def test_start_without_state_and_short_run():
    e = ssp_emissions_array(["ssp245"])
    with pytest.raises(ValueError, match="needs an initial_state"):
        run(e, members=2, start=1800)
    with pytest.raises(ValueError, match="must reach 1900"):
        run(e, members=2, end=1880)
    with pytest.raises(ValueError, match="out of range"):
        run(e, members=2, end=2150)


def test_missing_species_and_years_and_nan():
    e = ssp_emissions_array(["ssp245"])
    with pytest.raises(ValueError, match="lack species"):
        run(e.drop_sel(specie="CH4"), members=2)
    with pytest.raises(ValueError, match="do not cover"):
        run(e.sel(year=slice(1750, 2050)), members=2)
    bad = e.copy()
    bad.loc[{"year": 2030, "specie": "N2O"}] = np.nan
    with pytest.raises(ValueError, match="N2O in 2030"):
        run(bad, members=2)
    with pytest.raises(TypeError, match="DataArray"):
        run(e.values, members=2)  # type: ignore[arg-type]


def test_result_holds_the_issue_variables():
    ds = run(ssp_emissions_array(["ssp245"]), members=3, end=2030).dataset
    for name in ("gsat_k", "co2_ppm", "ch4_ppb", "n2o_ppb", "erf_w_m2", "erf_total_w_m2",
                 "ohc_j", "cumulative_co2_gt"):
        assert name in ds
    assert ds.agent.values.tolist() == list(AGENTS)
    # 1850-1900 mean of the anomaly is zero by definition, member by member
    np.testing.assert_allclose(ds.gsat_k.sel(year=slice(1850, 1900)).mean("year"), 0,
                               atol=1e-12)
    # cumulative CO2 to the end of 2023 is the sum of the shipped emissions 1750-2023
    e = ssp_emissions_array(["ssp245"]).sel(year=slice(1750, 2023))
    expected = float(e.sel(specie=["CO2 FFI", "CO2 AFOLU"]).sum())
    assert float(ds.cumulative_co2_gt.sel(year=2023, scenario="ssp245")) == pytest.approx(
        expected, rel=1e-12)
