"""Run the docstring examples of the lever modules (they are part of the docs)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["accord.levers.loading", "accord.levers.errors", "accord.levers.reading",
           "accord.levers.schema", "accord.levers.tables", "accord.levers.fields",
           "accord.levers.sectors"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
