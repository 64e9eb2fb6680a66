"""The project's own input errors: one base class every stage raises from.

A :class:`AccordInputError` means the *input* is wrong (a scenario, a file, an option),
never the code: its message names the field, the value, the allowed range and the fix.
The command line turns it, and only it, into ``error: ...`` with exit status 2; any other
exception is a bug and keeps its traceback. It derives from ``ValueError`` so callers
that catch ``ValueError`` keep working.

Like :mod:`accord.io_atomic`, this module belongs to no stage and imports nothing from
accord, so every stage may use it.

Examples
--------
>>> from accord.levers.errors import ScenarioError
>>> issubclass(ScenarioError, AccordInputError) and issubclass(AccordInputError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["AccordInputError"]


class AccordInputError(ValueError):
    """Bad input from a user or a file; the message names field, value, range and fix."""
