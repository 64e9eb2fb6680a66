"""Emissions by region, sector and gas; the 51-species world; IAMC and FaIR outputs.

Examples
--------
>>> from accord.emissions import world_emissions
>>> da = world_emissions(["current-policies", "global-methane-pledge"])
>>> da.sizes["scenario"], da.sizes["year"], da.sizes["specie"]
(2, 351, 51)
"""

from __future__ import annotations

from accord.emissions.iamc import fair_frame, iamc_frame, write_csv
from accord.emissions.regional import CH4_SOURCES, EMISSION_YEARS, RegionalEmissions
from accord.emissions.targets import apply_targets, regional_pathways
from accord.emissions.world import region_emissions, world_array, world_emissions

__all__ = [
    "CH4_SOURCES",
    "EMISSION_YEARS",
    "RegionalEmissions",
    "apply_targets",
    "fair_frame",
    "iamc_frame",
    "region_emissions",
    "regional_pathways",
    "world_array",
    "world_emissions",
    "write_csv",
]
