"""Targets of the goal-seek: ``P(peak<1.5)>=0.5``, ``warming_2100_k.p50<=2.0``.

Two forms are understood:

* ``P(X<C)>=Q`` (or ``>``): the probability over ensemble members that ``X``
  stays below ``C`` kelvin, where ``X`` is ``peak`` (the highest annual warming
  from 2000) or a year (``2100``, ``2050``...). ``P(peak<1.5)`` is the verdict's
  ``p_peak_below_1p5``.
* ``KEY<=V`` (or ``<``, ``>=``, ``>``): a number of the verdict, named as in
  the batch results (``warming_2100_k.p50``, ``peak_warming_k.p83``,
  ``warming_k.2050.p50``, ``p_2100_below_1p5`` ...).

:meth:`Target.margin` is a continuous measure of how far a run is from the
target (positive exactly when it is met), which the optimiser follows: for a
probability it is ``C`` minus the k-th smallest member value, with ``k`` the
number of members that must stay below ``C`` (so ``margin > 0`` exactly when
the probability meets ``Q``); for a verdict number it is the signed distance.

Examples
--------
>>> t = parse_target("P(peak<1.5)>=0.5")
>>> t.kind, t.quantity, t.threshold_k, t.level
('probability', 'peak', 1.5, 0.5)
>>> parse_target("warming_2100_k.p50<=2.0").key
'warming_2100_k.p50'
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

import numpy as np

from accord.assessment import Verdict
from accord.assessment.metrics import peak_k, probability_below
from accord.batch.errors import BatchInputError

__all__ = ["Target", "parse_target"]

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
_NUMBER = r"([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)"
_PROB = re.compile(rf"^P\(\s*(peak|\d{{4}})\s*<\s*{_NUMBER}\s*\)\s*(>=|>)\s*{_NUMBER}$", re.I)
_KEY = re.compile(rf"^([A-Za-z_][A-Za-z0-9_.]*)\s*(<=|>=|<|>)\s*{_NUMBER}$")
_HELP = ('write e.g. "P(peak<1.5)>=0.5", "P(2100<2)>=0.66" or "warming_2100_k.p50<=2.0"')


@dataclass(frozen=True)
class Target:
    """A parsed target (see the module docstring)."""

    text: str
    kind: str  # "probability" or "value"
    op: str
    quantity: str = ""  # "peak" or a year, for probabilities
    threshold_k: float = math.nan
    level: float = math.nan
    key: str = ""
    value: float = math.nan

    def _members(self, gsat_k: np.ndarray, years: np.ndarray) -> np.ndarray:
        if self.quantity == "peak":
            return peak_k(gsat_k, years)
        hit = np.flatnonzero(years == int(self.quantity))
        if not hit.size:
            raise BatchInputError(f"--target {self.text}: year {self.quantity} is not modelled "
                                  f"({int(years[0])}-{int(years[-1])}); fix: use peak or a "
                                  "year up to 2100")
        return gsat_k[:, int(hit[0])]

    def measure(self, verdict: Mapping[str, object], gsat_k: np.ndarray,
                years: np.ndarray) -> float:
        """The targeted number of one run (a probability, or the verdict's value)."""
        if self.kind == "probability":
            return probability_below(self._members(gsat_k, years), self.threshold_k)
        if self.key not in verdict:
            allowed = [k for k, v in verdict.items() if isinstance(v, float)]
            raise BatchInputError(f"--target {self.text}: {self.key!r} is not a number of the "
                                  f"verdict; allowed e.g. {', '.join(allowed[:10])}; fix: {_HELP}")
        value = verdict[self.key]
        if not isinstance(value, float) or math.isnan(value):
            raise BatchInputError(f"--target {self.text}: {self.key} has no numeric value "
                                  f"({value!r}); fix: target a number such as warming_2100_k.p50")
        return value

    def met(self, measured: float) -> bool:
        """Whether a measured value meets the target."""
        bound = self.level if self.kind == "probability" else self.value
        return _OPS[self.op](measured, bound)

    def margin(self, verdict: Mapping[str, object], gsat_k: np.ndarray,
               years: np.ndarray) -> float:
        """Continuous distance to the target, > 0 exactly when it is met (kelvin or units)."""
        if self.kind == "probability":
            x = np.sort(self._members(gsat_k, years))
            n = len(x)
            # members that must be strictly below the threshold
            need = math.floor(self.level * n + 1e-9) + 1 if self.op == ">" else \
                math.ceil(self.level * n - 1e-9)
            if need <= 0:
                return float(self.threshold_k - x[0] + 1.0)  # met by any run
            if need > n:
                return float(self.threshold_k - x[-1] - 1.0)  # cannot be met
            return float(self.threshold_k - x[need - 1])
        measured = self.measure(verdict, gsat_k, years)
        distance = self.value - measured if self.op in ("<=", "<") else measured - self.value
        if self.op in ("<=", ">=") and distance == 0:
            return 1e-12  # met on the bound
        return float(distance)


def parse_target(text: str) -> Target:
    """Parse a target string (see the module docstring).

    Raises
    ------
    BatchInputError
        A string of neither form, or a probability outside 0..1.
    """
    clean = text.strip().replace(" ", "")
    m = _PROB.match(clean)
    if m:
        quantity, threshold, op, level = m.groups()
        q = float(level)
        if not 0 <= q <= 1:
            raise BatchInputError(f"--target {text}: probability {q:g} outside 0..1; fix: "
                                  f"{_HELP}")
        return Target(text, "probability", op, quantity.lower(), float(threshold), q)
    m = _KEY.match(clean)
    if m and not clean.upper().startswith("P("):
        key, op, value = m.groups()
        names = {f.name for f in fields(Verdict)} | {"warming_2100_k"}
        if key.split(".")[0] not in names:
            raise BatchInputError(f"--target {text!r}: {key.split('.')[0]!r} is not a verdict "
                                  f"number; allowed: {', '.join(sorted(names))} (with .p50 "
                                  f"etc. where they are percentiles); fix: {_HELP}")
        return Target(text, "value", op, key=key, value=float(value))
    raise BatchInputError(f"--target {text!r}: not understood; fix: {_HELP}")
