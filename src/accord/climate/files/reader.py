"""Read scenarios of a parsed emissions table into the kernel's annual arrays.

Rows are grouped by scenario once (loading is linear in the file's size); each
scenario is then read on its own, so a caller can take scenarios in chunks and keep
memory bounded (:class:`EmissionsSource`). Per scenario, the World rows are mapped
to the 51 species (:mod:`~accord.climate.files.names`), each row is taken over its
own span with gaps interpolated, converted to FaIR units and checked
(:mod:`~accord.climate.files.checks`). The scenario covers the years every species
covers (blank leading columns are ignored; all species must end in the same year).
A scenario that lacks species is a native submission: with ``infill`` it is
harmonised to the history and completed (:func:`_complete`), else refused.
Years before a complete scenario's first year come from the shipped SSP history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from accord.climate.files.checks import check_bounds, convert, row_span
from accord.climate.files.harmonise import HARMONISATION_YEAR, harmonise
from accord.climate.files.infill import LEAD_SPECIES, closest_ssp
from accord.climate.files.layouts import EmissionsFileError, Table
from accord.climate.files.names import (
    Name,
    accepted_names,
    choose_prefix,
    species_and_units,
    variable_lookup,
)
from accord.data import ssp_emissions

__all__ = ["EmissionsSource", "as_dataarray", "select_scenarios"]

#: Region whose rows are read (compared case-insensitively).
WORLD = "world"


def select_scenarios(available: Sequence[str], scenarios: Iterable[str] | None,
                     source: str) -> list[str]:
    """The scenario names to read, in the requested (or file) order."""
    if scenarios is None:
        return list(available)
    wanted = [str(s) for s in scenarios]
    missing = [s for s in wanted if s not in set(available)]
    if missing:
        listed = ", ".join(available[:20]) + (f" (and {len(available) - 20} more)"
                                               if len(available) > 20 else "")
        raise EmissionsFileError(
            f"{source}: scenario(s) {', '.join(map(repr, missing))} not in the file; "
            f"available: {listed or '(none)'}; fix: check the name (--scenario)"
        )
    return list(dict.fromkeys(wanted))


def as_dataarray(values: np.ndarray, scenarios: Sequence[str], first_year: int,
                 attrs: dict[str, str]) -> xr.DataArray:
    """Label an array of shape (scenario, year, specie) with the kernel's coordinates."""
    species, units = species_and_units()
    years = np.arange(first_year, first_year + values.shape[1], dtype=np.int64)
    return xr.DataArray(
        np.ascontiguousarray(values, dtype=float),
        dims=("scenario", "year", "specie"),
        coords={"scenario": list(scenarios), "year": years, "specie": list(species),
                "unit": ("specie", list(units))},
        name="emissions",
        attrs=attrs,
    )


def _shortest(spans: dict[str, tuple[int, int]]) -> tuple[str | None, int, int]:
    """The first key ending before the others, its last year, and the latest last year.

    ``spans`` maps a key to (first year, number of years).
    """
    ends = {k: first + n - 1 for k, (first, n) in spans.items()}
    last = max(ends.values())
    short = next((k for k, e in ends.items() if e < last), None)
    return short, ends[short] if short is not None else last, last


@dataclass(frozen=True)
class _Part:
    """One scenario read: annual values (year, specie) from ``first_year``."""

    first_year: int
    values: np.ndarray
    note: str | None = None


@dataclass
class EmissionsSource:
    """A parsed table whose scenarios can be read in chunks.

    Attributes
    ----------
    table : Table
    source : str
        Name used in messages.
    variable_prefix : str or None
        Prefix of the variables to read (None: recognise the AR6 database's).
    infill : bool
        Harmonise and infill scenarios that lack species (else refuse them).
    history : str or None
        Shipped SSP supplying the years before a scenario's first year.
    """

    table: Table
    source: str
    variable_prefix: str | None = None
    infill: bool = True
    history: str | None = "ssp245"
    groups: dict[str, np.ndarray] = field(init=False, repr=False)
    #: region, variable and unit of every row as arrays of str (made once: a column's
    #: ``to_numpy()`` per scenario would make loading quadratic in the file's size)
    columns: dict[str, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = [str(s) for s in ssp_emissions().scenarios]
        if self.history is not None and self.history not in names:
            raise EmissionsFileError(
                f"history={self.history!r} is not a shipped SSP; fix: choose one of "
                f"{', '.join(names)}"
            )
        meta = self.table.meta
        self.columns = {k: meta[k].to_numpy(dtype=str) for k in ("region", "variable", "unit")}
        self.groups = {str(k): np.asarray(v) for k, v in
                       meta.groupby("scenario", sort=False).indices.items()}
        if self.table.layout == "iamc":
            models = meta.groupby("scenario", sort=False)["model"].nunique()
            several = models[models > 1]
            if len(several):
                name = str(several.index[0])
                found = sorted(set(meta.loc[self.groups[name], "model"]))
                raise EmissionsFileError(
                    f"{self.source}: scenario {name!r} appears for several models "
                    f"({', '.join(found)}); scenario names key the results; fix: keep one "
                    "model per file or rename the scenarios"
                )

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in file order."""
        return list(self.groups)

    def read(self, names: Sequence[str]) -> tuple[xr.DataArray, list[str]]:
        """Emissions of some scenarios, 1750 (or the history's start) to their last year.

        Returns
        -------
        emissions : DataArray, dims (scenario, year, specie)
        notes : list of str
            One line per harmonised and infilled scenario.
        """
        parts = [self._scenario(n) for n in names]
        short, end, last = _shortest({n: (p.first_year, p.values.shape[0])
                                      for n, p in zip(names, parts, strict=True)})
        if short is not None:
            raise EmissionsFileError(
                f"{self.source}: scenario {short!r} ends in {end}, others in {last}; fix: "
                "give every scenario the same last year"
            )
        joined = [self._with_history(p) for p in parts]
        first = min(p.first_year for p in joined)
        if any(p.first_year != first for p in joined):
            raise EmissionsFileError(f"{self.source}: scenarios start in different years; "
                                     "fix: give every scenario the same years")
        attrs = {"source": self.source, "layout": self.table.layout}
        starts = sorted({p.first_year for p in parts})
        if len(starts) == 1 and starts[0] > first:
            attrs["history"] = f"{self.history} for {first}-{starts[0] - 1}"
        elif starts[-1] > first:
            attrs["history"] = f"{self.history} before each scenario's first year"
        notes = [p.note for p in parts if p.note]
        if notes:
            attrs["infilled"] = "; ".join(notes)
        return as_dataarray(np.stack([p.values for p in joined]), names, first, attrs), notes

    # ------------------------------------------------------------------ one scenario

    def _world_rows(self, scenario: str) -> np.ndarray:
        rows = self.groups[scenario]
        regions = self.columns["region"][rows]
        world = rows[np.char.lower(regions) == WORLD]
        if not world.size:
            found = ", ".join(sorted(set(regions.tolist())))
            raise EmissionsFileError(
                f"{self.source}: scenario {scenario!r} has no rows for region 'World' "
                f"(regions found: {found}); fix: add World totals"
            )
        variables = self.columns["variable"][world]
        lowered = np.char.lower(variables)
        _, first_at, counts = np.unique(lowered, return_index=True, return_counts=True)
        if (counts > 1).any():
            twice = str(variables[first_at[counts > 1][0]])
            raise EmissionsFileError(
                f"{self.source}: scenario {scenario!r}: duplicate rows for variable {twice!r} "
                "(region World); fix: keep exactly one row per variable (the second is not "
                "silently dropped)"
            )
        return world

    def _species_rows(self, scenario: str) -> dict[str, tuple[int, Name]]:
        """Species -> row index, from the scenario's World rows under the chosen prefix."""
        layout = self.table.layout
        world = self._world_rows(scenario)
        variables = [str(v) for v in self.columns["variable"][world]]
        prefix = choose_prefix(variables, self.variable_prefix) if layout == "iamc" else ""
        lookup = variable_lookup(layout)
        rows: dict[str, tuple[int, Name]] = {}
        for index, variable in zip(world, variables, strict=True):
            low = variable.lower()
            if not low.startswith(prefix.lower()):
                continue
            name = lookup.get(low[len(prefix):])
            if name is None:
                continue
            if name.species in rows:
                first = self.columns["variable"][rows[name.species][0]]
                raise EmissionsFileError(
                    f"{self.source}: scenario {scenario!r}: duplicate rows for species "
                    f"{name.species!r} (variables {first!r} and {variable!r}); fix: keep exactly "
                    "one World row per species (and one model per scenario name)"
                )
            rows[name.species] = (int(index), name)
        if not rows and prefix:
            raise EmissionsFileError(
                f"{self.source}: scenario {scenario!r} has no emissions variables under the "
                f"prefix {prefix!r}; fix: check --variable-prefix"
            )
        return rows

    def _scenario(self, scenario: str) -> _Part:
        layout = self.table.layout
        rows = self._species_rows(scenario)
        species, units = species_and_units()
        missing = [s for s in species if s not in rows]
        if missing and (not self.infill or not rows or self.history is None):
            # only infilling being switched off stands between this scenario and a run
            could_infill = bool(rows) and self.history is not None
            why = " (or let accord harmonise and infill them: drop --no-infill)" \
                if could_infill else ""
            raise EmissionsFileError(
                f"{self.source}: scenario {scenario!r} lacks {len(missing)} species: "
                f"{', '.join(missing)}; fix: add a World row for each"
                f"{why} ({accepted_names(layout, missing[:3])})"
            )
        series: dict[str, tuple[int, np.ndarray]] = {}
        places: dict[str, str] = {}
        for specie, (index, name) in rows.items():
            variable = str(self.columns["variable"][index])
            where = f"{self.source}: scenario {scenario!r}, variable {variable!r}"
            places[specie] = where
            first, values = row_span(self.table, index, where)
            target = units[species.index(specie)]
            values = convert(values, str(self.columns["unit"][index]), name, target, where)
            check_bounds(values, specie, first, where)
            series[specie] = (first, values)
        start = max(f for f, _ in series.values())
        short, short_end, end = _shortest({s: (f, v.size) for s, (f, v) in series.items()})
        if short is not None:
            raise EmissionsFileError(
                f"{places[short]}: the value of year {short_end + 1} is missing (blank or NaN; "
                f"other species reach {end}); fill it in, or drop the year column for every row"
            )
        if not missing:
            values = np.stack([series[s][1][start - series[s][0]:] for s in species], axis=1)
            return _Part(start, values)
        return self._complete(scenario, series, missing, start, end)

    def _complete(self, scenario: str, series: dict[str, tuple[int, np.ndarray]],
                  missing: list[str], start: int, end: int) -> _Part:
        """Harmonise a native scenario's species to the history and infill the rest."""
        assert self.history is not None
        ssp = ssp_emissions()
        species, _ = species_and_units()
        y0, yh = int(ssp.years[0]), HARMONISATION_YEAR
        if not start <= yh < end or end > int(ssp.years[-1]):
            raise EmissionsFileError(
                f"{self.source}: scenario {scenario!r} lacks {len(missing)} species "
                f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}) and so is "
                f"harmonised in {yh} and infilled from the SSPs (to {int(ssp.years[-1])}): it "
                f"must cover {yh}..{yh + 1} and end by {int(ssp.years[-1])} (it covers "
                f"{start}..{end}); fix: give those years, or all 51 species"
            )
        if LEAD_SPECIES not in series:
            raise EmissionsFileError(
                f"{self.source}: scenario {scenario!r} lacks {len(missing)} species, "
                f"including the lead gas {LEAD_SPECIES} that picks the infilling pathway; "
                "fix: add 'Emissions|CO2|Energy and Industrial Processes'"
            )
        history = ssp.scenario(self.history)[: yh - y0 + 1]
        years = np.arange(yh, end + 1)
        out = np.empty((end - y0 + 1, len(species)))
        out[: yh - y0 + 1] = history
        methods = []
        for specie, (first, values) in series.items():
            j = species.index(specie)
            out[yh - y0:, j], method = harmonise(history[:, j], values[yh - first:], years)
            methods.append(f"{specie} {method}")
        j_lead = species.index(LEAD_SPECIES)
        source_ssp, rms = closest_ssp(out[yh - y0 + 1:, j_lead], yh + 1)
        pathway = ssp.scenario(source_ssp)
        for specie in missing:
            j = species.index(specie)
            out[yh - y0:, j], _ = harmonise(history[:, j], pathway[yh - y0:end - y0 + 1, j],
                                            years)
        out[: yh - y0 + 1] = history
        note = (f"scenario {scenario!r}: {len(series)} of {len(species)} species given; "
                f"harmonised to the {yh} history ({', '.join(methods)}); infilled "
                f"{len(missing)} species from {source_ssp} (closest in {LEAD_SPECIES}, RMS "
                f"{rms:.2f} Gt CO2/yr): {', '.join(missing)}")
        return _Part(y0, out, note)

    def _with_history(self, part: _Part) -> _Part:
        """Prepend the SSP history to a scenario starting after 1750."""
        ssp = ssp_emissions()
        start = int(ssp.years[0])
        if part.first_year <= start:
            return part
        if self.history is None:
            raise EmissionsFileError(
                f"{self.source}: the file starts in {part.first_year}, but the run needs every "
                f"year from {start}; add the earlier years or pass history='ssp245' to take "
                "them from the harmonised SSP history"
            )
        if part.first_year > int(ssp.years[-1]) + 1:
            raise EmissionsFileError(
                f"{self.source}: the file starts in {part.first_year}, after the shipped SSPs "
                f"end ({int(ssp.years[-1])}); add the years from {int(ssp.years[-1]) + 1}"
            )
        past = ssp.scenario(self.history)[: part.first_year - start]
        return _Part(start, np.concatenate([past, part.values]), part.note)

