"""Monotone in ambition (deal-model-v2 invariant 7), a property test over random levers.

More of any clean end-use lever (efficiency, industrial CCS, clinker substitution, each
trajectory raised by the same amount at every milestone; an earlier industry coal
exit) never raises the region's cumulative 2024-2100 net GHG (CO2 + CH4 + N2O, AR6
GWP100); co-emitted aerosols are not GHG and are not counted. Electrification and the
electric share of new cars are not in this list: their electricity is met by the
region's own grid, and where that grid's margin is fossil (a coal-heavy grid)
electrifying can raise emissions for a while (tests/energy/test_energy_sectors.py shows both signs).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.emissions.regional import EMISSION_YEARS
from accord.emissions.world import as_resolved, region_emissions
from accord.levers.errors import lever_range
from accord.levers.schema import GROUPS, REGIONS
from lever_strategies import milestones

CLEAN = ("industry_efficiency_frac", "transport_efficiency_frac", "buildings_efficiency_frac",
         "industry_ccs_frac", "clinker_cut_frac")
SPAN = EMISSION_YEARS >= 2024


def _upper(name: str) -> float:
    return float(lever_range(GROUPS["end_use"].model_fields[name])[1])


def _cumulative(region: str, end_use: dict[str, Any], power: dict[str, Any]) -> float:
    s = as_resolved({"name": "m", "regions": {region: {"end_use": end_use, "power": power}}})
    return float(region_emissions(s)[region].net_ghg_mt_co2e()[SPAN].sum())


@st.composite
def _case(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any], str, float]:
    region = draw(st.sampled_from(REGIONS))
    end_use: dict[str, Any] = {}
    for sector in ("industry", "transport", "buildings"):
        if draw(st.booleans()):
            end_use[f"{sector}_electrification_frac"] = draw(milestones(0.0, 1.0))
    for name in CLEAN:
        if draw(st.booleans()):
            end_use[name] = draw(milestones(0.0, _upper(name)))
    power: dict[str, Any] = {}
    if draw(st.booleans()):
        power["solar_additions_gw_per_yr"] = {"2040": draw(st.floats(0, 2000))}
    lever = draw(st.sampled_from((*CLEAN, "industry_coal_exit_year")))
    step = draw(st.floats(0.01, 1.0))
    return region, end_use, power, lever, step


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=_case())
def test_more_of_a_clean_lever_never_raises_cumulative_ghg(case):
    region, end_use, power, lever, step = case
    if lever == "industry_coal_exit_year":
        later = dict(end_use, industry_coal_exit_year=2100)
        earlier = dict(end_use, industry_coal_exit_year=int(2100 - step * 75))
        low, high = _cumulative(region, later, power), _cumulative(region, earlier, power)
    else:  # the same milestones, each raised by the same amount (capped at the range)
        now = end_use.get(lever, {"2030": 0.0})
        top = _upper(lever)
        raised = {y: min(v + step * top, top) for y, v in now.items()}
        low = _cumulative(region, dict(end_use, **{lever: now}), power)
        high = _cumulative(region, dict(end_use, **{lever: raised}), power)
    assert high <= low + 1e-6 * abs(low), (region, lever, low, high)
    assert np.isfinite(high)
