"""Base year: the power model reproduces the 2024 facts (country-facts.md section 1)."""

from __future__ import annotations

import numpy as np
import pytest

from accord.energy.base_year import TECHS, power_base
from accord.energy.power import YEARS, power_inputs, run_power
from accord.levers.loading import load_scenario, resolve

#: 2024 generation by source, TWh (country-facts.md section 1, Ember via OWID);
#: order: coal, gas, oil, nuclear, hydro, wind, solar, bioenergy, other renewables
FACTS_2024_TWH = {
    "United States": (652.2, 1869.9, 30.5, 781.9, 237.0, 451.9, 303.8, 46.4, 17.5),
    "China": (5827.6, 320.7, 88.9, 450.9, 1354.2, 997.0, 839.0, 208.5, 0.0),
    "EU27": (270.9, 432.1, 89.1, 649.5, 369.7, 491.2, 307.1, 156.8, 6.7),
    "India": (1517.9, 56.4, 4.1, 54.7, 156.5, 81.5, 143.1, 22.2, 0.0),
    "Rest of World": (2270.3, 4203.6, 641.3, 840.2, 2316.1, 487.8, 549.7, 269.4, 64.2),
}
#: 2024 total generation, TWh (same table)
FACTS_TOTAL_2024_TWH = {"United States": 4391.0, "China": 10086.9, "EU27": 2773.2,
                        "India": 2036.5, "Rest of World": 11642.6}
#: end-2024 capacity, GW (country-facts.md section 8; rest of world = World minus the four)
FACTS_CAPACITY_GW = {
    "China": {"solar": 887, "wind": 521, "nuclear": 61, "hydro": 375, "coal": 1190, "gas": 145},
    "United States": {"solar": 175, "wind": 153, "nuclear": 97, "coal": 172, "gas": 495},
    "Rest of World": {"solar": 1865 - 175 - 887 - 338 - 100, "wind": 1133 - 153 - 521 - 231 - 48},
}


@pytest.fixture(scope="module")
def baseline():
    s = resolve(load_scenario("current-policies"))
    return {r: run_power(power_inputs(r, s.regions[r].power)) for r in s.regions}


@pytest.mark.parametrize("region", list(FACTS_2024_TWH))
def test_generation_by_source_matches_2024_facts_within_1pct(baseline, region):
    result = baseline[region]
    assert YEARS[0] == 2024
    for tech, fact in zip(TECHS, FACTS_2024_TWH[region], strict=True):
        model = result.generation(tech)[0]
        # facts are rounded to 0.1 TWh: allow that rounding on top of the 1 % band
        assert abs(model - fact) <= 0.01 * fact + 0.06, (region, tech, model, fact)
    total = result.generation_twh[:, 0].sum()
    assert abs(total - FACTS_TOTAL_2024_TWH[region]) <= 0.01 * FACTS_TOTAL_2024_TWH[region]


@pytest.mark.parametrize("region", list(FACTS_CAPACITY_GW))
def test_capacity_2024_matches_facts(baseline, region):
    for tech, gw in FACTS_CAPACITY_GW[region].items():
        assert baseline[region].capacity(tech)[0] == pytest.approx(gw, rel=0.01), tech


def test_capacity_factors_are_physical():
    # a capacity factor is output / (capacity x 8760 h): it must lie in (0, 1)
    for region in FACTS_2024_TWH:
        base = power_base(region)
        for tech in ("coal", "gas", "nuclear", "hydro", "wind", "solar"):
            assert 0.05 < base.capacity_factor(tech) < 1.0, (region, tech)


def test_china_solar_capacity_factor_by_hand():
    # 839.0 TWh / (((887 - 277) + 887) / 2 GW x 8760 h) = 0.1279 (country-facts 1 and 8)
    assert power_base("China").capacity_factor("solar") == pytest.approx(
        839.0e3 / (0.5 * (610 + 887) * 8760), rel=1e-3)


def test_power_years_run_2024_to_2100(baseline):
    assert baseline["China"].years[0] == 2024 and baseline["China"].years[-1] == 2100
    assert np.all(np.isfinite(baseline["China"].generation_twh))
