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

from servanda.diagnostics import Diagnostic, ServandaError, render

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

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


def _source_text(diagnostic: Diagnostic, texts: Mapping[str, str | None]) -> str | None:
    """The text of the diagnostic's file: from ``texts``, else read from disk when the span needs it."""
    if diagnostic.file in texts:
        return texts[diagnostic.file]
    if diagnostic.span is None or not diagnostic.file:
        return None
    try:
        return Path(diagnostic.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def print_diagnostics(
    diagnostics: Iterable[Diagnostic],
    texts: Mapping[str, str | None] | None = None,
    to: Console | None = None,
) -> None:
    """The one way the CLI prints diagnostics: the compiler-style rendering, errors red, others yellow."""
    from rich.text import Text

    out = to if to is not None else err_console
    seen: set[tuple[str, str, str]] = set()
    for d in diagnostics:
        if (d.code, d.message, d.location) in seen:
            continue
        seen.add((d.code, d.message, d.location))
        style = "red" if d.severity == "error" else "yellow"
        head, _, rest = render(d, _source_text(d, texts or {})).partition("\n")
        out.print(Text(head, style=f"bold {style}"), soft_wrap=True)
        if rest:
            out.print(Text(rest), soft_wrap=True)


def fail(
    error: ServandaError | Iterable[Diagnostic],
    texts: Mapping[str, str | None] | None = None,
    code: int = 1,
    as_json: bool = False,
) -> NoReturn:
    """Report diagnostics and exit: text on stderr, or ``{"diagnostics": [...]}`` on stdout with ``as_json``."""
    if isinstance(error, ServandaError):
        diagnostics, texts = error.diagnostics, {**error.texts, **(texts or {})}
    else:
        diagnostics = list(error)
    if as_json:
        print_json({"diagnostics": [d.to_json() for d in diagnostics]})
    else:
        print_diagnostics(diagnostics, texts)
    raise typer.Exit(code)


def usage_error(code: str, message: str, hint: str | None = None, where: str = "") -> NoReturn:
    """Print a coded usage error (a bad option or argument) and exit with status 2."""
    fail([Diagnostic(code, message, where, hint=hint)], code=2)


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
    from servanda.language.loader import load_instrument

    path = resolve_or_exit(name, what)
    result = load_instrument(path)
    if result.instrument is None:
        fail(result.diagnostics, {str(path): result.document.text})
    return result.instrument, path
