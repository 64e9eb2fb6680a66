"""schemathesis hooks of ``fuzz_api.py``: the rules the spec states only in words.

``net_zero_year`` after ``ghg_target_year`` and ``coal_phase_out_year`` not before
``no_new_coal_from_year`` (also against the preset a scenario starts from) are in the
spec's description (:data:`accord.interfaces.web.spec.IN_WORDS`): as JSON Schema they
need a clause per year, more than schemathesis can generate from. The third rule in
words, a world below the plausibility bound of every species, depends on the whole
model. This hook tells the generator those rules and nothing else, so a generated body
breaking one of them is not sent as "valid" data; every other rule is left to the spec.
Loaded through
``SCHEMATHESIS_HOOKS=fuzz_hooks``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import schemathesis

from accord.emissions.bounds import first_implausible
from accord.emissions.regional import EMISSION_YEARS
from accord.emissions.world import region_emissions, regions_array, scenario_remainder
from accord.interfaces.web.spec import ORDERED
from accord.levers import load_scenario, preset_names, resolve, scenario_from_dict


@cache
def _starting_levers(preset: str | None) -> dict[str, dict[str, dict[str, Any]]]:
    """Region -> group -> lever of a preset resolved (None: current policies)."""
    scenario = load_scenario(preset) if preset else scenario_from_dict({"name": "start"})
    return {region: {group: getattr(levers, group).model_dump(exclude_none=True)
                     for group, *_ in ORDERED}
            for region, levers in resolve(scenario).regions.items()}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def breaks_an_ordering(scenario: Any) -> bool:
    """Whether a scenario (request JSON) breaks one of the ordering rules once merged."""
    if not isinstance(scenario, dict) or not isinstance(scenario.get("regions"), dict):
        return False
    preset = scenario.get("preset")
    if preset is not None and preset not in preset_names():
        return False  # refused for its preset anyway (the spec lists the names)
    start = _starting_levers(preset)
    for region, groups in scenario["regions"].items():
        if region not in start or not isinstance(groups, dict):
            continue
        for group, earlier, later, strict in ORDERED:
            given = groups.get(group) if isinstance(groups.get(group), dict) else {}
            values = []
            for name in (earlier, later):
                own = given.get(name)
                values.append(_number(own) if own is not None
                              else _number(start[region][group].get(name)))
            first, second = values
            if first is not None and second is not None and second < first + int(strict):
                return True
    return False


def builds_an_implausible_world(scenario: Any) -> bool:
    """Whether a scenario's levers build a world above the plausibility bound."""
    if not isinstance(scenario, dict):
        return False
    try:
        resolved = resolve(scenario_from_dict(scenario))
    except ValueError:
        return False  # refused for its own fields; the spec states those
    world = regions_array(region_emissions(resolved)) + scenario_remainder(resolved)
    return first_implausible(world, int(EMISSION_YEARS[0])) is not None


@schemathesis.hook
def filter_body(context: schemathesis.HookContext, body: Any) -> bool:
    """Keep a body unless one of its scenarios breaks an ordering rule."""
    if not isinstance(body, dict):
        return True
    scenarios = body.get("scenarios") if isinstance(body.get("scenarios"), list) else [
        body.get("scenario")]
    return not any(breaks_an_ordering(s) or builds_an_implausible_world(s) for s in scenarios)
