"""Run the docstring examples of every web module that has them (they are part of the docs)."""

from __future__ import annotations

import pytest

from conftest import modules_with_examples, run_examples

MODULES = modules_with_examples("accord.interfaces.web")


def test_the_documented_modules_are_found():
    assert "accord.interfaces.web.app" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    run_examples(name)
