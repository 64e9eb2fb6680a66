"""Turn validation failures into messages naming field, value, allowed range and fix.

Examples
--------
>>> from pydantic import ValidationError
>>> from accord.levers.schema import Scenario
>>> try:
...     Scenario.model_validate({"name": "x", "regions": {"China": {"power": {
...         "solar_additions_gw_per_yr": {"2030": 400, "2035": 5000}}}}})
... except ValidationError as exc:
...     print(explain(exc))  # doctest: +ELLIPSIS
regions."China".power.solar_additions_gw_per_yr: 2035 = 5000: allowed range 0 to 2000 GW/yr ...
"""

from __future__ import annotations

import datetime
import difflib
import math
import unicodedata
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from accord.errors import AccordInputError
from accord.levers.schema import (
    GROUPS,
    REGIONS,
    SCENARIO_GROUPS,
    RegionLevers,
    Scenario,
    SourceDoc,
)

__all__ = ["ScenarioError", "explain", "path_text", "printable"]


class ScenarioError(AccordInputError):
    """A scenario that cannot be used: the message names field, value, range and fix."""


def printable(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped (``\\x1b``, ``\\ud800``).

    Names and values echoed in messages go through here, so a terminal escape
    sequence in a file is shown, not obeyed, and every message stays one line.

    >>> printable("a\\x1b[31mb\\nc")
    'a\\\\x1b[31mb\\\\nc'
    """
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in ("Cc", "Cs", "Cf") and ch != " ":
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                       if ord(ch) < 0xD800 or ord(ch) > 0xDFFF else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def path_text(loc: tuple[int | str, ...]) -> str:
    """A field location as the TOML reader writes it: ``regions."China".power.lever``."""
    parts = []
    for i, item in enumerate(loc):
        if item == "[key]":
            continue
        text = printable(str(item))
        if i >= 1 and loc[0] == "regions" and i == 1:
            text = f'"{text}"'
        parts.append(text)
    return ".".join(parts)


_path = path_text


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc`` (None if unknown)."""
    if len(loc) <= 1:
        return Scenario
    if loc[0] == "sources" and len(loc) == 3:
        return SourceDoc
    if str(loc[0]) in SCENARIO_GROUPS and len(loc) == 2:
        return SCENARIO_GROUPS[str(loc[0])]
    if loc[0] != "regions":
        return None
    if len(loc) == 2:
        return None
    if len(loc) == 3:
        return RegionLevers
    if len(loc) == 4 and str(loc[2]) in GROUPS:
        return GROUPS[str(loc[2])]
    return None


def lever_range(info: FieldInfo) -> tuple[Any, Any]:
    """The (low, high) bounds of a lever field (None where unbounded).

    A trajectory lever's bounds hold for every milestone value.
    """
    extra = info.json_schema_extra
    if isinstance(extra, dict) and extra.get("milestones"):
        return extra["minimum"], extra["maximum"]
    lo = hi = None
    for meta in info.metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def _unit_of(info: FieldInfo) -> str:
    extra = info.json_schema_extra
    return str(extra.get("unit", "")) if isinstance(extra, dict) else ""


def _fmt(value: Any) -> str:
    if isinstance(value, str):
        return f'"{printable(value)}"'
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if not isinstance(value, bool) else str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 15:
        return f"an integer of {int(value.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # a bare TOML date or time
    if isinstance(value, dict):
        return "{...}"
    if value is None:
        return "null"
    return printable(repr(value))


def _one(err: dict[str, Any]) -> str:
    loc = tuple(err["loc"])
    if loc and loc[0] == "regions" and len(loc) > 4 and loc[-1] != "[key]":
        loc = loc[:4]  # drop union-member tags such as 'int' or "literal['peak']"
    kind = err["type"]
    field = _path(loc)
    value = err.get("input")
    owner = _model_at(loc)
    name = str(loc[-1]) if loc else ""
    if loc and loc[-1] == "[key]" and loc[0] == "regions":
        near = difflib.get_close_matches(str(loc[1]), REGIONS, n=1)
        hint = f'did you mean "{near[0]}"?' if near else "use one of the names listed"
        return (f'regions."{loc[1]}": unknown region; allowed: '
                f"{', '.join(REGIONS)}; fix: {hint}")
    if kind == "extra_forbidden":
        names = list(owner.model_fields) if owner is not None else []
        near = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {near[0]}?" if near else "remove it or use an allowed name"
        home = [g for g, model in GROUPS.items() if name in model.model_fields]
        if owner is RegionLevers and home:
            hint = f"put it in the table [{field.rsplit('.', 1)[0]}.{home[0]}]"
        own = [g for g, model in SCENARIO_GROUPS.items() if name in model.model_fields]
        if own:  # a lever of the scenario as a whole, written in a region's table
            hint = f"it belongs to no region: put it in the table [{own[0]}]"
        what = "lever group" if owner is RegionLevers else "key"
        return (f"{field}: unknown {what} {name!r}; allowed: {', '.join(names)}; fix: {hint}")
    if kind == "value_error":
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        return f"{field}: {msg}"
    info = owner.model_fields.get(name) if owner is not None else None
    if kind == "missing":
        allowed_text = info.description if info is not None and info.description else "required"
        return f"{field}: missing; allowed: {allowed_text}; fix: add {name} = ..."
    if info is None:
        return f"{field} = {_fmt(value)}: {err.get('msg')}; fix: correct this value"
    unit = _unit_of(info)
    desc = info.description or ""
    lo, hi = lever_range(info)
    if lo is not None or hi is not None:
        allowed = f"allowed range {_fmt(lo)} to {_fmt(hi)} {unit}".rstrip()
        is_int = "int" in str(info.annotation) and "float" not in str(info.annotation)
        kind_word = "a whole number" if is_int else "a number"
        fix = f"set {kind_word} between {_fmt(lo)} and {_fmt(hi)}"
        if kind in ("int_type", "float_type", "int_from_float", "float_parsing", "int_parsing"):
            fix = f"write {kind_word} without quotes, between {_fmt(lo)} and {_fmt(hi)}"
            if is_int and isinstance(value, float) and math.isfinite(value):
                fix = (f"write a whole number (e.g. {round(value)}) "
                       f"between {_fmt(lo)} and {_fmt(hi)}")
                return f"{field} = {_fmt(value)}: {allowed} ({desc}); fix: {fix}"
        elif kind.startswith(("greater", "less")):
            fix = f"set a value between {_fmt(lo)} and {_fmt(hi)}"
        if name.endswith("_year") and kind.startswith("greater"):
            fix += f" (levers act from {lo}; the base year is {lo - 1})"
        return f"{field} = {_fmt(value)}: {allowed} ({desc}); fix: {fix}"
    if kind == "model_type":
        what = "a list of tables" if name == "sources" else "a table of lever = value pairs"
        return (f"{field} = {_fmt(value)}: allowed: {what}; fix: write "
                f"[{field}] with its levers below it, or leave it out")
    if kind == "string_type" and isinstance(value, datetime.date | datetime.time):
        return (f'{field} = {_fmt(value)}: allowed: {desc or "text"}; fix: put it in quotes, '
                f'{name} = "{_fmt(value)}"')
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{field} = {_fmt(value)}: allowed: {expected}; fix: use one of these"
    if not desc:
        return f"{field} = {_fmt(value)}: {err.get('msg')}; fix: correct this value"
    return f"{field} = {_fmt(value)}: allowed: {desc}; fix: write it in that form"


def explain(exc: ValidationError) -> str:
    """Every problem, each as field, value, allowed range, fix, on one line (joined by
    ``; and ``)."""
    lines: list[str] = []
    seen: set[str] = set()
    for err in exc.errors():
        line = _one(dict(err))
        key = line.split(" = ")[0].split(": ")[0]
        if key not in seen:
            seen.add(key)
            lines.append(line)
    return "; and ".join(lines)
