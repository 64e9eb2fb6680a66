"""Checks of output options, done before any work starts.

A run of the full ensemble takes seconds to minutes; an output path that
cannot be written (wrong suffix, missing or read-only folder, a folder where a
file is expected) must be refused before it starts, not after.

Examples
--------
>>> check_output(Path("figure.txt"), "--plot", PLOT_SUFFIXES)
Traceback (most recent call last):
...
accord.interfaces.errors.UserInputError: --plot 'figure.txt': the suffix .txt is not \
supported; allowed: .png, .pdf, .svg; fix: end the name with one of these, e.g. figure.png
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from accord.interfaces.errors import UserInputError
from accord.levers.errors import printable

__all__ = ["PLOT_SUFFIXES", "Infill", "VariablePrefix", "check_output"]

#: figure formats ``--plot`` writes (matplotlib picks the format from the suffix)
PLOT_SUFFIXES = (".png", ".pdf", ".svg")

#: the reading options of an emissions file (accord assess and accord climate)
VariablePrefix = Annotated[str | None, typer.Option(
    "--variable-prefix", help="read only variables under this prefix (default: the AR6 "
    "database's 'AR6 climate diagnostics|Infilled|' where present)")]
Infill = Annotated[bool, typer.Option(
    "--infill/--no-infill", help="harmonise and infill a scenario lacking species "
    "(default, with a warning) or refuse it")]


def check_output(path: Path | None, option: str, suffixes: Sequence[str]) -> None:
    """Refuse ``path`` unless it has one of ``suffixes`` and its folder is writable."""
    if path is None:
        return
    shown = printable(str(path))
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise UserInputError(
            f"{option} {shown!r}: the suffix {path.suffix or '(none)'} is not supported; "
            f"allowed: {', '.join(suffixes)}; fix: end the name with one of these, e.g. "
            f"{printable(path.stem or 'out')}{suffixes[0]}")
    folder = path.parent
    if not folder.is_dir():
        raise UserInputError(f"{option} {shown!r}: folder {printable(str(folder))!r} does not "
                             "exist; fix: create it or write elsewhere")
    if path.is_dir():
        raise UserInputError(f"{option} {shown!r} is a folder; fix: give a file name ending "
                             f"in {suffixes[0]}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UserInputError(f"{option} {shown!r}: cannot be written here (permission "
                             "denied); fix: choose a writable folder")
