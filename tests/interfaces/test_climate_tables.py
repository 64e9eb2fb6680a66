"""Tables of ``accord climate``: percentiles and members by hand, files, summary table."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from accord.interfaces.climate_tables import (
    ensemble_paths,
    gsat_by_scenario,
    member_frame,
    peak_k,
    percentile_frame,
    summary_table,
    write_frame,
)


def hand_dataset() -> xr.Dataset:
    """gsat_k (year, scenario, member) with members at 0, 1, 2, 3, 4 K above a year trend.

    Member m of scenario s in year y: 0.01 * (y - 1990) + m + 10 * s.
    """
    years = np.arange(1990, 2101)
    members = np.array([11, 22, 33, 44, 55])
    trend = 0.01 * (years - 1990)
    values = trend[:, None, None] + np.arange(2)[None, :, None] * 10.0 + np.arange(5)[None, None, :]
    return xr.Dataset(
        {"gsat_k": (("year", "scenario", "member"), values)},
        coords={"year": years, "scenario": ["low", 'high, "x"'], "member": members},
    )



def test_percentiles_by_hand() -> None:
    gsat = gsat_by_scenario(hand_dataset())
    frame = percentile_frame(gsat)
    assert list(frame.columns) == ["scenario", "year", "p05", "p17", "p50", "p83", "p95"]
    assert len(frame) == 2 * 111
    row = frame[(frame.scenario == 'high, "x"') & (frame.year == 2000)].iloc[0]
    # members 0..4 above 10 + 0.1: linear percentile q lies at rank q/100 * 4
    base = 10.0 + 0.01 * (2000 - 1990)
    expected = [base + 0.05 * 4, base + 0.17 * 4, base + 2.0, base + 0.83 * 4, base + 0.95 * 4]
    np.testing.assert_allclose(
        row[["p05", "p17", "p50", "p83", "p95"]].astype(float), expected, rtol=1e-12
    )


def test_percentile_file_reads_back_with_quoted_names(tmp_path: Path) -> None:
    frame = percentile_frame(gsat_by_scenario(hand_dataset()))
    path = tmp_path / "p.csv"
    write_frame(frame, path, 6)
    assert path.read_text().splitlines()[0] == "scenario,year,p05,p17,p50,p83,p95"
    back = pd.read_csv(path)
    assert list(back.scenario.unique()) == ["low", 'high, "x"']
    np.testing.assert_allclose(back.p50, frame.p50, atol=5e-7)
    # created with the process's usual permissions, like any other new file
    plain = tmp_path / "plain.txt"
    plain.write_text("")
    assert path.stat().st_mode == plain.stat().st_mode


def test_member_file_layout_and_gzip(tmp_path: Path) -> None:
    gsat = gsat_by_scenario(hand_dataset()).sel(scenario="low")
    path = tmp_path / "m.csv.gz"
    write_frame(member_frame(gsat), path, 7)
    with gzip.open(path, "rt") as fh:
        header = fh.readline().strip().split(",")
        first = fh.readline().strip().split(",")
    assert header[:3] == ["config", "1990", "1991"] and header[-1] == "2100"
    assert first[:3] == ["11", "0.0000000", "0.0100000"]
    back = pd.read_csv(path)
    np.testing.assert_allclose(back.iloc[:, 1:].to_numpy(), gsat.values, atol=5e-8)
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_ensemble_paths_per_scenario() -> None:
    assert ensemble_paths(Path("d/m.csv"), ["a"]) == {"a": Path("d/m.csv")}
    many = ensemble_paths(Path("d/m.csv.gz"), ["ssp245", "my scen/2"])
    assert many == {"ssp245": Path("d/m_ssp245.csv.gz"), "my scen/2": Path("d/m_my_scen_2.csv.gz")}


def test_peak_and_summary_table() -> None:
    gsat = gsat_by_scenario(hand_dataset())
    # peak is the last year (rising trend): 0.01 * 110 + member
    np.testing.assert_allclose(
        peak_k(gsat.sel(scenario="low")), 1.1 + np.arange(5), rtol=1e-12
    )
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(summary_table(gsat))
    text = console.export_text()
    # low, 2050: median member 2 + 0.6 = 2.60; p05 = 0.6 + 0.2 = 0.80; p95 = 0.6 + 3.8 = 4.40
    assert "2.60" in text and "(0.80–4.40)" in text
    assert "peak 2000–2100" in text
    assert "2023" in text and "2100" in text and 'high, "x"' in text
