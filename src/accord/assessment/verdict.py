"""The verdict on one scenario, and what it changes against a baseline.

:func:`assess` condenses a scenario's member-by-year warming into the
headline numbers an analyst reads (percentiles of peak and 2100 warming,
probabilities of staying below 1.5 and 2 °C, the AR6 category, crossing year,
cumulative CO2 and remaining budgets); :func:`avoided` compares it member by
member with a baseline run on the same members.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from accord.assessment.budgets import BUDGET_FROM_YEAR, budget_gt, crossing_cumulative
from accord.assessment.categories import CATEGORY_NAMES, ar6_category, category_rank, overshoot
from accord.assessment.metrics import (
    crossing_year,
    median_by_year,
    peak_k,
    peak_year,
    percentiles,
    probability_below,
)

__all__ = ["Avoided", "Verdict", "assess", "avoided"]

REPORT_YEARS = (2030, 2050, 2100)
BUDGETS = ((1.5, 0.5), (1.5, 0.67), (2.0, 0.5), (2.0, 0.67))


@dataclass(frozen=True)
class Verdict:
    """Headline numbers of one scenario (K vs 1850-1900; Gt CO2)."""

    scenario: str
    category: str
    category_name: str
    overshoot_1p5: str
    peak_warming_k: dict[str, float]
    peak_year: int
    warming_k: dict[int, dict[str, float]]
    p_peak_below_1p5: float
    p_2100_below_1p5: float
    p_peak_below_2: float
    p_2100_below_2: float
    crossing_year_1p5: int | None
    crossing_year_2: int | None
    members: int
    cumulative_co2_from_2020_gt: dict[int, float] = field(default_factory=dict)
    budget_from_2020_gt: dict[str, float | None] = field(default_factory=dict)

    @property
    def warming_2100_k(self) -> dict[str, float]:
        """Percentiles of the 2100 warming."""
        return self.warming_k[2100]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (the keys of ``accord ... --json``)."""
        d = asdict(self)
        d["warming_2100_k"] = self.warming_k[2100]
        d["warming_k"] = {str(y): v for y, v in self.warming_k.items()}
        d["cumulative_co2_from_2020_gt"] = {
            str(y): v for y, v in self.cumulative_co2_from_2020_gt.items()}
        return d


@dataclass(frozen=True)
class Avoided:
    """A scenario against its baseline, member by member (positive = cooler)."""

    baseline: str
    avoided_warming_peak_k: dict[str, float]
    avoided_warming_2100_k: dict[str, float]
    p_peak_below_1p5_gain: float
    p_2100_below_1p5_gain: float
    p_peak_below_2_gain: float
    category_shift: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return asdict(self)


def assess(scenario: str, gsat_k: np.ndarray, years: np.ndarray,
           cumulative_co2_gt: np.ndarray | None = None,
           net_zero_ghg: bool | None = None) -> Verdict:
    """The verdict on one scenario.

    Parameters
    ----------
    scenario : str
    gsat_k : ndarray, shape (member, year)
        Annual warming vs 1850-1900; the years must reach 2100.
    years : ndarray, shape (year,)
    cumulative_co2_gt : ndarray, shape (year,), optional
        Cumulative CO2 emissions (any start; differences are used) to the end
        of each year, for budgets.
    net_zero_ghg : bool, optional
        Whether Kyoto GHG reach net zero by 2100 (splits C1 into C1a/C1b).

    Returns
    -------
    Verdict
    """
    years = np.asarray(years)
    if years[-1] < 2100 or years[0] > BUDGET_FROM_YEAR:
        raise ValueError(f"the assessment needs years {BUDGET_FROM_YEAR}-2100; "
                         f"got {years[0]}-{years[-1]}")
    peaks = peak_k(gsat_k, years)
    median = median_by_year(gsat_k)
    at = {y: gsat_k[:, int(np.flatnonzero(years == y)[0])] for y in REPORT_YEARS}
    category = ar6_category(peaks, at[2100], net_zero_ghg)
    cumulative: dict[int, float] = {}
    budgets: dict[str, float | None] = {}
    if cumulative_co2_gt is not None:
        i0 = int(np.flatnonzero(years == BUDGET_FROM_YEAR - 1)[0]) if years[0] < \
            BUDGET_FROM_YEAR else None
        start = cumulative_co2_gt[i0] if i0 is not None else 0.0
        since = cumulative_co2_gt - start
        cumulative = {y: float(since[years == y][0]) for y in REPORT_YEARS}
        mask = years >= BUDGET_FROM_YEAR
        for threshold, prob in BUDGETS:
            crossings = crossing_cumulative(gsat_k[:, mask], since[mask], threshold)
            budgets[f"{threshold:g}C_{round(prob * 100)}pct"] = budget_gt(crossings, prob)
    return Verdict(
        scenario=scenario,
        category=category,
        category_name=CATEGORY_NAMES[category],
        overshoot_1p5=overshoot(peaks),
        peak_warming_k=percentiles(peaks),
        peak_year=int(np.median(peak_year(gsat_k, years))),
        warming_k={y: percentiles(v) for y, v in at.items()},
        p_peak_below_1p5=probability_below(peaks, 1.5),
        p_2100_below_1p5=probability_below(at[2100], 1.5),
        p_peak_below_2=probability_below(peaks, 2.0),
        p_2100_below_2=probability_below(at[2100], 2.0),
        crossing_year_1p5=crossing_year(gsat_k, years, 1.5, median),
        crossing_year_2=crossing_year(gsat_k, years, 2.0, median),
        members=int(gsat_k.shape[0]),
        cumulative_co2_from_2020_gt=cumulative,
        budget_from_2020_gt=budgets,
    )


def avoided(scenario: Verdict, scenario_gsat_k: np.ndarray, baseline: Verdict,
            baseline_gsat_k: np.ndarray, years: np.ndarray) -> Avoided:
    """Warming avoided by ``scenario`` against ``baseline`` (same members, same order)."""
    if scenario_gsat_k.shape != baseline_gsat_k.shape:
        raise ValueError("scenario and baseline must be run on the same members and years")
    i2100 = int(np.flatnonzero(np.asarray(years) == 2100)[0])
    peak_diff = peak_k(baseline_gsat_k, years) - peak_k(scenario_gsat_k, years)
    end_diff = baseline_gsat_k[:, i2100] - scenario_gsat_k[:, i2100]
    shift = (f"{baseline.category} -> {scenario.category}"
             if category_rank(baseline.category) != category_rank(scenario.category)
             else f"{scenario.category} (unchanged)")
    return Avoided(
        baseline=baseline.scenario,
        avoided_warming_peak_k=percentiles(peak_diff),
        avoided_warming_2100_k=percentiles(end_diff),
        p_peak_below_1p5_gain=scenario.p_peak_below_1p5 - baseline.p_peak_below_1p5,
        p_2100_below_1p5_gain=scenario.p_2100_below_1p5 - baseline.p_2100_below_1p5,
        p_peak_below_2_gain=scenario.p_peak_below_2 - baseline.p_peak_below_2,
        category_shift=shift,
    )
