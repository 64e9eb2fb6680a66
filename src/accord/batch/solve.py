"""Goal-seek: the least-effort lever settings that meet a target.

Effort
------
The effort of a setting is its normalised distance from the starting
scenario (``--baseline``, current policies by default)::

    effort = sqrt( sum_i ((v_i - b_i) / (high_i - low_i))**2 )

where ``v_i`` is the value given to lever ``i``, ``b_i`` its value in the
starting scenario (the mean over its period variants when a lever without a
period suffix stands for several) and ``low_i..high_i`` the range it may move
in. Effort 0 is the starting scenario; moving one lever across its whole range
costs 1. Levers on different units are thus compared by the share of their
range they use.

Method
------
1. The starting scenario is evaluated; if it meets the target, it is the answer.
2. Reachability: each lever is tried at both ends of its range (the others
   as in the starting scenario) to learn which end helps; the corner with
   every lever at its helpful end is evaluated. If the target is not met
   there, it is reported unreachable within the ranges (a judgement made at
   that corner: levers are assumed to act monotonically, as the deal model's
   levers do).
3. Bisection along the straight line from the starting point to that corner
   gives a first setting that meets the target.
4. :func:`scipy.optimize.minimize` (COBYLA, derivative-free, because a
   probability over a finite ensemble moves in steps) then minimises the
   effort subject to :meth:`Target.margin` >= 0 inside the ranges.

Every evaluation is a full :func:`accord.pipeline.simulate` run; the answer
is the evaluated setting of least effort that meets the target, so its
verdict is a real run, not an interpolation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from accord.batch.errors import BatchInputError
from accord.batch.evaluate import flatten
from accord.batch.levers import apply_levers
from accord.batch.sweep import Vary, _check_distinct
from accord.batch.targets import Target

__all__ = ["Evaluation", "Problem", "SolveResult", "frontier", "plot_frontier", "solve"]

#: lever values, one per varied lever (NaN: left as in the starting scenario)
Values = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class Evaluation:
    """One run: lever values (None: the starting scenario itself) and what came out."""

    values: tuple[float, ...] | None
    measured: float
    margin: float
    met: bool
    verdict: dict[str, object] = field(repr=False)


class Problem:
    """A target, the levers that may move, and the scenario they start from.

    Parameters
    ----------
    target : Target
    varies : sequence of Vary
    baseline : str or path
        The starting scenario (preset name or file); effort 0.
    members : int, optional
        Ensemble members (None: all 841).
    """

    def __init__(self, target: Target, varies: Sequence[Vary],
                 baseline: str | Path = "current-policies", members: int | None = None,
                 ) -> None:
        from accord.emissions.world import as_resolved
        from accord.levers import ScenarioError, load_scenario

        if not varies:
            raise BatchInputError("--vary: give at least one lever to move; fix: add e.g. "
                                  "--vary china.power.solar_additions_gw_per_yr")
        _check_distinct(varies)
        try:
            self.scenario = load_scenario(baseline)
            resolved = as_resolved(self.scenario)
        except ScenarioError as exc:
            raise BatchInputError(f"--baseline = {str(baseline)!r}: {exc}") from None
        self.target, self.varies, self.members = target, list(varies), members
        self.baseline = baseline
        self.base_data: dict[str, Any] = self.scenario.model_dump(exclude_none=True)
        self.low = np.array([v.low for v in varies])
        self.high = np.array([v.high for v in varies])
        self.base_values = np.array([self._start_value(resolved, v) for v in varies])
        self.evaluations: list[Evaluation] = []
        self._memo: dict[tuple[float, ...] | None, Evaluation] = {}

    @staticmethod
    def _start_value(resolved: Any, vary: Vary) -> float:
        value = vary.ref.current(resolved)
        return math.nan if value is None else value

    # ----------------------------------------------------------------- runs

    def rounded(self, values: Values) -> tuple[float, ...]:
        """Values clipped to the ranges, years rounded."""
        out = []
        for v, x in zip(self.varies, values, strict=True):
            if math.isnan(x):  # left unset (as in the starting scenario)
                out.append(math.nan)
                continue
            x = float(min(max(x, v.low), v.high))
            out.append(float(round(x)) if v.ref.integer else x)
        return tuple(out)

    def effort(self, values: Values | None) -> float:
        """Normalised distance from the starting scenario (see the module docstring)."""
        if values is None:
            return 0.0
        d = (np.asarray(values, dtype=float) - self.base_values) / (self.high - self.low)
        d = np.where(np.isnan(d), 0.0, d)
        return float(np.sqrt(np.sum(d**2)))

    def scenario_dict(self, values: Values, name: str = "solution") -> dict[str, Any]:
        """The starting scenario with ``values`` written in (TOML structure)."""
        chosen = {v.ref: x for v, x in zip(self.varies, values, strict=True)
                  if not math.isnan(x)}
        return apply_levers(self.base_data, chosen, name)

    def solution_dict(self, values: Values, name: str) -> dict[str, Any]:
        """A scenario file for ``values``: compact (``preset = ...`` plus the moved levers)
        when the starting scenario is a preset, else the starting file's content."""
        from accord.levers import preset_names

        chosen = {v.ref: x for v, x in zip(self.varies, values, strict=True)
                  if not math.isnan(x)}
        title = f"least-effort setting for {self.target.text} (accord solve)"
        if str(self.baseline) in preset_names():
            base: dict[str, Any] = {"name": name, "title": title, "preset": str(self.baseline),
                                    "reference_world": self.scenario.reference_world}
        else:
            base = dict(self.base_data, title=title)
            base.pop("description", None)
        return apply_levers(base, chosen, name)

    def evaluate(self, values: Values | None) -> Evaluation:
        """Run the starting scenario (``None``) or it with ``values`` set (memoised)."""
        from accord.levers import ScenarioError
        from accord.pipeline import simulate

        key = None if values is None else self.rounded(values)
        if key is not None and all(math.isnan(x) for x in key):
            key = None
        if key in self._memo:
            return self._memo[key]
        scenario: Any = self.scenario if key is None else self.scenario_dict(key)
        try:
            result = simulate(scenario, baseline=self.scenario, members=self.members,
                              attribution=False)
        except ScenarioError as exc:
            raise BatchInputError(f"--vary: the setting {key} is not a valid scenario ({exc}); "
                                  "fix: narrow the ranges") from None
        gsat = result.climate["gsat_k"].isel(run=0).transpose("member", "year").values
        years = result.climate["year"].values
        verdict = flatten(result.verdict.to_dict())
        measured = self.target.measure(verdict, gsat, years)
        margin = self.target.margin(verdict, gsat, years)
        ev = Evaluation(key, measured, margin, self.target.met(measured), verdict)
        self._memo[key] = ev
        self.evaluations.append(ev)
        return ev

    def best(self) -> Evaluation | None:
        """The evaluated setting of least effort that meets the target."""
        ok = [e for e in self.evaluations if e.met]
        return min(ok, key=lambda e: self.effort(e.values)) if ok else None

    def helpful_ends(self) -> np.ndarray:
        """Per lever, the end of its range that moves the margin up (others at the start).

        A lever the starting scenario leaves unset (off) is then given the other,
        least helpful, end as its starting value for the effort measure.
        """
        start = self.rounded(self.base_values)
        ends = []
        for i, _ in enumerate(self.varies):
            lo, hi = list(start), list(start)
            lo[i], hi[i] = self.low[i], self.high[i]
            m_lo, m_hi = self.evaluate(lo).margin, self.evaluate(hi).margin
            ends.append(self.high[i] if m_hi >= m_lo else self.low[i])
        ends_arr = np.array(ends)
        unset = np.isnan(self.base_values)
        self.base_values = np.where(unset, self.low + self.high - ends_arr, self.base_values)
        return ends_arr


@dataclass(frozen=True)
class SolveResult:
    """The answer of :func:`solve`.

    Attributes
    ----------
    reachable : bool
        Whether the target is met anywhere evaluated within the ranges.
    solution : Evaluation or None
        The least-effort setting meeting the target (None if unreachable).
    start, corner : Evaluation
        The starting scenario, and the most ambitious corner of the ranges.
    levers : list of str
    evaluations : int
        Climate runs made.
    """

    target: Target
    reachable: bool
    solution: Evaluation | None
    start: Evaluation
    corner: Evaluation | None
    levers: list[str]
    evaluations: int


def _bisect(problem: Problem, a: np.ndarray, b: np.ndarray, steps: int) -> None:
    """Evaluate along a (not met) -> b (met), narrowing to the boundary."""
    lo, hi = 0.0, 1.0
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        if problem.evaluate(a + mid * (b - a)).met:
            hi = mid
        else:
            lo = mid


def solve(problem: Problem, *, max_runs: int = 120, progress: Callable[[str], None] | None = None,
          ) -> SolveResult:
    """Find the least-effort setting meeting ``problem.target`` (see the module docstring)."""
    from scipy.optimize import minimize

    say = progress or (lambda _msg: None)
    levers = [v.ref.label for v in problem.varies]
    start = problem.evaluate(None)
    say(f"starting scenario: {start.measured:.4g}")
    if start.met:
        return SolveResult(problem.target, True, start, start, None, levers,
                           len(problem.evaluations))
    corner = problem.evaluate(problem.helpful_ends())
    say(f"most ambitious corner of the ranges: {corner.measured:.4g}")
    if not corner.met:
        return SolveResult(problem.target, False, None, start, corner, levers,
                           len(problem.evaluations))
    origin: np.ndarray = np.array(problem.rounded(problem.base_values), dtype=float)
    if problem.evaluate(origin).met:
        target_point = origin
    else:
        _bisect(problem, origin, np.asarray(corner.values), steps=10)
        best = problem.best()
        target_point = np.asarray(best.values if best and best.values else corner.values)
    span = problem.high - problem.low

    def to_x(u: np.ndarray) -> np.ndarray:
        return problem.low + np.clip(u, 0.0, 1.0) * span

    def objective(u: np.ndarray) -> float:
        d = (to_x(u) - problem.base_values) / span
        return float(np.sum(d**2))

    def constraint(u: np.ndarray) -> float:
        return problem.evaluate(to_x(u)).margin

    budget = max(max_runs - len(problem.evaluations), 0)
    if budget:
        u0 = (target_point - problem.low) / span
        minimize(objective, u0, method="COBYLA", constraints=[{"type": "ineq",
                 "fun": constraint}], bounds=[(0.0, 1.0)] * len(levers),
                 options={"maxiter": budget, "rhobeg": 0.1, "tol": 1e-4})
    solution = problem.best()
    return SolveResult(problem.target, solution is not None, solution, start, corner, levers,
                       len(problem.evaluations))


def frontier(problem: Problem, points: int = 7) -> pd.DataFrame:
    """The trade-off of two levers: for each value of the first, the least of the second.

    For ``points`` evenly spaced values of the first lever, the second lever is
    bisected between its starting value and its helpful end for the setting
    closest to the start that meets the target.

    Returns
    -------
    DataFrame
        The two lever columns, ``effort``, ``measured``, ``reachable``; the
        second lever is NaN where the target cannot be met at that value.
    """
    if len(problem.varies) != 2:
        raise BatchInputError(f"--frontier maps two levers; {len(problem.varies)} were given; "
                              "fix: pass exactly two --vary")
    if points < 2:
        raise BatchInputError(f"--points = {points}: allowed 2 or more; fix: raise it")
    ends = problem.helpful_ends()
    first, second = problem.varies
    start_b = problem.rounded(problem.base_values)[1]
    rows = []
    for a in np.linspace(first.low, first.high, points):
        near = np.array(problem.rounded([a, start_b]))
        far = np.array(problem.rounded([a, ends[1]]))
        end_ev = problem.evaluate(far)
        if not end_ev.met:
            rows.append({first.ref.label: near[0], second.ref.label: math.nan,
                         "effort": math.nan, "measured": end_ev.measured, "reachable": False})
            continue
        if not problem.evaluate(near).met:
            _bisect(problem, near, far, steps=9)
        on_line = [e for e in problem.evaluations if e.met and e.values is not None
                   and e.values[0] == near[0]]
        best = min(on_line, key=lambda e: abs(e.values[1] - start_b))  # type: ignore[index]
        assert best.values is not None
        rows.append({first.ref.label: best.values[0], second.ref.label: best.values[1],
                     "effort": problem.effort(best.values), "measured": best.measured,
                     "reachable": True})
    return pd.DataFrame(rows)


def plot_frontier(table: pd.DataFrame, problem: Problem, path: str | Path) -> Path:
    """The frontier as a line: the least of the second lever per value of the first (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    first, second = (v.ref for v in problem.varies)
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ok = table[table["reachable"]]
    ax.plot(ok[first.label], ok[second.label], "o-", label="least setting meeting the target")
    ax.set_xlabel(f"{first.label} [{first.unit}]", fontsize=8)
    ax.set_ylabel(f"{second.label} [{second.unit}]", fontsize=8)
    ax.set_title(f"{problem.target.text}: met on the far side of the line", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out
