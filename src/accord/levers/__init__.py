"""What a deal says: the scenario schema, presets and their resolution.

Examples
--------
>>> from accord.levers import load_scenario, resolve
>>> s = resolve(load_scenario("sunnylands-2023"))
>>> print(s.regions["China"].power.solar_additions_gw_per_yr)
{2025 = 350, 2030 = 350, 2040 = 300, 2050 = 350, 2060 = 400, 2100 = 420}
"""

from __future__ import annotations

from accord.levers.errors import ScenarioError, explain
from accord.levers.loading import (
    ResolvedScenario,
    current_policies_table,
    load_scenario,
    preset_names,
    resolve,
    scenario_from_dict,
)
from accord.levers.schema import GROUPS, REFERENCE_WORLDS, REGIONS, RegionLevers, Scenario

__all__ = [
    "GROUPS",
    "REFERENCE_WORLDS",
    "REGIONS",
    "RegionLevers",
    "ResolvedScenario",
    "Scenario",
    "ScenarioError",
    "current_policies_table",
    "explain",
    "load_scenario",
    "preset_names",
    "resolve",
    "scenario_from_dict",
]
