"""Named parameter records of the physical processes, as the compiled kernel reads them.

One record per process, built once per member selection by
:func:`accord.climate.ensemble.prepare` (one builder each) and read by name in
:mod:`~accord.climate.engine` (before the time loop) and
:mod:`~accord.climate.kernel` (in it). They are :class:`typing.NamedTuple` so
that numba passes them into compiled code unchanged. Arrays marked
``(member, ...)`` hold one row per ensemble member; :func:`member_rows` takes a
contiguous range of members out of any record.
"""

from __future__ import annotations

from typing import Any, NamedTuple, TypeVar

import numpy as np

__all__ = [
    "AerosolRadiation",
    "CarbonCycle",
    "Drivers",
    "EnergyBalance",
    "GreenhouseForcing",
    "KernelState",
    "Methane",
    "Ozone",
    "member_rows",
]


class CarbonCycle(NamedTuple):
    """Four-box CO2 cycle with the state-dependent iIRF100 (Leach et al. 2021)."""

    iirf_0_yr: np.ndarray              # (member,)
    iirf_uptake_yr_per_gt: np.ndarray  # (member,) per Gt CO2 taken up by land and ocean
    iirf_temperature_yr_per_k: np.ndarray  # (member,)
    iirf_airborne_yr_per_gt: np.ndarray    # (member,) per Gt CO2 airborne
    g0: float
    g1_yr: float
    iirf_max_yr: float
    partition: np.ndarray              # (4,) fraction of emissions into each box
    lifetime_yr: np.ndarray            # (4,) unperturbed box lifetimes
    ppm_per_gt: float
    baseline_ppm: np.ndarray           # (member,) pre-industrial concentration
    reference_ppm: float               # forcing reference concentration


class Methane(NamedTuple):
    """CH4 box with the Thornhill et al. (2021) lifetime; the same for every member."""

    lifetime_yr: float
    ppb_per_mt: float
    baseline_ppb: float
    reference_ppb: float               # forcing reference concentration
    chemical_sensitivity_per_ppb: float  # lifetime's sensitivity to its own concentration
    temperature_sensitivity_per_k: float
    log_floor: float                   # floor of each log lifetime term


class GreenhouseForcing(NamedTuple):
    """CO2, CH4, N2O forcing (Meinshausen et al. 2020), scaled per member."""

    scale: np.ndarray                  # (member, 3) CO2, CH4, N2O
    offset_w_m2: np.ndarray            # (member, 3) forcing at the baseline concentrations
    n2o_baseline_ppb: float
    n2o_reference_ppb: float
    strat_h2o_w_m2_per_ppb_ch4: np.ndarray  # (member,) stratospheric water vapour from CH4


class Ozone(NamedTuple):
    """Ozone forcing (Thornhill et al. 2021): precursors, N2O, EESC, CH4, temperature."""

    emissions_w_m2: np.ndarray         # (member, 51) per unit emission above pre-industrial
    n2o_eesc_w_m2: np.ndarray          # (member, 2) per ppb N2O, per ppt EESC
    ch4_w_m2_per_ppb: np.ndarray       # (member,)
    temperature_feedback_w_m2_k: float


class AerosolRadiation(NamedTuple):
    """Aerosol-radiation forcing: precursor emissions, N2O and CH4 concentrations."""

    emissions_w_m2: np.ndarray         # (member, 51)
    n2o_eesc_w_m2: np.ndarray          # (member, 2); the EESC term is zero (as in FaIR)
    ch4_w_m2_per_ppb: np.ndarray       # (member,)


class EnergyBalance(NamedTuple):
    """The three-layer energy balance, discretised exactly for one-year steps."""

    propagator: np.ndarray             # (member, 4, 4)
    forcing_vector: np.ndarray         # (member, 4)
    k1_w_m2_k: np.ndarray              # (member,) climate feedback
    k3_w_m2_k: np.ndarray              # (member,) deep-ocean heat transfer
    one_minus_efficacy: np.ndarray     # (member,) 1 - deep-ocean efficacy
    joules_per_w_m2_yr: float


class Drivers(NamedTuple):
    """Everything the time loop reads that does not depend on the members' state.

    ``(scenario, step)`` arrays hold step ``b`` (year ``start + b``);
    ``(scenario, bound)`` arrays one more value, the bound.
    """

    co2_emissions_gt: np.ndarray       # (scenario, step) fossil + land use
    co2_cumulative_gt: np.ndarray      # (scenario, bound)
    ch4_emissions_anomaly_mt: np.ndarray   # (scenario, step)
    ch4_log_emissions: np.ndarray      # (scenario, step) precursor lifetime terms
    ch4_log_other: np.ndarray          # (scenario, bound) N2O and EESC lifetime terms
    n2o_ppb: np.ndarray                # (scenario, bound)
    fixed_erf_w_m2: np.ndarray         # (2, scenario, member, bound): efficacy-weighted, plain
    noise: np.ndarray                  # (member, bound, 4)


class KernelState(NamedTuple):
    """Initial state, written over with the final state (arrays modified in place)."""

    co2_boxes_gt: np.ndarray           # (scenario, member, 4)
    ch4_burden_mt: np.ndarray          # (scenario, member)
    ebm_state: np.ndarray              # (scenario, member, 4)
    ohc_j: np.ndarray                  # (scenario, member)


Record = TypeVar("Record", bound=tuple[Any, ...])

#: fields with one row per member, per record type
PER_MEMBER: dict[type, tuple[str, ...]] = {
    CarbonCycle: ("iirf_0_yr", "iirf_uptake_yr_per_gt", "iirf_temperature_yr_per_k",
                  "iirf_airborne_yr_per_gt", "baseline_ppm"),
    GreenhouseForcing: ("scale", "offset_w_m2", "strat_h2o_w_m2_per_ppb_ch4"),
    Ozone: ("emissions_w_m2", "n2o_eesc_w_m2", "ch4_w_m2_per_ppb"),
    AerosolRadiation: ("emissions_w_m2", "n2o_eesc_w_m2", "ch4_w_m2_per_ppb"),
    EnergyBalance: ("propagator", "forcing_vector", "k1_w_m2_k", "k3_w_m2_k",
                    "one_minus_efficacy"),
}


def member_rows(record: Record, rows: slice) -> Record:
    """The record of a contiguous range of members (shared fields, and records with
    no per-member field, unchanged)."""
    changes = {name: np.ascontiguousarray(getattr(record, name)[rows])
               for name in PER_MEMBER.get(type(record), ())}
    return record._replace(**changes) if changes else record  # type: ignore[attr-defined]
