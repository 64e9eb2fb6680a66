"""``accord batch`` from the command line: a folder of scenario files with one broken file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from accord.batch.store import read_results
from accord.interfaces.cli import app
from accord.pipeline import simulate


def test_batch_folder_reports_the_broken_file_and_runs_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "deals"
    folder.mkdir()
    (folder / "a.toml").write_text('name = "deal-a"\npreset = "sunnylands-2023"\n')
    (folder / "b.toml").write_text(
        'name = "deal-b"\n[regions."India".methane]\nagriculture_cut_frac = 0.3\n')
    (folder / "c.toml").write_text('name = "deal-c"\n[regions."China".power]\n'
                                   "solar_additions_gw_per_yr = {2030 = 9000}\n")
    out = tmp_path / "out"
    args = ["batch", str(folder), "--out", str(out), "--members", "20", "--workers", "1",
            "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "failed: c: " in result.stderr and "9000" in result.stderr
    assert "1 scenario(s) failed" in result.stderr
    table = read_results(out).set_index("scenario")
    assert list(table["status"]) == ["ok", "ok", "failed"]
    v = simulate(folder / "b.toml", members=20, attribution=False).verdict
    assert table.loc["deal-b", "warming_2100_k.p50"] == v.warming_2100_k["p50"]
    assert list(pd.read_csv(out / "failures.csv")["scenario"]) == ["c"]
    # the rerun finds the two good ones done
    again = CliRunner().invoke(app, args)
    assert "2 finished earlier" in again.stdout


def test_batch_bad_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "missing"), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "error: SCENARIOS" in result.stderr
    csv = tmp_path / "x.csv"
    csv.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(app, ["batch", str(csv), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "neither an IAMC file" in result.stderr
    folder = tmp_path / "deals"
    folder.mkdir()
    (folder / "a.toml").write_text('name = "deal-a"\n')
    result = CliRunner().invoke(app, ["batch", str(folder), "--out", str(tmp_path / "o"),
                                      "--members", "20", "--scheduler", "nowhere"])
    assert result.exit_code == 2 and "--scheduler = 'nowhere'" in result.stderr


def test_ctrl_c_keeps_finished_work_says_how_to_resume_and_exits_130(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "deals"
    folder.mkdir()
    for i in range(12):
        (folder / f"d{i:02d}.toml").write_text(
            f'name = "d{i:02d}"\n[regions."India".methane]\nagriculture_cut_frac = 0.{i:02d}\n')
    out = tmp_path / "out"
    args = [sys.executable, "-m", "accord.interfaces.cli", "batch", str(folder), "--out",
            str(out), "--members", "20", "--workers", "1", "--chunk-size", "1",
            "--no-progress"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ))
    while not (out.is_dir() and any(out.iterdir())):  # the batch has started
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert f"kept in {out}; rerun the same command to resume" in stderr
    again = subprocess.run(args, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    earlier = int(again.stdout.split(" finished earlier")[0].rsplit(" ", 1)[-1])
    assert 1 <= earlier < 12  # the chunks done before the interrupt, not redone
    assert list(read_results(out)["status"]) == ["ok"] * 12
