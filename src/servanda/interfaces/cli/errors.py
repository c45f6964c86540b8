"""The one place the CLI turns failures into output and exit statuses.

Exit statuses: 0 clean; 1 errors found (invalid input, failed checks); 2 usage errors (unknown id, bad
option value, unwritable output); 70 (EX_SOFTWARE) an unexpected exception, i.e. a bug in servanda,
reported by :func:`bug_report`.

Example:
    >>> from servanda.services.errors import usage
    >>> print(diagnostics_text(usage("E101", "no such file `x`", "", "check the path").diagnostics))
    error[E101]: no such file `x`
      = help: check the path
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.services.errors import EXIT_SOFTWARE, ServiceError, render_diagnostic, severity_of, usage


def _with_sources(
    diagnostics: Sequence[Diagnostic], texts: Mapping[str, str | None] | None
) -> dict[str, str | None]:
    """``texts``, plus the text of each file a span points into that ``texts`` lacks (read from disk)."""
    out: dict[str, str | None] = dict(texts or {})
    for d in diagnostics:
        if d.span is None or not d.file or d.file in out:
            continue
        try:
            out[d.file] = Path(d.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            out[d.file] = None
    return out


def diagnostics_text(diagnostics: Iterable[Diagnostic], texts: Mapping[str, str | None] | None = None) -> str:
    """Plain rendering of diagnostics, one after another."""
    shown = list(diagnostics)
    sources = _with_sources(shown, texts)
    return "\n".join(render_diagnostic(d, sources) for d in shown)


def print_diagnostics(
    diagnostics: Iterable[Diagnostic],
    texts: Mapping[str, str | None] | None = None,
    *,
    stderr: bool = True,
    style: str | None = None,
    unique: bool = False,
) -> None:
    """Print diagnostics coloured by severity (the one diagnostic printer of the CLI).

    With ``unique`` a diagnostic repeated (same code, message and location) is printed once.
    """
    from rich.text import Text

    from servanda.interfaces.cli.output import console, err_console

    out = err_console if stderr else console
    shown = list(diagnostics)
    sources = _with_sources(shown, texts)
    seen: set[tuple[str, str, str]] = set()
    for d in shown:
        if unique:
            if (d.code, d.message, d.location) in seen:
                continue
            seen.add((d.code, d.message, d.location))
        rendered = render_diagnostic(d, sources)
        head, _, rest = rendered.partition("\n")
        colour = style or ("red" if severity_of(d) == "error" else "yellow")
        out.print(Text(head, style=f"bold {colour}"), soft_wrap=True)
        if rest:
            out.print(Text(rest), soft_wrap=True)


#: The format of the JSON error document every command prints on standard output with ``--format json``.
ERROR_FORMAT = "servanda-error/1"


@contextmanager
def service_errors(json_output: bool = False) -> Iterator[None]:
    """Print a :class:`ServiceError`'s diagnostics (on standard error) and exit with its status.

    With ``json_output`` (a command run with ``--format json``) standard output also gets one JSON
    document of the same shape for every command: ``{"format": "servanda-error/1", "exit_code": ..,
    "diagnostics": [...]}``.
    """
    try:
        yield
    except ServandaError as exc:
        error = exc if isinstance(exc, ServiceError) else ServiceError(exc.diagnostics, exc.texts)
        if json_output:
            from servanda.interfaces.cli.output import print_json

            print_json({"format": ERROR_FORMAT, **error.to_json()})
        print_diagnostics(error.diagnostics, error.texts)
        raise typer.Exit(error.exit_code) from None


def usage_error(
    code: str, message: str, hint: str | None = None, where: str = "", *, json_output: bool = False
) -> NoReturn:
    """Report a coded usage error (a bad option or argument) through :func:`service_errors`; exit status 2."""
    with service_errors(json_output):
        raise usage(code, message, where, hint)
    raise AssertionError("unreachable")  # pragma: no cover


def bug_report(exc: BaseException, argv: Sequence[str] | None = None) -> str:
    """A short report of an unexpected exception: command line, version, exception and its last frame."""
    from servanda import __version__

    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else "unknown"
    command = " ".join(["servanda", *(argv if argv is not None else sys.argv[1:])])
    return "\n".join(
        [
            "error: servanda failed unexpectedly (this is a bug in servanda, not in your input)",
            f"  command:   {command}",
            f"  version:   servanda {__version__}, Python {sys.version.split()[0]}",
            f"  exception: {type(exc).__name__}: {exc}",
            f"  at:        {where}",
            "  = help: please report it with the lines above and, if you can, the input files; "
            f"exit status {EXIT_SOFTWARE}",
        ]
    )
