"""Curtailment of wind and solar: rises with their share, falls with storage.

The curve (``curtailment_curve.csv``) gives the *marginal* curtailment m(x):
the fraction of the next unit of wind+solar output that is curtailed when the
potential wind+solar output is x times demand. Total curtailed energy is
``D_eff * integral_0^(p / D_eff) m(x) dx`` with ``D_eff = D * (1 + k * s)``,
where ``s`` is storage power over average load and ``k`` the storage relief.
Because ``0 <= m <= 1``, delivered output never falls when potential output
rises (more wind or solar never displaces less fossil power), and more storage
never raises curtailment.

Examples
--------
>>> import numpy as np
>>> curve = curtailment_curve()
>>> delivered_vre_twh(np.array([0.0]), np.array([100.0]), np.array([0.0]), curve)
array([0.])

A share of 10 % lies on the flat start of the curve, so nothing is curtailed:

>>> delivered_vre_twh(np.array([10.0]), np.array([100.0]), np.array([0.0]), curve)
array([10.])
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from accord.levers.tables import read_table

__all__ = ["CurtailmentCurve", "curtailment_curve", "delivered_vre_twh"]


@dataclass(frozen=True, eq=False)
class CurtailmentCurve:
    """Marginal curtailment knots (x = potential share of demand, m = marginal fraction)."""

    x: np.ndarray
    m: np.ndarray
    storage_relief: float

    def integral(self, share: np.ndarray) -> np.ndarray:
        """``integral_0^share m(x) dx`` for ``share >= 0`` (piecewise quadratic)."""
        x, m = self.x, self.m
        seg = np.diff(x)
        cum = np.concatenate([[0.0], np.cumsum(0.5 * (m[1:] + m[:-1]) * seg)])
        s = np.asarray(share, dtype=float)
        k = np.clip(np.searchsorted(x, s, side="right") - 1, 0, len(x) - 2)
        ds = np.minimum(s - x[k], seg[k])
        slope = (m[k + 1] - m[k]) / seg[k]
        inside = cum[k] + m[k] * ds + 0.5 * slope * ds**2
        beyond = np.maximum(s - x[-1], 0.0) * m[-1]
        return np.asarray(inside + beyond)


@cache
def curtailment_curve() -> CurtailmentCurve:
    """The shipped curve (``curtailment_curve.csv``)."""
    rows = read_table("curtailment_curve.csv")
    knots = sorted((float(r["x"]), float(r["value"])) for r in rows
                   if r["parameter"] == "marginal_curtailment")
    relief = next(float(r["value"]) for r in rows if r["parameter"] == "storage_relief")
    x = np.array([k[0] for k in knots])
    m = np.array([k[1] for k in knots])
    if not (np.all(np.diff(x) > 0) and np.all((m >= 0) & (m <= 1)) and m[-1] == 1.0):
        raise ValueError("curtailment curve: x must rise, 0 <= m <= 1 and end at m = 1")
    return CurtailmentCurve(x, m, relief)


def delivered_vre_twh(potential_twh: np.ndarray, demand_twh: np.ndarray,
                      storage_gw: np.ndarray, curve: CurtailmentCurve) -> np.ndarray:
    """Wind+solar output after curtailment.

    Parameters
    ----------
    potential_twh : ndarray, shape (n,)
        Wind+solar output before curtailment (TWh/yr).
    demand_twh : ndarray, shape (n,)
        Electricity demand (TWh/yr), > 0.
    storage_gw : ndarray, shape (n,)
        Storage power capacity (GW), >= 0.
    curve : CurtailmentCurve

    Returns
    -------
    ndarray, shape (n,)
        Delivered output (TWh/yr), between 0 and ``potential_twh``.
    """
    average_load_gw = demand_twh * 1000.0 / 8760.0
    d_eff = demand_twh * (1.0 + curve.storage_relief * storage_gw / average_load_gw)
    curtailed = d_eff * curve.integral(potential_twh / d_eff)
    return np.clip(potential_twh - curtailed, 0.0, potential_twh)
