"""Build the age (vintage) proxy of each region's end-2024 coal fleet.

Called by ``scripts/build_data.py`` (``build(shared, out)``). No plant-by-plant
tracker is among the shared sources, so the build years of the 2024 fleet are a
proxy from Ember's coal generation (``coal_electricity`` of the OWID energy
extract, 2005, 2015 and 2024), with capacity taken as proportional to generation
(one capacity factor over time, an assumption):

* built 2015-2024: ``max(0, g2024 - g2015) / g2024`` of the 2024 fleet, the net
  addition; plants built and closed within the window and plants replacing closed
  ones are not seen, so this is a lower bound of new build;
* built 2005-2014: ``max(0, g2015 - g2005) / g2024``, likewise a lower bound,
  capped so the two windows never exceed the whole fleet;
* built before 2005: the rest, spread evenly over :data:`OLDEST_BUILD_YEAR` to
  2005 (an assumed window).

Each window's capacity is spread evenly over its build years (the model
interpolates within windows, so retirement by age moves year by year). The
rest of world is World minus the four regions. Every row says it is an
assumption. Writes ``coal_fleet_vintages.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from accord.io_atomic import write_atomic

ENERGY_FILE = "owid-energy-data.extract.csv"
#: accord region name -> OWID entity name
ENTITIES = {"United States": "United States", "China": "China", "EU27": "European Union (27)",
            "India": "India"}
ROW = "Rest of World"
#: first build year assumed for the pre-2005 part of every fleet (assumption)
OLDEST_BUILD_YEAR = 1965
#: build-year windows (from, to): [from, to) in years
WINDOWS = ((OLDEST_BUILD_YEAR, 2005), (2005, 2015), (2015, 2025))
UNIT = "fraction of end-2024 coal capacity"
SOURCE = ("proxy from Ember coal generation via Our World in Data owid/energy-data "
          "(coal_electricity 2005, 2015, 2024), commit e7897ae, CC BY 4.0")
NOTES = {
    (2015, 2025): "assumption, uncertain: net growth of coal generation 2015-2024 over 2024 "
                  "generation (capacity proportional to generation); a lower bound of new build",
    (2005, 2015): "assumption, uncertain: net growth of coal generation 2005-2015 over 2024 "
                  "generation (capacity proportional to generation); a lower bound of new build",
    (OLDEST_BUILD_YEAR, 2005): "assumption, uncertain: the rest of the 2024 fleet, spread evenly "
                               f"over build years {OLDEST_BUILD_YEAR}-2004 (assumed window); "
                               "for context (approximate, verify): Global Energy Monitor puts "
                               "China's fleet median age at roughly 12-15 years and the US "
                               "fleet's at about 40 years or more",
}


def _coal_generation(energy: pd.DataFrame) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    years = (2005, 2015, 2024)
    for region, entity in (*ENTITIES.items(), ("World", "World")):
        rows = energy[energy["country"] == entity].set_index("year")["coal_electricity"]
        out[region] = {y: float(rows.loc[y]) for y in years}
    out[ROW] = {y: out["World"][y] - sum(out[r][y] for r in ENTITIES) for y in years}
    del out["World"]
    return out


def vintage_shares(g2005: float, g2015: float, g2024: float) -> dict[tuple[int, int], float]:
    """Shares of the 2024 fleet by build-year window from coal generation in three years.

    >>> s = vintage_shares(100.0, 150.0, 200.0)
    >>> [round(s[w], 3) for w in WINDOWS]
    [0.5, 0.25, 0.25]
    >>> vintage_shares(200.0, 150.0, 100.0)[(1965, 2005)]
    1.0
    """
    recent = round(max(0.0, g2024 - g2015) / g2024, 4)
    middle = round(min(max(0.0, g2015 - g2005) / g2024, 1.0 - recent), 4)
    return {WINDOWS[2]: recent, WINDOWS[1]: middle, WINDOWS[0]: round(1.0 - recent - middle, 4)}


def build(shared: Path, out: Path) -> None:
    """Write ``coal_fleet_vintages.csv`` under ``out`` from ``shared/data/owid``."""
    energy = pd.read_csv(shared / "data" / "owid" / ENERGY_FILE)
    rows = []
    for region, gen in _coal_generation(energy).items():
        source = SOURCE + ("; rest of world = World minus the four regions" if region == ROW
                           else "")
        shares = vintage_shares(gen[2005], gen[2015], gen[2024])
        for window in WINDOWS:
            rows.append((region, *window, shares[window], UNIT, source, NOTES[window]))
    table = pd.DataFrame(rows, columns=["region", "build_from", "build_to", "value", "unit",
                                        "source", "note"])
    target = out / "coal_fleet_vintages.csv"
    write_atomic(target, lambda tmp: table.to_csv(tmp, index=False, lineterminator="\n"))
