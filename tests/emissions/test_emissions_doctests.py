"""Run the docstring examples of the deal-model modules (they are part of the docs)."""

from __future__ import annotations

import pytest

from conftest import run_examples

MODULES = [
    "accord.levers", "accord.levers.schema", "accord.levers.errors", "accord.levers.loading",
    "accord.levers.tables", "accord.energy", "accord.energy.base_year",
    "accord.energy.curtailment", "accord.energy.power", "accord.energy.sectors", "accord.emissions",
    "accord.emissions.regional", "accord.emissions.targets", "accord.emissions.world",
    "accord.emissions.iamc", "accord.emissions.mix", "accord.emissions.by_sector",
    "accord.emissions.fugitive",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    run_examples(name)
