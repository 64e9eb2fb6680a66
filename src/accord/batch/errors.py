"""The error of bad batch input (options, lever paths, targets, source files)."""

from __future__ import annotations

from accord.errors import AccordInputError

__all__ = ["BatchInputError"]


class BatchInputError(AccordInputError):
    """Bad input to a batch, sweep or solve: the message names the option, value, range and fix.

    The command line reports it as ``error: ...`` with exit status 2.
    """
