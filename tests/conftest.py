"""Shared test fixtures.

``../shared`` (beside the checkout) holds the public reference data. It is
resolved here, once. On a user's fresh clone it is absent and the tests that
need it skip with the reason; under CI (``CI=true``) its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder (skip, or fail under CI, when it is absent)."""
    return _shared_or_skip()


@pytest.fixture(scope="session")
def fair_reference_dir(shared_dir: Path) -> Path:
    """``../shared/data/fair-reference``: outputs of the public fair 2.2.5."""
    return shared_dir / "data" / "fair-reference"


@pytest.fixture(scope="session")
def fair_calibration_dir(shared_dir: Path) -> Path:
    """``../shared/data/fair-calibration-1.4.1``: the calibration inputs."""
    return shared_dir / "data" / "fair-calibration-1.4.1"
