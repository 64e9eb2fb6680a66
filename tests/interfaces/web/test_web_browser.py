"""The page in a real browser (Playwright driving Debian's chromium, headless).

A uvicorn server on 127.0.0.1 (a free port) serves the app with a 20-member
cap; each test opens the page and checks what an analyst sees against what
the API (and so the library) says.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import require

CHROMIUM = Path("/usr/bin/chromium")
MEMBERS = 20
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
#: no time limit on any wait (0 = wait as long as it takes): nothing here measures speed
WAIT_MS = 0

# a missing browser skips these tests on a user's machine and fails them under CI=true
require(CHROMIUM.exists(),
        "needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")
require(importlib.util.find_spec("playwright") is not None,
        "needs playwright (a test dependency: pip install -e '.[test]')")

from playwright import sync_api  # noqa: E402  (after the check above)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, ACCORD_WEB_MAX_MEMBERS=str(MEMBERS))
    log = tmp_path_factory.mktemp("server") / "stderr.txt"
    sink = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "accord.interfaces.web.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:  # the start-up warms the model; poll until it answers or exits
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{url}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait()
        sink.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def _assess(server: str, preset: str, regions: dict | None = None) -> dict:
    body = {"scenario": {"name": "t", "preset": preset, "regions": regions or {}}}
    return httpx.post(f"{server}/api/v1/assess", json=body, timeout=None).json()["verdict"]


def _answers(pg) -> int:  # type: ignore[no-untyped-def]
    return int(pg.evaluate("document.body.dataset.answers || '0'"))


def _ready(pg, after: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Wait until more than ``after`` answers are on screen and none is pending."""
    pg.wait_for_function(
        "n => Number(document.body.dataset.answers || 0) > n"
        " && document.body.dataset.busy === '0'", arg=after)


def _open_with(pg, server: str, preset: str) -> None:  # type: ignore[no-untyped-def]
    """Open the page and choose ``preset``; return once its verdict is on screen."""
    pg.goto(server + "/")
    _ready(pg)
    seen = _answers(pg)
    pg.select_option("#preset", preset)
    _ready(pg, seen)


def _pct(p: float) -> str:
    return f"{round(p * 100)} %"


#: each control's name as the page gives it: its <label>s' text, or the text of the
#: elements aria-labelledby points to; and any aria-label (which would override both)
NAMES_JS = """els => els.map(e => ({
  id: e.id,
  aria_label: e.getAttribute('aria-label'),
  name: e.labels && e.labels.length
    ? [...e.labels].map(l => l.textContent.trim()).join(' ')
    : (e.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
        .map(id => document.getElementById(id).textContent.trim()).join(' '),
}))"""


def test_page_loads_with_verdict_and_charts(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    expect = _assess(server, "current-policies")
    assert page.text_content("#p15") == _pct(expect["p_peak_below_1p5"])
    assert page.text_content("#peak") == f"{expect['peak_warming_k']['p50']:.2f} °C"
    assert page.text_content("#category") == expect["category"]
    assert page.locator("#fan .main-svg").count() > 0
    assert page.locator("#by-region .main-svg").count() > 0
    assert page.locator("#by-gas .main-svg").count() > 0
    # every lever control is named by its visible label (nothing overrides it)
    names = page.eval_on_selector_all("#groups input, #groups select", NAMES_JS)
    assert names and all(n["name"] for n in names)
    assert not [n for n in names if n["aria_label"]]


def test_choosing_a_preset_updates_the_verdict(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    before = page.text_content("#peak")
    seen = _answers(page)
    page.select_option("#preset", "net-zero-co2-2050-stretch")
    _ready(page, seen)
    expect = _assess(server, "net-zero-co2-2050-stretch")
    assert page.text_content("#peak") == f"{expect['peak_warming_k']['p50']:.2f} °C" != before
    assert page.text_content("#category") == expect["category"]
    assert page.text_content("#p15") == _pct(expect["p_peak_below_1p5"])


def test_moving_a_slider_changes_p15_in_the_right_direction(page, server) -> None:  # type: ignore[no-untyped-def]
    _open_with(page, server, "net-zero-co2-2050-stretch")
    before = page.text_content("#p15")
    page.select_option("#region", "Rest of World")
    page.click("#sector-agriculture")  # open the agriculture section (power and transport are)
    slider = "#lever-methane-agriculture_cut_frac-2030"  # the 2030 milestone
    seen = _answers(page)
    page.focus(slider)
    page.keyboard.press("End")  # a full cut of agricultural methane: cooler, so P rises
    _ready(page, seen)
    after = page.text_content("#p15")
    assert int(after.split()[0]) > int(before.split()[0])
    expect = _assess(server, "net-zero-co2-2050-stretch",
                     {"Rest of World": {"methane": {"agriculture_cut_frac": {"2030": 1.0}}}})
    assert after == _pct(expect["p_peak_below_1p5"])
    assert page.input_value("#lever-methane-agriculture_cut_frac-2030") == "1"
    # the milestone after it follows the path: held after the last milestone
    assert page.input_value("#lever-methane-agriculture_cut_frac-2050") == "1"


def test_share_url_restores_the_scenario(page, server, browser) -> None:  # type: ignore[no-untyped-def]
    _open_with(page, server, "cop28-uae-consensus")
    page.select_option("#region", "India")
    seen = _answers(page)
    exact = "#lever-power-solar_additions_gw_per_yr-2030 + input[type=number]"
    page.fill(exact, "150")
    page.press(exact, "Enter")  # the number box commits on change
    _ready(page, seen)
    shown = {k: page.text_content(k) for k in ("#peak", "#p15", "#p2", "#category", "#w2100")}
    url = page.url
    assert "#s=" in url
    other = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    other.set_default_timeout(WAIT_MS)
    other.goto(url)
    _ready(other)
    assert other.input_value("#preset") == "cop28-uae-consensus"
    assert other.input_value("#region") == "India"
    assert other.input_value("#lever-power-solar_additions_gw_per_yr-2030") == "150"
    # the preset's later milestones are kept ({2030 = 60, 2040 = 100, 2050 = 120} for India):
    # 2035 lies between the new 2030 value and 2040, (150 + 100) / 2 = 125; 2050 is the preset's
    assert other.input_value("#lever-power-solar_additions_gw_per_yr-2035 + input[type=number]") \
        == "125"
    assert other.input_value("#lever-power-solar_additions_gw_per_yr-2050 + input[type=number]") \
        == "120"
    assert {k: other.text_content(k) for k in shown} == shown
    other.context.close()


def test_csv_download_holds_the_numbers_on_screen_and_png_saves(page, server) -> None:  # type: ignore[no-untyped-def]
    _open_with(page, server, "us-ndc-2035")
    with page.expect_download() as info:
        page.click("#csv")
    text = Path(info.value.path()).read_text()
    rows = {(r["section"], r["name"], r["year"]): r["value"]
            for r in csv.DictReader(io.StringIO(text))}
    value = lambda name: float(rows[("verdict", name, "")])  # noqa: E731
    assert page.text_content("#peak") == f"{value('peak_warming_p50'):.2f} °C"
    assert page.text_content("#w2100") == f"{value('warming_2100_p50'):.2f} °C"
    assert page.text_content("#p15") == _pct(value("p_peak_below_1p5"))
    assert page.text_content("#p2") == _pct(value("p_peak_below_2"))
    assert page.text_content("#category") == rows[("verdict", "category", "")]
    crossing = rows[("verdict", "crossing_year_1p5", "")]
    assert page.text_content("#crossing") == (crossing or "not crossed")
    assert rows[("scenario", "members", "")] == str(MEMBERS)
    assert float(rows[("gsat_scenario", "p50", "2100")]) == pytest.approx(
        value("warming_2100_p50"), abs=1e-4)
    with page.expect_download() as png:
        page.click("#png")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_attribution_chart_on_demand(page, server) -> None:  # type: ignore[no-untyped-def]
    _open_with(page, server, "sunnylands-2023")
    page.click("#attribute")
    page.wait_for_selector("#attribution .main-svg")
    bars = page.evaluate("document.getElementById('attribution').data.map(t => t.y)")
    assert "China" in bars[0] and "power" in bars[1]
    ticks = page.locator("#attribution .yaxislayer-above text").all_text_contents()
    assert "China" in ticks and "power" in ticks  # drawn as named bars, not numbers
    seen = _answers(page)
    page.select_option("#preset", "us-ndc-2035")  # a new deal: the old split is withdrawn
    _ready(page, seen)
    assert page.locator("#attribution .main-svg").count() == 0
    assert "Attribute" in page.text_content("#attribution")


def test_an_invalid_deal_shows_the_api_message(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    peak = page.text_content("#peak")
    page.select_option("#region", "EU27")
    page.click("#sector-targets")
    seen = _answers(page)
    exact = "#lever-targets-ghg_cut_pct + input[type=number]"
    page.fill(exact, "55")  # a cut without its base and target years
    page.press(exact, "Enter")
    _ready(page, seen)
    message = page.text_content("#error")
    assert page.is_visible("#error")
    assert 'regions."EU27".targets' in message and "ghg_base_year" in message
    assert page.text_content("#peak") == peak  # the last valid verdict stays, dimmed
    assert "stale" in (page.get_attribute("#results", "class") or "")


# ------------------------------------------------------------------ what a newcomer hit


def _share_hash(preset: str, region: str, overrides: dict, members: int = MEMBERS) -> str:
    import base64
    import json

    packed = {"p": preset, "b": "current-policies", "m": members, "r": region, "o": overrides}
    text = base64.urlsafe_b64encode(json.dumps(packed).encode()).decode().rstrip("=")
    return f"#s={text}"


def test_a_link_pasted_into_an_open_tab_restores_its_scenario(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    overrides = {"India": {"targets": {"net_zero_year": 2050}}}
    seen = _answers(page)
    page.evaluate("h => { location.hash = h; }",
                  _share_hash("us-ndc-2035", "India", overrides))  # as a pasted link does
    _ready(page, seen)
    assert page.input_value("#preset") == "us-ndc-2035"
    assert page.input_value("#region") == "India"
    expect = _assess(server, "us-ndc-2035", {"India": {"targets": {"net_zero_year": 2050}}})
    assert page.text_content("#peak") == f"{expect['peak_warming_k']['p50']:.2f} °C"
    assert page.text_content("#category") == expect["category"]
    # the moved lever sits in a sector that starts collapsed: that sector is open now
    assert page.evaluate("document.querySelector('details[data-sector=targets]').open")
    assert page.is_visible("#lever-targets-net_zero_year")
    assert "(1 moved)" in page.text_content("#sector-targets")


def test_a_moved_lever_is_never_hidden_in_a_collapsed_group(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/" + _share_hash(
        "current-policies", "EU27", {"EU27": {"land": {"co2_mt_per_yr": {"2050": 0}}},
                                     "China": {"other_gases": {"kigali": "accelerated"}}}))
    _ready(page)
    assert page.is_visible("#lever-land-co2_mt_per_yr-2050")
    closed = page.eval_on_selector_all("details:not([open])",
                                       "els => els.map(e => e.dataset.sector)")
    assert "land" not in closed and "other_gases" in closed  # EU27 moved nothing there
    page.select_option("#region", "China")
    assert page.is_visible("#lever-other_gases-kigali")


def test_end_use_levers_are_trajectory_sliders(page, server) -> None:  # type: ignore[no-untyped-def]
    deal = {"China": {"end_use": {"transport_electrification_frac": {"2040": 0.5}}}}
    page.goto(server + "/" + _share_hash("current-policies", "China", deal))
    _ready(page)
    for year in (2030, 2035, 2050):  # one slider per page milestone, as every trajectory lever
        assert page.is_visible(f"#lever-end_use-transport_electrification_frac-{year}")
    # held after the last milestone
    assert page.input_value("#lever-end_use-transport_electrification_frac-2050") == "0.5"
    assert page.text_content("#p15") == _pct(
        _assess(server, "current-policies", deal)["p_peak_below_1p5"])


def test_fewer_members_are_called_a_preview(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    note = page.text_content("#members-note")
    assert page.is_visible("#members-note")
    assert f"Preview with {MEMBERS} of the 841 members" in note and "category" in note
    assert f"this server runs at most {MEMBERS}" in note  # the test server's cap
    hidden = page.evaluate("() => { render({...last, members: 841}); "
                           "return document.getElementById('members-note').hidden; }")
    assert hidden


def test_a_small_lever_effect_shows_in_the_numbers(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    assert page.evaluate("[fmtDelta(0.0043), fmtDelta(-0.012), fmtDelta(0.25), fmtDelta(1.234),"
                         " fmtDelta(0), fmtPoints(0.0012), fmtPoints(0.25)]") == [
        "0.0043", "-0.012", "0.25", "1.23", "0.00", "+0.1", "+25"]
    page.select_option("#region", "India")
    page.click("#sector-agriculture")
    seen = _answers(page)
    exact = "#lever-methane-agriculture_cut_frac-2030 + input[type=number]"
    page.fill(exact, "0.02")  # a small cut by 2030: a few thousandths of a degree
    page.press(exact, "Enter")
    _ready(page, seen)
    body = {"scenario": {"name": "t", "preset": "current-policies",
                         "regions": {"India": {"methane": {
                             "agriculture_cut_frac": {"2030": 0.02}}}}}}
    avoided = httpx.post(f"{server}/api/v1/assess", json=body,
                         timeout=None).json()["avoided"]["avoided_warming_2100_k"]["p50"]
    assert 0 < avoided < 0.005  # two decimals would show 0.00
    shown = page.text_content("#versus").split("Against current-policies: ")[1].split(" °C")[0]
    assert float(shown) != 0 and float(shown) == pytest.approx(avoided, rel=0.05)


def test_gas_panels_tick_labels_do_not_overlap(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    boxes = page.eval_on_selector_all(
        "#by-gas .xaxislayer-above text",
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [e.textContent, r.left, r.right]; })")
    assert len(boxes) >= 8  # four panels, several years each
    boxes.sort(key=lambda b: b[1])
    for (_, _, right), (_, left, _) in itertools.pairwise(boxes):
        assert left >= right + 4  # a gap between every pair of neighbours


@pytest.mark.parametrize("script", ["app.js", "compare.js", "sectors.js"])
def test_page_code_never_writes_html_from_text(script: str) -> None:
    code = (Path(__file__).parents[3] / "src" / "accord" / "interfaces" / "web" / "static"
            / script).read_text()
    assert "innerHTML" not in code and "outerHTML" not in code
    assert "insertAdjacentHTML" not in code


def test_server_text_is_shown_as_text(page, server) -> None:  # type: ignore[no-untyped-def]
    # a lever description holding markup is shown literally, never parsed
    def patched(route) -> None:  # type: ignore[no-untyped-def]
        body = httpx.get(route.request.url).json()
        body["levers"][0]["description"] = "<img src=x onerror=window.hacked=1>solar"
        route.fulfill(json=body)

    page.route("**/api/v1/levers", patched)
    page.goto(server + "/")
    _ready(page)
    # the first lever row's name (a milestone lever names its row in .lever-label)
    first = page.text_content("#groups .lever :is(.lever-label, label)")
    assert first.startswith("<img src=x onerror=window.hacked=1>solar")
    assert page.evaluate("window.hacked === undefined")
    assert page.locator("#groups img").count() == 0


def test_attribute_button_is_disabled_while_it_runs(page, server) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.post_data or "")
            if r.url.endswith("/api/v1/assess") and "regions" in (r.post_data or "") else None)
    # the attribution request is held until the checks below are done, so "while it runs"
    # does not depend on how fast the server answers (a busy machine made it a race)
    held: list[object] = []
    page.route("**/api/v1/assess", lambda route: held.append(route)
               if '"levers"' in (route.request.post_data or "") else route.continue_())
    _open_with(page, server, "sunnylands-2023")
    page.click("#attribute")
    while not held:  # until the page has sent it (each wait lets playwright dispatch)
        page.wait_for_timeout(20)
    assert page.is_disabled("#attribute")
    page.click("#attribute", force=True)  # a second click while it runs sends nothing
    held[0].continue_()  # type: ignore[attr-defined]
    page.wait_for_selector("#attribution .main-svg")
    assert page.is_enabled("#attribute")
    assert len([a for a in asked if '"levers"' in a]) == 1


def test_a_failing_start_up_request_is_reported(page, server) -> None:  # type: ignore[no-untyped-def]
    page.route("**/api/v1/presets", lambda route: route.fulfill(
        status=503, json={"message": "presets are being rebuilt"}))
    page.goto(server + "/")
    page.wait_for_selector("#error:not([hidden])")
    text = page.text_content("#error")
    assert "The page could not start" in text
    assert "/api/v1/presets: 503 presets are being rebuilt" in text


def test_docs_render_offline(browser, server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    local = server.rstrip("/")
    blocked: list[str] = []

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(local):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    pg.goto(server + "/docs")
    pg.wait_for_selector(".swagger-ui .info .title")
    assert "accord" in pg.text_content(".swagger-ui .info .title")
    assert pg.locator(".opblock").count() >= 5  # the API's operations are listed
    assert not blocked
    context.close()
def test_two_presets_side_by_side_match_the_compare_api(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    _ready(page)
    names = ["us-ndc-2035", "world-ndcs-2030"]
    page.select_option("#compare-presets", names)
    page.click("#compare")
    page.wait_for_function("document.body.dataset.compared === '1'")
    body = {"scenarios": [{"name": n, "preset": n} for n in names], "series_from_year": 2000}
    api = httpx.post(f"{server}/api/v1/compare", json=body, timeout=None).json()
    assert [r["verdict"]["scenario"] for r in api["results"]] == names
    for r in api["results"]:
        v = r["verdict"]
        card = page.locator(f'.compare-card[data-scenario="{v["scenario"]}"]')
        assert card.locator(".cmp-peak").text_content() == f"{v['peak_warming_k']['p50']:.2f} °C"
        assert card.locator(".cmp-2100").text_content() == f"{v['warming_2100_k']['p50']:.2f} °C"
        assert card.locator(".cmp-category").text_content() == v["category"]
        assert card.locator(".cmp-avoided").text_content() == (
            f"{r['avoided']['avoided_warming_2100_k']['p50']:.2f} °C")
        assert card.locator(".main-svg").count() > 0  # its own fan chart
    assert "20 members" in page.text_content("#compare-status")


def test_an_open_section_stays_open_when_the_levers_are_drawn_again(page, server) -> None:  # type: ignore[no-untyped-def]
    # choosing a region writes the share link, whose hashchange draws the levers again a
    # moment later: a section the reader opened in between used to close under them
    page.goto(server + "/")
    _ready(page)
    page.select_option("#region", "India")
    page.click("#sector-agriculture")
    opened = "document.querySelector('details[data-sector=agriculture]').open"
    assert page.evaluate(opened)
    page.evaluate("renderLevers()")  # what the hashchange and region handlers call
    assert page.evaluate(opened)
    page.select_option("#region", "China")
    assert page.evaluate(opened)
    assert page.evaluate("document.querySelector('details[data-sector=power]').open")


def test_the_international_sliders_exist_for_every_region_and_move_the_answer(page, server) -> None:  # type: ignore[no-untyped-def]
    _open_with(page, server, "current-policies")
    before = page.text_content("#peak")
    page.click("#sector-international_transport")  # a section of its own, collapsed at first
    for name in ("shipping_co2_cut_frac", "aviation_co2_cut_frac"):
        for year in (2030, 2035, 2050):
            assert page.is_visible(f"#lever-international-{name}-{year}")
    slider = "#lever-international-aviation_co2_cut_frac-2050"
    seen = _answers(page)
    page.focus(slider)
    page.keyboard.press("End")  # a full cut of aviation CO2 by 2050: cooler
    _ready(page, seen)
    body = {"scenario": {"name": "t", "preset": "current-policies",
                         "international": {"aviation_co2_cut_frac": {"2050": 1.0}}}}
    answer = httpx.post(f"{server}/api/v1/assess", json=body, timeout=None).json()
    assert page.text_content("#peak") == f"{answer['verdict']['peak_warming_k']['p50']:.2f} °C"
    avoided = answer["avoided"]["avoided_warming_2100_k"]["p50"]
    assert avoided > 0  # 0.6 Gt/yr less fossil CO2 from 2050 and nothing else changed
    shown = page.text_content("#versus").split("Against current-policies: ")[1].split(" °C")[0]
    assert float(shown) == pytest.approx(avoided, rel=0.05) and before is not None
    # the lever is the world's, not the region's: another region shows the same setting
    page.select_option("#region", "India")
    assert page.input_value(slider) == "1"
    assert "(1 moved)" in page.text_content("#sector-international_transport")
