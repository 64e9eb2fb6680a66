"""docs/benchmarks.md is what its script makes today: three rows recomputed, full ensemble."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

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
