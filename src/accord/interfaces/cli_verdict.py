"""The main job: ``accord run``, ``accord compare``, ``accord assess``, ``accord demo``.

Thin adapters over :func:`accord.pipeline.simulate` (deals) and the climate
engine plus :func:`accord.assessment.assess` (world emissions given directly).
``--json`` prints, per scenario, the verdict's keys (``scenario``, ``category``,
``peak_warming_k`` and ``warming_2100_k`` with p05..p95, ``peak_year``,
``p_peak_below_1p5``, ``p_2100_below_1p5``, ``p_peak_below_2``,
``crossing_year_1p5``; for ``run`` and ``compare`` also
``avoided_warming_2100_k``): an object for ``run``, a list for ``compare`` and
``assess``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.interfaces.errors import UserInputError, user_errors, writing
from accord.interfaces.options import PLOT_SUFFIXES, Infill, VariablePrefix, check_output
from accord.io_atomic import write_atomic

if TYPE_CHECKING:
    from accord.assessment import Verdict
    from accord.pipeline import Result

DEMO_SCENARIO = "sunnylands-2023"
BASELINE = "current-policies"
MEMBERS_RANGE = (1, 841)
#: most scenarios shown side by side as columns; more are listed one per row
WIDE_TABLE_MAX = 6
#: what ``run --out`` writes: an IAMC table or the full labelled result
OUT_SUFFIXES = (".csv", ".nc")

Members = Annotated[int | None, typer.Option(
    "--members", help="use the first N of the 841 calibrated members (default: all)")]
Variability = Annotated[bool, typer.Option(
    "--variability", help="add the calibrated internal variability (needs --seed)")]
Seed = Annotated[int | None, typer.Option("--seed", help="seed of the internal variability")]
AsJson = Annotated[bool, typer.Option("--json", help="print the verdict as JSON")]
Baseline = Annotated[str, typer.Option(
    "--baseline", help="scenario to compare against (preset name or TOML file)")]


def _check(members: int | None, variability: bool, seed: int | None) -> None:
    lo, hi = MEMBERS_RANGE
    if members is not None and not lo <= members <= hi:
        raise UserInputError(f"--members {members} is out of range: give {lo}..{hi} "
                             "(or leave it out for all members)")
    if variability and seed is None:
        raise UserInputError("--variability needs --seed S (any integer), so that the same "
                             "command gives the same numbers")
    if seed is not None and not variability:
        raise UserInputError("--seed only applies with --variability: add --variability "
                             "or drop --seed")
    from accord.climate.state import MAX_SEED

    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise UserInputError(f"--seed {seed}: allowed range 0 to {MAX_SEED}; fix: choose a "
                             "seed in that range")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[float], None]]:
    """A rich progress bar on stderr, fed with the fraction done."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=1.0)
        yield lambda fraction: bar.update(task, completed=fraction)


def _range(p: dict[str, float], digits: int = 2) -> str:
    """``median (5th to 95th percentile)``."""
    return f"{p['p50']:.{digits}f} ({p['p05']:.{digits}f} to {p['p95']:.{digits}f})"


def verdict_rows(v: Verdict) -> list[tuple[str, str]]:
    """Label and value of each headline number."""
    crossing = "never" if v.crossing_year_1p5 is None else str(v.crossing_year_1p5)
    return [
        ("peak warming, °C (5 to 95 %)", _range(v.peak_warming_k)),
        ("peak year (median)", str(v.peak_year)),
        ("2050 warming, °C", _range(v.warming_k[2050])),
        ("2100 warming, °C", _range(v.warming_2100_k)),
        ("P(peak < 1.5 °C)", f"{v.p_peak_below_1p5:.0%}"),
        ("P(2100 < 1.5 °C)", f"{v.p_2100_below_1p5:.0%}"),
        ("P(peak < 2 °C)", f"{v.p_peak_below_2:.0%}"),
        ("IPCC AR6 category", f"{v.category} ({v.category_name})"),
        ("1.5 °C crossed (median)", crossing),
    ]


def _table(results: list[Result], width: int) -> Any:
    from accord.interfaces.console import name_column, new_table, share_of

    table = new_table(f"Verdict (against {results[0].baseline}, "
                      f"{results[0].verdict.members} members)")
    share = share_of(width, len(results) + 1)
    for r in results:
        name_column(table, r.scenario, share, justify="right")
    name_column(table, results[0].baseline + " (baseline)", share, justify="right", style="dim")
    labels = [label for label, _ in verdict_rows(results[0].verdict)]
    rows = [dict(verdict_rows(r.verdict)) for r in results]
    base = dict(verdict_rows(results[0].baseline_verdict))
    for label in labels:
        table.add_row(label, *[row[label] for row in rows], base[label])
    table.add_row("warming avoided in 2100, °C",
                  *[_range(r.avoided.avoided_warming_2100_k) for r in results], "")
    table.add_row("warming avoided at peak, °C",
                  *[_range(r.avoided.avoided_warming_peak_k) for r in results], "")
    table.add_row("category shift", *[r.avoided.category_shift for r in results], "")
    return table


def unmet_lines(result: Result) -> list[str]:
    """One warning line per target the levers cannot meet inside their limits."""
    return [f"warning: {result.scenario}: {u.region} target \"{u.target}\" is missed by "
            f"{u.shortfall_mt_co2e:,.0f} Mt CO2-equiv in {u.year} (abatement and removal "
            "limits reached; add removal levers or other levers)"
            for u in result.unmet_targets]


def _contributions(result: Result) -> Any:
    from accord.interfaces.console import name_column, new_table

    table = new_table("Who and what avoided the warming in 2100 (Shapley values, °C)", "split")
    name_column(table, "part")
    table.add_column("median (5 to 95 %)", justify="right")
    for kind, attribution in result.attribution.items():
        parts = sorted(attribution.parts_k["2100"].items(), key=lambda kv: -abs(kv[1]["p50"]))
        for player, pct in parts:
            table.add_row(kind, player, _range(pct, digits=3))
    return table


def _write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` to ``path``; a refusal names ``--out``."""
    if not path.parent.is_dir():
        raise UserInputError(f"cannot write {path}: folder {path.parent} does not exist; "
                             "create it or choose another path")
    with writing("--out", path):
        write_atomic(path, write)


def _write_result(result: Result, path: Path) -> None:
    """IAMC CSV (``.csv``) or the full labelled result (``.nc``, netCDF3)."""
    if path.suffix.lower() == ".csv":
        frame = result.iamc()
        _write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False))
    elif path.suffix.lower() == ".nc":
        import xarray as xr

        ds = xr.merge([result.climate, result.world_emissions.rename("emissions_world")])
        ds = ds.assign_coords(member=ds["member"].astype("int32"))
        ds.attrs.update({"scenario": result.scenario, "baseline": result.baseline,
                         "verdict": json.dumps(result.to_dict(), default=str)})
        _write_atomic(path, lambda tmp: ds.to_netcdf(tmp, engine="scipy"))
    else:
        raise UserInputError(f"--out {path}: the suffix {path.suffix or '(none)'} is not "
                             "supported; use .csv (IAMC table) or .nc (netCDF)")


def _simulate(scenario: str, baseline: str, members: int | None, variability: bool,
              seed: int | None, attribution: bool) -> Result:
    from accord.pipeline import simulate

    with user_errors(), _progress(f"simulating {scenario}") as report:
        return simulate(scenario, baseline=baseline, members=members,
                        variability=variability, seed=seed, attribution=attribution,
                        progress=report)


def run(
    scenario: Annotated[str | None, typer.Argument(
        help="preset name or TOML file (default: the demo, sunnylands-2023)")] = None,
    baseline: Baseline = BASELINE,
    members: Members = None,
    variability: Variability = False,
    seed: Seed = None,
    as_json: AsJson = False,
    out: Annotated[Path | None, typer.Option(
        "--out", help=".csv: IAMC emissions and temperature percentiles; .nc: full result")]
    = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="write a PNG figure")] = None,
    attribution: Annotated[bool, typer.Option(
        "--attribution/--no-attribution", help="split the avoided warming by region and "
        "lever group (Shapley values; a few seconds)")] = True,
) -> None:
    """Run a deal against its baseline and print the verdict."""
    _check(members, variability, seed)
    check_output(out, "--out", OUT_SUFFIXES)
    check_output(plot, "--plot", PLOT_SUFFIXES)
    result = _simulate(scenario or DEMO_SCENARIO, baseline, members, variability, seed,
                       attribution)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, default=str))
    else:
        from accord.interfaces.console import console as make_console

        console = make_console()
        console.print(_table([result], console.width))
        for line in unmet_lines(result):
            console.print(line, style="bold yellow", markup=False, highlight=False,
                          soft_wrap=True)
        if result.attribution:
            console.print(_contributions(result))
    if out is not None:
        _write_result(result, out)
    if plot is not None:
        from accord.interfaces.plots import save_figure, verdict_figure

        with writing("--plot", plot):
            save_figure(verdict_figure(result, attribution), plot)


def demo(
    members: Members = None,
    as_json: AsJson = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="write a PNG figure")] = None,
) -> None:
    """The Sunnylands statement (2023) against current policies."""
    run(DEMO_SCENARIO, BASELINE, members, False, None, as_json, None, plot, True)


def compare(
    scenarios: Annotated[list[str], typer.Argument(help="two or more presets or TOML files")],
    baseline: Baseline = BASELINE,
    members: Members = None,
    variability: Variability = False,
    seed: Seed = None,
    as_json: AsJson = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="write a PNG figure")] = None,
) -> None:
    """Several deals side by side, each against the same baseline."""
    _check(members, variability, seed)
    check_output(plot, "--plot", PLOT_SUFFIXES)
    if len(scenarios) < 2:
        raise UserInputError(f"compare needs two or more scenarios, got {len(scenarios)}; "
                             "use 'accord run' for one")
    from accord.emissions.world import as_resolved

    with user_errors():  # every file is read and checked before the first run
        for name in [*scenarios, baseline]:
            as_resolved(name)
    results = [_simulate(s, baseline, members, variability, seed, False) for s in scenarios]
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2, default=str))
    else:
        from accord.interfaces.console import console

        out = console()
        out.print(_table(results, out.width))
        for r in results:
            for line in unmet_lines(r):
                out.print(line, style="bold yellow", markup=False, highlight=False,
                          soft_wrap=True)
    if plot is not None:
        from accord.interfaces.plots import comparison_figure, save_figure

        with writing("--plot", plot):
            save_figure(comparison_figure(results), plot)


def assess_file(
    emissions: Annotated[Path, typer.Argument(help="world emissions CSV (FaIR or IAMC layout; "
                                              "AR6 scenario-database files as downloaded)")],
    scenario: Annotated[list[str] | None, typer.Option(
        "--scenario", help="scenario in the file (repeat for several; default: all)")] = None,
    members: Members = None,
    variability: Variability = False,
    seed: Seed = None,
    as_json: AsJson = False,
    variable_prefix: VariablePrefix = None,
    infill: Infill = True,
) -> None:
    """Assess world emissions given directly, as the AR6 pipeline assesses a database."""
    from accord.pipeline.emissions_file import assess_emissions_file

    _check(members, variability, seed)
    if not emissions.is_file():
        raise UserInputError(f"EMISSIONS {emissions}: no such file; give a CSV in FaIR or "
                             "IAMC layout")

    def notice(line: str) -> None:
        typer.echo(f"warning: {emissions.name}: {line}", err=True)

    with user_errors(), _progress("running the ensemble") as report:
        verdicts = [o.verdict for o in assess_emissions_file(
            emissions, scenario or None, members=members, variability=variability, seed=seed,
            variable_prefix=variable_prefix, infill=infill, notice=notice, progress=report)]
    if as_json:
        typer.echo(json.dumps([v.to_dict() for v in verdicts], indent=2, default=str))
        return
    from accord.interfaces.console import console, name_column, new_table, share_of

    out = console()
    title = f"Assessment of {emissions.name} ({verdicts[0].members} members)"
    rows = [dict(verdict_rows(v)) for v in verdicts]
    if len(verdicts) <= WIDE_TABLE_MAX:
        table = new_table(title)
        share = share_of(out.width, len(verdicts))
        for v in verdicts:
            name_column(table, v.scenario, share, justify="right")
        for label in rows[0]:
            table.add_row(label, *[r[label] for r in rows])
    else:  # one row per scenario
        table = new_table(title, "scenario")
        for label in rows[0]:
            table.add_column(label, justify="right", overflow="fold")
        for v, r in zip(verdicts, rows, strict=True):
            table.add_row(v.scenario, *r.values())
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add the verdict commands to ``app``."""
    app.command("run")(run)
    app.command("demo")(demo)
    app.command("compare")(compare)
    app.command("assess")(assess_file)
