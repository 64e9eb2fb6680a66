"""Metrics, budgets and Shapley attribution on hand calculations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.assessment.attribution import shapley
from accord.assessment.budgets import budget_gt, crossing_cumulative
from accord.assessment.metrics import crossing_year, peak_k, peak_year, percentiles
from accord.assessment.verdict import assess, avoided

YEARS = np.arange(2000, 2101)


def test_peak_ignores_years_before_2000():
    years = np.arange(1990, 2011)
    t = np.zeros((1, years.size))
    t[0, 0] = 9.0  # 1990: outside the window
    t[0, -1] = 1.0
    assert peak_k(t, years).tolist() == [1.0]
    assert peak_year(t, years).tolist() == [2010]


def test_crossing_year_of_the_median():
    # members reach 1.5 in 2030, 2040, never: the median crosses with the middle one
    t = np.stack([np.where(YEARS >= y, 1.6, 1.0) for y in (2030, 2040, 2200)])
    assert crossing_year(t, YEARS, 1.5) == 2040
    assert crossing_year(t, YEARS, 3.0) is None


def test_budget_interpolates_and_reports_unreached():
    cum = np.arange(YEARS.size) * 40.0  # 40 Gt CO2 a year from 2000
    # member warming rises 0.01 K/yr from 1.0: crosses 1.5 after 50 years = 2000 Gt
    t = np.stack([1.0 + 0.01 * np.arange(YEARS.size), np.full(YEARS.size, 1.2)])
    crossings = crossing_cumulative(t, cum, 1.5)
    assert crossings[0] == pytest.approx(2000.0)
    assert np.isinf(crossings[1])
    assert budget_gt(crossings, 0.5) == pytest.approx(2000.0)  # half the members crossed by 2000 Gt
    assert budget_gt(crossings, 0.2) is None  # 80 % quantile is the never-crossing member


def test_percentile_names():
    p = percentiles(np.arange(101.0))
    assert p == {"p05": 5.0, "p17": 17.0, "p33": 33.0, "p50": 50.0, "p67": 67.0,
                 "p83": 83.0, "p95": 95.0}


def test_avoided_warming_member_by_member():
    base = np.stack([np.linspace(1.0, 2.5, YEARS.size)] * 3)
    cut = base - np.array([[0.1], [0.2], [0.3]]) * (YEARS >= 2050)
    vb, vs = assess("base", base, YEARS), assess("deal", cut, YEARS)
    a = avoided(vs, cut, vb, base, YEARS)
    assert a.avoided_warming_2100_k["p50"] == pytest.approx(0.2)
    assert a.avoided_warming_peak_k["p05"] == pytest.approx(0.11)  # 0.1 + 0.1 * 0.1
    assert a.baseline == "base"


def test_shapley_two_players_by_hand():
    # v(a)=1, v(b)=2, v(ab)=4: phi_a = (1 + (4-2))/2 = 1.5, phi_b = (2 + (4-1))/2 = 2.5
    v = {frozenset(): 0.0, frozenset("a"): 1.0, frozenset("b"): 2.0, frozenset("ab"): 4.0}
    phi = shapley(["a", "b"], lambda s: np.array([v[frozenset(s)]]))
    assert float(phi["a"][0]) == pytest.approx(1.5)
    assert float(phi["b"][0]) == pytest.approx(2.5)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 5), seed=st.integers(0, 10_000))
def test_shapley_parts_sum_to_the_whole_and_null_players_get_zero(n, seed):
    rng = np.random.default_rng(seed)
    names = [f"g{i}" for i in range(n)] + ["idle"]
    weights = rng.normal(size=(n, 3))
    cross = rng.normal(size=3)

    def evaluate(s):
        x = np.array([f"g{i}" in s for i in range(n)], dtype=float)
        return x @ weights + cross * np.prod(x) ** 2  # non-linear; 'idle' has no effect

    phi = shapley(names, evaluate)
    total = evaluate(frozenset(names)) - evaluate(frozenset())
    np.testing.assert_allclose(sum(phi.values()), total, atol=1e-12)
    np.testing.assert_allclose(phi["idle"], 0.0, atol=1e-12)


def test_assess_needs_2020_to_2100():
    with pytest.raises(ValueError, match="2020-2100"):
        assess("x", np.zeros((2, 30)), np.arange(2030, 2060))


@settings(max_examples=60, deadline=None)
@given(members=st.integers(1, 60), years=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
def test_fan_percentiles_equal_numpys_linear_percentiles(members, years, seed):
    from accord.assessment.metrics import FAN_PERCENTILES, fan_percentiles

    x = np.random.default_rng(seed).normal(size=(2, members, years))
    np.testing.assert_allclose(fan_percentiles(x, axis=1),
                               np.percentile(x, FAN_PERCENTILES, axis=1), rtol=0, atol=1e-12)

