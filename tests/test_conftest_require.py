"""A missing test input skips on a user's machine and fails under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MODULE = """
from conftest import require

require(False, "needs something that is not installed")


def test_never_runs():
    pass
"""


# pytest's exit codes: 5 = no test ran (all skipped), 2 = collection failed
@pytest.mark.parametrize(("ci", "outcome", "code"), [("", "1 skipped", 5), ("true", "error", 2)])
def test_require_skips_or_fails(tmp_path: Path, ci: str, outcome: str, code: int) -> None:
    (tmp_path / "test_needs_input.py").write_text(MODULE)
    env = {**os.environ, "CI": ci,
           "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-rs", str(tmp_path)], cwd=tmp_path, env=env, capture_output=True,
                          text=True)
    assert outcome in done.stdout, done.stdout
    assert done.returncode == code, done.stdout
    assert "needs something that is not installed" in done.stdout
