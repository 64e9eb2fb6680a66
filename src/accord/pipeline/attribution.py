"""Who and what avoided the warming: Shapley values over regions or lever groups.

A *game* maps each coalition of players (regions, or lever groups plus the co-emitted
aerosols and the reference world) to world emissions: the baseline's, with the
scenario's changes of the coalition's members. Every coalition is run through the
ensemble and the warming each avoids is split by :func:`accord.assessment.shapley`;
per member the parts add up to the scenario's own avoided warming.

The lever players come from the schema (:func:`accord.levers.schema.lever_players`), so
every lever group is in exactly one of them (the scenario's own ``[international]`` levers
count with "other CO2"). The region attribution has one player that is no region,
:data:`INTERNATIONAL_PLAYER`, when those levers differ from the baseline's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations

import numpy as np

from accord.assessment import shapley
from accord.assessment.metrics import PEAK_FROM_YEAR, percentiles
from accord.data import ssp_emissions
from accord.emissions.mix import changed_groups, changed_regions, international_changed, mix
from accord.emissions.world import world_array
from accord.levers.loading import ResolvedScenario
from accord.levers.schema import REGIONS, lever_players

__all__ = ["AEROSOLS", "AEROSOL_SPECIES", "INTERNATIONAL_PLAYER", "LEVER_PLAYERS", "Attribution",
           "attribute"]

#: players of the lever attribution and the scenario lever groups each covers, from the
#: schema (``levers.schema.lever_players``): every group is in exactly one player
LEVER_PLAYERS: dict[str, tuple[str, ...]] = lever_players()
#: co-emitted aerosols and ozone precursors: their change is its own player
AEROSOL_SPECIES = ("Sulfur", "BC", "OC", "NOx", "VOC", "CO", "NH3")
AEROSOLS = "aerosols (co-effect)"
REFERENCE = "reference world"
#: the player of the region attribution for the scenario's own ``[international]`` levers
#: (international shipping and aviation, which no region carries)
INTERNATIONAL_PLAYER = "international transport"
ATTRIBUTION_METRICS = ("2100", "peak")


@dataclass(frozen=True)
class Attribution:
    """Warming avoided (K; positive = cooler than the baseline), split by Shapley values.

    ``parts_k[metric][player]`` are percentiles over members of each player's
    share; ``members_k`` holds the member values; per member the shares add up
    to ``total_k``'s member values.
    """

    players: tuple[str, ...]
    total_k: dict[str, dict[str, float]]
    parts_k: dict[str, dict[str, dict[str, float]]]
    members_k: dict[str, dict[str, np.ndarray]] = field(repr=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (percentiles only)."""
        return {"players": list(self.players), "total_k": self.total_k, "parts_k": self.parts_k}


def _outcomes(gsat: np.ndarray, base: np.ndarray, years: np.ndarray) -> dict[str, np.ndarray]:
    """Warming avoided against ``base`` per run and member, shape (run, member)."""
    window = years >= PEAK_FROM_YEAR
    return {"2100": base[None, :, -1] - gsat[..., -1],
            "peak": base[None, :, window].max(axis=-1) - gsat[..., window].max(axis=-1)}


def _row(values: np.ndarray, position: dict[frozenset[str], int],
         coalition: frozenset[str]) -> np.ndarray:
    """The outcome of one coalition (members,)."""
    return values[position[frozenset(coalition)]]


def _attribute(players: list[str], coalition_emissions: Callable[[frozenset[str]], np.ndarray],
               base_gsat: np.ndarray, years: np.ndarray, run: Callable[[np.ndarray], np.ndarray],
               idle: Sequence[str] = ()) -> Attribution:
    """Shapley values of warming avoided over ``players``.

    ``idle`` players change nothing: their Shapley value is zero by definition
    (the null-player axiom), so they are reported as zero without being run.
    """
    coalitions = [frozenset(c) for k in range(len(players) + 1)
                  for c in combinations(players, k)]
    gsat = run(np.stack([coalition_emissions(c) for c in coalitions]))
    outcome = _outcomes(gsat, base_gsat, years)
    position = {c: i for i, c in enumerate(coalitions)}
    total_k: dict[str, dict[str, float]] = {}
    parts_k: dict[str, dict[str, dict[str, float]]] = {}
    members_k: dict[str, dict[str, np.ndarray]] = {}
    for metric in ATTRIBUTION_METRICS:
        values = outcome[metric]
        shares = shapley(players, partial(_row, values, position))
        shares.update({p: np.zeros(values.shape[1]) for p in idle})
        total_k[metric] = percentiles(values[position[frozenset(players)]])
        parts_k[metric] = {p: percentiles(s) for p, s in shares.items()}
        members_k[metric] = shares
    return Attribution(tuple(players) + tuple(idle), total_k, parts_k, members_k)


def _game(kind: str, scen: ResolvedScenario, base: ResolvedScenario, e_scen: np.ndarray,
          e_base: np.ndarray) -> tuple[list[str], Callable[[frozenset[str]], np.ndarray]]:
    """Players and the coalition -> world emissions map of one attribution."""
    reference = [REFERENCE] if scen.reference_world != base.reference_world else []
    if kind == "regions":
        bunkers = [INTERNATIONAL_PLAYER] if international_changed(scen, base) else []
        players = changed_regions(scen, base) + bunkers + reference
        delta = {r: world_array(mix(scen, base, regions=[r], reference_world=False)) - e_base
                 for r in players if r not in (REFERENCE, INTERNATIONAL_PLAYER)}
        if bunkers:
            delta[INTERNATIONAL_PLAYER] = world_array(mix(
                scen, base, regions=[], reference_world=False, international=True)) - e_base
        if reference:
            delta[REFERENCE] = world_array(mix(scen, base, regions=[])) - e_base

        def regions_of(c: frozenset[str]) -> np.ndarray:
            return e_base + sum((delta[p] for p in sorted(c)), np.zeros_like(e_base))

        return players, regions_of
    species = [str(s) for s in ssp_emissions().species]
    aero = [species.index(s) for s in AEROSOL_SPECIES]
    changed = set(changed_groups(scen, base))
    levers = [p for p, gs in LEVER_PLAYERS.items() if changed & set(gs)]
    has_aerosols = bool(np.any(e_scen[:, aero] != e_base[:, aero]))
    players = levers + ([AEROSOLS] if has_aerosols else []) + reference
    cache: dict[frozenset[str], np.ndarray] = {}

    def levers_of(c: frozenset[str]) -> np.ndarray:
        key = frozenset(p for p in c if p in LEVER_PLAYERS or p == REFERENCE)
        if key not in cache:
            groups = [g for p in key if p in LEVER_PLAYERS for g in LEVER_PLAYERS[p]]
            cache[key] = world_array(mix(scen, base, groups=groups,
                                         reference_world=REFERENCE in key))
        out = cache[key].copy()
        out[:, aero] = (e_scen if AEROSOLS in c else e_base)[:, aero]
        return out

    return players, levers_of


def attribute(kind: str, resolved: tuple[ResolvedScenario, ResolvedScenario],
              emissions: tuple[np.ndarray, np.ndarray], base_gsat: np.ndarray,
              years: np.ndarray, run: Callable[[np.ndarray], np.ndarray]) -> Attribution | None:
    """The ``"regions"`` or ``"levers"`` attribution of a scenario against its baseline.

    Parameters
    ----------
    kind : {"regions", "levers"}
    resolved : (scenario, baseline)
    emissions : (scenario, baseline) world emissions, each shape (year, specie)
    base_gsat : ndarray, shape (member, year)
        The baseline's warming.
    years : ndarray, shape (year,)
    run : callable
        Emissions (run, year, specie) -> warming (run, member, year).

    Returns
    -------
    Attribution or None
        None when nothing differs (no player); players that change nothing get zero.
    """
    players, build = _game(kind, *resolved, *emissions)
    if not players:
        return None
    every = list(REGIONS) if kind == "regions" else [*list(LEVER_PLAYERS), AEROSOLS]
    return _attribute(players, build, base_gsat, years, run,
                      idle=[p for p in every if p not in players])
