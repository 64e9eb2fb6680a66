"""Infilling: species a native submission lacks, from the closest shipped SSP.

A native model submission often reports only a few species (CO2 by sector, CH4,
N2O, sulfur). The climate model needs all 51. Missing species are taken from the
SSP among the eight shipped with accord (the calibration's harmonised SSPs,
``ssp_emissions.npz``, built by ``scripts/build_data.py``) whose lead gas is closest
to the scenario's: the root-mean-square difference of ``CO2 FFI`` (fossil and
industrial CO2) over the harmonised years after 2023. This is ``silicone``'s
``RMSClosest`` cruncher (Lamboll et al. 2020, GMD 13, 5259) with the SSPs as its
database and CO2 FFI as lead. AR6 used silicone's quantile-rolling-window infiller on
its own infiller database of hundreds of AR6 scenarios, which is not public without
registration; eight SSPs are too few for quantiles, so the closest one is taken
whole. The infilled species are then harmonised like the given ones.
"""

from __future__ import annotations

import numpy as np

from accord.data import ssp_emissions

__all__ = ["LEAD_SPECIES", "closest_ssp"]

#: the lead gas whose pathway picks the infilling SSP
LEAD_SPECIES = "CO2 FFI"


def closest_ssp(lead: np.ndarray, first_year: int) -> tuple[str, float]:
    """The shipped SSP whose lead-gas pathway is closest to ``lead`` (RMS).

    Parameters
    ----------
    lead : ndarray, shape (n,)
        Lead-gas values (FaIR units) for years ``first_year .. first_year + n - 1``,
        within the SSPs' years.

    Returns
    -------
    name : str
    rms : float
        The root-mean-square difference, in the lead gas' FaIR unit.
    """
    ssp = ssp_emissions()
    j = [str(s) for s in ssp.species].index(LEAD_SPECIES)
    start = first_year - int(ssp.years[0])
    block = ssp.emissions[:, start:start + lead.size, j]
    rms = np.sqrt(np.mean((block - lead[None, :]) ** 2, axis=1))
    best = int(np.argmin(rms))  # ties: the first in the shipped (alphabetical) order
    return str(ssp.scenarios[best]), float(rms[best])
