"""Build the GDP base-year table from the Our World in Data CO2 extract.

Called by ``scripts/build_data.py`` (``build(shared, out)``). Reads the ``gdp``
column of ``data/owid/owid-co2-data.extract.csv`` (Maddison Project Database
2023, international-$ at 2011 prices) and writes ``gdp_base_year.csv`` into the
package data folder: one row per region and year with data, in billion
international-$ (2011 prices) per year. The extract has no EU27 GDP and no World
GDP for 2005, so EU27 and Rest of World have no rows (intensity targets are
refused for them). Growth after the last year with data is a separate,
hand-authored table (``gdp_growth_ssp2.csv``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from accord.io_atomic import write_atomic

CO2_FILE = "owid-co2-data.extract.csv"
#: accord region name -> OWID entity name (regions with a GDP series in the extract)
ENTITIES = {"United States": "United States", "China": "China", "India": "India"}
YEARS = (1990, 2005, 2015, 2020, 2022)
UNIT = "billion int-$ (2011 prices)/yr"
SOURCE = ("Our World in Data owid/co2-data column gdp (Bolt and van Zanden, Maddison Project "
          "Database 2023), commit 1476566, CC BY 4.0")


def build(shared: Path, out: Path) -> None:
    """Write ``gdp_base_year.csv`` under ``out`` from ``shared/data/owid``."""
    co2 = pd.read_csv(shared / "data" / "owid" / CO2_FILE)
    rows = []
    for region, entity in ENTITIES.items():
        for year in YEARS:
            hit = co2[(co2["country"] == entity) & (co2["year"] == year)]["gdp"].dropna()
            if len(hit):
                rows.append((region, year, round(float(hit.iloc[0]) / 1e9, 3), UNIT, SOURCE))
    table = pd.DataFrame(rows, columns=["region", "year", "value", "unit", "source"])
    target = out / "gdp_base_year.csv"
    write_atomic(target, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"))
