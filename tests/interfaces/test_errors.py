"""The one input-error handler every command uses, and the error hierarchy behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from accord.batch.errors import BatchInputError
from accord.climate.api import ClimateInputError
from accord.climate.files.layouts import EmissionsFileError
from accord.errors import AccordInputError
from accord.interfaces.errors import UserInputError, user_errors, writing
from accord.levers.errors import ScenarioError
from accord.levers.schema import Scenario

PROJECT_ERRORS = [BatchInputError, ClimateInputError, EmissionsFileError, ScenarioError,
                  UserInputError]


@pytest.mark.parametrize("error", PROJECT_ERRORS)
def test_project_input_errors_exit_2_with_one_line(error, capsys):
    assert issubclass(error, AccordInputError)
    with pytest.raises(typer.Exit) as caught, user_errors():
        raise error("field = 3: allowed 0..1; fix: lower it")
    assert caught.value.exit_code == 2
    assert capsys.readouterr().err == "error: field = 3: allowed 0..1; fix: lower it\n"


def test_a_scenario_validation_error_is_explained(capsys):
    with pytest.raises(typer.Exit) as caught, user_errors():
        Scenario.model_validate({"name": "x", "regions": {"Atlantis": {}}})
    assert caught.value.exit_code == 2
    assert "Atlantis" in capsys.readouterr().err


@pytest.mark.parametrize("bug", [KeyError("k"), OSError("o"), ValueError("v"), TypeError("t")])
def test_anything_else_is_a_bug_and_propagates(bug):
    with pytest.raises(type(bug)) as caught, user_errors():
        raise bug
    assert caught.value is bug


def test_writing_names_the_option_on_an_os_refusal(tmp_path: Path):
    path = tmp_path / "x.csv"
    with pytest.raises(UserInputError, match=r"--out '.*x.csv' cannot be written \(Permission"):
        with writing("--out", path):
            raise PermissionError(13, "Permission denied")


def test_printed_messages_escape_terminal_codes_and_plain_reprs(capsys) -> None:
    import doctest

    import accord.interfaces.errors as errors

    assert doctest.testmod(errors).failed == 0
    errors.report_error(ValueError("file \x1b]0;pwned\x07 has np.str_('x') and np.float64(1.5)"))
    err = capsys.readouterr().err
    assert err == "error: file \\x1b]0;pwned\\x07 has 'x' and 1.5\n"
