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
from accord.levers.schema import GROUPS, INTERNATIONAL, LEVER_GROUPS, REGIONS

__all__ = ["changed_groups", "changed_regions", "international_changed", "mix"]


def mix(scenario: ResolvedScenario, baseline: ResolvedScenario, *,
        regions: Iterable[str] | None = None, groups: Iterable[str] | None = None,
        reference_world: bool = True, name: str | None = None,
        international: bool | None = None) -> ResolvedScenario:
    """The scenario's levers in ``regions`` x ``groups``, the baseline's elsewhere.

    Parameters
    ----------
    scenario, baseline : ResolvedScenario
    regions : iterable of str, optional
        Regions taking the scenario's levers (default: all).
    groups : iterable of str, optional
        Lever groups (``power``, ``other_co2``, ``land``, ``methane``,
        ``other_gases``, ``removals``, ``targets``, and the scenario's own
        ``international``) taking the scenario's levers (default: all).
    reference_world : bool
        Take the scenario's reference world (else the baseline's).
    name : str, optional
        Name of the mixture (default: the scenario's).
    international : bool, optional
        Take the scenario's ``[international]`` levers, which no region carries
        (default: when ``regions`` is not given and ``international`` is among ``groups``).
    """
    region_set = set(REGIONS if regions is None else regions)
    group_set = set(LEVER_GROUPS if groups is None else groups)
    unknown = (region_set - set(REGIONS)) | (group_set - set(LEVER_GROUPS))
    if unknown:
        raise ValueError(f"unknown regions or lever groups {sorted(unknown)}: regions are "
                         f"{', '.join(REGIONS)}; groups are {', '.join(LEVER_GROUPS)}")
    if international is None:
        international = regions is None and INTERNATIONAL in group_set
    group_set &= set(GROUPS)
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
        international=(scenario if international else baseline).international,
    )


def changed_regions(scenario: ResolvedScenario, baseline: ResolvedScenario) -> list[str]:
    """Regions whose levers differ between the two."""
    return [r for r in REGIONS if scenario.regions[r] != baseline.regions[r]]


def international_changed(scenario: ResolvedScenario, baseline: ResolvedScenario) -> bool:
    """Whether the scenario's own ``[international]`` levers differ from the baseline's."""
    return scenario.international != baseline.international


def changed_groups(scenario: ResolvedScenario, baseline: ResolvedScenario) -> list[str]:
    """Lever groups that differ in at least one region, then ``international`` if it differs."""
    regional = [g for g in GROUPS
                if any(getattr(scenario.regions[r], g) != getattr(baseline.regions[r], g)
                       for r in REGIONS)]
    return regional + ([INTERNATIONAL] if international_changed(scenario, baseline) else [])
