"""The engine's two entry points: the reduced run is the full run, number for number.

:func:`accord.climate.engine.integrate_surface` (what a warm-started policy run
uses) skips the forcing by agent and the diagnostics' annual means; the surface
temperature and cumulative emissions it returns must be bit for bit those of
:func:`accord.climate.engine.integrate_run`, for any emissions, members, start
(cold from 1750 or warm from a resumed state) and internal variability.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.climate.engine import FIRST_YEAR, cold_state, integrate_run, integrate_surface
from accord.climate.ensemble import prepare
from accord.data import ssp_emissions

SSPS = ("ssp119", "ssp245", "ssp370", "ssp585")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ssp=st.sampled_from(SSPS), members=st.integers(1, 60),
       scale=st.floats(0.0, 2.0), resume=st.sampled_from([None, 1900, 2023]),
       seed=st.one_of(st.none(), st.integers(0, 1000)), chunked=st.booleans())
def test_surface_run_equals_full_run(ssp, members, scale, resume, seed, chunked):
    ens = prepare(members)
    ssp_data = ssp_emissions()
    emissions = ssp_data.scenario(ssp)[None, : 2100 - FIRST_YEAR + 1].copy()
    start = cold_state(ens, ("s",), variability=seed is not None, seed=seed)
    first = FIRST_YEAR
    if resume is not None:  # warm: resume from the full run's state at the end of ``resume``
        past = integrate_run(ens, emissions[:, : resume - FIRST_YEAR + 1], FIRST_YEAR, start)
        start, first = past.final, resume + 1
        emissions = emissions[:, resume - FIRST_YEAR + 1:]
    emissions = emissions * scale  # any future, including none at all
    progress = (lambda _: None) if chunked else None  # 20+ members: the chunked kernel path
    full = integrate_run(ens, emissions, first, start, progress)
    reduced = integrate_surface(ens, emissions, first, start, progress)
    assert (reduced.start, reduced.end) == (full.start, full.end)
    assert np.array_equal(reduced.surface_k, full.surface_k)
    assert np.array_equal(reduced.cumulative_emissions, full.cumulative_emissions)
