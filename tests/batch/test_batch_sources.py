"""Reading batch sources: the shared history of an IAMC file, duplicate names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.batch import BatchInputError, read_source
from accord.batch.sources import _shared_history_end


def test_shared_history_end_hand_cases() -> None:
    values = np.zeros((2, 5, 1))  # two scenarios, years 2019..2023
    assert _shared_history_end(values, 2019) == 2023  # identical throughout
    values[1, 2, 0] = 1.0  # they differ from 2021
    assert _shared_history_end(values, 2019) == 2020
    values[1, 0, 0] = 1.0  # they differ from the first year: nothing shared
    assert _shared_history_end(values, 2019) == 2018
    longer = np.zeros((1, 10, 1))  # one scenario 2019..2028: shared up to HISTORY_END
    assert _shared_history_end(longer, 2019) == 2023


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "same"\n')
    (tmp_path / "b.toml").write_text('name = "same"\n')
    with pytest.raises(BatchInputError, match="two scenarios are named 'same'"):
        read_source(tmp_path)


def test_unreadable_toml_becomes_a_failed_item(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text('name = "good"\n')
    (tmp_path / "bad.toml").write_text('name = "bad\n')
    items = {i.name: i for i in read_source(tmp_path)}
    assert items["good"].error is None and items["good"].scenario is not None
    assert "not valid TOML" in (items["bad"].error or "")


def test_iamc_scenario_the_reader_refuses_is_a_failed_item(tmp_path: Path) -> None:
    import pandas as pd

    from accord.emissions.iamc import iamc_frame

    good = iamc_frame("current-policies")
    broken = good.assign(scenario="broken")
    broken = broken[~((broken["region"] == "World") & (broken["variable"] == "Emissions|CH4"))]
    pd.concat([good, broken]).to_csv(tmp_path / "iamc.csv", index=False)
    items = {i.name: i for i in read_source(tmp_path / "iamc.csv")}
    assert list(items) == ["current-policies", "broken"]
    assert items["current-policies"].error is None
    assert items["current-policies"].emissions is not None
    assert "CH4" in (items["broken"].error or "")
