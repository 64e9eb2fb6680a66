"""The one atomic writer: temporary name beside the target, rename, ordinary permissions."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from accord import io_atomic
from accord.io_atomic import atomic_path, atomic_text, write_atomic


def _plain_mode(folder: Path) -> int:
    """Permissions of a file made by plain ``open()`` in this process."""
    plain = folder / "plain-reference"
    plain.write_text("")
    mode = plain.stat().st_mode
    plain.unlink()
    return mode


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_files_get_the_same_mode_as_open_would_give(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a.csv", lambda tmp: tmp.write_text("x\n"))
        with atomic_text(tmp_path / "b.csv.gz") as fh:
            fh.write("y\n")
        expected = _plain_mode(tmp_path)
    finally:
        os.umask(old)
    assert (tmp_path / "a.csv").stat().st_mode == expected
    assert (tmp_path / "b.csv.gz").stat().st_mode == expected
    assert expected & 0o777 == 0o666 & ~umask


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_text(path) as handle:
        handle.write("half")
        raise RuntimeError("disk full")
    assert path.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [path]


def test_a_failed_rename_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(io_atomic.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomic(tmp_path / "x.txt", lambda tmp: tmp.write_text("x"))
    assert list(tmp_path.iterdir()) == []


def test_temporary_is_hidden_beside_the_target_and_keeps_its_suffix(tmp_path: Path) -> None:
    seen: list[Path] = []
    with atomic_path(tmp_path / "fig.png") as tmp:
        seen.append(tmp)
        assert tmp.exists() and tmp.parent == tmp_path
    assert seen[0].name.startswith(".fig.") and seen[0].suffix == ".png"
    assert not seen[0].exists()


def test_gzip_by_suffix_and_newlines_as_written(tmp_path: Path) -> None:
    with atomic_text(tmp_path / "t.csv.gz") as fh:
        fh.write("a,b\r\n1,2\n")
    with gzip.open(tmp_path / "t.csv.gz", "rb") as raw:
        assert raw.read() == b"a,b\r\n1,2\n"
    with atomic_text(tmp_path / "t.csv") as fh:
        fh.write("a,b\r\n")
    assert (tmp_path / "t.csv").read_bytes() == b"a,b\r\n"


def test_missing_folder_is_an_os_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "x.txt", lambda tmp: tmp.write_text("x"))
    assert list(tmp_path.iterdir()) == []


def test_docstring_examples_run() -> None:
    import doctest

    result = doctest.testmod(io_atomic)
    assert result.attempted >= 4 and result.failed == 0
