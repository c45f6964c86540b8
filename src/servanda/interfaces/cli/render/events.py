"""Text rendering of ``servanda events inspect``: the ingest report, then a table of sample rows.

Example:
    >>> from servanda.services import inspect_events
    >>> table = samples_table(inspect_events("tests/fixtures/sources/ucdp_ged_ukraine_excerpt.csv", sample=2))
    >>> table.row_count
    2
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from servanda.interfaces.cli.output import console
from servanda.services.events import EventsInspection

#: Columns shown for sample rows.
SAMPLE_COLUMNS = ("id", "date", "event_class", "actor", "target", "country", "deaths", "lon", "lat")


def samples_table(result: EventsInspection) -> Table:
    """The first canonical rows as a table."""
    table = Table(title="first rows (canonical)", title_justify="left")
    for name in SAMPLE_COLUMNS:
        table.add_column(name, overflow="fold")
    for row in result.samples:
        table.add_row(*[escape("" if row.get(c) is None else str(row.get(c))) for c in SAMPLE_COLUMNS])
    return table


def print_inspection(result: EventsInspection) -> None:
    """The report lines (counts first), its hints, and the sample rows."""
    report = result.report
    lines = report.lines()
    style = "green" if report.rejected == 0 else "yellow"
    console.print(escape(lines[0]), style=style)
    for line in lines[1:]:
        console.print(escape(line), markup=True)
    for group in report.groups:
        if group.hint:
            console.print(f"  = help [{group.code}]: {escape(group.hint)}", style="dim", markup=False)
    console.print(f"  sha256 {report.sha256}", style="dim", markup=False)
    if result.samples:
        console.print(samples_table(result))
