"""Resolution is a function of the scenario alone, whatever the caches hold.

:func:`accord.levers.loading.resolve` keeps each region's validated levers per
(region, layers of the preset chain) and each shipped preset once per process;
a resolved scenario must not depend on what was resolved before it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.levers import loading
from accord.levers.errors import ScenarioError
from accord.levers.loading import load_scenario, preset_names, resolve
from accord.levers.schema import REGIONS, Scenario
from lever_strategies import scenarios

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _outcome(scenario: Scenario) -> object:
    """Each region's levers and the preset chain, or the error message (a random
    scenario on top of a preset can contradict it, e.g. a target year)."""
    try:
        resolved = resolve(scenario)
    except ScenarioError as exc:
        return str(exc)
    return [resolved.regions[r] for r in REGIONS], resolved.preset_chain


def _clear_caches() -> None:
    loading._region_levers.cache_clear()
    loading._preset_scenario.cache_clear()
    loading._defaults.cache_clear()


@SETTINGS
@given(first=scenarios(), other=scenarios(), preset=st.sampled_from(preset_names()))
def test_resolving_does_not_depend_on_what_was_resolved_before(first, other, preset):
    on_preset = first.model_copy(update={"preset": preset})
    _clear_caches()
    cold = _outcome(on_preset)
    _outcome(other)
    _outcome(other.model_copy(update={"preset": preset}))
    assert _outcome(on_preset) == cold


def test_a_preset_is_read_once_and_shared():
    assert load_scenario("sunnylands-2023") is load_scenario("sunnylands-2023")


def test_a_scenario_without_levers_of_its_own_resolves_to_its_preset():
    for name in preset_names():
        own = load_scenario({"name": "copy", "preset": name})
        assert dict(resolve(own).regions) == dict(resolve(load_scenario(name)).regions)
