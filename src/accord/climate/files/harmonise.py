"""Harmonisation of a model's emissions to the history, with aneris' default methods.

A native model submission starts from its own base-year values, which differ from
the historical inventory the climate model's history is built on. AR6 harmonised
each variable with ``aneris`` (Gidden et al. 2018, Environ. Model. Softw. 105, 187;
used by the AR6 ``climate-assessment`` workflow, Kikstra et al. 2022, GMD 15, 9075).
This module is a faithful numpy transcription of aneris 0.4.2's
``methods.default_method_choice`` decision tree, with its default arguments, and of
the convergence methods it chooses (``methods.reduce_ratio``, ``reduce_offset``,
``constant_ratio``, ``constant_offset``, ``model_zero``, ``hist_zero``):

* ``h``: history in the harmonisation year; ``m``: model in that year;
  ``dH = |h - m| / h``; ``cov``: coefficient of variation ``|std(diff) / mean(diff)|``
  of the history's year-on-year changes; ``neg_m``/``zero_m``: the model goes
  negative / is zero throughout;
* ``h == 0`` -> ``hist_zero`` (unchanged); model all zero -> ``model_zero`` (constant
  offset); ``m == 0`` -> ``reduce_offset_2080`` if the model goes negative, else
  ``constant_offset``; ``cov > 10`` -> ``reduce_offset_2150_cov``; ``dH < 0.5`` ->
  ``reduce_ratio_2080``; otherwise ``reduce_ratio_2100`` if the model goes negative,
  else ``constant_ratio``.
* ``reduce_ratio_Y``: ``x(t) = m(t) * (1 + (h/m - 1) * f(t))``; ``reduce_offset_Y``:
  ``x(t) = m(t) + (h - m) * f(t)``, with ``f`` falling linearly from 1 in the
  harmonisation year to 0 in ``Y`` (0 after).

Differences from AR6, stated: the harmonisation year is 2023 (the last year of
accord's history) instead of 2015, and the history is the one accord's runs use
(the calibration's harmonised SSP2-4.5 history, 1750-2023, ``ssp_emissions.npz``)
instead of AR6's CEDS/GCP-based history file; ``cov`` is computed over that
history's 1750-2023 changes. aneris' CO2-specific branch (taken only when a
``gas`` index level exists, which the IAMC-variable interface AR6 used does not
have) is not applied.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HARMONISATION_YEAR", "choose_method", "harmonise"]

HARMONISATION_YEAR = 2023
#: aneris default_method_choice arguments
LUC_COV_THRESHOLD = 10.0
DH_THRESHOLD = 0.5


def _cov(history: np.ndarray) -> float:
    """aneris ``coeff_of_var``: |std / mean| of the year-on-year changes (inf if mean 0)."""
    x = np.diff(history)
    mean = float(np.mean(x))
    if mean == 0.0:
        return float("inf") if float(np.std(x)) > 0 else float("nan")
    return abs(float(np.std(x)) / mean)


def choose_method(history: np.ndarray, model: np.ndarray) -> str:
    """aneris' default method for one variable.

    Parameters
    ----------
    history : ndarray, shape (n,)
        Historical values ending in the harmonisation year.
    model : ndarray, shape (k,)
        Model values from the harmonisation year on.
    """
    h, m = float(history[-1]), float(model[0])
    neg_m, zero_m = bool((model < 0).any()), bool((model == 0).all())
    if h == 0.0:
        return "hist_zero"
    if zero_m:
        return "model_zero"
    if m == 0.0 and neg_m and bool((model > 0).any()):
        raise ValueError("model is zero in the harmonisation year and goes both negative "
                         "and positive: aneris has no method for it")
    if np.isclose(m, 0.0):
        return "reduce_offset_2080" if neg_m else "constant_offset"
    cov = _cov(history)
    if np.isfinite(cov) and cov > LUC_COV_THRESHOLD:
        return "reduce_offset_2150_cov"
    if abs(h - m) / h < DH_THRESHOLD:
        return "reduce_ratio_2080"
    return "reduce_ratio_2100" if neg_m else "constant_ratio"


def _factors(years: np.ndarray, final_year: int) -> np.ndarray:
    """aneris' convergence factors: 1 in the harmonisation year, 0 from ``final_year``."""
    f = 1.0 - (years - HARMONISATION_YEAR) / float(final_year - HARMONISATION_YEAR)
    return np.where(years <= final_year, f, 0.0)


def harmonise(history: np.ndarray, model: np.ndarray, years: np.ndarray) -> tuple[np.ndarray,
                                                                                 str]:
    """Harmonise model values to the history value of the harmonisation year.

    Parameters
    ----------
    history : ndarray, shape (n,)
        History up to and including ``HARMONISATION_YEAR``.
    model : ndarray, shape (k,)
        Model values for ``years``.
    years : ndarray of int, shape (k,)
        Starts with ``HARMONISATION_YEAR``.

    Returns
    -------
    values : ndarray, shape (k,)
        Equal to the history in ``HARMONISATION_YEAR`` (except ``hist_zero``).
    method : str
        The aneris method name.
    """
    method = choose_method(history, model)
    h, m = float(history[-1]), float(model[0])
    offset = h - m
    ratio = h / m if m != 0.0 else 0.0
    if method == "hist_zero":
        return model.copy(), method
    if method in ("model_zero", "constant_offset"):
        return model + offset, method
    if method == "constant_ratio":
        return model * ratio, method
    final = int(method.split("_")[2])
    f = _factors(years, final)
    if method.startswith("reduce_offset"):
        return model + offset * f, method
    return model * ((ratio - 1.0) * f + 1.0), method
