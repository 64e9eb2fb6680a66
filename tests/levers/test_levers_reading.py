"""Defensive reading of scenario files: caps, duplicate keys, non-finite and huge numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.levers import reading
from accord.levers.errors import ScenarioError
from accord.levers.loading import load_scenario, scenario_from_dict
from accord.levers.reading import MAX_DEPTH, MAX_FILE_BYTES, nesting_depth
from accord.levers.schema import GROUPS, REGIONS

#: every (group, lever) of the schema, whatever fields it gains
LEVERS = [(g, name) for g, model in GROUPS.items() for name in model.model_fields]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_json_key_is_refused_naming_it(tmp_path: Path) -> None:
    # the first "regions" is out of range; a parser keeping the last would run the deal
    text = ('{"name": "x", "regions": {"China": {"power": {"ccs_share_frac": 5}}}, '
            '"regions": {}}')
    with pytest.raises(ScenarioError, match=r'dup.json: key "regions" appears twice'):
        load_scenario(_write(tmp_path, "dup.json", text))
    nested = '{"name": "x", "regions": {"China": {"power": {"ccs_share_frac": 0.1, ' \
             '"ccs_share_frac": 0.9}}}}'
    with pytest.raises(ScenarioError, match='key "ccs_share_frac" appears twice'):
        load_scenario(_write(tmp_path, "dup2.json", nested))


def test_duplicate_toml_key_is_refused(tmp_path: Path) -> None:
    text = 'name = "x"\n[regions."China".power]\nccs_share_frac = 0.1\nccs_share_frac = 0.9\n'
    with pytest.raises(ScenarioError, match=r"dup\.toml: not valid TOML"):
        load_scenario(_write(tmp_path, "dup.toml", text))


@pytest.mark.parametrize(("name", "text"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.toml", "a" + ".a" * 100_000 + " = 1\n"),
    ("inline.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
])
def test_deep_nesting_is_refused_before_parsing(tmp_path: Path, name: str, text: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def parser_called(*args, **kwargs):
        raise AssertionError("the parser must not see a file over the depth cap")

    # the parsers (recursion, quadratic memory on a long dotted key) never run
    monkeypatch.setattr(reading.json, "loads", parser_called)
    monkeypatch.setattr(reading.tomllib, "loads", parser_called)
    with pytest.raises(ScenarioError, match=rf"nested \d+ levels deep; allowed: at most "
                                            rf"{MAX_DEPTH}"):
        load_scenario(_write(tmp_path, name, text))


def test_depth_is_counted_outside_strings_and_comments() -> None:
    text = 'name = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.1.2.3.4.5.6.7.8"\n' \
           '# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n[regions."China".power]\n'
    assert nesting_depth(text, toml=True) == (3, 3)
    assert nesting_depth('{"a": "[[[[[[[[[[", "b": [[1]]}', toml=False) == (3, 1)


def test_file_size_is_capped(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.toml", 'name = "x"\n' + "# padding\n" * (MAX_FILE_BYTES // 10))
    with pytest.raises(ScenarioError, match=rf"big.toml: \d+ bytes; allowed: at most "
                                            rf"{MAX_FILE_BYTES} bytes"):
        load_scenario(path)


def test_huge_integers_name_their_field(tmp_path: Path) -> None:
    digits = "9" * 5000  # past Python's 4300-digit conversion limit
    toml = _write(tmp_path, "big.toml", f'name = "x"\n[regions."China".power]\n'
                                        f"no_new_coal_from_year = {digits}\n")
    with pytest.raises(ScenarioError, match=r"big\.toml line 3: no_new_coal_from_year = an "
                                            "integer of 5000 digits"):
        load_scenario(toml)
    js = _write(tmp_path, "big.json", '{"name": "x", "regions": {"China": {"power": '
                                      f'{{"no_new_coal_from_year": {digits}}}}}}}}}')
    with pytest.raises(ScenarioError, match=r'regions."China".power.no_new_coal_from_year = '
                                            "an integer of 5000 digits"):
        load_scenario(js)


@pytest.mark.parametrize("text", ["inf", "-inf", "nan"])
def test_toml_inf_and_nan_name_their_field(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "x.toml", f'name = "x"\n[regions."China".power]\n'
                                      f"no_new_coal_from_year = {text}\n")
    with pytest.raises(ScenarioError, match=r'x.toml: regions."China".power.'
                                            r"no_new_coal_from_year = -?(inf|nan): not a "
                                            "finite number"):
        load_scenario(path)


@settings(max_examples=60, deadline=None)
@given(lever=st.sampled_from(LEVERS), region=st.sampled_from(REGIONS),
       value=st.sampled_from([float("inf"), float("-inf"), float("nan"), 10 ** 40]))
def test_any_lever_refuses_non_finite_and_huge_values(lever: tuple[str, str], region: str,
                                                       value: float) -> None:
    """Generic over the schema: a lever added later is covered without being listed."""
    group, name = lever
    data = {"name": "x", "regions": {region: {group: {name: value}}}}
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, "file.json")
    message = str(info.value)
    assert f'regions."{region}".{group}.{name} = ' in message
    assert "fix:" in message and "\n" not in message


def test_json_infinity_and_big_exponent(tmp_path: Path) -> None:
    for text in ("Infinity", "NaN", "1e400"):
        path = _write(tmp_path, "x.json", json.dumps({"name": "x"})[:-1]
                      + f', "regions": {{"India": {{"land": {{"co2_mt_per_yr": {{"2035": {text}}}'
                      + "}}}}")
        with pytest.raises(ScenarioError, match=r'regions."India".land.co2_mt_per_yr.2035 = '
                                                r"(inf|nan): not a finite number"):
            load_scenario(path)


def test_fractional_year_suggestion_survives_non_finite_values() -> None:
    # the schema's own message for a float year (the round() that crashed on inf)
    with pytest.raises(ScenarioError, match=r"coal_phase_out_year = 2035.5: .*e.g. 2036"):
        scenario_from_dict({"name": "x", "regions": {"India": {"power": {
            "coal_phase_out_year": 2035.5}}}})
