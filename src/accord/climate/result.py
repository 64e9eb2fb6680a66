"""The labelled result of a climate run, and the state at any year.

:class:`ClimateResult` holds an :class:`xarray.Dataset` with dims ``year``,
``scenario``, ``member`` (and ``agent`` for forcing) of annual values, plus the
bound-level arrays needed to hand back the model state at the end of any year
(:meth:`ClimateResult.state_at`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from accord.climate.engine import BoundSeries, SurfaceSeries
from accord.climate.ensemble import AGENTS, Ensemble
from accord.climate.state import ClimateState

if TYPE_CHECKING:  # imported when a labelled dataset is built
    import xarray as xr

__all__ = ["ClimateResult", "annual_dataset", "cumulative_co2_gt", "gsat_anomaly_k"]

#: the reference period of temperature anomalies (inclusive)
REFERENCE_PERIOD = (1850, 1900)


def _annual(bound_values: np.ndarray) -> np.ndarray:
    """Annual means from bound values along the last axis: year Y = mean of bounds Y, Y+1."""
    return 0.5 * (bound_values[..., 1:] + bound_values[..., :-1])


def gsat_reference_k(series: BoundSeries) -> np.ndarray:
    """Each member's mean annual surface temperature over 1850-1900, (scenario, member)."""
    years = np.arange(series.start, series.end + 1)
    mask = (years >= REFERENCE_PERIOD[0]) & (years <= REFERENCE_PERIOD[1])
    annual = _annual(series.surface_k)
    return annual[..., mask].mean(axis=-1)


def gsat_anomaly_k(series: SurfaceSeries, reference_k: np.ndarray) -> np.ndarray:
    """Annual GSAT anomaly against ``reference_k`` (scenario, member), (scenario, member, year)."""
    return _annual(series.surface_k) - reference_k[..., None]


def cumulative_co2_gt(series: SurfaceSeries, ens: Ensemble) -> np.ndarray:
    """Cumulative fossil and land-use CO2 to the end of each year, (scenario, year), Gt CO2."""
    ffi, afolu = ens.emitted.index("CO2 FFI"), ens.emitted.index("CO2 AFOLU")
    return series.cumulative_emissions[:, 1:, ffi] + series.cumulative_emissions[:, 1:, afolu]


def annual_dataset(series: BoundSeries, ens: Ensemble, scenarios: tuple[str, ...],
                   reference_k: np.ndarray, variability: bool) -> xr.Dataset:
    """Annual labelled results, dims (scenario, member, year) as the kernel lays them out.

    Select by name (``ds.gsat_k.sel(year=2100)``) rather than by position.
    """
    import xarray as xr

    years = np.arange(series.start, series.end + 1)
    sm = ("scenario", "member", "year")

    gsat = gsat_anomaly_k(series, reference_k)
    cumulative = cumulative_co2_gt(series, ens)
    erf = series.erf_annual_w_m2  # (agent, s, m, y)
    coords = {"year": years, "scenario": list(scenarios),
              "member": ens.cal.config_ids.astype(np.int64), "agent": list(AGENTS)}
    data = {
        "gsat_k": (sm, gsat,
                   {"units": "K", "long_name": "global mean surface air temperature "
                    "anomaly vs 1850-1900 (annual mean)"}),
        "co2_ppm": (sm, series.co2_ppm,
                    {"units": "ppm", "long_name": "CO2 concentration (annual mean)"}),
        "ch4_ppb": (sm, series.ch4_ppb,
                    {"units": "ppb", "long_name": "CH4 concentration (annual mean)"}),
        "n2o_ppb": (("scenario", "year"), _annual(series.n2o_ppb),
                    {"units": "ppb", "long_name": "N2O concentration (annual mean)"}),
        "erf_w_m2": (("agent", *sm), erf,
                     {"units": "W m-2", "long_name": "effective radiative forcing by agent "
                      "(annual mean; float32)"}),
        "erf_total_w_m2": (sm, series.erf_total_annual_w_m2,
                           {"units": "W m-2", "long_name": "total effective radiative "
                            "forcing (annual mean)"}),
        "ohc_j": (sm, series.ohc_j[..., 1:],
                  {"units": "J", "long_name": "ocean heat content change since 1750, "
                   "at the end of the year"}),
        "cumulative_co2_gt": (("scenario", "year"), cumulative,
                              {"units": "Gt CO2", "long_name": "cumulative CO2 emissions "
                               "(fossil and land use) since 1750, to the end of the year"}),
    }
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({"model": "accord climate kernel (FaIR 2.2 physics, calibration v1.4.1)",
                     "internal_variability": int(variability)})
    return ds


@dataclass(frozen=True)
class ClimateResult:
    """Annual results of a run and its resumable states.

    Attributes
    ----------
    dataset : xarray.Dataset
        ``gsat_k``, ``co2_ppm``, ``ch4_ppb``, ``erf_w_m2`` (by ``agent``),
        ``erf_total_w_m2``, ``ohc_j`` (dims scenario, member, year),
        ``n2o_ppb`` and ``cumulative_co2_gt`` (scenario, year).
    """

    dataset: xr.Dataset
    _final: ClimateState
    _rerun: Callable[[int], ClimateState] = field(repr=False)

    @property
    def gsat_k(self) -> xr.DataArray:
        """Annual GSAT anomaly vs 1850-1900 (K), dims (scenario, member, year)."""
        return self.dataset["gsat_k"]

    def state_at(self, year: int) -> ClimateState:
        """The model state at the end of ``year``, to resume with ``start=year + 1``.

        The state at the end of the run is kept; an earlier one is recomputed
        (the integration is deterministic, so it is the same state).
        """
        years = self.dataset["year"].values
        first, last = int(years[0]), int(years[-1])
        if not first <= year <= last:
            raise ValueError(f"year={year} is outside this run: give {first}..{last}")
        return self._final if year == last else self._rerun(year)
