"""Air pollutants in every sector: totals, the reference check, and which cuts unmask.

Regional totals are sector-facts section 3 (``pollutant_sources.csv``); the world
check against SSP2-4.5 (deal-model-v2 invariant 2) is in test_emissions_world.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.data import ssp_emissions
from accord.emissions.pollutants import POLLUTANTS, shipping_share
from accord.emissions.regional import EMISSION_YEARS, air_quality_factor
from accord.emissions.world import as_resolved, baseline_regions, region_emissions
from accord.levers.schema import REGIONS
from accord.pipeline import simulate

SSP = ssp_emissions()
YEARS = list(np.asarray(SSP.years))
SPECIES = [str(s) for s in SSP.species]


@pytest.mark.parametrize("pollutant", POLLUTANTS)
def test_regions_in_2023_are_section_3(pollutant):
    # the four regions' 2023 totals are the section-3 midpoints (US SO2 1.6-2.0 -> 1.8, ...)
    mid = {"Sulfur": (1.8, 6.0, 1.7, 10.5), "NOx": (7.5, 20, 5.5, 9), "BC": (0.25, 1.2, 0.175, 1.0),
           "OC": (0.6, 2.4, 0.45, 2.65), "CO": (40, 130, 16.5, 60), "VOC": (12, 26.5, 6.5, 15.5),
           "NH3": (3.5, 10, 3.65, 10)}[pollutant]
    base = baseline_regions()
    for region, value in zip(REGIONS[:4], mid, strict=True):
        assert base[region].pollutant_mt(pollutant)[0] == pytest.approx(value, rel=1e-9)


def _china(end_use: dict):
    return region_emissions(as_resolved({"name": "x", "regions": {"China": {"end_use": end_use}}}))[
        "China"]


def test_electrifying_transport_cuts_its_nox_and_bc():
    base = baseline_regions()["China"]
    deal = _china({"transport_electrification_frac": {"2030": 0.127, "2040": 0.5}})
    i = list(EMISSION_YEARS).index(2040)
    for p in ("NOx", "BC"):
        k = POLLUTANTS.index(p)
        assert deal.pollutant_sector_mt[k, 1, i] < base.pollutant_sector_mt[k, 1, i], p


def test_china_industry_coal_exit_lowers_so2_and_warms_the_2030s():
    deal = {"name": "china-industry-coal-exit",
            "regions": {"China": {"end_use": {"industry_coal_exit_year": 2040}}}}
    base = baseline_regions()["China"].pollutant_mt("Sulfur")
    mine = _china(deal["regions"]["China"]["end_use"]).pollutant_mt("Sulfur")
    after = EMISSION_YEARS >= 2025
    assert np.all(mine[after] < base[after])
    result = simulate(deal, attribution=False)
    gsat = result.climate["gsat_k"]
    diff = (gsat.isel(run=0) - gsat.isel(run=1)).median("member")
    assert float(diff.sel(year=slice(2030, 2039)).mean()) > 0  # sulfate unmasked


def test_international_shipping_nox_is_left_to_the_remainder_not_rest_of_world():
    # section 3: world NOx 110 Mt (CEDS, shipping included), shipping 15 % of it; Rest of
    # World = 110 x 0.85 - (7.5 + 20 + 5.5 + 9) = 51.5 Mt, and the remainder keeps the rest
    row = baseline_regions()["Rest of World"].pollutant_mt("NOx")
    assert row[0] == pytest.approx(110 * 0.85 - (7.5 + 20 + 5.5 + 9), rel=1e-9)
    assert shipping_share("NOx") == 0.15
    assert shipping_share("Sulfur") == 0.0  # section 3 gives no shipping share for SO2


def test_air_quality_factor_applies_the_policy_share_of_the_reference_fall_in_intensity():
    # SSP2-4.5: SO2 76.8 Mt per 37.5 Gt fossil CO2 in 2023, 45.4 per 41.4 in 2060, so the
    # intensity falls to 0.536 of 2023; 60 % of that fall (emissions_assumptions.csv) is
    # applied: 1 - 0.6 x (1 - 0.536) = 0.72
    ref = SSP.scenario("ssp245")
    i23, i60 = YEARS.index(2023), YEARS.index(2060)
    so2, co2 = SPECIES.index("Sulfur"), SPECIES.index("CO2 FFI")
    intensity = (ref[i60, so2] / ref[i60, co2]) / (ref[i23, so2] / ref[i23, co2])
    assert intensity == pytest.approx(0.536, abs=0.001)
    factor = air_quality_factor("Sulfur")
    assert factor[list(EMISSION_YEARS).index(2060)] == pytest.approx(
        1 - 0.6 * (1 - intensity), rel=1e-9)
    for p in POLLUTANTS:  # never rising again, never below 1 - share
        f = air_quality_factor(p)
        assert np.all(np.diff(f) <= 0) and f.min() >= 1 - 0.6 - 1e-12
