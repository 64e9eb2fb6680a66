"""Commands of the climate engine (``accord climate``): registered on the app."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the climate-engine commands to ``app``."""
