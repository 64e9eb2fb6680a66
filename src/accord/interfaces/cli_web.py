"""``accord serve``: the web page and JSON API on a local port (registered on the app).

Binds to loopback (127.0.0.1) unless ``--host`` says otherwise; the page is at
``http://127.0.0.1:8000/`` and the API documentation at ``/docs``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from accord.interfaces.errors import UserInputError

MAX_MEMBERS = 841


def serve(
    host: Annotated[str, typer.Option(help="address to bind (loopback by default)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port", min=1, max=65535)] = 8000,
    max_members: Annotated[int, typer.Option(
        help="most ensemble members a request may run (1..841)", min=1,
        max=MAX_MEMBERS)] = MAX_MEMBERS,
) -> None:
    """Serve the web page and the JSON API (/api/v1, docs at /docs) with uvicorn."""
    import uvicorn

    from accord.interfaces.web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host}: reachable from other machines; the API has "
                   "no authentication", err=True)
    try:
        app = create_app(max_members=max_members)
    except ValueError as exc:
        raise UserInputError(str(exc)) from None
    typer.echo(f"accord: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``accord serve`` to ``app``."""
    app.command("serve")(serve)
