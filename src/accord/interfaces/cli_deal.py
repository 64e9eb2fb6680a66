"""Commands of the deal model (levers, presets, emissions): registered on the app."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the deal-model commands to ``app``."""
