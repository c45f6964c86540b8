"""The DuckDB event store: snapshots, event versions, as-of queries, Parquet import and export.

Two tables hold everything:

- ``snapshots``: one row per ingest (source, file, sha256, ``ingested_at`` in UTC, the report's counts
  and what the ingest did: ``added``, ``changed``, ``deleted``, ``unchanged``, ``no_op``);
- ``event_versions``: one row per version of an event, keyed by ``(source, id)``, with every column of
  the canonical table (:data:`servanda.sources.schema.CANONICAL_SCHEMA`), a ``content_hash``, the
  snapshot it became valid in (``valid_from``) and the snapshot that closed it (``valid_to``, NULL
  while current), ``first_seen_at`` and ``last_changed_at``.

An ingest is one transaction of set-based SQL over the registered polars frame (no per-row Python).
Snapshot times never go backwards, so "as known on X" is the latest snapshot with ``ingested_at <= X``
and the versions valid in it. DuckDB allows one writing process per file: a second process opening the
same store gets V932 until the first closes it.

Example:
    >>> import polars as pl
    >>> from datetime import date, datetime, timezone
    >>> store = EventStore(":memory:")
    >>> day = lambda d: datetime(2024, 1, d, tzinfo=timezone.utc)
    >>> on = date(2022, 2, 24)
    >>> week1 = pl.DataFrame({"id": ["a", "b"], "date": [on, on], "deaths": [1, 2]})
    >>> week2 = pl.DataFrame({"id": ["a"], "date": [on], "deaths": [5]})
    >>> s1 = store.ingest(frame_ingest(week1, "acled"), ingested_at=day(1))
    >>> s2 = store.ingest(frame_ingest(week2, "acled"), ingested_at=day(8))
    >>> (s2.added, s2.changed, s2.deleted, s2.unchanged)
    (0, 1, 1, 0)
    >>> store.events(as_of_data=day(2).date())["deaths"].to_list()
    [1, 2]
    >>> store.events()["deaths"].to_list()
    [5]
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import duckdb
import polars as pl

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.sources.schema import CANONICAL_SCHEMA, EVENT_COLUMNS, conform

#: Format stamp written into every store file (table ``store_info``).
STORE_FORMAT = "servanda-store/1"

#: The key of an event in the store.
KEY: tuple[str, str] = ("source", "id")
#: Canonical columns other than the key, in canonical order.
VALUE_COLUMNS: list[str] = [c for c in CANONICAL_SCHEMA if c not in KEY]
#: Columns whose values make up the content hash: the event itself and the actors as written. Not the
#: provenance of the row (file name, row number, the source's version stamp), which changes with every
#: export without the event changing.
HASHED_COLUMNS: list[str] = [c for c in EVENT_COLUMNS if c not in KEY] + ["actor_text", "target_text"]

#: Source name used when neither the report nor the rows name one.
DEFAULT_SOURCE = "canonical"

#: Sources whose files are increments, never a full export: a GDELT file covers 15 minutes (2.0) or a
#: day (1.0); a UCDP API result is one page. Their ingests delete nothing unless ``full_export=True``.
INCREMENTAL_SOURCES = frozenset({"gdelt1", "gdelt2", "ucdp_api"})

_SQL_TYPES: dict[type[pl.DataType], str] = {
    pl.Utf8: "VARCHAR",
    pl.Date: "DATE",
    pl.Float64: "DOUBLE",
    pl.Int8: "TINYINT",
    pl.Int64: "BIGINT",
}


def _sql_type(kind: pl.DataType) -> str:
    return _SQL_TYPES[type(kind)]


def _quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _error(code: str, message: str, file: str = "", hint: str | None = None) -> ServandaError:
    return ServandaError(Diagnostic(code, message, file, hint=hint))


def default_store_path() -> Path:
    """Where the store lives unless told otherwise.

    ``$SERVANDA_STORE`` if set, else ``$XDG_DATA_HOME/servanda/events.duckdb``, else
    ``~/.local/share/servanda/events.duckdb``.

    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"SERVANDA_STORE": "/tmp/s.duckdb"}):
    ...     str(default_store_path())
    '/tmp/s.duckdb'
    """
    explicit = os.environ.get("SERVANDA_STORE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "servanda" / "events.duckdb"


# -- what an ingest takes ---------------------------------------------------------------------------


class IngestLike(Protocol):
    """What :meth:`EventStore.ingest` takes: a canonical frame and the report of reading it.

    :class:`servanda.sources.Ingest` fits; so does :func:`frame_ingest`. The report's ``source``,
    ``file``, ``sha256``, ``rows_read``, ``accepted`` and ``rejected`` are read when present.
    """

    @property
    def frame(self) -> pl.DataFrame: ...

    @property
    def report(self) -> Any: ...


@dataclass(frozen=True)
class FrameReport:
    """The report of a frame built in memory (every row accepted)."""

    source: str
    file: str | None = None
    sha256: str | None = None
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class FrameIngest:
    """A canonical frame with its report, ready for :meth:`EventStore.ingest`."""

    frame: pl.DataFrame
    report: FrameReport


def frame_ingest(
    frame: pl.DataFrame, source: str, *, file: str | None = None, sha256: str | None = None
) -> FrameIngest:
    """Wrap a (possibly partial) canonical frame as an ingest of ``source``; every row counts as accepted.

    >>> frame_ingest(pl.DataFrame({"id": ["x"]}), "ucdp_ged").report.accepted
    1
    """
    canonical = conform(frame)
    n = canonical.height
    return FrameIngest(canonical, FrameReport(source, file, sha256, n, n, 0))


# -- snapshots --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """One ingest as the store recorded it.

    ``added + changed + unchanged == accepted`` always; ``deleted`` counts current events of the
    source missing from a full export. ``no_op`` marks a re-ingest of the file last ingested for the
    source (same sha256): nothing was written but the snapshot. ``deletions_withheld`` marks a full
    export with rejected rows: the events it lacks may be the rejected rows, so none was deleted.
    """

    snapshot_id: int
    source: str
    file: str | None
    sha256: str | None
    ingested_at: datetime
    rows_read: int
    accepted: int
    rejected: int
    full_export: bool
    added: int
    changed: int
    deleted: int
    unchanged: int
    no_op: bool = False
    deletions_withheld: bool = False

    @property
    def reconciles(self) -> bool:
        """Rows read = accepted + rejected, and accepted = added + changed + unchanged."""
        return (
            self.rows_read == self.accepted + self.rejected
            and self.accepted == self.added + self.changed + self.unchanged
        )

    def to_json(self) -> dict[str, Any]:
        """The snapshot as JSON-ready values (``ingested_at`` ISO 8601 with offset)."""
        return {
            "snapshot_id": self.snapshot_id,
            "source": self.source,
            "file": self.file,
            "sha256": self.sha256,
            "ingested_at": self.ingested_at.isoformat(),
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "full_export": self.full_export,
            "added": self.added,
            "changed": self.changed,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "no_op": self.no_op,
            "deletions_withheld": self.deletions_withheld,
            "reconciles": self.reconciles,
        }

    def line(self) -> str:
        """One line of text.

        >>> s = Snapshot(3, "acled", "a.csv", None, datetime(2024, 1, 1, tzinfo=UTC), 10, 9, 1, True, 2, 3, 4, 4)
        >>> s.line()
        '#3 acled a.csv 2024-01-01T00:00:00+00:00: read 10 = 9 accepted + 1 rejected; 2 added, 3 changed, 4 deleted, 4 unchanged (full export)'
        """
        scope = "full export" if self.full_export else "partial"
        head = f"#{self.snapshot_id} {self.source} {self.file or '-'} {self.ingested_at.isoformat()}"
        counts = (
            f"read {self.rows_read} = {self.accepted} accepted + {self.rejected} rejected; "
            f"{self.added} added, {self.changed} changed, {self.deleted} deleted, {self.unchanged} unchanged"
        )
        tail = "; identical to the last ingest of this source, nothing changed" if self.no_op else ""
        if self.deletions_withheld:
            tail += f"; no deletions recorded: {self.rejected} row(s) were rejected"
        return f"{head}: {counts} ({scope}){tail}"


_SNAPSHOT_COLUMNS = [
    "snapshot_id",
    "source",
    "file",
    "sha256",
    "ingested_at",
    "rows_read",
    "accepted",
    "rejected",
    "full_export",
    "added",
    "changed",
    "deleted",
    "unchanged",
    "no_op",
    "deletions_withheld",
]


def _utc(moment: datetime | None) -> datetime:
    """``moment`` (naive = UTC) as an aware UTC datetime; now when None."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _naive(moment: datetime) -> datetime:
    """An aware datetime as naive UTC (how the TIMESTAMP columns hold it)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _attr(report: Any, name: str, default: Any) -> Any:
    value = getattr(report, name, None) if report is not None else None
    return default if value is None else value


# -- the store --------------------------------------------------------------------------------------


def _schema_sql() -> list[str]:
    value_columns = ",\n  ".join(f'"{c}" {_sql_type(CANONICAL_SCHEMA[c])}' for c in VALUE_COLUMNS)
    return [
        "CREATE TABLE store_info (key VARCHAR, value VARCHAR)",
        f"INSERT INTO store_info VALUES ('format', {_quote(STORE_FORMAT)})",
        """CREATE TABLE snapshots (
  snapshot_id INTEGER NOT NULL,
  source VARCHAR NOT NULL,
  file VARCHAR,
  sha256 VARCHAR,
  ingested_at TIMESTAMP NOT NULL,
  rows_read BIGINT NOT NULL,
  accepted BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  full_export BOOLEAN NOT NULL,
  added BIGINT NOT NULL,
  changed BIGINT NOT NULL,
  deleted BIGINT NOT NULL,
  unchanged BIGINT NOT NULL,
  no_op BOOLEAN NOT NULL,
  deletions_withheld BOOLEAN NOT NULL
)""",
        f"""CREATE TABLE event_versions (
  source VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  {value_columns},
  content_hash VARCHAR NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER,
  first_seen_at TIMESTAMP NOT NULL,
  last_changed_at TIMESTAMP NOT NULL
)""",
    ]


def _hash_sql(alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    parts = ", ".join(f"coalesce(CAST({prefix}\"{c}\" AS VARCHAR), '\\N')" for c in HASHED_COLUMNS)
    return f"md5(concat_ws(chr(31), {parts}))"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class EventStore:
    """An event store in a DuckDB file (``None``: :func:`default_store_path`; ``":memory:"``: in memory).

    The file and its folder (for the default path) are created on first use. Bad paths raise
    :class:`~servanda.diagnostics.ServandaError`: V930 (a folder, a missing folder, no permission), V931
    (not a DuckDB file, or a DuckDB file that is not a servanda store), V932 (another process has it
    open for writing). Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.read_only = read_only
        if path is None:
            target = default_store_path()
            if not read_only and not target.parent.exists():
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise _error(
                        "V930",
                        f"cannot create the folder of the event store `{target}`: {exc.strerror or exc}",
                        str(target),
                        "set SERVANDA_STORE or pass --store PATH to a writable location",
                    ) from None
            self.path: Path | None = target
        elif str(path) == ":memory:":
            self.path = None
        else:
            self.path = Path(path).expanduser()
        self._missing: set[str] = set()
        self._con = self._connect()
        self._prepare()

    # -- opening -------------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        """The store's path as text (``:memory:`` for an in-memory store)."""
        return str(self.path) if self.path is not None else ":memory:"

    def _run(self, query: str, params: Sequence[Any] | None = None) -> list[Any]:
        """Execute one statement and fetch its whole result (DuckDB wants each result finished)."""
        return self._con.execute(query, params).fetchall()

    def _check_path(self, path: Path) -> None:
        where = str(path)
        if path.is_dir():
            raise _error(
                "V930",
                f"the event store `{path}` is a folder",
                where,
                f"give a file name, e.g. `{path / 'events.duckdb'}`",
            )
        if not path.exists():
            if self.read_only:
                raise _error(
                    "V930",
                    f"no event store at `{path}`",
                    where,
                    "ingest a file first (`servanda store ingest FILE`) or pass --store PATH",
                )
            parent = path.parent
            if not parent.is_dir():
                raise _error(
                    "V930",
                    f"cannot create the event store `{path}`: the folder `{parent}` does not exist",
                    where,
                    f"create it first (`mkdir -p {parent}`) or choose another path",
                )
            if not os.access(parent, os.W_OK | os.X_OK):
                raise _error(
                    "V930",
                    f"cannot create the event store `{path}`: permission denied",
                    where,
                    "choose a location you can write to",
                )
            return
        mode = os.R_OK if self.read_only else os.R_OK | os.W_OK
        if not os.access(path, mode):
            raise _error(
                "V930",
                f"cannot open the event store `{path}`: permission denied",
                where,
                "choose a store you can read and write, or fix its permissions",
            )

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.path is None:
            return duckdb.connect(":memory:")
        self._check_path(self.path)
        where = str(self.path)
        try:
            return duckdb.connect(where, read_only=self.read_only)
        except duckdb.Error as exc:
            text = str(exc)
            lowered = text.lower()
            if "lock" in lowered:
                raise _error(
                    "V932",
                    f"the event store `{self.path}` is in use by another process",
                    where,
                    "DuckDB allows one writing process per store: wait for the other to finish, "
                    "or use another --store",
                ) from None
            if "not a valid duckdb" in lowered:
                raise _error(
                    "V931",
                    f"`{self.path}` is not a DuckDB database, so not a servanda event store",
                    where,
                    "give another --store path; servanda does not overwrite other files",
                ) from None
            if "database file" in lowered or "version" in lowered:
                raise _error(
                    "V931",
                    f"`{self.path}` is not a servanda event store: {text}",
                    where,
                    "give another --store path; servanda does not overwrite other files",
                ) from None
            raise _error(
                "V930",
                f"cannot open the event store `{self.path}`: {text}",
                where,
                "check the path and its permissions, or choose another --store",
            ) from None

    def _prepare(self) -> None:
        tables = {row[0] for row in self._run("SELECT table_name FROM duckdb_tables()")}
        where = self.label
        if not tables:
            if self.read_only:
                raise _error("V931", f"`{where}` is an empty DuckDB file, not a servanda event store", where)
            self._run("BEGIN TRANSACTION")
            for statement in _schema_sql():
                self._run(statement)
            self._run("COMMIT")
            return
        if "store_info" not in tables:
            self.close()
            raise _error(
                "V931",
                f"`{where}` is a DuckDB database but not a servanda event store (tables: "
                f"{', '.join(sorted(tables)[:5])})",
                where,
                "give another --store path; servanda does not change other databases",
            )
        rows = self._run("SELECT value FROM store_info WHERE key = 'format'")
        row = rows[0] if rows else None
        if row is None or row[0] != STORE_FORMAT:
            found = row[0] if row else "none"
            self.close()
            raise _error(
                "V931",
                f"`{where}` has store format `{found}`; this servanda reads `{STORE_FORMAT}`",
                where,
                "use the servanda version that wrote it, or export and re-import",
            )
        self._add_new_columns()

    def _add_new_columns(self) -> None:
        """Canonical columns added since the store was created: added (null) to ``event_versions``.

        A read-only store cannot be altered; its queries give those columns as null.
        """
        query = "SELECT column_name FROM duckdb_columns() WHERE table_name = 'event_versions'"
        present = {row[0] for row in self._run(query)}
        missing = [c for c in CANONICAL_SCHEMA if c not in present]
        if missing and not self.read_only:
            for name in missing:
                self._run(
                    f'ALTER TABLE event_versions ADD COLUMN "{name}" {_sql_type(CANONICAL_SCHEMA[name])}'
                )
            missing = []
        self._missing = set(missing)

    def _canonical_select(self, alias: str = "") -> str:
        """The canonical columns of ``event_versions`` for a SELECT (null for columns a read-only store lacks)."""
        prefix = f"{alias}." if alias else ""
        return ", ".join(
            f'CAST(NULL AS {_sql_type(CANONICAL_SCHEMA[c])}) AS "{c}"'
            if c in self._missing
            else f'{prefix}"{c}"'
            for c in CANONICAL_SCHEMA
        )

    def close(self) -> None:
        """Close the connection (the file is left consistent; further use raises)."""
        self._con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------------

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first."""
        columns = ", ".join(_SNAPSHOT_COLUMNS)
        rows = self._run(f"SELECT {columns} FROM snapshots ORDER BY snapshot_id")
        out = []
        for row in rows:
            values = dict(zip(_SNAPSHOT_COLUMNS, row, strict=True))
            values["ingested_at"] = values["ingested_at"].replace(tzinfo=UTC)
            out.append(Snapshot(**values))
        return out

    def _latest(self, source: str | None = None) -> Snapshot | None:
        snaps = [s for s in self.snapshots() if source is None or s.source == source]
        return snaps[-1] if snaps else None

    def events(
        self,
        as_of_data: date | datetime | None = None,
        *,
        sources: str | Sequence[str] | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> pl.DataFrame:
        """The canonical events as known at ``as_of_data`` (None: now), optionally by source and event date.

        ``as_of_data`` as a date means the end of that day (UTC): every snapshot ingested on or before
        it counts; as a datetime (naive = UTC), every snapshot ingested at or before that instant. Before
        the first snapshot the answer is empty. ``start``/``end`` bound the event ``date`` (inclusive).
        """
        where = []
        params: list[Any] = []
        if as_of_data is None:
            where.append("v.valid_to IS NULL")
        else:
            if isinstance(as_of_data, datetime):
                cut = "ingested_at <= ?"
                params.append(_naive(_utc(as_of_data)))
            else:
                cut = "ingested_at < ?"
                params.append(datetime.combine(as_of_data + timedelta(days=1), datetime.min.time()))
            where.append(
                f"v.valid_from <= (SELECT max(snapshot_id) FROM snapshots WHERE {cut}) AND "
                f"(v.valid_to IS NULL OR v.valid_to > (SELECT max(snapshot_id) FROM snapshots WHERE {cut}))"
            )
            params.append(params[-1])
        if sources is not None:
            names = [sources] if isinstance(sources, str) else list(sources)
            where.append("list_contains(?, v.source)")
            params.append(names)
        if start is not None:
            where.append('v."date" >= ?')
            params.append(start)
        if end is not None:
            where.append('v."date" <= ?')
            params.append(end)
        columns = self._canonical_select("v")
        query = (
            f"SELECT {columns} FROM event_versions v WHERE {' AND '.join(where)} "
            'ORDER BY v.source, v."date", v.id'
        )
        return conform(self._con.sql(query, params=params).pl())

    def history(self, source: str | None = None) -> pl.DataFrame:
        """Every version of every event (of ``source``), with its hash and validity, by key and version."""
        clause = "WHERE source = ?" if source is not None else ""
        params = [source] if source is not None else []
        query = f"SELECT * FROM event_versions {clause} ORDER BY source, id, valid_from"
        return self._con.sql(query, params=params).pl()

    # -- writing -------------------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.read_only:
            raise _error(
                "V930", f"the event store `{self.label}` is open read-only", self.label, "open it for writing"
            )

    def ingest(
        self,
        ingest: IngestLike,
        *,
        full_export: bool | None = None,
        ingested_at: datetime | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Snapshot:
        """Record one ingest as a snapshot, in one transaction, and return it.

        Rows are compared by ``(source, id)`` with the source's current versions: a new id is
        *added*; a known id with another content hash closes its current version and adds a new one
        (*changed*); an equal hash is *unchanged*. With ``full_export`` (an export of everything the
        source has), current events of the source missing from the frame are *deleted* (their version
        is closed) — within the export's extent: the countries it has events in and the span from
        its first to its last event date, since exports are filtered by country and date (an empty
        export deletes nothing); ``full_export=False`` (a partial download) deletes nothing. The default (None)
        is a full export except for the incremental sources (:data:`INCREMENTAL_SOURCES`: GDELT files,
        UCDP API pages). The source's scope is the report's ``source`` and every ``source`` value in
        the frame (null ones take the report's). A full export with rejected rows deletes nothing
        (``deletions_withheld``): the events it lacks may be exactly the rows that could not be read.

        Refused with nothing written: rows without an id or an id twice in one ingest (V933; an
        export with duplicates is ambiguous, so no row is kept over another); an ``ingested_at`` before
        the latest snapshot (V935); a report whose counts do not match the frame (V936). Re-ingesting
        the file last ingested for the source (same sha256) records a ``no_op`` snapshot. ``progress``
        is called with each stage name (``staging``, ``comparing``, ``writing``, ``committed``).
        """
        self._require_writable()
        note = progress or (lambda stage: None)
        report = getattr(ingest, "report", None)
        frame = conform(ingest.frame)
        names = frame.get_column("source").drop_nulls().unique().to_list()
        source = str(_attr(report, "source", names[0] if len(names) == 1 else DEFAULT_SOURCE))
        file = _attr(report, "file", None)
        file = str(file) if file is not None else None
        sha = _attr(report, "sha256", None)
        accepted = int(_attr(report, "accepted", frame.height))
        rejected = int(_attr(report, "rejected", 0))
        rows_read = int(_attr(report, "rows_read", accepted + rejected))
        where = file or self.label
        if accepted != frame.height or rows_read != accepted + rejected:
            raise _error(
                "V936",
                f"the ingest report does not reconcile: {rows_read} read, {accepted} accepted, "
                f"{rejected} rejected, {frame.height} rows in the frame",
                where,
                "rows read must equal accepted + rejected, and the frame must hold the accepted rows",
            )
        if full_export is None:
            full_export = source not in INCREMENTAL_SOURCES
        when = _utc(ingested_at)
        latest = self._latest()
        if latest is not None and when < latest.ingested_at:
            raise _error(
                "V935",
                f"ingest time {when.isoformat()} is before the latest snapshot "
                f"(#{latest.snapshot_id}, {latest.ingested_at.isoformat()})",
                where,
                "snapshots are recorded in time order; ingest older exports before newer ones, "
                "or into a new store",
            )
        frame = frame.with_columns(pl.col("source").fill_null(source))
        self._check_keys(frame, where)
        previous = self._latest(source)
        if (
            sha is not None
            and previous is not None
            and previous.sha256 == sha
            and previous.full_export == full_export
        ):
            return self._record_no_op(previous, when, rows_read, accepted, rejected, file)
        return self._write(frame, source, file, sha, when, (rows_read, accepted, rejected), full_export, note)

    def _check_keys(self, frame: pl.DataFrame, where: str) -> None:
        missing = frame.filter(pl.col("id").is_null() | (pl.col("id").str.strip_chars() == ""))
        if missing.height:
            rows = missing.get_column("source_row").drop_nulls().head(5).to_list()
            at = f" (source rows {', '.join(map(str, rows))})" if rows else ""
            raise _error(
                "V933",
                f"{missing.height} row(s) have no event id{at}; nothing was stored",
                where,
                "every stored event needs an id (ACLED event_id_cnty, UCDP id, GDELT GLOBALEVENTID)",
            )
        dups = (
            frame.group_by(KEY)
            .agg(pl.len().alias("n"), pl.col("source_row").drop_nulls().head(3).alias("rows"))
            .filter(pl.col("n") > 1)
            .sort(KEY)
        )
        if dups.height:
            first = dups.head(3).to_dicts()
            shown = "; ".join(
                f"`{d['id']}` ×{d['n']}" + (f" (rows {', '.join(map(str, d['rows']))})" if d["rows"] else "")
                for d in first
            )
            raise _error(
                "V933",
                f"{dups.height} event id(s) occur more than once in one ingest: {shown}; nothing was stored",
                where,
                "remove the duplicate rows (an export lists each event once) and ingest again",
            )

    def _record_no_op(
        self,
        previous: Snapshot,
        when: datetime,
        rows_read: int,
        accepted: int,
        rejected: int,
        file: str | None,
    ) -> Snapshot:
        self._run("BEGIN TRANSACTION")
        try:
            row = self._run("SELECT coalesce(max(snapshot_id), 0) + 1 FROM snapshots")[0]
            assert row is not None
            snap = Snapshot(
                int(row[0]),
                previous.source,
                file,
                previous.sha256,
                when,
                rows_read,
                accepted,
                rejected,
                previous.full_export,
                0,
                0,
                0,
                accepted,
                True,
            )
            self._insert_snapshot(snap)
            self._run("COMMIT")
        except BaseException:
            self._run("ROLLBACK")
            raise
        return snap

    def _insert_snapshot(self, snap: Snapshot) -> None:
        values = snap.to_json()
        values["ingested_at"] = _naive(snap.ingested_at)
        marks = ", ".join("?" for _ in _SNAPSHOT_COLUMNS)
        self._run(
            f"INSERT INTO snapshots ({', '.join(_SNAPSHOT_COLUMNS)}) VALUES ({marks})",
            [values[c] for c in _SNAPSHOT_COLUMNS],
        )

    def _write(
        self,
        frame: pl.DataFrame,
        source: str,
        file: str | None,
        sha: str | None,
        when: datetime,
        counts: tuple[int, int, int],
        full_export: bool,
        note: Callable[[str], None],
    ) -> Snapshot:
        con = self._con
        stamp = _naive(when)
        rows_read, accepted, rejected = counts
        columns = ", ".join(f'"{c}"' for c in (*KEY, *VALUE_COLUMNS))
        staged_columns = ", ".join(f's."{c}"' for c in (*KEY, *VALUE_COLUMNS))
        con.register("_servanda_incoming", frame)
        self._run("BEGIN TRANSACTION")
        try:
            row = self._run("SELECT coalesce(max(snapshot_id), 0) + 1 FROM snapshots")[0]
            assert row is not None
            sid = int(row[0])
            note("staging")
            self._run(
                f"CREATE OR REPLACE TEMP TABLE _servanda_staged AS "
                f"SELECT {columns}, {_hash_sql()} AS content_hash FROM _servanda_incoming"
            )
            note("comparing")
            self._run(
                """CREATE OR REPLACE TEMP TABLE _servanda_classified AS
                SELECT s.source, s.id, s.content_hash, c.content_hash AS current_hash, h.first_seen_at
                FROM _servanda_staged s
                LEFT JOIN event_versions c
                  ON c.source = s.source AND c.id = s.id AND c.valid_to IS NULL
                LEFT JOIN (
                  SELECT source, id, min(first_seen_at) AS first_seen_at FROM event_versions GROUP BY source, id
                ) h ON h.source = s.source AND h.id = s.id"""
            )
            tally = self._run(
                """SELECT
                  count(*) FILTER (WHERE current_hash IS NULL),
                  count(*) FILTER (WHERE current_hash IS NOT NULL AND current_hash <> content_hash),
                  count(*) FILTER (WHERE current_hash = content_hash)
                FROM _servanda_classified"""
            )[0]
            assert tally is not None
            added, changed, unchanged = (int(x) for x in tally)
            deleted = 0
            withheld = full_export and rejected > 0
            if full_export and not withheld:
                result = self._run(
                    """UPDATE event_versions SET valid_to = ?
                    WHERE valid_to IS NULL
                      AND (source = ? OR source IN (SELECT DISTINCT source FROM _servanda_staged))
                      AND EXISTS (
                        SELECT 1 FROM _servanda_staged s WHERE s.country IS NOT DISTINCT FROM event_versions.country
                      )
                      AND "date" BETWEEN (SELECT min("date") FROM _servanda_staged)
                                     AND (SELECT max("date") FROM _servanda_staged)
                      AND NOT EXISTS (
                        SELECT 1 FROM _servanda_staged s
                        WHERE s.source = event_versions.source AND s.id = event_versions.id
                      )""",
                    [sid, source],
                )[0]
                deleted = int(result[0]) if result else 0
            note("writing")
            self._run(
                """UPDATE event_versions SET valid_to = ?
                FROM _servanda_classified k
                WHERE event_versions.source = k.source AND event_versions.id = k.id
                  AND event_versions.valid_to IS NULL
                  AND k.current_hash IS NOT NULL AND k.current_hash <> k.content_hash""",
                [sid],
            )
            self._run(
                f"""INSERT INTO event_versions ({columns}, content_hash, valid_from, valid_to,
                  first_seen_at, last_changed_at)
                SELECT {staged_columns}, s.content_hash, ?, NULL, coalesce(k.first_seen_at, ?), ?
                FROM _servanda_staged s
                JOIN _servanda_classified k ON k.source = s.source AND k.id = s.id
                WHERE k.current_hash IS NULL OR k.current_hash <> k.content_hash""",
                [sid, stamp, stamp],
            )
            snap = Snapshot(
                sid,
                source,
                file,
                sha,
                when,
                rows_read,
                accepted,
                rejected,
                full_export,
                added,
                changed,
                deleted,
                unchanged,
                False,
                withheld,
            )
            self._insert_snapshot(snap)
            self._run("COMMIT")
        except BaseException:
            self._run("ROLLBACK")
            raise
        finally:
            con.unregister("_servanda_incoming")
            self._run("DROP TABLE IF EXISTS _servanda_staged")
            self._run("DROP TABLE IF EXISTS _servanda_classified")
        note("committed")
        return snap

    # -- Parquet -------------------------------------------------------------------------------------

    def export_parquet(self, directory: str | Path) -> dict[str, Any]:
        """Write the store as Parquet under ``directory`` and say what was written.

        ``current/source=<name>/*.parquet``: the current events (canonical columns; ``source`` is the
        Hive partition); ``history/source=<name>/*.parquet``: every version with its validity;
        ``snapshots.parquet``. ``current/`` is what :meth:`import_parquet` reads back.
        """
        out = Path(directory).expanduser()
        if out.exists() and not out.is_dir():
            raise _error("V937", f"cannot export to `{out}`: it is a file", str(out), "give a folder")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _error(
                "V937",
                f"cannot create `{out}`: {exc.strerror or exc}",
                str(out),
                "choose a folder you can write to",
            ) from None
        current_columns = self._canonical_select()
        try:
            self._run(
                f"COPY (SELECT {current_columns} FROM event_versions WHERE valid_to IS NULL "
                f'ORDER BY source, "date", id) TO {_quote(str(out / "current"))} '
                "(FORMAT parquet, PARTITION_BY (source), OVERWRITE_OR_IGNORE)"
            )
            self._run(
                "COPY (SELECT * FROM event_versions ORDER BY source, id, valid_from) "
                f"TO {_quote(str(out / 'history'))} (FORMAT parquet, PARTITION_BY (source), OVERWRITE_OR_IGNORE)"
            )
            self._run(
                f"COPY (SELECT * FROM snapshots ORDER BY snapshot_id) TO {_quote(str(out / 'snapshots.parquet'))} "
                "(FORMAT parquet)"
            )
        except duckdb.Error as exc:
            raise _error(
                "V937", f"cannot export to `{out}`: {exc}", str(out), "choose a folder you can write to"
            ) from None
        counts = self._run("SELECT count(*) FILTER (WHERE valid_to IS NULL), count(*) FROM event_versions")[0]
        assert counts is not None
        return {
            "directory": str(out),
            "current": int(counts[0]),
            "versions": int(counts[1]),
            "snapshots": len(self.snapshots()),
        }

    def import_parquet(
        self,
        path: str | Path,
        *,
        full_export: bool = False,
        ingested_at: datetime | None = None,
    ) -> list[Snapshot]:
        """Ingest canonical Parquet (a file, a folder of files, or an :meth:`export_parquet` folder).

        One snapshot per source in the data (``source`` from the column or the Hive partition; rows
        without one are ``canonical``). By default an import adds and revises but deletes nothing
        (``full_export=False``). Unknown columns are refused (V937): they would be lost.
        """
        self._require_writable()
        given = Path(path).expanduser()
        where = str(given)
        if given.is_dir() and (given / "current").is_dir():
            given = given / "current"
        if given.is_dir():
            files = sorted(given.rglob("*.parquet"))
            if not files:
                raise _error(
                    "V937",
                    f"no Parquet files under `{given}`",
                    where,
                    "give a .parquet file or a folder of them",
                )
        elif given.is_file():
            files = [given]
        else:
            raise _error("V937", f"no such file or folder `{given}`", where, "check the path")
        try:
            if given.is_dir():
                frame = pl.read_parquet(given, hive_partitioning=True)
            else:
                frame = pl.read_parquet(given)
        except Exception as exc:  # polars raises several error types for a bad file
            raise _error(
                "V937",
                f"cannot read `{given}` as Parquet: {exc}",
                where,
                "give Parquet files with the canonical event columns",
            ) from None
        if "id" not in frame.columns:
            raise _error(
                "V937",
                f"`{given}` is not a canonical event table: no `id` column",
                where,
                "the canonical columns are listed in docs/format.md#events",
            )
        unknown = [c for c in frame.columns if c not in CANONICAL_SCHEMA]
        if unknown:
            raise _error(
                "V937",
                f"`{given}` has columns that are not canonical: {', '.join(unknown[:8])}",
                where,
                "import the `current/` folder of an export, or drop those columns",
            )
        try:
            canonical = conform(
                frame.with_columns(pl.col(c).cast(pl.Utf8) for c in KEY if c in frame.columns)
            )
        except pl.exceptions.PolarsError as exc:
            raise _error("V937", f"`{given}` has columns of the wrong type: {exc}", where) from None
        canonical = canonical.with_columns(pl.col("source").fill_null(DEFAULT_SOURCE))
        sha = _sha256(files[0]) if len(files) == 1 else None
        snaps = []
        for source in sorted(canonical.get_column("source").unique().to_list()):
            part = canonical.filter(pl.col("source") == source)
            snaps.append(
                self.ingest(
                    frame_ingest(part, source, file=str(given), sha256=sha),
                    full_export=full_export,
                    ingested_at=ingested_at,
                )
            )
        return snaps
