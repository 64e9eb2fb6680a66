"""The other orchestration: world emissions (a file or array) -> ensemble -> verdicts.

``accord assess``, ``accord batch`` (for emissions files) and the Python API all go
through :func:`assess_emissions` (an array) or :func:`assess_emissions_file` (a
file). Scenarios are run in chunks of ``chunk``; each chunk's ensemble is assessed
and dropped before the next is read, so memory stays bounded whatever the number of
scenarios (a file is parsed once; only its value block stays in memory). Each
scenario is warm-started from the last year its emissions equal the shipped history
(the calibration's SSP2-4.5 history, at most 2023): scenarios of the AR6 database,
whose values start in 2015, share the cached 1750-2014 state.

Examples
--------
>>> from accord.climate import ssp_emissions_array
>>> out = list(assess_emissions(ssp_emissions_array(["ssp126", "ssp585"]), members=10))
>>> [o.verdict.scenario for o in out], out[0].gsat_percentiles_k.shape
(['ssp126', 'ssp585'], (5, 351))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import numpy as np
import xarray as xr

from accord.assessment import Verdict, assess
from accord.assessment.metrics import fan_percentiles
from accord.climate import run
from accord.climate.api import LAST_YEAR, ClimateInputError, NonFiniteResultError
from accord.climate.emissions_io import EmissionsFileError, count_scenarios, open_emissions
from accord.climate.files.reader import select_scenarios
from accord.climate.history import HISTORY_END
from accord.climate.warm import warm_arrays
from accord.data import ssp_emissions

__all__ = ["CHUNK", "MAX_SCENARIOS", "EmissionsOutcome", "assess_emissions",
           "assess_emissions_file"]

#: scenarios run together (warming of 8 x 841 members x 351 years is 19 MB of float64)
CHUNK = 8
#: most scenarios ``accord assess`` takes from one file; larger files go to ``accord batch``
MAX_SCENARIOS = 2_000
#: the SSP whose history the warm start is keyed on
REFERENCE = "ssp245"

Members = int | Sequence[int] | None


@dataclass(frozen=True)
class EmissionsOutcome:
    """The verdict of one scenario and its warming percentiles.

    Attributes
    ----------
    verdict : Verdict
    years : ndarray of int, shape (year,)
    gsat_percentiles_k : ndarray, shape (5, year)
        GSAT percentiles ``FAN_PERCENTILES`` (5, 17, 50, 83, 95) over members, K vs
        1850-1900.
    """

    verdict: Verdict
    years: np.ndarray = field(repr=False)
    gsat_percentiles_k: np.ndarray = field(repr=False)


def shared_history_end(values: np.ndarray, first_year: int) -> int | None:
    """Last year up to which ``values`` (year, specie) equal the reference history.

    At most ``HISTORY_END``; None if they differ from the first year (a cold run).
    """
    ref = ssp_emissions().scenario(REFERENCE)
    start = first_year - int(ssp_emissions().years[0])
    if start != 0:
        return None
    n = min(HISTORY_END - first_year + 1, values.shape[0])
    same = np.all(values[:n] == ref[:n], axis=1)
    k = n if same.all() else int(np.argmin(same))
    return first_year + k - 1 if k > 0 else None


def _run(da: xr.DataArray, idx: list[int], end: int | None, members: Members,
         variability: bool, seed: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(run, member, year) warming, (run, year) cumulative CO2 and years of some scenarios."""
    if end is None:
        ds = run(da.isel(scenario=idx), members=members, variability=variability,
                 seed=seed).dataset
        return (ds["gsat_k"].transpose("scenario", "member", "year").values,
                ds["cumulative_co2_gt"].transpose("scenario", "year").values, ds["year"].values)
    values = da.isel(scenario=idx).transpose("scenario", "year", "specie").values
    warm = warm_arrays(values, members=members, variability=variability, seed=seed,
                       history_end=end)
    return warm.gsat_k, warm.cumulative_co2_gt, warm.years


def _chunk(da: xr.DataArray, members: Members, variability: bool,
           seed: int | None) -> list[EmissionsOutcome]:
    """Run and assess the scenarios of one chunk, in their order."""
    first, last = int(da["year"].values[0]), int(da["year"].values[-1])
    if last < LAST_YEAR:
        raise ClimateInputError(
            f"emissions do not cover {first}-{LAST_YEAR}: years {last + 1}... are missing; "
            f"the assessment needs every year to {LAST_YEAR}; fix: extend the file")
    names = [str(n) for n in da["scenario"].values]
    values = da.transpose("scenario", "year", "specie").values
    groups: dict[int | None, list[int]] = {}
    for i in range(values.shape[0]):
        groups.setdefault(shared_history_end(values[i], first), []).append(i)
    out: dict[int, EmissionsOutcome] = {}
    for end, idx in groups.items():
        gsat, cumulative, years = _run(da, idx, end, members, variability, seed)
        for j, i in enumerate(idx):
            bad = np.flatnonzero(~np.isfinite(gsat[j]).all(axis=0))
            if bad.size:
                raise NonFiniteResultError(
                    f"scenario {names[i]!r}: the climate run gave a non-finite temperature "
                    f"from {int(years[bad[0]])}: its emissions are beyond what the model can "
                    "integrate; fix: check their values and units")
            out[i] = EmissionsOutcome(assess(names[i], gsat[j], years, cumulative[j]), years,
                                      fan_percentiles(gsat[j], axis=0))
        del gsat, cumulative
    return [out[i] for i in range(values.shape[0])]


def assess_emissions(
    emissions: xr.DataArray,
    *,
    members: Members = None,
    variability: bool = False,
    seed: int | None = None,
    chunk: int = CHUNK,
    progress: Callable[[float], None] | None = None,
) -> Iterator[EmissionsOutcome]:
    """Verdicts of world emission scenarios, run ``chunk`` at a time.

    Parameters
    ----------
    emissions : DataArray, dims (scenario, year, specie)
        As :func:`accord.climate.load_emissions` returns (from 1750).
    members, variability, seed
        As for :func:`accord.climate.run`.
    chunk : int
        Scenarios run together.
    progress : callable, optional
        Called with the fraction of scenarios done.

    Yields
    ------
    EmissionsOutcome
        In the order of ``emissions.scenario``.

    Raises
    ------
    accord.climate.api.NonFiniteResultError
        A scenario's warming is not finite.
    """
    n = emissions.sizes["scenario"]
    for k in range(0, n, max(chunk, 1)):
        yield from _chunk(emissions.isel(scenario=slice(k, k + chunk)), members,
                          variability, seed)
        if progress is not None:
            progress(min(k + chunk, n) / n)


def assess_emissions_file(
    path: str | PathLike[str],
    scenarios: Sequence[str] | None = None,
    *,
    members: Members = None,
    variability: bool = False,
    seed: int | None = None,
    variable_prefix: str | None = None,
    infill: bool = True,
    chunk: int = CHUNK,
    max_scenarios: int = MAX_SCENARIOS,
    notice: Callable[[str], None] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[EmissionsOutcome]:
    """Verdicts of the scenarios of an emissions file, read and run in chunks.

    Parameters
    ----------
    path : path-like
        CSV in FaIR or IAMC layout (:func:`accord.climate.load_emissions`).
    scenarios : sequence of str, optional
        Scenarios to assess (default: all, at most ``max_scenarios``).
    variable_prefix, infill
        As for :func:`accord.climate.load_emissions`.
    notice : callable, optional
        Called with one line per harmonised and infilled scenario.

    Raises
    ------
    EmissionsFileError
        The file cannot be read, or holds more than ``max_scenarios`` scenarios and
        none were picked (the message points to ``accord batch``).
    """
    file = Path(path)
    if scenarios is None:
        if file.is_file():
            count = count_scenarios(file)
            if count > max_scenarios:
                raise EmissionsFileError(
                    f"{file}: {count} scenarios; accord assess runs at most {max_scenarios} "
                    "from one file; fix: run 'accord batch "
                    f"{file} --out FOLDER' (resumable, parallel) or pick scenarios with "
                    "--scenario")
    source = open_emissions(file, variable_prefix=variable_prefix, infill=infill)
    names = select_scenarios(source.scenarios, scenarios, source.source)
    for k in range(0, len(names), max(chunk, 1)):
        da, notes = source.read(names[k:k + chunk])
        for note in notes:
            if notice is not None:
                notice(note)
        yield from _chunk(da, members, variability, seed)
        if progress is not None:
            progress(min(k + chunk, len(names)) / len(names))
