"""Emissions -> ensemble -> verdicts in chunks: order, warm start, and no NaN category."""

from __future__ import annotations

import numpy as np
import pytest

import accord.pipeline.emissions_file as ef
from accord.assessment import assess
from accord.climate import run, ssp_emissions_array
from accord.climate.api import NonFiniteResultError
from accord.climate.warm import WarmRun


def test_chunks_keep_order_and_equal_one_full_run() -> None:
    da = ssp_emissions_array(["ssp585", "ssp119", "ssp245"])
    out = list(ef.assess_emissions(da, members=6, chunk=2))
    assert [o.verdict.scenario for o in out] == ["ssp585", "ssp119", "ssp245"]
    full = run(da, members=6).dataset
    for o in out:
        gsat = full["gsat_k"].sel(scenario=o.verdict.scenario).transpose("member", "year")
        direct = assess(o.verdict.scenario, gsat.values, gsat["year"].values,
                        full["cumulative_co2_gt"].sel(scenario=o.verdict.scenario).values)
        # warm start from the cached history equals the full run to rounding
        assert o.verdict.peak_warming_k["p50"] == pytest.approx(
            direct.peak_warming_k["p50"], abs=1e-9)
        assert o.verdict.category == direct.category


def test_shared_history_end_is_where_a_scenario_leaves_the_reference() -> None:
    ssp = ssp_emissions_array(["ssp245", "ssp126"]).values
    assert ef.shared_history_end(ssp[0], 1750) == 2023  # the reference itself
    assert ef.shared_history_end(ssp[1], 1750) == 2022  # SSPs part in 2023
    changed = ssp[0].copy()
    changed[2015 - 1750, 3] *= 1.01
    assert ef.shared_history_end(changed, 1750) == 2014
    changed[0, 0] += 1.0
    assert ef.shared_history_end(changed, 1750) is None  # a cold run


def test_a_non_finite_warming_is_an_error_not_a_category(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def poisoned(values: np.ndarray, **_: object) -> WarmRun:
        years = np.arange(1750, 1750 + values.shape[1])
        gsat = np.ones((values.shape[0], 4, years.size))
        gsat[:, 1, 2080 - 1750:] = np.nan
        return WarmRun(gsat, np.zeros((values.shape[0], years.size)), years)

    monkeypatch.setattr(ef, "warm_arrays", poisoned)
    with pytest.raises(NonFiniteResultError, match=r"'ssp245'.*non-finite.*from 2080"):
        next(ef.assess_emissions(ssp_emissions_array(["ssp245"]), members=4))
