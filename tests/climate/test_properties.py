"""Physical properties of the engine, checked with generated inputs (hypothesis).

Each example resumes from one historical state (end of 2023, 8 members) and
changes the emissions from 2024 onwards.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.climate import run, ssp_emissions_array

MEMBERS = 8
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
SSPS = ["ssp119", "ssp126", "ssp245", "ssp370", "ssp585"]


@pytest.fixture(scope="module")
def history():
    e = ssp_emissions_array(["ssp245"])
    return run(e, members=MEMBERS, end=2023).state_at(2023)


def future(scenario: str = "ssp245"):
    return ssp_emissions_array([scenario]).sel(year=slice(2024, 2100)).copy()


def resume(emissions, state):
    return run(emissions, members=MEMBERS, start=2024, initial_state=state).gsat_k


@SETTINGS
@given(scenario=st.sampled_from(SSPS), extra_gt=st.floats(0.5, 40.0),
       first=st.integers(2024, 2090))
def test_more_co2_gives_more_warming(history, scenario, extra_gt, first):
    base = future(scenario)
    more = base.copy()
    more.loc[{"specie": "CO2 FFI", "year": slice(first, 2100)}] += extra_gt
    t_base, t_more = resume(base, history), resume(more, history)
    after = slice(first + 1, 2100)
    assert (t_more.sel(year=after) > t_base.sel(year=after)).all()
    assert (t_more >= t_base - 1e-12).all()


@SETTINGS
@given(scenario=st.sampled_from(SSPS), first=st.integers(2024, 2090),
       fraction=st.floats(0.2, 1.0))
def test_removing_sulfur_warms(history, scenario, first, fraction):
    base = future(scenario)
    cut = base.copy()
    cut.loc[{"specie": "Sulfur", "year": slice(first, 2100)}] *= 1 - fraction
    t_base, t_cut = resume(base, history), resume(cut, history)
    after = slice(first + 1, 2100)
    assert (t_cut.sel(year=after) > t_base.sel(year=after)).all()


@pytest.fixture(scope="module")
def full_history():
    return run(ssp_emissions_array(["ssp245"]), end=2023).state_at(2023)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=st.sampled_from(SSPS))
def test_zero_emissions_from_2030_stop_the_warming(full_history, scenario):
    e = future(scenario)
    e.loc[{"year": slice(2030, 2100)}] = 0.0
    ds = run(e, start=2024, initial_state=full_history).dataset
    for name in ("gsat_k", "co2_ppm", "ch4_ppb", "n2o_ppb", "erf_total_w_m2"):
        assert np.isfinite(ds[name]).all(), name
    for name in ("co2_ppm", "ch4_ppb", "n2o_ppb"):
        assert (ds[name] > 0).all(), name
    # Within 30 years of 2030 the ensemble median stops rising: from 2060 on it never
    # exceeds its 2060 value. (Zero emissions of *every* species is below the 1750
    # natural baseline; FaIR's logarithmic aerosol-cloud term then jumps by up to
    # +6 W m-2 for members with a strong aerosol-cloud effect, so some members go on
    # warming; the median does not.)
    median = ds.gsat_k.median("member")
    assert (median.sel(year=slice(2061, 2100)) <= median.sel(year=2060)).all()
    assert (median.sel(year=2100) < median.sel(year=2040)).all()


@SETTINGS
@given(picks=st.lists(st.integers(0, MEMBERS - 1), min_size=1, max_size=MEMBERS,
                      unique=True),
       scenarios=st.lists(st.sampled_from(SSPS), min_size=1, max_size=3, unique=True))
def test_any_subset_gives_the_same_results(history, picks, scenarios):
    e = ssp_emissions_array(SSPS).sel(year=slice(2024, 2100))
    full = run(e, members=MEMBERS, start=2024, initial_state=history).gsat_k
    ids = [int(full.member.values[i]) for i in picks]
    part = run(e.sel(scenario=scenarios), members=ids, start=2024,
               initial_state=history).gsat_k
    np.testing.assert_allclose(part.values,
                               full.sel(scenario=scenarios, member=ids).values,
                               rtol=0, atol=1e-12)
