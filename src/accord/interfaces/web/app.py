"""The web app: JSON API under ``/api/v1`` and the page at ``/`` (FastAPI).

Routes are thin: they check the request (pydantic, :mod:`.schemas`), call
:func:`accord.pipeline.simulate` and shape its result (:mod:`.service`).
The page's files are package data (``static/``); plotly.js is served from
the installed plotly package and Swagger UI (``/docs``) from the fastapi-offline
package, so nothing comes from a CDN and both work offline.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app(max_members=5))
>>> client.get("/api/v1/health").json()["max_members"]
5
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord import __version__
from accord.errors import AccordInputError
from accord.interfaces.web import service
from accord.interfaces.web.errors import BodyLimit, install_handlers
from accord.interfaces.web.schemas import (
    MAX_MEMBERS,
    AssessRequest,
    AssessResponse,
    CompareRequest,
    CompareResponse,
    ErrorResponse,
    HealthResponse,
    LeversResponse,
    Message,
    PresetsResponse,
)
from accord.interfaces.web.spec import add_cross_field_rules
from accord.pipeline import simulate

__all__ = ["MAX_BODY_BYTES", "create_app"]

#: largest request body accepted (a full scenario with every lever set is ~10 KiB)
MAX_BODY_BYTES = 64 * 1024
#: environment variable capping the members a request may run (tests, small machines)
MEMBERS_ENV = "ACCORD_WEB_MAX_MEMBERS"

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Message, "description": "the body is not text FastAPI can parse (e.g. not "
                                           "UTF-8)"},
    408: {"model": Message, "description": "the request body stalled (nothing arrived for "
                                           "15 s)"},
    413: {"model": Message, "description": "request body too large"},
    422: {"model": ErrorResponse, "description": "invalid request: field, value, allowed range"},
}


def _static_dir() -> Path:
    return Path(str(resources.files("accord.interfaces.web").joinpath("static")))


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _json(model: type[BaseModel], content: dict[str, Any]) -> Response:
    """``content`` checked against ``model`` and written by pydantic (FastAPI's generic
    encoder would walk the ~50 KB of numbers again)."""
    return Response(model.model_validate(content).model_dump_json(),
                    media_type="application/json")


def _cap(requested: int | None, cap: int) -> int:
    return cap if requested is None else min(requested, cap)


def _members_from_environment() -> int:
    """``$ACCORD_WEB_MAX_MEMBERS`` as a whole number (all 841 members when unset)."""
    text = os.environ.get(MEMBERS_ENV, str(MAX_MEMBERS))
    try:
        return int(text)
    except ValueError:
        raise AccordInputError(f"{MEMBERS_ENV} = {text!r}: not a whole number; allowed 1 to "
                               f"{MAX_MEMBERS}; fix: set it to e.g. 200 or unset it") from None


def _warm_up(members: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # the 2023 climate state, the compiled kernel and the baseline run, once
        await run_in_threadpool(simulate, "current-policies", members=members,
                                attribution=False)
        yield

    return lifespan


def create_app(max_members: int | None = None, max_body_bytes: int = MAX_BODY_BYTES,
               warm_up: bool = True) -> FastAPI:
    """The FastAPI app.

    Parameters
    ----------
    max_members : int, optional
        Most ensemble members a request may run (default: ``$ACCORD_WEB_MAX_MEMBERS``
        or all 841); larger requests run this many and say so in ``members``.
    max_body_bytes : int
        Largest request body; bigger ones get 413.
    warm_up : bool
        On start-up (lifespan), cache the historical climate state and run the
        current-policies baseline, so the first slider move is as fast as the rest.
    """
    cap = max_members if max_members is not None else _members_from_environment()
    if not 1 <= cap <= MAX_MEMBERS:
        raise AccordInputError(f"max_members = {cap}: allowed range 1 to {MAX_MEMBERS}; fix: "
                               "choose a number in that range")
    # Swagger UI's script, stylesheet and icon come from the fastapi-offline package
    # (under /static-offline-docs), not from a CDN: /docs works without a network
    app = FastAPIOffline(title="accord", version=__version__, docs_url="/docs", redoc_url=None,
                         lifespan=_warm_up(cap) if warm_up else None,
                         description="What does a climate deal do to the world's temperature? "
                                     "Levers -> emissions -> calibrated FaIR-class ensemble -> "
                                     "verdict.")
    original_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_cross_field_rules(original_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    install_handlers(app)
    api = "/api/v1"

    @app.get(f"{api}/health", response_model=HealthResponse, tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness, version and the members cap."""
        return {"status": "ok", "version": __version__, "max_members": cap}

    @app.get(f"{api}/presets", response_model=PresetsResponse, tags=["levers"])
    def presets() -> dict[str, Any]:
        """The shipped presets, their source documents and resolved levers."""
        return service.presets_payload()

    @app.get(f"{api}/levers", response_model=LeversResponse, tags=["levers"])
    def levers() -> dict[str, Any]:
        """Every lever: unit, allowed range, current-policies default and source per region."""
        return service.levers_payload()

    @app.post(f"{api}/assess", response_model=AssessResponse, responses=_ERRORS,
              tags=["climate"])
    def assess(request: AssessRequest) -> Response:
        """One scenario against a baseline preset: verdict, series, emissions, attribution."""
        result = simulate(request.scenario, baseline=request.baseline,
                          members=_cap(request.members, cap),
                          attribution=list(dict.fromkeys(request.attribution)))
        years, (scen, base) = service.fan(result, request.series_from_year)
        return _json(AssessResponse, {
            "scenario": result.scenario, "baseline": result.baseline,
            "members": result.verdict.members,
            "verdict": service.verdict_dict(result.verdict.to_dict()),
            "baseline_verdict": service.verdict_dict(result.baseline_verdict.to_dict()),
            "avoided": service.verdict_dict(result.avoided.to_dict()),
            "temperature": {"years": years, "scenario": scen, "baseline": base},
            "emissions": service.emissions_payload(result),
            "attribution": {k: service.verdict_dict(v.to_dict())
                            for k, v in result.attribution.items()},
            "unmet_targets": [u.to_dict() for u in result.unmet_targets],
        })

    @app.post(f"{api}/compare", response_model=CompareResponse, responses=_ERRORS,
              tags=["climate"])
    def compare(request: CompareRequest) -> Response:
        """Two to four scenarios against one baseline preset: verdicts and series."""
        members = _cap(request.members, cap)
        results = [simulate(s, baseline=request.baseline, members=members, attribution=False)
                   for s in request.scenarios]
        fans = [service.fan(r, request.series_from_year) for r in results]
        years, (_, base) = fans[0]
        return _json(CompareResponse, {
            "baseline": results[0].baseline, "members": results[0].verdict.members,
            "years": years,
            "baseline_verdict": service.verdict_dict(results[0].baseline_verdict.to_dict()),
            "baseline_series": base,
            "results": [{"verdict": service.verdict_dict(r.verdict.to_dict()),
                         "avoided": service.verdict_dict(r.avoided.to_dict()),
                         "series": f[1][0]}
                        for r, f in zip(results, fans, strict=True)],
        })

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js(), media_type="text/javascript")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(_static_dir() / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    return app
