"""Kernel-ready parameters of the calibrated ensemble, resolved once.

:func:`prepare` turns a :class:`~accord.climate.parameters.Calibration` into
the flat arrays the kernel and the precomputation use: species index groups,
carbon-cycle and methane constants, forcing scales and efficiencies per member
and agent, and the discretised energy balance. It is cached per member
selection, so a run only pays for it once per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np

import accord
from accord.climate.cache import cached_arrays
from accord.climate.energy_balance import (
    JOULES_PER_W_M2_YR,
    continuous_matrix,
    discrete_system,
)
from accord.climate.forcing import ch4_erf, co2_erf, n2o_erf
from accord.climate.gas_cycle import eesc_weights
from accord.climate.parameters import N_GASBOXES, Calibration, load_calibration, member_rows
from accord.climate.threads import blas_single_thread
from accord.data import load_npz, ssp_emissions

__all__ = ["AGENTS", "Ensemble", "KernelParameters", "prepare"]

#: forcing agents reported (W m-2), in this order
AGENTS = (
    "CO2",
    "CH4",
    "N2O",
    "Halogenated gases",
    "Ozone",
    "Aerosol-radiation interactions",
    "Aerosol-cloud interactions",
    "Stratospheric water vapour",
    "Light absorbing particles on snow and ice",
    "Land use",
    "Solar",
    "Volcanic",
)
#: molecular weight of air (g mol-1) and mass of the atmosphere (kg), as in FaIR
MOLECULAR_WEIGHT_AIR = 28.97
MASS_ATMOSPHERE_KG = 5.1352e18
#: cap on the time-integrated airborne fraction (yr) and CH4-lifetime log floor, as in FaIR
IIRF_MAX_YR = 100.0
CH4_LIFETIME_FLOOR = 0.01


@dataclass(frozen=True)
class KernelParameters:
    """The kernel's parameter arguments (see :func:`accord.climate.kernel.integrate`)."""

    co2_iirf: np.ndarray            # (member, 4)
    co2_g: np.ndarray               # (2,)
    co2_partition: np.ndarray       # (4,)
    co2_lifetime: np.ndarray        # (4,)
    co2_ppm_per_gt: float
    co2_baseline_ppm: np.ndarray    # (member,)
    co2_reference_ppm: float
    ch4_params: np.ndarray          # (8,)
    n2o_baseline_ref: np.ndarray    # (2,)
    ghg_scale: np.ndarray           # (member, 3)
    ghg_offset: np.ndarray          # (member, 3)
    ch4_chem_erf: np.ndarray        # (member, 3)
    ozone_feedback: float
    propagator: np.ndarray          # (member, 4, 4)
    forcing_vector: np.ndarray      # (member, 4)
    toa_params: np.ndarray          # (member, 3): k1, k3, 1 - deep ocean efficacy
    joules_per_w_m2_yr: float

    PER_MEMBER: ClassVar[tuple[str, ...]] = (
        "co2_iirf", "co2_baseline_ppm", "ghg_scale", "ghg_offset", "ch4_chem_erf",
        "propagator", "forcing_vector", "toa_params")

    def members(self, sl: slice) -> KernelParameters:
        """The parameters of a contiguous range of members."""
        changes: dict[str, Any] = {name: np.ascontiguousarray(getattr(self, name)[sl])
                                   for name in self.PER_MEMBER}
        return replace(self, **changes)

    def args(self) -> tuple[Any, ...]:
        """Positional arguments in the kernel's order."""
        return tuple(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Ensemble:
    """Arrays for the kernel; shapes (member, ...) unless stated.

    ``emitted`` are the 51 emitted species (input order); ``*_em`` matrices
    act on emissions in that order, (member, 51).
    """

    cal: Calibration
    emitted: tuple[str, ...]
    baseline_emissions: np.ndarray          # (51,)
    independent: np.ndarray                 # emitted positions of N2O + 40 halogenated
    independent_alpha: np.ndarray           # (41,) constant lifetime scaling
    independent_lifetime: np.ndarray        # (41,) yr
    independent_baseline: np.ndarray        # (41,) ppb or ppt
    independent_per_emission: np.ndarray    # (41,) concentration per unit emission
    minor_reference: np.ndarray             # (40,) forcing reference concentration
    minor_erf: np.ndarray                   # (member, 40) W m-2 per ppt
    halogen_eesc_weight: np.ndarray         # (40,) EESC ppt per ppt (0 for non-ODS)
    eesc_baseline_ppt: float
    ch4_emission_sensitivity: np.ndarray    # (51,) CH4 lifetime chemistry
    n2o_eesc_ch4_sensitivity: np.ndarray    # (2,)
    ari_em: np.ndarray
    ozone_em: np.ndarray
    lapsi_em: np.ndarray
    landuse_cum: np.ndarray
    aci_shape_em: np.ndarray
    aci_scale: np.ndarray                   # (member,)
    n2o_eesc_ari: np.ndarray                # (member, 2)
    n2o_eesc_ozone: np.ndarray              # (member, 2)
    solar_volcanic_scale: np.ndarray        # (member, 2)
    volcanic_efficacy: float
    kernel: KernelParameters
    system_matrix: np.ndarray               # (member, 4, 4)


def _per_emission(mw: float) -> float:
    """Concentration change per unit emission (ppm per Gt, ppb per Mt, ppt per kt)."""
    return 1.0 / (MASS_ATMOSPHERE_KG / 1e18 * mw / MOLECULAR_WEIGHT_AIR)


def _scale(cal: Calibration) -> np.ndarray:
    """Forcing scale including the tropospheric adjustment, (member, specie)."""
    return cal.table("forcing_scale") * (1 + cal.table("tropospheric_adjustment"))


def _em_matrix(cal: Calibration, emitted_idx: np.ndarray, prop: str,
               agent_scale: np.ndarray, chemistry_only: bool = False) -> np.ndarray:
    """(member, 51) efficiency of a forcing linear in emissions, NaN as 0.

    With ``chemistry_only`` only the aerosol/ozone precursors emitted count
    (CH4 and N2O act through their concentrations instead).
    """
    eff = np.nan_to_num(cal.table(prop)[:, emitted_idx]) * agent_scale[:, None]
    if chemistry_only:
        eff = eff * (np.nan_to_num(cal.table("aerosol_chemistry_from_emissions")[0, emitted_idx])
                     != 0)
    return eff


@lru_cache(maxsize=8)
def _prepare(members_key: tuple[int, ...] | int | None) -> Ensemble:
    members: int | Sequence[int] | None = (
        list(members_key) if isinstance(members_key, tuple) else members_key)
    cal = load_calibration(members)
    emitted = tuple(str(s) for s in ssp_emissions().species)
    e_idx = np.array([cal.index(s) for s in emitted])
    ix = cal.index
    co2, ch4, n2o, eesc = ix("CO2"), ix("CH4"), ix("N2O"), ix("Equivalent effective "
                                                              "stratospheric chlorine")
    scale = _scale(cal)
    first = {name: cal.table(name)[0] for name in (
        "molecular_weight", "baseline_concentration", "forcing_reference_concentration",
        "baseline_emissions", "iirf_0", "g0", "g1", "unperturbed_lifetime0",
        "greenhouse_gas_radiative_efficiency", "cl_atoms", "br_atoms", "fractional_release",
        "ch4_lifetime_chemical_sensitivity", "lifetime_temperature_sensitivity",
        "h2o_stratospheric_factor", "forcing_temperature_feedback", "forcing_efficacy")}
    ghg = set(cal.flagged("greenhouse_gas").tolist())
    minor = np.array([i for i in e_idx if i in ghg and i not in (ch4, n2o)])
    indep = np.concatenate([[n2o], minor])
    # constant lifetime scaling of N2O and the halogenated gases (no state dependence)
    with np.errstate(over="ignore", invalid="ignore"):
        alpha = first["g0"][indep] * np.exp(np.minimum(first["iirf_0"][indep], IIRF_MAX_YR)
                                            / first["g1"][indep])
    alpha = np.where(np.isfinite(alpha), alpha, 1.0)
    for prop in ("iirf_uptake", "iirf_temperature", "iirf_airborne"):
        if np.any(np.nan_to_num(cal.table(prop)[:, indep]) != 0):
            raise ValueError(f"{prop} is not zero for N2O or a halogenated gas: "
                             "the kernel treats their lifetimes as constant")
    halogens = np.isin(minor, cal.of_type("cfc-11", "other halogen"))
    weight = np.where(halogens, eesc_weights(
        first["cl_atoms"][minor], first["br_atoms"][minor], first["fractional_release"][minor],
        float(first["fractional_release"][ix("CFC-11")])), 0.0)
    agent = {name: ix(name) for name in (
        "Aerosol-radiation interactions", "Aerosol-cloud interactions", "Ozone",
        "Light absorbing particles on snow and ice", "Stratospheric water vapour",
        "Land use", "Solar", "Volcanic")}
    s_ari = scale[:, agent["Aerosol-radiation interactions"]]
    s_o3 = scale[:, agent["Ozone"]]
    aci_shape = np.nan_to_num(cal.table("aci_shape")[:, e_idx])
    # the calibration's per-member parameters, as FaIR reads them
    ghg_scale = scale[:, [co2, ch4, n2o]]
    base_c = cal.table("baseline_concentration")
    ref = first["forcing_reference_concentration"]
    offset = np.empty((cal.n_members, 3))
    for m in range(cal.n_members):
        c0, m0, n0 = base_c[m, co2], base_c[m, ch4], base_c[m, n2o]
        offset[m, 0] = co2_erf(c0, n0, ref[co2]) * ghg_scale[m, 0]
        offset[m, 1] = ch4_erf(m0, n0, ref[ch4]) * ghg_scale[m, 1]
        offset[m, 2] = n2o_erf(c0, m0, n0, ref[n2o]) * ghg_scale[m, 2]
    clim = cal.climate
    a, propagator, forcing_vector = (
        x[member_rows(members)] for x in _discretised_energy_balance())
    kernel = KernelParameters(
        co2_iirf=np.stack([cal.table(p)[:, co2] for p in (
            "iirf_0", "iirf_uptake", "iirf_temperature", "iirf_airborne")], axis=1),
        co2_g=np.array([first["g0"][co2], first["g1"][co2]]),
        co2_partition=np.array([cal.table(f"partition_fraction{k}")[0, co2]
                                for k in range(N_GASBOXES)]),
        co2_lifetime=np.array([cal.table(f"unperturbed_lifetime{k}")[0, co2]
                               for k in range(N_GASBOXES)]),
        co2_ppm_per_gt=_per_emission(first["molecular_weight"][co2]),
        co2_baseline_ppm=np.ascontiguousarray(base_c[:, co2]),
        co2_reference_ppm=float(ref[co2]),
        ch4_params=np.array([
            first["unperturbed_lifetime0"][ch4], _per_emission(first["molecular_weight"][ch4]),
            first["baseline_concentration"][ch4], ref[ch4],
            first["ch4_lifetime_chemical_sensitivity"][ch4],
            first["lifetime_temperature_sensitivity"][ch4],
            np.log(CH4_LIFETIME_FLOOR), IIRF_MAX_YR]),
        n2o_baseline_ref=np.array([first["baseline_concentration"][n2o], ref[n2o]]),
        ghg_scale=np.ascontiguousarray(ghg_scale),
        ghg_offset=offset,
        ch4_chem_erf=np.stack([
            cal.table("ozone_radiative_efficiency")[:, ch4] * s_o3,
            np.nan_to_num(cal.table("erfari_radiative_efficiency")[:, ch4]) * s_ari,
            first["h2o_stratospheric_factor"][ch4]
            * scale[:, agent["Stratospheric water vapour"]]], axis=1),
        ozone_feedback=float(first["forcing_temperature_feedback"][agent["Ozone"]]),
        propagator=propagator,
        forcing_vector=forcing_vector,
        toa_params=np.stack([clim["ocean_heat_transfer"][:, 0], clim["ocean_heat_transfer"][:, 2],
                             1 - clim["deep_ocean_efficacy"]], axis=1),
        joules_per_w_m2_yr=JOULES_PER_W_M2_YR,
    )
    return Ensemble(
        cal=cal,
        emitted=emitted,
        baseline_emissions=np.nan_to_num(first["baseline_emissions"][e_idx]),
        independent=np.array([emitted.index(cal.species[i]) for i in indep]),
        independent_alpha=alpha,
        independent_lifetime=first["unperturbed_lifetime0"][indep],
        independent_baseline=first["baseline_concentration"][indep],
        independent_per_emission=np.array([_per_emission(first["molecular_weight"][i])
                                           for i in indep]),
        minor_reference=ref[minor],
        minor_erf=first["greenhouse_gas_radiative_efficiency"][minor] * 0.001 * scale[:, minor],
        halogen_eesc_weight=weight,
        eesc_baseline_ppt=float(first["baseline_concentration"][eesc]),
        ch4_emission_sensitivity=np.where(
            np.nan_to_num(cal.table("aerosol_chemistry_from_emissions")[0, e_idx]) != 0,
            first["ch4_lifetime_chemical_sensitivity"][e_idx], 0.0),
        n2o_eesc_ch4_sensitivity=first["ch4_lifetime_chemical_sensitivity"][[n2o, eesc]],
        ari_em=_em_matrix(cal, e_idx, "erfari_radiative_efficiency", s_ari, chemistry_only=True),
        ozone_em=_em_matrix(cal, e_idx, "ozone_radiative_efficiency", s_o3,
                            chemistry_only=True),
        lapsi_em=_em_matrix(cal, e_idx, "lapsi_radiative_efficiency",
                            scale[:, agent["Light absorbing particles on snow and ice"]]),
        landuse_cum=_em_matrix(cal, e_idx, "land_use_cumulative_emissions_to_forcing",
                               scale[:, agent["Land use"]]),
        aci_shape_em=aci_shape,
        aci_scale=cal.table("aci_scale")[:, 0] * scale[:, agent["Aerosol-cloud interactions"]],
        # FaIR evaluates aerosol-radiation forcing before it updates EESC, so the
        # EESC term of ERFari reads a missing value and drops out; we match that.
        n2o_eesc_ari=np.stack([np.nan_to_num(cal.table("erfari_radiative_efficiency")[:, n2o])
                               * s_ari, np.zeros(cal.n_members)], axis=1),
        n2o_eesc_ozone=np.stack([cal.table("ozone_radiative_efficiency")[:, n2o] * s_o3,
                                 cal.table("ozone_radiative_efficiency")[:, eesc] * s_o3],
                                axis=1),
        solar_volcanic_scale=np.stack([cal.table("forcing_scale")[:, agent["Solar"]],
                                       cal.table("forcing_scale")[:, agent["Volcanic"]]],
                                      axis=1),
        volcanic_efficacy=float(first["forcing_efficacy"][agent["Volcanic"]]),
        kernel=kernel,
        system_matrix=a,
    )


@lru_cache(maxsize=1)
def _discretised_energy_balance() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """System matrix, propagator and forcing vector of every calibrated member, once.

    The discretisation depends only on the calibration: it is computed once
    (841 matrix exponentials) and kept in the on-disk cache, so later processes
    load it; every member selection takes its rows.
    """
    clim = load_calibration().climate
    names = ("ocean_heat_capacity", "ocean_heat_transfer", "deep_ocean_efficacy",
             "gamma_autocorrelation")

    def compute() -> dict[str, np.ndarray]:
        with blas_single_thread():
            a = continuous_matrix(clim["ocean_heat_capacity"], clim["ocean_heat_transfer"],
                                  clim["deep_ocean_efficacy"], clim["gamma_autocorrelation"])
            propagator, forcing_vector = discrete_system(a, clim["gamma_autocorrelation"])
        return {"system_matrix": a, "propagator": propagator, "forcing_vector": forcing_vector}

    inputs = hashlib.sha256(b"".join(np.ascontiguousarray(clim[n]).tobytes() for n in names))
    arrays = cached_arrays("energy-balance", {"accord": accord.__version__,
                                              "inputs_sha256": inputs.hexdigest()}, compute)
    out = (arrays["system_matrix"], arrays["propagator"], arrays["forcing_vector"])
    for x in out:
        x.setflags(write=False)
    return out


def prepare(members: int | Sequence[int] | None = None) -> Ensemble:
    """Kernel parameters for ``members`` (None: all; N: the first N; or config ids).

    A list of config ids that names the first N members in order is the same
    selection as N, and shares its cached parameters.
    """
    key: tuple[int, ...] | int | None
    if members is None or isinstance(members, int | np.integer):
        key = None if members is None else int(members)
    else:
        key = tuple(int(m) for m in members)
        rows = member_rows(list(key))
        if np.array_equal(rows, np.arange(len(rows))):
            key = len(rows)
    if key == member_rows(None).size:
        key = None
    return _prepare(key)


@lru_cache(maxsize=1)
def solar_volcanic_erf() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Time bounds and unscaled solar and volcanic ERF (W m-2) from 1750."""
    d = load_npz("solar_volcanic.npz")
    return d["timebounds"], d["solar_erf_w_m2"], d["volcanic_erf_w_m2"]
