"""``store ingest``, ``store list``, ``store export``, ``store import``: the as-of event store as tasks.

Each opens the store (``store=None``: :func:`servanda.store.default_store_path`), does one job and
returns a result with ``to_json()``. A bad store path is a usage error (V930–V932, exit 2); data the
store refuses (duplicate ids, counts that do not reconcile, bad Parquet) exits 1.

Example:
    >>> import tempfile, polars as pl
    >>> from datetime import date
    >>> folder = tempfile.mkdtemp()
    >>> pl.DataFrame({"id": ["e1"], "date": [date(2022, 2, 24)]}).write_parquet(f"{folder}/e.parquet")
    >>> store_import(f"{folder}/e.parquet", store=f"{folder}/s.duckdb").snapshots[0].added
    1
    >>> store_list(store=f"{folder}/s.duckdb").current
    {'canonical': 1}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.reader import file_problem
from servanda.services.errors import EXIT_FINDINGS, EXIT_USAGE, ServiceError

if TYPE_CHECKING:
    import polars as pl

    from servanda.store import EventStore, IngestLike, Snapshot

#: Codes about the store's path (a usage error: exit status 2); other store codes exit 1.
PATH_CODES = frozenset({"V930", "V931", "V932"})

#: ``progress(message, done, total)``: called as files are read and stored.
Progress = Callable[[str, int, int], None]


def _raise(exc: ServandaError) -> ServiceError:
    exit_code = EXIT_USAGE if exc.code in PATH_CODES else EXIT_FINDINGS
    return ServiceError(exc.diagnostics, exc.texts, exit_code)


def open_store(store: str | Path | None, *, read_only: bool = False) -> EventStore:
    """The store at ``store`` (None: the default path); bad paths raise :class:`ServiceError` (exit 2)."""
    from servanda.store import EventStore

    try:
        return EventStore(store, read_only=read_only)
    except ServandaError as exc:
        raise _raise(exc) from None


def _report_json(report: Any) -> dict[str, Any]:
    to_json = getattr(report, "to_json", None)
    if callable(to_json):
        data = to_json()
        if isinstance(data, dict):
            return data
    names = ("source", "file", "sha256", "rows_read", "accepted", "rejected")
    return {name: getattr(report, name, None) for name in names}


def _report_lines(report: Any) -> list[str]:
    lines = getattr(report, "lines", None)
    if callable(lines):
        return [str(line) for line in lines()]
    return []


@dataclass
class FileIngest:
    """One file read and stored: what the reader reported and the snapshot the store recorded."""

    file: str
    report: dict[str, Any]
    report_lines: list[str]
    snapshot: Snapshot

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "report": self.report, "snapshot": self.snapshot.to_json()}


@dataclass
class StoreIngestResult:
    """Every file ingested, in order, with its snapshot."""

    store: str
    ingests: list[FileIngest]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        """Counts summed over the files (rows read = accepted + rejected holds for the sums too)."""
        keys = ("rows_read", "accepted", "rejected", "added", "changed", "deleted", "unchanged")
        return {k: sum(int(getattr(i.snapshot, k)) for i in self.ingests) for k in keys}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "servanda-store-ingest/1",
            "store": self.store,
            "ingests": [i.to_json() for i in self.ingests],
            "totals": self.totals(),
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _reader() -> Callable[..., Any]:
    """The one reader of event files (every source format)."""
    from servanda.sources import read_events_file

    return read_events_file


def store_ingest(
    files: Sequence[str | Path],
    *,
    source: str | None = None,
    store: str | Path | None = None,
    partial: bool | None = None,
    ingested_at: datetime | None = None,
    progress: Progress | None = None,
    read: Callable[..., IngestLike] | None = None,
) -> StoreIngestResult:
    """Read each file (``source`` forces the adapter; default: detected) and record it as a snapshot.

    Every file is read before anything is written, so a bad file stops the command with the store
    unchanged; then each file is one snapshot, in one transaction, in the order given. ``partial``
    says the files are partial downloads (no deletions), ``False`` full exports; None (default) decides
    by source (GDELT files and UCDP API pages are partial, see ``servanda.store.INCREMENTAL_SOURCES``).
    ``read`` replaces the reader (tests).
    """
    reader = read or _reader()
    if not files:
        raise ServiceError(
            [Diagnostic("V902", "no events file given", hint="give one or more files to ingest")],
            exit_code=EXIT_USAGE,
        )
    for path in files:  # before the store is opened, so a mistyped file leaves no empty store behind
        problem = file_problem(Path(path))
        if problem is not None:
            raise ServiceError(
                [Diagnostic("V902", problem.message, str(path), hint=problem.hint or "check the path")],
                exit_code=EXIT_USAGE,
            )
    handle = open_store(store)
    try:
        total = 2 * len(files)
        loaded: list[tuple[str, IngestLike]] = []
        for n, path in enumerate(files):
            if progress:
                progress(f"reading {path}", n, total)
            try:
                if progress:

                    def step(
                        message: str, path: str | Path = path, n: int = n, tell: Progress = progress
                    ) -> None:
                        tell(f"reading {path}: {message}", n, total)

                    loaded.append((str(path), reader(Path(path), source, progress=step)))
                else:
                    loaded.append((str(path), reader(Path(path), source)))
            except ServandaError as exc:
                raise ServiceError(exc.diagnostics, exc.texts, EXIT_FINDINGS) from None
        out: list[FileIngest] = []
        notes: list[Diagnostic] = []
        for n, (path, ingest) in enumerate(loaded):

            def stage(name: str, path: str = path, n: int = n) -> None:
                if progress:
                    progress(f"storing {path}: {name}", len(files) + n, total)

            try:
                full = None if partial is None else not partial
                snap = handle.ingest(ingest, full_export=full, ingested_at=ingested_at, progress=stage)
            except ServandaError as exc:
                raise _raise(exc) from None
            if snap.deletions_withheld:
                notes.append(
                    Diagnostic(
                        "V934",
                        f"`{path}`: {snap.rejected} row(s) rejected, so no event of {snap.source} was "
                        "deleted (the rejected rows may be the events this export lacks)",
                        path,
                    )
                )
            if snap.no_op:
                notes.append(
                    Diagnostic(
                        "V938",
                        f"`{path}` is the file last ingested for {snap.source} "
                        f"(sha256 {(snap.sha256 or '')[:12]}…); nothing changed",
                        path,
                    )
                )
            out.append(FileIngest(path, _report_json(ingest.report), _report_lines(ingest.report), snap))
        if progress:
            progress("done", total, total)
        return StoreIngestResult(handle.label, out, notes)
    finally:
        handle.close()


@dataclass
class StoreListResult:
    """The snapshots of a store, and how many current events each source has."""

    store: str
    exists: bool
    snapshots: list[Snapshot]
    current: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "servanda-store-list/1",
            "store": self.store,
            "exists": self.exists,
            "snapshots": [s.to_json() for s in self.snapshots],
            "current": self.current,
        }


def store_list(*, store: str | Path | None = None) -> StoreListResult:
    """The store's snapshots (oldest first) and current event counts; a missing store is empty."""
    from servanda.store import default_store_path

    path = Path(store).expanduser() if store is not None else default_store_path()
    if not path.exists():
        return StoreListResult(str(path), False, [], {})
    with open_store(path, read_only=True) as handle:
        counts = handle.events().group_by("source").len().sort("source")
        current = {str(k): int(v) for k, v in counts.iter_rows()}
        return StoreListResult(handle.label, True, handle.snapshots(), current)


@dataclass
class StoreExportResult:
    """Where the store was exported, and how many rows each part holds."""

    store: str
    directory: str
    current: int
    versions: int
    snapshots: int

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "servanda-store-export/1",
            "store": self.store,
            "directory": self.directory,
            "current": self.current,
            "versions": self.versions,
            "snapshots": self.snapshots,
        }


def store_export(directory: str | Path, *, store: str | Path | None = None) -> StoreExportResult:
    """Write the store as Parquet under ``directory`` (``current/``, ``history/``, ``snapshots.parquet``)."""
    with open_store(store, read_only=True) as handle:
        try:
            out = handle.export_parquet(directory)
        except ServandaError as exc:
            raise ServiceError(exc.diagnostics, exc.texts, EXIT_USAGE) from None
        return StoreExportResult(
            handle.label, out["directory"], out["current"], out["versions"], out["snapshots"]
        )


@dataclass
class StoreImportResult:
    """The snapshots an import recorded (one per source)."""

    store: str
    path: str
    snapshots: list[Snapshot]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "servanda-store-import/1",
            "store": self.store,
            "path": self.path,
            "snapshots": [s.to_json() for s in self.snapshots],
        }


def store_import(
    path: str | Path,
    *,
    store: str | Path | None = None,
    full_export: bool = False,
    ingested_at: datetime | None = None,
) -> StoreImportResult:
    """Ingest canonical Parquet (a file, a folder, or a ``store export`` folder) as snapshots."""
    with open_store(store) as handle:
        try:
            snaps = handle.import_parquet(path, full_export=full_export, ingested_at=ingested_at)
        except ServandaError as exc:
            raise _raise(exc) from None
        return StoreImportResult(handle.label, str(path), snaps)


def as_of_moment(value: date | datetime | str | None, option: str = "--as-of-data") -> date | datetime | None:
    """A date or datetime from a value or an ISO string (``2024-03-05`` or ``2024-03-05T12:00``).

    Bad strings are a usage error E205 (exit 2).

    >>> as_of_moment("2024-03-05"), as_of_moment("2024-03-05T12:00+00:00").hour
    (datetime.date(2024, 3, 5), 12)
    """
    if value is None or isinstance(value, date | datetime):
        return value
    text = value.strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ServiceError(
            [
                Diagnostic(
                    "E205",
                    f"`{option} {value}` is not a valid date",
                    hint="write YYYY-MM-DD, or YYYY-MM-DDTHH:MM[+HH:MM] for an instant (UTC if no offset)",
                )
            ],
            exit_code=EXIT_USAGE,
        ) from None


@dataclass
class StoreEventsResult:
    """The canonical events as known at ``as_of_data`` (None: now), with the filters used."""

    store: str
    as_of_data: date | datetime | None
    sources: list[str] | None
    start: date | None
    end: date | None
    events: pl.DataFrame

    def to_json(self) -> dict[str, Any]:
        import polars as pl

        rows = self.events.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d")).to_dicts()
        return {
            "format": "servanda-store-events/1",
            "store": self.store,
            "as_of_data": self.as_of_data.isoformat() if self.as_of_data is not None else None,
            "sources": self.sources,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "count": self.events.height,
            "events": rows,
        }


def store_events(
    *,
    store: str | Path | None = None,
    as_of_data: date | datetime | str | None = None,
    sources: Sequence[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
) -> StoreEventsResult:
    """The store's events as known at ``as_of_data``, by source and event date (see ``EventStore.events``)."""
    from servanda.services._inputs import as_date

    moment = as_of_moment(as_of_data)
    first, last = as_date(start, "--from"), as_date(end, "--to")
    names = list(sources) if sources else None
    with open_store(store, read_only=True) as handle:
        frame = handle.events(moment, sources=names, start=first, end=last)
        return StoreEventsResult(handle.label, moment, names, first, last, frame)
