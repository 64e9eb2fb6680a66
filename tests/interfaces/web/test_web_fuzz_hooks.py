"""The fuzzing hook knows the two ordering rules exactly as the validators apply them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.levers import ScenarioError, preset_names, resolve, scenario_from_dict
from accord.levers.schema import REGIONS

_PATH = Path(__file__).parents[3] / "benchmarks" / "fuzz_hooks.py"
_SPEC = importlib.util.spec_from_file_location("fuzz_hooks", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
hooks = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(hooks)

YEAR = st.none() | st.integers(2025, 2100)


@settings(max_examples=150, deadline=None)
@given(preset=st.none() | st.sampled_from(preset_names()), region=st.sampled_from(REGIONS),
       target=YEAR, net_zero=st.none() | st.integers(2030, 2100), no_new_coal=YEAR,
       phase_out=YEAR)
def test_hook_flags_exactly_what_the_validators_refuse_for_ordering(
        preset: str | None, region: str, target: int | None, net_zero: int | None,
        no_new_coal: int | None, phase_out: int | None) -> None:
    targets = {k: v for k, v in (("ghg_target_year", target), ("net_zero_year", net_zero))
               if v is not None}
    power = {k: v for k, v in (("no_new_coal_from_year", no_new_coal),
                               ("coal_phase_out_year", phase_out)) if v is not None}
    scenario = {"name": "s", "regions": {region: {"targets": targets, "power": power}}}
    if preset is not None:
        scenario["preset"] = preset
    try:
        resolve(scenario_from_dict(scenario))
        refused = False
    except ScenarioError as exc:
        refused = "is not after" in str(exc) or "is before" in str(exc)
    assert hooks.breaks_an_ordering(scenario) == refused
