"""The page by sector, in a real browser: lever sections and the emissions-by-sector chart.

Same set-up as ``test_web_browser.py`` (Playwright driving Debian's chromium,
headless, a uvicorn server with a 20-member cap). The sections and the lever
-> sector map come from ``GET /levers`` (the schema's data); the chart's
numbers come from ``POST /assess``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from test_web_browser import (  # noqa: F401  (fixtures)
    MEMBERS,
    WAIT_MS,
    _answers,
    _free_port,
    _ready,
    browser,
    page,
    server,
)

#: the chart's traces as drawn: sector (trace meta) -> values
TRACES_JS = """() => Object.fromEntries(document.getElementById('by-sector').data
  .map(t => [t.meta, t.y]))"""


def _post(server: str, body: dict) -> dict:  # noqa: F811
    return httpx.post(f"{server}/api/v1/assess", json=body, timeout=None).json()


def _sent(pg) -> dict:  # type: ignore[no-untyped-def]
    """The request body the page sends for what is on screen."""
    return pg.evaluate("scenarioBody([])")


def test_levers_sit_in_sections_by_sector(page, server) -> None:  # noqa: F811
    page.goto(server + "/")
    _ready(page)
    meta = httpx.get(f"{server}/api/v1/levers").json()
    sections = page.eval_on_selector_all(
        "#groups > details", "els => els.map(e => [e.dataset.sector, "
        "e.querySelector('summary').textContent])")
    assert sections == [[s, meta["sector_titles"][s]] for s in meta["sectors"]]
    assert {"power", "industry", "transport", "buildings", "agriculture", "waste", "land",
            "removals", "targets"} <= set(meta["sectors"])
    for sector in meta["sectors"]:
        ids = page.eval_on_selector_all(
            f"details[data-sector={sector}] .lever",
            "els => els.map(e => e.querySelector('input, select').id)")
        expect = [lv for lv in meta["levers"] if lv["sector"] == sector]
        assert len(ids) == len(expect), sector
        for control, lever in zip(ids, expect, strict=True):
            assert control.startswith(f"lever-{lever['group']}-{lever['name']}"), sector
    # power and transport are open on a fresh page, the rest closed until a lever moves
    opened = page.eval_on_selector_all("#groups > details[open]",
                                       "els => els.map(e => e.dataset.sector)")
    assert opened == ["power", "transport"]


@pytest.fixture
def grown_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app, served in this process, with a lever added to the schema's end-use group."""
    from pydantic import create_model

    from accord.interfaces.web import service
    from accord.interfaces.web.app import create_app
    from accord.levers.fields import value_lever
    from accord.levers.schema import GROUPS, LEVER_GROUPS
    from accord.levers.sectors import sector_levers

    grown = create_model("GrownEndUse", __base__=GROUPS["end_use"],
                         buildings_heat_pump_frac=(float | None, value_lever(
                             0, 1, "fraction", "heat-pump share of buildings' heat")))
    caches = (sector_levers, service.levers_payload, service.presets_payload)
    monkeypatch.setitem(GROUPS, "end_use", grown)  # a region's groups, and every group
    monkeypatch.setitem(LEVER_GROUPS, "end_use", grown)
    for cached in caches:
        cached.cache_clear()
    port = _free_port()
    app = uvicorn.Server(uvicorn.Config(create_app(max_members=MEMBERS, warm_up=False),
                                        host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=app.run, daemon=True)
    thread.start()
    while not app.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app.should_exit = True
        thread.join()
        monkeypatch.undo()
        for cached in caches:
            cached.cache_clear()


def test_a_lever_added_to_the_schema_is_drawn_in_its_sector(browser, grown_server) -> None:  # noqa: F811
    # schema -> GET /levers -> page, end to end: no list of levers or sectors in the page
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    pg.goto(grown_server + "/")
    _ready(pg)
    control = "details[data-sector=buildings] #lever-end_use-buildings_heat_pump_frac"
    assert pg.locator(control).count() == 1
    assert pg.text_content(
        "details[data-sector=buildings] .lever:has(#lever-end_use-buildings_heat_pump_frac) "
        "label").startswith("heat-pump share of buildings' heat")
    context.close()


def test_a_lever_added_to_the_levers_answer_appears_in_its_section(page, server) -> None:  # noqa: F811
    # the page draws whatever GET /levers lists: a new lever of a known sector, and one of
    # a sector the page has never seen
    def grown(route) -> None:  # type: ignore[no-untyped-def]
        body = httpx.get(route.request.url).json()
        template = next(lv for lv in body["levers"] if lv["kind"] == "number")
        body["levers"] += [
            {**template, "group": "end_use", "sector": "transport",
             "name": "transport_hydrogen_trucks_frac", "description": "hydrogen trucks"},
            {**template, "group": "end_use", "sector": "shipping",
             "name": "shipping_ammonia_frac", "description": "ammonia ships"}]
        # a lever of another group in the transport section: each group's levers get a heading
        body["levers"].append({**template, "group": "other_co2", "sector": "transport",
                               "name": "freight_activity_pct", "description": "freight"})
        body["sectors"].append("shipping")
        body["sector_titles"]["shipping"] = "Shipping"
        route.fulfill(json=body)

    page.route("**/api/v1/levers", grown)
    page.goto(server + "/")
    _ready(page)
    assert page.locator(
        "details[data-sector=transport] #lever-end_use-transport_hydrogen_trucks_frac").count() \
        == 1
    meta = httpx.get(f"{server}/api/v1/levers").json()
    heads = page.locator("details[data-sector=transport] .subhead").all_text_contents()
    assert heads == [meta["group_titles"]["end_use"], meta["group_titles"]["other_co2"]]
    assert page.locator("details[data-sector=transport] #lever-other_co2-freight_activity_pct"
                        ).count() == 1
    assert page.text_content("#sector-shipping") == "Shipping"
    assert page.locator(
        "details[data-sector=shipping] #lever-end_use-shipping_ammonia_frac").count() == 1


def test_a_transport_lever_moves_the_headline_and_the_sector_chart(page, server) -> None:  # noqa: F811
    page.goto(server + "/")
    _ready(page)
    assert page.text_content("#sector-region") == "China"
    before = page.evaluate(TRACES_JS)
    versus = page.text_content("#versus")
    # keyboard only: the first transport-efficiency slider of the open transport section
    slider = page.locator("details[data-sector=transport] input[type=range]"
                          "[id*=transport_efficiency]").first
    slider_id = slider.get_attribute("id")
    seen = _answers(page)
    page.focus(f"#{slider_id}")
    page.keyboard.press("End")  # the largest cut of transport's energy service
    _ready(page, seen)
    assert "(1 moved)" in page.text_content("#sector-transport")
    api = _post(server, _sent(page))
    assert "end_use" in _sent(page)["scenario"]["regions"]["China"]
    # the headline is the API's verdict for the moved lever, and it moved
    v = api["verdict"]
    assert page.text_content("#peak") == f"{v['peak_warming_k']['p50']:.2f} °C"
    assert page.text_content("#w2100") == f"{v['warming_2100_k']['p50']:.2f} °C"
    assert page.text_content("#versus") != versus
    assert api["avoided"]["avoided_warming_2100_k"]["p50"] > 0
    # the chart: China's transport CO2 fell, and every bar is the API's number
    after = page.evaluate(TRACES_JS)
    years = api["emissions"]["region_years"]
    i = years.index(2030)  # the first milestone: the slider moved (its value or its 2030 point)
    assert after["transport"][i] < before["transport"][i]
    for sector, values in api["emissions"]["sectors"]["China"]["co2"].items():
        assert after[sector] == values, sector


def test_the_sector_chart_follows_the_region_and_the_gas(page, server) -> None:  # noqa: F811
    page.goto(server + "/")
    _ready(page)
    page.select_option("#region", "India")
    page.select_option("#sector-gas", "ch4")
    assert page.text_content("#sector-region") == "India"
    assert page.text_content("#sector-unit") == "[Mt CH4/yr]"
    api = _post(server, _sent(page))["emissions"]
    drawn = page.evaluate(TRACES_JS)
    i = api["region_years"].index(2040)
    india = api["sectors"]["India"]["ch4"]
    assert {s: drawn[s][i] for s in india} == {s: v[i] for s, v in india.items()}
    assert drawn["total"][i] == pytest.approx(sum(v[i] for v in india.values()), abs=1e-9)
    assert drawn["baseline"][i] == api["regions"]["baseline"]["India"]["ch4"][i]
    names = page.evaluate("document.getElementById('by-sector').data.map(t => t.name)")
    assert "Agriculture" in names and "Waste" in names


def test_the_csv_holds_the_sector_charts_numbers(page, server) -> None:  # noqa: F811
    import csv
    import io
    from pathlib import Path

    page.goto(server + "/")
    _ready(page)
    page.select_option("#region", "EU27")
    with page.expect_download() as info:
        page.click("#csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert {(r["section"], r["name"]): r["value"] for r in rows}[
        ("scenario", "sector_region")] == "EU27"
    api = _post(server, _sent(page))["emissions"]
    got = {(r["name"], int(r["year"])): float(r["value"]) for r in rows
           if r["section"] == "sector_so2"}
    eu = api["sectors"]["EU27"]["so2"]
    assert got == {(s, y): v[i] for s, v in eu.items()
                   for i, y in enumerate(api["region_years"])}
    assert {r["unit"] for r in rows if r["section"] == "sector_so2"} == {"Mt SO2/yr"}
