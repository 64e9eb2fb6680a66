"""The public entry point of the climate engine: :func:`run`.

Examples
--------
>>> from accord.climate import run, ssp_emissions_array
>>> result = run(ssp_emissions_array(["ssp245"]), members=5, end=2030)
>>> result.gsat_k.sizes["member"], float(result.gsat_k.sel(year=2020).median()) > 1.0
(5, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import xarray as xr

from accord.climate.engine import FIRST_YEAR, cold_state, integrate_run
from accord.climate.ensemble import prepare
from accord.climate.result import ClimateResult, annual_dataset, gsat_reference_k
from accord.climate.state import MAX_SEED, ClimateState
from accord.errors import AccordInputError

__all__ = ["MAX_SEED", "ClimateInputError", "NonFiniteResultError", "run"]


class ClimateInputError(AccordInputError):
    """Emissions handed to the engine that cannot be run (missing years, species, NaN)."""


class NonFiniteResultError(ClimateInputError):
    """The ensemble gave a non-finite temperature: an error, never a category."""


#: last year the shipped solar and volcanic forcing covers
LAST_YEAR = 2100


def _emission_values(emissions: xr.DataArray, species: tuple[str, ...], start: int,
                     end: int) -> np.ndarray:
    """Validated (scenario, year, specie) float array for years start..end."""
    missing_dims = {"scenario", "year", "specie"} - set(emissions.dims)
    if missing_dims:
        raise ClimateInputError(f"emissions lacks dims {sorted(missing_dims)}: expected "
                               "(scenario, year, specie)")
    have = [str(s) for s in emissions["specie"].values]
    missing = [s for s in species if s not in have]
    if missing:
        raise ClimateInputError(f"emissions lack species {missing}: all 51 emitted species of the "
                               "calibration are needed")
    years = emissions["year"].values.astype(np.int64)
    wanted = np.arange(start, end + 1)
    absent = np.setdiff1d(wanted, years)
    if absent.size:
        raise ClimateInputError(f"emissions do not cover {start}-{end}: years {absent[:3].tolist()}"
                               f"... are missing; give annual values for every year of the run")
    ordered = emissions.transpose("scenario", "year", "specie")
    rows = np.searchsorted(years, wanted) if np.all(np.diff(years) > 0) else None
    if rows is not None and have == list(species):  # the usual layout: plain indexing
        values = np.asarray(ordered.values[:, rows], dtype=np.float64)
    else:
        values = ordered.sel(year=wanted, specie=list(species)).values.astype(np.float64)
    if not np.isfinite(values).all():
        s, y, k = np.argwhere(~np.isfinite(values))[0]
        raise ClimateInputError(f"emissions of {species[k]} in {wanted[y]} for scenario "
                               f"{emissions['scenario'].values[s]!r} are not finite")
    return np.ascontiguousarray(values)


def _check_finite(gsat_k: xr.DataArray, scenarios: tuple[str, ...]) -> None:
    """Refuse a run whose warming is not finite anywhere (NaN or overflow)."""
    ok = np.isfinite(gsat_k.values)
    if ok.all():
        return
    where = np.argwhere(~ok)[0]
    dims = list(gsat_k.dims)
    s = int(where[dims.index("scenario")])
    year = int(gsat_k["year"].values[where[dims.index("year")]])
    raise NonFiniteResultError(
        f"scenario {scenarios[s]!r}: the climate run gave a non-finite temperature from "
        f"{year}: its emissions are beyond what the model can integrate; fix: check their "
        "values and units")


def _initial_state(initial_state: ClimateState | None, scenarios: tuple[str, ...],
                   members: int | Sequence[int] | None, start: int, variability: bool,
                   seed: int | None) -> tuple[ClimateState | None, int | Sequence[int] | None]:
    if initial_state is None:
        if start != FIRST_YEAR:
            raise ValueError(f"start={start} needs an initial_state: a run from the "
                             f"pre-industrial state starts in {FIRST_YEAR}")
        return None, members
    if start != initial_state.year + 1:
        raise ValueError(f"start={start} does not follow initial_state (the state at the end "
                         f"of {initial_state.year}): use start={initial_state.year + 1}")
    if (variability, seed if variability else None) != (
            initial_state.variability, initial_state.seed if initial_state.variability
            else None):
        raise ValueError("variability and seed must be those of the run that made "
                         "initial_state")
    config_ids = (initial_state.config_ids if members is None
                  else prepare(members).cal.config_ids)
    state = initial_state.select(None, config_ids)
    if state.scenarios != scenarios:
        if len(state.scenarios) == 1:
            state = state.broadcast_scenarios(scenarios)
        else:
            state = state.select(list(scenarios))
    return state, [int(c) for c in config_ids]


def run(
    emissions: xr.DataArray,
    *,
    members: int | Sequence[int] | None = None,
    start: int = FIRST_YEAR,
    end: int = LAST_YEAR,
    variability: bool = False,
    seed: int | None = None,
    initial_state: ClimateState | None = None,
    progress: Callable[[float], None] | None = None,
) -> ClimateResult:
    """Run the calibrated ensemble on world emissions.

    Parameters
    ----------
    emissions : xarray.DataArray
        World emissions, dims (scenario, year, specie), the 51 emitted species
        in the calibration's units (see :func:`accord.climate.ssp_emissions_array`,
        :func:`accord.climate.load_emissions`). The value for year Y is the
        flow during Y.
    members : None, int or sequence of int
        All 841 members (None), the first N, or a list of config ids.
    start, end : int
        First and last year integrated. ``start`` is 1750 unless
        ``initial_state`` is given, then it is the year after the state's.
    variability : bool
        Add the calibrated internal variability (needs ``seed``).
    seed : int, optional
        Added to each member's calibrated seed; ``seed=0`` reproduces FaIR's
        draws for the calibration.
    initial_state : ClimateState, optional
        From :meth:`ClimateResult.state_at`; a one-scenario state is used for
        every scenario.
    progress : callable, optional
        Called with the fraction of the work done.

    Returns
    -------
    ClimateResult
    """
    if variability and seed is None:
        raise ValueError("variability=True needs an explicit seed (e.g. seed=0), so that "
                         "identical inputs give identical outputs")
    if variability and seed is not None and not 0 <= seed <= MAX_SEED:
        raise ClimateInputError(
            f"seed = {seed}: allowed range 0 to {MAX_SEED} (it is added to each member's "
            "calibrated seed, and the sum must fit the random generator's 32 bits); fix: "
            "choose a seed in that range")
    if not start <= end <= LAST_YEAR:
        raise ValueError(f"end={end} is out of range: give {start}..{LAST_YEAR}")
    if not isinstance(emissions, xr.DataArray):
        raise TypeError("emissions must be an xarray.DataArray with dims (scenario, year, "
                        "specie): read files with accord.climate.load_emissions")
    scenarios = tuple(str(s) for s in emissions["scenario"].values)
    state, members = _initial_state(initial_state, scenarios, members, start, variability,
                                    seed)
    if state is None and end < 1900:
        raise ValueError(f"end={end}: a run from 1750 must reach 1900 to define the "
                         "1850-1900 reference of temperature anomalies")
    ens = prepare(members)
    values = _emission_values(emissions, ens.emitted, start, end)
    if state is None:
        state = cold_state(ens, scenarios, variability, seed)
    initial = state
    series = integrate_run(ens, values, start, initial, progress)
    reference = gsat_reference_k(series) if start == FIRST_YEAR else initial.gsat_reference_k
    dataset = annual_dataset(series, ens, scenarios, reference, variability)
    _check_finite(dataset["gsat_k"], scenarios)

    def rerun(year: int) -> ClimateState:
        again = integrate_run(ens, values[:, :year - start + 1], start, initial)
        return replace(again.final, gsat_reference_k=reference)

    return ClimateResult(dataset, replace(series.final, gsat_reference_k=reference), rerun)
