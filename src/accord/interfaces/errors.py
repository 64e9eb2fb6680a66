"""User-facing errors shared by the command line adapters.

Every command wraps its work in :func:`user_errors`: the project's own input errors
(:class:`accord.errors.AccordInputError` and its subclasses, and pydantic validation
errors of a scenario) become one line ``error: ...`` on stderr and exit status 2.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from pydantic import ValidationError

from accord.errors import AccordInputError

__all__ = ["UserInputError", "for_people", "report_error", "user_errors", "writing"]


class UserInputError(AccordInputError):
    """Bad command-line input: the message names the option, value, range and fix."""


#: Python reprs that are not for people: ``np.str_('x')`` -> ``'x'``,
#: ``datetime.date(2024, 1, 5)`` -> ``2024-01-05``
_REPRS = ((re.compile(r"np\.(?:str_|float64|int64|bool_)\((.*?)\)"), r"\1"),
          (re.compile(r"datetime\.date\((\d+), (\d+), (\d+)\)"),
           lambda m: "{:04d}-{:02d}-{:02d}".format(*map(int, m.groups()))))


def for_people(text: str) -> str:
    r"""A message as it is printed: control characters escaped (a terminal escape in a
    file name is shown, not obeyed) and programmers' reprs made plain.

    >>> print(for_people("scenario np.str_('a\x1b[31m') on datetime.date(2024, 1, 5)"))
    scenario 'a\x1b[31m' on 2024-01-05
    """
    from accord.levers.errors import printable

    lines = [printable(line) for line in str(text).split("\n")]
    out = "\n".join(lines)
    for pattern, plain in _REPRS:
        out = pattern.sub(plain, out)  # type: ignore[arg-type]
    return out


def report_error(exc: BaseException) -> None:
    """Print ``exc`` as one clear line on stderr (no traceback)."""
    print(f"error: {for_people(str(exc))}", file=sys.stderr)


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
