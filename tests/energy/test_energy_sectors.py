"""End-use sectors: base-year calibration, and electrification coupling the power sector.

Base-year numbers come from ``energy_base_year.csv`` (GCB 2024 via OWID) and the
section-1/2 shares of sector-facts (``sector_assumptions.csv``).
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.emissions.regional import national_value
from accord.emissions.world import as_resolved, region_emissions
from accord.energy.power import base_power_co2_mt
from accord.energy.sectors import END_USE, SECTOR_YEARS, sector_base, sector_parameter
from accord.levers.schema import REGIONS

FUELS = ("coal", "oil", "gas")


@pytest.mark.parametrize("region", REGIONS)
def test_sectors_add_up_to_the_national_fossil_co2_outside_power(region):
    b = sector_base(region)
    power = sum(base_power_co2_mt(region, f) for f in FUELS)
    total = sum(b.co2_mt.values()) + b.process_mt
    assert total == pytest.approx(national_value(region, "co2_fossil", 2023) - power, rel=1e-12)
    for s in END_USE:
        assert b.co2_mt[s] >= 0 and b.fossil_pj[s] >= 0 and b.electricity_pj[s] >= 0


@pytest.mark.parametrize("region", ["United States", "China", "EU27", "India"])
def test_transport_and_buildings_take_their_section_1_shares(region):
    b = sector_base(region)
    total = national_value(region, "co2_fossil", 2023)
    for s in ("transport", "buildings"):
        share = sector_parameter("co2_share", s, region)
        # transport is oil only; it takes its full share wherever non-power oil allows
        assert b.co2_mt[s] / total == pytest.approx(share, rel=0.35), s


def test_rest_of_world_is_world_minus_the_four_with_bunkers_in_the_remainder():
    world = sum(national_value(r, "co2_fossil", 2023) for r in REGIONS)
    bunkers = 1300.0  # emissions_assumptions.csv: 0.6 Gt aviation + 0.7 Gt shipping
    transport = sum(sector_base(r).co2_mt["transport"] for r in REGIONS)
    # sector-facts section 1, World: transport 22 % of the world total (bunkers included)
    assert transport + bunkers == pytest.approx(0.22 * (world + bunkers), rel=1e-9)


@pytest.mark.parametrize("region", ["United States", "China", "EU27", "India"])
def test_electricity_shares_are_section_2(region):
    b = sector_base(region)
    for s, key in (("industry_energy", "industry"), ("buildings", "buildings")):
        share = b.electricity_pj[s] / (b.electricity_pj[s] + b.fossil_pj[s])
        assert share == pytest.approx(sector_parameter("electricity_share", key, region))


def _china(extra: dict, power: dict | None = None, preset: str = "china-ndc-2035"):
    china: dict = {"end_use": extra}
    if power:
        china["power"] = power
    s = as_resolved({"name": "x", "preset": preset, "regions": {"China": china}})
    return region_emissions(s)["China"]


ELECTRIFY = {"transport_electrification_frac": {"2030": 0.3, "2040": 0.5}}
YRS = (SECTOR_YEARS >= 2024) & (SECTOR_YEARS <= 2060)


def test_electrifying_china_transport_cuts_its_co2_on_the_ndc_grid():
    base, elec = _china({}), _china(ELECTRIFY)
    cut = (base.co2_fossil_mt()[YRS].sum() - elec.co2_fossil_mt()[YRS].sum()) / 1000.0
    assert cut > 0.0, cut
    # end-use fuel falls, power demand rises
    assert elec.sector_co2_mt("transport")[YRS].sum() < base.sector_co2_mt("transport")[YRS].sum()
    assert np.all(elec.power.demand_twh >= base.power.demand_twh - 1e-9)
    assert elec.power.demand_twh[2040 - 2024] > base.power.demand_twh[2040 - 2024]


# the 2024 fleet frozen: no additions, nuclear and hydro held, no demand growth of their own
FROZEN = {"demand_growth_pct_per_yr": 0.0, "solar_additions_gw_per_yr": 0.0,
          "wind_additions_gw_per_yr": 0.0, "storage_additions_gw_per_yr": 0.0,
          "nuclear_capacity_gw": {"2035": 61.0}, "hydro_capacity_gw": {"2050": 375.0}}
# (power_capacity_2024.csv, China end-2024; additions of 0 from 2025 on)


def test_electrifying_china_transport_on_a_frozen_coal_grid_raises_power_co2():
    base = _china({}, FROZEN, preset="current-policies")
    elec = _china(ELECTRIFY, FROZEN, preset="current-policies")
    assert elec.co2_power_mt[YRS].sum() > base.co2_power_mt[YRS].sum()
    assert elec.sector_co2_mt("transport")[YRS].sum() < base.sector_co2_mt("transport")[YRS].sum()
