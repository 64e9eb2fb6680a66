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
