"""Read scenario files defensively: size and nesting caps, duplicate keys, absurd numbers.

A scenario file is parsed only after two cheap checks on its text:

* its size is at most :data:`MAX_FILE_BYTES` (a scenario with every lever of
  every region set is about 10 KiB);
* its nesting depth is at most :data:`MAX_DEPTH` (a scenario needs 4:
  ``regions."China".power.lever``). For JSON the depth is the bracket nesting;
  for TOML it is the bracket nesting plus the dots of a line's keys, counted
  outside strings. This keeps the parsers away from deep recursion (Python's
  ``RecursionError``) and from the quadratic memory of a long dotted key.

JSON objects with a repeated key are refused (the standard parser keeps the
last one silently); TOML refuses them itself. After parsing, every number is
checked once, whatever the field (:func:`check_numbers`): ``inf``/``nan`` and
integers of more than :data:`MAX_INT_DIGITS` digits are errors naming the
field, before the schema sees them.

Examples
--------
>>> parse_json('{"name": "a", "name": "b"}', "x.json")
Traceback (most recent call last):
...
accord.levers.errors.ScenarioError: x.json: key "name" appears twice in one object; \
fix: keep one of them
>>> check_numbers({"regions": {"China": {"power": {"ccs_share_frac": float("nan")}}}}, "x.toml")
Traceback (most recent call last):
...
accord.levers.errors.ScenarioError: x.toml: regions."China".power.ccs_share_frac = nan: \
not a finite number; allowed: a finite number in the lever's range (see `accord levers`); \
fix: write an ordinary number in that range
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from accord.levers.errors import ScenarioError, path_text, printable

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_INT_DIGITS", "check_numbers", "nesting_depth",
           "parse_json", "parse_toml", "read_capped"]

#: largest scenario file read (bytes); a full scenario is about 10 KiB
MAX_FILE_BYTES = 256 * 1024
#: deepest nesting accepted (a scenario needs 4)
MAX_DEPTH = 32
#: longest integer accepted, in digits (every lever is below 10**5)
MAX_INT_DIGITS = 15


class _BigInt(int):
    """An integer too long to be any lever's value (kept by its digit count only)."""

    digits: int = 0

    def __repr__(self) -> str:
        return f"an integer of {self.digits} digits"


def _big_int(text: str) -> int:
    digits = len(text.lstrip("+-"))
    if digits <= MAX_INT_DIGITS:
        return int(text)
    big = _BigInt(0)
    big.digits = digits
    return big


def read_capped(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of ``path``, refused past ``max_bytes`` before it is read whole."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ScenarioError(f"{path.name}: cannot be read ({exc.strerror}); fix: check the "
                            "path and its permissions") from None
    if size > max_bytes:
        raise ScenarioError(f"{path.name}: {size} bytes; allowed: at most {max_bytes} bytes "
                            "(a full scenario is about 10 KiB); fix: give a scenario file, "
                            "not a data file") from None
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ScenarioError(f"{path.name}: cannot be read ({exc.strerror}); fix: check the "
                            "path and its permissions") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ScenarioError(f"{path.name}: byte {exc.start + 1} (line {line}) is not UTF-8 "
                            "text; fix: save the file as UTF-8 text") from None


_STRING_OPENERS = ('"""', "'''", '"', "'")


def nesting_depth(text: str, toml: bool) -> tuple[int, int]:
    """The deepest nesting of ``text`` and the line it is on (1-based).

    Counted outside strings (and comments, for TOML): brackets ``[`` ``{``
    open a level; for TOML every dot of a line also adds one (a dotted key).
    """
    depth = best = 0
    best_line = line = 1
    dots = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            dots = 0
        elif c in "\"'" and (toml or c == '"'):
            quote = next(q for q in _STRING_OPENERS if text.startswith(q, i))
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\" and quote[0] == '"':
                    j += 1
                elif text[j] == "\n":
                    line += 1
                j += 1
            i = j + len(quote)
            continue
        elif c == "#" and toml:
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c == "." and toml:
            dots += 1
        if depth + dots > best:
            best, best_line = depth + dots, line
        i += 1
    return best, best_line


def _check_depth(text: str, origin: str, toml: bool) -> None:
    depth, line = nesting_depth(text, toml)
    if depth > MAX_DEPTH:
        raise ScenarioError(f"{origin} line {line}: nested {depth} levels deep; allowed: at "
                            f"most {MAX_DEPTH} (a scenario needs 4: regions.\"China\".power."
                            "lever); fix: write the levers as in `accord levers`")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ScenarioError(f'key "{printable(key)}" appears twice in one object; fix: '
                                "keep one of them")
        out[key] = value
    return out


def parse_json(text: str, origin: str) -> Any:
    """Parse JSON text: depth capped, repeated keys refused, long integers kept aside."""
    _check_depth(text, origin, toml=False)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_big_int)
    except ScenarioError as exc:
        raise ScenarioError(f"{origin}: {exc}") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ScenarioError(f"{origin}: not valid JSON ({exc}); fix: correct the syntax at "
                            "that position") from None


_LONG_INT = re.compile(r"^\s*([^=\n#]+?)\s*=\s*[+-]?[0-9_]{" + str(MAX_INT_DIGITS + 1) + ",}",
                       re.MULTILINE)


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """Parse TOML text with its depth capped first (:data:`MAX_DEPTH`)."""
    _check_depth(text, origin, toml=True)
    long = _LONG_INT.search(text)
    if long is not None:
        line = text.count("\n", 0, long.start()) + 1
        digits = sum(ch.isdigit() for ch in long.group(0).split("=", 1)[1])
        raise ScenarioError(
            f"{origin} line {line}: {printable(long.group(1))} = an integer of {digits} "
            f"digits; allowed: a number in the lever's range (see `accord levers`); fix: "
            "write an ordinary number")
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        at = re.search(r"at line (\d+)", str(exc))
        lines = text.splitlines()
        shown = ""
        if at is not None and 0 < int(at.group(1)) <= len(lines):
            shown = f": {printable(lines[int(at.group(1)) - 1].strip()[:80])!r}"
        raise ScenarioError(
            f"{origin}: not valid TOML ({printable(str(exc))}){shown}; fix: check the quoting "
            'and brackets on that line, e.g. [regions."China".power] and key = value; a key '
            "may be set only once") from None


def check_numbers(data: Any, origin: str, loc: tuple[str | int, ...] = ()) -> None:
    """Refuse ``inf``, ``nan`` and over-long integers anywhere in ``data``, naming the field."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            check_numbers(value, origin, (*loc, str(key)))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            check_numbers(value, origin, (*loc, i))
    elif isinstance(data, float) and not math.isfinite(data):
        raise ScenarioError(
            f"{origin}: {path_text(loc)} = {data!r}: not a finite number; allowed: a finite "
            "number in the lever's range (see `accord levers`); fix: write an ordinary number "
            "in that range")
    elif isinstance(data, int) and not isinstance(data, bool) and (
            isinstance(data, _BigInt) or abs(data) >= 10 ** MAX_INT_DIGITS):
        digits = data.digits if isinstance(data, _BigInt) else int(
            data.bit_length() * math.log10(2)) + 1
        raise ScenarioError(
            f"{origin}: {path_text(loc)} = an integer of {digits} digits; allowed: a number "
            "in the lever's range (see `accord levers`); fix: write an ordinary number")
