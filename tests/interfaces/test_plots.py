"""Figures of accord run: what the fourth panel says with and without attribution."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.text import Text

from accord.interfaces.plots import verdict_figure
from accord.pipeline import simulate

EQUALS = "no attribution (scenario equals its baseline)"


def _texts(fig) -> str:  # type: ignore[no-untyped-def]
    fig.canvas.draw()  # tick labels exist once drawn
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def test_without_attribution_the_panel_shows_the_warming_avoided() -> None:
    result = simulate("us-ndc-2030", members=5, attribution=False)
    fig = verdict_figure(result, attribution=False)
    text = _texts(fig)
    plt.close(fig)
    assert EQUALS not in text
    assert "Warming avoided over time" in text


def test_an_asked_for_empty_attribution_says_the_scenario_equals_its_baseline() -> None:
    result = simulate("current-policies", members=5, attribution=True)
    assert result.attribution == {}
    fig = verdict_figure(result, attribution=True)
    text = _texts(fig)
    plt.close(fig)
    assert EQUALS in text


def test_with_attribution_the_panel_names_the_players() -> None:
    result = simulate("sunnylands-2023", members=5, attribution=True)
    fig = verdict_figure(result, attribution=True)
    text = _texts(fig)
    plt.close(fig)
    assert "regions: China" in text and EQUALS not in text


def test_comparison_draws_the_difference_from_the_baseline_in_its_own_panel() -> None:
    import numpy as np

    from accord.assessment.metrics import fan_percentiles
    from accord.interfaces.plots import comparison_figure

    results = [simulate(p, members=5, attribution=False)
               for p in ("us-ndc-2030", "china-ndc-2035", "eu-ndc-2030")]
    fig = comparison_figure(results)
    top, diff = fig.axes
    # one legend entry per run (baseline + three scenarios), not one per band
    assert [t.get_text() for t in top.get_legend().get_texts()] == [
        "current-policies", "us-ndc-2030", "china-ndc-2035", "eu-ndc-2030"]
    assert [t.get_text() for t in diff.get_legend().get_texts()] == [
        "us-ndc-2030", "china-ndc-2035", "eu-ndc-2030"]
    # the plotted median is the member-by-member difference's median
    r = results[0]
    line = next(ln for ln in diff.get_lines() if ln.get_label() == "us-ndc-2030")
    expected = fan_percentiles(r.gsat_k[0] - r.gsat_k[1], axis=0)[2][r.years >= 2024]
    np.testing.assert_allclose(line.get_ydata(), expected)
    assert float(np.asarray(line.get_ydata())[-1]) < 0  # the NDC is cooler than the baseline
    plt.close(fig)
