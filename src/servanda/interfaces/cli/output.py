"""Shared CLI plumbing: consoles, JSON output, coded usage errors, output files.

Example:
    >>> to_json({"a": 1})
    '{\\n  "a": 1\\n}'
"""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console


def terminal_width() -> int | None:
    """Terminal width on a terminal; otherwise ``COLUMNS`` or 140, so piped output is not squeezed to 80."""
    if sys.stdout.isatty():
        return None
    try:
        return max(60, int(os.environ.get("COLUMNS", "140")))
    except ValueError:
        return 140


console = Console(highlight=False, soft_wrap=False, width=terminal_width())
err_console = Console(stderr=True, highlight=False, width=terminal_width())


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any) -> str:
    """Stable, indented JSON (dates as ISO strings)."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


def print_json(data: Any) -> None:
    """Write JSON to standard output."""
    sys.stdout.write(to_json(data) + "\n")


def usage_error(code: str, message: str, hint: str | None = None, *, json_output: bool = False) -> NoReturn:
    """Report a coded usage error (exit status 2) through the CLI's one error handler."""
    from servanda.interfaces.cli.errors import usage_error as report

    report(code, message, hint, json_output=json_output)


def output_problem(path: Path) -> tuple[str, str] | None:
    """Why ``path`` cannot be written, as (message, fix), or None if it can.

    Commands check their ``-o``/``--plot`` path with this before doing any work, so a mistyped folder
    costs nothing and never ends in a traceback.

    >>> output_problem(Path("/no/such/folder/x.csv"))[0]
    'cannot write `/no/such/folder/x.csv`: the folder `/no/such/folder` does not exist'
    """
    if path.is_dir():
        return (
            f"cannot write `{path}`: it is a folder",
            f"give a file name inside it, e.g. `{path / 'out.txt'}`",
        )
    parent = path.parent
    if not parent.exists():
        return (
            f"cannot write `{path}`: the folder `{parent}` does not exist",
            f"create the folder first (`mkdir -p {parent}`) or write the file into an existing folder",
        )
    if not parent.is_dir():
        return f"cannot write `{path}`: `{parent}` is not a folder", "write the file into an existing folder"
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return (
            f"cannot write `{path}`: permission denied",
            "choose a location you can write to (e.g. your home folder or the current folder)",
        )
    return None


def check_output(path: Path | None, option: str = "--output", *, json_output: bool = False) -> None:
    """Exit with E101 (status 2) unless ``path`` (given with ``option``) can be written."""
    if path is None:
        return
    problem = output_problem(path)
    if problem is not None:
        message, fix = problem
        usage_error("E101", f"{option}: {message}", fix, json_output=json_output)


def wrote(path: Path, what: str = "output") -> None:
    """Name a file written (on standard error, so standard output stays clean)."""
    err_console.print(f"{what} written to {path}", markup=False, highlight=False, soft_wrap=True)


def write(text: str, output: Path | None, option: str = "--output") -> None:
    """Write ``text`` to standard output, or to ``output`` (and say so); unwritable: E101, exit 2."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        usage_error(
            "E101",
            f"{option}: cannot write `{output}`: {exc.strerror or exc}",
            "check that the folder exists and is writable, or choose another path",
        )
    wrote(output)


def plain_console() -> tuple[Console, io.StringIO]:
    """A console that renders plain text (no colours) into a buffer, for ``-o FILE``."""
    buffer = io.StringIO()
    out = Console(
        file=buffer,
        width=console.width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        soft_wrap=False,
    )
    return out, buffer


def plain(renderables: list[Any]) -> str:
    """What ``console.print`` would show, as plain text (no colours or markup) for ``-o FILE``."""
    out, buffer = plain_console()
    for item in renderables:
        out.print(item)
    return buffer.getvalue()


def show(renderables: list[Any], output: Path | None = None) -> None:
    """Print rich renderables, or write their plain rendering to ``output``."""
    if output is None:
        for item in renderables:
            console.print(item)
    else:
        write(plain(renderables), output)
