"""Read canonical events from YAML, JSON or CSV; bad rows are counted and reported, never lost silently.

Example:
    >>> batch = read_events_data([{"id": "e1", "date": "2025-01-02", "event_class": "shelling"},
    ...                           {"id": "e2", "date": "2025-02-30", "event_class": "shelling"}], "x.yaml")
    >>> len(batch.events), batch.rejected, batch.diagnostics[0].code
    (1, 1, 'V901')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from servanda.io.yaml_source import read_source
from servanda.language.diagnostics import Diagnostic, Span
from servanda.model.events import Event


@dataclass
class EventBatch:
    """Events read from one source, with what was rejected and why."""

    file: str
    events: list[Event] = field(default_factory=list)
    rows: int = 0
    rejected: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def reconciles(self) -> bool:
        """Every row is either an event or a rejection."""
        return self.rows == len(self.events) + self.rejected


def read_events(path: str | Path) -> EventBatch:
    """Read events from ``path`` (``.yaml``/``.yml``, ``.json`` or ``.csv``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        return EventBatch(
            str(path), diagnostics=[Diagnostic("V902", f"no such events file `{path}`", str(path))]
        )
    if suffix in (".yaml", ".yml"):
        doc = read_source(path)
        if doc.diagnostics and doc.data is None:
            batch = EventBatch(str(path))
            large = any(d.code == "E103" for d in doc.diagnostics)
            hint = "large event sets belong in CSV, which has no size limit" if large else None
            batch.diagnostics = [
                Diagnostic("V902", d.message, d.file, d.span, hint=hint) for d in doc.diagnostics
            ]
            return batch
        wrapped = isinstance(doc.data, dict)
        data = doc.data.get("events") if isinstance(doc.data, dict) else doc.data
        return read_events_data(
            data,
            str(path),
            lambda k, f: doc.span_of((*(("events", k) if wrapped else (k,)), *((f,) if f else ()))),
        )
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return EventBatch(str(path), diagnostics=[Diagnostic("V902", f"not JSON: {exc}", str(path))])
        return read_events_data(data.get("events") if isinstance(data, dict) else data, str(path))
    if suffix == ".csv":
        try:
            frame = pl.read_csv(path, infer_schema=False)
        except (pl.exceptions.PolarsError, UnicodeDecodeError, OSError) as exc:
            first = str(exc).split("\n")[0][:200]
            hint = "a comma-separated file with a header row of canonical event fields"
            return EventBatch(
                str(path),
                diagnostics=[Diagnostic("V902", f"not a readable CSV: {first}", str(path), hint=hint)],
            )
        rows = [{k: v for k, v in row.items() if v not in (None, "")} for row in frame.to_dicts()]
        return read_events_data(rows, str(path), lambda k, f: Span(k + 2, 1, k + 2, 2))
    return EventBatch(
        str(path),
        diagnostics=[
            Diagnostic(
                "V902", f"unknown events file type `{suffix}`", str(path), hint="use .yaml, .json or .csv"
            )
        ],
    )


def read_events_data(
    rows: Any, file: str, span_for: Callable[[int, str | None], Span | None] | None = None
) -> EventBatch:
    """Validate rows (mappings) into events; ``span_for(k, field)`` maps row k (and a field) to the file."""
    batch = EventBatch(file)
    if not isinstance(rows, list):
        batch.diagnostics.append(
            Diagnostic("V902", "expected a list of events (or `events:` with a list)", file)
        )
        return batch
    seen: set[str] = set()
    for k, row in enumerate(rows):
        batch.rows += 1
        span = span_for(k, None) if span_for else None
        if not isinstance(row, dict):
            batch.rejected += 1
            batch.diagnostics.append(Diagnostic("V901", f"row {k + 1}: not a mapping", file, span))
            continue
        try:
            event = Event.model_validate(row)
        except ValidationError as exc:
            batch.rejected += 1
            errors = exc.errors()
            problems = "; ".join(_problem(e) for e in errors)
            first = str(errors[0]["loc"][0]) if errors and errors[0]["loc"] else None
            field_span = span_for(k, first) if span_for and first else None
            batch.diagnostics.append(
                Diagnostic(
                    "V901", f"row {k + 1} rejected: {problems}", file, field_span or span, hint=_hint(errors)
                )
            )
            continue
        if event.id in seen:
            batch.rejected += 1
            batch.diagnostics.append(
                Diagnostic("V901", f"row {k + 1} rejected: duplicate event id `{event.id}`", file, span)
            )
            continue
        seen.add(event.id)
        batch.events.append(event)
    return batch


def _problem(error: Any) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "row"
    if error["type"] == "enum":
        return f"{field}: `{error.get('input')}` is not an event class"
    if error["type"] == "missing":
        return f"{field}: missing"
    return f"{field}: {error['msg'].lower()}"


def _hint(errors: list[Any]) -> str | None:
    from servanda.model.codes import suggest
    from servanda.model.vocabulary import EventClass

    for error in errors:
        if error["type"] == "enum" and error["loc"] and error["loc"][0] == "event_class":
            close = suggest(str(error.get("input")), {c.value for c in EventClass})
            if close:
                return f"did you mean `{close[0]}`?"
            return "event classes are listed in docs/format.md#eventclass"
    return "the canonical event fields are listed in docs/format.md#event"
