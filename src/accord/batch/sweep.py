"""Sweeps: a grid or a Latin hypercube over named levers, and which levers matter.

``--vary china.power.solar_additions_gw_per_yr=100:600:11`` names a lever
(see :mod:`accord.batch.levers`), its range and, for a grid, the number of
values. :func:`design` lays out the samples (every combination on a grid, or
``samples`` points of a Latin hypercube drawn by :mod:`scipy.stats.qmc` with an
explicit seed); :func:`sweep_items` turns them into scenarios that start from
a base scenario; after the batch, :func:`sensitivity` ranks the levers.

Sensitivity measures, per lever, on a metric of the verdict (default
``peak_warming_k.p50``, the median peak warming, which every lever moves; a probability
such as ``p_peak_below_1p5`` stays at 0 over most sweeps of today's deals):

* ``effect``: the coefficient of a least-squares fit of the metric on all
  levers scaled to [0, 1] over their ranges: the change of the metric from
  the low to the high end of that lever, the others held (linear approximation);
* ``spearman_rho``: the rank correlation of the metric with the lever (monotone
  association, robust to the steps of a probability over a finite ensemble).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from accord.batch.errors import BatchInputError
from accord.batch.levers import LeverRef, apply_levers, parse_lever, parse_range
from accord.batch.sources import BatchItem, scenario_items

__all__ = ["Vary", "design", "parse_vary", "plot_sweep", "sensitivity", "sweep_items"]

#: grid values per lever when ``LOW:HIGH`` gives no ``N``
DEFAULT_STEPS = 5


@dataclass(frozen=True)
class Vary:
    """A lever and the range it is varied over (``n`` grid values, if given)."""

    ref: LeverRef
    low: float
    high: float
    n: int | None = None


def parse_vary(text: str, *, steps: bool = True, default_full_range: bool = False) -> Vary:
    """Parse ``LEVER=LOW:HIGH[:N]`` (or ``LEVER`` alone when ``default_full_range``).

    Parameters
    ----------
    text : str
    steps : bool
        Whether ``:N`` is allowed.
    default_full_range : bool
        Whether ``LEVER`` without ``=`` means the lever's whole allowed range.
    """
    if "=" not in text:
        if not default_full_range:
            raise BatchInputError(f"--vary {text}: expected LEVER=LOW:HIGH"
                                  + ("[:N]" if steps else "") + "; fix: write e.g. "
                                  "china.power.solar_additions_gw_per_yr=100:600:11")
        ref = parse_lever(text)
        return Vary(ref, ref.low, ref.high)
    lever, _, span = text.partition("=")
    ref = parse_lever(lever)
    low, high, n = parse_range(span.strip(), ref, steps=steps)
    return Vary(ref, low, high, n)


def _check_distinct(varies: Sequence[Vary]) -> None:
    """Refuse two varies of one lever (the same milestone, or the whole lever and any)."""
    seen: dict[tuple[str, str, str], list[Vary]] = {}
    for v in varies:
        for f in v.ref.fields:
            for other in seen.get((v.ref.region, v.ref.group, f), []):
                if None in (v.ref.year, other.ref.year) or v.ref.year == other.ref.year:
                    raise BatchInputError(
                        f"--vary {v.ref.text}: sets {v.ref.label} which --vary "
                        f"{other.ref.text} sets too; fix: vary it once")
            seen.setdefault((v.ref.region, v.ref.group, f), []).append(v)


def design(varies: Sequence[Vary], *, method: str = "grid", samples: int | None = None,
           seed: int | None = None) -> pd.DataFrame:
    """Lever values of every sample, one column per lever (``ref.label``).

    Parameters
    ----------
    varies : sequence of Vary
    method : {"grid", "lhs"}
        Every combination of ``n`` (default 5) evenly spaced values per lever,
        or a Latin hypercube of ``samples`` points.
    samples : int
        Points of the Latin hypercube.
    seed : int
        Seed of the Latin hypercube (required for ``lhs``).

    Returns
    -------
    DataFrame
        Years are rounded to whole years.
    """
    if not varies:
        raise BatchInputError("--vary: give at least one lever; fix: add e.g. --vary "
                              "china.power.solar_additions_gw_per_yr=100:600:5")
    _check_distinct(varies)
    labels = [v.ref.label for v in varies]
    if method == "grid":
        axes = [np.linspace(v.low, v.high, v.n or DEFAULT_STEPS) for v in varies]
        values = np.array(list(itertools.product(*axes)), dtype=float)
    elif method == "lhs":
        from scipy.stats import qmc

        if samples is None or samples < 2:
            raise BatchInputError(f"--samples = {samples}: a Latin hypercube needs 2 or more "
                                  "samples; fix: pass e.g. --samples 50")
        if seed is None:
            raise BatchInputError("--seed: a Latin hypercube needs an explicit seed; fix: pass "
                                  "e.g. --seed 1")
        unit = qmc.LatinHypercube(d=len(varies), seed=seed).random(samples)
        values = qmc.scale(unit, [v.low for v in varies], [v.high for v in varies])
    else:
        raise BatchInputError(f"--method = {method!r}: allowed grid or lhs; fix: use one")
    frame = pd.DataFrame(values, columns=labels)
    for v in varies:
        if v.ref.integer:
            frame[v.ref.label] = frame[v.ref.label].round().astype(int)
    return frame


def sweep_items(base: str | Path, samples: pd.DataFrame,
                varies: Sequence[Vary]) -> tuple[list[BatchItem], pd.DataFrame]:
    """Scenarios ``<base>-sweep-0001`` ... : ``base`` with each sample's levers set.

    Returns
    -------
    items : list of BatchItem
    samples : DataFrame
        ``samples`` with a first column ``scenario`` naming each item.
    """
    from accord.levers import ScenarioError, load_scenario

    try:
        scenario = load_scenario(base)
    except ScenarioError as exc:
        raise BatchInputError(f"SCENARIO = {str(base)!r}: {exc}") from None
    data: dict[str, Any] = scenario.model_dump(exclude_none=True)
    stem = scenario.name[:60]
    names = [f"{stem}-sweep-{i + 1:04d}" for i in range(len(samples))]
    pairs = []
    for name, (_, row) in zip(names, samples.iterrows(), strict=True):
        values = {v.ref: float(row[v.ref.label]) for v in varies}
        pairs.append((name, apply_levers(data, values, name)))
    return scenario_items(pairs, f"sweep of {scenario.name}"), samples.assign(
        scenario=names)[["scenario", *samples.columns]]


def check_metric(metric: str) -> None:
    """Refuse a ``--metric`` that no result row will have, before anything runs.

    The columns are those of a verdict and its comparison with a baseline
    (flattened as in the results table), found by assessing a made-up
    warming path: a ramp to 2 K over 1750-2100, for two members.
    """
    from accord.assessment import assess
    from accord.assessment.verdict import avoided
    from accord.batch.evaluate import flatten

    years = np.arange(1750, 2101)
    gsat = np.tile(np.linspace(0.0, 2.0, years.size), (2, 1))
    verdict = assess("check", gsat, years, np.linspace(0.0, 3000.0, years.size))
    columns = set(flatten(verdict.to_dict()))
    columns |= set(flatten(avoided(verdict, gsat, verdict, gsat, years).to_dict(),
                           "vs_baseline."))
    if metric not in columns:
        numeric = sorted(c for c in columns if c.startswith(("p_", "peak_", "warming_")))
        raise BatchInputError(f"--metric = {metric!r}: not a result column; allowed e.g. "
                              f"{', '.join(numeric[:8])}; fix: use one of these")


def sensitivity(samples: pd.DataFrame, results: pd.DataFrame, varies: Sequence[Vary],
                metric: str = "peak_warming_k.p50") -> pd.DataFrame:
    """Rank the levers by their effect on ``metric`` (see the module docstring).

    Parameters
    ----------
    samples : DataFrame
        From :func:`sweep_items` (``scenario`` and one column per lever).
    results : DataFrame
        The batch table (``scenario``, ``status`` and the metric column).
    varies : sequence of Vary
    metric : str
        A numeric column of the results, e.g. ``p_peak_below_1p5`` or
        ``peak_warming_k.p50``.

    Returns
    -------
    DataFrame
        lever, low, high, unit, effect, spearman_rho; sorted by ``|effect|``.
    """
    from scipy.stats import spearmanr

    if metric not in results.columns:
        numeric = [c for c in results.columns if c.startswith(("p_", "peak_", "warming_"))]
        raise BatchInputError(f"--metric = {metric!r}: not a result column; allowed e.g. "
                              f"{', '.join(numeric[:8])}; fix: use one of these")
    ok = results.loc[results["status"] == "ok", ["scenario", metric]]
    joined = samples.merge(ok, on="scenario", how="inner")
    y = joined[metric].to_numpy(dtype=float)
    labels = [v.ref.label for v in varies]
    scaled = np.column_stack([(joined[v.ref.label].to_numpy(dtype=float) - v.low)
                              / (v.high - v.low) for v in varies])
    rows = []
    if len(joined) > len(varies):
        coef = np.linalg.lstsq(np.column_stack([np.ones(len(y)), scaled]), y, rcond=None)[0][1:]
    else:
        coef = np.full(len(varies), np.nan)
    for j, v in enumerate(varies):
        x = scaled[:, j]
        flat = len(y) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0
        rho = float("nan") if flat else float(spearmanr(x, y).statistic)
        rows.append({"lever": labels[j], "low": v.low, "high": v.high, "unit": v.ref.unit,
                     "metric": metric, "effect": float(coef[j]), "spearman_rho": rho})
    table = pd.DataFrame(rows)
    order = np.argsort(-np.abs(table["effect"].fillna(0).to_numpy()), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def plot_sweep(samples: pd.DataFrame, results: pd.DataFrame, ranking: pd.DataFrame,
               path: str | Path) -> Path:
    """One panel per lever (metric against lever value) and a bar chart of effects (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metric = str(ranking["metric"].iloc[0])
    ok = results.loc[results["status"] == "ok", ["scenario", metric]]
    joined = samples.merge(ok, on="scenario", how="inner")
    levers = list(ranking["lever"])
    fig, axes = plt.subplots(1, len(levers) + 1, figsize=(3.6 * (len(levers) + 1), 3.4),
                             squeeze=False)
    for ax, lever in zip(axes[0][:-1], levers, strict=True):
        ax.scatter(joined[lever], joined[metric], s=12, alpha=0.7)
        means = joined.groupby(lever)[metric].mean()
        if len(means) < len(joined):  # values repeat (a grid): mean over the other levers
            ax.plot(means.index, means.to_numpy(), color="k", lw=1.2, label="mean")
            ax.legend(fontsize=7)
        ax.set_xlabel(lever.split(".", 1)[1] + f"\n({lever.split('.')[0]})", fontsize=7)
        ax.set_ylabel(metric, fontsize=8)
    bars = axes[0][-1]
    bars.barh(range(len(levers)), ranking["effect"].to_numpy(), color="tab:orange")
    bars.set_yticks(range(len(levers)))
    bars.set_yticklabels([lv.split(".")[-1][:28] for lv in levers], fontsize=7)
    bars.invert_yaxis()
    bars.axvline(0, color="k", lw=0.8)
    bars.set_xlabel(f"change of {metric}\nlow -> high end (linear fit)", fontsize=8)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out
