"""Text renderings of the event store results.

Example:
    >>> from servanda.services.store import StoreListResult
    >>> snapshot_table(StoreListResult("s.duckdb", True, [], {})).title
    'snapshots in s.duckdb'
"""

from __future__ import annotations

from rich.table import Table

from servanda.services.store import StoreEventsResult, StoreIngestResult, StoreListResult

#: Columns shown by ``servanda store events`` in text form (JSON and CSV give every canonical column).
EVENT_TEXT_COLUMNS = ["source", "id", "date", "event_class", "actor", "target", "country", "deaths"]
#: Rows shown in text form.
TEXT_ROWS = 20


def ingest_lines(result: StoreIngestResult) -> list[str]:
    """Per file: the reader's report, then the snapshot; then the totals when there are several files."""
    lines: list[str] = []
    for item in result.ingests:
        lines.extend(item.report_lines)
        lines.append(item.snapshot.line())
    if len(result.ingests) > 1:
        t = result.totals()
        lines.append(
            f"total: read {t['rows_read']} = {t['accepted']} accepted + {t['rejected']} rejected; "
            f"{t['added']} added, {t['changed']} changed, {t['deleted']} deleted, {t['unchanged']} unchanged"
        )
    lines.append(f"store: {result.store}")
    return lines


def snapshot_table(result: StoreListResult) -> Table:
    """One row per snapshot."""
    table = Table(title=f"snapshots in {result.store}")
    for name in ("#", "source", "ingested at (UTC)", "file", "read", "accepted", "rejected"):
        table.add_column(name)
    for name in ("added", "changed", "deleted", "unchanged", "scope"):
        table.add_column(name)
    for s in result.snapshots:
        table.add_row(
            str(s.snapshot_id),
            s.source,
            s.ingested_at.strftime("%Y-%m-%d %H:%M:%S"),
            s.file or "-",
            str(s.rows_read),
            str(s.accepted),
            str(s.rejected),
            str(s.added),
            str(s.changed),
            str(s.deleted),
            str(s.unchanged),
            ("no-op" if s.no_op else "full" if s.full_export else "partial"),
        )
    return table


def events_text(result: StoreEventsResult) -> str:
    """A count line and the first rows as a plain table."""
    from servanda.interfaces.cli.output import plain

    when = result.as_of_data.isoformat() if result.as_of_data is not None else "now"
    frame = result.events
    counts = frame.group_by("source").len().sort("source").iter_rows()
    per_source = ", ".join(f"{s} {n}" for s, n in counts) or "none"
    head = f"{frame.height} events in {result.store} as known {when} ({per_source})"
    table = Table(title=None)
    for name in EVENT_TEXT_COLUMNS:
        table.add_column(name)
    for row in frame.select(EVENT_TEXT_COLUMNS).head(TEXT_ROWS).iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    more = (
        f"… {frame.height - TEXT_ROWS} more (--format csv or json gives all)\n"
        if frame.height > TEXT_ROWS
        else ""
    )
    return head + "\n" + (plain([table]) if frame.height else "") + more
