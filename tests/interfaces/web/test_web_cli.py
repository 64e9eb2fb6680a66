"""``accord serve``: loopback by default, its options reach uvicorn and the app."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.interfaces import cli_web
from accord.interfaces.cli import app

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Capture what ``accord serve`` hands to uvicorn instead of serving."""
    seen: dict[str, Any] = {}

    def fake_run(asgi: Any, **kwargs: Any) -> None:
        seen.update(kwargs, app=asgi)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(cli_web, "port_is_free", lambda host, port: True)  # 8000 may be taken
    return seen


def test_serve_binds_loopback_by_default(served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    assert "http://127.0.0.1:8000/" in result.output


def test_serve_options_reach_the_app(served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve", "--port", "8123", "--max-members", "30"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 8123
    health = TestClient(served["app"]).get("/api/v1/health").json()
    assert health["max_members"] == 30


@pytest.mark.parametrize("args", [["--max-members", "0"], ["--max-members", "842"],
                                  ["--port", "0"]])
def test_serve_rejects_out_of_range_options(served: dict[str, Any], args: list[str]) -> None:
    result = runner.invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert not served


def test_a_busy_port_is_named_with_a_free_one_to_try() -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "accord.interfaces.cli", "serve",
                               "--port", str(port)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Errno" not in proc.stderr
    assert proc.stdout == ""  # no banner for a server that cannot start
    first, _, rest = proc.stderr.strip().partition(f"port {port} is in use; try --port ")
    assert first == "error: " and rest.isdigit()
    suggested = int(rest)
    assert port < suggested <= port + cli_web.SUGGEST_TRIES
    assert cli_web.port_is_free("127.0.0.1", suggested)



@pytest.mark.parametrize(("value", "needle"), [("lots", "not a whole number"),
                                               ("900", "allowed range 1 to 841")])
def test_a_bad_member_cap_in_the_environment_is_an_input_error(
        monkeypatch: pytest.MonkeyPatch, value: str, needle: str) -> None:
    from accord.errors import AccordInputError
    from accord.interfaces.web.app import create_app

    monkeypatch.setenv("ACCORD_WEB_MAX_MEMBERS", value)
    with pytest.raises(AccordInputError, match=needle):
        create_app(warm_up=False)
