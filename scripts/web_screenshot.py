#!/usr/bin/env python
"""Screenshot of the web page for the docs (``docs/web-page.png``).

Serves the app on a free loopback port with all 841 members, opens the page
in Debian's chromium (Playwright, headless, 1440x1500 so the lever panel shows
the sector sections), picks a preset, moves two
of China's levers in their sector sections (transport electrification in 2035 and
the oil and gas methane cut in 2030), folds the power section, computes the
attribution and saves a full-page PNG.

Usage::

    python scripts/web_screenshot.py [--preset sunnylands-2023] [--out docs/web-page.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_api import start_server  # noqa: E402  (the benchmark's loopback server)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _answers(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("document.body.dataset.answers || '0'"))


def _settled(page, before: int) -> None:  # type: ignore[no-untyped-def]
    """Wait for an answer after the ``before``-th, with nothing pending."""
    page.wait_for_function(
        "n => Number(document.body.dataset.answers || 0) > n"
        " && document.body.dataset.busy === '0'", arg=before)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="sunnylands-2023")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "web-page.png")
    p.add_argument("--chromium", default="/usr/bin/chromium")
    args = p.parse_args(argv)
    proc, url = start_server()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1500})
            page.set_default_timeout(300_000)
            page.goto(url + "/")
            _settled(page, 0)
            before = _answers(page)
            page.select_option("#preset", args.preset)
            _settled(page, before)
            page.select_option("#region", "China")
            page.click("#sector-fuel_supply")  # open the section (power, transport are)
            for exact, value in (
                    ("#lever-end_use-transport_electrification_frac-2035", "0.5"),
                    ("#lever-methane-oil_gas_cut_frac-2030", "0.5")):
                before = _answers(page)
                page.fill(f"{exact} + input[type=number]", value)
                page.press(f"{exact} + input[type=number]", "Enter")
                _settled(page, before)
            page.click("#sector-power")  # folded: the sections below come into view
            page.click("#attribute")
            page.wait_for_selector("#attribution .main-svg")
            page.evaluate("window.scrollTo(0, 0)")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=True)
            print(f"wrote {args.out} ({page.url})")
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
