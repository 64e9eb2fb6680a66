"""The climate engine: world emissions per species to temperature, per member.

FaIR 2.2 physics as configured by the calibrated, constrained v1.4.1 ensemble
(841 members), in accord's own compiled implementation: gas cycle
(:mod:`~accord.climate.gas_cycle`) -> forcing (:mod:`~accord.climate.forcing`)
-> energy balance (:mod:`~accord.climate.energy_balance`), integrated by
:mod:`~accord.climate.kernel`.
"""

from __future__ import annotations

from accord.climate.api import run
from accord.climate.emissions_io import load_emissions, ssp_emissions_array
from accord.climate.ensemble import AGENTS
from accord.climate.history import historical_state
from accord.climate.parameters import member_count
from accord.climate.result import ClimateResult
from accord.climate.state import ClimateState
from accord.climate.warm import WarmRun, history_groups, run_warm, shares_history, warm_arrays

__all__ = [
    "AGENTS",
    "ClimateResult",
    "ClimateState",
    "WarmRun",
    "historical_state",
    "history_groups",
    "load_emissions",
    "member_count",
    "run",
    "run_warm",
    "shares_history",
    "ssp_emissions_array",
    "warm_arrays",
]
