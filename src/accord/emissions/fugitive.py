"""Fuel-supply methane follows the fuel burned: coal mines coal, oil and gas systems oil and gas.

Coal mines, and oil and gas wells, pipelines and distribution networks, vent and leak
methane in proportion to the fuel they deliver (sector-facts section 4: coal-mine
methane "follows coal use"; the IEA Global Methane Tracker estimates oil and gas
methane as an intensity per unit of production). accord models the fuel a region
burns, not the fuel it produces, so each region's supply methane follows its own
use (``emissions_assumptions.csv``, ``fuel_supply_methane_follows_use``): right for
the world total, where production equals use, and an approximation region by
region (trade is not modelled).

The index of a supply source is 1 in 2023 and mixes power's use of its fuels with
the end-use sectors', weighted by power's share of the fuels' 2023 CO2::

    index(t) = w * sum_f gen_f(t) p(t) / sum_f gen_f(2023)
               + (1 - w) * sum_j sum_f FE_jf(t) b_j(t) / sum_j sum_f FE_jf(2023)

with ``gen`` power generation (TWh/yr), ``FE`` end-use final energy (EJ/yr),
``p`` and ``b_j`` the shares of power's and of end-use sector ``j``'s fuel a target
leaves burned (1 without a target). The methane levers and a target's methane
abatement cut the methane per unit of fuel; the fuel itself moves it too.

The index is linear in the burned shares, so it is kept as its parts (power's term
and each end-use sector's, :func:`supply_parts`) and recombined for any shares
(:func:`supply_index`).

Examples
--------
>>> import numpy as np
>>> gen = np.array([[100.0, 50.0]])            # one fuel, 2023 and a later year, TWh
>>> fe = np.array([[[10.0, 10.0]]])            # one sector, one fuel, EJ
>>> # power carries 40 % of the fuel's CO2: half the generation, the same end use
>>> parts = supply_parts(0.4, gen, fe)
>>> supply_index(parts).round(3).tolist()
[1.0, 0.8]
>>> # a target leaving half of power's fuel and all of the sector's burned
>>> supply_index(parts, np.array([1.0, 0.5]), np.ones((1, 2))).round(3).tolist()
[1.0, 0.7]
"""

from __future__ import annotations

import numpy as np

from accord.energy.power import PowerResult
from accord.energy.sectors import ENERGY_FUELS, EndUseResult

__all__ = ["SUPPLY_FUELS", "supply_index", "supply_parts", "supply_parts_of"]

#: fuels whose supply chain emits each supply methane source (``CH4_SOURCES`` names)
SUPPLY_FUELS: dict[str, tuple[str, ...]] = {"coal_mining": ("coal",), "oil_gas": ("oil", "gas")}


def supply_parts(power_weight: float, generation_twh: np.ndarray,
                 final_energy_ej: np.ndarray) -> np.ndarray:
    """The index's terms with all fuel burned, shape (1 + n_sectors, n_years).

    Row 0 is power's term, ``w gen(t) / gen(2023)``; row ``1 + j`` is end-use
    sector ``j``'s, ``(1 - w) FE_j(t) / sum_j FE_j(2023)``.

    Parameters
    ----------
    power_weight : float
        Power's share of the fuels' 2023 CO2, in [0, 1].
    generation_twh : ndarray (n_fuels, n_years)
        Power generation from each of the fuels, TWh/yr, from 2023.
    final_energy_ej : ndarray (n_sectors, n_fuels, n_years)
        End-use final energy of each of the fuels, EJ/yr, from 2023.
    """
    gen = generation_twh.sum(axis=0)
    fe = final_energy_ej.sum(axis=1)
    return np.concatenate([power_weight * _relative(gen, float(gen[0]))[None],
                           (1.0 - power_weight) * _relative(fe, float(fe[:, 0].sum()))])


def supply_index(parts: np.ndarray, power_burned: np.ndarray | None = None,
                 sector_burned: np.ndarray | None = None) -> np.ndarray:
    """Use of a supply source's fuels relative to 2023, shape (n_years,).

    ``parts`` from :func:`supply_parts`; ``power_burned`` (n_years,) and
    ``sector_burned`` (n_sectors, n_years) are the shares of power's and each
    end-use sector's fuel a target leaves burned (all of it when left out).
    """
    if power_burned is None or sector_burned is None:
        return np.asarray(parts.sum(axis=0))
    return np.asarray(parts[0] * power_burned + (parts[1:] * sector_burned).sum(axis=0))


def supply_parts_of(source: str, power_weight: float, power: PowerResult,
                    end_use: EndUseResult) -> np.ndarray:
    """:func:`supply_parts` of one supply source (a key of ``SUPPLY_FUELS``), 2023-2100.

    ``power`` runs from 2024 (its 2024 value stands for 2023, as for CO2);
    ``end_use`` from 2023.
    """
    fuels = SUPPLY_FUELS[source]
    gen = np.stack([power.generation(f) for f in fuels])
    gen = np.concatenate([gen[:, :1], gen], axis=1)
    fe = end_use.final_energy_ej[:, [ENERGY_FUELS.index(f) for f in fuels], :]
    return supply_parts(power_weight, gen, fe)


def _relative(series: np.ndarray, first: float) -> np.ndarray:
    """``series / first``; zero when the fuel was not used at all in 2023."""
    return np.asarray(series / first if first > 0.0 else np.zeros_like(series))
