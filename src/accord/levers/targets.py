"""Economy-wide targets of a region: a GHG cut, a CO2 peak, net zero, an intensity cut.

The targets are spread over sectors and gases by the rule of
:mod:`accord.emissions.targets`; here they are validated as a whole (a cut needs its
base and target years, a base year needs data).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from accord.levers.fields import (
    BASE_YEAR,
    FIRST_LEVER_YEAR,
    GHG_BASE_YEARS,
    INTENSITY_BASE_YEARS,
    LAST_YEAR,
    LeverGroup,
    value_lever,
)

__all__ = ["TargetLevers"]


class TargetLevers(LeverGroup):
    """Top-down economy-wide targets, spread over sectors and gases by a documented rule."""

    sector = "targets"

    ghg_cut_pct: float | None = value_lever(
        0, 100, "%", "net GHG (AR6 GWP100, incl. land) cut below the base year")
    ghg_base_year: int | Literal["peak"] | None = Field(
        default=None, description="base year of the GHG cut (1990, 2005, 2015, 2020, 2023 or peak)",
        json_schema_extra={"unit": "year"})
    ghg_target_year: int | None = value_lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year", "year the GHG cut is reached")
    co2_peak_year: int | None = value_lever(
        BASE_YEAR, LAST_YEAR, "year", "net CO2 does not rise after this year")
    net_zero_year: int | None = value_lever(
        2030, LAST_YEAR, "year", "year net emissions (scope below) reach zero")
    net_zero_scope: Literal["co2", "ghg"] | None = Field(
        default=None, description="what the net-zero year covers: co2 or ghg",
        json_schema_extra={"unit": "choice"})
    intensity_cut_pct: float | None = value_lever(
        0, 100, "%", "emissions per unit of GDP cut below the base year's (scope below)")
    intensity_base_year: int | None = Field(
        default=None, description="base year of the intensity cut (1990, 2005, 2015 or 2020; "
        "a year with GDP data: United States, China, India)", json_schema_extra={"unit": "year"})
    intensity_target_year: int | None = value_lever(
        FIRST_LEVER_YEAR, LAST_YEAR, "year", "year the intensity cut is reached")
    intensity_scope: Literal["co2", "ghg"] | None = Field(
        default=None, description="what the intensity counts: net co2 or net ghg (inventory "
        "land use); unset: ghg", json_schema_extra={"unit": "choice"})

    @model_validator(mode="after")
    def _consistent(self) -> TargetLevers:
        if self.ghg_cut_pct is not None:
            if self.ghg_target_year is None or self.ghg_base_year is None:
                raise ValueError(
                    f"ghg_cut_pct = {self.ghg_cut_pct} needs ghg_base_year and ghg_target_year; "
                    "fix: add both (e.g. ghg_base_year = 2005, ghg_target_year = 2030)")
        if (isinstance(self.ghg_base_year, int) and self.ghg_target_year is not None
                and self.ghg_target_year <= self.ghg_base_year):
            raise ValueError(
                f"ghg_target_year = {self.ghg_target_year} is not after ghg_base_year = "
                f"{self.ghg_base_year}; allowed: a target year after the base year; fix: move "
                "ghg_target_year later or pick an earlier base year")
        if isinstance(self.ghg_base_year, int) and self.ghg_base_year not in GHG_BASE_YEARS:
            raise ValueError(
                f"ghg_base_year = {self.ghg_base_year} has no base-year data; allowed: "
                f"{', '.join(map(str, GHG_BASE_YEARS))} or \"peak\"; fix: pick one of these")
        self._consistent_intensity()
        if (self.net_zero_year is not None and self.ghg_target_year is not None
                and self.net_zero_year <= self.ghg_target_year):
            raise ValueError(
                f"net_zero_year = {self.net_zero_year} is not after ghg_target_year = "
                f"{self.ghg_target_year}; allowed: a later year; fix: move net_zero_year later")
        return self

    def _consistent_intensity(self) -> None:
        base, target = self.intensity_base_year, self.intensity_target_year
        if self.intensity_cut_pct is not None and (base is None or target is None):
            raise ValueError(
                f"intensity_cut_pct = {self.intensity_cut_pct} needs intensity_base_year and "
                "intensity_target_year; fix: add both (e.g. intensity_base_year = 2005, "
                "intensity_target_year = 2030)")
        if base is not None and base not in INTENSITY_BASE_YEARS:
            raise ValueError(
                f"intensity_base_year = {base} has no GDP and emissions data; allowed: "
                f"{', '.join(map(str, INTENSITY_BASE_YEARS))}; fix: pick one of these")
        if base is not None and target is not None and target <= base:
            raise ValueError(
                f"intensity_target_year = {target} is not after intensity_base_year = {base}; "
                "allowed: a later year; fix: move intensity_target_year later")
