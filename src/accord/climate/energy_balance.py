"""Three-layer energy balance model (Held et al. 2010; Cummins et al. 2020).

The state vector is ``(F_s, T1, T2, T3)``: a forcing felt by the surface layer
that relaxes to the imposed forcing at rate ``gamma`` (and carries the
stochastic forcing when internal variability is on), and the temperatures of
the three layers. With the continuous system ``dx/dt = A x + b F``, one step
of length dt is exact for forcing held constant over the step:
``x' = exp(A dt) x + A^-1 (exp(A dt) - I) b F + noise``.

Internal variability is the calibrated stochastic forcing (``sigma_eta``) and
stochastic heat uptake (``sigma_xi``), discretised exactly (van Loan 1978) into
a per-step covariance; draws come from ``scipy.stats.multivariate_normal`` with
one seed per member.
"""

from __future__ import annotations

import warnings

import numpy as np
from numba import njit

__all__ = [
    "continuous_matrix",
    "discrete_system",
    "ebm_step",
    "noise_draws",
    "toa_imbalance_w_m2",
]

#: Earth radius (m) and tropical year (s), as in FaIR
EARTH_RADIUS_M = 6371000.0
SECONDS_PER_YEAR = 60 * 60 * 24 * 365.24219
#: J per (W m-2 yr) over the globe
JOULES_PER_W_M2_YR = EARTH_RADIUS_M**2 * 4 * np.pi * SECONDS_PER_YEAR


def continuous_matrix(
    heat_capacity: np.ndarray,
    heat_transfer: np.ndarray,
    deep_ocean_efficacy: np.ndarray,
    gamma: np.ndarray,
    timestep_yr: float = 1.0,
) -> np.ndarray:
    """The system matrix A of ``dx/dt = A x + b F``, per member.

    Parameters
    ----------
    heat_capacity : ndarray, shape (member, 3)
        W yr m-2 K-1 per layer.
    heat_transfer : ndarray, shape (member, 3)
        W m-2 K-1: climate feedback (first) and the two layer couplings.
    deep_ocean_efficacy : ndarray, shape (member,)
    gamma : ndarray, shape (member,)
        Forcing autocorrelation rate (yr-1).
    timestep_yr : float

    Returns
    -------
    ndarray, shape (member, 4, 4)
    """
    c = heat_capacity / timestep_yr
    k = heat_transfer
    eps = deep_ocean_efficacy
    n = c.shape[0]
    a = np.zeros((n, 4, 4))
    a[:, 0, 0] = -gamma
    a[:, 1, 0] = 1.0 / c[:, 0]
    a[:, 1, 1] = -(k[:, 0] + k[:, 1]) / c[:, 0]
    a[:, 1, 2] = k[:, 1] / c[:, 0]
    a[:, 2, 1] = k[:, 1] / c[:, 1]
    a[:, 2, 2] = -(k[:, 1] + eps * k[:, 2]) / c[:, 1]
    a[:, 2, 3] = eps * k[:, 2] / c[:, 1]
    a[:, 3, 2] = k[:, 2] / c[:, 2]
    a[:, 3, 3] = -k[:, 2] / c[:, 2]
    return a


def discrete_system(a: np.ndarray, gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact one-step propagator and forcing vector.

    Parameters
    ----------
    a : ndarray, shape (member, 4, 4)
        From :func:`continuous_matrix`.
    gamma : ndarray, shape (member,)

    Returns
    -------
    propagator : ndarray, shape (member, 4, 4)
        ``exp(A)``.
    forcing_vector : ndarray, shape (member, 4)
        ``A^-1 (exp(A) - I) b`` with ``b = (gamma, 0, 0, 0)``.
    """
    import scipy.linalg  # a process that loads the cached discretisation never needs it

    propagator = scipy.linalg.expm(a)
    b = np.zeros(a.shape[:2])
    b[:, 0] = gamma
    rhs = np.einsum("mij,mj->mi", propagator - np.eye(4), b)
    forcing_vector = np.linalg.solve(a, rhs[..., None])[..., 0]
    return propagator, forcing_vector


def noise_covariance(a: np.ndarray, sigma_eta: float, sigma_xi: float,
                     heat_capacity_1: float) -> np.ndarray:
    """Covariance of the discretised stochastic terms over one step (4, 4)."""
    import scipy.sparse.linalg  # only runs with internal variability need it

    q = np.zeros((4, 4))
    q[0, 0] = sigma_eta**2
    q[1, 1] = (sigma_xi / heat_capacity_1) ** 2
    h = np.zeros((8, 8))
    h[:4, :4] = -a
    h[:4, 4:] = q
    h[4:, 4:] = a.T
    g = scipy.sparse.linalg.expm(h)  # FaIR's choice of algorithm: the same draws
    return np.asarray(g[4:, 4:].T @ g[:4, 4:], dtype=np.float64)


def noise_draws(
    a: np.ndarray,
    sigma_eta: np.ndarray,
    sigma_xi: np.ndarray,
    heat_capacity_1: np.ndarray,
    seeds: np.ndarray,
    n_bounds: int,
) -> np.ndarray:
    """Seeded internal-variability draws on time bounds from 1750.

    Row ``i`` is added when stepping to time bound ``1750 + i``. A longer
    ``n_bounds`` extends the series without changing earlier rows.

    Returns
    -------
    ndarray, shape (member, n_bounds, 4)
    """
    import scipy.stats  # only runs with internal variability need it

    out = np.empty((a.shape[0], n_bounds, 4))
    with warnings.catch_warnings():
        # the covariance is singular (two of its four components carry no noise)
        warnings.simplefilter("ignore", RuntimeWarning)
        for m in range(a.shape[0]):
            cov = noise_covariance(a[m], float(sigma_eta[m]), float(sigma_xi[m]),
                                   float(heat_capacity_1[m]))
            out[m] = scipy.stats.multivariate_normal.rvs(
                size=n_bounds, mean=np.zeros(4), cov=cov, random_state=int(seeds[m]))
    return out


@njit(cache=True, inline="always", error_model="numpy")
def ebm_step(state: np.ndarray, propagator: np.ndarray, forcing_vector: np.ndarray,
             forcing_w_m2: float, noise: np.ndarray, out: np.ndarray) -> None:
    """One exact step: ``out = propagator @ state + forcing_vector * F + noise``.

    ``state``, ``forcing_vector``, ``noise`` and ``out`` have shape (4,);
    ``propagator`` (4, 4). ``out`` must not alias ``state``.
    """
    for i in range(4):
        acc = 0.0
        for j in range(4):
            acc += propagator[i, j] * state[j]
        out[i] = acc + forcing_vector[i] * forcing_w_m2 + noise[i]


@njit(cache=True, inline="always", error_model="numpy")
def toa_imbalance_w_m2(forcing_w_m2: float, t1: float, t2: float, t3: float, k1: float,
                       k3: float, one_minus_efficacy: float) -> float:
    """Top-of-atmosphere imbalance ``F - k1 T1 + (1 - eps) k3 (T2 - T3)`` (W m-2)."""
    return forcing_w_m2 - k1 * t1 + one_minus_efficacy * k3 * (t2 - t3)
