"""Commands of the deal model (levers, presets, emissions): registered on the app.

Bad input (an unknown preset, a scenario file with an unknown region or lever,
a value out of range, broken TOML) ends with ``error: ...`` on stderr naming
the field, value, allowed range and fix, and exit status 2; never a traceback.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from accord.interfaces.errors import UserInputError, user_errors, writing


class OutputFormat(StrEnum):
    """Layouts of ``accord emissions``."""

    iamc = "iamc"
    fair = "fair"


def levers(
    region: Annotated[str | None, typer.Option(help="show defaults for one region only")] = None,
) -> None:
    """List every lever with its unit, allowed range, current-policies default and source.

    A region's groups come first (``[regions."<region>".<group>]`` in a scenario
    file), then the scenario's own (``[international]``: shipping and aviation).

    A trajectory lever is marked ``milestones``; its default is shown as a scenario
    file writes it, ``{2025 = 300, 2030 = 300, 2040 = 300, 2050 = 350}``.
    """
    from accord.levers.errors import ScenarioError, lever_range
    from accord.levers.loading import WORLD, current_policies_table
    from accord.levers.schema import LEVER_GROUPS, REGIONS, SCENARIO_GROUPS, is_trajectory
    from accord.levers.trajectory import milestone_text

    with user_errors():
        if region is not None and region not in REGIONS:
            raise ScenarioError(f"--region = {region!r}: unknown region; allowed: "
                                f"{', '.join(REGIONS)}; fix: use one of these names")
        regions = [region] if region else list(REGIONS)
        defaults: dict[tuple[str, str, str], list[dict[str, str]]] = {}
        for row in current_policies_table():
            defaults.setdefault((row["region"], row["group"], row["lever"]), []).append(row)
        typer.echo("Levers marked 'milestones' take values at milestone years, e.g. "
                   "solar_additions_gw_per_yr = {2030 = 400, 2035 = 500}: linear between "
                   "milestones, held after the last; a plain number is that value from 2025 on.")
        for group, model in LEVER_GROUPS.items():
            own = group in SCENARIO_GROUPS  # the scenario's own table, not a region's
            typer.echo(f"[{group}]  (the scenario's own: no region carries it)" if own
                       else f"[{group}]")
            for name, info in model.model_fields.items():
                extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
                unit = extra.get("unit", "")
                lo, hi = lever_range(info)
                span = f"{lo:g}..{hi:g}" if lo is not None and hi is not None else "choice"
                form = "  milestones" if is_trajectory(info) else ""
                typer.echo(f"  {name}  [{unit}]  range {span}{form}  {info.description}")
                shown = []
                source = ""
                for r in [WORLD] if own else regions:
                    rows = defaults.get((r, group, name))
                    if rows:
                        value = (milestone_text(tuple((int(x["year"]), float(x["value"]))
                                                      for x in rows))
                                 if rows[0].get("year") else rows[0]["value"])
                        shown.append(f"{r}={value}")
                        source = rows[0]["source"]
                if shown:
                    typer.echo(f"      current policies: {', '.join(shown)}")
                    typer.echo(f"      source: {source}")
                else:
                    typer.echo("      current policies: unset (off)")


def regions() -> None:
    """List the modelled regions, named as scenarios and --region spell them."""
    from accord.levers.schema import REGIONS
    from accord.levers.tables import read_table

    shown = {("co2_fossil", 2023): "fossil CO2 2023", ("generation_total", 2024):
             "electricity 2024"}
    rows = {(r["region"], r["variable"], int(r["year"])): r
            for r in read_table("energy_base_year.csv")}
    typer.echo('Regions (write them as shown, e.g. [regions."EU27".power] in a scenario file):')
    width = max(len(r) for r in REGIONS)
    for region in REGIONS:
        cells = [f"{label}: {float(rows[(region, *key)]['value']):>6,.0f} "
                 f"{rows[(region, *key)]['unit'].split('/')[0]}" for key, label in shown.items()]
        typer.echo(f"  {region:<{width}}  " + "   ".join(cells))
    for key, label in shown.items():
        typer.echo(f"{label}: {rows[(REGIONS[0], *key)]['source']}")


def presets() -> None:
    """List the shipped presets with the documents they encode."""
    from accord.levers.loading import load_scenario, preset_names

    with user_errors():
        for name in preset_names():
            s = load_scenario(name)
            typer.echo(f"{name}: {s.title or ''}")
            for doc in s.sources:
                typer.echo(f"    source: {doc.title} ({doc.date})")
            if s.preset:
                typer.echo(f"    builds on: {s.preset}")


def emissions(
    scenario: Annotated[str, typer.Argument(help="a preset name or a scenario .toml/.json file")],
    out: Annotated[Path | None, typer.Option("--out", help="write the CSV here")] = None,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="iamc (long, regions + World) or fair (FaIR's input layout)",
        case_sensitive=False)] = OutputFormat.iamc,
    reference: Annotated[str | None, typer.Option(
        "--reference", help="reference world SSP (e.g. ssp126), replacing the scenario's")] = None,
) -> None:
    """Emissions of SCENARIO as CSV: IAMC long format, or FaIR's input layout."""
    from accord.emissions.iamc import fair_frame, iamc_frame, write_csv

    with user_errors():
        if fmt is OutputFormat.fair:
            frame = fair_frame(scenario, reference)
        else:
            frame = iamc_frame(scenario, reference)
        if out is None:
            frame.to_csv(sys.stdout, index=False, lineterminator="\n")
            return
        if not out.parent.exists() and str(out.parent) not in ("", "."):
            raise UserInputError(f"--out = {str(out)!r}: folder does not exist; fix: create it "
                                 "or write elsewhere")
        with writing("--out", out):
            write_csv(frame, out)
        typer.echo(f"wrote {len(frame)} rows to {out}", err=True)


def register(app: typer.Typer) -> None:
    """Add the deal-model commands to ``app``."""
    app.command("levers")(levers)
    app.command("presets")(presets)
    app.command("regions")(regions)
    app.command("emissions")(emissions)
