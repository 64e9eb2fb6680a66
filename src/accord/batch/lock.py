"""One batch at a time per results folder: an advisory lock that says who holds it.

Two batches writing into one ``OUT/`` would mix their part files (and the
last to consolidate would overwrite the other's ``results.parquet``).
:class:`FolderLock` takes an exclusive ``flock`` on ``OUT/.lock`` for the
whole run and writes the holder's process id, host, start time and command
into it; a second batch is refused with those details. The operating system
drops the lock when its holder exits, however it exits (Ctrl-C, kill -9), so
there is never a stale lock to remove by hand.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with FolderLock(folder, "--out"):
...     try:
...         FolderLock(folder, "--out").acquire()
...     except BatchInputError as exc:
...         print(str(exc)[:40])
--out = '...' is in use by another batch
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from accord.batch.errors import BatchInputError

__all__ = ["FolderLock"]

LOCK_NAME = ".lock"


class FolderLock:
    """An exclusive, self-describing lock on a results folder (a context manager).

    Parameters
    ----------
    folder : Path
        An existing folder.
    option : str
        The option that named the folder, for the message (``--out``).
    """

    def __init__(self, folder: Path, option: str = "--out") -> None:
        self.path = Path(folder) / LOCK_NAME
        self.option = option
        self._handle: IO[str] | None = None

    def acquire(self) -> FolderLock:
        """Take the lock, or raise :class:`BatchInputError` naming its holder."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no flock on this platform: no lock
            return self
        handle = open(self.path, "a+", encoding="utf-8")  # held until release
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = _describe(handle.read())
            handle.close()
            raise BatchInputError(
                f"{self.option} = {str(self.path.parent)!r} is in use by another batch "
                f"({holder}); fix: wait for it to finish, or give another {self.option} "
                "folder") from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({
            "pid": os.getpid(), "host": socket.gethostname(),
            "started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "command": " ".join(sys.argv)[:300]}))
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        """Give the lock up (closing the file releases the flock)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _describe(text: str) -> str:
    """The holder as ``pid N on HOST since T: COMMAND`` (or what is known of it)."""
    try:
        info = json.loads(text)
        return (f"pid {info['pid']} on {info['host']} since {info['started']}: "
                f"{info['command']}")
    except (ValueError, KeyError, TypeError):
        return "its holder did not say who it is"
