"""Option types shared by the commands, declared once so every command spells them alike.

Example:
    >>> OutputFormat("json") is OutputFormat.json
    True
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class OutputFormat(StrEnum):
    """``--format`` of the commands that print text or JSON."""

    text = "text"
    json = "json"


#: ``--format/-f``: text (default) or json.
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="text (default) or json.")]
#: ``--output/-o``: the file to write instead of standard output.
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
#: ``--scheduler``: the Dask scheduler ``--engine dask`` runs on (default: a local cluster).
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="With --engine dask: scheduler address (tcp://HOST:PORT); default: $SERVANDA_DASK_SCHEDULER, "
        "else a local cluster.",
    ),
]
#: ``--engine``: the evaluation engine (services default to ``DEFAULT_ENGINE`` when it is not given).
EngineOption = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Evaluation engine: columnar (default, vectorised), reference (the oracle) or dask "
        "(partitions on a Dask cluster).",
    ),
]
#: ``--workers``: processes of the local Dask cluster.
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", help="With --engine dask: worker processes of the local cluster (default 2)."),
]
