"""Batch on a LocalCluster of 2 workers equals serial ``simulate``, resumes, reports failures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from accord.assessment.metrics import fan_percentiles
from accord.batch import evaluate, read_source, run_batch, scenario_items
from accord.batch.evaluate import flatten
from accord.batch.fingerprint import with_context
from accord.batch.runner import local_cluster
from accord.batch.store import read_results
from accord.emissions.iamc import iamc_frame
from accord.pipeline import simulate

MEMBERS = 20
PRESETS = ("current-policies", "sunnylands-2023", "global-methane-pledge",
           "net-zero-co2-2050-stretch")


def _numba_threads() -> int:
    import numba

    return int(numba.get_num_threads())


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    with local_cluster(2) as c:
        # the workers' numba runs one thread each (set before numba is imported)
        assert set(c.run(_numba_threads).values()) == {1}
        yield c


def _deals():
    pairs = [(p, {"name": p, "preset": p}) for p in PRESETS]
    # valid in the schema, refused when resolved on the worker (no Rest of World net GHG
    # in 1990)
    pairs.append(("row-1990", {"name": "row-1990", "regions": {"Rest of World": {"targets": {
        "ghg_cut_pct": 55.0, "ghg_base_year": 1990, "ghg_target_year": 2030}}}}))
    # refused when read (out of range): never sent to a worker
    pairs.append(("too-much-solar", {"name": "too-much-solar", "regions": {"China": {
        "power": {"solar_additions_gw_per_yr": {"2030": 5000.0}}}}}))
    return scenario_items(pairs, "test")


def _serial_row(name: str) -> dict[str, object]:
    r = simulate(name, members=MEMBERS, attribution=False)
    row = flatten(r.verdict.to_dict())
    row.update(flatten(r.avoided.to_dict(), "vs_baseline."))
    assert row.pop("scenario") == name
    return row


def _same(batch_value: object, serial_value: object) -> bool:
    if isinstance(serial_value, float) and np.isnan(serial_value):
        return isinstance(batch_value, float) and np.isnan(batch_value)
    return batch_value == serial_value


def test_local_cluster_equals_serial_and_reports_failures(client, tmp_path: Path) -> None:
    items = _deals()
    summary = run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS,
                        chunk_size=2)
    table = read_results(tmp_path / "out").set_index("scenario")
    assert list(table.index) == [i.name for i in items]
    assert summary.ran == len(items) and summary.skipped == 0 and summary.workers == 2
    for name in PRESETS:
        row = table.loc[name]
        assert row["status"] == "ok"
        serial = _serial_row(name)
        different = {k: (row[k], v) for k, v in serial.items() if not _same(row[k], v)}
        assert not different
        # spot checks straight from the verdict, not through flatten
        v = simulate(name, members=MEMBERS, attribution=False).verdict
        assert row["p_peak_below_1p5"] == v.p_peak_below_1p5
        assert row["peak_warming_k.p50"] == v.peak_warming_k["p50"]
        assert row["category"] == v.category
    series = xr.open_dataset(tmp_path / "out" / "percentiles.nc", engine="scipy")
    assert sorted(series["scenario"].values) == sorted(PRESETS)
    for name in PRESETS:
        gsat = simulate(name, members=MEMBERS, attribution=False).climate["gsat_k"]
        # the serial run's own percentiles, bit for bit (fan_percentiles equals numpy's
        # linear percentiles to rounding: tests/assessment)
        expected = fan_percentiles(gsat.isel(run=0).values, axis=0)
        np.testing.assert_array_equal(series["gsat_k"].sel(scenario=name).values, expected)
    series.close()
    assert table.loc["row-1990", "status"] == "failed"
    assert "ghg_base_year" in table.loc["row-1990", "error"]
    assert "5000" in table.loc["too-much-solar", "error"]
    assert {n for n, _ in summary.failures} == {"row-1990", "too-much-solar"}
    failures = pd.read_csv(tmp_path / "out" / "failures.csv")
    assert set(failures["scenario"]) == {"row-1990", "too-much-solar"}

    # a rerun skips what finished and retries only the failures
    again = run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS)
    assert again.skipped == len(PRESETS) and again.ran == 2
    pd.testing.assert_frame_equal(
        read_results(tmp_path / "out").drop(columns="seconds"),
        table.reset_index().drop(columns="seconds"), check_dtype=False)


def test_resume_after_partial_run_and_changed_input(client, tmp_path: Path) -> None:
    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS[:3]], "test")
    run_batch(items[:2], tmp_path / "out", scheduler=client, members=MEMBERS)
    # the third is new; the second's input changed, so it is run again
    changed = scenario_items([(PRESETS[1], {"name": PRESETS[1], "preset": PRESETS[1],
                                            "regions": {"India": {"methane": {
                                                "waste_cut_frac": 0.5}}}})], "test")
    summary = run_batch([items[0], changed[0], items[2]], tmp_path / "out", scheduler=client,
                        members=MEMBERS)
    assert summary.skipped == 1 and summary.ran == 2
    table = read_results(tmp_path / "out").set_index("scenario")
    assert table.loc[PRESETS[1], "sha"] == with_context(changed, "current-policies",
                                                        MEMBERS)[0].sha
    direct = evaluate(changed[0], members=MEMBERS)
    assert table.loc[PRESETS[1], "p_peak_below_2"] == direct.row["p_peak_below_2"]
    with pytest.raises(ValueError, match="new --out"):
        run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS + 1)


def test_iamc_and_lever_csv_sources(client, tmp_path: Path) -> None:
    frame = pd.concat([iamc_frame(p) for p in PRESETS[:3]], ignore_index=True)
    frame.to_csv(tmp_path / "iamc.csv", index=False)
    items = read_source(tmp_path / "iamc.csv")
    assert {i.name for i in items} == set(PRESETS[:3])
    assert all(i.kind == "emissions" and i.history_end == 2023 for i in items)
    run_batch(items, tmp_path / "iamc", scheduler=client, members=MEMBERS)
    table = read_results(tmp_path / "iamc").set_index("scenario")
    for item in items:
        serial = evaluate(item, members=MEMBERS)
        assert serial.ok
        assert all(_same(table.loc[item.name, k], v) for k, v in serial.row.items())

    csv = tmp_path / "levers.csv"
    csv.write_text("name,preset,china.power.solar_additions_gw_per_yr,us.methane.oil_gas_cut_frac,"
                   "india.power.wind_additions_gw_per_yr@2035\n"
                   "low,,100,,\nhigh,sunnylands-2023,900,0.8,40\n")
    items = read_source(csv)
    low, high = (i.scenario for i in items)
    china = high.regions["China"].power
    assert str(china.solar_additions_gw_per_yr) == "{2025 = 900}"
    assert high.preset == "sunnylands-2023"
    assert str(high.regions["United States"].methane.oil_gas_cut_frac) == "{2025 = 0.8}"
    # a milestone column moves one year of the trajectory the row's preset resolves to
    assert str(high.regions["India"].power.wind_additions_gw_per_yr) == \
        "{2025 = 3.5, 2030 = 10, 2035 = 40, 2040 = 15, 2050 = 25, 2060 = 30, 2100 = 35}"
    assert "United States" not in low.regions
    run_batch(items, tmp_path / "csv", scheduler=client, members=MEMBERS)
    table = read_results(tmp_path / "csv").set_index("scenario")
    for item in items:
        serial = evaluate(item, members=MEMBERS)
        assert all(_same(table.loc[item.name, k], v) for k, v in serial.row.items())


def test_history_is_computed_once_on_the_client(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.batch.runner as runner

    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path / "cache"))
    history = tmp_path / "cache" / "history"
    seen: list[dict[str, int]] = []
    submit = runner._run

    def spy(*args, **kwargs):  # called after the client's preparations, before any task
        seen.append({p.name: p.stat().st_mtime_ns for p in history.glob("*.npz")})
        return submit(*args, **kwargs)

    monkeypatch.setattr(runner, "_run", spy)
    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS[:3]], "test")
    with local_cluster(1) as c:
        # a member count no other test uses: this process has no history for it in memory
        # (a state held in memory is not written to a new cache folder)
        run_batch(items, tmp_path / "out", scheduler=c, members=23, chunk_size=1)
    # the one history of these deals was on disk before the first task was submitted ...
    assert len(seen) == 1 and len(seen[0]) == 1
    # ... and the worker loaded it: computing it would have rewritten the file
    assert {p.name: p.stat().st_mtime_ns for p in history.glob("*.npz")} == seen[0]


def test_parts_are_written_as_chunks_finish_and_an_interrupted_run_resumes(
        client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.batch.runner as runner

    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS], "test")
    parts = tmp_path / "out" / "parts"
    monkeypatch.setattr(runner, "FLUSH_S", 0.0)  # write every finished chunk at once
    written: list[int] = []
    run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS, chunk_size=1,
              on_chunk=lambda done, total: written.append(len(list(parts.glob("*.parquet")))))
    assert written == [1, 2, 3, 4]

    monkeypatch.setattr(runner, "FLUSH_S", 3600.0)  # nothing written until the run stops

    def stop(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(items, tmp_path / "again", scheduler=client, members=MEMBERS,
                  chunk_size=1, on_chunk=stop)
    # the two finished chunks were kept; the rerun does only the rest
    summary = run_batch(items, tmp_path / "again", scheduler=client, members=MEMBERS)
    assert summary.skipped == 2 and summary.ran == len(PRESETS) - 2
    assert (read_results(tmp_path / "again")["status"] == "ok").all()


def test_changed_baseline_contents_rerun_every_deal(client, tmp_path: Path) -> None:
    """The baseline file keeps its path but not its contents: nothing old is reused."""
    base = tmp_path / "base.toml"
    base.write_text('name = "base"\n[regions."China".power]\n'
                    "solar_additions_gw_per_yr = {2030 = 100}\n")
    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS[1:3]], "test")
    first = run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS,
                      baseline=str(base))
    assert first.ran == 2
    base.write_text(base.read_text().replace("= 100", "= 1500"))
    again = run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS,
                      baseline=str(base))
    assert again.skipped == 0 and again.ran == 2
    fresh = run_batch(items, tmp_path / "fresh", scheduler=client, members=MEMBERS,
                      baseline=str(base))
    assert fresh.ran == 2
    resumed, direct = (read_results(tmp_path / d).set_index("scenario")
                       for d in ("out", "fresh"))
    column = "vs_baseline.avoided_warming_2100_k.p50"
    for name in PRESETS[1:3]:
        assert resumed.loc[name, column] == direct.loc[name, column]
        assert resumed.loc[name, column] == evaluate(
            items[PRESETS[1:3].index(name)], members=MEMBERS,
            baseline=str(base)).row[column]
    # unchanged contents: everything is reused
    assert run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS,
                     baseline=str(base)).skipped == 2


def test_damaged_part_is_recomputed_and_equals_a_clean_run(client, tmp_path: Path) -> None:
    items = scenario_items([(p, {"name": p, "preset": p}) for p in PRESETS[:3]], "test")
    run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS, chunk_size=1)
    clean = read_results(tmp_path / "out").drop(columns="seconds")
    parts = sorted((tmp_path / "out" / "parts").glob("*.nc"))
    parts[0].write_bytes(parts[0].read_bytes()[:200])  # a truncated series file
    (tmp_path / "out" / "batch.json").write_text("{")
    again = run_batch(items, tmp_path / "out", scheduler=client, members=MEMBERS)
    assert again.ran >= 1 and again.ran + again.skipped == len(items)
    pd.testing.assert_frame_equal(read_results(tmp_path / "out").drop(columns="seconds"),
                                  clean, check_dtype=False)
