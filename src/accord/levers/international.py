"""Levers of the scenario as a whole: what no region carries (international bunkers).

International aviation and shipping burn fuel bought in one country and burned
between countries; no national inventory, and so no region of accord, counts
them: their CO2 is part of the world remainder (``World|Remainder``,
:func:`accord.emissions.world.remainder_array`). Their own agreements (the IMO's
2023 strategy for ships, ICAO's long-term aspirational goal for aviation) are
set here, in the scenario's ``[international]`` table, not per region.

Examples
--------
>>> from accord.levers.schema import Scenario
>>> s = Scenario.model_validate({"name": "imo", "international": {
...     "shipping_co2_cut_frac": {"2030": 0.2, "2040": 0.7, "2050": 1.0}}})
>>> print(s.international.shipping_co2_cut_frac)
{2030 = 0.2, 2040 = 0.7, 2050 = 1}
"""

from __future__ import annotations

from accord.levers.fields import LeverGroup, path_lever
from accord.levers.trajectory import Trajectory

__all__ = ["INTERNATIONAL", "InternationalLevers"]

#: the scenario key of the group, and the ``region`` column of its rows in the lever tables
#: (``current_policies.csv``, ``preset_levers.csv``): it belongs to the world, not a region
INTERNATIONAL = "international"

_CUT = "cut of international {} CO2 below its current-policies path (fuel not burned{})"


class InternationalLevers(LeverGroup):
    """International shipping and aviation: cuts of their CO2 against current policies.

    Each cut is a trajectory from no cut in 2024 (linear to the first milestone,
    held after the last). Current policies cut nothing: the bunkers follow the
    remainder's reference trend. A cut is fuel not burned, so shipping's share of
    the remainder's pollutants falls with the shipping cut; aviation's pollutants
    stay (accord carries no sourced aviation share of them).
    """

    heading = "International aviation and shipping (no region carries them)"
    #: attributed with the other non-power fossil CO2 (the API's attribution allows at most
    #: 8 players)
    player = "other CO2"
    sector = "international_transport"

    shipping_co2_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", _CUT.format("shipping", "; its NOx falls with it"), "no cut in 2024")
    aviation_co2_cut_frac: Trajectory | None = path_lever(
        0, 1, "fraction", _CUT.format("aviation", ""), "no cut in 2024")
