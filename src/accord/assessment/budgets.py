"""Cumulative CO2 and the remaining carbon budget in an ensemble.

The budget to a threshold T at probability p is the cumulative CO2 emitted
from the start of 2020 up to the point where (1 - p) of the members have
crossed T: each member's cumulative emissions at its first crossing of T
(linearly interpolated between years) is a draw of "the budget" for that
member, and the budget at p is the (1 - p) quantile of those draws. Members
that never cross T count as having an unbounded budget; if too few members
cross for the quantile, the budget is not reached in this scenario (None).
This is the scenario's own budget: it includes the warming of its non-CO2
pathway, as AR6's remaining budgets do for their assumed non-CO2 pathway.

Examples
--------
>>> import numpy as np
>>> years = np.arange(2020, 2025)
>>> cum = np.array([0.0, 40.0, 80.0, 120.0, 160.0])  # Gt CO2 from 2020
>>> t = np.array([[1.0, 1.2, 1.4, 1.6, 1.8], [1.0, 1.1, 1.2, 1.3, 1.4]])
>>> crossing_cumulative(t, cum, 1.5).tolist()
[100.0, inf]
"""

from __future__ import annotations

import numpy as np

__all__ = ["BUDGET_FROM_YEAR", "budget_gt", "crossing_cumulative"]

BUDGET_FROM_YEAR = 2020


def crossing_cumulative(gsat_k: np.ndarray, cumulative_gt: np.ndarray,
                        threshold_k: float) -> np.ndarray:
    """Cumulative CO2 at each member's first crossing of ``threshold_k``.

    Parameters
    ----------
    gsat_k : ndarray, shape (member, year)
    cumulative_gt : ndarray, shape (year,)
        Cumulative CO2 (Gt CO2) since the budget's start, same years.
    threshold_k : float

    Returns
    -------
    ndarray, shape (member,)
        Gt CO2; ``inf`` for members that never cross; the first value where a
        member starts at or above the threshold.
    """
    above = gsat_k >= threshold_k
    crossed = above.any(axis=1)
    i = np.argmax(above, axis=1)  # first crossing (0 where never: masked below)
    before = np.maximum(i - 1, 0)
    rows = np.arange(gsat_k.shape[0])
    t0, t1 = gsat_k[rows, before], gsat_k[rows, i]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(i > 0, (threshold_k - t0) / (t1 - t0), 0.0)
    at = cumulative_gt[before] + frac * (cumulative_gt[i] - cumulative_gt[before])
    return np.where(crossed, np.where(i > 0, at, cumulative_gt[0]), np.inf)


def budget_gt(crossings_gt: np.ndarray, probability: float) -> float | None:
    """Budget (Gt CO2) for a ``probability`` of staying below, or None if not reached.

    The smallest crossing point by which at least (1 - probability) of the
    members have crossed (the empirical distribution's quantile, so an
    infinite draw is never interpolated).
    """
    q = float(np.quantile(crossings_gt, 1.0 - probability, method="inverted_cdf"))
    return None if not np.isfinite(q) else q
