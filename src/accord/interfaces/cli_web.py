"""``accord serve``: the web page and JSON API on a local port (registered on the app).

Binds to loopback (127.0.0.1) unless ``--host`` says otherwise; the page is at
``http://127.0.0.1:8000/`` and the API documentation at ``/docs``.
"""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from accord.interfaces.errors import UserInputError, user_errors

MAX_MEMBERS = 841
#: how many ports above a busy one are tried for the suggestion
SUGGEST_TRIES = 20


def port_is_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound now (with ``SO_REUSEADDR``, as uvicorn binds).

    Raises
    ------
    UserInputError
        ``host`` cannot be resolved or bound for another reason than a busy port.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UserInputError(f"--host {host}: cannot be resolved ({exc.strerror}); use an "
                             "address such as 127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise UserInputError(f"--host {host} --port {port}: cannot listen there "
                                 f"({exc.strerror}); use 127.0.0.1 and a port above 1023"
                                 ) from None
    return True


def check_port(host: str, port: int) -> None:
    """Refuse a busy port before anything is printed, suggesting a free one."""
    if port_is_free(host, port):
        return
    free = next((p for p in range(port + 1, min(port + SUGGEST_TRIES, 65535) + 1)
                 if port_is_free(host, p)), None)
    hint = f"try --port {free}" if free is not None else "choose another --port"
    raise UserInputError(f"port {port} is in use; {hint}")


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
    with user_errors():
        check_port(host, port)
        app = create_app(max_members=max_members)
    typer.echo(f"accord: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``accord serve`` to ``app``."""
    app.command("serve")(serve)
