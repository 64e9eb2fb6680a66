"""The top-level command: --version and the regions list."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

import accord
from accord.interfaces.cli import app
from accord.levers.schema import REGIONS
from accord.levers.tables import read_table

runner = CliRunner()


def test_version_prints_the_package_version_and_exits_0():
    proc = subprocess.run([sys.executable, "-m", "accord.interfaces.cli", "--version"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"accord {accord.__version__}\n"


def test_regions_lists_every_region_with_its_base_year_numbers():
    result = runner.invoke(app, ["regions"])
    assert result.exit_code == 0, result.output
    rows = {(r["region"], r["variable"], r["year"]): float(r["value"])
            for r in read_table("energy_base_year.csv")}
    lines = result.output.splitlines()
    for region in REGIONS:
        line = next(x for x in lines if x.strip().startswith(region))
        co2 = rows[(region, "co2_fossil", "2023")]
        power = rows[(region, "generation_total", "2024")]
        assert f"{co2:,.0f} Mt CO2" in line and f"{power:,.0f} TWh" in line
    assert "Our World in Data" in result.output
