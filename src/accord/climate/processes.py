"""One builder per physical process: calibration tables -> the process's named record.

Each function reads the calibration (:class:`~accord.climate.parameters.Calibration`)
for one process and returns its record (:mod:`accord.climate.records`), with
scales applied, so the kernel and the precomputation read parameters by name
and nothing looks them up by position. Species-level constants (the same in
every member) are read from the first member's row.
"""

from __future__ import annotations

import numpy as np

from accord.climate.energy_balance import JOULES_PER_W_M2_YR
from accord.climate.forcing import ch4_erf, co2_erf, n2o_erf
from accord.climate.parameters import N_GASBOXES, Calibration
from accord.climate.records import (
    AerosolRadiation,
    CarbonCycle,
    EnergyBalance,
    GreenhouseForcing,
    Methane,
    Ozone,
)

__all__ = [
    "CH4_LIFETIME_FLOOR",
    "IIRF_MAX_YR",
    "aerosol_radiation",
    "carbon_cycle",
    "energy_balance",
    "forcing_scale",
    "greenhouse_forcing",
    "methane",
    "ozone",
    "per_emission",
]

#: molecular weight of air (g mol-1) and mass of the atmosphere (kg), as in FaIR
MOLECULAR_WEIGHT_AIR = 28.97
MASS_ATMOSPHERE_KG = 5.1352e18
#: cap on the time-integrated airborne fraction (yr) and CH4-lifetime log floor, as in FaIR
IIRF_MAX_YR = 100.0
CH4_LIFETIME_FLOOR = 0.01
EESC = "Equivalent effective stratospheric chlorine"


def per_emission(molecular_weight: float) -> float:
    """Concentration change per unit emission (ppm per Gt, ppb per Mt, ppt per kt)."""
    return 1.0 / (MASS_ATMOSPHERE_KG / 1e18 * molecular_weight / MOLECULAR_WEIGHT_AIR)


def forcing_scale(cal: Calibration) -> np.ndarray:
    """Forcing scale including the tropospheric adjustment, (member, specie)."""
    return cal.table("forcing_scale") * (1 + cal.table("tropospheric_adjustment"))


def _constant(cal: Calibration, prop: str, specie: str) -> float:
    return float(cal.table(prop)[0, cal.index(specie)])


def carbon_cycle(cal: Calibration) -> CarbonCycle:
    """The CO2 boxes, their iIRF100 state dependence and the concentration scale."""
    co2 = cal.index("CO2")
    iirf = {p: np.ascontiguousarray(cal.table(p)[:, co2]) for p in (
        "iirf_0", "iirf_uptake", "iirf_temperature", "iirf_airborne")}
    return CarbonCycle(
        iirf_0_yr=iirf["iirf_0"], iirf_uptake_yr_per_gt=iirf["iirf_uptake"],
        iirf_temperature_yr_per_k=iirf["iirf_temperature"],
        iirf_airborne_yr_per_gt=iirf["iirf_airborne"],
        g0=_constant(cal, "g0", "CO2"), g1_yr=_constant(cal, "g1", "CO2"),
        iirf_max_yr=IIRF_MAX_YR,
        partition=np.array([cal.table(f"partition_fraction{k}")[0, co2]
                            for k in range(N_GASBOXES)]),
        lifetime_yr=np.array([cal.table(f"unperturbed_lifetime{k}")[0, co2]
                              for k in range(N_GASBOXES)]),
        ppm_per_gt=per_emission(_constant(cal, "molecular_weight", "CO2")),
        baseline_ppm=np.ascontiguousarray(cal.table("baseline_concentration")[:, co2]),
        reference_ppm=_constant(cal, "forcing_reference_concentration", "CO2"))


def methane(cal: Calibration) -> Methane:
    """The CH4 box and its Thornhill (2021) lifetime's own-concentration and T terms."""
    return Methane(
        lifetime_yr=_constant(cal, "unperturbed_lifetime0", "CH4"),
        ppb_per_mt=per_emission(_constant(cal, "molecular_weight", "CH4")),
        baseline_ppb=_constant(cal, "baseline_concentration", "CH4"),
        reference_ppb=_constant(cal, "forcing_reference_concentration", "CH4"),
        chemical_sensitivity_per_ppb=_constant(cal, "ch4_lifetime_chemical_sensitivity",
                                               "CH4"),
        temperature_sensitivity_per_k=_constant(cal, "lifetime_temperature_sensitivity",
                                                "CH4"),
        log_floor=float(np.log(CH4_LIFETIME_FLOOR)))


def greenhouse_forcing(cal: Calibration) -> GreenhouseForcing:
    """CO2, CH4, N2O forcing scales, their baseline offsets, and CH4's stratospheric H2O."""
    scale = forcing_scale(cal)
    co2, ch4, n2o = cal.index("CO2"), cal.index("CH4"), cal.index("N2O")
    ghg_scale = np.ascontiguousarray(scale[:, [co2, ch4, n2o]])
    base = cal.table("baseline_concentration")
    ref = cal.table("forcing_reference_concentration")[0]
    offset = np.empty((cal.n_members, 3))
    for m in range(cal.n_members):  # FaIR subtracts the forcing at the baseline
        c0, m0, n0 = base[m, co2], base[m, ch4], base[m, n2o]
        offset[m] = (co2_erf(c0, n0, ref[co2]), ch4_erf(m0, n0, ref[ch4]),
                     n2o_erf(c0, m0, n0, ref[n2o]))
    return GreenhouseForcing(
        scale=ghg_scale, offset_w_m2=offset * ghg_scale,
        n2o_baseline_ppb=float(base[0, n2o]), n2o_reference_ppb=float(ref[n2o]),
        strat_h2o_w_m2_per_ppb_ch4=_constant(cal, "h2o_stratospheric_factor", "CH4")
        * scale[:, cal.index("Stratospheric water vapour")])


def _emission_efficiency(cal: Calibration, emitted: np.ndarray, prop: str,
                         agent_scale: np.ndarray) -> np.ndarray:
    """(member, 51) forcing per unit emission of the chemically active precursors."""
    active = np.nan_to_num(cal.table("aerosol_chemistry_from_emissions")[0, emitted]) != 0
    return np.nan_to_num(cal.table(prop)[:, emitted]) * agent_scale[:, None] * active


def ozone(cal: Calibration, emitted: np.ndarray) -> Ozone:
    """Ozone (Thornhill 2021): precursor emissions, N2O, EESC, CH4 and the T feedback.

    ``emitted`` are the calibration indices of the 51 emitted species, in order.
    """
    s_o3 = forcing_scale(cal)[:, cal.index("Ozone")]
    efficiency = cal.table("ozone_radiative_efficiency")
    return Ozone(
        emissions_w_m2=_emission_efficiency(cal, emitted, "ozone_radiative_efficiency", s_o3),
        n2o_eesc_w_m2=np.stack([efficiency[:, cal.index("N2O")] * s_o3,
                                efficiency[:, cal.index(EESC)] * s_o3], axis=1),
        ch4_w_m2_per_ppb=efficiency[:, cal.index("CH4")] * s_o3,
        temperature_feedback_w_m2_k=_constant(cal, "forcing_temperature_feedback", "Ozone"))


def aerosol_radiation(cal: Calibration, emitted: np.ndarray) -> AerosolRadiation:
    """Aerosol-radiation forcing from precursor emissions and N2O, CH4 concentrations."""
    s_ari = forcing_scale(cal)[:, cal.index("Aerosol-radiation interactions")]
    efficiency = np.nan_to_num(cal.table("erfari_radiative_efficiency"))
    return AerosolRadiation(
        emissions_w_m2=_emission_efficiency(cal, emitted, "erfari_radiative_efficiency",
                                            s_ari),
        # FaIR evaluates aerosol-radiation forcing before it updates EESC, so the
        # EESC term of ERFari reads a missing value and drops out; we match that.
        n2o_eesc_w_m2=np.stack([efficiency[:, cal.index("N2O")] * s_ari,
                                np.zeros(cal.n_members)], axis=1),
        ch4_w_m2_per_ppb=efficiency[:, cal.index("CH4")] * s_ari)


def energy_balance(cal: Calibration, propagator: np.ndarray,
                   forcing_vector: np.ndarray) -> EnergyBalance:
    """The discretised energy balance (from the cached discretisation) and its TOA terms."""
    transfer = cal.climate["ocean_heat_transfer"]
    return EnergyBalance(
        propagator=np.ascontiguousarray(propagator),
        forcing_vector=np.ascontiguousarray(forcing_vector),
        k1_w_m2_k=np.ascontiguousarray(transfer[:, 0]),
        k3_w_m2_k=np.ascontiguousarray(transfer[:, 2]),
        one_minus_efficacy=1 - cal.climate["deep_ocean_efficacy"],
        joules_per_w_m2_yr=JOULES_PER_W_M2_YR)
