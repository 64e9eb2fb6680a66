"""Current-policies baselines against the published corridors of sector-facts section 7.

One test per corridor row that the baseline meets today (IEA WEO 2024 STEPS, Climate
Action Tracker, Rhodium Group, EEA). The rows it does not yet meet are listed in
docs/deal-model.md under "Known limits" with the model's values (world fossil CO2
and coal power, China's coal power, US power CO2).
"""

from __future__ import annotations

import numpy as np

from accord.emissions.regional import EMISSION_YEARS
from accord.emissions.targets import base_net_ghg_mt_co2e
from accord.emissions.world import baseline_regions

YEARS = list(EMISSION_YEARS)


def _at(series: np.ndarray, year: int) -> float:
    return float(series[YEARS.index(year)])


def test_china_fossil_co2_peaks_by_2030_and_is_9_to_12_gt_in_2035_without_rebound():
    co2 = baseline_regions()["China"].co2_fossil_mt()
    peak = int(EMISSION_YEARS[np.argmax(co2)])
    assert 2023 <= peak <= 2030
    assert 9000 <= _at(co2, 2035) <= 12000
    assert np.all(co2[EMISSION_YEARS > peak] <= co2.max())


def test_us_net_ghg_is_20_to_35_percent_below_2005_in_2030_and_25_to_45_in_2035():
    ghg = baseline_regions()["United States"].net_ghg_inventory_mt_co2e()
    base = base_net_ghg_mt_co2e("United States", 2005)
    assert 0.20 <= 1 - _at(ghg, 2030) / base <= 0.35
    assert 0.25 <= 1 - _at(ghg, 2035) / base <= 0.45


def test_eu27_net_ghg_is_40_to_55_percent_below_1990_in_2030():
    ghg = baseline_regions()["EU27"].net_ghg_inventory_mt_co2e()
    assert 0.40 <= 1 - _at(ghg, 2030) / base_net_ghg_mt_co2e("EU27", 1990) <= 0.55


def test_india_fossil_co2_rises_through_2030_to_3p4_to_4p5_gt_and_peaks_after_2035():
    co2 = baseline_regions()["India"].co2_fossil_mt()
    to_2030 = co2[(EMISSION_YEARS >= 2024) & (EMISSION_YEARS <= 2030)]  # 2023 = 2024: data
    assert np.all(np.diff(to_2030) > 0)
    assert 3400 <= _at(co2, 2030) <= 4500
    assert int(EMISSION_YEARS[np.argmax(co2)]) >= 2035


def test_no_region_s_fossil_co2_jumps_more_than_8_percent_a_year_from_2026():
    for region, e in baseline_regions().items():
        co2 = e.co2_fossil_mt()[EMISSION_YEARS >= 2026]
        assert np.all(np.abs(np.diff(co2)) <= 0.08 * co2[:-1]), region
