"""The JSON API: every route, its numbers against the library, and its errors (422, 413).

The app runs in-process (FastAPI's TestClient) with a 20-member cap, so the
numbers are compared with ``simulate(..., members=20)`` run directly.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient

import accord
from accord.emissions import region_emissions
from accord.energy.base_year import power_base
from accord.interfaces.web.app import MAX_BODY_BYTES, create_app
from accord.levers import REGIONS, current_policies_table, load_scenario, resolve
from accord.levers.loading import preset_names
from accord.levers.schema import LEVER_GROUPS
from accord.pipeline import simulate

MEMBERS = 20
API = "/api/v1"
SOLAR = "solar_additions_gw_per_yr"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(max_members=MEMBERS, warm_up=False))


def _china_solar(value: float, preset: str = "sunnylands-2023") -> dict[str, object]:
    return {"scenario": {"name": "slider", "preset": preset,
                         "regions": {"China": {"power": {SOLAR: {"2030": value}}}}}}


def test_health_reports_the_cap(client: TestClient) -> None:
    body = client.get(f"{API}/health").json()
    assert body == {"status": "ok", "version": accord.__version__, "max_members": MEMBERS}


def test_presets_are_the_shipped_ones_resolved(client: TestClient) -> None:
    body = client.get(f"{API}/presets").json()
    assert [p["name"] for p in body["presets"]] == list(preset_names())
    sunny = next(p for p in body["presets"] if p["name"] == "sunnylands-2023")
    resolved = resolve(load_scenario("sunnylands-2023"))
    china = resolved.regions["China"].power
    assert sunny["levers"]["China"]["power"][SOLAR] == china.solar_additions_gw_per_yr.as_dict()
    assert sunny["sources"], "a preset names the documents it encodes"


def test_levers_carry_unit_range_defaults_and_sources(client: TestClient) -> None:
    body = client.get(f"{API}/levers").json()
    assert body["regions"] == list(REGIONS)
    names = {(lever["group"], lever["name"]) for lever in body["levers"]}
    assert names == {(g, n) for g, m in LEVER_GROUPS.items() for n in m.model_fields}
    solar = next(lv for lv in body["levers"] if lv["name"] == SOLAR)
    assert (solar["unit"], solar["minimum"], solar["maximum"]) == ("GW/yr", 0, 2000)
    rows = [r for r in current_policies_table() if (r["region"], r["lever"]) == ("China", SOLAR)]
    # a trajectory: one milestone per row of the table, the 2024 value it runs from, the
    # milestone years the page shows a slider for
    assert solar["kind"] == "milestones"
    assert solar["defaults"]["China"] == {r["year"]: float(r["value"]) for r in rows}
    assert solar["starts"]["China"] == power_base("China").additions_gw["solar"]
    assert solar["years"] == [2030, 2035, 2050]
    assert solar["sources"]["China"] == rows[0]["source"]
    kigali = next(lv for lv in body["levers"] if lv["name"] == "kigali")
    assert kigali["kind"] == "choice" and set(kigali["choices"]) == {"on", "accelerated", "off"}
    assert solar["region_maximum"] is None
    # removal sliders end at each region's ceiling: 5.5 Gt of BECCS in 2050 x 3.2 % (EU27)
    beccs = next(lv for lv in body["levers"] if lv["name"] == "beccs_gt_per_yr")
    assert beccs["region_maximum"]["EU27"]["2050"] == pytest.approx(5.5 * 0.032)


def test_the_international_levers_are_listed_preset_and_move_the_answer(
        client: TestClient) -> None:
    levers = client.get(f"{API}/levers").json()["levers"]
    ship = next(lv for lv in levers if lv["name"] == "shipping_co2_cut_frac")
    assert (ship["group"], ship["scope"], ship["kind"]) == ("international", "world",
                                                            "milestones")
    assert ship["defaults"] == {"World": {"2025": 0.0}} and ship["starts"] == {"World": 0.0}
    presets = {p["name"]: p for p in client.get(f"{API}/presets").json()["presets"]}
    assert presets["world-ndcs-net-zero"]["international"] == {
        "shipping_co2_cut_frac": {"2030": 0.2, "2040": 0.7, "2050": 1.0},
        "aviation_co2_cut_frac": {"2050": 1.0}}
    cut = {"name": "bunkers", "preset": "current-policies",
           "international": {"aviation_co2_cut_frac": {"2050": 1.0}}}
    res = client.post(f"{API}/assess", json={"scenario": cut, "attribution": ["regions"]})
    assert res.status_code == 200, res.text
    body = res.json()
    # 0.6 Gt/yr less fossil CO2 from 2050 (and nothing else) cools; no region moved, so
    # the bunkers' player takes the whole of the warming avoided
    assert body["avoided"]["avoided_warming_2100_k"]["p50"] > 0.0
    parts = body["attribution"]["regions"]["parts_k"]["2100"]
    assert parts["international transport"]["p50"] == pytest.approx(
        body["avoided"]["avoided_warming_2100_k"]["p50"], abs=1e-9)
    assert all(parts[r]["p95"] == parts[r]["p05"] == 0.0 for r in REGIONS)


def test_assess_returns_the_library_verdict(client: TestClient) -> None:
    res = client.post(f"{API}/assess", json=_china_solar(400.0))
    assert res.status_code == 200, res.text
    body = res.json()
    direct = simulate(_china_solar(400.0)["scenario"], members=MEMBERS, attribution=False)
    assert body["members"] == MEMBERS
    assert body["verdict"] == json.loads(json.dumps(direct.verdict.to_dict()))
    assert body["avoided"] == json.loads(json.dumps(direct.avoided.to_dict()))
    # the fan chart: percentiles over members of the ensemble's 2100 warming
    gsat = direct.climate["gsat_k"].sel(year=2100).values  # (run, member)
    t = body["temperature"]
    assert t["years"][0] == 1950 and t["years"][-1] == 2100
    for run, key in ((0, "scenario"), (1, "baseline")):
        expect = np.percentile(gsat[run], [5, 50, 95])
        got = [t[key][p][-1] for p in ("p05", "p50", "p95")]
        assert got == pytest.approx(expect, abs=1e-4)
    # emissions by region: the library's regional pathways (rounded to 0.01 Mt)
    china = region_emissions(direct.resolved[0])["China"]
    e = body["emissions"]
    assert e["region_years"][0] == 2023
    assert e["regions"]["scenario"]["China"]["net_ghg"] == pytest.approx(
        china.net_ghg_mt_co2e(), abs=0.006)
    assert set(e["world"]["scenario"]) == {"CO2", "CH4", "N2O", "SO2"}
    assert body["attribution"] == {}


def test_identical_requests_give_identical_answers(client: TestClient) -> None:
    first = client.post(f"{API}/assess", json=_china_solar(321.0)).content
    assert client.post(f"{API}/assess", json=_china_solar(321.0)).content == first


def test_more_solar_does_not_warm(client: TestClient) -> None:
    low = client.post(f"{API}/assess", json=_china_solar(100.0)).json()["verdict"]
    high = client.post(f"{API}/assess", json=_china_solar(1500.0)).json()["verdict"]
    assert high["warming_2100_k"]["p50"] < low["warming_2100_k"]["p50"]
    assert high["p_peak_below_2"] >= low["p_peak_below_2"]


def test_members_above_the_cap_run_the_cap(client: TestClient) -> None:
    body = {**_china_solar(300.0), "members": 841}
    assert client.post(f"{API}/assess", json=body).json()["members"] == MEMBERS
    body["members"] = 5
    assert client.post(f"{API}/assess", json=body).json()["verdict"]["members"] == 5


def test_assess_with_region_attribution(client: TestClient) -> None:
    body = {**_china_solar(500.0, preset="current-policies"), "attribution": ["regions"]}
    res = client.post(f"{API}/assess", json=body).json()
    regions = res["attribution"]["regions"]
    assert set(regions["players"]) == set(REGIONS)
    # only China moved: it takes the whole of the warming avoided, the others nothing
    parts = regions["parts_k"]["2100"]
    assert parts["China"]["p50"] == pytest.approx(
        res["avoided"]["avoided_warming_2100_k"]["p50"], abs=1e-9)
    assert all(parts[r]["p95"] == parts[r]["p05"] == 0.0 for r in REGIONS if r != "China")


def test_compare_matches_assess(client: TestClient) -> None:
    scenarios = [{"name": "a", "preset": "us-ndc-2035"},
                 {"name": "b", "preset": "net-zero-co2-2050-stretch"}]
    res = client.post(f"{API}/compare", json={"scenarios": scenarios})
    assert res.status_code == 200, res.text
    body = res.json()
    assert [r["verdict"]["scenario"] for r in body["results"]] == ["a", "b"]
    single = client.post(f"{API}/assess", json={"scenario": scenarios[1]}).json()
    assert body["results"][1]["verdict"] == single["verdict"]
    assert body["baseline_series"] == single["temperature"]["baseline"]


@pytest.mark.parametrize(("body", "field", "value", "allowed"), [
    (_china_solar(5000.0), f'scenario.regions."China".power.{SOLAR}', {"2030": 5000.0},
     "0 to 2000 GW/yr"),
    ({**_china_solar(300.0), "members": 842}, "members", 842, "1 to 841"),
    ({**_china_solar(300.0), "members": 0}, "members", 0, "1 to 841"),
    ({**_china_solar(300.0), "series_from_year": 1700}, "series_from_year", 1700, "1850 to 2050"),
    ({"scenario": {"name": "x", "regions": {"China": {"other_gases": {"kigali": "maybe"}}}}},
     'scenario.regions."China".other_gases.kigali', "maybe", "one of on, accelerated, off"),
    ({"scenario": {"name": "x", "regions": {"India": {"power": {
        "coal_retirement_age_yr": {"2035": 90}}}}}},
     'scenario.regions."India".power.coal_retirement_age_yr', {"2035": 90.0}, "20 to 80 yr"),
    ({"scenario": {"name": "x", "regions": {"Chna": {}}}}, 'scenario.regions."Chna"', "Chna",
     "one of " + ", ".join(REGIONS)),
    ({"scenario": {"name": "x", "international": {"shipping_co2_cut_frac": {"2030": 1.5}}}},
     "scenario.international.shipping_co2_cut_frac", {"2030": 1.5}, "0 to 1 fraction"),
])
def test_bad_values_are_422_naming_field_value_range(client: TestClient, body: dict,
                                                     field: str, value: object,
                                                     allowed: str) -> None:
    res = client.post(f"{API}/assess", json=body)
    assert res.status_code == 422
    items = res.json()["detail"]
    item = next(i for i in items if i["field"] == field)
    assert (item["value"], item["allowed"]) == (value, allowed)
    assert field in item["message"] and allowed in item["message"]


def test_a_preset_is_a_shipped_name_never_a_path(client: TestClient) -> None:
    for preset in ("../../etc/passwd", "/tmp/x.toml", "current-policies.toml"):
        res = client.post(f"{API}/assess", json={"scenario": {"name": "x", "preset": preset}})
        assert res.status_code == 422
        item = res.json()["detail"][0]
        assert item["field"] == "scenario.preset" and item["value"] == preset
        assert "current-policies" in item["allowed"]
    res = client.post(f"{API}/assess", json={**_china_solar(1.0), "baseline": "/etc/hosts"})
    assert res.status_code == 422 and res.json()["detail"][0]["field"] == "baseline"


def test_unknown_lever_names_the_allowed_ones(client: TestClient) -> None:
    body = {"scenario": {"name": "x", "regions": {"China": {"power": {"solar_additions": 5}}}}}
    item = client.post(f"{API}/assess", json=body).json()["detail"][0]
    assert SOLAR in item["allowed"] and "did you mean" in item["message"]


def test_assess_reports_unmet_targets(client: TestClient) -> None:
    targets = {"net_zero_year": 2050, "net_zero_scope": "ghg"}
    body = {"scenario": {"name": "eu-nz", "regions": {"EU27": {"targets": targets}}},
            "members": 5, "attribution": []}
    res = client.post(f"{API}/assess", json=body)
    assert res.status_code == 200
    unmet = res.json()["unmet_targets"]
    assert [(u["region"], u["year"]) for u in unmet] == [("EU27", 2050)]
    assert 250 < unmet[0]["shortfall_mt_co2e"] < 350  # about 0.3 Gt (hand case in tests)
    body["scenario"]["regions"]["EU27"]["removals"] = {
        "beccs_gt_per_yr": {"2050": 0.175}, "daccs_gt_per_yr": {"2050": 0.064},
        "afforestation_gt_per_yr": {"2050": 0.128}}
    assert client.post(f"{API}/assess", json=body).json()["unmet_targets"] == []


def test_library_errors_are_422(client: TestClient) -> None:
    # Rest of World has no 1990 net-GHG figure in the base-year tables: found at resolution
    targets = {"ghg_cut_pct": 55, "ghg_base_year": 1990, "ghg_target_year": 2030}
    body = {"scenario": {"name": "x", "regions": {"Rest of World": {"targets": targets}}}}
    res = client.post(f"{API}/assess", json=body)
    assert res.status_code == 422
    item = res.json()["detail"][0]
    assert item["field"] == 'scenario.regions."Rest of World".targets.ghg_base_year'
    assert "1990" in item["message"] and "fix:" in item["message"]


def test_broken_json_is_422(client: TestClient) -> None:
    res = client.post(f"{API}/assess", content=b'{"scenario": ',
                      headers={"content-type": "application/json"})
    assert res.status_code == 422
    assert res.json()["detail"][0]["field"] == "body"


def test_big_bodies_are_413(client: TestClient) -> None:
    big = {"scenario": {"name": "x", "description": "a" * MAX_BODY_BYTES}}
    res = client.post(f"{API}/assess", json=big)
    assert res.status_code == 413 and "at most" in res.json()["detail"]

    def chunks():  # no content-length: counted as it streams
        yield b'{"scenario": {"name": "x", "description": "'
        for _ in range(MAX_BODY_BYTES // 1000 + 1):
            yield b"a" * 1000
        yield b'"}}'

    res = client.post(f"{API}/assess", content=chunks(),
                      headers={"content-type": "application/json"})
    assert res.status_code == 413


def test_docs_page_and_offline_assets(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text  # nothing remote
    assets = re.findall(r"(?:src|href)=['\"]?([^'\" >]+)", docs.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        res = client.get(asset)
        assert res.status_code == 200 and len(res.content) > 1000, asset
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/assess", "/api/v1/compare", "/api/v1/presets", "/api/v1/levers",
            "/api/v1/health"} <= set(spec["paths"])
    page = client.get("/")
    assert page.status_code == 200 and "<title>accord" in page.text
    assert "http" not in page.text.split("<body>")[0].replace("http-equiv", "")  # no CDN
    assert client.get("/static/app.js").status_code == 200
    plotly = client.get("/vendor/plotly.min.js")
    assert plotly.status_code == 200 and b"plotly" in plotly.content[:2000].lower()


def test_the_page_shows_unmet_targets_in_a_banner(client: TestClient) -> None:
    # the banner element exists, and the script fills it from the response's unmet_targets
    # and hides it when the list is empty
    assert 'id="unmet"' in client.get("/").text
    script = client.get("/static/app.js").text
    assert "renderUnmet(d.unmet_targets" in script
    assert "box.hidden = unmet.length === 0" in script


def test_every_gsat_series_uses_the_one_percentile_list():
    """The page's schema, the batch store, the CLI table and the result share FAN_NAMES."""
    from accord.assessment.metrics import FAN_NAMES, FAN_PERCENTILES
    from accord.batch.evaluate import PERCENTILES as BATCH
    from accord.interfaces.web.schemas import Series

    assert FAN_NAMES == ("p05", "p17", "p50", "p83", "p95")
    assert BATCH == FAN_PERCENTILES
    assert tuple(Series.model_fields) == FAN_NAMES


def test_levers_list_every_schema_group_with_its_heading(client: TestClient) -> None:
    from accord.levers.schema import GROUPS, LEVER_GROUPS, SCENARIO_GROUPS, group_title

    body = client.get(f"{API}/levers").json()
    assert body["groups"] == list(GROUPS)
    assert body["scenario_groups"] == list(SCENARIO_GROUPS)
    assert body["group_titles"] == {g: group_title(g) for g in LEVER_GROUPS}
    assert {lv["group"] for lv in body["levers"]} == set(LEVER_GROUPS)
    for lever in body["levers"]:  # a region's lever, or the scenario's own
        assert lever["scope"] == ("world" if lever["group"] in SCENARIO_GROUPS else "region")


def test_levers_carry_their_sector_from_the_schema(client: TestClient) -> None:
    from accord.levers.sectors import SECTORS, lever_sector, sector_levers

    body = client.get(f"{API}/levers").json()
    assert body["sectors"] == list(sector_levers())
    assert body["sector_titles"] == {s: SECTORS[s] for s in sector_levers()}
    for lever in body["levers"]:
        assert lever["sector"] == lever_sector(lever["group"], lever["name"])
        assert lever["sector"] in body["sectors"]
    transport = {lv["name"] for lv in body["levers"] if lv["sector"] == "transport"}
    assert transport and all(n.startswith(("transport_", "ev_")) for n in transport)


def test_a_lever_added_to_the_schema_is_listed_in_its_sector(monkeypatch) -> None:
    from pydantic import create_model

    from accord.interfaces.web import service
    from accord.levers.fields import value_lever
    from accord.levers.sectors import sector_levers

    grown = create_model("GrownEndUse", __base__=LEVER_GROUPS["end_use"],
                         buildings_heat_pump_frac=(float | None, value_lever(
                             0, 1, "fraction", "heat-pump share of buildings' heat")))
    monkeypatch.setitem(LEVER_GROUPS, "end_use", grown)
    sector_levers.cache_clear()
    try:
        body = service.levers_payload.__wrapped__()
    finally:
        sector_levers.cache_clear()
    added = next(lv for lv in body["levers"] if lv["name"] == "buildings_heat_pump_frac")
    assert (added["group"], added["sector"], added["unit"]) == ("end_use", "buildings",
                                                                 "fraction")
    assert "buildings" in body["sectors"]


def test_emissions_by_sector_are_the_librarys(client: TestClient) -> None:
    from accord.emissions.by_sector import sector_emissions

    body = client.post(f"{API}/assess", json=_china_solar(600.0)).json()
    direct = simulate(_china_solar(600.0)["scenario"], members=MEMBERS, attribution=False)
    e = body["emissions"]
    assert e["sector_units"] == {"co2": "Mt CO2/yr", "ch4": "Mt CH4/yr", "so2": "Mt SO2/yr"}
    regions = region_emissions(direct.resolved[0])
    assert set(e["sectors"]) == set(REGIONS)
    for gas, name in (("co2", "co2"), ("ch4", "ch4"), ("so2", "Sulfur")):
        parts = sector_emissions(regions["China"], name)
        assert list(e["sectors"]["China"][gas]) == list(parts)
        for sector, values in parts.items():
            assert sector in e["sector_titles"]
            # rounded to 0.01 Mt in the answer
            assert e["sectors"]["China"][gas][sector] == pytest.approx(values, abs=0.0051)
    # the parts add up to the region's totals of the by-region chart (each rounded to 0.01)
    us = e["sectors"]["United States"]
    totals = e["regions"]["scenario"]["United States"]
    net_co2 = np.add(totals["co2_fossil"], totals["co2_land"])
    assert np.sum(list(us["co2"].values()), axis=0) == pytest.approx(net_co2, abs=0.05)
    assert np.sum(list(us["so2"].values()), axis=0) == pytest.approx(totals["so2"], abs=0.05)
    # more solar in China moves China's power CO2 and nothing of the United States
    base = client.post(f"{API}/assess", json=_china_solar(100.0)).json()["emissions"]["sectors"]
    assert base["United States"] == us
    assert sum(base["China"]["co2"]["power"]) > sum(e["sectors"]["China"]["co2"]["power"])


def test_the_spec_documents_levers_sectors_and_emissions_by_sector(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()["components"]["schemas"]
    assert "sector" in spec["LeverInfo"]["required"]
    assert "sector" in spec["LeverInfo"]["properties"]["sector"]["description"]
    emissions = spec["Emissions"]["properties"]
    assert {"sectors", "sector_units", "sector_titles"} <= set(spec["Emissions"]["required"])
    assert "region -> gas -> sector" in emissions["sectors"]["description"]


def test_a_runaway_growth_rate_is_422_not_nan(client: TestClient) -> None:
    # US electricity growth at the top of its range (15 %/yr) held to 2100 on SSP3-7.0:
    # the model once answered with NaN warming (a member at 21.5 K in 2099); the world it
    # builds passes 5 x the largest SSP value (emissions_bounds.csv), an input error
    body = {"scenario": {"name": "x", "reference_world": "ssp370", "regions": {
        "United States": {"power": {"demand_growth_pct_per_yr": {"2100": 15}}}}}}
    res = client.post(f"{API}/assess", json=body)
    assert res.status_code == 422
    text = res.text
    assert "plausibility bound" in text and "United States" in text
    assert "demand_growth_pct_per_yr" in text
