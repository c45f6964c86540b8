"""Shared CLI plumbing: consoles, JSON output, coded usage errors, output files (through ``servanda.io.writer``).

Example:
    >>> to_json({"a": 1})
    '{\\n  "a": 1\\n}'
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from servanda.io.writer import OutputError, output_problem, write_text, write_with


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


def check_output(path: Path | None, option: str = "--output", *, json_output: bool = False) -> None:
    """Exit with E101 (status 2) unless ``path`` (given with ``option``) can be written.

    Commands check their ``-o``/``--plot`` path with this before doing any work, so a mistyped folder
    costs nothing and never ends in a traceback. The check is the one writer's
    (:func:`servanda.io.writer.output_problem`).
    """
    if path is None:
        return
    problem = output_problem(path)
    if problem is not None:
        usage_error("E101", f"{option}: {problem.message}", problem.hint, json_output=json_output)


def wrote(path: Path, what: str = "output") -> None:
    """Name a file written (on standard error, so standard output stays clean)."""
    err_console.print(f"{what} written to {path}", markup=False, highlight=False, soft_wrap=True)


def save(
    path: Path, writer: Callable[[Path], object], option: str, what: str, *, json_output: bool = False
) -> None:
    """Write a file with ``writer(path)`` (a plot, a map) through the one writer, and name it; any
    problem (a folder that cannot be written, a full disk) is E101, exit 2, never a traceback."""
    try:
        write_with(path, writer)
    except OutputError as exc:
        usage_error(
            "E101", f"{option}: {exc.diagnostic.message}", exc.diagnostic.hint, json_output=json_output
        )
    wrote(path, what)


def write(text: str, output: Path | None, option: str = "--output", *, json_output: bool = False) -> None:
    """Write ``text`` to standard output, or to ``output`` (and say so); unwritable: E101, exit 2."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_text(output, text)
    except OutputError as exc:
        usage_error(
            "E101", f"{option}: {exc.diagnostic.message}", exc.diagnostic.hint, json_output=json_output
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
