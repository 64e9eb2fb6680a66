"""The removal ceilings: the per-year table the check uses equals the scalar function."""

from __future__ import annotations

import numpy as np
import pytest

from accord.levers.limits import _annual_ceilings_gt, removal_ceiling_gt
from accord.levers.schema import REGIONS, REMOVAL_TYPES
from accord.levers.trajectory import FIRST_YEAR, LAST_YEAR


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("kind", REMOVAL_TYPES)
def test_annual_ceilings_are_the_scalar_ceilings_of_every_year(region, kind):
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    table = _annual_ceilings_gt(region, kind)
    assert table.shape == (len(years),)
    # bit for bit: the check refuses a path by comparing against these numbers
    assert np.array_equal(table, [removal_ceiling_gt(region, kind, y) for y in years])
    assert not table.flags.writeable
