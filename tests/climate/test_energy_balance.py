"""The three-layer energy balance against its differential equations and equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from accord.climate.energy_balance import (
    continuous_matrix,
    discrete_system,
    ebm_step,
    noise_draws,
    toa_imbalance_w_m2,
)
from accord.climate.parameters import load_calibration


@pytest.fixture(scope="module")
def members():
    cal = load_calibration(members=5)
    c = cal.climate
    a = continuous_matrix(c["ocean_heat_capacity"], c["ocean_heat_transfer"],
                          c["deep_ocean_efficacy"], c["gamma_autocorrelation"])
    return c, a, *discrete_system(a, c["gamma_autocorrelation"])


def test_the_system_matrix_is_the_three_layer_model():
    # C1 dT1/dt = F - k1 T1 - k2 (T1 - T2); C2 dT2/dt = k2 (T1 - T2) - eps k3 (T2 - T3);
    # C3 dT3/dt = k3 (T2 - T3); dF/dt = gamma (F_imposed - F)
    c, k, eps, g = [8.0, 20.0, 100.0], [1.2, 2.5, 0.6], 1.3, 2.0
    a = continuous_matrix(np.array([c]), np.array([k]), np.array([eps]), np.array([g]))[0]
    expected = np.array([
        [-g, 0, 0, 0],
        [1 / c[0], -(k[0] + k[1]) / c[0], k[1] / c[0], 0],
        [0, k[1] / c[1], -(k[1] + eps * k[2]) / c[1], eps * k[2] / c[1]],
        [0, 0, k[2] / c[2], -k[2] / c[2]]])
    np.testing.assert_allclose(a, expected, rtol=1e-15)


def test_one_step_equals_integrating_the_equations(members):
    _, a, propagator, forcing_vector = members
    state0, forcing = np.array([0.3, 0.5, 0.2, 0.1]), 2.7
    for m in range(a.shape[0]):
        b = np.zeros(4)
        b[0] = -a[m, 0, 0]  # gamma
        numeric = solve_ivp(lambda t, x, m=m, b=b: a[m] @ x + b * forcing, (0.0, 1.0), state0,
                            rtol=1e-12, atol=1e-14).y[:, -1]
        out = np.empty(4)
        ebm_step(state0, propagator[m], forcing_vector[m], forcing, np.zeros(4), out)
        np.testing.assert_allclose(out, numeric, rtol=1e-8, atol=1e-12)


def test_constant_forcing_settles_at_f_over_lambda_with_a_closed_budget(members):
    """Equilibrium: every layer at F / k1 and no top-of-atmosphere imbalance."""
    c, _, propagator, forcing_vector = members
    forcing = 3.93  # roughly 2xCO2
    k = c["ocean_heat_transfer"]
    for m in range(propagator.shape[0]):
        fixed = np.linalg.solve(np.eye(4) - propagator[m], forcing_vector[m] * forcing)
        np.testing.assert_allclose(fixed[1:], forcing / k[m, 0], rtol=1e-9)
        assert fixed[0] == pytest.approx(forcing, rel=1e-12)
        imbalance = toa_imbalance_w_m2(forcing, *fixed[1:], k[m, 0], k[m, 2],
                                       1 - c["deep_ocean_efficacy"][m])
        assert imbalance == pytest.approx(0.0, abs=1e-9)


def test_toa_imbalance_formula():
    # F - k1 T1 + (1 - eps) k3 (T2 - T3) = 2 - 1.2 * 1 + (1 - 1.3) * 0.6 * (0.5 - 0.2)
    assert toa_imbalance_w_m2(2.0, 1.0, 0.5, 0.2, 1.2, 0.6, -0.3) == pytest.approx(0.746)


def test_noise_draws_are_seeded_and_a_longer_series_keeps_its_start(members):
    c, a, *_ = members
    args = (a[:2], c["sigma_eta"][:2], c["sigma_xi"][:2], c["ocean_heat_capacity"][:2, 0],
            np.array([11, 12]))
    short, long = noise_draws(*args, n_bounds=10), noise_draws(*args, n_bounds=30)
    np.testing.assert_array_equal(short, long[:, :10])
    np.testing.assert_array_equal(short, noise_draws(*args, n_bounds=10))
    assert not np.array_equal(short[0], short[1])
