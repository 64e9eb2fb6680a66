"""Rich tables of the commands that never cut a name short.

At a terminal the table gets the terminal's width; names (scenario column headings, row
labels, parts) wrap or fold but are never replaced by ``…``, and a name column is as
wide as its name when that fits. When the output is piped or redirected there is no
width to respect, so the table takes the width it needs.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["console", "name_column", "new_table", "share_of"]

#: width of piped output: wide enough that no table is squeezed
PIPED_WIDTH = 1000
#: a name column is kept at least this wide (or its name's length, if shorter)
NAME_MIN_WIDTH = 24


def console() -> Console:
    """A console on stdout: the terminal's width, or :data:`PIPED_WIDTH` when piped."""
    out = Console()
    return out if out.is_terminal else Console(width=PIPED_WIDTH)


def new_table(title: str, first: str = "") -> Table:
    """A table whose first (label) column wraps instead of truncating."""
    table = Table(title=title)
    table.add_column(first, overflow="fold")
    return table


def name_column(table: Table, name: str, share: int = NAME_MIN_WIDTH, **options: Any) -> None:
    """Add a column headed by ``name`` that folds, never truncates, and keeps the name on
    one line when it fits in ``share`` characters (see :func:`share_of`)."""
    table.add_column(name, overflow="fold", min_width=min(len(name), share), **options)


def share_of(width: int, columns: int, label: int = 16) -> int:
    """Characters each of ``columns`` name columns may claim at ``width``, after a label
    column of ``label`` characters and the borders (3 per column)."""
    return max(4, min(NAME_MIN_WIDTH, (width - label - 4) // max(columns, 1) - 3))
