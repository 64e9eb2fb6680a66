"""GDP per region: Maddison base years (via OWID), then SSP2 growth.

``gdp_base_year.csv`` (built by ``scripts/build_data_gdp.py``) holds GDP in
billion international-$ at 2011 prices for the years the OWID extract has;
``gdp_growth_ssp2.csv`` holds the SSP2 growth rate of each period after the last
year with data. GDP of a later year compounds those rates year by year from the
last year with data. Only regions with rows have GDP (United States, China,
India); an intensity target elsewhere is refused when the scenario is resolved.

Examples
--------
>>> round(gdp_billion_usd("India", 2005))
3753
>>> # 2022 (10,476) x 1.065^8 (SSP2 2023-2030)
>>> round(gdp_billion_usd("India", 2030) / (10476.248 * 1.065 ** 8), 6)
1.0
"""

from __future__ import annotations

from functools import cache

from accord.levers.tables import read_table

__all__ = ["gdp_billion_usd"]


@cache
def _base(region: str) -> dict[int, float]:
    return {int(r["year"]): float(r["value"]) for r in read_table("gdp_base_year.csv")
            if r["region"] == region}


@cache
def gdp_billion_usd(region: str, year: int) -> float:
    """GDP of ``region`` in ``year``, billion int-$ (2011 prices) per year.

    A year with data is returned as is; a later year compounds the SSP2 growth
    rates of ``gdp_growth_ssp2.csv`` from the last year with data.
    """
    base = _base(region)
    if not base:
        raise KeyError(f"no GDP data for {region!r} (gdp_base_year.csv)")
    if year in base:
        return base[year]
    last = max(base)
    if year < last:
        raise KeyError(f"no GDP data for {region!r} in {year} (gdp_base_year.csv)")
    rates = [(int(r["from_year"]), int(r["to_year"]), float(r["value"]))
             for r in read_table("gdp_growth_ssp2.csv") if r["region"] == region]
    value = base[last]
    for y in range(last + 1, year + 1):
        pct = next(v for lo, hi, v in rates if lo <= y <= hi)
        value *= 1.0 + pct / 100.0
    return value
