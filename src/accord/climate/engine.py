"""One run of the climate ensemble: precompute, integrate, assemble.

:func:`integrate_run` takes world emissions per species as a plain array and
an initial :class:`~accord.climate.state.ClimateState`, computes everything
that does not depend on the members' evolving state (N2O and halogenated-gas
concentrations, EESC, forcing linear in emissions), calls the compiled kernel,
and returns bound-level arrays. :mod:`accord.climate.api` wraps it with
labels, validation and the warm-start cache.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np
from numba import njit

from accord.climate.energy_balance import noise_draws
from accord.climate.ensemble import AGENTS, Ensemble, solar_volcanic_erf
from accord.climate.forcing import aerosol_cloud_erf, linear_erf
from accord.climate.gas_cycle import box_step, ch4_log_terms
from accord.climate.kernel import KERNEL_OUTPUTS, integrate
from accord.climate.records import Drivers, KernelState, member_rows
from accord.climate.state import ClimateState
from accord.climate.threads import blas_single_thread

__all__ = ["BoundSeries", "SurfaceSeries", "cold_state", "integrate_run", "integrate_surface"]

FIRST_YEAR = 1750
#: one parallel kernel at a time: numba's default thread pool is not re-entrant, and a
#: server may call from several threads (the kernel itself uses every core)
KERNEL_LOCK = threading.Lock()


@dataclass(frozen=True)
class SurfaceSeries:
    """Surface temperature and cumulative emissions of years ``start .. end``.

    What a warm-started policy run reports (:func:`integrate_surface`), and the
    part of :class:`BoundSeries` that :mod:`accord.climate.result` turns into
    warming and cumulative CO2.
    """

    start: int
    end: int
    surface_k: np.ndarray          # (scenario, member, bound) surface-layer temperature
    cumulative_emissions: np.ndarray  # (scenario, bound, 51)


@dataclass(frozen=True)
class BoundSeries(SurfaceSeries):
    """Results of integrating years ``start .. end``.

    ``surface_k`` and ``ohc_j`` are on the bounds ``start .. end + 1``,
    (scenario, member, bound); concentrations and forcing are already annual
    means, (scenario, member, year) and (agent, scenario, member, year).
    ``final`` is the state at the last bound.
    """

    co2_ppm: np.ndarray            # annual
    ch4_ppb: np.ndarray            # annual
    n2o_ppb: np.ndarray            # (scenario, bound)
    erf_annual_w_m2: np.ndarray    # float32
    erf_total_annual_w_m2: np.ndarray  # (scenario, member, year), float64
    ohc_j: np.ndarray
    final: ClimateState


def cold_state(ens: Ensemble, scenarios: tuple[str, ...], variability: bool,
               seed: int | None) -> ClimateState:
    """Pre-industrial equilibrium at the start of 1750 (bound 1750).

    The returned state's ``year`` is 1749 so that a run resumes at 1750;
    its ``gsat_reference_k`` is NaN until a run covers 1850-1900.
    """
    n_s, n_m = len(scenarios), ens.cal.n_members
    return ClimateState(
        year=FIRST_YEAR - 1, scenarios=scenarios, config_ids=ens.cal.config_ids,
        co2_boxes_gt=np.zeros((n_s, n_m, 4)), ch4_burden_mt=np.zeros((n_s, n_m)),
        ebm_state=np.zeros((n_s, n_m, 4)), gas_burden=np.zeros((n_s, len(ens.independent))),
        eesc_ppt=np.full(n_s, ens.eesc_baseline_ppt),
        cumulative_emissions=np.zeros((n_s, len(ens.emitted))),
        erf_w_m2=np.zeros((n_s, n_m, len(AGENTS))), ohc_j=np.zeros((n_s, n_m)),
        gsat_reference_k=np.full((n_s, n_m), np.nan), variability=variability, seed=seed)


@njit(cache=True, error_model="numpy")
def _independent_burdens(anomaly: np.ndarray, alpha: np.ndarray, lifetime: np.ndarray,
                         start: np.ndarray) -> np.ndarray:
    """Burdens of gases with constant lifetimes on bounds, (scenario, bound, gas)."""
    n_s, n_t, n_g = anomaly.shape
    out = np.empty((n_s, n_t + 1, n_g))
    for s in range(n_s):
        for g in range(n_g):
            out[s, 0, g] = start[s, g]
            for t in range(n_t):
                out[s, t + 1, g] = box_step(out[s, t, g], anomaly[s, t, g], alpha[g],
                                            lifetime[g], 1.0, 1.0)
    return out


def _noise(ens: Ensemble, state: ClimateState, start: int, n_bounds: int) -> np.ndarray:
    """Internal-variability draws for bounds ``start .. start + n_bounds - 1``."""
    n_m = ens.cal.n_members
    if not state.variability:
        return np.zeros((n_m, n_bounds, 4))
    offset = start - FIRST_YEAR
    key = (ens.cal.config_ids.tobytes(), int(state.seed or 0))
    draws = _NOISE.get(key)
    if draws is None or draws.shape[1] < offset + n_bounds:
        seeds = ens.cal.climate["seed"].astype(np.int64) + int(state.seed or 0)
        draws = noise_draws(ens.system_matrix, ens.cal.climate["sigma_eta"],
                            ens.cal.climate["sigma_xi"],
                            ens.cal.climate["ocean_heat_capacity"][:, 0], seeds,
                            max(offset + n_bounds, 2101 - FIRST_YEAR + 1))
        _NOISE.clear()  # keep one ensemble's draws (about 10 MB for 841 members)
        _NOISE[key] = draws
    return np.ascontiguousarray(draws[:, offset:offset + n_bounds])


#: the last internal-variability draws, keyed by members and seed
_NOISE: dict[tuple[bytes, int], np.ndarray] = {}


def _fixed_forcing(ens: Ensemble, emissions: np.ndarray, cumulative: np.ndarray,
                   n2o_ppb: np.ndarray, eesc_ppt: np.ndarray, conc: np.ndarray,
                   start: int, cold: bool, erf: np.ndarray | None,
                   totals: np.ndarray) -> None:
    """Forcing that depends on members but not on their state.

    Each agent is computed in float64, one scenario at a time into one reused
    (member, bound) buffer, and stored in ``erf`` (agent, scenario, member,
    bound; float32 for reporting; None: not kept); ``totals`` (2, scenario, member, bound;
    float64) accumulates the efficacy-weighted sum the energy balance feels and
    the plain sum for the top-of-atmosphere imbalance. Ozone and
    aerosol-radiation get their state-independent parts here; the time loop
    adds the rest (:func:`_add_loop_forcing`).
    """
    n_s, n_t, n_e = emissions.shape
    row = {name: i for i, name in enumerate(AGENTS)}
    # emissions on bounds: bound b + 1 takes step b; bound 0 the pre-industrial level
    on_bounds = np.empty((n_s, n_t + 1, n_e))
    on_bounds[:, 0] = ens.baseline_emissions
    on_bounds[:, 1:] = emissions
    anomaly = on_bounds - ens.baseline_emissions
    n2o_eesc = np.stack([n2o_ppb - ens.ghg.n2o_baseline_ppb,
                         eesc_ppt - ens.eesc_baseline_ppt], axis=-1)
    chemistry = np.concatenate([anomaly, n2o_eesc], axis=-1)  # (s, b, 51 + 2)
    linear = {
        "Halogenated gases": (conc[..., 1:] - ens.minor_reference, ens.minor_erf),
        "Aerosol-radiation interactions": (chemistry, np.concatenate(
            [ens.ari.emissions_w_m2, ens.ari.n2o_eesc_w_m2], axis=1)),
        "Ozone": (chemistry, np.concatenate(
            [ens.ozone.emissions_w_m2, ens.ozone.n2o_eesc_w_m2], axis=1)),
        "Light absorbing particles on snow and ice": (anomaly, ens.lapsi_em),
        "Land use": (cumulative, ens.landuse_cum),
    }
    bounds, solar, volcanic = solar_volcanic_erf()
    i0 = start - int(bounds[0])
    prescribed = {"Solar": (solar[i0:i0 + n_t + 1], 0),
                  "Volcanic": (volcanic[i0:i0 + n_t + 1], 1)}  # volcanic last (see below)
    aci_cols = np.flatnonzero(np.any(ens.aci_shape_em != 0, axis=0))
    work = np.empty((ens.cal.n_members, n_t + 1))

    def store(name: str, s: int) -> None:
        if cold:  # FaIR starts every forcing at zero on the first bound
            work[:, 0] = 0.0
        if erf is not None:
            erf[row[name], s] = work
        totals[1, s] += work

    for s in range(n_s):
        for name, (drivers, efficiency) in linear.items():
            linear_erf(drivers[s], efficiency, out=work)
            store(name, s)
        aerosol_cloud_erf(on_bounds[s][:, aci_cols], ens.baseline_emissions[aci_cols],
                          ens.aci_shape_em[:, aci_cols], ens.aci_scale, out=work)
        store("Aerosol-cloud interactions", s)
        for name, (series, col) in prescribed.items():
            np.multiply.outer(ens.solar_volcanic_scale[:, col], series, out=work)
            store(name, s)
        # the energy balance feels volcanic forcing times its efficacy: the plain sum
        # plus (efficacy - 1) x volcanic (``work`` still holds the volcanic forcing)
        work *= ens.volcanic_efficacy - 1.0
        np.add(totals[1, s], work, out=totals[0, s])


class _Integrated(NamedTuple):
    """Bound-level arrays of one integration (bound 0 = the initial state)."""

    cumulative: np.ndarray      # (scenario, bound, 51) emissions since 1750
    burden: np.ndarray          # (scenario, bound, 41) N2O and halogenated gases
    eesc_ppt: np.ndarray        # (scenario, bound)
    n2o_ppb: np.ndarray         # (scenario, bound)
    totals: np.ndarray          # (2, scenario, member, bound) state-independent forcing
    final: KernelState          # the members' state at the last bound
    surface_k: np.ndarray       # (scenario, member, bound)
    ohc_j: np.ndarray           # (scenario, member, bound)
    series: np.ndarray          # (output, scenario, member, bound): KERNEL_OUTPUTS


def _integrate(ens: Ensemble, emissions: np.ndarray, start: int, state: ClimateState,
               progress: Callable[[float], None] | None,
               erf: np.ndarray | None) -> _Integrated:
    """Precompute the state-independent drivers and forcing, then run the kernel.

    ``erf`` (agent, scenario, member, bound; float32), if given, receives the
    state-independent forcing by agent; the kernel's own forcing is added by
    :func:`_add_loop_forcing`.
    """
    n_s, n_t, _ = emissions.shape
    n_m = ens.cal.n_members
    cold = state.year == FIRST_YEAR - 1
    cumulative = np.concatenate([state.cumulative_emissions[:, None, :],
                                 state.cumulative_emissions[:, None, :]
                                 + np.cumsum(emissions, axis=1)], axis=1)
    burden = _independent_burdens(
        np.ascontiguousarray(emissions[..., ens.independent]
                             - ens.baseline_emissions[ens.independent]),
        ens.independent_alpha, ens.independent_lifetime, np.ascontiguousarray(state.gas_burden))
    conc = ens.independent_baseline + ens.independent_per_emission * burden  # (s, b, 41)
    n2o_ppb = conc[..., 0]
    eesc = conc[..., 1:] @ ens.halogen_eesc_weight
    eesc[:, 0] = state.eesc_ppt
    ch4_sens = ens.n2o_eesc_ch4_sensitivity
    log_floor = ens.methane.log_floor
    ch4_log_em = ch4_log_terms(emissions - ens.baseline_emissions,
                                ens.ch4_emission_sensitivity, log_floor)
    ch4_log_other = ch4_log_terms(
        np.stack([n2o_ppb - ens.ghg.n2o_baseline_ppb, eesc - ens.eesc_baseline_ppt], axis=-1),
        ch4_sens, log_floor)
    co2_index = [ens.emitted.index("CO2 FFI"), ens.emitted.index("CO2 AFOLU")]
    co2_em = emissions[..., co2_index[0]] + emissions[..., co2_index[1]]
    co2_cum = cumulative[..., co2_index[0]] + cumulative[..., co2_index[1]]
    ch4_i = ens.emitted.index("CH4")
    totals = np.zeros((2, n_s, n_m, n_t + 1))
    _fixed_forcing(ens, emissions, cumulative, n2o_ppb, eesc, conc, start, cold, erf, totals)

    noise = _noise(ens, state, start, n_t + 1)
    surface = np.empty((n_s, n_m, n_t + 1))
    ohc = np.empty((n_s, n_m, n_t + 1))
    out_series = np.empty((len(KERNEL_OUTPUTS), n_s, n_m, n_t + 1))
    drivers = Drivers(
        np.ascontiguousarray(co2_em), np.ascontiguousarray(co2_cum),
        np.ascontiguousarray(emissions[..., ch4_i] - ens.baseline_emissions[ch4_i]),
        np.ascontiguousarray(ch4_log_em), np.ascontiguousarray(ch4_log_other),
        np.ascontiguousarray(n2o_ppb), totals, noise)
    kernel_state = KernelState(state.co2_boxes_gt.copy(), state.ch4_burden_mt.copy(),
                               state.ebm_state.copy(), state.ohc_j.copy())
    chunks = _chunks(n_m, progress)
    for done, (lo, hi) in enumerate(chunks):
        rows = slice(lo, hi)
        whole = len(chunks) == 1
        part = kernel_state if whole else KernelState(
            *(np.ascontiguousarray(a[:, rows]) for a in kernel_state))
        outputs = (surface, ohc, out_series) if whole else (
            np.empty((n_s, hi - lo, n_t + 1)), np.empty((n_s, hi - lo, n_t + 1)),
            np.empty((len(KERNEL_OUTPUTS), n_s, hi - lo, n_t + 1)))
        these = drivers if whole else drivers._replace(
            fixed_erf_w_m2=np.ascontiguousarray(totals[:, :, rows]),
            noise=np.ascontiguousarray(noise[rows]))
        records: tuple[Any, ...] = (ens.carbon, ens.methane, ens.ghg, ens.ozone, ens.ari,
                                    ens.ebm)
        if not whole:
            records = tuple(member_rows(r, rows) for r in records)
        with KERNEL_LOCK:
            integrate(*(these, *records, part, *outputs))
        if not whole:
            for full, piece in zip(kernel_state, part, strict=True):
                full[:, rows] = piece
            surface[:, rows], ohc[:, rows], out_series[:, :, rows] = outputs
        if progress is not None:
            progress((done + 1) / len(chunks))
    return _Integrated(cumulative, burden, eesc, n2o_ppb, totals, kernel_state, surface, ohc,
                       out_series)


@blas_single_thread()
def integrate_run(
    ens: Ensemble,
    emissions: np.ndarray,
    start: int,
    state: ClimateState,
    progress: Callable[[float], None] | None = None,
) -> BoundSeries:
    """Integrate ``emissions`` of years ``start ..`` from ``state``.

    Parameters
    ----------
    ens : Ensemble
    emissions : ndarray, shape (scenario, year, 51)
        World emissions per species in the calibration's units, years from ``start``.
    start : int
        First year; ``state.year`` must be ``start - 1``.
    state : ClimateState
        Initial state (:func:`cold_state` for a run from 1750).
    progress : callable, optional
        Called with the fraction done (0..1).

    Returns
    -------
    BoundSeries
    """
    n_s, n_t, _ = emissions.shape
    erf = np.empty((len(AGENTS), n_s, ens.cal.n_members, n_t + 1), dtype=np.float32)
    run = _integrate(ens, emissions, start, state, progress, erf)
    total = run.totals[1]
    _add_loop_forcing(ens, erf, total, run.series, run.surface_k, state,
                      state.year == FIRST_YEAR - 1)
    co2_boxes, ch4_burden, ebm, ohc0 = run.final
    final = replace(
        state, year=start + n_t - 1, co2_boxes_gt=co2_boxes, ch4_burden_mt=ch4_burden,
        ebm_state=ebm, gas_burden=run.burden[:, -1].copy(), eesc_ppt=run.eesc_ppt[:, -1].copy(),
        cumulative_emissions=run.cumulative[:, -1].copy(),
        erf_w_m2=np.moveaxis(erf[..., -1], 0, -1).astype(np.float64), ohc_j=ohc0)
    for bounds in (erf, total, run.series[:2]):
        _annual_in_place(bounds)
    return BoundSeries(
        start=start, end=start + n_t - 1, surface_k=run.surface_k,
        co2_ppm=run.series[0, ..., :-1], ch4_ppb=run.series[1, ..., :-1], n2o_ppb=run.n2o_ppb,
        cumulative_emissions=run.cumulative, erf_annual_w_m2=erf[..., :-1],
        erf_total_annual_w_m2=total[..., :-1], ohc_j=run.ohc_j, final=final)


@blas_single_thread()
def integrate_surface(
    ens: Ensemble,
    emissions: np.ndarray,
    start: int,
    state: ClimateState,
    progress: Callable[[float], None] | None = None,
) -> SurfaceSeries:
    """:func:`integrate_run` reduced to surface temperature and cumulative emissions.

    The same arithmetic gives the same numbers for these; the forcing by agent,
    the annual means of the diagnostics and the final state are not built (a
    warm-started policy run, :func:`accord.climate.warm.warm_arrays`, reads
    none of them). Parameters as for :func:`integrate_run`.
    """
    run = _integrate(ens, emissions, start, state, progress, None)
    return SurfaceSeries(start=start, end=start + emissions.shape[1] - 1,
                         surface_k=run.surface_k, cumulative_emissions=run.cumulative)


def _annual_in_place(bounds: np.ndarray) -> None:
    """Annual means into ``bounds[..., :-1]``: year Y is the mean of bounds Y and Y + 1.

    One leading row at a time through a small buffer: an in-place ``x[:-1] += x[1:]``
    makes numpy copy the whole overlapping input first (measured 40 % slower on the
    forcing by agent of 841 members).
    """
    buffer = np.empty((*bounds.shape[1:-1], bounds.shape[-1] - 1), bounds.dtype)
    for row in bounds:
        np.add(row[..., :-1], row[..., 1:], out=buffer)
        np.multiply(buffer, 0.5, out=row[..., :-1])


def _chunks(n_members: int, progress: Callable[[float], None] | None) -> list[tuple[int, int]]:
    """Member ranges per kernel call: one call, or about ten when reporting progress."""
    if progress is None or n_members < 20:
        return [(0, n_members)]
    edges = np.linspace(0, n_members, 11).astype(int)
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def _add_loop_forcing(ens: Ensemble, erf: np.ndarray, total: np.ndarray, series: np.ndarray,
                      surface: np.ndarray, state: ClimateState, cold: bool) -> None:
    """Complete ``erf`` (agent, scenario, member, bound) and ``total`` with the loop's forcing."""
    row = {name: i for i, name in enumerate(AGENTS)}
    ch4_anomaly = series[1] - ens.methane.baseline_ppb
    for name, values in (("CO2", series[2]), ("CH4", series[3]), ("N2O", series[4])):
        erf[row[name]] = values
        total += values
    for name, per_ppb in (("Ozone", ens.ozone.ch4_w_m2_per_ppb),
                          ("Aerosol-radiation interactions", ens.ari.ch4_w_m2_per_ppb),
                          ("Stratospheric water vapour", ens.ghg.strat_h2o_w_m2_per_ppb_ch4)):
        part = ch4_anomaly * per_ppb[:, None]
        if name == "Ozone":  # temperature feedback of the previous bound
            part[..., 1:] += surface[..., :-1] * ens.ozone.temperature_feedback_w_m2_k
        if name == "Stratospheric water vapour":
            erf[row[name]] = part
        else:
            erf[row[name]] += part
        total += part
    # the first bound continues the previous run (or is zero at 1750)
    first = np.zeros(erf.shape[:3]) if cold else np.moveaxis(state.erf_w_m2, -1, 0)
    erf[..., 0] = first
    total[..., 0] = first.sum(axis=0)
