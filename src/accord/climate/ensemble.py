"""Kernel-ready parameters of the calibrated ensemble, resolved once.

:func:`prepare` turns a :class:`~accord.climate.parameters.Calibration` into
what the kernel and the precomputation use: the named records of the processes
the time loop integrates (:mod:`~accord.climate.processes` builds each one),
and the species index groups, forcing scales and efficiencies of the
state-independent forcing. It is cached per member selection, so a run only
pays for it once per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import accord
from accord.climate import records
from accord.climate.cache import cached_arrays
from accord.climate.energy_balance import (
    continuous_matrix,
    discrete_system,
)
from accord.climate.gas_cycle import eesc_weights
from accord.climate.parameters import Calibration, load_calibration, member_rows
from accord.climate.processes import (
    IIRF_MAX_YR,
    aerosol_radiation,
    carbon_cycle,
    energy_balance,
    forcing_scale,
    greenhouse_forcing,
    methane,
    ozone,
    per_emission,
)
from accord.climate.threads import blas_single_thread
from accord.data import load_npz, ssp_emissions

__all__ = ["AGENTS", "Ensemble", "prepare"]

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
    lapsi_em: np.ndarray
    landuse_cum: np.ndarray
    aci_shape_em: np.ndarray
    aci_scale: np.ndarray                   # (member,)
    solar_volcanic_scale: np.ndarray        # (member, 2)
    volcanic_efficacy: float
    carbon: records.CarbonCycle
    methane: records.Methane
    ghg: records.GreenhouseForcing
    ozone: records.Ozone
    ari: records.AerosolRadiation
    ebm: records.EnergyBalance
    system_matrix: np.ndarray               # (member, 4, 4)


def _em_matrix(cal: Calibration, emitted_idx: np.ndarray, prop: str,
               agent_scale: np.ndarray) -> np.ndarray:
    """(member, 51) efficiency of a forcing linear in emissions, NaN as 0."""
    return np.nan_to_num(cal.table(prop)[:, emitted_idx]) * agent_scale[:, None]


@lru_cache(maxsize=8)
def _prepare(members_key: tuple[int, ...] | int | None) -> Ensemble:
    members: int | Sequence[int] | None = (
        list(members_key) if isinstance(members_key, tuple) else members_key)
    cal = load_calibration(members)
    emitted = tuple(str(s) for s in ssp_emissions().species)
    e_idx = np.array([cal.index(s) for s in emitted])
    ix = cal.index
    ch4, n2o, eesc = ix("CH4"), ix("N2O"), ix("Equivalent effective stratospheric chlorine")
    scale = forcing_scale(cal)
    first = {name: cal.table(name)[0] for name in (
        "molecular_weight", "baseline_concentration", "forcing_reference_concentration",
        "baseline_emissions", "iirf_0", "g0", "g1", "unperturbed_lifetime0",
        "greenhouse_gas_radiative_efficiency", "cl_atoms", "br_atoms", "fractional_release",
        "ch4_lifetime_chemical_sensitivity", "forcing_efficacy")}
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
        "Aerosol-cloud interactions", "Light absorbing particles on snow and ice", "Land use",
        "Solar", "Volcanic")}
    aci_shape = np.nan_to_num(cal.table("aci_shape")[:, e_idx])
    a, propagator, forcing_vector = (
        x[member_rows(members)] for x in _discretised_energy_balance())
    return Ensemble(
        cal=cal,
        emitted=emitted,
        baseline_emissions=np.nan_to_num(first["baseline_emissions"][e_idx]),
        independent=np.array([emitted.index(cal.species[i]) for i in indep]),
        independent_alpha=alpha,
        independent_lifetime=first["unperturbed_lifetime0"][indep],
        independent_baseline=first["baseline_concentration"][indep],
        independent_per_emission=np.array([per_emission(first["molecular_weight"][i])
                                           for i in indep]),
        minor_reference=first["forcing_reference_concentration"][minor],
        minor_erf=first["greenhouse_gas_radiative_efficiency"][minor] * 0.001 * scale[:, minor],
        halogen_eesc_weight=weight,
        eesc_baseline_ppt=float(first["baseline_concentration"][eesc]),
        ch4_emission_sensitivity=np.where(
            np.nan_to_num(cal.table("aerosol_chemistry_from_emissions")[0, e_idx]) != 0,
            first["ch4_lifetime_chemical_sensitivity"][e_idx], 0.0),
        n2o_eesc_ch4_sensitivity=first["ch4_lifetime_chemical_sensitivity"][[n2o, eesc]],
        lapsi_em=_em_matrix(cal, e_idx, "lapsi_radiative_efficiency",
                            scale[:, agent["Light absorbing particles on snow and ice"]]),
        landuse_cum=_em_matrix(cal, e_idx, "land_use_cumulative_emissions_to_forcing",
                               scale[:, agent["Land use"]]),
        aci_shape_em=aci_shape,
        aci_scale=cal.table("aci_scale")[:, 0] * scale[:, agent["Aerosol-cloud interactions"]],
        solar_volcanic_scale=np.stack([cal.table("forcing_scale")[:, agent["Solar"]],
                                       cal.table("forcing_scale")[:, agent["Volcanic"]]],
                                      axis=1),
        volcanic_efficacy=float(first["forcing_efficacy"][agent["Volcanic"]]),
        carbon=carbon_cycle(cal),
        methane=methane(cal),
        ghg=greenhouse_forcing(cal),
        ozone=ozone(cal, e_idx),
        ari=aerosol_radiation(cal, e_idx),
        ebm=energy_balance(cal, propagator, forcing_vector),
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
