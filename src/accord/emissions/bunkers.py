"""International shipping and aviation: their part of the world remainder, and their cuts.

No national inventory counts international bunkers, so no region carries them:
they are part of the world remainder (:func:`accord.emissions.world.remainder_array`),
which follows the reference pathway's trend after 2023. Their part of it is

- fossil CO2: shipping 700 and aviation 600 Mt CO2 in 2023
  (``international_shipping_co2_2023`` and ``international_aviation_co2_2023`` of
  ``emissions_assumptions.csv``, sector-facts section 1; together the
  ``international_bunkers_co2_2023`` taken out of Rest of World);
- shipping's share of the world total of each pollutant with an
  ``international_shipping`` row of ``pollutant_sources.csv`` (NOx, 15 %;
  :func:`accord.emissions.pollutants.shipping_mt`), at most the remainder's own 2023
  value of that species.

Each part follows the remainder's reference trend, ``part(t) = part(2023) *
ref(t) / ref(2023)`` (the same trend as the remainder, before its fade of negative
offsets), as it always did. The scenario's ``[international]`` levers cut each
sector's part by ``cut(t)``, a fraction from no cut in 2024: **a CO2 cut is fuel not
burned**, so shipping's pollutants fall in the same proportion as its CO2. Aviation's
pollutants stay in the remainder uncut: accord carries no sourced aviation share of
any pollutant (section 3 gives none), and aviation's NOx and BC are small beside
shipping's. The cut is applied per scenario on the cached, lever-free remainder.

Examples
--------
>>> from accord.levers.international import InternationalLevers
>>> cuts = bunker_cuts(InternationalLevers(shipping_co2_cut_frac={"2030": 0.2}))
>>> round(float(cuts["shipping"][list(REMAINDER_YEARS).index(2027)]), 3)  # 0.2 x 3/6
0.1
>>> bunker_cuts(InternationalLevers()) is None  # nothing to cut
True
"""

from __future__ import annotations

from functools import cache

import numpy as np

from accord.data import ssp_emissions
from accord.emissions.bounds import NON_NEGATIVE
from accord.emissions.pollutants import POLLUTANTS, shipping_mt
from accord.emissions.regional import EMISSION_YEARS
from accord.levers.errors import ScenarioError
from accord.levers.international import InternationalLevers
from accord.levers.tables import read_table

__all__ = ["BUNKER_SECTORS", "REMAINDER_YEARS", "bunker_co2_mt", "bunker_cuts", "bunker_parts",
           "cut_remainder", "remainder_trend"]

#: the bunker sectors, each with the ``<sector>_co2_cut_frac`` lever of ``[international]``
BUNKER_SECTORS: tuple[str, ...] = ("shipping", "aviation")
#: the years of the 51-species frame (1750..2100)
REMAINDER_YEARS = np.asarray(ssp_emissions().years)


@cache
def bunker_co2_mt(sector: str) -> float:
    """International ``sector`` CO2 in 2023, Mt CO2/yr (``emissions_assumptions.csv``)."""
    return next(float(r["value"]) for r in read_table("emissions_assumptions.csv")
                if r["parameter"] == f"international_{sector}_co2_2023")


@cache
def remainder_trend(reference_world: str) -> np.ndarray:
    """The reference pathway relative to 2023, shape (year 1750..2100, 51), read-only.

    ``ref(t) / ref(2023)`` (0 where ``ref(2023)`` is 0), with ``ref`` at least zero
    from 2023 on for the species that cannot be negative and for fossil CO2: the
    trend the world remainder and its bunker parts follow.
    """
    ssp = ssp_emissions()
    try:
        reference = ssp.scenario(reference_world)
    except KeyError as exc:
        raise ScenarioError(str(exc)) from None
    species = [str(s) for s in ssp.species]
    first = int(np.searchsorted(REMAINDER_YEARS, EMISSION_YEARS[0]))
    future = REMAINDER_YEARS >= EMISSION_YEARS[0]
    ref = np.array(reference, dtype=float, copy=True)
    bounded = [j for j, s in enumerate(species) if s in NON_NEGATIVE or s == "CO2 FFI"]
    ref[np.ix_(future, bounded)] = np.maximum(ref[np.ix_(future, bounded)], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        trend = np.where(reference[first] != 0.0, ref / reference[first], 0.0)
    trend.setflags(write=False)
    return np.asarray(trend)


@cache
def bunker_parts(reference_world: str, remainder_2023: tuple[float, ...]) -> dict[str, np.ndarray]:
    """Each bunker sector's part of the remainder, shape (year 1750..2100, 51), FaIR units.

    Zero before 2023; from 2023 its 2023 value (CO2 of :func:`bunker_co2_mt`, shipping's
    pollutants of :func:`~accord.emissions.pollutants.shipping_mt`, each at least 0 and at
    most ``remainder_2023`` of the species) times :func:`remainder_trend`. Read-only arrays.
    """
    species = [str(s) for s in ssp_emissions().species]
    trend = remainder_trend(reference_world)
    future = REMAINDER_YEARS >= EMISSION_YEARS[0]
    out = {}
    for sector in BUNKER_SECTORS:
        start = np.zeros(len(species))
        start[species.index("CO2 FFI")] = bunker_co2_mt(sector) / 1000.0  # Mt -> Gt
        if sector == "shipping":
            for pollutant in POLLUTANTS:
                j = species.index(pollutant)
                start[j] = min(shipping_mt(pollutant), max(remainder_2023[j], 0.0))
        part = np.zeros_like(trend)
        part[future] = start * trend[future]
        part.setflags(write=False)
        out[sector] = part
    return out


def bunker_cuts(levers: InternationalLevers) -> dict[str, np.ndarray] | None:
    """Each bunker sector's cut over 1750..2100 (0 up to 2024), or None when nothing is cut.

    A trajectory from no cut in 2024, linear to its first milestone, held after the
    last. The scenario's cut remainder is cached by its levers
    (:func:`accord.emissions.world.scenario_remainder`), so this is computed once per
    setting.
    """
    out = {}
    for sector in BUNKER_SECTORS:
        path = getattr(levers, f"{sector}_co2_cut_frac")
        if path is None or not any(path.values):
            continue
        out[sector] = path.annual(REMAINDER_YEARS, start=0.0)
    return out or None


def cut_remainder(remainder: np.ndarray, reference_world: str,
                  levers: InternationalLevers) -> np.ndarray:
    """The remainder with each bunker part times ``1 - cut(t)``; ``remainder`` itself if no cut.

    Parameters
    ----------
    remainder : ndarray, shape (year 1750..2100, 51)
        The lever-free remainder of ``reference_world`` (not changed).
    reference_world : str
    levers : InternationalLevers
        The scenario's resolved ``[international]`` levers.
    """
    cuts = bunker_cuts(levers)
    if cuts is None:
        return remainder
    first = int(np.searchsorted(REMAINDER_YEARS, EMISSION_YEARS[0]))
    parts = bunker_parts(reference_world, tuple(float(v) for v in remainder[first]))
    out = np.array(remainder, copy=True)
    for sector, cut in cuts.items():
        out -= cut[:, None] * parts[sector]
    return out
