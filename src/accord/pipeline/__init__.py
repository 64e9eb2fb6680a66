"""The one orchestration: a deal -> emissions -> warm-started ensemble -> verdict.

:func:`simulate` is what the command line, the web API and the batch mode all
call. It resolves the scenario and its baseline, composes their world
emissions, runs the calibrated ensemble from the cached 2023 state, assesses
both, and attributes the warming avoided to regions and to lever groups with
Shapley values.

Examples
--------
>>> from accord.pipeline import simulate
>>> r = simulate("global-methane-pledge", members=20, attribution=False)
>>> r.verdict.category[0], r.avoided.avoided_warming_2100_k["p50"] > 0
('C', True)
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from accord.assessment import Avoided, Verdict, assess, avoided
from accord.assessment.iamc_names import (
    AR6_PERCENTILES,
    GSAT_UNIT,
    gsat_percentiles_k,
    percentile_variable,
)
from accord.assessment.metrics import FAN_NAMES, fan_percentiles
from accord.climate.engine import FIRST_YEAR
from accord.climate.warm import warm_arrays
from accord.data import ssp_emissions
from accord.emissions.regional import UnmetTarget
from accord.emissions.world import ScenarioLike, as_resolved, region_emissions, world_array
from accord.levers.loading import ResolvedScenario
from accord.pipeline.attribution import (
    AEROSOL_SPECIES,
    AEROSOLS,
    LEVER_PLAYERS,
    Attribution,
    attribute,
)

if TYPE_CHECKING:  # the labelled views import pandas and xarray when first used
    import pandas as pd
    import xarray as xr

__all__ = ["AEROSOLS", "AEROSOL_SPECIES", "LEVER_PLAYERS", "Attribution", "Result", "simulate"]

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Result:
    """Everything :func:`simulate` found.

    Attributes
    ----------
    verdict, baseline_verdict : Verdict
    avoided : Avoided
        The scenario against the baseline, member by member.
    attribution : dict of str to Attribution
        ``"regions"`` and ``"levers"`` (empty when not asked for).
    gsat_k : ndarray, shape (run, member, year)
        Warming vs 1850-1900 (K), ``run`` = [scenario, baseline].
    cumulative_co2_gt : ndarray, shape (run, year)
    years : ndarray, shape (year,)
    member_ids : ndarray, shape (member,)
        The members' config ids.
    emissions : ndarray, shape (run, year, specie)
        The 51 species fed to the climate model (FaIR units).
    climate : xarray.Dataset
        ``gsat_k`` and ``cumulative_co2_gt`` labelled (built on first use).
    world_emissions : xarray.DataArray
        ``emissions`` labelled (built on first use).
    unmet_targets : tuple of UnmetTarget
        The scenario's targets its levers cannot meet inside the abatement and
        removal limits (region, target, year, shortfall in Mt CO2-equiv/yr).
    """

    scenario: str
    baseline: str
    verdict: Verdict
    baseline_verdict: Verdict
    avoided: Avoided
    attribution: dict[str, Attribution]
    gsat_k: np.ndarray = field(repr=False)
    cumulative_co2_gt: np.ndarray = field(repr=False)
    years: np.ndarray = field(repr=False)
    member_ids: np.ndarray = field(repr=False)
    emissions: np.ndarray = field(repr=False)
    resolved: tuple[ResolvedScenario, ResolvedScenario] = field(repr=False)
    unmet_targets: tuple[UnmetTarget, ...] = ()

    @property
    def runs(self) -> list[str]:
        """The run names: [scenario, baseline]."""
        return [self.scenario, self.baseline]

    @functools.cached_property
    def climate(self) -> xr.Dataset:
        """``gsat_k`` (run, member, year) and ``cumulative_co2_gt`` (run, year), labelled."""
        import xarray as xr

        return xr.Dataset(
            {"gsat_k": (("run", "member", "year"), self.gsat_k),
             "cumulative_co2_gt": (("run", "year"), self.cumulative_co2_gt)},
            coords={"run": self.runs, "year": self.years, "member": self.member_ids})

    @functools.cached_property
    def world_emissions(self) -> xr.DataArray:
        """The world emissions per species (run, year, specie), labelled."""
        import xarray as xr

        return xr.DataArray(self.emissions, dims=("run", "year", "specie"),
                            coords={"run": self.runs, "year": self.years,
                                    "specie": list(ssp_emissions().species)})

    def percentiles(self) -> pd.DataFrame:
        """GSAT percentiles per run and year: run, year, p05 ... p95 (K)."""
        import pandas as pd

        pct = fan_percentiles(self.gsat_k, axis=1)  # (p, run, year)
        rows = []
        for i, name in enumerate(self.runs):
            frame = pd.DataFrame(pct[:, i].T, columns=list(FAN_NAMES))
            frame.insert(0, "year", self.years)
            frame.insert(0, "scenario", str(name))
            rows.append(frame)
        return pd.concat(rows, ignore_index=True)

    def iamc(self) -> pd.DataFrame:
        """IAMC long table: regional emissions and energy, plus GSAT percentiles (World).

        Warming percentiles use the AR6 database's names and percentiles
        (:mod:`accord.assessment.iamc_names`: 5.0th, 16.7th, 50.0th, 83.3th, 95.0th).
        """
        import pandas as pd

        from accord.emissions.iamc import iamc_frame

        emissions = iamc_frame(list(self.resolved))
        model = str(emissions["model"].iloc[0])
        gsat = self.climate["gsat_k"]
        years = gsat["year"].values
        pct = gsat_percentiles_k(gsat.values, axis=1)  # (p, run, year)
        frames = [pd.DataFrame({"model": model, "scenario": str(name), "region": "World",
                                "variable": percentile_variable(p), "unit": GSAT_UNIT,
                                "year": years, "value": pct[k, i]})
                  for i, name in enumerate(gsat["run"].values)
                  for k, p in enumerate(AR6_PERCENTILES)]
        return pd.concat([emissions, *frames], ignore_index=True)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready verdict (the keys of ``accord run --json``)."""
        out = self.verdict.to_dict()
        out.update({
            "baseline": self.baseline,
            "avoided_warming_2100_k": self.avoided.avoided_warming_2100_k,
            "avoided_warming_peak_k": self.avoided.avoided_warming_peak_k,
            "vs_baseline": self.avoided.to_dict(),
            "baseline_verdict": self.baseline_verdict.to_dict(),
            "attribution": {k: v.to_dict() for k, v in self.attribution.items()},
            "unmet_targets": [u.to_dict() for u in self.unmet_targets],
        })
        return out


# ----------------------------------------------------------------------------- climate


_MEMO: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
_MEMO_SIZE = 16


def _memo_key(emissions: np.ndarray, members: int | Sequence[int] | None,
              variability: bool, seed: int | None) -> str:
    h = hashlib.sha256(np.ascontiguousarray(emissions).tobytes())
    h.update(repr((members if not isinstance(members, Sequence) else tuple(members),
                   variability, seed)).encode())
    return h.hexdigest()


def warming(emissions: np.ndarray, *, members: int | Sequence[int] | None = None,
            variability: bool = False, seed: int | None = None,
            progress: Progress | None = None,
            keep: bool = True,
            keys: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Warm-started ensemble runs of several world emission sets, memoised per run.

    Every run is computed once per call (runs already memoised are reused).

    Parameters
    ----------
    emissions : ndarray, shape (run, 351, 51)
        World emissions 1750-2100 per species (FaIR units).
    keep : bool
        Memoise the new runs. An attribution's 2**k coalitions are not kept:
        they would push the scenario and baseline runs out of the memo.
    keys : sequence of str, optional
        The runs' memo keys (:func:`_memo_key`), when the caller has them.

    Returns
    -------
    gsat_k : ndarray, shape (run, member, year)
    cumulative_co2_gt : ndarray, shape (run, year)
    years : ndarray, shape (year,)
    """
    if keys is None:
        keys = [_memo_key(e, members, variability, seed) for e in emissions]
    with _MEMO_LOCK:
        found = {i: _MEMO[k] for i, k in enumerate(keys) if k in _MEMO}
    todo = [i for i in range(len(keys)) if i not in found]
    years = np.arange(FIRST_YEAR, FIRST_YEAR + emissions.shape[1])
    if todo:
        fresh = warm_arrays(emissions[todo], members=members, variability=variability,
                            seed=seed, progress=progress)
        years = fresh.years
        with _MEMO_LOCK:
            for j, i in enumerate(todo):
                found[i] = (fresh.gsat_k[j], fresh.cumulative_co2_gt[j])
                if keep:
                    _MEMO[keys[i]] = found[i]
                while len(_MEMO) > _MEMO_SIZE:
                    _MEMO.popitem(last=False)
    if progress is not None:
        progress(1.0)
    gsat = np.stack([found[i][0] for i in range(len(keys))])
    cum = np.stack([found[i][1] for i in range(len(keys))])
    return gsat, cum, years


_MEMO_LOCK = threading.RLock()
_VERDICTS: OrderedDict[tuple[str, str], Verdict] = OrderedDict()


def _assess(name: str, run_key: str, gsat_k: np.ndarray, years: np.ndarray,
            cumulative_co2_gt: np.ndarray) -> Verdict:
    """:func:`accord.assessment.assess`, memoised per (name, run): a baseline is assessed once.

    ``run_key`` is the run's memo key (:func:`_memo_key`).
    """
    key = (name, run_key)
    with _MEMO_LOCK:
        hit = _VERDICTS.get(key)
    if hit is None:
        hit = assess(name, gsat_k, years, cumulative_co2_gt)
        with _MEMO_LOCK:
            _VERDICTS[key] = hit
            while len(_VERDICTS) > _MEMO_SIZE:
                _VERDICTS.popitem(last=False)
    return hit


# ---------------------------------------------------------------------------- simulate


def simulate(
    scenario: ScenarioLike,
    *,
    baseline: ScenarioLike = "current-policies",
    members: int | Sequence[int] | None = None,
    variability: bool = False,
    seed: int | None = None,
    attribution: bool | Sequence[str] = True,
    progress: Progress | None = None,
) -> Result:
    """Levers -> emissions -> warm-started climate ensemble -> assessment.

    Parameters
    ----------
    scenario : preset name, TOML/JSON path, mapping or Scenario
    baseline : same, default ``"current-policies"``
    members : None (all 841), N (the first N) or config ids
    variability, seed : internal variability (needs a seed)
    attribution : bool or sequence of ``"regions"``/``"levers"``
        Which Shapley attributions to compute (True: both).
    progress : callable, optional
        Called with the fraction of the work done.

    Returns
    -------
    Result
    """
    scen, base = as_resolved(scenario), as_resolved(baseline)
    kinds = (["regions", "levers"] if attribution is True else
             [] if attribution is False else list(attribution))
    unknown = set(kinds) - {"regions", "levers"}
    if unknown:
        raise ValueError(f"attribution={sorted(unknown)}: give True, False or a list of "
                         "'regions' and 'levers'")
    e_scen, e_base = world_array(scen), world_array(base)
    ensemble = partial(warming, members=members, variability=variability, seed=seed)
    steps = 1 + len(kinds)

    def report(fraction: float, step: int) -> None:
        if progress is not None:
            progress((step + fraction) / steps)

    keys = [_memo_key(e, members, variability, seed) for e in (e_scen, e_base)]
    gsat, cum, years = ensemble(np.stack([e_scen, e_base]),
                                progress=lambda f: report(f, 0), keys=keys)
    names = [scen.name, base.name if base.name != scen.name else f"{base.name} (baseline)"]
    v_scen = _assess(names[0], keys[0], gsat[0], years, cum[0])
    v_base = _assess(names[1], keys[1], gsat[1], years, cum[1])
    vs = avoided(v_scen, gsat[0], v_base, gsat[1], years)

    def run_all(emissions: np.ndarray) -> np.ndarray:
        return ensemble(emissions, keep=False)[0]

    parts: dict[str, Attribution] = {}
    for k, kind in enumerate(kinds):
        split = attribute(kind, (scen, base), (e_scen, e_base), gsat[1], years, run_all)
        if split is not None:
            parts[kind] = split
        report(1.0, k + 1)
    unmet = tuple(u for e in region_emissions(scen).values() for u in e.unmet)
    return Result(names[0], names[1], v_scen, v_base, vs, parts, gsat, cum, years,
                  member_ids(members), np.stack([e_scen, e_base]), (scen, base), unmet)


def member_ids(members: int | Sequence[int] | None) -> np.ndarray:
    """Config ids of a member selection."""
    from accord.climate.ensemble import prepare

    return prepare(members).cal.config_ids.astype(np.int64)
