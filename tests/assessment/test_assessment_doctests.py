"""Run the docstring examples of every assessment module that has them (they are docs)."""

from __future__ import annotations

import pytest

from conftest import modules_with_examples, run_examples

MODULES = modules_with_examples("accord.assessment")


def test_the_documented_modules_are_found():
    assert {"accord.assessment.attribution", "accord.assessment.budgets",
            "accord.assessment.categories", "accord.assessment.metrics"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    run_examples(name)
