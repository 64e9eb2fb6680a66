"""The ``accord`` command line: one typer app, commands registered per stage.

Each stage's commands live in their own module (``cli_verdict``: run, demo,
compare, assess; ``cli_climate``: climate; ``cli_deal``: levers, presets,
emissions; ``cli_batch``: batch, sweep, solve; ``cli_web``: serve) and are thin
adapters over the library; bad input exits with status 2 and a message, never a
traceback.
"""

from __future__ import annotations

import sys
import warnings
from typing import Annotated, TextIO

import typer

from accord import __version__
from accord.errors import AccordInputError
from accord.interfaces import cli_batch, cli_climate, cli_deal, cli_verdict, cli_web
from accord.interfaces.errors import report_error

app = typer.Typer(
    name="accord",
    help="What does a climate deal do to the world's temperature?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _commands(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="print the version and exit")] = False,
) -> None:
    """What does a climate deal do to the world's temperature?

    Start with ``accord run`` (the Sunnylands statement against current policies).
    """


cli_verdict.register(app)
cli_climate.register(app)
cli_deal.register(app)
cli_batch.register(app)
cli_web.register(app)


def _one_line_warning(message: Warning | str, category: type[Warning], filename: str,
                      lineno: int, file: TextIO | None = None, line: str | None = None) -> None:
    """Print accord's own warnings (e.g. what was infilled) as ``warning: ...`` lines."""
    from accord.climate.emissions_io import EmissionsInfilledWarning

    if issubclass(category, EmissionsInfilledWarning):
        print(f"warning: {message}", file=file or sys.stderr)
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


_python_showwarning = warnings.showwarning


def main() -> None:
    """Console-script entry point."""
    warnings.showwarning = _one_line_warning
    try:
        app()
    except AccordInputError as exc:
        report_error(exc)
        sys.exit(2)


if __name__ == "__main__":
    main()
