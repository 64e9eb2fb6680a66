"""A region's emissions by sector, in the sectors the levers are grouped by.

Read from the :class:`~accord.emissions.regional.RegionalEmissions` the world is
built from (targets applied), so the parts are the model's own numbers and add
up to the region's totals:

- CO2: power, industry (energy and process), transport, buildings, fuel supply
  (refining, own use and fugitive CO2: the ``other_energy`` end-use sector),
  land use (the land-use lever's flux before afforestation) and carbon removal
  (BECCS, DACCS and afforestation, negative); they add up to
  :meth:`~accord.emissions.regional.RegionalEmissions.net_co2_mt`.
- CH4: fuel supply (oil and gas, coal mining), agriculture, waste and other
  sources (combustion, fires; no lever moves them).
- SO2, NOx, BC, OC, CO, NMVOC, NH3: power plants and the end-use sectors
  (:mod:`accord.emissions.pollutants`; its ``non_energy`` part is "other").

Sector keys are those of :data:`accord.levers.sectors.SECTORS`.

Examples
--------
>>> from accord.emissions.world import baseline_regions
>>> china = sector_emissions(baseline_regions()["China"], "co2")
>>> list(china)[:3]
['power', 'industry', 'transport']
>>> total = sum(china.values())
>>> bool(abs(total[0] - baseline_regions()["China"].net_co2_mt()[0]) < 1e-6)
True
"""

from __future__ import annotations

import numpy as np

from accord.emissions.pollutants import POLLUTANT_SECTORS, POLLUTANTS, POWER_FACTOR
from accord.emissions.regional import CH4_SOURCES, RegionalEmissions
from accord.levers.schema import REMOVAL_TYPES

__all__ = ["SECTOR_GASES", "sector_emissions"]

#: gases split by sector -> unit (the pollutants in FaIR's names: "Sulfur" is SO2)
SECTOR_GASES: dict[str, str] = {
    "co2": "Mt CO2/yr", "ch4": "Mt CH4/yr", "Sulfur": "Mt SO2/yr", "NOx": "Mt NO2/yr",
    "BC": "Mt BC/yr", "OC": "Mt OC/yr", "CO": "Mt CO/yr", "VOC": "Mt NMVOC/yr",
    "NH3": "Mt NH3/yr",
}
#: CH4 source (``CH4_SOURCES``) -> sector
_CH4_SECTOR = {"oil_gas": "fuel_supply", "coal_mining": "fuel_supply",
               "agriculture": "agriculture", "waste": "waste", "other": "other"}
#: end-use sector of the pollutants (``POLLUTANT_SECTORS``) -> sector
_POLLUTANT_SECTOR = {"industry": "industry", "transport": "transport",
                     "buildings": "buildings", "other_energy": "fuel_supply",
                     "non_energy": "other"}


def _co2(e: RegionalEmissions) -> dict[str, np.ndarray]:
    afforestation = e.removals_mt[REMOVAL_TYPES.index("afforestation")]
    return {
        "power": e.co2_power_mt,
        "industry": e.sector_co2_mt("industry_energy") + e.sector_co2_mt("industry_process"),
        "transport": e.sector_co2_mt("transport"),
        "buildings": e.sector_co2_mt("buildings"),
        "fuel_supply": e.sector_co2_mt("other_energy"),
        "land": e.co2_land_mt + afforestation,
        "removals": -(e.co2_removal_mt + afforestation),
    }


def _ch4(e: RegionalEmissions) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for i, source in enumerate(CH4_SOURCES):
        sector = _CH4_SECTOR[source]
        out[sector] = out.get(sector, 0.0) + e.ch4_mt[i]
    return out


def _pollutant(e: RegionalEmissions, pollutant: str) -> dict[str, np.ndarray]:
    power = POWER_FACTOR.get(pollutant)
    out: dict[str, np.ndarray] = {"power": getattr(e, f"{power}_mt") if power
                                  else np.zeros(len(e.years))}
    rows = e.pollutant_sector_mt[POLLUTANTS.index(pollutant)]
    for i, part in enumerate(POLLUTANT_SECTORS):
        sector = _POLLUTANT_SECTOR[part]
        out[sector] = out.get(sector, 0.0) + rows[i]
    return out


def sector_emissions(e: RegionalEmissions, gas: str) -> dict[str, np.ndarray]:
    """One region's emissions of ``gas`` (a key of :data:`SECTOR_GASES`) by sector.

    Parameters
    ----------
    e : RegionalEmissions
        The region's pathways over ``EMISSION_YEARS`` (2023-2100).
    gas : str
        ``"co2"``, ``"ch4"`` or a pollutant of ``POLLUTANTS``.

    Returns
    -------
    dict of str to ndarray (n_years,)
        Sector (in the order of :data:`accord.levers.sectors.SECTORS`) -> emissions
        in the unit of :data:`SECTOR_GASES`; the sectors add up to the region's total.
    """
    if gas == "co2":
        return _co2(e)
    if gas == "ch4":
        return _ch4(e)
    if gas in POLLUTANTS:
        return _pollutant(e, gas)
    raise KeyError(f"gas = {gas!r}: allowed {', '.join(SECTOR_GASES)}")
