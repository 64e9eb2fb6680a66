"""Sectors of the economy: where each lever acts and how the page groups levers and emissions.

The lever -> sector map is the schema's own data: every lever group names its
sector (``sector``) or, when it spans several, one per lever-name prefix
(``lever_sectors``; e.g. ``transport_`` and ``ev_`` levers of ``end_use`` are
transport). A lever added to a group joins its sector without further code;
a lever of a mixed group that matches no prefix is an error here (and in the
tests), never a silent drop.

Examples
--------
>>> lever_sector("end_use", "ev_new_car_share_frac")
'transport'
>>> [s for s in sector_levers()][:3]
['power', 'industry', 'transport']
"""

from __future__ import annotations

from functools import cache

from accord.levers.schema import LEVER_GROUPS

__all__ = ["SECTORS", "lever_sector", "sector_levers"]

#: sectors in display order -> heading; the emission sectors of
#: :mod:`accord.emissions.by_sector` use the same keys
SECTORS: dict[str, str] = {
    "power": "Power",
    "industry": "Industry",
    "transport": "Transport",
    "international_transport": "International aviation and shipping (no region carries them)",
    "buildings": "Buildings",
    "end_use_activity": "End-use activity (industry, transport, buildings together)",
    "fuel_supply": "Fuel supply (oil and gas, coal mining, refining)",
    "agriculture": "Agriculture",
    "waste": "Waste",
    "land": "Land use",
    "removals": "Carbon removal",
    "other_gases": "N2O and F-gases (all sources)",
    "targets": "Economy-wide targets",
    "other": "Other sources (no lever)",
}


def lever_sector(group: str, name: str) -> str:
    """The sector (a key of :data:`SECTORS`) of lever ``name`` of lever group ``group``.

    ``group`` is a region's group or the scenario's own (``international``).

    Raises
    ------
    KeyError
        If the group has no sector for the lever or names one outside :data:`SECTORS`.
    """
    model = LEVER_GROUPS[group]
    if name not in model.model_fields:
        raise KeyError(f"{group}.{name} is not a lever of the schema")
    sector = next((s for prefix, s in model.lever_sectors.items() if name.startswith(prefix)),
                  model.sector)
    if sector is None or sector not in SECTORS:
        raise KeyError(f"{group}.{name}: no sector (got {sector!r}); fix: give the lever group "
                       f"a `sector` or a `lever_sectors` prefix for it, one of {list(SECTORS)}")
    return sector


@cache
def sector_levers() -> dict[str, tuple[tuple[str, str], ...]]:
    """Sectors holding levers, in :data:`SECTORS` order -> their (group, lever), schema order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for group, model in LEVER_GROUPS.items():
        for name in model.model_fields:
            found.setdefault(lever_sector(group, name), []).append((group, name))
    return {s: tuple(found[s]) for s in SECTORS if s in found}
