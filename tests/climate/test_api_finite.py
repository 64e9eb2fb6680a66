"""The climate API refuses a run whose warming is not finite (never a NaN verdict)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from accord.climate import api


def test_non_finite_warming_names_scenario_and_year() -> None:
    gsat = xr.DataArray(np.zeros((2, 3, 4)), dims=("scenario", "member", "year"),
                        coords={"year": [2020, 2021, 2022, 2023]})
    api._check_finite(gsat, ("a", "b"))  # finite: no error
    gsat[1, 2, 2] = np.inf
    with pytest.raises(api.NonFiniteResultError, match=r"'b'.*non-finite.*from 2022"):
        api._check_finite(gsat, ("a", "b"))
