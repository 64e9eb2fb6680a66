"""A batch of emissions scenarios reads files as ``accord assess`` does (one reader)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from accord.batch.sources import read_source
from accord.climate.emissions_io import EmissionsInfilledWarning, load_emissions

IMAGE = "ar6_scenarios__IMAGE_3.0__EN_INDCi2030_3000f__emissions.csv"
NATIVE = ["Emissions|CO2|Energy and Industrial Processes", "Emissions|CO2|AFOLU",
          "Emissions|CH4", "Emissions|N2O", "Emissions|Sulfur"]


def test_ar6_file_items_equal_what_assess_reads(ar6_sample_dir: Path) -> None:
    [item] = read_source(ar6_sample_dir / IMAGE)
    assert item.error is None and item.emissions is not None
    da = load_emissions(ar6_sample_dir / IMAGE)
    assert np.array_equal(item.emissions, da.isel(scenario=0).values)
    # the file's values start in 2015: warm-started from the shipped history's 2014
    assert (item.first_year, item.history_end) == (1750, 2014)


def test_items_built_on_the_reference_history_share_it_to_2023(tmp_path: Path) -> None:
    from accord.emissions.iamc import iamc_frame

    frame = iamc_frame(["current-policies", "sunnylands-2023"])  # values from 2024
    frame.to_csv(tmp_path / "deals.csv", index=False)
    items = read_source(tmp_path / "deals.csv")
    assert [(i.name, i.history_end) for i in items] == [("current-policies", 2023),
                                                        ("sunnylands-2023", 2023)]


def test_native_file_items_are_infilled_with_a_warning(ar6_sample_dir: Path,
                                                       tmp_path: Path) -> None:
    df = pd.read_csv(ar6_sample_dir / IMAGE)
    path = tmp_path / "native.csv"
    df[df["Variable"].isin(NATIVE)].to_csv(path, index=False)
    with pytest.warns(EmissionsInfilledWarning, match="infilled 46 species"):
        [item] = read_source(path)
    assert item.error is None and item.emissions is not None
    assert item.emissions.shape == (351, 51)
