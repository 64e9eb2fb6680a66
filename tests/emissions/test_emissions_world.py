"""World composition: reference SSP plus regional changes against current policies."""

from __future__ import annotations

import numpy as np
import pytest

from accord.data import ssp_emissions
from accord.emissions.world import world_emissions
from accord.levers.schema import REFERENCE_WORLDS


@pytest.fixture(scope="module")
def ssp():
    return ssp_emissions()


@pytest.mark.parametrize("reference", ["ssp245", "ssp119", "ssp585"])
def test_baseline_reproduces_the_reference_ssp_exactly(ssp, reference):
    da = world_emissions({"name": "cp", "preset": "current-policies",
                          "reference_world": reference})
    # bit for bit: every species, every year 1750-2100
    assert np.array_equal(da.sel(scenario="cp").values, ssp.scenario(reference))


def test_default_reference_is_ssp245(ssp):
    da = world_emissions("current-policies")
    assert np.array_equal(da.values[0], ssp.scenario("ssp245"))
    assert "ssp245" in REFERENCE_WORLDS


def test_frame_layout_matches_the_climate_engine_contract(ssp):
    da = world_emissions(["current-policies", "us-ndc-2030"])
    assert da.name == "emissions"
    assert da.dims == ("scenario", "year", "specie")
    assert list(da["year"].values) == list(range(1750, 2101))
    assert da["year"].dtype.kind == "i"
    assert list(da["specie"].values) == [str(s) for s in ssp.species]
    assert list(da["unit"].values) == [str(u) for u in ssp.units]
    assert da["unit"].dims == ("specie",)


def test_history_before_2024_is_untouched(ssp):
    da = world_emissions("us-ndc-2035")
    years = da["year"].values
    ref = ssp.scenario("ssp245")
    assert np.array_equal(da.values[0][years < 2024], ref[years < 2024])
    # levers act from 2025, so 2024 is still the reference
    assert np.array_equal(da.values[0][years == 2024], ref[years == 2024])


def test_us_target_lowers_world_co2_and_leaves_untouched_species(ssp):
    da = world_emissions("us-ndc-2035")
    ref = ssp.scenario("ssp245")
    years = list(da["year"].values)
    species = list(da["specie"].values)
    i2035 = years.index(2035)
    assert da.values[0, i2035, species.index("CO2 FFI")] < ref[i2035, species.index("CO2 FFI")]
    # species no region moves stay exactly the reference (e.g. CFC-11, NH3)
    for sp in ("CFC-11", "NH3", "SF6"):
        assert np.array_equal(da.values[0][:, species.index(sp)], ref[:, species.index(sp)])


def test_identical_inputs_give_identical_outputs():
    a = world_emissions("china-neutrality-2060").values
    b = world_emissions("china-neutrality-2060").values
    assert np.array_equal(a, b)


def test_regional_baselines_roughly_follow_the_reference(ssp):
    # current_policies.csv is calibrated so the sum of the five regional baselines follows
    # SSP2-4.5 fossil CO2 to 2050 (within 6 %); the documented gap later in the century
    # (world.py "Known limit") is pinned here so a change to it is seen
    from accord.emissions.world import baseline_regions

    base = baseline_regions()
    total = sum(e.co2_fossil_mt() for e in base.values()) / 1000.0
    years = list(base["China"].years)
    ref = ssp.scenario("ssp245")[:, 0]
    ref_years = list(ssp.years)
    for year in (2030, 2040, 2050):
        assert total[years.index(year)] == pytest.approx(ref[ref_years.index(year)], rel=0.06)
    assert 0.6 < total[years.index(2070)] / ref[ref_years.index(2070)] < 0.8
    assert 1.3 < total[years.index(2100)] / ref[ref_years.index(2100)] < 1.6


def test_reference_world_can_be_chosen_at_call_time(ssp):
    da = world_emissions("current-policies", reference_world="ssp126")
    assert np.array_equal(da.values[0], ssp.scenario("ssp126"))
    with pytest.raises(Exception, match="allowed: ssp119"):
        world_emissions("current-policies", reference_world="ssp999")
