"""Run the docstring examples of the top-level modules and the data package (they are docs)."""

from __future__ import annotations

import pytest

from conftest import run_examples

MODULES = ["accord.pipeline", "accord.pipeline.emissions_file", "accord.data", "accord.errors",
           "accord.io_atomic"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    run_examples(name)
