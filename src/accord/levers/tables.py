"""Read the assumption tables shipped under ``accord/data`` (CSV, one row per fact).

Every table has a ``value`` and ``unit`` column and a source column (``source``
or ``ref``); the deal model reads its numbers only through here.

Examples
--------
>>> rows = read_table("gwp_ar6.csv")
>>> [r["value"] for r in rows if r["gas"] == "N2O"]
['273']
"""

from __future__ import annotations

from accord.data import read_csv_table

__all__ = ["has_gdp", "has_net_ghg", "read_table"]


def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``accord/data/<name>`` as dicts of strings (cached, read-only use)."""
    return read_csv_table(name)


def has_net_ghg(region: str, year: int) -> bool:
    """True if ``energy_base_year.csv`` has CO2 (fossil and land), CH4 and N2O for it, or
    ``inventory_base_years.csv`` has its net GHG (e.g. EU27 in 1990)."""
    if any(r["region"] == region and int(r["year"]) == year
           for r in read_table("inventory_base_years.csv")):
        return True
    needed = {"co2_fossil", "co2_land_use", "ch4_co2e", "n2o_co2e"}
    found = {r["variable"] for r in read_table("energy_base_year.csv")
             if r["region"] == region and int(r["year"]) == year}
    return needed <= found


def has_gdp(region: str, year: int) -> bool:
    """True if ``gdp_base_year.csv`` has the region's GDP in ``year``."""
    return any(r["region"] == region and int(r["year"]) == year
               for r in read_table("gdp_base_year.csv"))
