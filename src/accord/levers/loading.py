"""Load scenarios (TOML, JSON, dicts, presets) and resolve them against current policies.

Resolution order, later wins: the current-policies table
(``accord/data/current_policies.csv``), then the preset chain, then the
scenario's own levers. The merged result is validated once more, so every
lever a model sees has passed the schema.

Examples
--------
>>> s = resolve(load_scenario("us-ndc-2035"))
>>> s.regions["United States"].targets.ghg_cut_pct
63.5
>>> cp = resolve(load_scenario("current-policies"))
>>> print(cp.regions["China"].power.solar_additions_gw_per_yr)
{2025 = 300, 2030 = 300, 2040 = 300, 2050 = 350, 2060 = 400, 2100 = 420}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from pydantic import ValidationError

from accord.levers.errors import ScenarioError, explain, printable
from accord.levers.limits import check_removals
from accord.levers.reading import check_numbers, parse_json, parse_toml, read_capped
from accord.levers.schema import (
    GROUPS,
    INTERNATIONAL,
    REGIONS,
    InternationalLevers,
    RegionLevers,
    Scenario,
)
from accord.levers.tables import has_gdp, has_net_ghg, read_table

__all__ = [
    "WORLD",
    "ResolvedScenario",
    "current_policies_table",
    "load_scenario",
    "preset_names",
    "resolve",
    "scenario_from_dict",
]

#: lever keys whose values are strings or years (everything else is a float)
_CHOICE_KEYS = {"kigali", "net_zero_scope", "intensity_scope"}


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with every region's levers filled in (current policies where unset).

    ``international`` holds the scenario's own levers (international shipping and
    aviation), filled in the same way.
    """

    name: str
    reference_world: str
    regions: Mapping[str, RegionLevers]
    preset_chain: tuple[str, ...]
    scenario: Scenario
    international: InternationalLevers = field(default_factory=InternationalLevers)


def _parse(value: str, lever: str) -> Any:
    if lever in _CHOICE_KEYS:
        return value
    if lever.endswith("_year"):
        return int(value)
    return float(value)


def current_policies_table() -> tuple[dict[str, str], ...]:
    """Rows of ``current_policies.csv`` (region, group, lever, value, unit, source, note).

    The scenario's own levers (group ``international``) have region ``World``.
    """
    return read_table("current_policies.csv")


#: the ``region`` of the scenario's own levers in the lever tables: no region carries them
WORLD = "World"


@cache
def _defaults() -> dict[str, dict[str, dict[str, Any]]]:
    """Current-policies levers: a row with a ``year`` is one milestone of a trajectory.

    Keyed by region (and :data:`WORLD` for the ``international`` group). Built once
    per process from the (package-data) table; callers copy before merging.
    """
    out: dict[str, dict[str, dict[str, Any]]] = {r: {g: {} for g in GROUPS} for r in REGIONS}
    out[WORLD] = {INTERNATIONAL: {}}
    for row in current_policies_table():
        levers = out[row["region"]][row["group"]]
        value = _parse(row["value"], row["lever"])
        if row.get("year"):
            levers.setdefault(row["lever"], {})[row["year"]] = value
        else:
            levers[row["lever"]] = value
    return out


def _presets_dir() -> Any:
    return resources.files("accord.levers").joinpath("presets")


@cache
def preset_names() -> tuple[str, ...]:
    """Names of the shipped presets (file stems under ``accord/levers/presets``; package
    data, listed once per process)."""
    return tuple(sorted(p.name[:-5] for p in _presets_dir().iterdir()
                        if p.name.endswith(".toml")))


def _preset_dict(name: str) -> dict[str, Any]:
    if name not in preset_names():
        raise ScenarioError(
            f"preset = {name!r}: unknown preset; allowed: {', '.join(preset_names())}; "
            "fix: use one of these names (see `accord presets`)")
    text = _presets_dir().joinpath(f"{name}.toml").read_text()
    return parse_toml(text, f"preset {name}")


@cache
def _preset_scenario(name: str) -> Scenario:
    """A shipped preset, read and validated once per process (presets are package data)."""
    return scenario_from_dict(_preset_dict(name), f"preset {name}")


def scenario_from_dict(data: Mapping[str, Any], origin: str = "scenario") -> Scenario:
    """Validate a scenario given as a mapping (the TOML/JSON structure).

    Every number is checked first (:func:`accord.levers.reading.check_numbers`):
    ``inf``, ``nan`` and over-long integers are refused naming their field.
    """
    check_numbers(data, origin)
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise ScenarioError(f"{origin}: {explain(exc)}") from None


def load_scenario(source: str | Path | Mapping[str, Any]) -> Scenario:
    """Load a scenario from a preset name, a ``.toml``/``.json`` file, or a mapping."""
    if isinstance(source, Mapping):
        return scenario_from_dict(source)
    path = Path(source)
    if str(source) in preset_names() and not path.suffix:
        return _preset_scenario(str(source))
    if path.suffix.lower() in (".toml", ".json"):
        if not path.is_file():
            raise ScenarioError(f"scenario file {printable(str(source))!r} not found; fix: "
                                "check the path")
        text = read_capped(path)
        if path.suffix.lower() == ".json":
            data = parse_json(text, path.name)
            if not isinstance(data, dict):
                raise ScenarioError(f"{path.name}: the top level must be an object with a name; "
                                    "fix: wrap the levers in {\"name\": ..., \"regions\": ...}")
        else:
            data = parse_toml(text, path.name)
        return scenario_from_dict(data, path.name)
    raise ScenarioError(
        f"SCENARIO = {printable(str(source))!r}: neither a preset nor a .toml/.json file; "
        f"allowed presets: {', '.join(preset_names())}; fix: give a preset name or a path "
        "ending in .toml")


@lru_cache(maxsize=256)
def _region_levers(region: str, layers: tuple[RegionLevers | None, ...]) -> RegionLevers:
    """One region's levers, validated: current policies, then each layer's own (later wins).

    ``layers`` are the region's levers in each scenario of the preset chain, the
    deepest preset first (None where a layer leaves the region alone). Cached by
    the (frozen, hashable) layers: a slider move changes one region, so the other
    regions' levers are not merged and validated again.
    """
    merged = {group: dict(levers) for group, levers in _defaults()[region].items()}
    for layer in layers:
        if layer is not None:
            for group in GROUPS:
                merged[group].update(getattr(layer, group).model_dump(exclude_none=True))
    return RegionLevers.model_validate(merged)


def resolve(scenario: Scenario) -> ResolvedScenario:
    """Fill every region's unset levers from the preset chain and current policies."""
    chain: list[Scenario] = [scenario]
    seen: set[str] = set()
    while chain[-1].preset is not None:
        name = chain[-1].preset
        if name in seen:
            raise ScenarioError(f"preset = {name!r}: presets refer to each other in a loop; "
                                "fix: remove one of the preset keys")
        seen.add(name)
        chain.append(_preset_scenario(name))
    try:
        own = [cast("Mapping[str, RegionLevers]", layer.regions) for layer in reversed(chain)]
        regions = {r: _region_levers(r, tuple(levers.get(r) for levers in own)) for r in REGIONS}
    except ValidationError as exc:
        raise ScenarioError(f"{scenario.name}: {explain(exc)}") from None
    _check_base_years(regions)
    check_removals(regions)
    international = dict(_defaults()[WORLD][INTERNATIONAL])
    for layer in reversed(chain):
        international.update(layer.international.model_dump(exclude_none=True))
    try:
        levers = InternationalLevers.model_validate(international)
    except ValidationError as exc:
        raise ScenarioError(f"{scenario.name}: {explain(exc)}") from None
    return ResolvedScenario(
        name=scenario.name, reference_world=scenario.reference_world,
        regions=MappingProxyType(regions),
        preset_chain=tuple(s.name for s in chain[1:]), scenario=scenario,
        international=levers)


def _check_base_years(regions: Mapping[str, RegionLevers]) -> None:
    for region, levers in regions.items():
        year = levers.targets.ghg_base_year
        if isinstance(year, int) and not has_net_ghg(region, year):
            raise ScenarioError(
                f'regions."{region}".targets.ghg_base_year = {year}: no net-GHG data for '
                f"{region} in {year} in the shipped base-year table; allowed: a year with data "
                "(2005, 2015, 2020, 2023; 1990 except Rest of World) or \"peak\"; fix: "
                "choose one of these")
        year = levers.targets.intensity_base_year
        if year is not None and not has_gdp(region, year):
            raise ScenarioError(
                f'regions."{region}".targets.intensity_base_year = {year}: no GDP data for '
                f"{region} in the shipped table (gdp_base_year.csv); allowed: United States, "
                "China or India, base year 1990, 2005, 2015 or 2020; fix: use an absolute "
                "target (ghg_cut_pct) for this region")
