"""Commands of the climate engine (``accord climate``): registered on the app.

``accord climate [EMISSIONS.csv] --scenario NAME ...`` runs the calibrated ensemble on
world emissions (a FaIR- or IAMC-layout file, or the shipped SSPs when no file is
given), prints a summary table and writes percentiles and member trajectories.

Bad input raises ``UserInputError`` (``cli.main`` prints it and exits with status 2).
Output files are written to a temporary name in the target folder and renamed, so a
reader never sees a half-written file. ``--ensemble-out`` with several scenarios writes
one file per scenario, the scenario name inserted before the suffix
(``members.csv.gz`` -> ``members_ssp119.csv.gz``, ``members_ssp245.csv.gz``); with one
scenario the name is used as given.

When the scenarios share their emissions up to 2023 (the SSPs do, and so do policy
scenarios built on one reference world) the kernel's warm start is used, so only the
years from 2024 are integrated once the history is cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.interfaces.climate_tables import (
    ensemble_paths,
    gsat_by_scenario,
    member_frame,
    percentile_frame,
    summary_table,
    write_frame,
)
from accord.interfaces.errors import UserInputError, writing
from accord.interfaces.options import Infill, VariablePrefix

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

#: Allowed ``--end`` years: after the 1850-1900 baseline, up to the kernel's horizon.
END_RANGE = (1901, 2300)
#: Decimals of the written files (as the fair reference files).
PERCENTILE_DECIMALS = 6
MEMBER_DECIMALS = 7


@dataclass(frozen=True)
class ClimateOptions:
    """Validated options of ``accord climate``.

    Attributes
    ----------
    emissions : Path or None
        Emissions CSV; None means the shipped SSPs.
    scenarios : tuple of str
    end : int
        Last year simulated (calendar year).
    members : int or None
        First N calibration members; None means all.
    variability : bool
    seed : int or None
    out, ensemble_out : Path or None
    variable_prefix : str or None
        Read only the file's variables under this prefix (None: the AR6 database's
        prefix where present).
    infill : bool
        Harmonise and infill a native submission lacking species (with a warning);
        False refuses it, naming the missing species.
    """

    emissions: Path | None
    scenarios: tuple[str, ...]
    end: int
    members: int | None
    variability: bool
    seed: int | None
    out: Path | None
    ensemble_out: Path | None
    variable_prefix: str | None = None
    infill: bool = True


# ---------------------------------------------------------------------- validation


def kernel_last_year() -> int:
    """The last year the climate kernel can simulate."""
    from accord.climate.api import LAST_YEAR

    return int(LAST_YEAR)


def _check_output_folder(path: Path | None, option: str) -> None:
    """An output path must name a file in an existing folder."""
    if path is None:
        return
    if path.is_dir():
        raise UserInputError(f"{option} {str(path)!r} is a folder; give a file name, e.g. out.csv")
    if not path.parent.is_dir():
        raise UserInputError(
            f"{option} {str(path)!r}: folder {str(path.parent)!r} does not exist; create it "
            "or choose another path"
        )


def validate_options(
    emissions: Path | None,
    scenarios: Sequence[str] | None,
    end: int,
    members: int | None,
    variability: bool,
    seed: int | None,
    out: Path | None,
    ensemble_out: Path | None,
    *,
    n_members: int,
    last_year: int,
    variable_prefix: str | None = None,
    infill: bool = True,
) -> ClimateOptions:
    """Check every option before any work; raise ``UserInputError`` naming the fix.

    ``n_members`` is the size of the calibrated ensemble and ``last_year`` the last year
    the kernel can simulate (its solar and volcanic forcing end there); ``--end`` must lie
    in ``END_RANGE`` and not beyond ``last_year``.
    """
    if emissions is not None and not emissions.is_file():
        raise UserInputError(
            f"EMISSIONS {str(emissions)!r} does not exist; give the path of a CSV file, or "
            "leave it out to use the shipped SSPs"
        )
    if not scenarios:
        raise UserInputError(
            "--scenario is required: name at least one scenario, e.g. --scenario ssp245 "
            "(repeat the option for more)"
        )
    end_max = min(END_RANGE[1], last_year)
    if not END_RANGE[0] <= end <= end_max:
        raise UserInputError(
            f"--end {end} is outside {END_RANGE[0]}..{end_max} (the run needs the 1850-1900 "
            f"baseline, and the kernel's forcing data end in {last_year}); choose a year in "
            "that range, e.g. --end 2100"
        )
    if members is not None and not 1 <= members <= n_members:
        raise UserInputError(
            f"--members {members} is outside 1..{n_members}; choose how many calibrated "
            f"members to run, or leave it out for all {n_members}"
        )
    if variability and seed is None:
        raise UserInputError(
            "--variability needs --seed: give an integer seed, e.g. --variability --seed 1, "
            "so the run can be repeated"
        )
    if seed is not None and not variability:
        raise UserInputError(
            f"--seed {seed} is given without --variability; add --variability or drop --seed"
        )
    from accord.climate.state import MAX_SEED

    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise UserInputError(f"--seed {seed}: allowed range 0 to {MAX_SEED}; fix: choose a "
                             "seed in that range")
    _check_output_folder(out, "--out")
    _check_output_folder(ensemble_out, "--ensemble-out")
    if out is not None and ensemble_out is not None and out.resolve() == ensemble_out.resolve():
        raise UserInputError(
            f"--out and --ensemble-out are both {str(out)!r}; give two different files"
        )
    return ClimateOptions(
        emissions,
        tuple(dict.fromkeys(scenarios)),
        end,
        members,
        variability,
        seed,
        out,
        ensemble_out,
        variable_prefix,
        infill,
    )


def load_scenarios(options: ClimateOptions) -> xr.DataArray:
    """Emissions (scenario, year, specie) of the requested scenarios, checked to cover ``end``."""
    from accord.climate.emissions_io import (
        EmissionsFileError,
        load_emissions,
        ssp_emissions_array,
    )

    try:
        if options.emissions is None:
            emissions = ssp_emissions_array(options.scenarios)
        else:
            emissions = load_emissions(options.emissions, options.scenarios,
                                       variable_prefix=options.variable_prefix,
                                       infill=options.infill)
    except EmissionsFileError as exc:
        raise UserInputError(f"--scenario/EMISSIONS: {exc}") from exc
    last = int(emissions.year[-1])
    if options.end > last:
        source = "the shipped SSPs" if options.emissions is None else str(options.emissions)
        raise UserInputError(
            f"--end {options.end} is beyond the emissions, which end in {last} ({source}); "
            f"choose --end {last} or earlier, or give emissions up to {options.end}"
        )
    return emissions


# ------------------------------------------------------------------------- command


def run_with_progress(emissions: xr.DataArray, options: ClimateOptions) -> xr.Dataset:
    """Run the kernel with a progress bar on stderr; return its dataset.

    When the scenarios share their history (as the SSPs and policy scenarios do, to
    2023) the kernel's warm start is used: the 1750-2023 state comes from its cache
    and only the later years are integrated; the result equals a full run to rounding.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from accord.climate import run, run_warm, shares_history
    from accord.climate.history import HISTORY_END

    warm = options.end > HISTORY_END and shares_history(emissions, HISTORY_END)
    kernel = run_warm if warm else run
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("climate ensemble", total=1.0)

        def update(done_fraction: float) -> None:
            bar.update(task, completed=done_fraction)

        result = kernel(
            emissions,
            members=options.members,
            end=options.end,
            variability=options.variability,
            seed=options.seed,
            progress=update,
        )
    return result.dataset


def _write_or_explain(frame: pd.DataFrame, path: Path, decimals: int, option: str) -> None:
    """``write_frame``, turning an operating-system refusal into a ``UserInputError``."""
    with writing(option, path):
        write_frame(frame, path, decimals)


def write_outputs(gsat_k: xr.DataArray, options: ClimateOptions) -> list[Path]:
    """Write ``--out`` and ``--ensemble-out`` files; return the paths written."""
    written = []
    if options.out is not None:
        frame = percentile_frame(gsat_k)
        _write_or_explain(frame, options.out, PERCENTILE_DECIMALS, "--out")
        written.append(options.out)
    if options.ensemble_out is not None:
        scenarios = [str(s) for s in gsat_k.scenario.values]
        for scenario, path in ensemble_paths(options.ensemble_out, scenarios).items():
            frame = member_frame(gsat_k.sel(scenario=scenario))
            _write_or_explain(frame, path, MEMBER_DECIMALS, "--ensemble-out")
            written.append(path)
    return written


def climate(
    emissions: Annotated[
        Path | None,
        typer.Argument(
            help="World emissions CSV (FaIR or IAMC layout); leave out for the shipped SSPs.",
            show_default=False,
        ),
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Scenario to run (repeat for several)."),
    ] = None,
    end: Annotated[int, typer.Option(help="Last year simulated (1901..2300).")] = 2100,
    members: Annotated[
        int | None, typer.Option(help="Run the first N calibrated members (default all).")
    ] = None,
    variability: Annotated[
        bool, typer.Option("--variability", help="Add calibrated internal variability.")
    ] = False,
    seed: Annotated[int | None, typer.Option(help="Seed for --variability.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Percentiles CSV: scenario, year, p05, p17, p50, p83, p95 (K)."),
    ] = None,
    ensemble_out: Annotated[
        Path | None,
        typer.Option(
            help="Members CSV (config, then one column per year; .gz compresses). With "
            "several scenarios, one file each: NAME_<scenario>.csv."
        ),
    ] = None,
    variable_prefix: VariablePrefix = None,
    infill: Infill = True,
) -> None:
    """Run the calibrated climate ensemble and report warming vs 1850-1900."""
    from accord.climate.parameters import member_count
    from accord.interfaces.console import console as make_console

    options = validate_options(
        emissions,
        scenario,
        end,
        members,
        variability,
        seed,
        out,
        ensemble_out,
        n_members=member_count(),
        last_year=kernel_last_year(),
        variable_prefix=variable_prefix,
        infill=infill,
    )
    world = load_scenarios(options)
    gsat_k = gsat_by_scenario(run_with_progress(world, options))
    written = write_outputs(gsat_k, options)
    console = make_console()
    console.print(summary_table(gsat_k))
    for path in written:
        console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add the climate-engine commands to ``app``."""
    app.command("climate")(climate)
