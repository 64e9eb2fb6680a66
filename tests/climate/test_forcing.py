"""Forcing parts against Meinshausen et al. (2020) Table 3 and Smith et al. (2021).

The constants below are typed from the paper (as FaIR 2.2 uses them), independently
of :mod:`accord.climate.forcing`.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.climate.forcing import aerosol_cloud_erf, ch4_erf, co2_erf, linear_erf, n2o_erf

A1, B1, C1, D1 = -2.4785e-07, 0.00075906, -0.0021492, 5.2488
A2, B2, C2, D2 = -0.00034197, 0.00025455, -0.00024357, 0.12173
A3, B3, D3 = -8.9603e-05, -0.00012462, 0.045194
#: the calibration v1.4.1 reference concentrations (ppm, ppb, ppb)
CO2_REF, CH4_REF, N2O_REF = 277.15, 731.41, 273.87
#: above C_a,max = C0 - b1 / (2 a1) the CO2 band saturates (Meinshausen 2020, eq. in Table 3)
CA_MAX = CO2_REF - B1 / (2 * A1)


def test_the_saturation_concentration_is_about_1808_ppm():
    # 277.15 + 0.00075906 / (2 * 2.4785e-07) = 277.15 + 1531.29 (the calibration's C0)
    assert CA_MAX == pytest.approx(1808.44, abs=0.01)


@pytest.mark.parametrize("co2", [150.0, 400.0, 1000.0, 1800.0, 2500.0, 4000.0])
def test_co2_erf_in_every_branch(co2):
    n2o = 330.0
    if co2 <= CO2_REF:
        alpha = D1
    elif co2 <= CA_MAX:
        alpha = D1 + A1 * (co2 - CO2_REF) ** 2 + B1 * (co2 - CO2_REF)
    else:
        alpha = D1 - B1**2 / (4 * A1)
    expected = (alpha + C1 * math.sqrt(n2o)) * math.log(co2 / CO2_REF)
    assert co2_erf(co2, n2o, CO2_REF) == pytest.approx(expected, rel=1e-13)


def test_co2_erf_is_continuous_at_saturation_and_logarithmic_beyond():
    below, above = co2_erf(CA_MAX * (1 - 1e-12), 330, CO2_REF), co2_erf(CA_MAX, 330, CO2_REF)
    assert below == pytest.approx(above, rel=1e-9)
    # above C_a,max each doubling adds the same forcing: (alpha_max + c1 sqrt(N2O)) ln 2
    step = co2_erf(4000.0, 330, CO2_REF) - co2_erf(2000.0, 330, CO2_REF)
    assert step == pytest.approx((D1 - B1**2 / (4 * A1) + C1 * math.sqrt(330)) * math.log(2))


def test_ghg_forcing_is_zero_at_the_reference_and_follows_the_paper_elsewhere():
    assert co2_erf(CO2_REF, 332.0, CO2_REF) == 0.0
    assert ch4_erf(CH4_REF, 332.0, CH4_REF) == 0.0
    assert n2o_erf(410.0, 1866.0, N2O_REF, N2O_REF) == 0.0
    ch4 = (A3 * math.sqrt(1866) + B3 * math.sqrt(332) + D3) * (math.sqrt(1866)
                                                               - math.sqrt(CH4_REF))
    n2o = (A2 * math.sqrt(410) + B2 * math.sqrt(332) + C2 * math.sqrt(1866) + D2) * (
        math.sqrt(332) - math.sqrt(N2O_REF))
    assert ch4_erf(1866.0, 332.0, CH4_REF) == pytest.approx(ch4, rel=1e-13)
    assert n2o_erf(410.0, 1866.0, 332.0, N2O_REF) == pytest.approx(n2o, rel=1e-13)


def test_linear_erf_skips_unused_drivers_and_sums_the_rest():
    drivers = np.array([[1.0, 2.0, np.nan], [3.0, 4.0, np.nan]])  # the unused one is NaN
    efficiency = np.array([[0.5, 0.25, 0.0], [1.0, 0.0, 0.0]])
    out = linear_erf(drivers, efficiency, out=np.empty((2, 2)))
    np.testing.assert_array_equal(out, [[1.0, 2.5], [1.0, 3.0]])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 200), min_size=3, max_size=3),
       st.lists(st.floats(0, 200), min_size=3, max_size=3))
def test_aerosol_cloud_erf_is_the_log_of_the_weighted_emissions(emissions, baseline):
    shape = np.array([[0.02, 0.01, 0.005], [0.03, 0.0, 0.01]])
    scale = np.array([-0.8, -1.2])
    got = aerosol_cloud_erf(np.array([emissions]), np.array(baseline), shape, scale)
    expected = [s * (math.log(1 + float(row @ emissions)) - math.log(1 + float(row @ baseline)))
                for row, s in zip(shape, scale, strict=True)]
    np.testing.assert_allclose(got[:, 0], expected, rtol=1e-12, atol=1e-14)
    at_baseline = aerosol_cloud_erf(np.array([baseline]), np.array(baseline), shape, scale)
    np.testing.assert_allclose(at_baseline, 0.0, atol=1e-15)
