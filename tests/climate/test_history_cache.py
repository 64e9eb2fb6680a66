"""The on-disk history cache carries its key and a checksum; damaged files heal."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from accord import pipeline
from accord.climate import history as history_module
from accord.climate import ssp_emissions_array
from accord.climate.history import historical_state
from accord.pipeline import simulate

MEMBERS = 6


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    history_module._MEMORY.clear()
    yield
    history_module._MEMORY.clear()


def _forget() -> None:
    """Empty every in-memory layer above the disk cache (results, verdicts, histories)."""
    history_module._MEMORY.clear()
    pipeline._MEMO.clear()
    pipeline._VERDICTS.clear()


def _only_file(tmp_path: Path) -> Path:
    (path,) = (tmp_path / "history").glob("*.npz")
    return path


def _rewrite(path: Path, change) -> None:
    """Edit the arrays of a cache file in place, as someone with a text editor would not."""
    with np.load(path, allow_pickle=False) as npz:
        data = {k: npz[k] for k in npz.files}
    change(data)
    with open(path, "wb") as fh:
        np.savez(fh, **data)


def _notices(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "accord.cache"]


def test_tampered_state_is_detected_and_the_verdict_equals_a_fresh_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fresh = simulate("current-policies", members=MEMBERS, attribution=False).verdict
    path = _only_file(tmp_path)

    def double_carbon(data):
        data["state.co2_boxes_gt"] = data["state.co2_boxes_gt"] * 2

    _rewrite(path, double_carbon)
    _forget()
    with caplog.at_level(logging.WARNING, logger="accord.cache"):
        again = simulate("current-policies", members=MEMBERS, attribution=False).verdict
    (notice,) = _notices(caplog)
    assert "does not match its checksum" in notice and "recomputing" in notice
    assert str(path) in notice and "\n" not in notice
    assert again.to_dict() == fresh.to_dict()
    # the file was replaced by a good one: the next load is silent
    caplog.clear()
    history_module._MEMORY.clear()
    with caplog.at_level(logging.WARNING, logger="accord.cache"):
        historical_state(ssp_emissions_array(["ssp245"]), members=MEMBERS)
    assert _notices(caplog) == []


@pytest.mark.parametrize(("damage", "why"), [
    (lambda p: p.write_bytes(b""), "cannot be read"),
    (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "cannot be read"),
    (lambda p: p.write_bytes(b"not a numpy file"), "cannot be read"),
])
def test_unreadable_cache_file_heals_with_a_notice(tmp_path: Path, damage, why: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    e = ssp_emissions_array(["ssp126"])
    state, ds = historical_state(e, members=MEMBERS)
    path = _only_file(tmp_path)
    damage(path)
    history_module._MEMORY.clear()
    with caplog.at_level(logging.WARNING, logger="accord.cache"):
        healed, healed_ds = historical_state(e, members=MEMBERS)
    assert why in _notices(caplog)[0]
    np.testing.assert_array_equal(healed.co2_boxes_gt, state.co2_boxes_gt)
    np.testing.assert_array_equal(healed_ds["gsat_k"].values, ds["gsat_k"].values)
    assert path.stat().st_size > 1000  # rewritten whole


def test_file_of_another_member_set_is_not_used(tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    e = ssp_emissions_array(["ssp245"])
    historical_state(e, members=MEMBERS)
    other = _only_file(tmp_path)
    state, _ = historical_state(e, members=MEMBERS + 1)
    (mine,) = set((tmp_path / "history").glob("*.npz")) - {other}
    shutil.copyfile(other, mine)  # a valid file, checksum and all, under the wrong name
    history_module._MEMORY.clear()
    with caplog.at_level(logging.WARNING, logger="accord.cache"):
        healed, _ = historical_state(e, members=MEMBERS + 1)
    assert "was made for other inputs" in _notices(caplog)[0]
    assert healed.config_ids.shape == (MEMBERS + 1,)
    np.testing.assert_array_equal(healed.co2_boxes_gt, state.co2_boxes_gt)


def test_file_without_key_is_recomputed(tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    e = ssp_emissions_array(["ssp245"])
    historical_state(e, members=MEMBERS)
    path = _only_file(tmp_path)

    def strip_key(data):
        del data["meta.key"], data["meta.checksum"]

    _rewrite(path, strip_key)
    history_module._MEMORY.clear()
    with caplog.at_level(logging.WARNING, logger="accord.cache"):
        historical_state(e, members=MEMBERS)
    assert "no key" in _notices(caplog)[0]


def test_key_names_every_input() -> None:
    ids = np.arange(4)
    hist = np.zeros((1, 3, 2))
    base = history_module._key(hist, ids, False, None, 2023)
    others = [history_module._key(hist, ids[:3], False, None, 2023),
              history_module._key(hist + 1, ids, False, None, 2023),
              history_module._key(hist, ids, True, 1, 2023),
              history_module._key(hist, ids, False, None, 2022)]
    assert len({base.name(), *(k.name() for k in others)}) == 5
    assert {"accord_version", "data_version", "variability", "config_ids_sha"} <= set(
        __import__("json").loads(base.text()))
