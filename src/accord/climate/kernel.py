"""The compiled time loop: the state-dependent part of the model.

Everything that depends on the evolving state of each member (the CO2 and CH4
cycles with their temperature feedbacks, CO2/CH4/N2O forcing with their band
overlaps, the CH4-dependent ozone, aerosol and stratospheric-water terms, the
ozone temperature feedback, and the energy balance) is integrated here, one
member and scenario per parallel task. Everything that does not (halogen and
N2O concentrations, EESC, forcing linear in emissions) is computed before the
loop by :mod:`accord.climate.engine`; no method choice happens inside it.

Array layout: ``(scenario, member, bound)`` for per-member series,
``(scenario, bound)`` for member-independent ones. Bound ``b`` is the time
bound ``start + b``; step ``b`` integrates emissions of year ``start + b``
from bound ``b`` to ``b + 1``.
"""

from __future__ import annotations

import os

import numba
import numpy as np
from numba import njit, prange

from accord.climate.energy_balance import ebm_step, toa_imbalance_w_m2
from accord.climate.forcing import ch4_erf, co2_erf, n2o_erf
from accord.climate.gas_cycle import box_step, ch4_log_term, iirf_alpha
from accord.climate.records import (
    AerosolRadiation,
    CarbonCycle,
    Drivers,
    EnergyBalance,
    GreenhouseForcing,
    KernelState,
    Methane,
    Ozone,
)

__all__ = ["KERNEL_OUTPUTS", "integrate"]

# numba's OpenMP layer keeps its threads spinning after each parallel loop, which on
# a small machine takes the core the Python side of a run needs next (measured on
# 2 cores: a warm-started run 26 -> 21 ms median, and half the CPU time). The simple
# workqueue layer suffices: runs are serialised by ``engine.KERNEL_LOCK`` and never
# nested. A user's own NUMBA_THREADING_LAYER is respected.
if "NUMBA_THREADING_LAYER" not in os.environ:
    numba.config.THREADING_LAYER = "workqueue"  # type: ignore[attr-defined]

#: per-member series the kernel writes, (scenario, member, bound) each
KERNEL_OUTPUTS = ("co2_ppm", "ch4_ppb", "erf_co2", "erf_ch4", "erf_n2o")


@njit(parallel=True, cache=True, error_model="numpy")
def integrate(
    drivers: Drivers,
    carbon: CarbonCycle,
    methane: Methane,
    ghg: GreenhouseForcing,
    ozone: Ozone,
    ari: AerosolRadiation,
    ebm: EnergyBalance,
    state: KernelState,
    out_surface: np.ndarray,
    out_ohc: np.ndarray,
    out_series: np.ndarray,
) -> None:
    """Integrate every (scenario, member) from bound 0 to the last bound.

    Parameters
    ----------
    drivers : Drivers
        Member-independent drivers and the state-independent forcing.
    carbon, methane, ghg, ozone, ari, ebm
        The processes' parameters (:mod:`accord.climate.records`); the kernel
        reads the state-dependent parts of ozone and aerosol-radiation forcing
        (from CH4 and, for ozone, temperature).
    state : KernelState
        Initial state, written over with the final state.
    out_surface, out_ohc : ndarray, shape (scenario, member, bound)
        Surface temperature (K) and ocean heat content (J, accumulated
        top-of-atmosphere imbalance ``F - k1 T1 + (1 - eps) k3 (T2 - T3)``).
    out_series : ndarray, shape (output, scenario, member, bound)
        :data:`KERNEL_OUTPUTS`, bound 0 included (from the initial state).
    """
    n_scen, n_steps = drivers.co2_emissions_gt.shape
    n_mem = carbon.iirf_0_yr.shape[0]
    # the state's arrays as locals: numba (0.68) drops writes made inside a parallel
    # loop to arrays reached through a tuple argument
    co2_boxes, ch4_burden, ebm_state, ohc_j = state
    for task in prange(n_scen * n_mem):
        s = task // n_mem
        m = task % n_mem
        boxes = co2_boxes[s, m].copy()
        burden = ch4_burden[s, m]
        layers = ebm_state[s, m].copy()
        new_layers = np.empty(4)
        ohc = ohc_j[s, m]
        airborne = boxes[0] + boxes[1] + boxes[2] + boxes[3]
        co2 = carbon.baseline_ppm[m] + carbon.ppm_per_gt * airborne
        ch4 = methane.baseline_ppb + methane.ppb_per_mt * burden
        ch4_w_m2_per_ppb = (ozone.ch4_w_m2_per_ppb[m] + ari.ch4_w_m2_per_ppb[m]
                            + ghg.strat_h2o_w_m2_per_ppb_ch4[m])
        out_surface[s, m, 0] = layers[1]
        out_ohc[s, m, 0] = ohc
        _record(out_series, s, m, 0, co2, ch4, drivers.n2o_ppb[s, 0], carbon, methane, ghg,
                ch4_w_m2_per_ppb)
        for b in range(n_steps):
            t1 = layers[1]
            # 1. carbon cycle: state-dependent lifetime, then the four boxes
            alpha = iirf_alpha(carbon.iirf_0_yr[m], carbon.iirf_uptake_yr_per_gt[m],
                               carbon.iirf_temperature_yr_per_k[m],
                               carbon.iirf_airborne_yr_per_gt[m],
                               drivers.co2_cumulative_gt[s, b], airborne, t1, carbon.g0,
                               carbon.g1_yr, carbon.iirf_max_yr)
            for k in range(4):
                boxes[k] = box_step(boxes[k], drivers.co2_emissions_gt[s, b], alpha,
                                    carbon.lifetime_yr[k], carbon.partition[k], 1.0)
            airborne = boxes[0] + boxes[1] + boxes[2] + boxes[3]
            # 2. methane lifetime (Thornhill 2021) from the previous bound, then burden
            log_scaling = (drivers.ch4_log_emissions[s, b]
                           + ch4_log_term(ch4 - methane.baseline_ppb,
                                          methane.chemical_sensitivity_per_ppb,
                                          methane.log_floor)
                           + drivers.ch4_log_other[s, b]
                           + np.log(max(1.0 + t1 * methane.temperature_sensitivity_per_k,
                                        methane.log_floor)))
            burden = box_step(burden, drivers.ch4_emissions_anomaly_mt[s, b],
                              np.exp(log_scaling), methane.lifetime_yr, 1.0, 1.0)
            co2 = carbon.baseline_ppm[m] + carbon.ppm_per_gt * airborne
            ch4 = methane.baseline_ppb + methane.ppb_per_mt * burden
            # 3. forcing at the new bound, with the ozone feedback of the previous bound
            f_loop = _record(out_series, s, m, b + 1, co2, ch4, drivers.n2o_ppb[s, b + 1],
                             carbon, methane, ghg, ch4_w_m2_per_ppb)
            f_loop += t1 * ozone.temperature_feedback_w_m2_k
            # 4. energy balance, and the heat taken up
            ebm_step(layers, ebm.propagator[m], ebm.forcing_vector[m],
                     f_loop + drivers.fixed_erf_w_m2[0, s, m, b + 1], drivers.noise[m, b + 1],
                     new_layers)
            for k in range(4):
                layers[k] = new_layers[k]
            ohc += ebm.joules_per_w_m2_yr * toa_imbalance_w_m2(
                f_loop + drivers.fixed_erf_w_m2[1, s, m, b + 1], layers[1], layers[2],
                layers[3], ebm.k1_w_m2_k[m], ebm.k3_w_m2_k[m], ebm.one_minus_efficacy[m])
            out_surface[s, m, b + 1] = layers[1]
            out_ohc[s, m, b + 1] = ohc
        for k in range(4):
            co2_boxes[s, m, k] = boxes[k]
            ebm_state[s, m, k] = layers[k]
        ch4_burden[s, m] = burden
        ohc_j[s, m] = ohc


@njit(cache=True, inline="always", error_model="numpy")
def _record(out: np.ndarray, s: int, m: int, b: int, co2: float, ch4: float, n2o: float,
            carbon: CarbonCycle, methane: Methane, ghg: GreenhouseForcing,
            ch4_w_m2_per_ppb: float) -> float:
    """Write concentrations and GHG forcing at bound ``b``.

    Returns the forcing of CO2, CH4, N2O and of the CH4-dependent ozone,
    aerosol-radiation and stratospheric water vapour terms (W m-2).
    """
    f_co2 = co2_erf(co2, n2o, carbon.reference_ppm) * ghg.scale[m, 0] - ghg.offset_w_m2[m, 0]
    f_ch4 = ch4_erf(ch4, n2o, methane.reference_ppb) * ghg.scale[m, 1] - ghg.offset_w_m2[m, 1]
    f_n2o = (n2o_erf(co2, ch4, n2o, ghg.n2o_reference_ppb) * ghg.scale[m, 2]
             - ghg.offset_w_m2[m, 2])
    out[0, s, m, b] = co2
    out[1, s, m, b] = ch4
    out[2, s, m, b] = f_co2
    out[3, s, m, b] = f_ch4
    out[4, s, m, b] = f_n2o
    return f_co2 + f_ch4 + f_n2o + (ch4 - methane.baseline_ppb) * ch4_w_m2_per_ppb
