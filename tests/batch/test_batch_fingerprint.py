"""The fingerprint a resume checks covers every lever that moves the world."""

from __future__ import annotations

from accord.batch.fingerprint import resolved_text


def test_the_resolved_levers_include_the_scenarios_international_levers():
    # a preset (or file) whose [international] table changes changes its deals' results:
    # the resolved text a fingerprint is made of must change with it
    base = {"name": "a", "preset": "sunnylands-2023"}
    cut = {**base, "international": {"aviation_co2_cut_frac": {"2050": 1.0}}}
    assert resolved_text(base) != resolved_text(cut)
    assert resolved_text(cut) == resolved_text(dict(cut))
    assert "aviation_co2_cut_frac" in resolved_text("world-ndcs-net-zero")
