"""Base year (2023) national emissions against the facts (country-facts.md section 5).

Methane and N2O are compared in Mt CO2-equivalent at IPCC AR6 GWP100 (CH4 fossil
29.8, non-fossil 27.2; N2O 273), the metric of the facts' source, Jones et al.
(2024) via Our World in Data.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.data import ssp_emissions
from accord.emissions.regional import EMISSION_YEARS, regional_pathways
from accord.levers.loading import load_scenario, resolve
from accord.levers.schema import REGIONS

#: 2023, country-facts.md section 5 (Mt CO2; Mt CO2e); RoW* = World minus the four, less
#: international aviation and shipping (0.6 + 0.7 Gt, sector-facts section 1), which belong
#: to the world remainder: 15,405 - 1,300 = 14,105
FOSSIL_CO2 = {"United States": 4911, "China": 11903, "EU27": 2511, "India": 3062,
              "Rest of World": 14105}
METHANE_CO2E = {"United States": 684, "China": 1886, "EU27": 459, "India": 941,
                "Rest of World": 6545}
N2O_CO2E = {"United States": 248, "China": 411, "EU27": 241, "India": 289,
            "Rest of World": 1808}
LAND_CO2 = {"United States": 116, "China": -297, "EU27": -123, "India": -24,
            "Rest of World": 3953}


@pytest.fixture(scope="module")
def regions():
    cp = resolve(load_scenario("current-policies"))
    return {r: regional_pathways(r, cp.regions[r]) for r in REGIONS}


@pytest.mark.parametrize("region", REGIONS)
def test_fossil_co2_2023_within_3pct(regions, region):
    e = regions[region]
    assert EMISSION_YEARS[0] == 2023
    assert e.co2_fossil_mt()[0] == pytest.approx(FOSSIL_CO2[region], rel=0.03)
    # power and non-power parts are both positive (the power factors fit the national total)
    assert 0 < e.co2_power_mt[0] < e.co2_fossil_mt()[0]


@pytest.mark.parametrize("region", REGIONS)
def test_methane_and_n2o_2023_within_5pct_at_ar6_gwp100(regions, region):
    e = regions[region]
    assert e.ch4_co2e_mt()[0] == pytest.approx(METHANE_CO2E[region], rel=0.05)
    assert e.n2o_mt[0] * 273 == pytest.approx(N2O_CO2E[region], rel=0.05)
    assert e.co2_land_mt[0] == pytest.approx(LAND_CO2[region], abs=1.0)


def test_regions_cover_the_world_like_the_reference_in_2023(regions):
    # independent cross-check: OWID/GCB national totals vs the calibration's harmonised
    # world (ssp245) in 2023; fossil CO2 within 3 %, methane mass within 5 %
    ssp = ssp_emissions()
    ref = ssp.scenario("ssp245")[list(ssp.years).index(2023)]
    species = list(ssp.species)
    co2 = sum(regions[r].co2_fossil_mt()[0] for r in REGIONS) / 1000.0
    ch4 = sum(regions[r].ch4_mt[:, 0].sum() for r in REGIONS)
    assert co2 == pytest.approx(ref[species.index("CO2 FFI")], rel=0.03)
    assert ch4 == pytest.approx(ref[species.index("CH4")], rel=0.05)


def test_methane_conversion_by_hand(regions):
    # China: 1,886 Mt CO2e with 40 % of mass fossil (oil/gas 5 % + coal 35 %) at 29.8 and
    # 60 % non-fossil at 27.2 -> 1886 / (0.40 x 29.8 + 0.60 x 27.2) = 66.85 Mt CH4
    assert regions["China"].ch4_mt[:, 0].sum() == pytest.approx(
        1886 / (0.40 * 29.8 + 0.60 * 27.2), rel=1e-3)


def test_levers_act_from_2025(regions):
    s = resolve(load_scenario("net-zero-co2-2050-stretch"))
    for r in REGIONS:
        e = regional_pathways(r, s.regions[r])
        first_two = slice(0, 2)  # 2023 and 2024
        np.testing.assert_array_equal(e.co2_fossil_mt()[first_two],
                                      regions[r].co2_fossil_mt()[first_two])
        np.testing.assert_array_equal(e.ch4_mt[:, first_two], regions[r].ch4_mt[:, first_two])
