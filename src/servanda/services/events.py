"""``inspect_events``: how servanda reads an events download (ACLED, UCDP, GDELT, canonical).

Returns the ingest report (rows read = accepted + rejected, rejections grouped by reason, unmapped
values) and a few canonical sample rows. A file that cannot be read at all raises
:class:`~servanda.services.errors.ServiceError` (exit 2 for an unknown ``--source`` or a missing file,
1 otherwise).

Example:
    >>> result = inspect_events("tests/fixtures/sources/ucdp_ged_ukraine_excerpt.csv", sample=1)
    >>> result.report.source, result.report.rows_read, result.report.reconciles
    ('ucdp_ged', 40, True)
    >>> result.samples[0]["country"]
    'UKR'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.diagnostics import ServandaError
from servanda.services.errors import EXIT_FINDINGS, EXIT_USAGE, ServiceError

if TYPE_CHECKING:
    from collections.abc import Callable

    import polars as pl

    from servanda.sources import IngestReport


@dataclass
class EventsInspection:
    """The ingest report of one file and its first canonical rows."""

    report: IngestReport
    samples: list[dict[str, Any]] = field(default_factory=list)
    frame: pl.DataFrame | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"format": "servanda-ingest/1", "report": {...}, "samples": [...]}``."""
        return {"format": "servanda-ingest/1", "report": self.report.to_json(), "samples": self.samples}


def read_events(
    path: str | Path, source: str | None = None, *, progress: Callable[[str], None] | None = None
) -> tuple[pl.DataFrame, IngestReport]:
    """Read an events download (ACLED, UCDP GED CSV/API JSON, GDELT 1.0/2.0, canonical) into the canonical frame.

    Returns ``(frame, report)``: the accepted rows and the account of every row read (``report.rows_read
    == report.accepted + report.rejected``, rejections grouped by reason). ``source`` overrides
    detection (one of ``servanda.sources.SOURCES``). A file that cannot be read raises
    :class:`ServiceError` (V910–V926).

    >>> frame, report = read_events("tests/fixtures/sources/ucdp_ged_api_v24.1_page1_excerpt.json")
    >>> frame.height, report.source, report.reconciles
    (50, 'ucdp_api', True)
    >>> read_events(3)
    Traceback (most recent call last):
    ...
    TypeError: path must be a file path (str or pathlib.Path), not int
    """
    from servanda.sources import read_events_file

    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a file path (str or pathlib.Path), not {type(path).__name__}")
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a source name (str) or None, not {type(source).__name__}")

    try:
        ingest = read_events_file(path, source, progress=progress)
    except ServandaError as exc:
        usage = exc.code == "V923" or (exc.code == "V910" and not Path(path).exists())
        raise ServiceError(exc.diagnostics, exc.texts, EXIT_USAGE if usage else EXIT_FINDINGS) from None
    return ingest.frame, ingest.report


def inspect_events(
    path: str | Path,
    source: str | None = None,
    *,
    sample: int = 5,
    progress: Callable[[str], None] | None = None,
) -> EventsInspection:
    """Read ``path`` (as ``source``, detected when None) and report how every row was read."""
    frame, report = read_events(path, source, progress=progress)
    rows = frame.head(max(sample, 0)).to_dicts()
    samples = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows]
    return EventsInspection(report, samples, frame)
