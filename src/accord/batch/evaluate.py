"""Evaluate batch items: the thin adapter over ``simulate`` and the climate engine.

This is what runs on a worker. A deal (``kind == "scenario"``) goes through
:func:`accord.pipeline.simulate` with ``attribution=False``; an emissions
scenario from an IAMC file is run warm-started from the history it shares
with the other scenarios of its file and assessed with
:func:`accord.assessment.assess`. Either way the outcome is a flat row of
headline numbers and the GSAT percentile series; an exception becomes an
outcome carrying its error, so one bad scenario never stops a batch.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from accord.assessment.metrics import FAN_PERCENTILES, fan_percentiles
from accord.batch.sources import BatchItem

__all__ = ["PERCENTILES", "Outcome", "evaluate", "evaluate_chunk", "flatten"]

#: percentiles of the stored GSAT series
PERCENTILES = FAN_PERCENTILES


@dataclass(frozen=True)
class Outcome:
    """The result of one item.

    Attributes
    ----------
    name, sha : str
        The item's name and input fingerprint.
    row : dict
        Flat headline numbers (``verdict`` keys joined with dots, e.g.
        ``peak_warming_k.p50``; ``vs_baseline.*`` for deals); empty on failure.
    years : ndarray, shape (year,)
    series_k : ndarray, shape (5, year)
        GSAT percentiles (5, 17, 50, 83, 95) per year, K vs 1850-1900.
    error : str, optional
        ``Type: message`` of the failure.
    seconds : float
        Wall time of the evaluation.
    """

    name: str
    sha: str
    row: dict[str, object] = field(default_factory=dict)
    years: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    series_k: np.ndarray = field(default_factory=lambda: np.zeros((5, 0)), repr=False)
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the item was evaluated."""
        return self.error is None


def flatten(d: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Nested dicts to one level, keys joined with dots; ``None`` becomes NaN.

    >>> flatten({"a": {"p50": 1.0, "2100": None}, "b": "x"})
    {'a.p50': 1.0, 'a.2100': nan, 'b': 'x'}
    """
    out: dict[str, object] = {}
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}."))
        elif value is None:
            out[name] = float("nan")
        elif isinstance(value, bool | np.bool_):
            out[name] = bool(value)
        elif isinstance(value, int | float | np.integer | np.floating):
            out[name] = float(value)
        else:
            out[name] = str(value)
    return out


def _series(gsat_k: np.ndarray) -> np.ndarray:
    """Percentiles over members of (member, year) -> (5, year)."""
    return fan_percentiles(gsat_k, axis=0)


def _deal(item: BatchItem, members: int | Sequence[int] | None,
          baseline: str) -> tuple[dict[str, object], np.ndarray, np.ndarray]:
    from accord.pipeline import simulate

    result = simulate(item.scenario if item.scenario is not None else item.name,
                      baseline=baseline, members=members, attribution=False)
    row = flatten(result.verdict.to_dict())
    row.update(flatten(result.avoided.to_dict(), "vs_baseline."))
    gsat = result.climate["gsat_k"].isel(run=0).transpose("member", "year").values
    return row, result.climate["year"].values, _series(gsat)


def _emissions(item: BatchItem, members: int | Sequence[int] | None,
               ) -> tuple[dict[str, object], np.ndarray, np.ndarray]:
    from accord.climate import ssp_emissions_array
    from accord.pipeline.emissions_file import assess_emissions

    if item.emissions is None:
        raise ValueError(f"{item.name}: no emissions")
    species = ssp_emissions_array(["ssp245"])["specie"].values
    years = np.arange(item.first_year, item.first_year + item.emissions.shape[0])
    da = xr.DataArray(item.emissions[None], dims=("scenario", "year", "specie"),
                      coords={"scenario": [item.name], "year": years, "specie": species})
    outcome = next(assess_emissions(da, members=members))
    return flatten(outcome.verdict.to_dict()), outcome.years, outcome.gsat_percentiles_k


def evaluate(item: BatchItem, *, members: int | Sequence[int] | None = None,
             baseline: str = "current-policies") -> Outcome:
    """Evaluate one item; any exception is caught into :attr:`Outcome.error`.

    Parameters
    ----------
    item : BatchItem
    members : None, int or sequence of int
        Ensemble members (None: all 841).
    baseline : str
        Baseline of the deals (preset name or scenario file).
    """
    start = time.perf_counter()
    if item.error is not None:
        return Outcome(item.name, item.sha, error=item.error)
    try:
        if item.kind == "scenario":
            row, years, series = _deal(item, members, baseline)
        else:
            row, years, series = _emissions(item, members)
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" (at {last.name}:{last.lineno})" if last is not None else ""
        return Outcome(item.name, item.sha, error=f"{type(exc).__name__}: {exc}{where}",
                       seconds=time.perf_counter() - start)
    row.pop("scenario", None)  # the item's name keys the row
    return Outcome(item.name, item.sha, row, np.asarray(years, dtype=np.int64), series,
                   seconds=time.perf_counter() - start)


def evaluate_chunk(items: Sequence[BatchItem], members: int | Sequence[int] | None = None,
                   baseline: str = "current-policies") -> list[Outcome]:
    """Evaluate a chunk of items in turn (the task a worker runs)."""
    return [evaluate(item, members=members, baseline=baseline) for item in items]
