"""Partial deals: a scenario's levers for some regions or lever groups only.

Attribution asks what part of a deal's effect comes from each region and each
group of levers; that needs the world emissions of every partial deal. A
partial deal takes the scenario's levers where asked and the baseline's
elsewhere.

Examples
--------
>>> from accord.emissions.world import as_resolved
>>> s, b = as_resolved("sunnylands-2023"), as_resolved("current-policies")
>>> only_china = mix(s, b, regions=["China"])
>>> only_china.regions["China"] == s.regions["China"]
True
>>> only_china.regions["United States"] == b.regions["United States"]
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from types import MappingProxyType

from accord.levers.loading import ResolvedScenario
from accord.levers.schema import GROUPS, REGIONS

__all__ = ["changed_groups", "changed_regions", "mix"]


def mix(scenario: ResolvedScenario, baseline: ResolvedScenario, *,
        regions: Iterable[str] | None = None, groups: Iterable[str] | None = None,
        reference_world: bool = True, name: str | None = None) -> ResolvedScenario:
    """The scenario's levers in ``regions`` x ``groups``, the baseline's elsewhere.

    Parameters
    ----------
    scenario, baseline : ResolvedScenario
    regions : iterable of str, optional
        Regions taking the scenario's levers (default: all).
    groups : iterable of str, optional
        Lever groups (``power``, ``other_co2``, ``land``, ``methane``,
        ``other_gases``, ``removals``, ``targets``) taking the scenario's levers (default: all).
    reference_world : bool
        Take the scenario's reference world (else the baseline's).
    name : str, optional
        Name of the mixture (default: the scenario's).
    """
    region_set = set(REGIONS if regions is None else regions)
    group_set = set(GROUPS if groups is None else groups)
    unknown = (region_set - set(REGIONS)) | (group_set - set(GROUPS))
    if unknown:
        raise ValueError(f"unknown regions or lever groups {sorted(unknown)}: regions are "
                         f"{', '.join(REGIONS)}; groups are {', '.join(GROUPS)}")
    mixed = {}
    for region in REGIONS:
        base = baseline.regions[region]
        if region not in region_set:
            mixed[region] = base
            continue
        update = {g: getattr(scenario.regions[region], g) for g in group_set}
        mixed[region] = base.model_copy(update=update)
    return dataclasses.replace(
        baseline if not reference_world else scenario,
        name=name or scenario.name,
        regions=MappingProxyType(mixed),
        reference_world=(scenario if reference_world else baseline).reference_world,
    )


def changed_regions(scenario: ResolvedScenario, baseline: ResolvedScenario) -> list[str]:
    """Regions whose levers differ between the two."""
    return [r for r in REGIONS if scenario.regions[r] != baseline.regions[r]]


def changed_groups(scenario: ResolvedScenario, baseline: ResolvedScenario) -> list[str]:
    """Lever groups that differ in at least one region."""
    return [g for g in GROUPS
            if any(getattr(scenario.regions[r], g) != getattr(baseline.regions[r], g)
                   for r in REGIONS)]
