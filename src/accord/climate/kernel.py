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
    # member-independent drivers, (scenario, step) or (scenario, bound)
    co2_emissions: np.ndarray,
    co2_cumulative: np.ndarray,
    ch4_emissions_anomaly: np.ndarray,
    ch4_log_emissions: np.ndarray,
    ch4_log_other_conc: np.ndarray,
    n2o_ppb: np.ndarray,
    # member-dependent, state-independent forcing, (2, scenario, member, bound): the sum
    # weighted by efficacy (felt by the energy balance) and the plain sum (for the TOA)
    fixed_erf: np.ndarray,
    # per-member parameters, (member,) unless stated
    co2_iirf: np.ndarray,           # (member, 4): iirf_0, uptake, temperature, airborne
    co2_g: np.ndarray,              # (2,): g0, g1
    co2_partition: np.ndarray,      # (4,)
    co2_lifetime: np.ndarray,       # (4,)
    co2_ppm_per_gt: float,
    co2_baseline_ppm: np.ndarray,
    co2_reference_ppm: float,
    ch4_params: np.ndarray,         # (8,): lifetime, ppb/Mt, baseline ppb, ref ppb,
    #                                  chem. sensitivity, T sensitivity, log floor, iirf_max
    n2o_baseline_ref: np.ndarray,   # (2,): baseline ppb, reference ppb
    ghg_scale: np.ndarray,          # (member, 3): CO2, CH4, N2O forcing scale
    ghg_offset: np.ndarray,         # (member, 3): forcing at baseline concentrations
    ch4_chem_erf: np.ndarray,       # (member, 3): ozone, aerosol-radiation, strat. H2O per ppb
    ozone_feedback: float,          # W m-2 K-1
    propagator: np.ndarray,         # (member, 4, 4)
    forcing_vector: np.ndarray,     # (member, 4)
    toa_params: np.ndarray,         # (member, 3): k1, k3 (W m-2 K-1), 1 - deep efficacy
    joules_per_w_m2_yr: float,
    noise: np.ndarray,              # (member, bound, 4)
    # initial state, written over with the final state
    co2_boxes: np.ndarray,          # (scenario, member, 4)
    ch4_burden: np.ndarray,         # (scenario, member)
    ebm_state: np.ndarray,          # (scenario, member, 4)
    ohc_j: np.ndarray,              # (scenario, member)
    # outputs
    out_surface: np.ndarray,        # (scenario, member, bound) surface temperature, K
    out_ohc: np.ndarray,            # (scenario, member, bound) ocean heat content, J
    out_series: np.ndarray,         # (output, scenario, member, bound)
) -> None:
    """Integrate every (scenario, member) from bound 0 to the last bound.

    Writes the bound values of the surface temperature, the ocean heat content
    (accumulated top-of-atmosphere imbalance ``F - k1 T1 + (1 - eps) k3 (T2 - T3)``)
    and :data:`KERNEL_OUTPUTS` (bound 0 included, from the initial state) and
    leaves the final CO2 boxes and CH4 burden (Gt CO2, Mt CH4 above
    pre-industrial), energy-balance state and ocean heat content in the input
    arrays.
    """
    n_scen, n_steps = co2_emissions.shape
    n_mem = co2_iirf.shape[0]
    ch4_lifetime, ch4_ppb_per_mt, ch4_base, ch4_ref = ch4_params[0], ch4_params[1], \
        ch4_params[2], ch4_params[3]
    ch4_sens, ch4_t_sens, log_floor, iirf_max = ch4_params[4], ch4_params[5], \
        ch4_params[6], ch4_params[7]
    for task in prange(n_scen * n_mem):
        s = task // n_mem
        m = task % n_mem
        boxes = co2_boxes[s, m].copy()
        burden = ch4_burden[s, m]
        state = ebm_state[s, m].copy()
        new_state = np.empty(4)
        ohc = ohc_j[s, m]
        airborne = boxes[0] + boxes[1] + boxes[2] + boxes[3]
        co2 = co2_baseline_ppm[m] + co2_ppm_per_gt * airborne
        ch4 = ch4_base + ch4_ppb_per_mt * burden
        out_surface[s, m, 0] = state[1]
        out_ohc[s, m, 0] = ohc
        _record(out_series, s, m, 0, co2, ch4, n2o_ppb[s, 0], co2_reference_ppm, ch4_ref,
                n2o_baseline_ref[1], ghg_scale[m], ghg_offset[m], ch4_chem_erf[m], ch4_base)
        for b in range(n_steps):
            t1 = state[1]
            # 1. carbon cycle: state-dependent lifetime, then the four boxes
            alpha = iirf_alpha(co2_iirf[m, 0], co2_iirf[m, 1], co2_iirf[m, 2], co2_iirf[m, 3],
                               co2_cumulative[s, b], airborne, t1, co2_g[0], co2_g[1],
                               iirf_max)
            for k in range(4):
                boxes[k] = box_step(boxes[k], co2_emissions[s, b], alpha, co2_lifetime[k],
                                    co2_partition[k], 1.0)
            airborne = boxes[0] + boxes[1] + boxes[2] + boxes[3]
            # 2. methane lifetime (Thornhill 2021) from the previous bound, then burden
            log_scaling = (ch4_log_emissions[s, b]
                           + ch4_log_term(ch4 - ch4_base, ch4_sens, log_floor)
                           + ch4_log_other_conc[s, b]
                           + np.log(max(1.0 + t1 * ch4_t_sens, log_floor)))
            burden = box_step(burden, ch4_emissions_anomaly[s, b], np.exp(log_scaling),
                              ch4_lifetime, 1.0, 1.0)
            co2 = co2_baseline_ppm[m] + co2_ppm_per_gt * airborne
            ch4 = ch4_base + ch4_ppb_per_mt * burden
            # 3. forcing at the new bound
            f_sum = _record(out_series, s, m, b + 1, co2, ch4, n2o_ppb[s, b + 1],
                            co2_reference_ppm, ch4_ref, n2o_baseline_ref[1], ghg_scale[m],
                            ghg_offset[m], ch4_chem_erf[m], ch4_base)
            f_loop = f_sum + t1 * ozone_feedback
            # 4. energy balance, and the heat taken up
            ebm_step(state, propagator[m], forcing_vector[m],
                     f_loop + fixed_erf[0, s, m, b + 1], noise[m, b + 1], new_state)
            for k in range(4):
                state[k] = new_state[k]
            ohc += joules_per_w_m2_yr * toa_imbalance_w_m2(
                f_loop + fixed_erf[1, s, m, b + 1], state[1], state[2], state[3],
                toa_params[m, 0], toa_params[m, 1], toa_params[m, 2])
            out_surface[s, m, b + 1] = state[1]
            out_ohc[s, m, b + 1] = ohc
        for k in range(4):
            co2_boxes[s, m, k] = boxes[k]
            ebm_state[s, m, k] = state[k]
        ch4_burden[s, m] = burden
        ohc_j[s, m] = ohc


@njit(cache=True, inline="always", error_model="numpy")
def _record(out: np.ndarray, s: int, m: int, b: int, co2: float, ch4: float, n2o: float,
            co2_ref: float, ch4_ref: float, n2o_ref: float, scale: np.ndarray,
            offset: np.ndarray, chem: np.ndarray, ch4_base: float) -> float:
    """Write concentrations and GHG forcing at bound ``b``.

    Returns the forcing of CO2, CH4, N2O and of the CH4-dependent ozone,
    aerosol-radiation and stratospheric water vapour terms (W m-2).
    """
    f_co2 = co2_erf(co2, n2o, co2_ref) * scale[0] - offset[0]
    f_ch4 = ch4_erf(ch4, n2o, ch4_ref) * scale[1] - offset[1]
    f_n2o = n2o_erf(co2, ch4, n2o, n2o_ref) * scale[2] - offset[2]
    f_chem = (ch4 - ch4_base) * (chem[0] + chem[1] + chem[2])
    out[0, s, m, b] = co2
    out[1, s, m, b] = ch4
    out[2, s, m, b] = f_co2
    out[3, s, m, b] = f_ch4
    out[4, s, m, b] = f_n2o
    return f_co2 + f_ch4 + f_n2o + f_chem
