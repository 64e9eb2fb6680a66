"""Run the docstring examples of the web modules (they are part of the docs)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["accord.interfaces.web.app", "accord.interfaces.web.schemas",
           "accord.interfaces.web.service", "accord.interfaces.web.errors"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
