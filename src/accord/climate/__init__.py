"""The climate engine: world emissions per species to temperature, per member.

FaIR 2.2 physics as configured by the calibrated, constrained v1.4.1 ensemble
(841 members), in accord's own compiled implementation: gas cycle
(:mod:`~accord.climate.gas_cycle`) -> forcing (:mod:`~accord.climate.forcing`)
-> energy balance (:mod:`~accord.climate.energy_balance`), integrated by
:mod:`~accord.climate.kernel`.

The public names are imported on first use (:pep:`562`), so that a caller of
the plain-array path (:func:`warm_arrays`) does not pay for importing xarray
and pandas, which only the labelled entry points need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.climate.api import run
    from accord.climate.emissions_io import load_emissions, ssp_emissions_array
    from accord.climate.ensemble import AGENTS
    from accord.climate.history import historical_state
    from accord.climate.parameters import member_count
    from accord.climate.result import ClimateResult
    from accord.climate.state import ClimateState
    from accord.climate.warm import (
        WarmRun,
        history_groups,
        run_warm,
        shares_history,
        warm_arrays,
    )

#: public name -> the module that defines it
_HOMES = {
    "AGENTS": "ensemble",
    "ClimateResult": "result",
    "ClimateState": "state",
    "WarmRun": "warm",
    "historical_state": "history",
    "history_groups": "warm",
    "load_emissions": "emissions_io",
    "member_count": "parameters",
    "run": "api",
    "run_warm": "warm",
    "shares_history": "warm",
    "ssp_emissions_array": "emissions_io",
    "warm_arrays": "warm",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'accord.climate' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"accord.climate.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
