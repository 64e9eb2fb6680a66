"""The power sector per region, 2024-2100 (pure numpy).

Examples
--------
>>> from accord.energy import YEARS
>>> int(YEARS[0]), int(YEARS[-1])
(2024, 2100)
"""

from __future__ import annotations

from accord.energy.base_year import CAPACITY_TECHS, FUELS, TECHS, PowerBase, power_base
from accord.energy.curtailment import CurtailmentCurve, curtailment_curve, delivered_vre_twh
from accord.energy.power import YEARS, PowerInputs, PowerResult, power_inputs, run_power

__all__ = [
    "CAPACITY_TECHS",
    "FUELS",
    "TECHS",
    "YEARS",
    "CurtailmentCurve",
    "PowerBase",
    "PowerInputs",
    "PowerResult",
    "curtailment_curve",
    "delivered_vre_twh",
    "power_base",
    "power_inputs",
    "run_power",
]
