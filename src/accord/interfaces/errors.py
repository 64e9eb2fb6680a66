"""User-facing errors shared by the command line adapters.

Every command wraps its work in :func:`user_errors`: the project's own input errors
(:class:`accord.errors.AccordInputError` and its subclasses, and pydantic validation
errors of a scenario) become one line ``error: ...`` on stderr and exit status 2.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from pydantic import ValidationError

from accord.errors import AccordInputError

__all__ = ["UserInputError", "report_error", "user_errors", "writing"]


class UserInputError(AccordInputError):
    """Bad command-line input: the message names the option, value, range and fix."""


def report_error(exc: BaseException) -> None:
    """Print ``exc`` as one clear line on stderr (no traceback)."""
    print(f"error: {exc}", file=sys.stderr)


@contextmanager
def user_errors() -> Iterator[None]:
    """Bad input -> ``error: ...`` on stderr and exit status 2; bugs propagate."""
    try:
        yield
    except AccordInputError as exc:
        report_error(exc)
        raise typer.Exit(2) from None
    except ValidationError as exc:
        from accord.levers.errors import explain

        report_error(UserInputError(explain(exc)))
        raise typer.Exit(2) from None


@contextmanager
def writing(option: str, path: Path) -> Iterator[None]:
    """An operating-system refusal to write ``path`` -> :class:`UserInputError` naming
    ``option`` (a full disk or a read-only folder is the user's to fix, not a bug)."""
    try:
        yield
    except OSError as exc:
        raise UserInputError(
            f"{option} {str(path)!r} cannot be written ({exc.strerror or exc}); choose a "
            "writable folder with free space"
        ) from None
