"""The results folder: damaged parts and settings heal with a notice; one batch at a time."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from accord.batch import BatchInputError
from accord.batch.evaluate import Outcome
from accord.batch.store import ResultStore

SETTINGS = {"members": 3, "baseline": "current-policies"}
YEARS = np.arange(2020, 2026)


def _outcome(name: str, value: float) -> Outcome:
    return Outcome(name, f"sha-{name}", {"peak_warming_k.p50": value}, YEARS,
                   np.full((5, len(YEARS)), value))


def _store(out: Path) -> ResultStore:
    store = ResultStore(out, SETTINGS)
    store.write_part([_outcome("a", 1.0), _outcome("b", 2.0)])
    store.write_part([_outcome("c", 3.0)])
    store.close()
    return store


def _parts(out: Path) -> list[Path]:
    return sorted((out / "parts").glob("*.parquet"), key=lambda p: p.stat().st_mtime_ns)


def _notes(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "accord.batch"]


@pytest.mark.parametrize(("suffix", "damage"), [
    (".parquet", lambda p: p.write_bytes(b"garbage")),
    (".parquet", lambda p: p.write_bytes(b"")),
    (".parquet", lambda p: p.write_bytes(p.read_bytes()[:-40])),
    (".nc", lambda p: p.write_bytes(b"garbage")),
    (".nc", lambda p: p.write_bytes(p.read_bytes()[:100])),
    (".nc", lambda p: p.unlink()),
    (".sum", lambda p: p.unlink()),
])
def test_a_damaged_part_is_dropped_with_a_notice(tmp_path: Path, suffix: str, damage,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out"
    _store(out)
    first = _parts(out)[0]
    damage(first.with_suffix(suffix))
    store = ResultStore(out, SETTINGS)
    with caplog.at_level(logging.WARNING, logger="accord.batch"):
        done = store.done()
    store.close()
    # the damaged part's items are not trusted (they run again); the sound part is kept
    assert done == {("c", "sha-c")}
    (note,) = _notes(caplog)
    assert first.name in note and "run again" in note and "\n" not in note
    assert not first.exists() and not first.with_suffix(".nc").exists()


def test_consolidation_after_a_damaged_part_uses_only_sound_data(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _store(out)
    _parts(out)[0].with_suffix(".nc").write_bytes(b"garbage")
    store = ResultStore(out, SETTINGS)
    table = store.consolidate(["a", "b", "c"], ["sha-a", "sha-b", "sha-c"])
    store.close()
    assert list(table["scenario"]) == ["c"]
    import xarray as xr

    with xr.open_dataset(out / "percentiles.nc", engine="scipy") as ds:
        assert list(ds["scenario"].values) == ["c"]
        assert float(ds["gsat_k"].max()) == 3.0


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2]", "\x00\x01"])
def test_damaged_batch_json_is_rewritten_with_a_notice(tmp_path: Path, text: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out"
    _store(out)
    (out / "batch.json").write_text(text)
    with caplog.at_level(logging.WARNING, logger="accord.batch"):
        store = ResultStore(out, SETTINGS)
    assert store.done() == {("a", "sha-a"), ("b", "sha-b"), ("c", "sha-c")}
    store.close()
    assert "batch.json is damaged" in _notes(caplog)[0]
    assert json.loads((out / "batch.json").read_text()) == SETTINGS


def test_a_second_batch_on_one_folder_is_refused_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from accord.batch.store import ResultStore; "
         f"s = ResultStore({str(out)!r}, {SETTINGS!r}); print('held', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BatchInputError, match=rf"is in use by another batch \(pid "
                                                  rf"{holder.pid} on .* since .*UTC"):
            ResultStore(out, SETTINGS)
    finally:
        holder.communicate("")  # the holder exits (communicate waits): its lock is dropped
    ResultStore(out, SETTINGS).close()  # free again, with nothing to clean up by hand
    # and within one process, until it is released
    first = ResultStore(out, SETTINGS)
    with pytest.raises(BatchInputError, match="in use by another batch"):
        ResultStore(out, SETTINGS)
    first.close()
    ResultStore(out, SETTINGS).close()
