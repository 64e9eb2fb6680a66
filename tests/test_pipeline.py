"""pipeline.simulate: SSPs against the fair reference, attribution, physical sense."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from accord.levers.schema import REGIONS
from accord.pipeline import AEROSOLS, LEVER_PLAYERS, simulate

SSPS = ["ssp119", "ssp126", "ssp245", "ssp370", "ssp585"]


def reference_category(summary: pd.Series, median_2100: float) -> str:
    """AR6 category from the reference summary, by the rules written as probabilities.

    p33(peak) <= 1.5 is P(peak <= 1.5) >= 0.33 and p67(peak) < 2 is P(peak < 2) > 0.67
    (equivalent away from exact ties); C4..C7 use the median peak.
    """
    if summary["P(peak<1.5)"] >= 0.33 and median_2100 < 1.5:
        return "C1"
    if median_2100 < 1.5:
        return "C2"
    if summary["P(peak<2.0)"] > 0.67:
        return "C3"
    for name, bound in (("C4", 2.0), ("C5", 2.5), ("C6", 3.0), ("C7", 4.0)):
        if summary["peak_p50"] < bound:
            return name
    return "C8"


@pytest.mark.parametrize("ssp", SSPS)
def test_ssps_as_scenarios_match_the_reference(ssp, fair_reference_dir):
    summary = pd.read_csv(fair_reference_dir / "gsat_summary_deterministic.csv",
                          index_col="scenario").loc[ssp]
    pct = pd.read_csv(fair_reference_dir / "gsat_percentiles_deterministic.csv")
    median_2100 = float(pct[(pct.scenario == ssp) & (pct.year == 2100)]["p50"].iloc[0])
    # the SSP's own world emissions through the pipeline's warm-started ensemble and
    # assessment (a deal's world is its regions plus the remainder, not the SSP itself)
    from accord.assessment import assess
    from accord.data import ssp_emissions
    from accord.pipeline import warming

    gsat, cum, years = warming(np.asarray(ssp_emissions().scenario(ssp))[None])
    v = assess(ssp, gsat[0], years, cum[0])
    assert v.category == reference_category(summary, median_2100)
    # the summary has 6 decimals (rounding <= 5e-7); the ensembles agree to 6e-8 K, so the
    # same members count (probabilities exact to the file's rounding) and the peaks agree
    # to the file's rounding plus the model difference
    assert v.p_peak_below_1p5 == pytest.approx(summary["P(peak<1.5)"], abs=5e-7)
    assert v.p_peak_below_2 == pytest.approx(summary["P(peak<2.0)"], abs=5e-7)
    assert v.p_2100_below_1p5 == pytest.approx(summary["P(2100<1.5)"], abs=5e-7)
    for p in ("p05", "p50", "p95"):
        assert v.peak_warming_k[p] == pytest.approx(summary[f"peak_{p}"], abs=1e-6)


@pytest.fixture(scope="module")
def sunnylands():
    return simulate("sunnylands-2023", members=60)


def test_attribution_parts_add_up_to_the_whole(sunnylands):
    gsat = sunnylands.climate["gsat_k"]
    total_2100 = (gsat.isel(run=1) - gsat.isel(run=0)).sel(year=2100).values
    for kind in ("regions", "levers"):
        parts = sunnylands.attribution[kind].members_k["2100"]
        np.testing.assert_allclose(sum(parts.values()), total_2100, atol=1e-6)


def test_unchanged_regions_and_groups_get_zero(sunnylands):
    regions = sunnylands.attribution["regions"].members_k["2100"]
    assert set(regions) == set(REGIONS)
    for region in ("EU27", "India", "Rest of World"):  # Sunnylands is US-China only
        assert np.all(regions[region] == 0.0)
    levers = sunnylands.attribution["levers"].members_k["2100"]
    assert set(levers) == {*LEVER_PLAYERS, AEROSOLS}


@pytest.mark.parametrize("preset", ["sunnylands-2023", "net-zero-co2-2050-stretch"])
def test_deals_avoid_warming_by_2100(preset):
    result = simulate(preset, attribution=False)
    assert result.avoided.avoided_warming_2100_k["p05"] > 0
    assert result.verdict.warming_2100_k["p50"] < result.baseline_verdict.warming_2100_k["p50"]


def test_coal_cut_warms_first_then_cools():
    # Rest of World phases out unabated coal power by 2030: its sulfur (about 3 g SO2/kWh
    # in power_assumptions.csv) goes at once, the CO2 benefit accumulates slowly
    deal = {"name": "row-coal-out", "regions": {"Rest of World": {
        "power": {"coal_phase_out_year": 2030}}}}
    result = simulate(deal, attribution=["levers"])
    gsat = result.climate["gsat_k"]
    diff = (gsat.isel(run=0) - gsat.isel(run=1)).median("member")
    assert float(diff.sel(year=slice(2028, 2040)).min()) > 0  # warmer: sulfate removed
    assert float(diff.sel(year=2100)) < 0                    # cooler: CO2 avoided
    aerosols = result.attribution["levers"].parts_k["2100"][AEROSOLS]
    assert aerosols["p95"] < 0  # the co-emitted aerosols' share warms


def test_methane_cuts_lower_2050_warming():
    result = simulate("global-methane-pledge", attribution=False)
    gsat = result.climate["gsat_k"]
    assert float((gsat.isel(run=1) - gsat.isel(run=0)).sel(year=2050).quantile(0.05)) > 0


def test_identical_inputs_give_identical_outputs():
    a = simulate("us-ndc-2035", members=15, attribution=False).to_dict()
    b = simulate("us-ndc-2035", members=15, attribution=False).to_dict()
    assert a == b


def test_bad_attribution_option():
    with pytest.raises(ValueError, match="attribution"):
        simulate("us-ndc-2035", members=3, attribution=["countries"])



def test_current_policies_warming_in_2100_is_inside_the_published_range():
    # deal-model-v2 invariant 2 / sector-facts section 7: current policies' 2100 median
    # warming is 2.4 (IEA STEPS) to 3.0 degC (CAT 2.7; UNEP 3.1 as a likely value)
    v = simulate("current-policies", attribution=False).verdict
    assert 2.4 <= v.warming_2100_k["p50"] <= 3.0


def test_2030_ndcs_only_warming_in_2100_is_inside_the_published_range():
    # sector-facts section 8: 2030 NDC targets only, CAT (Nov 2024) 2.6 degC in 2100,
    # UNEP EGR 2024 unconditional 2.8 / conditional 2.6: the corridor is 2.3-2.8 degC
    v = simulate("world-ndcs-2030", attribution=False).verdict
    assert 2.3 <= v.warming_2100_k["p50"] <= 2.8


def test_ndcs_plus_net_zero_peak_is_inside_the_published_range():
    # sector-facts section 8: NDCs + long-term pledges, Meinshausen et al. 2022 peak
    # 1.9-2.0 degC; CAT 2.1 (pledges and targets) / 1.9 (optimistic): corridor 1.7-2.1 degC.
    # The preset counts the Global Methane Pledge among the pledges (without it the peak
    # median is 2.17 degC: docs/deal-model.md, Known limits); measured with it: 2.07 degC
    v = simulate("world-ndcs-net-zero", attribution=False).verdict
    assert 1.7 <= v.peak_warming_k["p50"] <= 2.1


@pytest.mark.parametrize("preset", ["net-zero-co2-2050-stretch", "deepest-within-limits"])
def test_the_ambitious_presets_say_the_category_accord_gives_them(preset):
    # the stretch preset was formerly "paris-1p5-aligned": renamed because accord does not
    # grade it C1; it and the deepest preset state their category in their description,
    # which must stay the model's own verdict
    from accord.levers.loading import load_scenario

    text = " ".join((load_scenario(preset).description or "").split())
    stated = text.split("accord grades it ")[1][:2]
    assert simulate(preset, attribution=False).verdict.category == stated


def _world_ratio(result, species: tuple[str, ...], year: int) -> float:
    """World emissions of ``species`` (summed) in ``year`` over 2019 (AR6's base year)."""
    e = result.world_emissions.sel(run=result.scenario, specie=list(species))
    return float(e.sel(year=year).sum() / e.sel(year=2019).sum())


def test_c1_is_out_of_reach_inside_the_sourced_limits():
    # "deepest-within-limits" sets every sourced limit at its edge (its own test in
    # tests/emissions checks that it stays inside them) with no top-down target, so land
    # use is counted in the climate model's bookkeeping and removals take net CO2 below
    # zero. It is at least as deep as the AR6 WG3 SPM C1 medians (sector-facts section 4)
    # in 2050: net CO2 -99 % against 2019 (measured: -102 %), methane -34 % in 2030 and
    # -51 % in 2050 (measured: -40 % and -55 %), and net-negative after (-7.9 Gt in
    # 2100); yet neither C1 condition holds (measured: P(peak < 1.5) = 0.27 against the
    # 0.33 needed, 2100 median 1.61 degC against < 1.5; C3). The reasons are measured in
    # docs/benchmarks.md: sulfate unmasking (world SO2 76 Mt in 2024, 12 in 2050), cuts
    # from 2025 rather than 2020 (tests/test_benchmarks_doc.py: AR6's own C1 pathway begun
    # in 2024 is C3), and an ensemble that grades even SSP1-1.9 as C2.
    r = simulate("deepest-within-limits", attribution=False)
    net_co2 = ("CO2 FFI", "CO2 AFOLU")
    assert _world_ratio(r, net_co2, 2050) <= 1.0 - 0.99
    assert _world_ratio(r, ("CH4",), 2030) <= 1.0 - 0.34
    assert _world_ratio(r, ("CH4",), 2050) <= 1.0 - 0.51
    assert _world_ratio(r, net_co2, 2100) < 0.0
    v = r.verdict
    assert not v.category.startswith("C1")
    assert v.p_peak_below_1p5 < 0.33 and v.warming_2100_k["p50"] >= 1.5


def test_c1_is_out_of_reach_with_inventory_targets_either():
    # the route through targets: every removal type at its regional ceiling
    # (removal_limits.csv), methane and N2O cut to their abatement limits by 2030
    # (abatement_limits.csv) and net-zero GHG in 2040 in every region on national-inventory
    # land use, as pledges count it: still not C1 (measured: C3, 2100 median 1.62 degC).
    # Net zero counted on inventories leaves about 5.5 Gt CO2/yr of managed-land sink in
    # the climate model's bookkeeping, and removals count towards net zero instead of
    # taking net CO2 below it
    import math

    from accord.levers.limits import removal_ceiling_gt
    from accord.levers.schema import REGIONS

    def ceiling(region: str, kind: str, year: int) -> float:
        return math.floor(removal_ceiling_gt(region, kind, year) * 1000) / 1000

    regions = {r: {
        "removals": {f"{k}_gt_per_yr": {str(y): ceiling(r, k, y) for y in (2030, 2050, 2100)}
                     for k in ("beccs", "daccs", "afforestation")},
        "targets": {"net_zero_year": 2040, "net_zero_scope": "ghg"},
        "methane": {"oil_gas_cut_frac": {"2030": 0.75}, "coal_mining_cut_frac": {"2030": 0.55},
                    "waste_cut_frac": {"2030": 0.35}, "agriculture_cut_frac": {"2030": 0.2}},
        "other_gases": {"n2o_cut_frac": {"2030": 0.15}, "kigali": "accelerated"}}
        for r in REGIONS}
    deal = {"name": "deepest", "preset": "net-zero-co2-2050-stretch", "regions": regions}
    v = simulate(deal, attribution=False).verdict
    assert not v.category.startswith("C1") and v.warming_2100_k["p50"] >= 1.5
