"""Text renderings of the event store results.

Example:
    >>> from servanda.services.store import StoreListResult
    >>> snapshot_table(StoreListResult("s.duckdb", True, [], {})).title
    'snapshots in s.duckdb'
"""

from __future__ import annotations

from rich.table import Table

from servanda.services.store import StoreIngestResult, StoreListResult


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
