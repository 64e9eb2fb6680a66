"""World composition: the sum of the regions plus an explicit remainder."""

from __future__ import annotations

import numpy as np
import pytest

from accord.data import ssp_emissions
from accord.emissions.world import (
    as_resolved,
    baseline_regions,
    region_emissions,
    regions_array,
    remainder_array,
    scenario_remainder,
    world_array,
    world_emissions,
)
from accord.levers.loading import preset_names
from accord.levers.schema import REFERENCE_WORLDS

#: aerosols and ozone precursors compared with SSP2-4.5 (deal-model-v2 invariant 2)
AEROSOLS_AND_PRECURSORS = ("Sulfur", "BC", "OC", "NOx", "VOC", "CO", "NH3")


@pytest.fixture(scope="module")
def ssp():
    return ssp_emissions()


def _rows(ssp, first, last=2100):
    years = np.asarray(ssp.years)
    return (years >= first) & (years <= last)


@pytest.mark.parametrize("reference", REFERENCE_WORLDS)
def test_regions_plus_remainder_equal_the_history_in_2023_for_all_51_species(ssp, reference):
    for name in ("current-policies", "net-zero-co2-2050-stretch"):
        world = world_array(as_resolved(name, reference))
        i = list(ssp.years).index(2023)
        np.testing.assert_allclose(world[i], ssp.scenario(reference)[i], rtol=1e-12, atol=1e-12)
        # and the years before are the reference history itself
        assert np.array_equal(world[:i], ssp.scenario(reference)[:i])


@pytest.mark.parametrize("name", preset_names())
def test_world_is_the_regions_plus_the_remainder_in_every_preset(ssp, name):
    resolved = as_resolved(name)
    world = world_array(resolved)
    rows = _rows(ssp, 2023)
    parts = regions_array(region_emissions(resolved)) + scenario_remainder(resolved)
    np.testing.assert_allclose(world[rows], parts[rows], rtol=1e-12, atol=1e-12)
    if resolved.international == as_resolved("current-policies").international:
        # no [international] cut: the same lever-free remainder as every other scenario
        assert scenario_remainder(resolved) is remainder_array("ssp245")


def test_another_reference_world_changes_the_remainder_and_nothing_a_region_models(ssp):
    a, b = as_resolved("sunnylands-2023"), as_resolved("sunnylands-2023", "ssp370")
    assert np.array_equal(regions_array(region_emissions(a)), regions_array(region_emissions(b)))
    rows = _rows(ssp, 2023)
    moved = world_array(b)[rows] - world_array(a)[rows]
    np.testing.assert_allclose(
        moved, (remainder_array("ssp370") - remainder_array("ssp245"))[rows], atol=1e-12)
    assert not np.allclose(remainder_array("ssp370"), remainder_array("ssp245"))


def test_current_policies_is_not_forced_onto_ssp245(ssp):
    world = world_emissions("current-policies").values[0]
    ref = ssp.scenario("ssp245")
    j = list(ssp.species).index("CO2 FFI")
    i2050 = list(ssp.years).index(2050)
    # SSP2-4.5 fossil CO2 is 42.4 Gt in 2050 (sector-facts section 7); the regions differ
    assert abs(world[i2050, j] - ref[i2050, j]) > 0.5


def test_current_policies_aerosols_and_precursors_within_20pct_of_ssp245(ssp):
    # deal-model-v2 invariant 2: world totals within +-20 % of the reference, every
    # species, every year to 2100
    world = world_emissions("current-policies").values[0]
    ref = ssp.scenario("ssp245")
    for specie in AEROSOLS_AND_PRECURSORS:
        rows = _rows(ssp, 2023, 2100)
        j = list(ssp.species).index(specie)
        ratio = world[rows, j] / ref[rows, j]
        assert np.all(np.abs(ratio - 1.0) <= 0.20), (specie, ratio.min(), ratio.max())


def test_remainder_carries_international_bunkers_for_fossil_co2(ssp):
    # 2023: SSP2-4.5 fossil CO2 37.479 Gt minus the regions (OWID world 37.792 Gt less
    # 1.3 Gt of international aviation and shipping): 37.479 - 36.492 = 0.987 Gt
    base = regions_array(baseline_regions())
    i = list(ssp.years).index(2023)
    assert base[i, 0] == pytest.approx(37.792 - 1.300, abs=0.001)
    assert remainder_array("ssp245")[i, 0] == pytest.approx(0.987, abs=0.001)


def test_species_no_region_carries_follow_the_reference(ssp):
    world = world_emissions("us-ndc-2035").values[0]
    ref = ssp.scenario("ssp245")
    for specie in ("CFC-11", "SF6", "CH3Br"):
        j = list(ssp.species).index(specie)
        np.testing.assert_allclose(world[:, j], ref[:, j], rtol=1e-12, atol=1e-12)


def test_us_target_lowers_world_co2(ssp):
    cut = world_emissions("us-ndc-2035").values[0]
    base = world_emissions("current-policies").values[0]
    i2035 = list(ssp.years).index(2035)
    assert cut[i2035, 0] < base[i2035, 0] - 0.5


def test_frame_layout_matches_the_climate_engine_contract(ssp):
    da = world_emissions(["current-policies", "us-ndc-2030"])
    assert da.name == "emissions"
    assert da.dims == ("scenario", "year", "specie")
    assert list(da["year"].values) == list(range(1750, 2101))
    assert da["year"].dtype.kind == "i"
    assert list(da["specie"].values) == [str(s) for s in ssp.species]
    assert list(da["unit"].values) == [str(u) for u in ssp.units]
    assert da["unit"].dims == ("specie",)


def test_identical_inputs_give_identical_outputs():
    a = world_emissions("china-neutrality-2060").values
    b = world_emissions("china-neutrality-2060").values
    assert np.array_equal(a, b)


def test_reference_world_can_be_chosen_at_call_time(ssp):
    da = world_emissions("current-policies", reference_world="ssp126")
    i = list(ssp.years).index(2023)
    assert np.array_equal(da.values[0][:i], ssp.scenario("ssp126")[:i])
    with pytest.raises(Exception, match="allowed: ssp119"):
        world_emissions("current-policies", reference_world="ssp999")
