"""Effective radiative forcing from concentrations and emissions.

CO2, CH4 and N2O follow Meinshausen et al. (2020, GMD 13, 3571), their
band-overlap terms included; the other greenhouse gases are linear in
concentration. Aerosol-radiation forcing is linear in precursor emissions (and
CH4/N2O concentrations); aerosol-cloud forcing is logarithmic in sulfur, BC and
OC emissions (Smith et al. 2021); ozone follows Thornhill et al. (2021),
stratospheric water vapour scales with CH4, light-absorbing particles on snow
with BC emissions and land use with cumulative land-use CO2 (Smith et al. 2024).

The scalar functions are compiled for the kernel's time loop; the vectorised
ones compute member-dependent but state-independent terms before the loop.
All forcing in W m-2.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = [
    "aerosol_cloud_erf",
    "ch4_erf",
    "co2_erf",
    "linear_erf",
    "n2o_erf",
]

# Meinshausen et al. (2020), Table 3 (as in FaIR 2)
A1, B1, C1, D1 = -2.4785e-07, 0.00075906, -0.0021492, 5.2488
A2, B2, C2, D2 = -0.00034197, 0.00025455, -0.00024357, 0.12173
A3, B3, D3 = -8.9603e-05, -0.00012462, 0.045194


@njit(cache=True, inline="always", error_model="numpy")
def co2_erf(co2_ppm: float, n2o_ppb: float, co2_ref_ppm: float) -> float:
    """CO2 forcing relative to ``co2_ref_ppm`` before scaling (W m-2)."""
    ca_max = co2_ref_ppm - B1 / (2.0 * A1)
    if co2_ppm <= co2_ref_ppm:
        alpha_p = D1
    elif co2_ppm <= ca_max:
        dc = co2_ppm - co2_ref_ppm
        alpha_p = D1 + A1 * dc * dc + B1 * dc
    else:
        alpha_p = D1 - B1 * B1 / (4.0 * A1)
    return (alpha_p + C1 * math.sqrt(n2o_ppb)) * math.log(co2_ppm / co2_ref_ppm)


@njit(cache=True, inline="always", error_model="numpy")
def ch4_erf(ch4_ppb: float, n2o_ppb: float, ch4_ref_ppb: float) -> float:
    """CH4 forcing relative to ``ch4_ref_ppb`` before scaling (W m-2)."""
    return ((A3 * math.sqrt(ch4_ppb) + B3 * math.sqrt(n2o_ppb) + D3)
            * (math.sqrt(ch4_ppb) - math.sqrt(ch4_ref_ppb)))


@njit(cache=True, inline="always", error_model="numpy")
def n2o_erf(co2_ppm: float, ch4_ppb: float, n2o_ppb: float, n2o_ref_ppb: float) -> float:
    """N2O forcing relative to ``n2o_ref_ppb`` before scaling (W m-2)."""
    return ((A2 * math.sqrt(co2_ppm) + B2 * math.sqrt(n2o_ppb) + C2 * math.sqrt(ch4_ppb) + D2)
            * (math.sqrt(n2o_ppb) - math.sqrt(n2o_ref_ppb)))


def linear_erf(drivers: np.ndarray, efficiency: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Forcing linear in its drivers, summed over them: ``efficiency @ drivers.T``.

    Parameters
    ----------
    drivers : ndarray, shape (time, driver)
        Driver minus its pre-industrial value (emissions, concentrations or
        cumulative emissions).
    efficiency : ndarray, shape (member, driver)
        W m-2 per driver unit, already multiplied by the forcing scale. Drivers
        with no efficiency in any member are skipped.
    out : ndarray, shape (member, time)
        Written with the forcing.

    Returns
    -------
    ndarray, shape (member, time)
        ``out``.
    """
    cols = np.flatnonzero(np.any(efficiency != 0, axis=0))
    return np.matmul(efficiency[:, cols], drivers[:, cols].T, out=out)


def aerosol_cloud_erf(
    emissions: np.ndarray,
    baseline_emissions: np.ndarray,
    shape: np.ndarray,
    scale: np.ndarray,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Aerosol-cloud forcing, logarithmic in aerosol emissions.

    ``ERFaci = scale * (log(1 + sum shape_i E_i) - log(1 + sum shape_i E0_i))``.

    Parameters
    ----------
    emissions : ndarray, shape (time, precursor)
        Sulfur (Mt SO2/yr), BC and OC (Mt/yr).
    baseline_emissions : ndarray, shape (precursor,)
    shape : ndarray, shape (member, precursor)
        Sensitivity per unit emission (yr Mt-1).
    scale : ndarray, shape (member,)
        W m-2, times the forcing scale of the agent.
    out : ndarray, shape (member, time), optional

    Returns
    -------
    ndarray, shape (member, time)
    """
    out = np.matmul(shape, emissions.T, out=out)
    out += 1.0
    np.log(out, out=out)
    out -= np.log(1.0 + shape @ baseline_emissions)[:, None]
    out *= scale[:, None]
    return out
