"""IPCC AR6 WG3 scenario categories C1..C8 from an ensemble's warming.

The rules (AR6 WG3, Annex III, Table 1; as in the architecture notes), applied
in order, the first that holds giving the category:

* C1, below 1.5 °C with no or limited overshoot: 33rd percentile of peak
  warming <= 1.5 °C and median 2100 warming < 1.5 °C;
* C2, returning to 1.5 °C after a high overshoot: median 2100 warming < 1.5 °C;
* C3, likely below 2 °C: 67th percentile of peak warming < 2 °C;
* C4, C5, C6, C7: median peak warming < 2, 2.5, 3, 4 °C;
* C8: above 4 °C.

C1 is split as AR6 does: C1a reaches net-zero GHG emissions (AR6 GWP100) this
century, C1b does not; without emissions the split is not made.

Examples
--------
>>> import numpy as np
>>> ar6_category(np.full(10, 1.8), np.full(10, 1.7))
'C3'
>>> ar6_category(np.array([1.4, 1.45, 1.5, 1.6]), np.array([1.3, 1.35, 1.4, 1.45]))
'C1'
"""

from __future__ import annotations

import numpy as np

__all__ = ["CATEGORY_NAMES", "ar6_category", "category_rank", "overshoot"]

CATEGORY_NAMES = {
    "C1": "below 1.5 °C with no or limited overshoot",
    "C1a": "below 1.5 °C with no or limited overshoot, net-zero GHG reached",
    "C1b": "below 1.5 °C with no or limited overshoot, GHG not net zero",
    "C2": "returns to 1.5 °C after a high overshoot",
    "C3": "likely below 2 °C",
    "C4": "below 2 °C",
    "C5": "below 2.5 °C",
    "C6": "below 3 °C",
    "C7": "below 4 °C",
    "C8": "above 4 °C",
}
#: upper bounds of the median peak for C4..C7 (°C)
_MEDIAN_PEAK_BOUNDS = (("C4", 2.0), ("C5", 2.5), ("C6", 3.0), ("C7", 4.0))


def ar6_category(peak_k: np.ndarray, warming_2100_k: np.ndarray,
                 net_zero_ghg: bool | None = None) -> str:
    """The AR6 category of an ensemble.

    Parameters
    ----------
    peak_k : ndarray, shape (member,)
        Each member's peak warming (K vs 1850-1900).
    warming_2100_k : ndarray, shape (member,)
        Each member's warming in 2100.
    net_zero_ghg : bool, optional
        Whether the scenario's Kyoto GHG emissions reach net zero by 2100; gives
        C1a/C1b when the scenario is C1.

    Returns
    -------
    str
        ``"C1"`` (or ``"C1a"``/``"C1b"``) to ``"C8"``.
    """
    p33, p50, p67 = np.percentile(peak_k, [33, 50, 67])
    median_2100 = float(np.median(warming_2100_k))
    if p33 <= 1.5 and median_2100 < 1.5:
        if net_zero_ghg is None:
            return "C1"
        return "C1a" if net_zero_ghg else "C1b"
    if median_2100 < 1.5:
        return "C2"
    if p67 < 2.0:
        return "C3"
    for name, bound in _MEDIAN_PEAK_BOUNDS:
        if p50 < bound:
            return name
    return "C8"


def category_rank(category: str) -> int:
    """1 for C1 (C1a, C1b) ... 8 for C8: lower is cooler."""
    return int(category[1])


def overshoot(peak_k: np.ndarray, threshold_k: float = 1.5) -> str:
    """How far the median peak exceeds ``threshold_k`` before 2100.

    ``"none"`` (median peak <= threshold), ``"limited"`` (by up to 0.1 K, the
    AR6 meaning of limited overshoot) or ``"high"``.
    """
    excess = float(np.median(peak_k)) - threshold_k
    if excess <= 0:
        return "none"
    return "limited" if excess <= 0.1 + 1e-9 else "high"
