"""The README's and docs/batch.md's sweep and solve examples: run as written, they print
what the documents show (a documented example must show a real result).

When a change of the model moves these numbers, run the commands of the ```console blocks
again and paste their output (a target may need moving to stay reachable)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.interfaces.cli import app

ROOT = Path(__file__).parents[1]
#: lines that depend on the machine (wall time), compared up to their number
TIMED = re.compile(r"in [0-9.]+ s,")
#: a progress bar line (the tests run with --no-progress)
BAR = re.compile(r"^scenarios ━+")


def _console_blocks(path: Path, command: str) -> list[tuple[list[str], list[str]]]:
    """(arguments, printed lines) of each ```console block running ``accord COMMAND``."""
    blocks = re.findall(r"```console\n(.*?)```", path.read_text(), flags=re.S)
    out = []
    for block in blocks:
        lines = block.rstrip("\n").split("\n")
        if not lines[0].startswith(f"$ accord {command} "):
            continue
        text = lines[0][2:]
        rest = lines[1:]
        while text.endswith("\\"):  # continued command lines
            text = text[:-1] + " " + rest.pop(0).strip()
        out.append((shlex.split(text)[1:], rest))
    return out


def _same(shown: list[str], printed: list[str]) -> None:
    assert [TIMED.sub("in _ s,", x) for x in printed] == [TIMED.sub("in _ s,", x)
                                                          for x in shown]


SOLVES = [(path.name, args, shown) for path in (ROOT / "README.md", ROOT / "docs" / "batch.md")
          for args, shown in _console_blocks(path, "solve")]


@pytest.mark.parametrize(("doc", "args", "shown"), SOLVES, ids=[s[0] for s in SOLVES])
def test_documented_solve_examples_print_what_the_documents_show(doc, args, shown):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    _same(shown, result.stderr.splitlines() + result.stdout.splitlines())


def test_there_are_documented_examples():
    assert {doc for doc, _, _ in SOLVES} == {"README.md", "batch.md"}
    assert len(_console_blocks(ROOT / "README.md", "sweep")) == 1


def test_the_readme_sweep_example_prints_what_the_readme_shows(tmp_path, monkeypatch):
    [(args, shown)] = _console_blocks(ROOT / "README.md", "sweep")
    monkeypatch.chdir(tmp_path)  # --out sweep/ lands here
    result = CliRunner().invoke(app, [*args, "--no-progress"])
    assert result.exit_code == 0, result.output
    _same([x for x in shown if not BAR.match(x)], result.stdout.splitlines())
    effect = float(re.search(r"effect ([-+0-9.]+)", result.stdout).group(1))
    assert effect != 0.0  # the metric moves with the lever
