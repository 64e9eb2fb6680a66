"""IAMC names of the assessed temperatures, as the AR6 scenario database writes them.

The AR6 database reports warming percentiles as
``AR6 climate diagnostics|Surface Temperature (GSAT)|MAGICCv7.5.3|50.0th Percentile``
with the 5.0th, 16.7th, 50.0th, 83.3th and 95.0th percentiles (the likely range of
66 % between 16.7 and 83.3) in K relative to 1850-1900. accord writes the same tree
without the database's own prefix, naming its climate model in the third part:
``Surface Temperature (GSAT)|accord FaIRv2.2|50.0th Percentile``.

Examples
--------
>>> percentile_variable(16.7)
'Surface Temperature (GSAT)|accord FaIRv2.2|16.7th Percentile'
>>> import numpy as np
>>> gsat_percentiles_k(np.arange(7.0)[:, None], axis=0).ravel().round(3).tolist()
[0.3, 1.002, 3.0, 4.998, 5.7]
"""

from __future__ import annotations

import numpy as np

__all__ = ["AR6_PERCENTILES", "CLIMATE_MODEL", "GSAT_UNIT", "gsat_percentiles_k",
           "percentile_variable"]

#: percentiles the AR6 database reports for warming
AR6_PERCENTILES = (5.0, 16.7, 50.0, 83.3, 95.0)
#: the climate model part of the variable name
CLIMATE_MODEL = "accord FaIRv2.2"
#: unit of warming (a pint/openscm-units unit)
GSAT_UNIT = "K"


def percentile_variable(pct: float) -> str:
    """The IAMC variable of one warming percentile (AR6 spelling, one decimal)."""
    return f"Surface Temperature (GSAT)|{CLIMATE_MODEL}|{pct:.1f}th Percentile"


def gsat_percentiles_k(gsat_k: np.ndarray, axis: int) -> np.ndarray:
    """``AR6_PERCENTILES`` of warming over the member ``axis``, as a new first axis.

    Linear interpolation between members (numpy's default), so the 16.7th
    percentile is exactly that, not the 17th.
    """
    return np.percentile(gsat_k, AR6_PERCENTILES, axis=axis)
