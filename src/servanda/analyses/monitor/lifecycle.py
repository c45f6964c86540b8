"""Every obligation from trigger to honoured or breached: the monitor's decision procedure.

For each instrument the evaluation engine gives the activations (per firing and bearer, with the due
instant) and the enforcement mechanisms set off. Each activation then gets one state and the rule that
decided it (:data:`~servanda.analyses.monitor.rules.RULES`):

* triggered duties: **honoured** (a qualifying compliance record, same bearer and beneficiary, dated
  from the trigger to before the deadline), **pending** (deadline not passed as of the end date, or no
  deadline), **breached** (deadline passed, no qualifying action) or **disputed** (one source says
  taken, another denied);
* standing duties to refrain, respect or hold fire: **breached** by the first event whose actor is the
  bearer and whose target (or, without a target, country) is a protected state, else honoured so far;
  other standing duties are "standing, not testable from events";
* suspended activations stay **suspended**.

``as_if_in_force`` replays history as if each instrument entered into force that day with every party
bound from then: the result is labelled counterfactual.

Example:
    >>> from servanda.language.library import resolve
    >>> from servanda.language.loader import load_instrument
    >>> import polars as pl
    >>> from servanda.sources.schema import conform
    >>> memo = load_instrument(resolve("budapest.memorandum")).instrument
    >>> events = conform(pl.DataFrame({"id": ["e1"], "date": ["2014-02-27"], "actor": ["RUS"],
    ...     "target": ["UKR"], "event_class": ["territorial_seizure"]}).with_columns(pl.col("date").str.to_date()))
    >>> out = monitor_units([Unit(memo, {})], events, [])
    >>> row = next(r for r in out.rows if r.obligation == "refrain_from_force" and r.bearer == "RUS")
    >>> row.state, row.rule, row.first_breach.isoformat()
    ('breached', 'C1', '2014-02-27')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from servanda.analyses.monitor.rules import RULES, conduct_classes, qualifying_actions
from servanda.evaluation.engine import Evaluator, get_engine
from servanda.evaluation.results import Activation, EnforcementActivation
from servanda.model.compliance import ComplianceRecord, ComplianceStatus
from servanda.model.instrument import Instrument, Obligation
from servanda.model.vocabulary import Action, InstrumentStatus
from servanda.semantics.geometry import NamedGeometry
from servanda.sources.schema import CANONICAL_SCHEMA, empty_frame, frame_events

#: At most this many evidence ids of conduct breaches are kept per row (the count is always exact).
MAX_EVIDENCE = 50

STATES = ("pending", "honoured", "breached", "disputed", "suspended", "standing")


@dataclass
class Unit:
    """One instrument to monitor, with its geometries."""

    instrument: Instrument
    geometries: Mapping[str, NamedGeometry]


@dataclass
class LifecycleRow:
    """One obligation activation for one bearer, with its state and the rule that decided it."""

    instrument: str
    obligation: str
    clause: str
    bearer: str
    beneficiaries: list[str]
    action: str
    modality: str
    discretion: str
    kind: str  # "triggered" or "standing"
    trigger: str | None
    triggered_on: date | None
    due: datetime | None
    engine_status: str
    state: str
    state_from: date | None
    rule: str
    reason: str
    evidence: list[str] = field(default_factory=list)
    breach_evidence: list[str] = field(default_factory=list)
    breach_count: int = 0
    first_breach: date | None = None
    records: list[str] = field(default_factory=list)
    consequences: list[str] = field(default_factory=list)

    @property
    def interim(self) -> str:
        """The state before ``state_from``: pending for triggered duties, honoured for standing ones."""
        return "pending" if self.kind == "triggered" else "honoured"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "instrument": self.instrument,
            "obligation": self.obligation,
            "clause": self.clause,
            "bearer": self.bearer,
            "beneficiaries": list(self.beneficiaries),
            "action": self.action,
            "modality": self.modality,
            "discretion": self.discretion,
            "kind": self.kind,
            "trigger": self.trigger,
            "triggered_on": self.triggered_on.isoformat() if self.triggered_on else None,
            "due": self.due.isoformat() if self.due else None,
            "engine_status": self.engine_status,
            "state": self.state,
            "state_from": self.state_from.isoformat() if self.state_from else None,
            "rule": self.rule,
            "rule_text": RULES[self.rule],
            "reason": self.reason,
            "evidence": list(self.evidence),
            "breach_evidence": list(self.breach_evidence),
            "breach_count": self.breach_count,
            "first_breach": self.first_breach.isoformat() if self.first_breach else None,
            "records": list(self.records),
            "consequences": list(self.consequences),
        }


@dataclass
class Consequence:
    """An enforcement mechanism set off by a breach, with the breached rows it answers."""

    instrument: str
    enforcement: str
    mechanism: str
    description: str
    by: list[str]
    against: list[str]
    trigger: str
    on: date
    evidence: list[str]
    breaches: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "instrument": self.instrument,
            "enforcement": self.enforcement,
            "mechanism": self.mechanism,
            "description": self.description,
            "by": list(self.by),
            "against": list(self.against),
            "trigger": self.trigger,
            "on": self.on.isoformat(),
            "evidence": list(self.evidence),
            "breaches": list(self.breaches),
        }


@dataclass
class Lifecycle:
    """What the monitor found: one row per activation and bearer, and the consequences set off."""

    instruments: list[str]
    start: date | None
    end: date
    counterfactual: date | None
    rows: list[LifecycleRow]
    consequences: list[Consequence]
    firings: list[dict[str, Any]]
    events_considered: int


def counterfactual_instrument(instrument: Instrument, day: date) -> Instrument:
    """``instrument`` as if it had entered into force on ``day`` with every party bound from then.

    >>> from servanda.language.library import resolve
    >>> from servanda.language.loader import load_instrument
    >>> memo = load_instrument(resolve("budapest.memorandum")).instrument
    >>> counterfactual_instrument(memo, date(2022, 2, 24)).in_force
    datetime.date(2022, 2, 24)
    """
    parties = [p.model_copy(update={"joined": None, "left": None}) for p in instrument.parties]
    return instrument.model_copy(
        update={
            "in_force": day,
            "signed": min(instrument.signed, day) if instrument.signed else day,
            "terminated": None,
            "status": InstrumentStatus.IN_FORCE,
            "parties": parties,
        }
    )


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(days=1)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _states(codes: Sequence[str]) -> list[str]:
    return [c for c in codes if not c.startswith("org:") and not c.startswith("$")]


def _matching(
    act: Activation, obligation: Obligation, records: Sequence[ComplianceRecord]
) -> list[ComplianceRecord]:
    """Records by the bearer, of a qualifying action, for a beneficiary of the activation."""
    ok = qualifying_actions(obligation.action, obligation.means)
    wanted = set(_states(act.beneficiaries))
    return [
        r
        for r in records
        if r.actor == act.bearer
        and r.action in ok
        and (r.obligation is None or r.obligation == act.obligation)
        and (not wanted or r.beneficiary is None or r.beneficiary in wanted)
    ]


def _decide_triggered(
    act: Activation, obligation: Obligation, records: Sequence[ComplianceRecord], end: date
) -> tuple[str, date | None, str, str, list[str]]:
    """State, the day it was reached, rule id, reason and the records used, for a triggered activation."""
    assert act.triggered_on is not None
    matching = [r for r in _matching(act, obligation, records) if r.date >= act.triggered_on]
    due = act.due
    inclusive = obligation.deadline.inclusive if obligation.deadline is not None else True

    def on_time(r: ComplianceRecord) -> bool:
        return due is None or (_at(r.date) <= due if inclusive else _at(r.date) < due)

    in_time = [r for r in matching if on_time(r)]
    taken = [r for r in in_time if r.status is ComplianceStatus.TAKEN]
    denied = [r for r in matching if r.status is ComplianceStatus.DENIED]
    partial = [r for r in in_time if r.status is ComplianceStatus.PARTIAL]
    due_text = f"due {due.isoformat()}" if due else "no deadline"
    if taken and denied:
        day = max(r.date for r in [*taken, *denied])
        reason = f"taken per {taken[0].source} ({taken[0].date}); not taken per {denied[0].source} ({denied[0].date})"
        return "disputed", day, "D1", reason, [str(r.id) for r in [*taken, *denied]]
    if taken:
        first = min(taken, key=lambda r: r.date)
        return (
            "honoured",
            first.date,
            "H1",
            f"{first.action} on {first.date} ({first.source}); {due_text}",
            [str(first.id)],
        )
    if due is None:
        note = f"; {len(denied)} record(s) say not taken" if denied else ""
        return "pending", None, "P2", f"{obligation.promptness.value}{note}", [str(r.id) for r in denied]
    if due > _end_of(end):
        return "pending", None, "P1", f"{due_text}; end date {end}", []
    late = [r for r in matching if r.status is ComplianceStatus.TAKEN and not on_time(r)]
    if late:
        first = min(late, key=lambda r: r.date)
        return (
            "breached",
            due.date(),
            "B2",
            f"{due_text}; taken on {first.date} ({first.source})",
            [str(first.id)],
        )
    if denied:
        return "breached", due.date(), "B3", f"{due_text}; {denied[0].source}", [str(r.id) for r in denied]
    if partial:
        return (
            "breached",
            due.date(),
            "B4",
            f"{due_text}; partial per {partial[0].source}",
            [str(r.id) for r in partial],
        )
    return "breached", due.date(), "B1", f"{due_text}; no qualifying action recorded by {end}", []


def _conduct(
    frame: pl.DataFrame, bearer: str, protected: list[str], classes: frozenset[Any], since: date | None
) -> pl.DataFrame:
    """Events by ``bearer`` against a protected state (target, else country) of a breaching class."""
    attacked = pl.coalesce(pl.col("target"), pl.col("country"))
    condition = (
        (pl.col("actor") == bearer)
        & attacked.is_in(protected)
        & pl.col("event_class").is_in(sorted(c.value for c in classes))
    )
    if since is not None:
        condition = condition & (pl.col("date") >= since)
    return frame.filter(condition).sort(["date", "id"])


def _decide_conduct(
    instrument: Instrument,
    act: Activation,
    obligation: Obligation,
    frame: pl.DataFrame,
    records: Sequence[ComplianceRecord],
    classes: frozenset[Any],
    since: date | None,
) -> tuple[str, date | None, str, str, list[str], pl.DataFrame]:
    protected = _states(act.beneficiaries) or [c for c in _states(instrument.party_codes) if c != act.bearer]
    for party in instrument.parties:
        if party.state == act.bearer and party.joined is not None:
            since = max(since, party.joined) if since else party.joined
    hits = _conduct(frame, act.bearer, protected, classes, since)
    for party in instrument.parties:
        if party.state == act.bearer and party.left is not None:
            hits = hits.filter(pl.col("date") < party.left)
    claims = [r for r in _matching(act, obligation, records) if since is None or r.date >= since]
    kept = [r for r in claims if r.status is ComplianceStatus.TAKEN]
    broken = [r for r in claims if r.status is ComplianceStatus.DENIED]
    who = f"{act.bearer} against {', '.join(protected)}"
    if hits.height:
        first = hits["date"][0]
        reason = f"{hits.height} event(s) by {who}, first on {first} ({hits['id'][0]})"
        if kept:
            return (
                "disputed",
                first,
                "D2",
                f"{reason}; kept per {kept[0].source}",
                [str(r.id) for r in kept],
                hits,
            )
        return "breached", first, "C1", reason, [], hits
    if broken:
        day = broken[0].date
        return (
            "disputed",
            day,
            "D3",
            f"not kept per {broken[0].source}; no event by {who}",
            [str(r.id) for r in broken],
            hits,
        )
    return "honoured", None, "C2", f"no breaching event by {who}", [], hits


def _row(instrument: Instrument, act: Activation, kind: str, **values: Any) -> LifecycleRow:
    return LifecycleRow(
        instrument=instrument.id,
        obligation=act.obligation,
        clause=act.clause,
        bearer=act.bearer,
        beneficiaries=list(act.beneficiaries),
        action=act.action,
        modality=act.modality,
        discretion=act.discretion,
        kind=kind,
        trigger=act.trigger,
        triggered_on=act.triggered_on,
        due=act.due,
        engine_status=act.status,
        evidence=list(act.evidence),
        **values,
    )


def _assess(
    instrument: Instrument,
    act: Activation,
    obligation: Obligation,
    frame: pl.DataFrame,
    records: Sequence[ComplianceRecord],
    end: date,
) -> LifecycleRow:
    kind = "standing" if act.trigger is None else "triggered"
    if obligation.modality.value in ("permission", "right"):
        return _row(instrument, act, kind, state="standing", state_from=None, rule="N2", reason=act.modality)
    if act.status == "suspended":
        return _row(
            instrument, act, kind, state="suspended", state_from=None, rule="S1", reason=act.trace.detail
        )
    classes = conduct_classes(Action(act.action), act.modality)
    if classes is not None:
        since = act.triggered_on
        if kind == "triggered" and act.due is not None:
            since = act.due.date()
        state, day, rule, reason, used, hits = _decide_conduct(
            instrument, act, obligation, frame, records, classes, since
        )
        if rule == "C2" and act.due is not None and act.due > _end_of(end):
            state, rule, reason = "pending", "P1", f"due {act.due.isoformat()}; end date {end}"
        return _row(
            instrument,
            act,
            kind,
            state=state,
            state_from=day,
            rule=rule,
            reason=reason,
            breach_evidence=hits["id"].head(MAX_EVIDENCE).to_list(),
            breach_count=hits.height,
            first_breach=hits["date"][0] if hits.height else None,
            records=used,
        )
    if kind == "standing":
        return _row(instrument, act, kind, state="standing", state_from=None, rule="N1", reason=act.action)
    state, day, rule, reason, used = _decide_triggered(act, obligation, records, end)
    return _row(instrument, act, kind, state=state, state_from=day, rule=rule, reason=reason, records=used)


def _consequences(
    instrument: Instrument, fired: Sequence[EnforcementActivation], rows: Sequence[LifecycleRow]
) -> list[Consequence]:
    described = {e.id: e.description or "" for c in instrument.clauses for e in c.enforcement}
    out = []
    for e in fired:
        linked = [
            r
            for r in rows
            if r.instrument == instrument.id
            and r.state == "breached"
            and r.bearer in e.against
            and r.state_from is not None
            and r.state_from <= e.on
        ]
        for r in linked:
            if e.enforcement not in r.consequences:
                r.consequences.append(e.enforcement)
        out.append(
            Consequence(
                instrument.id,
                e.enforcement,
                e.mechanism,
                described.get(e.enforcement, ""),
                list(e.by),
                list(e.against),
                e.trigger,
                e.on,
                list(e.evidence),
                [f"{r.obligation}/{r.bearer}" for r in linked],
            )
        )
    return out


def monitor_units(
    units: Sequence[Unit],
    events: pl.DataFrame | Sequence[pl.LazyFrame],
    records: Sequence[ComplianceRecord],
    *,
    start: date | None = None,
    end: date | None = None,
    as_if_in_force: date | None = None,
    engine: str | Evaluator = "reference",
    progress: Callable[[int, int], None] | None = None,
) -> Lifecycle:
    """The lifecycle of every activation of ``units`` on canonical ``events`` and compliance ``records``.

    ``events`` is a canonical frame, or canonical partitions (lazy frames, e.g. Parquet scans): an
    engine with ``evaluate_frame`` (columnar, dask) reads the partitions as far as its triggers need,
    and the conduct tests read only the rows of a breaching class; only the reference engine turns
    events into objects. ``engine`` is an engine name or an engine. ``end`` defaults to the latest
    event or record date (else today); events before ``start`` or after ``end`` are not considered.
    ``progress(done, total)`` is called after each instrument.
    """
    evaluator = get_engine(engine) if isinstance(engine, str) else engine
    parts = [events.lazy()] if isinstance(events, pl.DataFrame) else list(events)
    if start is not None:
        parts = [p.filter(pl.col("date") >= start) for p in parts]
    if end is None:
        latest = pl.concat([p.select(pl.col("date").max()) for p in parts]).collect() if parts else None
        found = latest["date"].max() if latest is not None else None
        dates = [d for d in (found, *(r.date for r in records)) if isinstance(d, date)]
        end = max(dates) if dates else date.today()
    parts = [p.filter(pl.col("date") <= end) for p in parts]
    whole = pl.concat(parts, how="vertical") if parts else empty_frame().lazy()
    columnar = hasattr(evaluator, "evaluate_frame")
    event_list = [] if columnar else list(frame_events(whole.collect()))
    count = len(event_list)  # with a frame engine: the engine's count (every unit considers the same events)
    rows: list[LifecycleRow] = []
    consequences: list[Consequence] = []
    firings: list[dict[str, Any]] = []
    for done, unit in enumerate(units, start=1):
        instrument = unit.instrument
        if as_if_in_force is not None:
            instrument = counterfactual_instrument(instrument, as_if_in_force)
        if columnar:
            frame_input: Any = parts if evaluator.name == "dask" else whole
            result = evaluator.evaluate_frame(  # type: ignore[attr-defined]
                instrument, frame_input, unit.geometries, end, trace=False
            )
        else:
            result = evaluator.evaluate(instrument, event_list, unit.geometries, end, trace=False)
        count = result.events_considered
        obligations = instrument.obligations()
        conduct = _conduct_rows(whole, result.activations)
        unit_rows = [
            _assess(instrument, act, obligations[act.obligation], conduct, records, end)
            for act in result.activations
        ]
        rows.extend(unit_rows)
        consequences.extend(_consequences(instrument, result.enforcement, unit_rows))
        firings.extend(
            {
                "instrument": instrument.id,
                "trigger": f.trigger,
                "target": f.target or None,
                "on": f.on.isoformat(),
                "evidence": list(f.evidence),
            }
            for f in result.firings
        )
        if progress is not None:
            progress(done, len(units))
    return Lifecycle(
        [u.instrument.id for u in units],
        start,
        end,
        as_if_in_force,
        rows,
        consequences,
        firings,
        count,
    )


def _conduct_rows(frame: pl.LazyFrame, activations: Sequence[Activation]) -> pl.DataFrame:
    """The only rows the conduct tests read: events by a bearer of a breaching class (one pass)."""
    classes: set[str] = set()
    bearers: set[str] = set()
    for act in activations:
        found = conduct_classes(Action(act.action), act.modality)
        if found is not None and act.status != "suspended":
            classes |= {c.value for c in found}
            bearers.add(act.bearer)
    columns = ["id", "date", "actor", "target", "country", "event_class"]
    if not classes:
        return pl.DataFrame(schema={c: CANONICAL_SCHEMA[c] for c in columns})
    return (
        frame.filter(pl.col("event_class").is_in(sorted(classes)) & pl.col("actor").is_in(sorted(bearers)))
        .select(columns)
        .collect()
    )


def daily_series(lifecycle: Lifecycle, events: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per day from the start (else the first event or trigger) to the end: how many activations are in
    each state, and how many were triggered that day.

    Standing duties tested by conduct count as honoured until their first breach; triggered duties as
    pending from their trigger until decided. Untestable, suspended and permission rows are not counted.
    """
    rows = [r for r in lifecycle.rows if r.state not in ("standing", "suspended")]
    first_candidates = [r.triggered_on for r in rows if r.triggered_on and r.kind == "triggered"]
    if events is not None and events.height:
        first_event = events["date"].min()
        if isinstance(first_event, date):
            first_candidates.append(first_event)
    first = lifecycle.start or (min(first_candidates) if first_candidates else lifecycle.end)
    first = min(first, lifecycle.end)
    days = pl.DataFrame({"date": pl.date_range(first, lifecycle.end, "1d", eager=True)})
    columns = ["date", "triggered", "pending", "honoured", "breached", "disputed"]
    if not rows:
        return days.with_columns([pl.lit(0, dtype=pl.Int64).alias(c) for c in columns[1:]])
    table = pl.DataFrame(
        {
            "opened": [r.triggered_on or first for r in rows],
            "triggered_on": [r.triggered_on if r.kind == "triggered" else None for r in rows],
            "state_from": [r.state_from for r in rows],
            "state": [r.state for r in rows],
            "interim": [r.interim for r in rows],
        },
        schema={
            "opened": pl.Date,
            "triggered_on": pl.Date,
            "state_from": pl.Date,
            "state": pl.Utf8,
            "interim": pl.Utf8,
        },
    )
    crossed = days.join(table, how="cross").filter(pl.col("date") >= pl.col("opened"))
    crossed = crossed.with_columns(
        pl.when(pl.col("state_from").is_null() & pl.col("state").is_in(["pending", "honoured"]))
        .then(pl.col("state"))
        .when(pl.col("state_from").is_not_null() & (pl.col("date") >= pl.col("state_from")))
        .then(pl.col("state"))
        .otherwise(pl.col("interim"))
        .alias("now")
    )
    counts = crossed.group_by("date").agg(
        [(pl.col("triggered_on") == pl.col("date")).sum().alias("triggered")]
        + [(pl.col("now") == s).sum().alias(s) for s in columns[2:]]
    )
    out = days.join(counts, on="date", how="left").fill_null(0).sort("date")
    return out.select([pl.col("date"), *[pl.col(c).cast(pl.Int64) for c in columns[1:]]])
