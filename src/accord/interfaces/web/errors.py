"""Errors of the JSON API: 422 naming field, value and allowed range; 413 for big bodies.

FastAPI's own validation errors and the library's :class:`ScenarioError` /
``ValueError`` both become a 422 :class:`~accord.interfaces.web.schemas.ErrorResponse`;
a body over the size limit becomes a 413 before it is parsed.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import typing
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic.fields import FieldInfo

from accord.interfaces.web.schemas import (
    AssessRequest,
    CompareRequest,
    ErrorItem,
    ErrorResponse,
    ScenarioIn,
    literal_choices,
)
from accord.levers.errors import ScenarioError, lever_range, printable
from accord.levers.loading import preset_names
from accord.levers.reading import check_numbers, parse_json
from accord.levers.schema import (
    GROUPS,
    REGIONS,
    SCENARIO_GROUPS,
    RegionLevers,
    SourceDoc,
    is_trajectory,
)

__all__ = ["BodyLimit", "install_handlers"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: longest wait for the next piece of an incomplete request body (seconds)
BODY_TIMEOUT_S = 15.0

_TOP_MODELS = (AssessRequest, CompareRequest, ScenarioIn, SourceDoc)


def _own_group(parts: Sequence[str]) -> int | None:
    """Index in ``parts`` of the scenario's own lever group (``international``), if any."""
    for i, part in enumerate(parts[1:], start=1):
        if part in SCENARIO_GROUPS and (parts[i - 1] == "scenario" or parts[i - 1].isdigit()):
            return i
    return None


def _field_path(loc: Sequence[int | str]) -> str:
    """Dotted field path of a request error (``body`` and union tags dropped)."""
    parts = [p for p in loc if p != "body"]
    own = _own_group([str(p) for p in parts])
    if own is not None:
        return ".".join(str(p) for p in parts[:own + 2])
    if "regions" in parts:
        i = parts.index("regions")
        keep = parts[:i + 4] if "[key]" not in parts else parts[:i + 2]
        return ".".join(f'"{p}"' if j == i + 1 else str(p) for j, p in enumerate(keep))
    return ".".join(str(p) for p in parts) or "body"


def _field_info(loc: Sequence[int | str]) -> FieldInfo | None:
    parts = [str(p) for p in loc if p != "body"]
    own = _own_group(parts)
    if own is not None and len(parts) >= own + 2:
        return SCENARIO_GROUPS[parts[own]].model_fields.get(parts[own + 1])
    if "regions" in parts:
        i = parts.index("regions")
        if len(parts) >= i + 4 and parts[i + 2] in GROUPS:
            return GROUPS[parts[i + 2]].model_fields.get(parts[i + 3])
        if len(parts) >= i + 3:
            return RegionLevers.model_fields.get(parts[i + 2])
        return None
    for part in reversed(parts):
        for model in _TOP_MODELS:
            if part in model.model_fields:
                return model.model_fields[part]
    return None


def _siblings(loc: Sequence[int | str]) -> list[str]:
    """Names allowed beside the last element of ``loc`` (for an unknown key)."""
    parts = [str(p) for p in loc if p != "body"]
    own = _own_group(parts)
    if own is not None and len(parts) == own + 2:
        return list(SCENARIO_GROUPS[parts[own]].model_fields)
    if "regions" in parts:
        i = parts.index("regions")
        if len(parts) == i + 4 and parts[i + 2] in GROUPS:
            return list(GROUPS[parts[i + 2]].model_fields)
        if len(parts) == i + 3:
            return list(RegionLevers.model_fields)
        return []
    if len(parts) >= 2 and parts[-2] == "scenario":
        return list(ScenarioIn.model_fields)
    if len(parts) == 1:
        return sorted(set(AssessRequest.model_fields) | set(CompareRequest.model_fields))
    return []


def _constraints(info: FieldInfo) -> list[Any]:
    """The field's own constraints and those inside its (optional) annotated type."""
    found = list(info.metadata)
    for arg in (info.annotation, *typing.get_args(info.annotation)):
        for meta in getattr(arg, "__metadata__", ()):
            found.extend(getattr(meta, "metadata", [meta]))
    return found


def _allowed(loc: Sequence[int | str], ctx: dict[str, Any], kind: str = "") -> str | None:
    """The allowed range or choices of the field at ``loc``, when known."""
    if kind == "extra_forbidden":
        names = _siblings(loc)
        return "one of " + ", ".join(names) if names else None
    if "[key]" in [str(p) for p in loc] and "regions" in loc:
        return "one of " + ", ".join(REGIONS)
    if loc and str(loc[-1]) in ("preset", "baseline"):
        return "one of " + ", ".join(preset_names())
    info = _field_info(loc)
    lo = hi = None
    unit = ""
    if info is not None:
        for meta in _constraints(info):
            lo = getattr(meta, "ge", lo)
            hi = getattr(meta, "le", hi)
        if is_trajectory(info):
            lo, hi = lever_range(info)
        extra = info.json_schema_extra
        unit = str(extra.get("unit", "")) if isinstance(extra, dict) else ""
        if isinstance(extra, dict) and "enum" in extra:
            return "one of " + ", ".join(map(str, extra["enum"]))  # type: ignore[arg-type]
    lo = ctx.get("ge", lo) if lo is None else lo
    hi = ctx.get("le", hi) if hi is None else hi
    if lo is not None or hi is not None:
        text = f"{'-inf' if lo is None else lo} to {'inf' if hi is None else hi}"
        return f"{text} {unit}".rstrip() if unit not in ("", "choice") else text
    if info is not None:
        choices = literal_choices(info.annotation)
        if choices:
            return "one of " + ", ".join(map(str, choices))
        if info.description:
            return info.description
    if "expected" in ctx:
        return str(ctx["expected"])
    for key in ("max_length", "min_length", "pattern"):
        if key in ctx:
            return f"{key.replace('_', ' ')} {ctx[key]}"
    return None


def _item(err: dict[str, Any]) -> ErrorItem:
    loc = tuple(err.get("loc", ()))
    field = _field_path(loc)
    kind = str(err.get("type", ""))
    if kind == "json_invalid":
        reason = (err.get("ctx") or {}).get("error")
        text = (f"body: not valid JSON at position {loc[-1]} ({reason})"
                "; fix: send a JSON object such as {\"scenario\": {\"name\": \"my-deal\"}}")
        return ErrorItem(field="body", value=None, allowed="a JSON object", message=text)
    value = None if kind == "missing" else err.get("input")
    ctx = err.get("ctx") or {}
    allowed = _allowed(loc, {k: v for k, v in ctx.items() if not isinstance(v, Exception)}, kind)
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    shown = "" if value is None or isinstance(value, dict | list) else f" = {value!r}"
    text = f"{field}{shown}: {msg}"
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(str(loc[-1]), _siblings(loc), n=1)
        fix = f"did you mean {near[0]}?" if near else "remove it or use an allowed name"
        text = f"{field}: unknown key {str(loc[-1])!r}; allowed: {allowed}; fix: {fix}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        allowed = "an object of name: value pairs"
        text = (f"{field} = {json.dumps(_jsonable(value))}: allowed: {allowed}; fix: send "
                "an object (e.g. {}) or leave it out")
    elif allowed and kind != "value_error":
        text += f"; allowed: {allowed}; fix: give a value in the allowed range"
    elif "fix:" not in text:
        text += "; fix: correct this value"
    return ErrorItem(field=field, value=_jsonable(value), allowed=allowed, message=text)


def _jsonable(value: Any) -> Any:
    """``value`` as JSON can carry it: text with its control characters and lone
    surrogates escaped (a surrogate cannot be encoded as UTF-8 at all)."""
    if isinstance(value, str):
        return printable(value)
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return repr(value)


def _respond(items: list[ErrorItem]) -> JSONResponse:
    body = ErrorResponse(detail=items, message="; and ".join(i.message for i in items))
    return JSONResponse(status_code=422, content=body.model_dump(mode="json"))


def scenario_error_item(exc: ValueError) -> ErrorItem:
    """A library error (message ``field = value: allowed ...; fix: ...``) as an item."""
    text = str(exc)
    head = text.split(": ", 1)[0]
    field = head.split(" = ", 1)[0].strip()
    own = tuple(f"{g}." for g in SCENARIO_GROUPS)
    field = f"scenario.{field}" if field.startswith(("regions.", *own)) else "scenario"
    return ErrorItem(field=field, value=None, allowed=None, message=text)


def install_handlers(app: FastAPI) -> None:
    """Register the 422 handlers on ``app``."""

    async def validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _respond([_item(dict(e)) for e in exc.errors()])

    async def scenario(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ValueError)
        return _respond([scenario_error_item(exc)])

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(ScenarioError, scenario)
    app.add_exception_handler(ValueError, scenario)


class BodyLimit:
    """ASGI middleware: the whole request body, bounded in size and time, checked as JSON.

    Before the app sees a request, its body is read in full (it is small):

    * over ``max_bytes`` (declared or as it streams) -> 413;
    * nothing arriving for ``timeout_s`` while the body is incomplete (a stalled
      or trickling upload) -> 408, so a client cannot hold a worker forever;
    * JSON whose object repeats a key, nests deeper than the scenario reader
      allows, or holds an integer of more digits than any field takes, or a
      non-finite number -> 422 naming it (the standard parser would keep the last
      of two keys silently, and fails on long integers with no field named).

    The body is then replayed to the app unchanged.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float = BODY_TIMEOUT_S) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    @staticmethod
    async def _send(send: Send, status: int, content: dict[str, Any]) -> None:
        body = json.dumps(content).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def _too_large(self, send: Send) -> None:
        await self._send(send, 413, {"detail": f"request body too large: at most "
                                               f"{self.max_bytes} bytes"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(send)
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.timeout_s)
            except TimeoutError:
                await self._send(send, 408, {"detail": (
                    f"request body stalled: nothing arrived for {self.timeout_s:g} s; fix: "
                    "send the whole body at once")})
                return
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.max_bytes:
                await self._too_large(send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = _json_problem(body) if b"json" in headers.get(b"content-type", b"") else None
        if problem is not None:
            await self._send(send, 422, ErrorResponse(
                detail=[ErrorItem(field="body", value=None, allowed=None, message=problem)],
                message=problem).model_dump(mode="json"))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # e.g. waiting for a disconnect

        await self.app(scope, replay, send)


def _json_problem(body: bytes) -> str | None:
    """Why a JSON body cannot be trusted as parsed (None: fine, or for FastAPI to refuse)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None  # FastAPI answers 400
    try:
        data = parse_json(text, "body")
        check_numbers(data, "body")
    except ScenarioError as exc:
        return str(exc) if "not valid JSON" not in str(exc) else None
    return None
