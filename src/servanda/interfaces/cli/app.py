"""The ``servanda`` command line.

Each command lives in its own module under :mod:`servanda.interfaces.cli.commands` and exposes
``register(app)``; this module only assembles them. Command modules import their services (and with
them numpy, scipy, polars, shapely ...) only when a command runs, so ``servanda --help``,
``servanda --version`` and ``servanda library`` start fast.

Exit statuses: 0 clean; 1 errors found; 2 usage errors; 70 an unexpected exception (a bug: a short
report is printed, see :func:`main`).

Example:
    $ servanda check src/servanda/data/library
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

app = typer.Typer(
    name="servanda",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES: list[str] = [
    "servanda.interfaces.cli.commands.core",
    "servanda.interfaces.cli.commands.analyses",
    "servanda.interfaces.cli.commands.ratify",
    "servanda.interfaces.cli.commands.assess",
    "servanda.interfaces.cli.commands.events",
    "servanda.interfaces.cli.commands.monitor",
    "servanda.interfaces.cli.commands.store",
    "servanda.interfaces.cli.commands.frontline",
]


def _version(value: bool) -> None:
    if value:
        from servanda import __version__

        typer.echo(f"servanda {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Security guarantees between states, written as code.

    Exit status: 0 clean, 1 errors found, 2 usage error, 70 internal error (a bug in servanda).
    """


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(app)


_register_all()


def main() -> None:
    """Entry point of the ``servanda`` console script, with the last-resort handler.

    Coded diagnostics exit 1 or 2 inside the commands; anything else that escapes is a bug: print a
    short bug report (command line, version, exception, its last frame) and exit 70 (EX_SOFTWARE).
    """
    from servanda.services.errors import EXIT_SOFTWARE

    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:
        from servanda.interfaces.cli.errors import bug_report

        sys.stderr.write(bug_report(exc) + "\n")
        sys.exit(EXIT_SOFTWARE)
