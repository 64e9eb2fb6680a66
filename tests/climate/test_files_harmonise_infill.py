"""Harmonisation (aneris' default tree) and infilling (closest SSP) of native submissions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.climate.files.harmonise import HARMONISATION_YEAR, choose_method, harmonise
from accord.climate.files.infill import LEAD_SPECIES, closest_ssp
from accord.data import ssp_emissions

YEARS = np.arange(HARMONISATION_YEAR, 2101)
RISING = np.linspace(1.0, 10.0, 50)  # steady growth: coefficient of variation 0


@pytest.mark.parametrize(("history", "model", "method"), [
    # each branch of aneris 0.4.2 methods.default_method_choice, in its order
    (np.r_[RISING, 0.0], np.full(YEARS.size, 3.0), "hist_zero"),
    (RISING, np.zeros(YEARS.size), "model_zero"),
    (RISING, np.r_[0.0, -np.ones(YEARS.size - 1)], "reduce_offset_2080"),
    (RISING, np.r_[0.0, np.ones(YEARS.size - 1)], "constant_offset"),
    (np.r_[np.tile([1.0, 5.0], 25), 3.0], np.full(YEARS.size, 3.0), "reduce_offset_2150_cov"),
    (RISING, np.full(YEARS.size, 8.0), "reduce_ratio_2080"),          # dH = 0.2
    (RISING, np.r_[30.0, -np.ones(YEARS.size - 1)], "reduce_ratio_2100"),  # dH = 2, < 0
    (RISING, np.full(YEARS.size, 30.0), "constant_ratio"),            # dH = 2
])
def test_decision_tree_branches(history: np.ndarray, model: np.ndarray, method: str) -> None:
    assert choose_method(history, model) == method


@settings(max_examples=60, deadline=None)
@given(h=st.floats(0.1, 1e3), m=st.floats(0.1, 1e3), growth=st.floats(-0.02, 0.02))
def test_harmonised_path_starts_at_history_and_returns_to_the_model(
        h: float, m: float, growth: float) -> None:
    history = np.linspace(h / 2, h, 40)
    model = m * (1 + growth) ** (YEARS - HARMONISATION_YEAR)
    values, method = harmonise(history, model, YEARS)
    assert values[0] == pytest.approx(h, rel=1e-12)
    if method.startswith("reduce_"):
        final = int(method.split("_")[2])
        after = YEARS >= final
        np.testing.assert_allclose(values[after], model[after], rtol=1e-12)
    elif method == "constant_ratio":
        np.testing.assert_allclose(values / model, h / m, rtol=1e-12)


def test_reduce_ratio_halfway_by_hand() -> None:
    # h = 8, m = 10: ratio 0.8, dH 0.2; in 2052, 29 of the 57 years from 2023 to 2080:
    # f = 1 - 29/57, value = 10 * (1 + (0.8 - 1) * f)
    values, method = harmonise(np.r_[RISING[:-1], 8.0], np.full(YEARS.size, 10.0), YEARS)
    assert method == "reduce_ratio_2080"
    f = 1 - 29 / 57
    assert values[2052 - HARMONISATION_YEAR] == pytest.approx(10 * (1 - 0.2 * f), rel=1e-12)


@pytest.mark.parametrize("name", [str(s) for s in ssp_emissions().scenarios])
def test_closest_ssp_of_an_ssp_is_itself(name: str) -> None:
    ssp = ssp_emissions()
    j = [str(s) for s in ssp.species].index(LEAD_SPECIES)
    lead = ssp.scenario(name)[2024 - 1750:, j]
    got, rms = closest_ssp(lead, 2024)
    assert (got, rms) == (name, 0.0)
