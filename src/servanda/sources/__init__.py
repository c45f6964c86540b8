"""Event sources: adapters that read conflict-event data as users download it into the canonical table.

The canonical table is defined once in :mod:`servanda.sources.schema`. :func:`read_events_file` reads
ACLED, UCDP GED (CSV or API JSON), GDELT 1.0/2.0 and servanda's own files; every row read is either
accepted or rejected with a grouped, coded reason (:class:`IngestReport`). Mappings and their
rationale: ``docs/sources.md``.

Example:
    >>> SOURCES
    ('acled', 'ucdp_ged', 'ucdp_api', 'gdelt2', 'gdelt1', 'canonical')
"""

from servanda.sources.detect import SOURCES, detect_source
from servanda.sources.read import read_events_file, read_events_rows
from servanda.sources.report import Ingest, IngestReport, RejectGroup

__all__ = [
    "SOURCES",
    "Ingest",
    "IngestReport",
    "RejectGroup",
    "detect_source",
    "read_events_file",
    "read_events_rows",
]
