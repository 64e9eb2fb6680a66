"""The power sector of one region, year by year 2024-2100 (pure numpy).

Demand grows by the levers' rates; wind, solar and storage capacity follow
additions minus retirements; nuclear and hydro follow their capacity paths;
bioenergy and other renewables stay at their 2024 output. Wind and solar are
curtailed (``accord.energy.curtailment``). Dispatch: non-fossil first, the
residual split between coal, gas and oil in their 2024 proportions, moved from
coal to gas by the switching lever and capped for coal by the no-new-coal rule
(from then on plants close at the retirement age, ``accord.energy.coal_fleet``)
and the phase-out (gas takes what coal cannot). CO2 (less CCS capture), SO2, NOx,
BC and OC follow per-fuel factors. 2024 reproduces the base year.

Coal, gas and oil capacity is reported as the fleet needed at its 2024
utilisation (coal capped by the no-new-coal and phase-out limits, under which
the remaining fleet may run up to the maximum capacity factor); the 2024 stock
of wind, solar and storage is assumed built evenly over the last half lifetime.

Examples
--------
>>> from accord.levers.loading import load_scenario, resolve
>>> s = resolve(load_scenario("current-policies"))
>>> r = run_power(power_inputs("India", s.regions["India"].power))
>>> round(float(r.generation_twh[0, 0]), 1)  # coal, 2024 (Ember via OWID: 1,517.9 TWh)
1517.9
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from accord.energy.base_year import (
    BASE_YEAR,
    CAPACITY_TECHS,
    FUELS,
    HOURS_PER_YEAR,
    TECHS,
    PowerBase,
    power_base,
    power_factor,
)
from accord.energy.coal_fleet import coal_fleet_limit_gw, coal_vintages
from accord.energy.curtailment import CurtailmentCurve, curtailment_curve, delivered_vre_twh
from accord.levers.schema import LAST_YEAR, PowerLevers

__all__ = ["YEARS", "PowerInputs", "PowerResult", "base_power_co2_mt", "fuel_t_co2_per_mwh",
           "lever_starts", "power_inputs", "run_power"]

#: model years, 2024 (base) to 2100
YEARS = np.arange(BASE_YEAR, LAST_YEAR + 1)
_TWH_PER_GW_YR = HOURS_PER_YEAR / 1000.0
_TJ_PER_MWH = 3.6e-3


@dataclass(frozen=True)
class PowerInputs:
    """Lever paths of one region, arrays of shape (n_years,) over ``YEARS``.

    Attributes
    ----------
    demand_growth_frac_per_yr : growth of generation from the previous year (fraction)
    solar_additions_gw_per_yr, wind_additions_gw_per_yr, storage_additions_gw_per_yr : GW/yr
    nuclear_capacity_gw, hydro_capacity_gw : GW (average over the year)
    coal_fleet_limit_gw : GW of unabated coal allowed (inf: no limit)
    coal_to_gas_frac : fraction of coal's share of the fossil residual moved to gas
    ccs_frac : fraction of coal and gas generation with CCS
    extra_demand_twh : generation the end-use sectors need beyond their base-year
        electric shares (``accord.energy.sectors``), TWh/yr, added to demand; None: 0
    end_use_share : share of the grid's demand used by the end-use sectors; the
        rest is never cut by end-use levers (a floor on demand)
    """

    region: str
    demand_growth_frac_per_yr: np.ndarray
    solar_additions_gw_per_yr: np.ndarray
    wind_additions_gw_per_yr: np.ndarray
    storage_additions_gw_per_yr: np.ndarray
    nuclear_capacity_gw: np.ndarray
    hydro_capacity_gw: np.ndarray
    coal_fleet_limit_gw: np.ndarray
    coal_to_gas_frac: np.ndarray
    ccs_frac: np.ndarray
    extra_demand_twh: np.ndarray | None = None
    end_use_share: float = 0.0


@dataclass(frozen=True)
class PowerResult:
    """Power sector of one region over ``YEARS``.

    Attributes
    ----------
    generation_twh : ndarray (len(TECHS), n_years), TWh/yr, in ``TECHS`` order
    capacity_gw : ndarray (len(CAPACITY_TECHS), n_years), GW at the end of each year
    demand_twh : ndarray (n_years,), TWh/yr
    curtailment_frac : ndarray (n_years,), curtailed share of potential wind+solar
    co2_mt : ndarray (len(FUELS), n_years), Mt CO2/yr emitted (after capture)
    captured_co2_mt : ndarray (n_years,), Mt CO2/yr captured by CCS
    so2_mt, nox_mt, bc_mt, oc_mt : ndarray (n_years,), Mt/yr (NOx as NO2)
    """

    region: str
    years: np.ndarray
    generation_twh: np.ndarray
    capacity_gw: np.ndarray
    demand_twh: np.ndarray
    curtailment_frac: np.ndarray
    co2_mt: np.ndarray
    captured_co2_mt: np.ndarray
    so2_mt: np.ndarray
    nox_mt: np.ndarray
    bc_mt: np.ndarray
    oc_mt: np.ndarray

    def generation(self, tech: str) -> np.ndarray:
        """Generation of one technology, TWh/yr, shape (n_years,)."""
        return self.generation_twh[TECHS.index(tech)]

    def capacity(self, tech: str) -> np.ndarray:
        """End-of-year capacity of one technology, GW, shape (n_years,)."""
        return self.capacity_gw[CAPACITY_TECHS.index(tech)]


def fuel_t_co2_per_mwh(region: str, fuel: str) -> float:
    """CO2 of one MWh of electricity from ``fuel`` before capture, t CO2/MWh."""
    return (power_factor("carbon_content", region, fuel) * _TJ_PER_MWH
            / power_factor("efficiency", region, fuel))


def base_power_co2_mt(region: str, fuel: str) -> float:
    """Power CO2 of ``fuel`` in the base year 2024 (no CCS yet), Mt CO2/yr."""
    return power_base(region).generation_twh[fuel] * fuel_t_co2_per_mwh(region, fuel)


def lever_starts(region: str) -> dict[str, float | None]:
    """The 2024 value each power trajectory lever of ``region`` runs from (None: held back).

    The observed 2024 additions of solar and wind (none recorded for storage) and
    the 2024 nuclear and hydro capacity; no switching and no CCS. Demand growth
    and the coal retirement age have no 2024 value in the model: their first
    milestone is held back.
    """
    base = power_base(region)
    return {
        "demand_growth_pct_per_yr": None,
        "solar_additions_gw_per_yr": base.additions_gw.get("solar", 0.0),
        "wind_additions_gw_per_yr": base.additions_gw.get("wind", 0.0),
        "storage_additions_gw_per_yr": base.additions_gw.get("storage", 0.0),
        "nuclear_capacity_gw": base.capacity_end_gw["nuclear"],
        "hydro_capacity_gw": base.capacity_end_gw["hydro"],
        "coal_to_gas_switch_frac": 0.0,
        "ccs_share_frac": 0.0,
        "coal_retirement_age_yr": None,
    }


def power_inputs(region: str, levers: PowerLevers, extra_demand_twh: np.ndarray | None = None,
                 end_use_share: float = 0.0) -> PowerInputs:
    """Annual lever paths for ``region`` from resolved (fully set) power levers.

    Each trajectory lever is read on ``YEARS`` (linear between milestones, held
    after the last); before its first milestone it runs from the 2024 value
    the base-year data has (:func:`lever_starts`).

    ``extra_demand_twh`` (over ``YEARS``), if given, is the generation the
    end-use sectors need beyond their base-year electric shares, and
    ``end_use_share`` their share of the grid's demand (see ``PowerInputs``).
    """
    lv = levers
    base = power_base(region)
    starts = lever_starts(region)

    def path(name: str) -> np.ndarray:
        value = getattr(lv, name)
        if value is None:
            raise ValueError(f"power lever {name} is unset for {region}; resolve the scenario")
        return np.asarray(value.annual(YEARS, starts[name]), dtype=float)

    def added(tech: str) -> np.ndarray:
        out = path(f"{tech}_additions_gw_per_yr")
        out[0] = 0.0  # the base year's stock is data, not a lever
        return out

    age = path("coal_retirement_age_yr") if lv.no_new_coal_from_year is not None else None
    limit = coal_fleet_limit_gw(YEARS, base.capacity_end_gw["coal"], coal_vintages(region),
                                lv.no_new_coal_from_year, lv.coal_phase_out_year, age)
    return PowerInputs(
        region=region,
        demand_growth_frac_per_yr=path("demand_growth_pct_per_yr") / 100.0,
        solar_additions_gw_per_yr=added("solar"),
        wind_additions_gw_per_yr=added("wind"),
        storage_additions_gw_per_yr=added("storage"),
        nuclear_capacity_gw=path("nuclear_capacity_gw"),
        hydro_capacity_gw=path("hydro_capacity_gw"),
        coal_fleet_limit_gw=limit,
        coal_to_gas_frac=path("coal_to_gas_switch_frac"),
        ccs_frac=path("ccs_share_frac"),
        extra_demand_twh=extra_demand_twh,
        end_use_share=end_use_share,
    )


def _stock(end0: float, additions: np.ndarray, lifetime: float) -> np.ndarray:
    """End-of-year capacity (GW) from additions and retirements.

    The 2024 stock is assumed installed evenly over the last half lifetime, so it
    retires evenly between ``2024 + lifetime/2`` and ``2024 + lifetime``; each
    later addition retires ``lifetime`` years after it was built.
    """
    n = len(YEARS)
    half = lifetime / 2.0
    age_left = YEARS - BASE_YEAR - half
    base_left = end0 * np.clip(1.0 - age_left / half, 0.0, 1.0)
    built = np.cumsum(additions)
    life = round(lifetime)
    retired = np.zeros(n)
    retired[life:] = np.cumsum(additions)[:-life] if life < n else 0.0
    return np.asarray(base_left + built - retired)


def _average(end: np.ndarray, start0: float) -> np.ndarray:
    start = np.concatenate([[start0], end[:-1]])
    return np.asarray(0.5 * (start + end))


@lru_cache(maxsize=64)
def _gross_factor(region: str, storage0_gw: float, curve: CurtailmentCurve) -> float:
    """Base-year curtailment: potential over delivered wind+solar output in 2024.

    Turns net (observed) capacity factors into gross ones. It depends only on the
    base year, so it is computed once per region (bisection: delivered output is
    monotone in the potential).
    """
    gen0 = power_base(region).generation_twh
    vre0 = gen0["solar"] + gen0["wind"]
    storage0 = np.array([storage0_gw])
    d0 = np.array([gen0["total"]])
    lo, hi = vre0, 3.0 * vre0 + 1.0
    for _ in range(80):  # potential p0 with delivered(p0) == observed
        mid = 0.5 * (lo + hi)
        if delivered_vre_twh(np.array([mid]), d0, storage0, curve)[0] < vre0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi) / vre0 if vre0 > 0 else 1.0


def run_power(inputs: PowerInputs, curve: CurtailmentCurve | None = None) -> PowerResult:
    """Simulate the power sector of ``inputs.region`` over ``YEARS`` (see module doc)."""
    curve = curve if curve is not None else curtailment_curve()
    region = inputs.region
    base: PowerBase = power_base(region)
    gen0 = base.generation_twh
    growth = np.concatenate([[1.0], np.cumprod(1.0 + inputs.demand_growth_frac_per_yr[1:])])
    demand = gen0["total"] * growth
    if inputs.extra_demand_twh is not None:
        floor = np.maximum((1.0 - inputs.end_use_share) * demand, 1e-9 * gen0["total"])
        demand = np.maximum(demand + inputs.extra_demand_twh, floor)

    stock: dict[str, np.ndarray] = {}
    average: dict[str, np.ndarray] = {}
    for tech, adds in (("solar", inputs.solar_additions_gw_per_yr),
                       ("wind", inputs.wind_additions_gw_per_yr),
                       ("storage", inputs.storage_additions_gw_per_yr)):
        end0 = base.capacity_end_gw[tech]
        added0 = base.additions_gw.get(tech, 0.0)
        stock[tech] = _stock(end0, adds, power_factor("lifetime", region, tech))
        average[tech] = _average(stock[tech], end0 - added0)

    gross = _gross_factor(region, float(average["storage"][0]), curve)

    potential = {t: average[t] * base.capacity_factor(t) * gross * _TWH_PER_GW_YR
                 for t in ("solar", "wind")}
    pot = potential["solar"] + potential["wind"]
    firm = (inputs.nuclear_capacity_gw * base.capacity_factor("nuclear")
            + inputs.hydro_capacity_gw * base.capacity_factor("hydro")) * _TWH_PER_GW_YR
    nuclear = inputs.nuclear_capacity_gw * base.capacity_factor("nuclear") * _TWH_PER_GW_YR
    hydro = firm - nuclear
    other = np.full(YEARS.shape, gen0["biomass"] + gen0["other_renewable"])
    firm_all = firm + other
    firm_scale = np.minimum(1.0, demand / np.maximum(firm_all, 1e-12))
    firm_all = firm_all * firm_scale
    vre = delivered_vre_twh(pot, demand, average["storage"], curve)
    vre = np.maximum(np.minimum(vre, demand - firm_all), 0.0)  # firm may meet all demand
    with np.errstate(invalid="ignore", divide="ignore"):
        vre_share = np.where(pot > 0, vre / pot, 0.0)
        curtailment = np.where(pot > 0, 1.0 - vre_share, 0.0)
    solar = potential["solar"] * vre_share
    wind = potential["wind"] * vre_share
    residual = np.maximum(demand - firm_all - vre, 0.0)

    fossil0 = gen0["coal"] + gen0["gas"] + gen0["oil"]
    coal_share = gen0["coal"] / fossil0 * (1.0 - inputs.coal_to_gas_frac)
    oil_share = gen0["oil"] / fossil0
    cf_coal0 = base.capacity_factor("coal")
    cf_max = max(power_factor("coal_max_capacity_factor", region, "coal"), cf_coal0)
    ccs = inputs.ccs_frac
    with np.errstate(divide="ignore", invalid="ignore"):
        coal_cap_twh = np.where(ccs < 1.0, inputs.coal_fleet_limit_gw * cf_max * _TWH_PER_GW_YR
                                / (1.0 - ccs), np.inf)
    coal = np.minimum(residual * coal_share, coal_cap_twh)
    oil = residual * oil_share
    gas = residual - coal - oil

    generation = np.vstack([coal, gas, oil, nuclear * firm_scale, hydro * firm_scale, wind, solar,
                            gen0["biomass"] * firm_scale, gen0["other_renewable"] * firm_scale])
    coal_gw = coal / (cf_coal0 * _TWH_PER_GW_YR)
    coal_gw = np.minimum(coal_gw, np.where(ccs < 1.0, inputs.coal_fleet_limit_gw
                                           / np.maximum(1.0 - ccs, 1e-12), coal_gw))
    gas_gw = gas / (base.capacity_factor("gas") * _TWH_PER_GW_YR)
    capacity = np.vstack([coal_gw, gas_gw, inputs.nuclear_capacity_gw, inputs.hydro_capacity_gw,
                          stock["wind"], stock["solar"], stock["storage"]])

    capture = power_factor("ccs_capture_rate", region, "all")
    co2 = np.zeros((len(FUELS), len(YEARS)))
    captured = np.zeros(len(YEARS))
    so2 = np.zeros(len(YEARS))
    nox = np.zeros(len(YEARS))
    bc = np.zeros(len(YEARS))
    oc = np.zeros(len(YEARS))
    for i, (fuel, gen) in enumerate(zip(FUELS, (coal, gas, oil), strict=True)):
        gross_co2 = gen * fuel_t_co2_per_mwh(region, fuel)  # TWh x t/MWh = Mt
        fuel_ccs = ccs if fuel != "oil" else 0.0
        co2[i] = gross_co2 * (1.0 - fuel_ccs * capture)
        captured += gross_co2 * fuel_ccs * capture
        # g/kWh = kt/TWh; /1000 -> Mt
        so2 += gen * power_factor("so2", region, fuel) / 1000.0
        nox += gen * power_factor("nox", region, fuel) / 1000.0
        bc += gen * power_factor("bc", region, fuel) / 1000.0
        oc += gen * power_factor("oc", region, fuel) / 1000.0
    return PowerResult(region, YEARS.copy(), generation, capacity, demand, curtailment, co2,
                       captured, so2, nox, bc, oc)
