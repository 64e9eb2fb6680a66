"""Run the docstring examples of the deal-model modules (they are part of the docs)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "accord.levers", "accord.levers.schema", "accord.levers.errors", "accord.levers.loading",
    "accord.levers.tables", "accord.energy", "accord.energy.base_year",
    "accord.energy.curtailment", "accord.energy.power", "accord.emissions",
    "accord.emissions.regional", "accord.emissions.targets", "accord.emissions.world",
    "accord.emissions.iamc",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
