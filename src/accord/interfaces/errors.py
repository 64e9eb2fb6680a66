"""User-facing errors shared by the command line adapters."""

from __future__ import annotations

import sys


class UserInputError(ValueError):
    """Bad input from a user: the message names the field, value, range and fix."""


def report_error(exc: BaseException) -> None:
    """Print ``exc`` as one clear line on stderr (no traceback)."""
    print(f"error: {exc}", file=sys.stderr)
