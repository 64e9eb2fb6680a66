"""CO2 and CH4 concentration, total forcing, ocean heat and temperature against fair 2.2.5.

fair is set up exactly as ../shared/tools/fair_reference.py does (imported from
there), for a few members of ssp245, and both models' values on the same time
bounds are compared. accord reports annual means (mean of bounds Y and Y+1), so
fair's bound values are averaged the same way.
"""

from __future__ import annotations

import importlib.util
import warnings

import numpy as np
import pytest

from accord.climate import run, ssp_emissions_array
from conftest import require

require(importlib.util.find_spec("fair") is not None,
        "the public fair package (a test dependency: pip install -e '.[test]') is missing")

MEMBERS = 4


@pytest.fixture(scope="module")
def live(shared_dir):
    spec = importlib.util.spec_from_file_location(
        "fair_reference", shared_dir / "tools" / "fair_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = module.parse_args(["--deterministic", "--scenarios", "ssp245",
                              "--members", str(MEMBERS)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f, _ = module.build(args, ["ssp245"])
        f.run(progress=False)
    return f


def _annual(bounds):
    return 0.5 * (bounds[1:] + bounds[:-1])


@pytest.fixture(scope="module")
def ours():
    return run(ssp_emissions_array(["ssp245"]), members=MEMBERS).dataset.sel(scenario="ssp245")


def test_co2_concentration(live, ours):
    fair_co2 = _annual(live.concentration.sel(specie="CO2", scenario="ssp245").values)
    np.testing.assert_allclose(ours.co2_ppm.transpose("year", "member").values, fair_co2,
                               rtol=1e-7)


def test_total_forcing(live, ours):
    fair_total = _annual(live.forcing_sum.sel(scenario="ssp245").values)
    np.testing.assert_allclose(ours.erf_total_w_m2.transpose("year", "member").values,
                               fair_total, rtol=1e-7, atol=1e-9)


def test_temperature_anomaly(live, ours):
    """GSAT against the 1850-1900 mean, member by member, to the claimed 6e-8 K."""
    years = ours.year.values
    fair_gsat = _annual(live.temperature.sel(scenario="ssp245", layer=0).values)
    reference = fair_gsat[(years >= 1850) & (years <= 1900)].mean(axis=0)
    np.testing.assert_allclose(ours.gsat_k.transpose("year", "member").values,
                               fair_gsat - reference, rtol=0, atol=1e-7)


def test_forcing_by_agent_adds_up(ours):
    # forcing by agent is stored as float32 (7 significant digits); the total is float64
    np.testing.assert_allclose(ours.erf_w_m2.sum("agent"), ours.erf_total_w_m2, atol=1e-5)


def test_ch4_and_ocean_heat(live, ours):
    fair_ch4 = _annual(live.concentration.sel(specie="CH4", scenario="ssp245").values)
    np.testing.assert_allclose(ours.ch4_ppb.transpose("year", "member").values, fair_ch4,
                               rtol=1e-7)
    fair_ohc = live.ocean_heat_content_change.sel(scenario="ssp245").values[1:]
    np.testing.assert_allclose(ours.ohc_j.transpose("year", "member").values, fair_ohc,
                               rtol=1e-6, atol=1e18)
