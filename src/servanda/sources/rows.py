"""Events as :class:`~servanda.model.events.Event` objects, row by row, for the evaluators and scenarios.

This is the list-of-events view of :mod:`servanda.sources`: canonical YAML, JSON and CSV are checked
row by row here (every rejected row keeps its own V901 with the value quoted as written); a file of
another source (ACLED, UCDP GED, GDELT, canonical Parquet), detected or given as ``source``, is read by
:func:`servanda.sources.read_events_file` and its grouped V91x–V92x report is carried over unchanged.
Rows parsed from YAML or given as a list that look like ACLED or UCDP records go through the same
adapters (:func:`servanda.sources.read_events_rows`).

Every file goes through the hardened reader (:mod:`servanda.io.reader`): regular files only, a size
cap before parsing, UTF-8, nesting bounded. A CSV row with too few or too many fields, or an
unterminated quote, rejects that row only. Rejections are counted once in :class:`EventCounts`
(rows = accepted + rejected) and grouped by cause (:meth:`EventBatch.grouped`), so a foreign file
of 100,000 rows gives one diagnostic per cause, not one per row; every single diagnostic stays in
``EventBatch.diagnostics``.

Example:
    >>> batch = read_events_data([{"id": "e1", "date": "2025-01-02", "event_class": "shelling"},
    ...                           {"id": "e2", "date": "2025-02-30", "event_class": "shelling"}], "x.yaml")
    >>> len(batch.events), batch.rejected, batch.diagnostics[0].code
    (1, 1, 'V901')
    >>> batch.counts().to_json()["rows"], batch.counts().to_json()["accepted"]
    (2, 1)
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from servanda.diagnostics import Diagnostic, ServandaError, Span
from servanda.io.reader import file_problem, read_json, read_text
from servanda.io.yaml_source import read_source
from servanda.model.events import Event
from servanda.sources.report import IngestReport, RejectGroup
from servanda.sources.schema import PROVENANCE_COLUMNS

#: Locations shown per group of rejected rows (every diagnostic stays in ``EventBatch.diagnostics``).
FIRST_LOCATIONS = 5
#: Physical lines one quoted CSV field may span before its quote is treated as unterminated.
MAX_RECORD_LINES = 200


@dataclass(frozen=True)
class RejectionGroup:
    """Rejected rows sharing one cause: how many, and where the first few are."""

    code: str
    cause: str
    count: int
    first: tuple[str, ...]
    example: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "code": self.code,
            "cause": self.cause,
            "count": self.count,
            "first": list(self.first),
            "example": self.example,
        }


@dataclass(frozen=True)
class EventCounts:
    """The one count of an events input shared by API, text and JSON: rows = accepted + rejected."""

    file: str
    rows: int
    accepted: int
    rejected: int
    diagnostics: tuple[Diagnostic, ...]
    groups: tuple[RejectionGroup, ...]
    #: One diagnostic per cause (see :meth:`EventBatch.grouped`), for text output without ``--all``.
    grouped: tuple[Diagnostic, ...] = ()
    #: The ingest report of :mod:`servanda.sources` these counts are a view of.
    report: IngestReport | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (every diagnostic plus the grouped causes)."""
        return {
            "file": self.file,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "rejected_by_cause": [g.to_json() for g in self.groups],
            "report": self.ingest_report().to_json(),
        }

    def ingest_report(self) -> IngestReport:
        """These counts as the :class:`~servanda.sources.IngestReport` every events command shares."""
        if self.report is not None:
            return self.report
        file_level = [d for d in self.diagnostics if d.code != "V901"]
        return IngestReport(
            source="canonical",
            file=self.file,
            sha256="",
            rows_read=self.rows,
            accepted=self.accepted,
            groups=[
                RejectGroup(g.code, g.example, g.count, list(g.first))
                for g in self.groups
                if g.code == "V901"
            ],
            notes=file_level,
        )

    def summary(self) -> str:
        """One line for text output: the same words as every events command (:meth:`IngestReport.summary`)."""
        return self.ingest_report().summary()


@dataclass
class EventBatch:
    """Events read from one source, with what was rejected and why."""

    file: str
    events: list[Event] = field(default_factory=list)
    rows: int = 0
    rejected: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    #: Set when the rows were read by a source adapter: its report is the count.
    report: IngestReport | None = None

    def reconciles(self) -> bool:
        """Every row is either an event or a rejection."""
        return self.rows == len(self.events) + self.rejected

    def reject(self, diagnostic: Diagnostic, cause: str) -> None:
        """Count one rejected row with its diagnostic and a cause key for grouping."""
        self.rejected += 1
        self.add(diagnostic, cause)

    def add(self, diagnostic: Diagnostic, cause: str | None = None) -> None:
        """Record a diagnostic (a file-level one when ``cause`` is None)."""
        self.diagnostics.append(diagnostic)
        self.causes.append(cause or f"{diagnostic.code}:{diagnostic.message}")

    def extend(self, other: EventBatch) -> None:
        """Add the events, counts and diagnostics of ``other``."""
        self.events = [*other.events, *self.events]
        self.rows += other.rows
        self.rejected += other.rejected
        self.diagnostics += other.diagnostics
        self.causes += other.causes

    def _causes(self) -> list[str]:
        """One cause per diagnostic (diagnostics appended directly get their own message as cause)."""
        extra = self.diagnostics[len(self.causes) :]
        return self.causes[: len(self.diagnostics)] + [f"{d.code}:{d.message}" for d in extra]

    def groups(self) -> list[RejectionGroup]:
        """Diagnostics grouped by cause, in order of first appearance."""
        order: dict[str, list[Diagnostic]] = {}
        for diagnostic, cause in zip(self.diagnostics, self._causes(), strict=True):
            order.setdefault(cause, []).append(diagnostic)
        out = []
        for cause, items in order.items():
            first = tuple(d.location for d in items[:FIRST_LOCATIONS])
            out.append(RejectionGroup(items[0].code, cause, len(items), first, items[0].message))
        return out

    def grouped(self) -> list[Diagnostic]:
        """One diagnostic per cause: a single one as is; a repeated one with its count and first places."""
        by_cause: dict[str, list[Diagnostic]] = {}
        for diagnostic, cause in zip(self.diagnostics, self._causes(), strict=True):
            by_cause.setdefault(cause, []).append(diagnostic)
        out: list[Diagnostic] = []
        for items in by_cause.values():
            first = items[0]
            if len(items) == 1:
                out.append(first)
                continue
            places = ", ".join(d.location for d in items[:FIRST_LOCATIONS])
            more = f" and {len(items) - FIRST_LOCATIONS:,} more" if len(items) > FIRST_LOCATIONS else ""
            out.append(
                Diagnostic(
                    first.code,
                    f"{len(items):,} rows rejected for the same cause; the first: {first.message}",
                    first.file,
                    first.span,
                    hint=first.hint,
                    notes=(*first.notes, f"at {places}{more} (`--all` lists every row)"),
                )
            )
        return out

    def counts(self) -> EventCounts:
        """The shared count structure."""
        if self.report is not None:
            groups = tuple(
                RejectionGroup(g.code, g.reason, g.count, tuple(g.locations), g.reason)
                for g in self.report.groups
            )
            grouped = tuple(self.diagnostics)
        else:
            groups, grouped = tuple(self.groups()), tuple(self.grouped())
        return EventCounts(
            self.file,
            self.rows,
            len(self.events),
            self.rejected,
            tuple(self.diagnostics),
            groups,
            grouped,
            self.report,
        )


def _file_error(file: str, diagnostics: list[Diagnostic], hint: str | None = None) -> EventBatch:
    batch = EventBatch(file)
    for d in diagnostics:
        batch.add(Diagnostic("V902", d.message, d.file, d.span, hint=hint or d.hint))
    return batch


def from_ingest(ingest: Any, file: str | None = None) -> EventBatch:
    """The events and counts of an :class:`~servanda.sources.Ingest` (its report is the count)."""
    from servanda.sources.schema import frame_events

    report: IngestReport = ingest.report
    if file is not None:
        report.file = file
    batch = EventBatch(report.file, list(frame_events(ingest.frame)), report.rows_read, report.rejected)
    batch.report = report
    batch.diagnostics = report.diagnostics()
    batch.causes = [f"{d.code}:{d.message}" for d in batch.diagnostics]
    return batch


def _refused(file: str, exc: ServandaError) -> EventBatch:
    batch = EventBatch(file)
    for d in exc.diagnostics:
        batch.add(d)
    return batch


def _adapted(path: Path, source: str | None) -> EventBatch:
    from servanda.sources import read_events_file

    try:
        return from_ingest(read_events_file(path, source))
    except ServandaError as exc:
        return _refused(str(path), exc)


def _detected(path: Path) -> str | None:
    from servanda.sources import detect_source

    try:
        return detect_source(path)
    except ServandaError:
        return None  # the canonical reader names the problem


def read_events(path: str | Path, source: str | None = None) -> EventBatch:
    """Read events from ``path`` (canonical YAML, JSON or CSV; or any source of :mod:`servanda.sources`).

    ``source`` (one of :data:`servanda.sources.SOURCES`) is detected when None.
    """
    path = Path(path)
    file = str(path)
    suffix = path.suffix.lower()
    if not path.exists() and not path.is_symlink():
        return _file_error(file, [Diagnostic("V902", f"no such events file `{path}`", file)])
    problem = file_problem(path)  # a folder, FIFO or device: said so, never opened for reading
    if problem is not None:
        return _file_error(file, [problem])
    if source not in (None, "canonical") or suffix in (".parquet", ".pq", ".zip", ".xlsx", ".xls", ".xlsm"):
        return _adapted(path, source)
    if source is None and suffix not in (".yaml", ".yml") and _detected(path) not in (None, "canonical"):
        return _adapted(path, None)
    if suffix in (".yaml", ".yml"):
        doc = read_source(path, "events_yaml")
        if doc.diagnostics and doc.data is None:
            large = any(d.code == "E103" for d in doc.diagnostics)
            return _file_error(
                file,
                doc.diagnostics,
                "large event sets belong in CSV, which has a 2 GiB limit" if large else None,
            )
        wrapped = isinstance(doc.data, dict)
        data = doc.data.get("events") if isinstance(doc.data, dict) else doc.data
        return read_events_data(
            data,
            file,
            lambda k, f: doc.span_of((*(("events", k) if wrapped else (k,)), *((f,) if f else ()))),
        )
    if suffix == ".json":
        data, result = read_json(path, "events")
        if result.diagnostics:
            return _file_error(file, result.diagnostics)
        return read_events_data(data.get("events") if isinstance(data, dict) else data, file)
    if suffix in (".csv", ".tsv", ".txt"):
        result = read_text(path, "events_csv")
        if result.text is None:
            return _file_error(file, result.diagnostics)
        return read_events_csv(result.text, file)
    return _file_error(
        file,
        [Diagnostic("V902", f"unknown events file type `{suffix}`", file)],
        "use .yaml, .json or .csv",
    )


_FOREIGN = (
    ("acled", {"event_id_cnty", "event_date", "actor1", "fatalities", "event_type", "sub_event_type"}),
    ("ucdp_ged", {"type_of_violence", "side_a", "side_b", "best", "date_start", "where_prec"}),
)


def foreign_format(first_line: str) -> str | None:
    """The source a header line comes from (``acled``, ``ucdp_ged``, ``gdelt``), or None.

    >>> foreign_format("event_id_cnty,event_date,year,actor1,fatalities")
    'acled'
    """
    if first_line.count("\t") in (56, 57, 60) and "," not in first_line.split("\t")[0]:
        return "gdelt"
    columns = {c.strip().strip('"').lower() for c in first_line.replace("\t", ",").split(",")}
    for name, marks in _FOREIGN:
        if len(columns & marks) >= 3:
            return name
    return None


def _foreign_text(text: str, file: str) -> EventBatch:
    """CSV text of another source, read by its adapter through a temporary file."""
    import tempfile

    from servanda.sources import read_events_file

    with tempfile.TemporaryDirectory(prefix="servanda-rows-") as tmp:
        copy = Path(tmp) / "events.csv"
        copy.write_text(text, encoding="utf-8")
        try:
            return from_ingest(read_events_file(copy), file)
        except ServandaError as exc:
            return _refused(file, _relabel(exc, str(copy), file))


def _relabel(exc: ServandaError, old: str, new: str) -> ServandaError:
    from dataclasses import replace

    return ServandaError([replace(d, file=new) if d.file == old else d for d in exc.diagnostics])


def _foreign_rows(rows: list[Any], source: str, file: str) -> EventBatch:
    from servanda.sources import read_events_rows

    try:
        return from_ingest(read_events_rows(rows, source, file))
    except ServandaError as exc:
        return _refused(file, exc)


def csv_records(text: str) -> Any:
    """Yield (line number, fields or None when the quote is unterminated) for each CSV record."""
    lines = [line + "\n" for line in text.split("\n")]
    i = 0
    n = len(lines)
    while i < n:
        start = i
        quotes = lines[i].count('"')
        i += 1
        while quotes % 2 and i < n and i - start < MAX_RECORD_LINES:
            quotes += lines[i].count('"')
            i += 1
        if quotes % 2:
            i = start + 1
            yield start + 1, None
            continue
        chunk = "".join(lines[start:i])
        if not chunk.strip():
            continue
        try:
            fields = next(csv.reader([chunk], strict=True))
        except (csv.Error, StopIteration):
            yield start + 1, None
            continue
        yield start + 1, fields


def read_events_csv(text: str, file: str) -> EventBatch:
    """Validate CSV text (a header row of canonical fields, then one event per row)."""
    first_line = text.split("\n", 1)[0]
    if foreign_format(first_line) is not None:
        return _foreign_text(text, file)
    records = csv_records(text)
    header: list[str] | None = None
    for _line, fields in records:
        if fields is None:
            return _file_error(file, [Diagnostic("V902", "the header row has an unterminated quote", file)])
        header = [f.strip() for f in fields]
        break
    if header is None:
        return _file_error(
            file,
            [Diagnostic("V902", "the CSV file is empty", file)],
            "a comma-separated file with a header row of canonical event fields",
        )
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        return _file_error(
            file,
            [Diagnostic("V902", f"the header repeats column `{duplicates[0]}`", file, Span(1, 1, 1, 2))],
        )
    rows: list[Any] = []
    lines: list[int] = []
    batch = EventBatch(file)
    width = len(header)
    for line, fields in records:
        span = Span(line, 1, line, 2)
        if fields is None:
            batch.rows += 1
            batch.reject(
                Diagnostic(
                    "V901",
                    f"line {line} rejected: unterminated quote",
                    file,
                    span,
                    hint='close the quote, or double a quote inside a quoted field ("")',
                ),
                "unterminated quote",
            )
            continue
        if len(fields) != width:
            batch.rows += 1
            batch.reject(
                Diagnostic(
                    "V901",
                    f"line {line} rejected: {len(fields)} field(s), the header has {width}",
                    file,
                    span,
                    hint="every row needs one value per header column (empty values are allowed)",
                ),
                f"{'too few' if len(fields) < width else 'too many'} fields",
            )
            continue
        rows.append({k: v for k, v in zip(header, fields, strict=True) if v != ""})
        lines.append(line)
    data_batch = read_events_data(rows, file, lambda k, f: Span(lines[k], 1, lines[k], 2), labels=lines)
    data_batch.rows += batch.rows
    data_batch.rejected += batch.rejected
    data_batch.diagnostics += batch.diagnostics
    data_batch.causes += batch.causes
    return data_batch


def read_events_data(
    rows: Any,
    file: str,
    span_for: Callable[[int, str | None], Span | None] | None = None,
    labels: list[int] | None = None,
) -> EventBatch:
    """Validate rows (mappings) into events; ``span_for(k, field)`` maps row k (and a field) to the file.

    With ``labels`` (CSV), rows are named by their line in the file; otherwise by their position.
    """
    batch = EventBatch(file)
    if not isinstance(rows, list):
        batch.add(Diagnostic("V902", "expected a list of events (or `events:` with a list)", file))
        return batch
    if rows and isinstance(rows[0], dict):
        foreign = foreign_format(",".join(str(key) for key in rows[0]))
        if foreign in ("acled", "ucdp_ged"):
            return _foreign_rows(rows, foreign, file)
    seen: set[str] = set()
    for k, row in enumerate(rows):
        batch.rows += 1
        name = f"line {labels[k]}" if labels is not None else f"row {k + 1}"
        span = span_for(k, None) if span_for else None
        if isinstance(row, Event):
            event = row
        elif not isinstance(row, dict):
            batch.reject(Diagnostic("V901", f"{name}: not a mapping", file, span), "not a mapping")
            continue
        else:
            try:
                # provenance columns (a file written by `servanda store events`) describe where a row
                # came from, not the event: they are part of the canonical table and not checked here
                event = Event.model_validate({k: v for k, v in row.items() if k not in PROVENANCE_COLUMNS})
            except ValidationError as exc:
                errors = exc.errors()
                problems = "; ".join(_problem(e) for e in errors)
                first = str(errors[0]["loc"][0]) if errors and errors[0]["loc"] else None
                field_span = span_for(k, first) if span_for and first else None
                cause = ";".join(f"{'.'.join(str(p) for p in e['loc'])}:{e['type']}" for e in errors)
                batch.reject(
                    Diagnostic(
                        "V901",
                        f"{name} rejected: {problems}",
                        file,
                        field_span or span,
                        hint=_hint(errors),
                        notes=_lookalikes(errors),
                    ),
                    cause,
                )
                continue
        if event.id in seen:
            batch.reject(
                Diagnostic("V901", f"{name} rejected: duplicate event id `{event.id}`", file, span),
                "duplicate event id",
            )
            continue
        seen.add(event.id)
        batch.events.append(event)
    return batch


def _quoted(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _problem(error: Any) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "row"
    if error["type"] == "enum":
        return f"{field}: `{_quoted(error.get('input'))}` is not an event class"
    if error["type"] == "missing":
        return f"{field}: missing"
    message = str(error["msg"])
    if message.startswith(("Input ", "Value ", "String ", "Field ")):
        message = message[0].lower() + message[1:]
    if error["type"] not in ("date_out_of_range", "not_finite") and "input" in error and error["loc"]:
        value = error.get("input")
        if isinstance(value, str | int | float) and f"`{value}`" not in message:
            return f"{field}: `{_quoted(value)}`: {message}"
    return f"{field}: {message}"


def _lookalikes(errors: list[Any]) -> tuple[str, ...]:
    """Notes naming invisible or look-alike characters (non-ASCII) in the rejected values."""
    notes: list[str] = []
    for error in errors:
        value = error.get("input")
        if not isinstance(value, str) or value.isascii():
            continue
        odd = [c for c in dict.fromkeys(value) if not c.isascii()]
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in odd[:3])
        notes.append(f"`{_quoted(value)}` contains {names}: retype it in plain ASCII")
    return tuple(notes)


def _hint(errors: list[Any]) -> str | None:
    from servanda.model.codes import suggest
    from servanda.model.vocabulary import EventClass

    for error in errors:
        if error["type"] == "enum" and error["loc"] and error["loc"][0] == "event_class":
            close = suggest(str(error.get("input")), {c.value for c in EventClass})
            if close:
                return f"did you mean `{close[0]}`?"
            return "event classes are listed in docs/format.md#eventclass"
        if error["type"] == "date_out_of_range":
            return "dates must lie in years 1800–2200 (docs/format.md#input-limits)"
    return "the canonical event fields are listed in docs/format.md#event"
