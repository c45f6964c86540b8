"""``monitor``: every obligation an instrument or package activated on real events, from trigger to
honoured, breached or disputed, with evidence ids and the rule that decided it.

Events come from files (``events=[path, ...]``, read through the source adapters) or from the event
store (``store=PATH``); compliance records from a ``servanda-compliance/1`` file. ``as_if_in_force``
replays history as if the instrument(s) had entered into force that day: every output says so.

Example:
    >>> out = monitor("budapest.memorandum", events=["tests/fixtures/monitor/budapest_events.csv"])
    >>> row = out.frame().filter(obligation="refrain_from_force", bearer="RUS").row(0, named=True)
    >>> row["state"], row["first_breach"]
    ('breached', '2014-02-27')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.diagnostics import Diagnostic
from servanda.services._inputs import as_date, require_name, resolve_instrument
from servanda.services.errors import InstrumentError, ServiceError, translated, usage
from servanda.services.evaluate import check_engine

if TYPE_CHECKING:
    import polars as pl

    from servanda.analyses.monitor import ComplianceLoad, Lifecycle, Unit

MONITOR_FORMAT = "servanda-monitor/1"

#: Columns of ``monitor --format csv`` and of :meth:`MonitorResult.frame` (one row per activation/bearer).
CSV_COLUMNS = [
    "instrument",
    "obligation",
    "clause",
    "bearer",
    "beneficiaries",
    "action",
    "kind",
    "trigger",
    "triggered_on",
    "due",
    "state",
    "state_from",
    "rule",
    "rule_text",
    "reason",
    "evidence",
    "breach_count",
    "first_breach",
    "breach_evidence",
    "records",
    "consequences",
    "counterfactual",
    "counterfactual_note",
]

ProgressFn = Callable[[int, int], None]


def _read_events(paths: Sequence[str | Path], source: str | None) -> tuple[pl.DataFrame, list[Any]]:
    """One canonical frame from event files, and one ingest report per file (the one place that reads).

    Uses ``servanda.sources.read_events_file`` (every source format; the one reader of event files).
    """
    import polars as pl

    from servanda.sources import read_events_file
    from servanda.sources.schema import empty_frame

    frames, reports = [], []
    for path in paths:
        with translated(exit_code=2):
            ingest = read_events_file(path, source)
        frames.append(ingest.frame)
        reports.append(ingest.report)
    frame = pl.concat(frames, how="vertical") if frames else empty_frame()
    return frame, reports


def _store_events(
    store: str | Path, as_of_data: date | None, start: date | None, end: date | None
) -> pl.DataFrame:
    """Canonical events from the event store, as known on ``as_of_data``."""
    from servanda.store import EventStore

    with translated(exit_code=2):
        frame: pl.DataFrame = EventStore(Path(store), read_only=True).events(
            as_of_data=as_of_data, start=start, end=end
        )
    return frame


def _is_package(path: Path) -> bool:
    from servanda.analyses.packages.model import PACKAGE_FORMAT, package_file

    if path.is_dir():
        return True
    found = package_file(path)
    if found is None or found.suffix.lower() not in (".yaml", ".yml"):
        return False
    head = found.read_text(encoding="utf-8", errors="replace")[:2000]
    return f"format: {PACKAGE_FORMAT}" in head


def _units(target: str | Path) -> tuple[list[Unit], str, bool]:
    """The instruments to monitor, the target's id, and whether it is a package."""
    from servanda.analyses.monitor import Unit

    if _is_package(Path(target)):
        from servanda.analyses.packages.model import load_package

        loaded = load_package(target)
        if loaded.package is None:
            exit_code = 2 if any(d.code == "P801" for d in loaded.diagnostics) else 1
            raise ServiceError(loaded.errors or loaded.diagnostics, loaded.texts, exit_code)
        units = [Unit(item.instrument, item.geometries) for item in loaded.package.instruments]
        return units, loaded.package.spec.id, True
    from servanda.language.checker import check_file

    path = resolve_instrument(target)
    report = check_file(path)
    if report.errors or report.instrument is None:
        errors = [d for d in report.diagnostics if d.severity == "error"]
        raise InstrumentError(errors or report.diagnostics, report.load.document.text)
    return [Unit(report.instrument, dict(report.geometries))], report.instrument.id, False


def counterfactual_sentence(day: date, target: str) -> str:
    """The label every counterfactual output carries."""
    return (
        f"COUNTERFACTUAL: {target} evaluated as if it had entered into force on {day.isoformat()} with every "
        "party bound from that day; this is not what it actually required."
    )


@dataclass
class MonitorResult:
    """The lifecycle of every activation, the events and compliance records read, and the options."""

    target: str
    package: bool
    lifecycle: Lifecycle
    #: the events read (for canonical Parquet partitions only their ``date`` column)
    events: pl.DataFrame
    ingest: list[Any]
    compliance: ComplianceLoad | None
    store: str | None = None
    as_of_data: date | None = None
    engine: str = "reference"

    @property
    def counterfactual(self) -> bool:
        """True when replayed with ``as_if_in_force``."""
        return self.lifecycle.counterfactual is not None

    @property
    def counterfactual_note(self) -> str | None:
        """The counterfactual sentence, or None."""
        day = self.lifecycle.counterfactual
        return counterfactual_sentence(day, self.target) if day is not None else None

    @property
    def rows(self) -> list[Any]:
        """The lifecycle rows."""
        return self.lifecycle.rows

    @property
    def events_rejected(self) -> int:
        """Event rows rejected across the files read."""
        return sum(int(getattr(r, "rejected", 0)) for r in self.ingest)

    @property
    def records_rejected(self) -> int:
        """Compliance records rejected."""
        return self.compliance.rejected if self.compliance else 0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Compliance-record diagnostics, and a note (V946) when obligations read as breached only
        because no compliance records were given."""
        found = list(self.compliance.diagnostics) if self.compliance else []
        unrecorded = sum(1 for row in self.lifecycle.rows if row.rule == "B1")
        if self.compliance is None and unrecorded:
            found.append(
                Diagnostic(
                    "V946",
                    f"no compliance records given: {unrecorded} obligation(s) read as breached (B1) only "
                    "because no action is on record",
                    hint="pass --compliance FILE with the actions states took (docs/format.md#compliance-records)",
                )
            )
        return found

    def counts(self) -> dict[str, int]:
        """Rows per state."""
        out: dict[str, int] = {}
        for row in self.lifecycle.rows:
            out[row.state] = out.get(row.state, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (format ``servanda-monitor/1``)."""
        lc = self.lifecycle
        return {
            "format": MONITOR_FORMAT,
            "target": self.target,
            "package": self.package,
            "instruments": lc.instruments,
            "counterfactual": self.counterfactual,
            "counterfactual_note": self.counterfactual_note,
            "as_if_in_force": lc.counterfactual.isoformat() if lc.counterfactual else None,
            "start": lc.start.isoformat() if lc.start else None,
            "end": lc.end.isoformat(),
            "as_of_data": self.as_of_data.isoformat() if self.as_of_data else None,
            "engine": self.engine,
            "store": self.store,
            "ingest": [r.to_json() for r in self.ingest],
            "events_considered": lc.events_considered,
            "compliance": self.compliance.to_json() if self.compliance else None,
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "counts": self.counts(),
            "activations": [r.to_json() for r in lc.rows],
            "consequences": [c.to_json() for c in lc.consequences],
            "firings": lc.firings,
        }

    def frame(self) -> pl.DataFrame:
        """One row per obligation activation and bearer (lists joined with ``;``)."""
        import polars as pl

        records = []
        for row in self.lifecycle.rows:
            data = row.to_json()
            data["counterfactual"] = self.counterfactual
            data["counterfactual_note"] = self.counterfactual_note or ""
            records.append(
                {
                    k: ";".join(map(str, v)) if isinstance(v, list) else v
                    for k, v in data.items()
                    if k in CSV_COLUMNS
                }
            )
        schema: dict[str, Any] = {c: pl.Utf8 for c in CSV_COLUMNS}
        schema.update({"breach_count": pl.Int64, "counterfactual": pl.Boolean})
        return pl.DataFrame(records, schema=schema).select(CSV_COLUMNS)

    def daily_series(self) -> pl.DataFrame:
        """Per day: activations triggered that day, and how many are pending, honoured, breached, disputed."""
        import polars as pl

        from servanda.analyses.monitor import daily_series

        series = daily_series(self.lifecycle, self.events)
        return series.with_columns(
            pl.lit(self.counterfactual).alias("counterfactual"),
            pl.lit(self.counterfactual_note or "").alias("counterfactual_note"),
        )

    def to_csv(self, bom: bool = False) -> str:
        """:meth:`frame` as CSV."""
        return _csv(self.frame(), bom)

    def series_csv(self, bom: bool = False) -> str:
        """:meth:`daily_series` as CSV."""
        return _csv(self.daily_series(), bom)


def _csv(frame: pl.DataFrame, bom: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for values in frame.iter_rows():
        writer.writerow(
            ["" if v is None else ("true" if v is True else "false" if v is False else v) for v in values]
        )
    return ("\ufeff" if bom else "") + buffer.getvalue()


def monitor(
    target: str | Path,
    *,
    events: Sequence[str | Path] | str | Path | None = None,
    store: str | Path | None = None,
    source: str | None = None,
    start: date | datetime | str | None = None,
    end: date | datetime | str | None = None,
    compliance: str | Path | None = None,
    as_if_in_force: date | datetime | str | None = None,
    as_of_data: date | datetime | str | None = None,
    engine: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: ProgressFn | None = None,
) -> MonitorResult:
    """Track every obligation of an instrument or package on events: pending, honoured, breached, disputed.

    Usage errors (exit 2): V943 (neither or both of ``events`` and ``store``), V945 (start after end),
    E205 (bad date), E101 (unknown instrument or engine), V902/V91x/V940 (unreadable events or
    compliance file), V93x (event store problems), V947 (an ``events`` glob matching no
    file), V950/V951 (``engine="dask"``: scheduler unreachable or malformed). Rejected event rows and
    compliance records (V901, V941, V942) are counted and reported in the result.

    ``events`` may name canonical Parquet partitions (``"dir/*.parquet"`` or a folder): each file is
    checked with aggregate counts and read lazily, never loaded into one frame nor made into ``Event``
    objects (except by the reference engine, which needs them). ``engine="dask"`` evaluates them on a
    Dask cluster: a LocalCluster of ``workers`` processes (default 2), or the scheduler at ``scheduler``. ``frame()`` is a polars view,
    ``daily_series()`` the per-day counts; ``as_if_in_force`` labels every output counterfactual.

    >>> out = monitor("budapest.memorandum", events="tests/fixtures/monitor/budapest_events.csv",
    ...               as_if_in_force="2022-02-24")
    >>> out.counterfactual, out.to_json()["counterfactual_note"].startswith("COUNTERFACTUAL")
    (True, True)
    """
    from servanda.analyses.monitor import load_compliance, monitor_units

    require_name(target, "instrument or package")
    engine = check_engine(engine)
    first = as_date(start, "--from")
    last = as_date(end, "--to")
    counterfactual = as_date(as_if_in_force, "--as-if-in-force")
    known = as_date(as_of_data, "--as-of-data")
    if first and last and first > last:
        raise usage("V945", f"`--from {first}` is after `--to {last}`", "--from", "swap the dates")
    paths = [events] if isinstance(events, str | Path) else list(events or [])
    if bool(paths) == (store is not None):
        what = "both `--events` and `--store`" if paths else "no events"
        raise usage("V943", f"{what}: give `--events FILE` or `--store PATH`", "--events")
    units, ident, is_package = _units(target)
    parts: list[pl.LazyFrame] | None = None
    if paths:
        from servanda.services._parquet import all_parquet, expand_events, read_parquet_dataset

        files = expand_events(paths)
        if all_parquet(files) and source in (None, "canonical"):
            with translated(exit_code=2):
                dataset = read_parquet_dataset(files)
            parts, reports = dataset.parts, dataset.reports
            frame = dataset.frame().select("date").collect(engine="streaming")
        else:
            frame, reports = _read_events(files, source)
    else:
        assert store is not None
        frame = _store_events(store, known, first, last)
        reports = []
    loaded = None
    if compliance is not None:
        loaded = load_compliance(compliance)
        fatal = [d for d in loaded.diagnostics if d.code == "V940"]
        if fatal:
            raise ServiceError(fatal, exit_code=2)
    from servanda.services.evaluate import engine_session

    with engine_session(engine, scheduler, workers) as evaluator, translated(exit_code=2):
        lifecycle = monitor_units(
            units,
            parts if parts is not None else frame,
            loaded.records if loaded else [],
            start=first,
            end=last,
            as_if_in_force=counterfactual,
            engine=evaluator,
            progress=progress,
        )
    return MonitorResult(
        ident,
        is_package,
        lifecycle,
        frame,
        reports,
        loaded,
        str(store) if store is not None else None,
        known,
        engine,
    )
