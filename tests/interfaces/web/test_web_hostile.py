"""Hostile requests: each gets a documented 4xx naming the field, never a 5xx or a
silent reinterpretation (duplicate keys, booleans as numbers, surrogates, stalls)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.interfaces.web.app import create_app
from accord.interfaces.web.errors import BodyLimit

API = "/api/v1"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(max_members=3, warm_up=False), raise_server_exceptions=False)


def _post(client: TestClient, raw: bytes) -> tuple[int, dict[str, Any]]:
    res = client.post(f"{API}/assess", content=raw,
                      headers={"content-type": "application/json"})
    return res.status_code, res.json()


@pytest.mark.parametrize(("raw", "field", "words"), [
    # the first "regions" is out of range: a parser keeping the last would run the deal
    (b'{"scenario": {"name": "a", "regions": {"China": {"power": {"ccs_share_frac": 5}}}, '
     b'"regions": {}}}', "body", 'key "regions" appears twice'),
    (b'{"scenario": {"name": "a", "regions": {"China": {"power": '
     b'{"no_new_coal_from_year": Infinity}}}}}', "body",
     "no_new_coal_from_year = inf: not a finite number"),
    (b'{"scenario": {"name": "a", "regions": {"China": {"power": '
     b'{"ccs_share_frac": NaN}}}}}', "body", "ccs_share_frac = nan: not a finite number"),
    (b'{"scenario": {"name": "a", "regions": {"China": {"power": {"no_new_coal_from_year": '
     + b"9" * 5000 + b"}}}}}", "body", "no_new_coal_from_year = an integer of 5000 digits"),
    (b'{"scenario": {"name": "a\\ud800b"}}', "scenario.name", "'a\\ud800b'"),
    (b'{"scenario": {"name": "a\\u001b[31m"}}', "scenario.name", "'a\\x1b[31m'"),
    (b'{"scenario": {"name": "a"}, "members": true}', "members", "members = True"),
    (b'{"scenario": {"name": "a"}, "members": 2.5}', "members", "members = 2.5"),
    (b'{"scenario": {"name": "a", "regions": {"China": {"power": null}}}}',
     'scenario.regions."China".power', "power = null: allowed: an object"),
])
def test_hostile_body_is_422_naming_the_field(client: TestClient, raw: bytes, field: str,
                                              words: str) -> None:
    status, body = _post(client, raw)
    assert status == 422, body
    item = body["detail"][0]
    assert item["field"] == field
    assert words in item["message"] and "fix:" in item["message"], item["message"]
    assert "codec" not in body["message"] and "\n" not in body["message"]
    json.dumps(body, allow_nan=False).encode("utf-8")  # plain JSON, valid UTF-8


def test_whole_floats_are_integers_as_the_spec_says(client: TestClient) -> None:
    """The spec says ``integer``; JSON Schema counts 2008.0 as one, and so does the API."""
    status, body = _post(client, json.dumps({"scenario": {"name": "a", "regions": {
        "China": {"other_co2": {"peak_year": 2008.0}}}}, "members": 2.0}).encode())
    assert status == 200, body
    assert body["members"] == 2
    status, body = _post(client, json.dumps({"scenario": {"name": "a", "regions": {
        "China": {"other_co2": {"peak_year": 2008.5}}}}}).encode())
    assert status == 422 and "peak_year = 2008.5" in body["message"]


def test_a_stalled_upload_is_answered_408() -> None:
    """A client that sends part of its body and then nothing is cut off."""
    sent: list[dict[str, Any]] = []
    reached_app = False

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        nonlocal reached_app
        reached_app = True

    async def receive() -> dict[str, Any]:
        if not sent and not getattr(receive, "started", False):
            receive.started = True  # type: ignore[attr-defined]
            return {"type": "http.request", "body": b'{"scenario": ', "more_body": True}
        await asyncio.Event().wait()  # the rest never comes
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "headers": [(b"content-type", b"application/json")]}
    asyncio.run(BodyLimit(app, max_bytes=1000, timeout_s=0.05)(scope, receive, send))
    assert sent[0]["status"] == 408 and not reached_app
    assert "stalled" in json.loads(sent[1]["body"])["detail"]


def test_408_is_in_the_spec(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "408" in spec["paths"][f"{API}/assess"]["post"]["responses"]


def test_the_spec_states_the_base_year_and_cut_rules(client: TestClient) -> None:
    """What the validators refuse, the spec says (so a spec-valid request is accepted)."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    regions = schemas["ScenarioIn"]["properties"]["regions"]["properties"]
    row = regions["Rest of World"]["allOf"][1]["properties"]["targets"]["properties"][
        "ghg_base_year"]
    assert 1990 not in row["enum"] and 2005 in row["enum"]  # no net GHG for 1990 there
    assert 1990 in regions["China"]["allOf"][1]["properties"]["targets"]["properties"][
        "ghg_base_year"]["enum"]
    rule = schemas["TargetLevers"]["allOf"][0]
    assert rule["if"]["required"] == ["ghg_cut_pct"]
    assert set(rule["then"]["required"]) == {"ghg_base_year", "ghg_target_year"}
    assert "net_zero_year is after ghg_target_year" in schemas["ScenarioIn"]["description"]
    # and the server agrees: each side of the stated rules
    for body, status in (
            ({"name": "a", "regions": {"Rest of World": {"targets": {
                "ghg_cut_pct": 50, "ghg_base_year": 1990, "ghg_target_year": 2030}}}}, 422),
            ({"name": "a", "regions": {"Rest of World": {"targets": {
                "ghg_cut_pct": 50, "ghg_base_year": 2005, "ghg_target_year": 2030}}}}, 200),
            ({"name": "a", "regions": {"China": {"targets": {"ghg_cut_pct": 50}}}}, 422)):
        assert _post(client, json.dumps({"scenario": body, "members": 1}).encode())[0] == status


def test_the_spec_states_each_regions_removal_ceiling(client: TestClient) -> None:
    from accord.levers.limits import CEILING_SLACK_GT, removal_ceiling_gt

    regions = client.get("/openapi.json").json()["components"]["schemas"]["ScenarioIn"][
        "properties"]["regions"]["properties"]
    ceiling = removal_ceiling_gt("China", "daccs", 2100)
    path = regions["China"]["allOf"][1]["properties"]["removals"]["properties"][
        "daccs_gt_per_yr"]["anyOf"]
    stated = next(p for p in path if p.get("type") == "object")["properties"]["2100"]["maximum"]
    assert stated == ceiling + CEILING_SLACK_GT  # exactly what the resolver lets through
    for value, status in ((ceiling, 200), (ceiling * 1.01 + 0.01, 422)):
        body = {"scenario": {"name": "a", "regions": {"China": {"removals": {
            "daccs_gt_per_yr": {"2100": value}}}}}, "members": 1}
        assert _post(client, json.dumps(body).encode())[0] == status


def test_the_spec_states_the_intensity_target_rules(client: TestClient) -> None:
    """Intensity targets: GDP base years per region, the years a cut needs, the order."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    regions = schemas["ScenarioIn"]["properties"]["regions"]["properties"]

    def targets(region: str) -> dict:
        return regions[region]["allOf"][1]["properties"]["targets"]["properties"]

    assert targets("India")["intensity_base_year"]["enum"] == [1990, 2005, 2015, 2020, None]
    assert targets("EU27")["intensity_base_year"]["enum"] == [None]  # no GDP in the data
    assert targets("EU27")["intensity_cut_pct"] == {"type": "null"}
    rule = schemas["TargetLevers"]["allOf"][1]
    assert rule["if"]["required"] == ["intensity_cut_pct"]
    assert set(rule["then"]["required"]) == {"intensity_base_year", "intensity_target_year"}
    assert "intensity_target_year is after intensity_base_year" in schemas["ScenarioIn"][
        "description"]
    cut = {"intensity_cut_pct": 45, "intensity_base_year": 2005, "intensity_target_year": 2030}
    for region, t, status in (("India", cut, 200), ("EU27", cut, 422),
                              ("India", {"intensity_cut_pct": 45}, 422),
                              ("India", {**cut, "intensity_target_year": 2005}, 422)):
        body = {"scenario": {"name": "a", "regions": {region: {"targets": t}}}, "members": 1}
        assert _post(client, json.dumps(body).encode())[0] == status, (region, t)
