"""The one writer for every ``-o``/``--output``/``--plot`` path: problems are coded diagnostics.

A folder, a missing parent folder, a read-only place or a full device (``/dev/full``) gives
E101 with the path and a fix, never a traceback. :func:`output_problem` checks a path before
any work is done; :func:`write_text`/:func:`write_bytes`/:func:`write_with` write and report.

Example:
    >>> output_problem("/no/such/folder/x.csv").message
    'cannot write `/no/such/folder/x.csv`: the folder `/no/such/folder` does not exist'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from servanda.diagnostics import Diagnostic, ServandaError


class OutputError(ServandaError):
    """A file could not be written; carries the coded diagnostic (E101)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)

    @property
    def diagnostic(self) -> Diagnostic:
        """The one diagnostic."""
        return self.diagnostics[0]


def output_problem(path: str | Path) -> Diagnostic | None:
    """Why ``path`` cannot be written (E101 with a fix), or None if it can."""
    path = Path(path)
    file = str(path)
    if path.is_dir():
        return Diagnostic(
            "E101",
            f"cannot write `{path}`: it is a folder",
            file,
            hint=f"give a file name inside it, e.g. `{path / 'out.txt'}`",
        )
    parent = path.parent
    if not parent.exists():
        return Diagnostic(
            "E101",
            f"cannot write `{path}`: the folder `{parent}` does not exist",
            file,
            hint=f"create the folder first (`mkdir -p {parent}`) or write the file into an existing folder",
        )
    if not parent.is_dir():
        return Diagnostic(
            "E101",
            f"cannot write `{path}`: `{parent}` is not a folder",
            file,
            hint="write the file into an existing folder",
        )
    writable = os.access(path, os.W_OK) if path.exists() else os.access(parent, os.W_OK)
    if not writable:
        return Diagnostic(
            "E101",
            f"cannot write `{path}`: permission denied",
            file,
            hint="choose a location you can write to (e.g. your home folder or the current folder)",
        )
    return None


def _failed(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        Diagnostic(
            "E101",
            f"cannot write `{path}`: {reason}",
            str(path),
            hint="check that the folder exists and is writable and the disk is not full, or choose another path",
        )
    )


def write_with(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Check ``path``, then call ``write(path)`` (e.g. a plotting function); raise :class:`OutputError`."""
    path = Path(path)
    problem = output_problem(path)
    if problem is not None:
        raise OutputError(problem)
    try:
        write(path)
    except OSError as exc:
        raise _failed(path, exc) from exc
    return path


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (flushed, so a full disk is reported); raise :class:`OutputError`."""

    def _write(target: Path) -> None:
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()

    return write_with(path, _write)


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path``; raise :class:`OutputError` (E101) on any problem."""
    return write_bytes(path, text.encode("utf-8"))
