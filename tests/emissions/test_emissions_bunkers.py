"""International shipping and aviation in the world remainder, cut by the [international] levers.

The numbers checked come from the tables (sector-facts sections 1 and 3) and the
reference pathway: a cut removes ``cut(t) x part(2023) x ref(t) / ref(2023)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.data import ssp_emissions
from accord.emissions.bunkers import bunker_co2_mt, bunker_cuts, bunker_parts, cut_remainder
from accord.emissions.iamc import iamc_frame
from accord.emissions.pollutants import shipping_mt
from accord.emissions.world import (
    as_resolved,
    region_emissions,
    regions_array,
    remainder_array,
    scenario_remainder,
    world_array,
)
from accord.levers.international import InternationalLevers
from accord.levers.schema import REFERENCE_WORLDS
from accord.levers.tables import read_table
from lever_strategies import milestones

SPECIES = [str(s) for s in ssp_emissions().species]
YEARS = list(ssp_emissions().years)
CO2, NOX = SPECIES.index("CO2 FFI"), SPECIES.index("NOx")
#: the preset's two goals, as [international] levers
GOALS = {"shipping_co2_cut_frac": {"2030": 0.2, "2040": 0.7, "2050": 1.0},
         "aviation_co2_cut_frac": {"2050": 1.0}}


def _levers(**cuts: object) -> InternationalLevers:
    return InternationalLevers.model_validate(cuts)


def test_the_bunker_split_is_the_bunkers_moved_out_of_rest_of_world():
    rows = {r["parameter"]: r for r in read_table("emissions_assumptions.csv")}
    # sector-facts section 1: aviation about 0.6 Gt and shipping about 0.7 Gt in 2023
    assert bunker_co2_mt("shipping") == 700.0
    assert bunker_co2_mt("aviation") == 600.0
    assert bunker_co2_mt("shipping") + bunker_co2_mt("aviation") == float(
        rows["international_bunkers_co2_2023"]["value"])
    for sector in ("shipping", "aviation"):
        assert "sector-facts section 1" in rows[f"international_{sector}_co2_2023"]["source"]


def test_a_full_shipping_cut_removes_shipping_co2_and_nox_on_the_reference_trend():
    ref = ssp_emissions().scenario("ssp245")
    base = remainder_array("ssp245")
    cut = cut_remainder(base, "ssp245", _levers(shipping_co2_cut_frac={"2030": 1.0}))
    i0 = YEARS.index(2023)
    # NOx: 15 % of the world's 110 Mt (sector-facts section 3) = 16.5 Mt in 2023
    assert shipping_mt("NOx") == pytest.approx(16.5, abs=1e-12)
    for year in (2030, 2050, 2100):  # from 2030 the cut is whole
        i = YEARS.index(year)
        assert base[i, CO2] - cut[i, CO2] == pytest.approx(0.7 * ref[i, CO2] / ref[i0, CO2],
                                                           rel=1e-12)
        assert base[i, NOX] - cut[i, NOX] == pytest.approx(16.5 * ref[i, NOX] / ref[i0, NOX],
                                                           rel=1e-12)
    i = YEARS.index(2027)  # linear from no cut in 2024: 3/6 of the way
    assert base[i, CO2] - cut[i, CO2] == pytest.approx(0.5 * 0.7 * ref[i, CO2] / ref[i0, CO2],
                                                       rel=1e-12)
    others = [j for j in range(len(SPECIES)) if j not in (CO2, NOX)]
    assert np.array_equal(cut[:, others], base[:, others])
    assert np.array_equal(cut[: i0 + 2], base[: i0 + 2])  # 2023 and 2024: no cut yet


def test_an_aviation_cut_moves_fossil_co2_only():
    base = remainder_array("ssp245")
    cut = cut_remainder(base, "ssp245", _levers(aviation_co2_cut_frac=1.0))
    changed = np.nonzero(np.any(cut != base, axis=0))[0]
    assert changed.tolist() == [CO2]  # no sourced aviation share of any pollutant
    i = YEARS.index(2050)
    ref = ssp_emissions().scenario("ssp245")
    assert base[i, CO2] - cut[i, CO2] == pytest.approx(
        0.6 * ref[i, CO2] / ref[YEARS.index(2023), CO2], rel=1e-12)


def test_no_cut_is_the_cached_lever_free_remainder_itself():
    base = remainder_array("ssp245")
    assert bunker_cuts(_levers()) is None
    assert bunker_cuts(_levers(shipping_co2_cut_frac=0.0)) is None
    assert cut_remainder(base, "ssp245", _levers()) is base
    assert scenario_remainder(as_resolved("current-policies")) is base


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(path=milestones(0.0, 1.0), scale=st.floats(0.0, 1.0),
       lever=st.sampled_from(["shipping_co2_cut_frac", "aviation_co2_cut_frac"]),
       other=milestones(0.0, 1.0), reference=st.sampled_from(REFERENCE_WORLDS))
def test_the_remainder_falls_with_each_cut_and_no_cut_makes_a_species_negative(
        path, scale, lever, other, reference):
    rest = "aviation_co2_cut_frac" if lever == "shipping_co2_cut_frac" else (
        "shipping_co2_cut_frac")
    base = remainder_array(reference)
    low = cut_remainder(base, reference, _levers(**{
        lever: {y: v * scale for y, v in path.items()}, rest: other}))
    high = cut_remainder(base, reference, _levers(**{lever: path, rest: other}))
    # monotone: a deeper cut of one sector, the other held, never raises the remainder
    assert np.all(high <= low + 1e-12)
    assert np.all(low <= base + 1e-12)
    # each part is at most the remainder's own positive 2023 value of a pollutant, so a
    # species that cannot be negative stays at least where the lever-free remainder is
    # (which fades a negative 2023 offset to zero by 2030)
    for parts in bunker_parts(reference, tuple(base[YEARS.index(2023)])).values():
        assert np.all(parts >= 0.0)
    bounded = [j for j, s in enumerate(SPECIES) if s not in ("CO2 FFI", "CO2 AFOLU")]
    assert np.all(high[:, bounded] >= np.minimum(base[:, bounded], 0.0) - 1e-12)


def test_the_world_is_the_regions_plus_the_cut_remainder_and_the_iamc_rows_agree():
    resolved = as_resolved({"name": "bunkers", "preset": "sunnylands-2023",
                            "international": GOALS})
    world = world_array(resolved)
    rest = scenario_remainder(resolved)
    future = np.asarray(YEARS) >= 2023
    parts = regions_array(region_emissions(resolved)) + rest
    np.testing.assert_allclose(world[future], parts[future], rtol=1e-12, atol=1e-12)
    assert not np.array_equal(rest, remainder_array("ssp245"))
    df = iamc_frame(resolved)
    for region, source in (("World|Remainder", rest), ("World", world)):
        for variable, j, factor in (("Emissions|CO2|Energy and Industrial Processes", CO2,
                                     1000.0), ("Emissions|NOx", NOX, 1.0)):
            row = df[(df.region == region) & (df.variable == variable)].set_index("year").value
            for year in (2030, 2040, 2050, 2100):
                assert row[year] == pytest.approx(source[YEARS.index(year), j] * factor,
                                                  rel=1e-12, abs=1e-9), (region, variable)


def test_the_net_zero_preset_cuts_the_bunkers_to_zero_by_2050():
    resolved = as_resolved("world-ndcs-net-zero")
    cuts = bunker_cuts(resolved.international)
    assert cuts is not None
    assert cuts["shipping"][YEARS.index(2030)] == pytest.approx(0.2, abs=1e-12)
    assert cuts["shipping"][YEARS.index(2040)] == pytest.approx(0.7, abs=1e-12)
    assert cuts["aviation"][YEARS.index(2037)] == pytest.approx(13 / 26, abs=1e-12)
    for sector in ("shipping", "aviation"):
        assert cuts[sector][YEARS.index(2050)] == 1.0
        assert cuts[sector][YEARS.index(2100)] == 1.0
    base = remainder_array("ssp245")
    rest = scenario_remainder(resolved)
    i = YEARS.index(2060)
    ref = ssp_emissions().scenario("ssp245")
    # both parts gone: 1.3 Gt x ref(2060)/ref(2023) less fossil CO2 in the remainder
    assert base[i, CO2] - rest[i, CO2] == pytest.approx(
        1.3 * ref[i, CO2] / ref[YEARS.index(2023), CO2], rel=1e-12)
