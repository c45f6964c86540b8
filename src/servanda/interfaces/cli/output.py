"""Shared CLI plumbing: consoles, JSON output, coded usage errors.

Example:
    >>> to_json({"a": 1})
    '{\\n  "a": 1\\n}'
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from servanda.model.instrument import Instrument


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


def usage_error(code: str, message: str, hint: str | None = None) -> NoReturn:
    """Print a coded usage error and exit with status 2."""
    err_console.print(f"[bold red]error[{code}][/]: {message}")
    if hint:
        err_console.print(f"  = help: {hint}")
    raise typer.Exit(2)


def resolve_or_exit(name: str, what: str = "instrument") -> Path:
    """The file for a path or bundled id, or exit 2 with E101 and a suggestion."""
    from servanda.language.library import UnknownInstrument, resolve

    try:
        return resolve(name)
    except UnknownInstrument as exc:
        usage_error(
            "E101",
            f"no such {what} file or bundled id `{name}`",
            f"did you mean `{exc.suggestion}`?" if exc.suggestion else "`servanda library` lists bundled ids",
        )


def load_or_exit(name: str, what: str = "instrument") -> tuple[Instrument, Path]:
    """Resolve (path or bundled id) and load an instrument, or exit: E101 unknown (2), invalid file (1)."""
    from rich.text import Text

    from servanda.language.diagnostics import render
    from servanda.language.loader import load_instrument

    path = resolve_or_exit(name, what)
    result = load_instrument(path)
    if result.instrument is None:
        for diagnostic in result.diagnostics:
            err_console.print(Text(render(diagnostic, result.document.text)), soft_wrap=True)
        raise typer.Exit(1)
    return result.instrument, path
