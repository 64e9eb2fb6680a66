"""The hostile-input corpus: every bad file or option is one line, exit 2, nothing written.

Each case runs the real command-line entry point (``accord.interfaces.cli.main``)
in a fresh folder holding the corpus (``corpus/`` plus the large files made
below) and checks what a careful user would: exit status 2; stderr is exactly
one line ``error: ...`` naming the file, field, option or cell and the value
as the message shows it, with a ``fix:``; terminal escapes in the input are
shown escaped; no traceback; and no file appears in the folder. The 34 bad
scenario files of ``tests/levers/bad_scenarios`` run through ``accord run``
the same way.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from accord.batch.lock import FolderLock
from accord.interfaces.cli import main
from accord.levers.reading import MAX_FILE_BYTES

CORPUS = Path(__file__).parent / "corpus"
BAD_SCENARIOS = Path(__file__).parents[1] / "levers" / "bad_scenarios"
RUN = ("run", "--members", "2", "--no-attribution")

#: large files, made at test time (a few hundred KB each)
MADE: dict[str, Callable[[], bytes]] = {
    "deep.json": lambda: b"[" * 100_000 + b"]" * 100_000,
    "deep.toml": lambda: b"a" + b".a" * 100_000 + b" = 1\n",  # 24 GB in the TOML parser
    "deep_inline.toml": lambda: b"a = " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
    "deep_dicts.json": lambda: b'{"name": "x", "regions": ' + b'{"a": ' * 5_000 + b"1"
                               + b"}" * 5_001,
    "oversized.toml": lambda: b'name = "big"\n' + b"# padding line\n" * (MAX_FILE_BYTES // 15),
}

#: id -> (arguments, words the one line must contain)
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # item 5: repeated keys are refused, naming the key
    "dup-key-json": ((*RUN, "duplicate_key.json"), ("duplicate_key.json", 'key "regions"')),
    "dup-key-nested": (("emissions", "duplicate_key_nested.json"),
                       ("duplicate_key_nested.json", 'key "waste_cut_frac" appears twice')),
    "dup-key-toml": ((*RUN, "duplicate_key.toml"), ("duplicate_key.toml", "not valid TOML",
                                                    "ccs_share_frac")),
    # item 6: size and nesting caps before parsing, in every command that reads a scenario
    "deep-json-run": ((*RUN, "deep.json"), ("deep.json line 1", "nested 100000 levels")),
    "deep-toml-run": ((*RUN, "deep.toml"), ("deep.toml line 1", "nested 100000 levels")),
    "deep-toml-emissions": (("emissions", "deep.toml"), ("deep.toml", "at most 32")),
    "deep-inline-toml": ((*RUN, "deep_inline.toml"), ("deep_inline.toml", "20000 levels")),
    "deep-dicts-json": ((*RUN, "deep_dicts.json"), ("deep_dicts.json", "levels deep")),
    "deep-baseline": ((*RUN, "sunnylands-2023", "--baseline", "deep.json"),
                      ("deep.json", "nested")),
    "deep-compare-second": (("compare", "current-policies", "deep.toml", "--members", "2"),
                            ("deep.toml", "nested")),
    "deep-batch-baseline": (("batch", "scenarios", "--out", "out", "--baseline", "deep.json",
                             "--no-progress"), ("deep.json", "nested")),
    "oversized": ((*RUN, "oversized.toml"), ("oversized.toml", "bytes; allowed: at most")),
    # item 7: non-finite and huge numbers name their field, whatever the field
    "inf-year": ((*RUN, "inf_year.toml"),
                 ('regions."China".power.no_new_coal_from_year = inf', "not a finite")),
    "inf-year-emissions": (("emissions", "inf_year.toml"), ("no_new_coal_from_year = inf",)),
    "nan-year": ((*RUN, "nan_year.toml"), ("no_new_coal_from_year = nan",)),
    "nan-fraction": ((*RUN, "nan_fraction.toml"), ('"India".methane.oil_gas_cut_frac = nan',)),
    "minus-inf": ((*RUN, "minus_inf_land.toml"), ("co2_mt_per_yr.2050 = -inf",)),
    "json-infinity": ((*RUN, "infinity.json"), ("no_new_coal_from_year = inf",)),
    "json-nan": (("emissions", "nan.json"), ("ccs_share_frac = nan",)),
    "json-1e400": ((*RUN, "exponent_overflow.json"), ("co2_mt_per_yr.2035 = inf",)),
    "huge-int-toml": ((*RUN, "huge_int.toml"),
                      ("huge_int.toml line 3", "no_new_coal_from_year = an integer of 5000")),
    "huge-int-json": (("emissions", "huge_int.json"),
                      ("no_new_coal_from_year = an integer of 5000 digits",)),
    "long-int-toml": ((*RUN, "long_int.toml"), ("solar_additions_gw_per_yr = an",)),
    "nan-milestone": ((*RUN, "nan_milestone.json"),
                      ('"China".power.solar_additions_gw_per_yr.2030 = nan', "not a finite")),
    "huge-milestone-year": ((*RUN, "huge_milestone_year.json"),
                            ("solar_additions_gw_per_yr", "year of 5000 digits",
                             "outside 2025 to 2100"),),
    # unclear messages
    "power-null": ((*RUN, "power_null.json"),
                   ('regions."China".power = null', "a table of lever = value pairs")),
    "regions-null": ((*RUN, "regions_null.json"), ("regions = null",)),
    "bare-date": ((*RUN, "bare_date.toml"), ("sources.0.date = 2023-11-15",
                                             'put it in quotes, date = "2023-11-15"')),
    "ansi-name": ((*RUN, "ansi_name.json"), ('name = "red\\x1b[31mALERT\\x1b[0m"',)),
    "bidi-name": ((*RUN, "bidi_name.json"), ('name = "abc\\u202eevil"',)),
    "not-utf8": ((*RUN, "not_utf8.toml"), ("not_utf8.toml: byte 12 (line 1) is not UTF-8",)),
    # item 10: every option checked before the run
    "plot-txt": ((*RUN, "--plot", "x.txt"), ("--plot 'x.txt'", "allowed: .png")),
    "out-txt": ((*RUN, "--out", "x.txt"), ("--out 'x.txt'", "allowed: .csv, .nc")),
    "out-xlsx": ((*RUN, "--out", "x.xlsx"), ("--out 'x.xlsx'", "suffix .xlsx")),
    "plot-missing-dir": ((*RUN, "--plot", "missing-dir/x.png"),
                         ("--plot 'missing-dir/x.png'", "folder 'missing-dir' does not")),
    "out-is-folder": ((*RUN, "--out", "scenarios.csv"), ("'scenarios.csv' is a folder",)),
    "compare-plot-missing-dir": (("compare", "current-policies", "sunnylands-2023",
                                  "--plot", "nowhere/c.png"), ("nowhere/c.png",)),
    "seed-huge": ((*RUN, "--variability", "--seed", "9" * 23),
                  ("--seed 99999999999999999999999", "allowed range 0 to 2147483647")),
    "climate-seed-huge": (("climate", "-s", "ssp245", "--variability", "--seed", "9" * 23),
                          ("--seed 9999", "allowed range 0 to")),
    "solve-out-xlsx": (("solve", "--target", "P(peak<1.5)>=0.5", "--vary",
                        "china.power.solar_additions_gw_per_yr", "--out", "x.xlsx"),
                       ("--out 'x.xlsx'", "allowed: .toml")),
    "sweep-metric": (("sweep", "current-policies", "--vary",
                      "china.power.solar_additions_gw_per_yr=100:600:2", "--metric", "nosuch",
                      "--out", "swp", "--no-progress"), ("--metric = 'nosuch'",)),
    # item 11: one batch per results folder, the refusal names the holder
    "batch-locked": (("batch", "scenarios", "--out", "locked", "--no-progress"),
                     ("--out = 'locked' is in use by another batch", "pid ")),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for path in CORPUS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    for name, make in MADE.items():
        (tmp_path / name).write_bytes(make())
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "ok.toml").write_text('name = "ok"\n')
    (tmp_path / "scenarios.csv").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _accord(args: tuple[str, ...], capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["accord", *args])
    with pytest.raises(SystemExit) as info:  # any other exception fails the test
        main()
    return int(info.value.code or 0), capsys.readouterr().err


def _one_clear_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("error: ") and "fix" in line, line
    assert "Traceback" not in err and "\x1b" not in err, err
    return line


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_one_line_exit_2_nothing_written(
        case: str, folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    args, words = CASES[case]
    lock = FolderLock((folder / "locked"), "--out") if case == "batch-locked" else None
    if lock is not None:
        (folder / "locked").mkdir()
        lock.acquire()
    before = _listing(folder)
    try:
        code, err = _accord(args, capsys, monkeypatch)
    finally:
        if lock is not None:
            lock.release()
    assert code == 2, err
    line = _one_clear_line(err)
    for word in words:
        assert word in line, (word, line)
    assert _listing(folder) == before


def _bad_scenario_expectations() -> dict[str, tuple[str, str, str]]:
    path = BAD_SCENARIOS.parent / "test_levers_bad_scenarios.py"
    spec = importlib.util.spec_from_file_location("bad_scenarios_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.EXPECTED)


BAD = _bad_scenario_expectations()


def test_the_bad_scenario_corpus_is_complete() -> None:
    assert len(BAD) == 47 and sorted(BAD) == sorted(p.name for p in BAD_SCENARIOS.glob("*"))


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_scenario_file_through_accord_run(name: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(BAD_SCENARIOS / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    before = _listing(tmp_path)
    code, err = _accord((*RUN, name, "--out", "out.csv", "--plot", "fig.png"), capsys,
                        monkeypatch)
    assert code == 2, err
    line = _one_clear_line(err)
    field, value, allowed = BAD[name]
    assert field in line and value in line and allowed in line, line
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("case", ["deep-toml-run", "inf-year", "plot-txt"])
def test_the_installed_command_prints_no_traceback(case: str, folder: Path) -> None:
    """The same through a real process: what a shell user sees."""
    args, words = CASES[case]
    done = subprocess.run([sys.executable, "-m", "accord.interfaces.cli", *args],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    line = _one_clear_line(done.stderr)
    assert all(word in line for word in words), line
