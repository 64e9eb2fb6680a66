"""Gas cycle: emissions to concentrations (Leach et al. 2021, FaIR 2).

Each greenhouse gas is a sum of atmospheric boxes with lifetimes scaled by a
state-dependent factor alpha. For CO2, alpha follows from the 100-year
time-integrated impulse response (iIRF100), which rises with cumulative uptake,
airborne burden and temperature (Millar et al. 2017). For CH4 the lifetime
follows Thornhill et al. (2021): log-linear in precursor emissions, in the
concentrations of CH4, N2O and EESC, and in temperature. All functions here are
scalar and compiled; the kernel calls them in its time loop and the
member-independent precomputation calls them over species.

Units: emissions in the calibration's units per year (Gt CO2, Mt CH4, ...),
burdens in the same mass units, concentrations in ppm/ppb/ppt.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = [
    "box_step",
    "ch4_log_term",
    "ch4_log_terms",
    "eesc_weights",
    "iirf_alpha",
]


@njit(cache=True, inline="always", error_model="numpy")
def iirf_alpha(
    iirf_0: float,
    iirf_uptake: float,
    iirf_temperature: float,
    iirf_airborne: float,
    cumulative: float,
    airborne: float,
    temperature_k: float,
    g0: float,
    g1: float,
    iirf_max: float,
) -> float:
    """Lifetime scaling alpha from the state-dependent iIRF100.

    ``iirf = iirf_0 + iirf_uptake * (cumulative - airborne)
    + iirf_temperature * T + iirf_airborne * airborne``, capped at
    ``iirf_max`` (yr), and ``alpha = g0 * exp(iirf / g1)``. Where the exponent
    overflows (very long-lived gases) alpha is 1, as in FaIR.
    """
    iirf = (iirf_0 + iirf_uptake * (cumulative - airborne)
            + iirf_temperature * temperature_k + iirf_airborne * airborne)
    if iirf > iirf_max:
        iirf = iirf_max
    elif iirf == iirf_max:  # FaIR's masked cap gives 0 at exact equality
        iirf = 0.0
    alpha = g0 * math.exp(iirf / g1)
    if math.isnan(alpha) or math.isinf(alpha):
        return 1.0
    return alpha


@njit(cache=True, inline="always", error_model="numpy")
def box_step(
    box: float,
    emissions_anomaly: float,
    alpha: float,
    lifetime_yr: float,
    partition_fraction: float,
    timestep_yr: float,
) -> float:
    """Advance one atmospheric box by one time step (exact for constant flux).

    ``box' = f * E * tau_eff (1 - exp(-dt / tau_eff)) + box * exp(-dt / tau_eff)``
    with ``tau_eff = alpha * lifetime``; ``E`` is the emission above the
    pre-industrial baseline.
    """
    decay_rate = timestep_yr / (alpha * lifetime_yr)
    decay_factor = math.exp(-decay_rate)
    return (partition_fraction * emissions_anomaly / decay_rate * (1.0 - decay_factor)
            * timestep_yr + box * decay_factor)


@njit(cache=True, inline="always", error_model="numpy")
def ch4_log_term(anomaly: float, sensitivity: float, log_floor: float) -> float:
    """One term of the Thornhill (2021) log methane-lifetime scaling.

    ``max(log(1 + anomaly * sensitivity), log_floor)``.
    """
    value = 1.0 + anomaly * sensitivity
    if value <= 0.0:
        return log_floor
    return max(math.log(value), log_floor)


def ch4_log_terms(anomaly: np.ndarray, sensitivity: np.ndarray, floor: float) -> np.ndarray:
    """Vectorised :func:`ch4_log_term`, summed over the last axis (the drivers)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(np.fmax(np.log(1.0 + anomaly * sensitivity), floor), axis=-1)


def eesc_weights(
    cl_atoms: np.ndarray,
    br_atoms: np.ndarray,
    fractional_release: np.ndarray,
    cfc11_fractional_release: float,
    br_cl_ratio: float = 45.0,
) -> np.ndarray:
    """EESC per unit concentration of each halogen (Newman et al. 2007, as in FaIR).

    ``EESC = sum_i c_i * w_i`` with ``w_i = fr_CFC11 * (n_Cl,i * fr_i / fr_CFC11
    + br_cl_ratio * n_Br,i * fr_i / fr_CFC11)``.

    Parameters
    ----------
    cl_atoms, br_atoms, fractional_release : ndarray, shape (halogen,)
        Chlorine and bromine atoms per molecule and stratospheric fractional
        release; NaN or zero for gases that deplete no ozone.
    cfc11_fractional_release : float
        Fractional release of CFC-11, the normalising species.
    br_cl_ratio : float
        Bromine's ozone-depletion efficiency relative to chlorine.

    Returns
    -------
    ndarray, shape (halogen,)
        ppt EESC per ppt of each gas.
    """
    weight = (cl_atoms * fractional_release / cfc11_fractional_release
              + br_cl_ratio * br_atoms * fractional_release / cfc11_fractional_release)
    return np.nan_to_num(weight * cfc11_fractional_release)
