"""Run the docstring examples of the web modules (they are part of the docs)."""

from __future__ import annotations

import pytest

from conftest import run_examples

# the modules with examples (schemas and errors have none)
MODULES = ["accord.interfaces.web.app", "accord.interfaces.web.service"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    run_examples(name)
