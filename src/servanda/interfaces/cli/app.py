"""The ``servanda`` command line.

Each command lives in its own module under :mod:`servanda.interfaces.cli.commands` and exposes
``register(app)``; this module only assembles them.

Example:
    $ servanda check src/servanda/data/library
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="servanda",
    help="Security guarantees between states, written as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES: list[str] = [
    "servanda.interfaces.cli.commands.core",
    "servanda.interfaces.cli.commands.analyses",
    "servanda.interfaces.cli.commands.ratify",
]


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(app)


_register_all()


def main() -> None:
    """Entry point of the ``servanda`` console script."""
    app()
