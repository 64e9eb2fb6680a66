"""Build the deal model's base-year table from the Our World in Data extracts.

Called by ``scripts/build_data.py`` (``build(shared, out)``). Reads
``data/owid/owid-energy-data.extract.csv`` and ``owid-co2-data.extract.csv``
from the shared folder and writes ``energy_base_year.csv`` into the package
data folder: the selected quantities, converted to one long table (region,
variable, year, value, unit, source), for the four modelled countries plus the
rest of world computed as World minus the four. Nothing is copied verbatim.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from accord.io_atomic import write_atomic

ENERGY_FILE = "owid-energy-data.extract.csv"
CO2_FILE = "owid-co2-data.extract.csv"

#: accord region name -> OWID entity name
ENTITIES = {
    "United States": "United States",
    "China": "China",
    "EU27": "European Union (27)",
    "India": "India",
}
ROW = "Rest of World"
ENERGY_SOURCE = ("Our World in Data owid/energy-data (Ember yearly electricity), "
                 "commit e7897ae, CC BY 4.0")
CO2_SOURCE = ("Our World in Data owid/co2-data (Global Carbon Budget 2024; Jones et al. 2024, "
              "AR6 GWP100), commit 1476566, CC BY 4.0")

#: accord variable -> (OWID column, unit), electricity in the base year 2024
GENERATION = {
    "generation_coal": ("coal_electricity", "TWh/yr"),
    "generation_gas": ("gas_electricity", "TWh/yr"),
    "generation_oil": ("oil_electricity", "TWh/yr"),
    "generation_nuclear": ("nuclear_electricity", "TWh/yr"),
    "generation_hydro": ("hydro_electricity", "TWh/yr"),
    "generation_wind": ("wind_electricity", "TWh/yr"),
    "generation_solar": ("solar_electricity", "TWh/yr"),
    "generation_biomass": ("biofuel_electricity", "TWh/yr"),
    "generation_other_renewable": ("other_renewable_exc_biofuel_electricity", "TWh/yr"),
    "generation_total": ("electricity_generation", "TWh/yr"),
}
ELECTRICITY_YEARS = (2024,)

#: accord variable -> (OWID column, unit), national emissions
EMISSIONS = {
    "co2_fossil": ("co2", "Mt CO2/yr"),
    "co2_coal": ("coal_co2", "Mt CO2/yr"),
    "co2_oil": ("oil_co2", "Mt CO2/yr"),
    "co2_gas": ("gas_co2", "Mt CO2/yr"),
    "co2_land_use": ("land_use_change_co2", "Mt CO2/yr"),
    "ch4_co2e": ("methane", "Mt CO2-equiv/yr"),
    "n2o_co2e": ("nitrous_oxide", "Mt CO2-equiv/yr"),
}
EMISSION_YEARS = (1990, 2005, 2015, 2020, 2023)


def _select(df: pd.DataFrame, columns: dict[str, tuple[str, str]], years: tuple[int, ...],
            source: str) -> pd.DataFrame:
    rows = []
    for year in years:
        at_year = df[df["year"] == year].set_index("country")
        for var, (col, unit) in columns.items():
            values = {}
            for region, entity in ENTITIES.items():
                if entity in at_year.index and pd.notna(at_year.at[entity, col]):
                    values[region] = float(at_year.at[entity, col])
            world = at_year.at["World", col] if "World" in at_year.index else float("nan")
            if col == "other_renewable_exc_biofuel_electricity":
                # blank where Ember reports none (China, India): 0 by the rule in
                # country-facts.md (other_renewable - biofuel = 0 there)
                for region, entity in ENTITIES.items():
                    if region not in values and entity in at_year.index:
                        values[region] = float(at_year.at[entity, "other_renewable_electricity"]
                                               - at_year.at[entity, "biofuel_electricity"])
            for region, value in values.items():
                rows.append((region, var, year, round(value, 4), unit, source))
            if len(values) == len(ENTITIES) and pd.notna(world):
                rest = float(world) - sum(values.values())
                rows.append((ROW, var, year, round(rest, 4), unit,
                             source + "; rest of world = World minus the four regions"))
    return pd.DataFrame(rows, columns=["region", "variable", "year", "value", "unit", "source"])


def build(shared: Path, out: Path) -> None:
    """Write ``energy_base_year.csv`` under ``out`` from ``shared/data/owid``."""
    owid = shared / "data" / "owid"
    energy = pd.read_csv(owid / ENERGY_FILE)
    co2 = pd.read_csv(owid / CO2_FILE)
    table = pd.concat([
        _select(energy, GENERATION, ELECTRICITY_YEARS, ENERGY_SOURCE),
        _select(co2, EMISSIONS, EMISSION_YEARS, CO2_SOURCE),
    ], ignore_index=True)
    target = out / "energy_base_year.csv"
    write_atomic(target, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"))
