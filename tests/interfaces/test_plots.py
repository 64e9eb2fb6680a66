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
