"""The Shapley game of the pipeline: every schema group attributed, parts add up."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.levers.schema import REGIONS
from accord.pipeline import LEVER_PLAYERS, simulate


def _lever_value(info, fraction):  # type: ignore[no-untyped-def]
    """A value of a lever field at ``fraction`` of its range (or of its choices)."""
    from accord.interfaces.web.schemas import literal_choices

    lo = hi = None
    for meta in info.metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    if lo is not None and hi is not None:
        value = lo + fraction * (hi - lo)
        return round(value) if "year" in str(info.annotation) or "int" in str(
            info.annotation) else float(value)
    choices = literal_choices(info.annotation)
    return choices[min(int(fraction * len(choices)), len(choices) - 1)] if choices else None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_schema_group_is_attributed_and_the_parts_add_up(data):
    """Whatever group of the schema a deal moves (a group added later included), the lever
    attribution has a player for it and the parts add up to the warming actually avoided."""
    from accord.levers.errors import ScenarioError
    from accord.levers.loading import resolve
    from accord.levers.schema import LEVER_GROUPS, SCENARIO_GROUPS, Scenario, group_player

    assert sorted(g for gs in LEVER_PLAYERS.values() for g in gs) == sorted(LEVER_GROUPS)
    group = data.draw(st.sampled_from(list(LEVER_GROUPS)), label="group")
    region = data.draw(st.sampled_from(REGIONS), label="region")
    name = data.draw(st.sampled_from(list(LEVER_GROUPS[group].model_fields)), label="lever")
    value = _lever_value(LEVER_GROUPS[group].model_fields[name],
                         data.draw(st.floats(0, 1), label="fraction"))
    assume(value is not None)
    # a region's group sits in its region's table; the scenario's own in its own table
    moved = ({group: {name: value}} if group in SCENARIO_GROUPS
             else {"regions": {region: {group: {name: value}}}})
    try:
        scenario = resolve(Scenario.model_validate({
            "name": "moved", "preset": "current-policies", **moved}))
    except (ScenarioError, ValueError):
        assume(False)
    result = simulate(scenario, members=5, attribution=["levers"])
    gsat = result.climate["gsat_k"]
    avoided_2100 = (gsat.isel(run=1) - gsat.isel(run=0)).sel(year=2100).values
    attribution = result.attribution.get("levers")
    if attribution is None:  # nothing moved (the value equals current policies)
        assert np.all(avoided_2100 == 0.0)
        return
    assert group_player(group) in attribution.players
    parts = attribution.members_k["2100"]
    np.testing.assert_allclose(sum(parts.values()), avoided_2100, rtol=0, atol=1e-9)


def test_attribution_with_more_coalitions_than_the_memo_runs_each_once(monkeypatch) -> None:
    """32 coalitions per split (more than the 16 runs memoised): each distinct set of world
    emissions reaches the climate model once per call, and the scenario and baseline
    runs stay memoised for the next request."""
    import accord.pipeline as pipeline

    seen: list[bytes] = []
    original = pipeline.warm_arrays

    def counting(emissions, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(e.tobytes() for e in emissions)
        return original(emissions, **kwargs)

    monkeypatch.setattr(pipeline, "warm_arrays", counting)
    pipeline._MEMO.clear()
    result = simulate("net-zero-co2-2050-stretch", members=3, attribution=["regions", "levers"])
    assert len(result.attribution["regions"].players) == 5  # 2**5 = 32 coalitions
    assert len(seen) > pipeline._MEMO_SIZE
    assert len(seen) == len(set(seen))  # nothing computed twice
    seen.clear()
    simulate("net-zero-co2-2050-stretch", members=3, attribution=False)
    assert seen == []  # scenario and baseline were not pushed out of the memo


def test_the_international_levers_are_attributed_and_the_parts_add_up() -> None:
    """Shipping and aviation cuts belong to no region: the region game gives them a player
    of their own, the lever game counts them with "other CO2"; both add up exactly."""
    from accord.pipeline.attribution import INTERNATIONAL_PLAYER

    scenario = {"name": "bunkers", "preset": "sunnylands-2023",
                "international": {"shipping_co2_cut_frac": {"2050": 1.0},
                                  "aviation_co2_cut_frac": {"2040": 0.5}}}
    result = simulate(scenario, members=5, attribution=["regions", "levers"])
    gsat = result.climate["gsat_k"]
    avoided_2100 = (gsat.isel(run=1) - gsat.isel(run=0)).sel(year=2100).values
    regions = result.attribution["regions"]
    assert INTERNATIONAL_PLAYER in regions.players
    assert "international" in LEVER_PLAYERS["other CO2"]
    assert "other CO2" in result.attribution["levers"].players
    for attribution in result.attribution.values():
        parts = attribution.members_k["2100"]
        np.testing.assert_allclose(sum(parts.values()), avoided_2100, rtol=0, atol=1e-9)
