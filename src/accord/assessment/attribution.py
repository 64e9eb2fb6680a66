"""Shapley attribution of avoided warming over groups of changes.

The climate responds non-linearly, so a deal's avoided warming does not split
uniquely over regions or lever groups. Shapley values do it fairly: each
group's share is its average marginal effect over all orders in which the
groups could be added, and the shares add up exactly to the whole. With n
groups this needs the 2^n combinations (32 for five groups).

Examples
--------
>>> import numpy as np
>>> effects = {frozenset(): 0.0, frozenset({"a"}): 1.0, frozenset({"b"}): 2.0,
...            frozenset({"a", "b"}): 4.0}
>>> values = shapley(["a", "b"], lambda s: np.array([effects[frozenset(s)]]))
>>> {k: float(v[0]) for k, v in values.items()}
{'a': 1.5, 'b': 2.5}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from math import factorial

import numpy as np

__all__ = ["shapley"]


def shapley(groups: Sequence[str],
            evaluate: Callable[[frozenset[str]], np.ndarray]) -> dict[str, np.ndarray]:
    """Exact Shapley values of ``evaluate`` over ``groups``.

    Parameters
    ----------
    groups : sequence of str
        The players (regions, lever groups); at most 8.
    evaluate : callable
        Maps a set of groups to the outcome (e.g. warming avoided per member,
        an array) when only those groups' changes are applied. ``evaluate`` of
        the empty set is the baseline.

    Returns
    -------
    dict of str to ndarray
        Each group's share; the shares sum to ``evaluate(all) - evaluate(none)``.
    """
    names = list(groups)
    n = len(names)
    if n > 8:
        raise ValueError(f"{n} groups need {2 ** n} runs: give at most 8")
    value = {frozenset(c): np.asarray(evaluate(frozenset(c)), dtype=float)
             for k in range(n + 1) for c in combinations(names, k)}
    out: dict[str, np.ndarray] = {}
    for g in names:
        others = [x for x in names if x != g]
        total = np.zeros_like(value[frozenset()])
        for k in range(n):
            weight = factorial(k) * factorial(n - k - 1) / factorial(n)
            for c in combinations(others, k):
                s = frozenset(c)
                total = total + weight * (value[s | {g}] - value[s])
        out[g] = total
    return out
