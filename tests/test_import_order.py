"""Imports flow one way along the data flow, never back.

levers -> energy -> emissions -> climate -> assessment -> pipeline -> batch ->
interfaces (architecture notes). A module may import its own stage and the
stages before it, plus the shared utilities (``accord.data``, ``accord.errors``,
``accord.io_atomic``), which themselves import no stage. The climate engine
knows nothing of levers, energy or emissions (it takes world emissions per
species), and the assessment knows nothing of any other stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "accord"
STAGES = ("levers", "energy", "emissions", "climate", "assessment", "pipeline", "batch",
          "interfaces")
SHARED = ("data", "errors", "io_atomic")
#: stages a stage must not import even though they come before it
UNRELATED = {"climate": {"levers", "energy", "emissions"},
             "assessment": {"levers", "energy", "emissions", "climate"}}


def _stage(module: str) -> str:
    """The stage of a top-level module or package (``pipeline_x.py`` is the pipeline's)."""
    return module.split("_")[0] if module.startswith("pipeline_") else module


def _files(name: str) -> list[Path]:
    folder = PACKAGE / name
    if folder.is_dir():
        return sorted(folder.rglob("*.py"))
    return sorted(p for p in PACKAGE.glob("*.py") if _stage(p.stem) == name)


def _imported_parts(path: Path) -> set[str]:
    """The stage of every ``accord.X`` import of a file (absolute imports)."""
    parts = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            dotted = name.split(".")
            if dotted[0] == "accord" and len(dotted) > 1:
                parts.add(_stage(dotted[1]))
    return parts


def test_every_module_belongs_to_a_stage_or_the_shared_utilities():
    found = {_stage(p.stem if p.is_file() else p.name) for p in PACKAGE.iterdir()
             if (p.is_dir() and (p / "__init__.py").exists()) or p.suffix == ".py"}
    assert found - {"__init__"} <= set(STAGES) | set(SHARED)


@pytest.mark.parametrize("stage", STAGES)
def test_imports_flow_one_way(stage):
    allowed = set(STAGES[:STAGES.index(stage) + 1]) - UNRELATED.get(stage, set()) | set(SHARED)
    for path in _files(stage):
        wrong = _imported_parts(path) - allowed
        assert not wrong, f"{path.relative_to(PACKAGE)} imports accord.{sorted(wrong)}"


@pytest.mark.parametrize("shared", SHARED)
def test_shared_utilities_import_no_stage(shared):
    for path in _files(shared):
        assert not _imported_parts(path) & set(STAGES), path.relative_to(PACKAGE)
