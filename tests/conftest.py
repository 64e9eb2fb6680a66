"""Shared test fixtures.

``../shared`` (beside the checkout) holds the public reference data. It is
resolved here, once. On a user's fresh clone it is absent and the tests that
need it skip with the reason; under CI (``CI=true``) its absence is a failure.
"""

from __future__ import annotations

import doctest
import importlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _shared_or_skip() -> Path:
    if (SHARED / "data").is_dir():
        return SHARED
    reason = ("the public reference data folder ../shared is not beside this checkout; "
              "the comparisons against the public FaIR outputs need it")
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def require(available: bool, reason: str) -> None:
    """Skip the calling test module when a dependency is missing; under CI, fail.

    Call at module level: a skipped module reports ``reason``; with ``CI=true``
    the collection fails, so a green CI run means every test ran.
    """
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder (skip, or fail under CI, when it is absent)."""
    return _shared_or_skip()


@pytest.fixture(scope="session")
def fair_reference_dir(shared_dir: Path) -> Path:
    """``../shared/data/fair-reference``: outputs of the public fair 2.2.5."""
    return shared_dir / "data" / "fair-reference"


@pytest.fixture(scope="session")
def ar6_sample_dir(shared_dir: Path) -> Path:
    """``../shared/data/ar6-sample``: two AR6 scenario-database files and their indicators."""
    return shared_dir / "data" / "ar6-sample"


@pytest.fixture(scope="session")
def fair_calibration_dir(shared_dir: Path) -> Path:
    """``../shared/data/fair-calibration-1.4.1``: the calibration inputs."""
    return shared_dir / "data" / "fair-calibration-1.4.1"


def modules_with_examples(package: str) -> list[str]:
    """Dotted names of the modules under ``package`` whose source has docstring examples."""
    folder = SRC.joinpath(*package.split("."))
    names = []
    for path in sorted(folder.rglob("*.py")):
        if ">>> " in path.read_text():
            parts = path.relative_to(SRC).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def run_examples(name: str) -> None:
    """Run the docstring examples of module ``name``; at least one must run, none fail."""
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name}: no docstring example ran"
    assert result.failed == 0, f"{name}: {result.failed} docstring examples failed"
