"""A region's emissions by sector add up to its totals, for any lever setting."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from accord.emissions.by_sector import SECTOR_GASES, sector_emissions
from accord.emissions.pollutants import POLLUTANTS
from accord.emissions.regional import EMISSION_YEARS
from accord.emissions.world import as_resolved, baseline_regions, region_emissions
from accord.levers.loading import resolve
from accord.levers.sectors import SECTORS
from lever_strategies import scenarios


def _total(e, gas: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    if gas == "co2":
        return e.net_co2_mt()
    if gas == "ch4":
        return e.ch4_mt.sum(axis=0)
    return e.pollutant_mt(gas)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=scenarios())
def test_sectors_add_up_to_the_region_total(scenario):
    for e in region_emissions(resolve(scenario)).values():
        for gas in SECTOR_GASES:
            parts = sector_emissions(e, gas)
            assert list(parts) == [s for s in SECTORS if s in parts]  # display order
            total = _total(e, gas)
            np.testing.assert_allclose(sum(parts.values()), total, rtol=1e-12,
                                       atol=1e-9 * (1 + np.abs(total).max()))
            for sector, values in parts.items():
                assert values.shape == EMISSION_YEARS.shape
                if sector != "removals" and sector != "land":
                    assert np.all(values >= -1e-9), (e.region, gas, sector)
        assert np.all(sector_emissions(e, "co2")["removals"] <= 0.0)


def test_sectors_name_the_model_parts():
    china = baseline_regions()["China"]
    co2 = sector_emissions(china, "co2")
    np.testing.assert_array_equal(co2["power"], china.co2_power_mt)
    np.testing.assert_array_equal(co2["transport"], china.sector_co2_mt("transport"))
    ch4 = sector_emissions(china, "ch4")
    # agricultural methane is its own source row of methane_sources.csv
    np.testing.assert_array_equal(ch4["agriculture"], china.ch4_mt[2])
    so2 = sector_emissions(china, "Sulfur")
    np.testing.assert_array_equal(so2["power"], china.so2_mt)
    assert set(SECTOR_GASES) == {"co2", "ch4", *POLLUTANTS}
    with pytest.raises(KeyError, match="N2O"):
        sector_emissions(china, "N2O")


def test_removals_and_afforestation_sit_in_the_removals_sector():
    # 1 Gt/yr of afforestation in 2050 in the United States: land use keeps the lever's flux,
    # removals fall by 1000 Mt (linear from 0 in 2024), net CO2 with them
    levers = {"removals": {"afforestation_gt_per_yr": {"2050": 0.1}}}
    base = sector_emissions(baseline_regions()["United States"], "co2")
    e = region_emissions(as_resolved({"name": "a", "regions": {"United States": levers}}))
    moved = sector_emissions(e["United States"], "co2")
    i = list(EMISSION_YEARS).index(2050)
    assert moved["removals"][i] - base["removals"][i] == pytest.approx(-100.0)
    assert moved["land"][i] == pytest.approx(base["land"][i])
