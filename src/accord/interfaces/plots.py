"""Static figures of a verdict (matplotlib, no display needed).

:func:`verdict_figure` draws one scenario against its baseline: the warming
fan chart with the 1.5 and 2 °C lines, the emissions of each region (AR6
GWP100), the world's emissions of the main gases, and the attribution of the
warming avoided. :func:`comparison_figure` overlays several scenarios and draws each one's
difference from the baseline in its own panel.
Figures are written to a temporary name and renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from accord.assessment.metrics import fan_percentiles
from accord.io_atomic import write_atomic

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from accord.pipeline import Result

__all__ = ["comparison_figure", "save_figure", "verdict_figure"]

FROM_YEAR = 1950
#: the difference panel starts where deals can first differ (levers act from the year after)
BASE_YEAR = 2024
GASES = (("CO2 FFI", "fossil CO2"), ("CH4", "CH4"), ("N2O", "N2O"), ("Sulfur", "SO2"))


def _fan(ax: Axes, years: np.ndarray, gsat: np.ndarray, label: str, color: str) -> None:
    """5-95 % and 17-83 % bands and the median of (member, year) warming."""
    p = fan_percentiles(gsat, axis=0)
    ax.fill_between(years, p[0], p[4], color=color, alpha=0.15, lw=0,
                    label=f"{label} 5-95 %")
    ax.fill_between(years, p[1], p[3], color=color, alpha=0.3, lw=0,
                    label=f"{label} 17-83 %")
    ax.plot(years, p[2], color=color, lw=2, label=f"{label} median")


def _thresholds(ax: Axes) -> None:
    for level, style in ((1.5, "--"), (2.0, ":")):
        ax.axhline(level, color="black", lw=1, ls=style)
        ax.annotate(f"{level:g} °C", xy=(1.0, level), xycoords=("axes fraction", "data"),
                    xytext=(-4, 2), textcoords="offset points", ha="right", fontsize=8)
    ax.set_ylabel("warming vs 1850-1900 (°C)")


def verdict_figure(result: Result, attribution: bool = True) -> Figure:
    """Four panels: fan chart, regional GHG, world gases, and the attribution.

    Parameters
    ----------
    result : Result
    attribution : bool
        Whether the attribution was asked for. Without it the fourth panel shows the
        warming avoided over time instead (an empty attribution then means nothing,
        while an asked-for empty one means the scenario equals its baseline).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(13, 9), constrained_layout=True)
    gsat = result.climate["gsat_k"]
    years = gsat["year"].values
    keep = years >= FROM_YEAR
    ax = axes[0, 0]
    _fan(ax, years[keep], gsat.isel(run=1).values[:, keep], result.baseline, "tab:red")
    _fan(ax, years[keep], gsat.isel(run=0).values[:, keep], result.scenario, "tab:blue")
    _thresholds(ax)
    v = result.verdict
    ax.set_title(f"{result.scenario}: {v.category} ({v.category_name}); "
                 f"P(peak < 1.5 °C) = {v.p_peak_below_1p5:.0%}", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")

    iamc = result.iamc()
    ghg = iamc[(iamc["variable"] == "Emissions|Kyoto Gases (AR6-GWP100)")
               & (iamc["region"] != "World")]
    ax = axes[0, 1]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    regions = sorted(ghg["region"].unique())
    for (region, scen), rows in ghg.groupby(["region", "scenario"], sort=True):
        baseline = scen != result.scenario
        ax.plot(rows["year"], rows["value"] / 1000.0, "--" if baseline else "-",
                color=colors[regions.index(region) % len(colors)],
                label=None if baseline else region)
    ax.set_ylabel("GHG emissions (Gt CO2-eq/yr, AR6 GWP100)")
    ax.set_title("Emissions by region: scenario (solid) vs baseline (dashed)", fontsize=10)
    ax.legend(fontsize=6, ncol=2)

    ax = axes[1, 0]
    world = result.world_emissions
    base = world.isel(run=1).sel(year=slice(2015, 2100))
    scen = world.isel(run=0).sel(year=slice(2015, 2100))
    for specie, label in GASES:
        ref = base.sel(specie=specie).values
        ratio = np.divide(scen.sel(specie=specie).values, ref, out=np.ones_like(ref),
                          where=ref != 0)
        ax.plot(base["year"].values, 100 * (ratio - 1), label=label)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("world emissions vs baseline (%)")
    ax.set_title("World emissions by gas, change against the baseline", fontsize=10)
    ax.legend(fontsize=8)

    ax = axes[1, 1]
    if attribution:
        _attribution(ax, result)
    else:
        _avoided_over_time(ax, result)
    return fig


def _avoided_over_time(ax: Axes, result: Result) -> None:
    """Fan of the warming avoided (baseline minus scenario, member by member)."""
    gsat = result.climate["gsat_k"]
    years = gsat["year"].values
    keep = years >= 2000
    avoided = gsat.isel(run=1).values[:, keep] - gsat.isel(run=0).values[:, keep]
    _fan(ax, years[keep], avoided, "avoided", "tab:green")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("warming avoided vs the baseline (°C)")
    ax.set_title("Warming avoided over time (who and what: run with attribution)",
                 fontsize=10)
    ax.legend(fontsize=7, loc="upper left")


def _attribution(ax: Axes, result: Result) -> None:
    bars: list[tuple[str, float, float, float]] = []
    for kind, attribution in result.attribution.items():
        for player, pct in attribution.parts_k["2100"].items():
            bars.append((f"{kind}: {player}", pct["p50"], pct["p05"], pct["p95"]))
    if not bars:
        ax.text(0.5, 0.5, "no attribution (scenario equals its baseline)",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    labels = [b[0] for b in bars]
    mid = np.array([b[1] for b in bars])
    err = np.array([[b[1] - b[2] for b in bars], [b[3] - b[1] for b in bars]])
    colors = ["tab:green" if m >= 0 else "tab:orange" for m in mid]
    ax.barh(labels, mid, xerr=np.abs(err), color=colors, capsize=3)
    ax.axvline(0, color="black", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("warming avoided in 2100 (°C; median, 5-95 %)")
    ax.set_title("Who and what avoided the warming (Shapley values)", fontsize=10)


def comparison_figure(results: Sequence[Result]) -> Figure:
    """Two panels: each scenario's warming fan, and its difference from the baseline.

    The top panel draws the baseline and every scenario (median, 17-83 % and 5-95 %),
    with one legend entry per scenario; the bottom panel draws scenario minus baseline,
    member by member (median and 5-95 %; below zero = cooler than the baseline).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax_diff) = plt.subplots(2, 1, figsize=(10, 8),
                                      height_ratios=(3, 2), constrained_layout=True)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    years = results[0].years
    keep = years >= FROM_YEAR
    _fan(ax, years[keep], results[0].gsat_k[1][:, keep], results[0].baseline, "grey")
    diff_keep = years >= BASE_YEAR
    for i, r in enumerate(results):
        color = colors[i % len(colors)]
        _fan(ax, years[keep], r.gsat_k[0][:, keep], r.scenario, color)
        p = fan_percentiles(r.gsat_k[0] - r.gsat_k[1], axis=0)[:, diff_keep]
        ax_diff.fill_between(years[diff_keep], p[0], p[4], color=color, alpha=0.2, lw=0)
        ax_diff.plot(years[diff_keep], p[2], color=color, lw=2, label=r.scenario)
    _thresholds(ax)
    ax.set_title("Warming by scenario (median, 17-83 % and 5-95 %)")
    handles, labels = ax.get_legend_handles_labels()
    medians = [(h, lab.removesuffix(" median")) for h, lab in zip(handles, labels, strict=True)
               if lab.endswith(" median")]
    ax.legend([h for h, _ in medians], [lab for _, lab in medians], fontsize=8,
              loc="upper left")
    ax_diff.axhline(0.0, color="black", lw=0.8)
    ax_diff.set_ylabel(f"minus {results[0].baseline} (°C)")
    ax_diff.set_title("Difference from the baseline, member by member (median and 5-95 %)",
                      fontsize=10)
    ax_diff.legend(fontsize=8, loc="lower left")
    return fig


def save_figure(fig: Figure, path: Path) -> None:
    """Write ``fig`` to ``path`` (format from the suffix) atomically."""
    import matplotlib.pyplot as plt

    try:
        write_atomic(path, lambda tmp: fig.savefig(tmp, dpi=110))
    finally:
        plt.close(fig)
