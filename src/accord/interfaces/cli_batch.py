"""Commands of batch mode: ``accord batch``, ``accord sweep``, ``accord solve``.

Thin adapters over :mod:`accord.batch`. Bad input ends with ``error: ...`` and
exit status 2; a batch with failed scenarios, or a target that cannot be
reached (by solve or on any point of its --frontier), ends with status 1 after saying
so; Ctrl-C during batch or sweep keeps what has finished, says to rerun the same
command to resume, and ends with status 130.
"""

from __future__ import annotations

import json
import math
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.interfaces.errors import UserInputError, user_errors
from accord.interfaces.options import check_output


class Method(StrEnum):
    """Sampling of ``accord sweep``."""

    grid = "grid"
    lhs = "lhs"


Scheduler = Annotated[str, typer.Option(
    help="'local' (a LocalCluster) or the address of a running `dask scheduler`, "
         "e.g. tcp://127.0.0.1:8786")]
Workers = Annotated[int, typer.Option(min=1, help="worker processes of the LocalCluster")]
Members = Annotated[int | None, typer.Option(
    min=1, max=841, help="use the first N of the 841 ensemble members (default: all)")]
Baseline = Annotated[str, typer.Option(help="baseline of the deals (preset name or file)")]
ChunkSize = Annotated[int | None, typer.Option(
    "--chunk-size", min=1, help="scenarios per task (default: about 10 tasks per worker)")]
NoProgress = Annotated[bool, typer.Option("--no-progress", help="hide the progress bar")]


#: exit status of an interrupted batch (128 + SIGINT, as shells report it)
INTERRUPTED = 130


@contextmanager
def _resumable(out: Path) -> Iterator[Callable[[int, int], None]]:
    """Ctrl-C during a batch: stop after the chunks in progress, keep them, say how to
    resume, exit 130.

    The first Ctrl-C only raises a flag, checked after each finished chunk (yielded as
    ``on_chunk`` for :func:`accord.batch.run_batch`): an interrupt at an arbitrary point
    can land inside an import or a garbage-collector callback of the dask client, where
    it is lost or breaks a module. A second Ctrl-C stops at once.
    """
    stop = threading.Event()

    def on_sigint(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        typer.echo("\nstopping after the scenarios in progress (Ctrl-C again to stop now)",
                   err=True)

    def on_chunk(done: int, total: int) -> None:
        if stop.is_set() and done < total:
            raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_sigint) if main else None
    try:
        yield on_chunk
    except KeyboardInterrupt:
        typer.echo(f"interrupted: the scenarios finished so far are kept in {out}; rerun the "
                   "same command to resume", err=True)
        raise typer.Exit(INTERRUPTED) from None
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _report(summary: Any, out: Path) -> None:
    typer.echo(f"{len(summary.table)} scenarios: {summary.ran} run now on {summary.workers} "
               f"worker(s) in {summary.seconds:.1f} s, {summary.skipped} finished earlier, "
               f"{len(summary.failures)} failed")
    typer.echo(f"results: {out / 'results.parquet'}, {out / 'percentiles.nc'}")
    for name, error in summary.failures:
        typer.echo(f"failed: {name}: {error}", err=True)
    if summary.failures:
        typer.echo(f"error: {len(summary.failures)} scenario(s) failed (listed above and in "
                   f"{out / 'failures.csv'}); the others are in the results", err=True)
        raise typer.Exit(1)


def batch(
    scenarios: Annotated[Path, typer.Argument(
        help="a folder of scenario .toml files, a CSV of lever settings (column name + lever "
             "columns) or an IAMC emissions CSV")],
    out: Annotated[Path, typer.Option("--out", help="results folder (rerun to resume)")],
    scheduler: Scheduler = "local",
    workers: Workers = 2,
    members: Members = None,
    baseline: Baseline = "current-policies",
    chunk_size: ChunkSize = None,
    no_progress: NoProgress = False,
) -> None:
    """Assess many scenarios on a dask cluster: Parquet headline table + netCDF percentiles."""
    from accord.batch import read_source, run_batch

    with user_errors(), _resumable(out) as on_chunk:
        items = read_source(scenarios)
        summary = run_batch(items, out, scheduler=scheduler, workers=workers, members=members,
                            baseline=baseline, chunk_size=chunk_size, progress=not no_progress,
                            on_chunk=on_chunk)
    _report(summary, out)


def sweep(
    scenario: Annotated[str, typer.Argument(help="the scenario the sweep starts from "
                                                 "(preset name or file)")],
    vary: Annotated[list[str], typer.Option(
        "--vary", help="REGION.GROUP.LEVER=LOW:HIGH[:N], e.g. "
        "china.power.solar_additions_gw_per_yr=100:600:11 (no period suffix: every period)")],
    out: Annotated[Path, typer.Option("--out", help="results folder")],
    method: Annotated[Method, typer.Option(help="grid (every combination) or lhs "
                                                "(Latin hypercube)")] = Method.grid,
    samples: Annotated[int | None, typer.Option(help="points of the Latin hypercube")] = None,
    seed: Annotated[int, typer.Option(help="seed of the Latin hypercube")] = 0,
    metric: Annotated[str, typer.Option(
        help="verdict number the levers are ranked by (a column of results.parquet, e.g. "
             "p_peak_below_2)")] = "peak_warming_k.p50",
    scheduler: Scheduler = "local",
    workers: Workers = 2,
    members: Members = None,
    baseline: Baseline = "current-policies",
    chunk_size: ChunkSize = None,
    no_progress: NoProgress = False,
) -> None:
    """Sweep levers on a grid or a Latin hypercube; rank them by their effect on the verdict."""
    from accord.batch import run_batch
    from accord.batch.sweep import (
        check_metric,
        design,
        parse_vary,
        plot_sweep,
        sensitivity,
        sweep_items,
    )

    with user_errors(), _resumable(out) as on_chunk:
        varies = [parse_vary(v) for v in vary]
        if method is Method.grid and samples is not None:
            raise UserInputError("--samples is for --method lhs; a grid takes N from "
                                 "LOW:HIGH:N; fix: drop --samples or use --method lhs")
        check_metric(metric)  # before the run, not after it
        table = design(varies, method=method.value, samples=samples, seed=seed)
        items, frame = sweep_items(scenario, table, varies)
        summary = run_batch(items, out, scheduler=scheduler, workers=workers, members=members,
                            baseline=baseline, chunk_size=chunk_size, progress=not no_progress,
                            on_chunk=on_chunk)
        frame.to_csv(out / "design.csv", index=False)
        ranking = sensitivity(frame, summary.table, varies, metric)
        ranking.to_csv(out / "sensitivity.csv", index=False)
        plot = plot_sweep(frame, summary.table, ranking, out / "sweep.png")
    typer.echo(f"sensitivity of {metric} (change from the low to the high end, linear fit; "
               "Spearman rank correlation):")
    for row in ranking.itertuples(index=False):
        typer.echo(f"  {row.lever} [{row.low:g}..{row.high:g} {row.unit}]: effect "
                   f"{row.effect:+.3f}, rho {row.spearman_rho:+.2f}")
    values = summary.table.loc[summary.table["status"] == "ok", metric]
    if values.nunique() == 1:
        typer.echo(f"note: {metric} = {values.iloc[0]} in every sample: no lever moves it "
                   "within these ranges; fix: widen them or rank by another --metric "
                   "(e.g. warming_2100_k.p50)")
    typer.echo(f"design: {out / 'design.csv'}, ranking: {out / 'sensitivity.csv'}, plot: {plot}")
    _report(summary, out)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def to_toml(data: dict[str, Any]) -> str:
    """A scenario mapping as TOML (scalars, arrays, [[sources]] and region tables)."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items()
             if k not in ("regions", "sources") and v is not None]
    for source in data.get("sources", ()):
        lines += ["", "[[sources]]"] + [f"{k} = {_toml_value(v)}" for k, v in source.items()
                                         if v is not None]
    for region, groups in data.get("regions", {}).items():
        for group, levers in groups.items():
            if levers:
                lines += ["", f'[regions."{region}".{group}]']
                lines += [f"{k} = {_toml_value(v)}" for k, v in levers.items()]
    return "\n".join(lines) + "\n"


def solve(
    target: Annotated[str, typer.Option(help='e.g. "P(peak<1.5)>=0.5" or '
                                             '"warming_2100_k.p50<=2.0"')],
    vary: Annotated[list[str], typer.Option(
        "--vary", help="REGION.GROUP.LEVER[=LOW:HIGH]: a lever that may move (default: its "
        "whole allowed range)")],
    baseline: Annotated[str, typer.Option(
        help="the scenario to start from (effort 0): preset name or file")] = "current-policies",
    members: Members = None,
    frontier: Annotated[bool, typer.Option(
        "--frontier", help="map the trade-off of two levers instead")] = False,
    points: Annotated[int, typer.Option(help="values of the first lever on the frontier")] = 7,
    out: Annotated[Path | None, typer.Option(
        "--out", help="write the solution as a scenario .toml (the frontier as .csv + .png)",
    )] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Find the least-effort lever settings meeting a target (effort: normalised distance
    from the starting scenario); say so if the target cannot be reached within the ranges.
    """
    from accord.batch import solve as solving
    from accord.batch.sweep import parse_vary
    from accord.batch.targets import parse_target

    with user_errors():
        problem = solving.Problem(
            parse_target(target),
            [parse_vary(v, steps=False, default_full_range=True) for v in vary],
            baseline=baseline, members=members)
        # the frontier is a table (and a figure beside it); a solution is a scenario file
        check_output(out, "--out", (".csv",) if frontier else (".toml",))
        if frontier:
            table = solving.frontier(problem, points)
        else:
            result = solving.solve(problem, progress=lambda m: typer.echo(m, err=True))
    if frontier:
        if out is not None:
            table.to_csv(out, index=False)
            plot = solving.plot_frontier(table, problem, out.with_suffix(".png"))
            typer.echo(f"frontier written to {out} and {plot}", err=True)
        typer.echo(table.to_json(orient="records") if as_json else table.to_string(index=False))
        if not table["reachable"].any():  # as plain solve: an unreachable target is status 1
            typer.echo(f"error: target {target} is not reachable at any of the {len(table)} "
                       "values of the first lever; fix: widen the ranges", err=True)
            raise typer.Exit(1)
        return
    _print_solution(problem, result, out, as_json)


def _print_solution(problem: Any, result: Any, out: Path | None, as_json: bool) -> None:
    levers = result.levers
    if not result.reachable:
        corner = result.corner
        where = ", ".join(f"{lv} = {x:g}" for lv, x in zip(levers, corner.values, strict=True))
        typer.echo(f"error: target {result.target.text} is not reachable within the ranges: "
                   f"at the most ambitious corner ({where}) the value is "
                   f"{corner.measured:.4g}; fix: widen the ranges or vary more levers",
                   err=True)
        if as_json:
            typer.echo(json.dumps({"target": result.target.text, "reachable": False,
                                   "corner": dict(zip(levers, corner.values, strict=True)),
                                   "corner_value": corner.measured}))
        raise typer.Exit(1)
    sol = result.solution
    values = sol.values if sol.values is not None else tuple(
        problem.base_values.tolist())
    effort = problem.effort(sol.values)
    if out is not None:
        data = problem.solution_dict(values, name=out.stem)
        out.write_text(to_toml(data), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps({"target": result.target.text, "reachable": True,
                               "levers": dict(zip(levers, values, strict=True)),
                               "effort": effort, "value": sol.measured,
                               "evaluations": result.evaluations, "verdict": {
                                   k: (None if isinstance(v, float) and math.isnan(v) else v)
                                   for k, v in sol.verdict.items()}}))
        return
    if sol.values is None:
        typer.echo(f"the starting scenario already meets {result.target.text} "
                   f"(value {sol.measured:.4g}); effort 0")
    else:
        typer.echo(f"least-effort setting meeting {result.target.text} (effort "
                   f"{effort:.3f}, {result.evaluations} runs):")
        for v, x in zip(problem.varies, values, strict=True):
            typer.echo(f"  {v.ref.label} = {x:g} {v.ref.unit}")
    typer.echo(f"value there: {sol.measured:.4g}; category {sol.verdict['category']}, peak "
               f"{sol.verdict['peak_warming_k.p50']:.2f} K (median), 2100 "
               f"{sol.verdict['warming_2100_k.p50']:.2f} K, P(peak<1.5) "
               f"{sol.verdict['p_peak_below_1p5']:.2f}")
    if out is not None:
        typer.echo(f"scenario written to {out} (check it with `accord run {out}`)")


def register(app: typer.Typer) -> None:
    """Add the batch-mode commands to ``app``."""
    app.command("batch")(batch)
    app.command("sweep")(sweep)
    app.command("solve")(solve)
