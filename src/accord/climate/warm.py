"""Warm-started runs: the shared history from the cache, then only the future.

Policy scenarios built on one reference world share their emissions up to the
end of history (:data:`~accord.climate.history.HISTORY_END`), so their
1750-2023 run is the same: :func:`~accord.climate.history.historical_state`
computes it once and caches it, and a warm-started run integrates 2024
onwards from its end state. Two entry points share that path:

* :func:`run_warm` takes and returns labelled data (an :class:`xarray.DataArray`
  in, a :class:`~accord.climate.result.ClimateResult` out), like
  :func:`accord.climate.run`;
* :func:`warm_arrays` takes and returns plain arrays and builds no labelled
  objects once the history is cached: the path a slider move takes.

Whether scenarios share a history is answered by :func:`shares_history` and
:func:`history_groups`, here only.

Examples
--------
>>> from accord.climate import ssp_emissions_array
>>> result = run_warm(ssp_emissions_array(["ssp245"]), members=4, end=2030)
>>> int(result.gsat_k.year[0]), int(result.gsat_k.year[-1])
(1750, 2030)
>>> e = ssp_emissions_array(["ssp126", "ssp245"])
>>> shares_history(e, 2022), shares_history(e, 2023)
(True, False)
>>> warm = warm_arrays(e.transpose("scenario", "year", "specie").values, members=4)
>>> warm.gsat_k.shape
(2, 4, 351)
>>> float(np.abs(warm.gsat_k[1, :, :281] - result.gsat_k[0].values).max()) < 1e-12
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from accord.climate.engine import FIRST_YEAR, integrate_surface
from accord.climate.ensemble import prepare
from accord.climate.history import HISTORY_END, historical_arrays, historical_state
from accord.climate.result import cumulative_co2_gt, gsat_anomaly_k
from accord.climate.state import ClimateState

if TYPE_CHECKING:  # the labelled entry points import xarray when called
    import xarray as xr

    from accord.climate.result import ClimateResult

__all__ = ["WarmRun", "history_groups", "run_warm", "shares_history", "warm_arrays"]


def history_groups(emissions: np.ndarray, history_years: int) -> list[list[int]]:
    """Runs grouped by identical emissions over their first ``history_years`` years.

    Parameters
    ----------
    emissions : ndarray, shape (run, year, specie)
    history_years : int
        Number of leading years that make up the history.

    Returns
    -------
    list of list of int
        Run indices per group, groups in order of their first run.

    Examples
    --------
    >>> e = np.zeros((3, 4, 1)); e[1, 3] = 1.0; e[2, 0] = 1.0
    >>> history_groups(e, 3)
    [[0, 1], [2]]
    """
    groups: dict[bytes, list[int]] = {}
    for i, run_emissions in enumerate(emissions):
        key = np.ascontiguousarray(run_emissions[:history_years]).tobytes()
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def shares_history(emissions: xr.DataArray, history_end: int = HISTORY_END) -> bool:
    """True when all scenarios have identical emissions from 1750 to ``history_end``.

    Parameters
    ----------
    emissions : xarray.DataArray, dims (scenario, year, specie)
    history_end : int
        Last year of the history.
    """
    past = emissions.sel(year=slice(FIRST_YEAR, history_end)).transpose(
        "scenario", "year", "specie")
    return len(history_groups(past.values, past.sizes["year"])) <= 1


def run_warm(
    emissions: xr.DataArray,
    *,
    members: int | Sequence[int] | None = None,
    end: int = 2100,
    variability: bool = False,
    seed: int | None = None,
    history_end: int = HISTORY_END,
    progress: Callable[[float], None] | None = None,
) -> ClimateResult:
    """:func:`accord.climate.run` from 1750, with the shared history from the cache.

    All scenarios must share their emissions up to ``history_end`` (as policy
    scenarios built on one reference world do); the result equals a full run
    (to rounding) and its dataset covers 1750..``end``.
    """
    if not shares_history(emissions, history_end):
        raise ValueError(f"run_warm needs scenarios that share their emissions up to "
                         f"{history_end}; run them separately or use accord.climate.run")
    import xarray as xr

    from accord.climate.api import run

    state, history = historical_state(emissions, members=members, variability=variability,
                                      seed=seed, end=history_end)
    future = run(emissions, members=members, start=history_end + 1, end=end,
                 variability=variability, seed=seed, initial_state=state, progress=progress)
    scenarios = list(future.dataset["scenario"].values)
    past = history.isel(scenario=[0] * len(scenarios)).assign_coords(scenario=scenarios)
    combined = xr.concat([past, future.dataset], dim="year", data_vars="all",
                         coords="minimal", compat="override", join="override")
    combined.attrs = future.dataset.attrs
    return dataclasses.replace(future, dataset=combined)


@dataclass(frozen=True)
class WarmRun:
    """Annual results of :func:`warm_arrays`.

    Attributes
    ----------
    gsat_k : ndarray, shape (run, member, year)
        GSAT anomaly against each member's 1850-1900 mean (K).
    cumulative_co2_gt : ndarray, shape (run, year)
        Cumulative CO2 emissions (fossil and land use) since 1750 to the end of
        each year (Gt CO2).
    years : ndarray, shape (year,)
    """

    gsat_k: np.ndarray
    cumulative_co2_gt: np.ndarray
    years: np.ndarray


def _history_arrays(emissions: np.ndarray, members: int | Sequence[int] | None,
                    variability: bool, seed: int | None,
                    history_end: int) -> tuple[ClimateState, np.ndarray, np.ndarray]:
    """State, (1, member, year) GSAT and (1, year) cumulative CO2 of the cached history."""
    hit = historical_arrays(emissions, members=members, variability=variability, seed=seed,
                            end=history_end)
    dims, gsat = hit.variables["gsat_k"]
    cum_dims, cumulative = hit.variables["cumulative_co2_gt"]
    order = [dims.index(d) for d in ("scenario", "member", "year")]
    return (hit.state, np.transpose(gsat, order),
            np.transpose(cumulative, [cum_dims.index(d) for d in ("scenario", "year")]))


def warm_arrays(
    emissions: np.ndarray,
    *,
    members: int | Sequence[int] | None = None,
    variability: bool = False,
    seed: int | None = None,
    history_end: int = HISTORY_END,
    progress: Callable[[float], None] | None = None,
) -> WarmRun:
    """Warm-started runs of world emissions given as a plain array, 1750 to the last year.

    Runs that share their history share one cached warm start (one kernel call
    per group); the result equals :func:`run_warm` (and a full run, to rounding).

    Parameters
    ----------
    emissions : ndarray, shape (run, year, 51)
        World emissions per species from 1750, in the order and units of the
        calibration's emitted species (``accord.data.ssp_emissions().species``).
    members, variability, seed
        As for :func:`accord.climate.run`.
    history_end : int
        Last year of the shared history.
    progress : callable, optional
        Called with the fraction of the runs done, after each group.

    Returns
    -------
    WarmRun
    """
    if variability and seed is None:
        raise ValueError("variability=True needs an explicit seed (e.g. seed=0), so that "
                         "identical inputs give identical outputs")
    emissions = np.asarray(emissions, dtype=np.float64)
    n_run, n_year, _ = emissions.shape
    n_hist = history_end - FIRST_YEAR + 1
    if not n_hist < n_year:
        raise ValueError(f"emissions cover {n_year} years from {FIRST_YEAR}: a warm start "
                         f"from {history_end} needs years after it")
    if not np.isfinite(emissions).all():
        run_i, year_i, _ = np.argwhere(~np.isfinite(emissions))[0]
        raise ValueError(f"emissions of run {run_i} in {FIRST_YEAR + year_i} are not finite")
    ens = prepare(members)
    gsat = np.empty((n_run, ens.cal.n_members, n_year))
    cumulative = np.empty((n_run, n_year))
    done = 0
    for idx in history_groups(emissions, n_hist):
        state, past_gsat, past_cumulative = _history_arrays(
            emissions[idx[0]], members, variability, seed, history_end)
        start = state.broadcast_scenarios(tuple(f"run{i}" for i in idx))
        series = integrate_surface(ens, np.ascontiguousarray(emissions[idx, n_hist:]),
                                   history_end + 1, start)
        gsat[idx, :, :n_hist] = past_gsat
        gsat[idx, :, n_hist:] = gsat_anomaly_k(series, start.gsat_reference_k)
        cumulative[idx, :n_hist] = past_cumulative
        cumulative[idx, n_hist:] = cumulative_co2_gt(series, ens)
        done += len(idx)
        if progress is not None:
            progress(done / n_run)
    return WarmRun(gsat, cumulative, np.arange(FIRST_YEAR, FIRST_YEAR + n_year))
