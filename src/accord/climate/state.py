"""The model state at a time bound: everything needed to resume a run.

A :class:`ClimateState` holds, for each scenario and member, the state at the
end of ``year`` (time bound ``year + 1``). Passing it as ``initial_state`` with
``start=year + 1`` continues the integration exactly where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["MAX_SEED", "ClimateState"]

#: largest seed of the internal variability: added to a member's calibrated seed (at most
#: 638,932,626 in calibration v1.4.1), the sum must stay below 2**32 (scipy's random state)
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class ClimateState:
    """State at the end of ``year`` for each (scenario, member).

    Attributes
    ----------
    year : int
        Last year integrated; the state is at time bound ``year + 1``.
    scenarios : tuple of str
    config_ids : ndarray of int, shape (member,)
    co2_boxes_gt : ndarray, shape (scenario, member, 4)
        CO2 above pre-industrial in each carbon-cycle box (Gt CO2).
    ch4_burden_mt : ndarray, shape (scenario, member)
        CH4 above pre-industrial (Mt CH4).
    ebm_state : ndarray, shape (scenario, member, 4)
        Energy balance state: surface forcing (W m-2), T1, T2, T3 (K).
    gas_burden : ndarray, shape (scenario, gas)
        Burden above pre-industrial of N2O and the 40 halogenated gases
        (member-independent; species units), in :data:`INDEPENDENT_GASES` order.
    eesc_ppt : ndarray, shape (scenario,)
    cumulative_emissions : ndarray, shape (scenario, species)
        Cumulative emissions since 1750 of the 51 emitted species (units x yr).
    erf_w_m2 : ndarray, shape (scenario, member, agent)
        Forcing by agent at the bound (the first value of a resumed run).
    ohc_j : ndarray, shape (scenario, member)
        Ocean heat content change since 1750 (J).
    gsat_reference_k : ndarray, shape (scenario, member)
        The member's 1850-1900 mean surface temperature, for anomalies.
    variability : bool
    seed : int or None
        Seed of the internal variability, when on.
    """

    year: int
    scenarios: tuple[str, ...]
    config_ids: np.ndarray
    co2_boxes_gt: np.ndarray
    ch4_burden_mt: np.ndarray
    ebm_state: np.ndarray
    gas_burden: np.ndarray
    eesc_ppt: np.ndarray
    cumulative_emissions: np.ndarray
    erf_w_m2: np.ndarray
    ohc_j: np.ndarray
    gsat_reference_k: np.ndarray
    variability: bool = False
    seed: int | None = None

    def select(self, scenarios: list[str] | None = None,
               config_ids: np.ndarray | None = None) -> ClimateState:
        """The state of a subset of scenarios and/or members (config ids)."""
        si = (np.arange(len(self.scenarios)) if scenarios is None
              else np.array([self.scenarios.index(s) for s in scenarios], dtype=np.intp))
        if config_ids is None:
            mi = np.arange(len(self.config_ids))
        else:
            pos = {int(c): i for i, c in enumerate(self.config_ids)}
            missing = [int(c) for c in config_ids if int(c) not in pos]
            if missing:
                raise ValueError(f"initial_state has no members with config ids {missing[:5]}")
            mi = np.array([pos[int(c)] for c in config_ids], dtype=np.intp)

        def sm(a: np.ndarray) -> np.ndarray:
            return a[si][:, mi]

        return ClimateState(
            year=self.year,
            scenarios=tuple(self.scenarios[i] for i in si),
            config_ids=self.config_ids[mi],
            co2_boxes_gt=sm(self.co2_boxes_gt),
            ch4_burden_mt=sm(self.ch4_burden_mt),
            ebm_state=sm(self.ebm_state),
            gas_burden=self.gas_burden[si],
            eesc_ppt=self.eesc_ppt[si],
            cumulative_emissions=self.cumulative_emissions[si],
            erf_w_m2=sm(self.erf_w_m2),
            ohc_j=sm(self.ohc_j),
            gsat_reference_k=sm(self.gsat_reference_k),
            variability=self.variability,
            seed=self.seed,
        )

    def broadcast_scenarios(self, scenarios: tuple[str, ...]) -> ClimateState:
        """Reuse a one-scenario state (e.g. shared history) for several scenarios."""
        if len(self.scenarios) != 1:
            raise ValueError("only a state of one scenario can be broadcast")
        n = len(scenarios)

        def rep(a: np.ndarray) -> np.ndarray:
            return np.repeat(a, n, axis=0)

        return ClimateState(
            year=self.year, scenarios=scenarios, config_ids=self.config_ids,
            co2_boxes_gt=rep(self.co2_boxes_gt), ch4_burden_mt=rep(self.ch4_burden_mt),
            ebm_state=rep(self.ebm_state), gas_burden=rep(self.gas_burden),
            eesc_ppt=rep(self.eesc_ppt), cumulative_emissions=rep(self.cumulative_emissions),
            erf_w_m2=rep(self.erf_w_m2), ohc_j=rep(self.ohc_j),
            gsat_reference_k=rep(self.gsat_reference_k),
            variability=self.variability, seed=self.seed,
        )
