"""What a batch runs: scenarios read from a folder, a CSV of lever settings or an IAMC file.

Three sources are understood (:func:`read_source`):

* a **folder** of scenario files (``*.toml`` / ``*.json``, the structure of
  ``accord run`` files), one scenario per file, in name order;
* a **CSV of lever settings**, one row per scenario: a column ``name``, optional
  columns ``preset`` (the preset or scenario each row starts from, default
  current policies) and ``reference_world``, and one column per lever written
  as a lever path (``china.power.solar_additions_gw_per_yr@2030``, see
  :mod:`accord.batch.levers`); an empty cell leaves that lever unset;
* an **IAMC emissions file** (wide or long, columns ``model, scenario, region,
  variable, unit`` ...) of many scenarios, read by
  :func:`accord.climate.load_emissions` and assessed directly, without a
  baseline, as the AR6 scenario database was.

A scenario that cannot be read becomes an item carrying its error: it is
reported as failed and the others go on.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from accord.batch.errors import BatchInputError
from accord.batch.levers import apply_levers, parse_lever
from accord.climate.history import HISTORY_END
from accord.levers import Scenario, ScenarioError, load_scenario, scenario_from_dict
from accord.levers.errors import printable

__all__ = ["BatchItem", "read_source", "scenario_items"]

IAMC_COLUMNS = {"model", "scenario", "region", "variable", "unit"}


@dataclass(frozen=True)
class BatchItem:
    """One unit of work of a batch.

    Attributes
    ----------
    name : str
        Unique within the batch; the key of the results.
    kind : {"scenario", "emissions"}
    scenario : Scenario, optional
        For ``kind == "scenario"``: run through :func:`accord.pipeline.simulate`.
    emissions : ndarray, shape (year, specie), optional
        For ``kind == "emissions"``: world emissions 1750.. (FaIR units).
    first_year : int
        First year of ``emissions``.
    history_end : int
        Last year shared by every scenario of the source (the warm start).
    source : str
        Where the item came from (file name or row number).
    error : str, optional
        Why the item could not be read (it is then reported, not run).
    context : str
        Fingerprint of what the result depends on besides the item (versions,
        presets, baseline; set by :func:`accord.batch.fingerprint.with_context`).
    """

    name: str
    kind: str
    source: str
    scenario: Scenario | None = None
    emissions: np.ndarray | None = field(default=None, repr=False)
    first_year: int = 1750
    history_end: int = HISTORY_END
    error: str | None = None
    context: str = ""

    @property
    def sha(self) -> str:
        """Fingerprint of the input and its context (a rerun skips an item only if it is
        unchanged)."""
        h = hashlib.sha256(f"{self.kind}\0{self.name}\0{self.context}\0".encode(
            "utf-8", "surrogatepass"))
        if self.scenario is not None:
            h.update(self.scenario.model_dump_json().encode())
        if self.emissions is not None:
            h.update(np.ascontiguousarray(self.emissions, dtype=np.float64).tobytes())
            h.update(f"{self.first_year}/{self.history_end}".encode())
        if self.error is not None:
            h.update(self.error.encode())
        return h.hexdigest()[:16]


def scenario_items(scenarios: list[tuple[str, dict[str, Any]]], source: str) -> list[BatchItem]:
    """Items from ``(name, mapping)`` pairs; an invalid mapping becomes a failed item."""
    out = []
    for name, data in scenarios:
        try:
            out.append(BatchItem(name, "scenario", source,
                                 scenario=scenario_from_dict(data, name)))
        except ScenarioError as exc:
            out.append(BatchItem(name, "scenario", source, error=str(exc)))
    return out


def _folder(path: Path) -> list[BatchItem]:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".toml", ".json"))
    if not files:
        raise BatchInputError(f"SCENARIOS = {str(path)!r}: the folder holds no .toml or .json "
                              "scenario files; fix: point to a folder of scenario files")
    items = []
    for f in files:
        try:
            s = load_scenario(f)
            items.append(BatchItem(s.name, "scenario", f.name, scenario=s))
        except ScenarioError as exc:
            items.append(BatchItem(f.stem, "scenario", f.name, error=str(exc)))
    return items


def _cell(value: object) -> object | None:
    """A cell's text, or None for an empty cell (the only way to leave a lever unset)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _number(cell: object, column: str, where: str) -> float:
    """A lever cell as a finite number; ``nan``, ``NA``, ``null``, ``inf`` are refused."""
    text = str(cell).strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or len(text.lstrip("+-").split(".")[0]) > 15:
        raise BatchInputError(
            f"{where}, column {printable(column)} = {printable(text)!r}: not a number; allowed: "
            "a number in the lever's range, or an empty cell to leave the lever unset; fix: "
            "write a number or empty the cell")
    return value


def _lever_csv(path: Path, frame: pd.DataFrame) -> list[BatchItem]:
    meta = {"name", "preset", "reference_world"}
    refs = {c: parse_lever(c) for c in frame.columns if c not in meta}
    items = []
    for i, row in frame.iterrows():
        where = f"{path.name} row {int(str(i)) + 2}"
        name = str(_cell(row["name"]) or f"row-{int(str(i)) + 2}")
        base: dict[str, Any] = {"name": name}
        for key in ("preset", "reference_world"):
            if key in frame.columns and _cell(row[key]) is not None:
                base[key] = str(row[key]).strip()
        try:
            values = {}
            for column, ref in refs.items():
                cell = _cell(row[column])
                if cell is not None:
                    values[ref] = _number(cell, column, where)
            data = apply_levers(base, values, name, option=f"{where}, column")
            items.append(BatchItem(name, "scenario", where,
                                   scenario=scenario_from_dict(data, where)))
        except (BatchInputError, ScenarioError) as exc:
            items.append(BatchItem(name, "scenario", where, error=str(exc)))
    return items


def _iamc(path: Path) -> list[BatchItem]:
    """Items of an IAMC file; a scenario the reader refuses becomes a failed item.

    The file is parsed once and its rows grouped by scenario; each scenario is then
    read on its own (loading is linear in the file's size).
    """
    from accord.climate.emissions_io import (
        EmissionsFileError,
        EmissionsInfilledWarning,
        open_emissions,
    )
    from accord.pipeline.emissions_file import shared_history_end

    try:
        source = open_emissions(path)
    except EmissionsFileError as exc:
        raise BatchInputError(f"SCENARIOS = {path.name}: {exc}") from None
    names = source.scenarios
    loaded: dict[str, np.ndarray] = {}
    errors: dict[str, str] = {}
    first = 1750
    for n in names:
        try:
            da, notes = source.read([n])
        except EmissionsFileError as exc:
            errors[n] = str(exc)
            continue
        for note in notes:  # a native submission was harmonised and infilled: say so
            warnings.warn(f"{path.name}: {note}", EmissionsInfilledWarning, stacklevel=2)
        first = int(da["year"].values[0])
        loaded[n] = da.isel(scenario=0).transpose("year", "specie").values
    if not loaded:
        raise BatchInputError(f"SCENARIOS = {path.name}: no scenario could be read; first "
                              f"error: {next(iter(errors.values()))}")
    lengths = {v.shape[0] for v in loaded.values()}
    if len(lengths) > 1:
        spans = sorted({(first, first + k - 1) for k in lengths})
        raise BatchInputError(f"SCENARIOS = {path.name}: the scenarios cover different years "
                              f"({spans}); fix: give every scenario the same years")
    last = first + lengths.pop() - 1
    if last < 2100:
        raise BatchInputError(f"SCENARIOS = {path.name}: the scenarios end in {last}; the "
                              "assessment needs years to 2100; fix: extend the file to 2100")
    items: dict[str, BatchItem] = {}
    for n, values in loaded.items():
        # warm-started from where it leaves the shipped history, as accord assess does
        end = shared_history_end(values, first)
        items[n] = BatchItem(n, "emissions", path.name, emissions=values, first_year=first,
                             history_end=first if end is None else end)
    items.update({n: BatchItem(n, "emissions", path.name, error=e) for n, e in errors.items()})
    return [items[n] for n in names]


def read_source(path: str | Path) -> list[BatchItem]:
    """Read a folder of scenario files, a CSV of lever settings or an IAMC emissions file.

    Returns
    -------
    list of BatchItem
        In source order; names are unique.

    Raises
    ------
    BatchInputError
        A missing path, an unknown layout, or two scenarios with one name.
    """
    p = Path(path)
    if p.is_dir():
        items = _folder(p)
    elif p.is_file() and p.suffix.lower() == ".csv":
        try:
            head = pd.read_csv(p, nrows=0, skipinitialspace=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise BatchInputError(f"SCENARIOS = {p.name}: cannot be read as CSV ({exc}); fix: "
                                  "save it as comma-separated UTF-8 text") from None
        columns = {str(c).strip().lower() for c in head.columns}
        if IAMC_COLUMNS <= columns:
            items = _iamc(p)
        elif "name" in columns:
            # every cell as text: only an empty cell leaves a lever unset (pandas would
            # read "nan", "NA", "null" ... as missing too)
            items = _lever_csv(p, pd.read_csv(p, skipinitialspace=True, dtype=object,
                                              keep_default_na=False, na_values=[""]))
        else:
            raise BatchInputError(
                f"SCENARIOS = {p.name}: neither an IAMC file (columns model, scenario, region, "
                "variable, unit, ...) nor a CSV of lever settings (a column name and lever "
                "columns such as china.power.solar_additions_gw_per_yr); fix: add those columns")
    else:
        raise BatchInputError(f"SCENARIOS = {str(path)!r}: not a folder of scenario files or a "
                              ".csv file; fix: check the path")
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise BatchInputError(f"SCENARIOS: two scenarios are named {item.name!r}; names key "
                                  "the results; fix: rename one")
        seen.add(item.name)
    return items
