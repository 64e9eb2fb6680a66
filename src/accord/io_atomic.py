"""Write files atomically: to a fresh temporary name beside the target, then rename.

Every file accord writes (results, tables, figures, caches, the package data) goes
through here, so a crash or Ctrl-C never leaves a half-written file under the final
name, and every output has the same permissions as any other new file of the process
(``0o666`` less the umask, so ``0644`` under the usual umask ``022``) -- unlike
``tempfile.mkstemp``, whose files are ``0600``.

This module belongs to no stage of the data flow and imports nothing from accord, so
every stage may use it.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_text(folder / "a.csv") as fh:
...     _ = fh.write("x,y\\n1,2\\n")
>>> (folder / "a.csv").read_text()
'x,y\\n1,2\\n'
>>> _ = write_atomic(folder / "b.txt", lambda tmp: tmp.write_text("done"))
>>> sorted(p.name for p in folder.iterdir())
['a.csv', 'b.txt']
"""

from __future__ import annotations

import gzip
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_path", "atomic_text", "write_atomic"]

#: permissions asked for on creation; the process umask is applied as for ``open()``
FILE_MODE = 0o666

#: gzip level for ``.gz`` text outputs (6 is gzip's own default trade-off)
GZIP_LEVEL = 6


def _fresh_temporary(path: Path) -> Path:
    """Create and return an empty, unique, hidden file beside ``path``.

    The name keeps ``path``'s suffix at its end, so writers that pick a format from the
    suffix (matplotlib, pandas compression) see the final one.
    """
    while True:
        tmp = path.with_name(f".{path.stem}.{secrets.token_hex(6)}.tmp{path.suffix}")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue
        os.close(fd)
        return tmp


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed onto ``path`` when the block succeeds.

    Parameters
    ----------
    path : str or Path
        Final file name; its folder must exist.

    Yields
    ------
    Path
        An existing empty file in the same folder, to be overwritten by the caller.
        On an exception it is removed and ``path`` is left as it was.
    """
    target = Path(path)
    tmp = _fresh_temporary(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary path, then rename it onto ``path``.

    Parameters
    ----------
    path : str or Path
        Final file name; its folder must exist.
    write : callable
        Writes the whole file to the path it is given.

    Returns
    -------
    Path
        ``path``.
    """
    with atomic_path(path) as tmp:
        write(tmp)
    return Path(path)


@contextmanager
def atomic_text(path: str | Path) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose contents replace ``path`` when the block succeeds.

    The file is gzip-compressed when ``path`` ends with ``.gz``. Newlines are written
    as given (``newline=""``), as the csv module expects.
    """
    with atomic_path(path) as tmp:
        if Path(path).name.endswith(".gz"):
            with gzip.open(tmp, "wt", compresslevel=GZIP_LEVEL, newline="",
                           encoding="utf-8") as handle:
                yield handle
        else:
            with open(tmp, "w", newline="", encoding="utf-8") as handle:
                yield handle
