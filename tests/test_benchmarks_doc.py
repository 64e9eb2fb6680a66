"""docs/benchmarks.md is what its script makes today: three rows recomputed, full ensemble."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from accord.pipeline import simulate

ROOT = Path(__file__).parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
#: the issue's claim: the committed table is regenerated when a number moves by more
TOL_K = 0.05
ROW = re.compile(r"^\| [^|]+ \| `(?P<preset>[^`]+)` \| (?P<peak>[\d.]+) \([\d.]+-[\d.]+\) \| "
                 r"\d{4} \| (?P<y2100>[\d.]+) \([\d.]+-[\d.]+\) \| (?P<cat>C\d) \|")


def _committed() -> dict[str, tuple[float, float, str]]:
    rows = {}
    for line in DOC.read_text().splitlines():
        m = ROW.match(line)
        if m:
            rows[m["preset"]] = (float(m["peak"]), float(m["y2100"]), m["cat"])
    return rows


def _script():
    spec = importlib.util.spec_from_file_location("make_benchmarks",
                                                  ROOT / "scripts" / "make_benchmarks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def test_the_table_has_a_row_per_case_with_date_and_version():
    import accord

    text = DOC.read_text()
    assert f"accord {accord.__version__}" in text
    assert re.search(r"on \d{4}-\d{2}-\d{2} with", text)
    assert set(_committed()) == {c.preset for c in _script().CASES}


@pytest.mark.parametrize("preset", ["current-policies", "world-ndcs-2030", "world-ndcs-net-zero"])
def test_committed_rows_match_a_full_ensemble_rerun(preset):
    peak, y2100, category = _committed()[preset]
    v = simulate(preset, attribution=False).verdict
    assert v.members == 841
    assert abs(v.peak_warming_k["p50"] - peak) <= TOL_K, "rerun scripts/make_benchmarks.py"
    assert abs(v.warming_2100_k["p50"] - y2100) <= TOL_K, "rerun scripts/make_benchmarks.py"
    assert v.category == category


def test_an_unexplained_difference_above_0p2_is_refused():
    module = _script()
    result = simulate("current-policies", members=5, attribution=False)
    results = {c.preset: result for c in module.CASES}
    module.REASONS.clear()  # this module object is private to the test
    # current policies' 2100 median against IEA STEPS 2.4 and CAT 2.7 cannot both be
    # within 0.2 unless it lies in 2.5-2.6; with no reasons written, one is refused
    v = result.verdict.warming_2100_k["p50"]
    if 2.5 <= v <= 2.6:
        pytest.skip("the 5-member median lies within 0.2 of both")
    with pytest.raises(ValueError, match="without a written reason"):
        module.render(results, "2026-01-01")


def test_the_ar6_c1_pathway_begun_in_2024_instead_of_2020_is_not_c1(ar6_sample_dir):
    # Must-show "a 1.5 degC-aligned preset in C1", measured against the one AR6 C1 pathway
    # of the sample, REMIND-MAgPIE SusDev_SDP-PkBudg1000: accord grades it C1 as the
    # database does (tests/interfaces/test_cli_assess_files.py). Its cuts begin in 2020,
    # but the world's emissions did not fall (2023 fossil CO2: 37.5 Gt here, 32.6 in the
    # pathway). Begun from accord's 2024 world instead (the script's begun_late: every CO2
    # flow moved by the pathway's own change since 2020, every other species scaled by
    # its ratio to 2020, four years later) the same pathway is no longer C1 (measured: C3,
    # peak median 1.71 degC, P(peak < 1.5) = 0.24 against the 0.33 C1 needs, 2100 median
    # 1.51). So no deal starting in 2025 is C1 in this ensemble without cutting faster
    # than the AR6 C1 pathway itself; the peak condition is the one out of reach.
    from accord.assessment import assess
    from accord.pipeline import warming

    module = _script()
    base = simulate("current-policies", attribution=False)
    species = [str(s) for s in base.world_emissions.specie.values]
    late = module.begun_late(base.emissions[0], species, ar6_sample_dir / module.AR6_C1.name)
    # history is kept: 2024 and before are accord's own
    np.testing.assert_array_equal(late[: 2024 - 1750 + 1], base.emissions[0][: 2024 - 1750 + 1])
    gsat, cum, years = warming(late[None])
    v = assess("AR6 C1 begun in 2024", gsat[0], years, cum[0])
    assert v.members == 841
    assert not v.category.startswith("C1")
    assert v.p_peak_below_1p5 < 0.33
