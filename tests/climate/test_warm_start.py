"""Resumable states and the cached historical state."""

from __future__ import annotations

import numpy as np
import pytest

from accord.climate import historical_state, run, run_warm, ssp_emissions_array
from accord.climate import history as history_module

VARIABLES = ["gsat_k", "co2_ppm", "ch4_ppb", "erf_total_w_m2", "erf_w_m2", "ohc_j",
             "cumulative_co2_gt", "n2o_ppb"]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    history_module._MEMORY.clear()
    yield
    history_module._MEMORY.clear()


@pytest.mark.parametrize(("variability", "seed", "year"), [(False, None, 2023),
                                                            (True, 5, 1950)])
def test_resumed_run_equals_full_run(variability, seed, year):
    e = ssp_emissions_array(["ssp245", "ssp370"])
    full = run(e, members=25, variability=variability, seed=seed)
    resumed = run(e, members=25, start=year + 1, initial_state=full.state_at(year),
                  variability=variability, seed=seed)
    later = full.dataset.sel(year=slice(year + 1, 2100))
    assert np.abs(later.gsat_k - resumed.gsat_k).max() <= 1e-6
    for name in VARIABLES:
        scale = float(np.abs(later[name]).max()) or 1.0
        # forcing by agent is kept in float32 (7 digits), also in the state
        rel = 1e-6 if name.startswith("erf") else 1e-9
        assert float(np.abs(later[name] - resumed.dataset[name]).max()) <= rel * scale, name


def test_state_can_be_resumed_for_a_subset_of_members_and_another_scenario():
    e = ssp_emissions_array(["ssp245"])
    full = run(e, members=12)
    state = full.state_at(2023)
    ids = [int(c) for c in full.gsat_k.member.values[[3, 7]]]
    branch = ssp_emissions_array(["ssp245", "ssp119"]).sel(year=slice(2024, 2100))
    resumed = run(branch, members=ids, start=2024, initial_state=state)
    same = resumed.gsat_k.sel(scenario="ssp245")
    np.testing.assert_allclose(same.values, full.gsat_k.sel(scenario="ssp245", member=ids,
                                                             year=slice(2024, 2100)).values,
                               atol=1e-12)


def test_run_warm_equals_run_and_fills_both_caches(tmp_path):
    e = ssp_emissions_array(["ssp245"])
    warm = run_warm(e, members=15)
    full = run(e, members=15)
    assert warm.gsat_k.year.values.tolist() == full.gsat_k.year.values.tolist()
    assert np.abs(warm.gsat_k - full.gsat_k).max() <= 1e-6
    files = list((tmp_path / "history").glob("*.npz"))
    assert len(files) == 1
    # from disk, after the memory cache is emptied
    history_module._MEMORY.clear()
    state, hist = historical_state(e, members=15)
    assert state.year == 2023
    np.testing.assert_array_equal(hist.gsat_k.values, full.gsat_k.sel(year=slice(1750, 2023))
                                  .values)
    again = run(e.sel(year=slice(2024, 2100)), members=15, start=2024, initial_state=state)
    assert np.abs(again.gsat_k - full.gsat_k.sel(year=slice(2024, 2100))).max() <= 1e-6


def test_damaged_cache_file_is_recomputed(tmp_path):
    e = ssp_emissions_array(["ssp126"])
    historical_state(e, members=5)
    (path,) = (tmp_path / "history").glob("*.npz")
    path.write_bytes(b"not a numpy file")
    history_module._MEMORY.clear()
    state, _ = historical_state(e, members=5)
    assert np.isfinite(state.ebm_state).all()


def test_run_warm_rejects_scenarios_with_different_histories():
    e = ssp_emissions_array(["ssp245"]).copy()
    other = e.copy()
    other.loc[{"year": 2000}] = other.sel(year=2000) * 1.1
    both = e.assign_coords(scenario=["a"]).combine_first(other.assign_coords(scenario=["b"]))
    with pytest.raises(ValueError, match="share their emissions"):
        run_warm(both, members=3)


def test_state_at_rejects_years_outside_the_run():
    result = run(ssp_emissions_array(["ssp245"]), members=2, end=1950)
    with pytest.raises(ValueError, match="outside this run"):
        result.state_at(1990)


def test_resume_must_follow_the_state():
    result = run(ssp_emissions_array(["ssp245"]), members=2, end=1950)
    with pytest.raises(ValueError, match="use start=1951"):
        run(ssp_emissions_array(["ssp245"]), members=2, start=1960,
            initial_state=result.state_at(1950))
    with pytest.raises(ValueError, match="variability and seed"):
        run(ssp_emissions_array(["ssp245"]), members=2, start=1951, variability=True, seed=1,
            initial_state=result.state_at(1950))
