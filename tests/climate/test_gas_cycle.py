"""Gas cycle parts against the equations they implement (Leach et al. 2021; Newman 2007)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from accord.climate.gas_cycle import (
    box_step,
    ch4_log_term,
    ch4_log_terms,
    eesc_weights,
    iirf_alpha,
)

finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(box=st.floats(0, 1e4), emission=st.floats(-50, 500), alpha=st.floats(0.05, 5),
       lifetime=st.floats(1, 1000), fraction=st.floats(0, 1))
def test_box_step_is_the_exact_solution_for_a_constant_flux(box, emission, alpha, lifetime,
                                                            fraction):
    """dB/dt = f E - B / (alpha tau) over one year, integrated numerically, is box_step."""
    rate = 1.0 / (alpha * lifetime)
    numeric = solve_ivp(lambda t, b: fraction * emission - rate * b, (0.0, 1.0), [box],
                        rtol=1e-11, atol=1e-9).y[0, -1]
    got = box_step(box, emission, alpha, lifetime, fraction, 1.0)
    assert got == pytest.approx(numeric, rel=1e-7, abs=1e-6)


def test_box_step_without_emissions_decays_by_exp_minus_one_over_tau():
    assert box_step(100.0, 0.0, 1.0, 4.0, 1.0, 1.0) == pytest.approx(100 * math.exp(-0.25))


def test_iirf_alpha_follows_the_formula_below_the_cap():
    # iirf = 29 + 0.01 (500 - 200) + 4 * 1.2 + 0.004 * 200 = 37.6 yr; alpha = g0 exp(iirf/g1)
    got = iirf_alpha(29.0, 0.01, 4.0, 0.004, 500.0, 200.0, 1.2, 0.01, 11.0, 100.0)
    assert got == pytest.approx(0.01 * math.exp(37.6 / 11.0), rel=1e-14)


def test_iirf_alpha_is_capped_and_overflow_gives_one():
    capped = iirf_alpha(29.0, 1.0, 0.0, 0.0, 1e4, 0.0, 0.0, 0.01, 11.0, 100.0)
    assert capped == pytest.approx(0.01 * math.exp(100.0 / 11.0), rel=1e-14)
    # FaIR's masked cap gives iirf = 0 at exact equality
    assert iirf_alpha(100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 11.0, 100.0) == 0.01
    assert iirf_alpha(50.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1e-300, 100.0) == 1.0


def test_ch4_log_term_is_floored():
    floor = math.log(0.01)
    assert ch4_log_term(10.0, 0.01, floor) == pytest.approx(math.log(1.1))
    assert ch4_log_term(-200.0, 0.01, floor) == floor  # 1 + x s < 0: the floor
    assert ch4_log_term(-99.5, 0.01, floor) == floor  # log(0.005) < log(0.01)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-500, 500), st.floats(-0.01, 0.01)), min_size=1,
                max_size=6))
def test_vectorised_log_terms_sum_the_scalar_ones(pairs):
    anomaly = np.array([a for a, _ in pairs])
    sensitivity = np.array([s for _, s in pairs])
    floor = math.log(0.01)
    expected = sum(ch4_log_term(a, s, floor) for a, s in pairs)
    assert ch4_log_terms(anomaly, sensitivity, floor) == pytest.approx(expected, abs=1e-12)


def test_eesc_weights_of_cfc11_and_halon1211():
    # CFC-11: 3 Cl, release 0.47 -> 3 * 0.47 = 1.41 ppt EESC per ppt;
    # Halon-1211: 1 Cl + 1 Br, release 0.62 -> 0.62 + 45 * 0.62 = 28.52 per ppt;
    # a gas without halogens (NaN atoms) counts zero
    w = eesc_weights(np.array([3.0, 1.0, np.nan]), np.array([0.0, 1.0, np.nan]),
                     np.array([0.47, 0.62, np.nan]), 0.47)
    np.testing.assert_allclose(w, [1.41, 28.52, 0.0], rtol=1e-14)
