"""The reference evaluator: simple, obviously correct, and the oracle for every faster engine.

It walks events one by one in plain Python. Semantics (documented in docs/format.md):

* a ``match`` trigger fires, separately for each attacked state, on the first date on which a
  matching event occurs; with a ``threshold``, on the first date whose rolling window (ending that
  day, inclusive) holds at least ``min_events`` matching events and ``min_deaths`` deaths;
* ``all_of`` fires (per attacked state) when the last component has fired; ``any_of`` when the
  first has; ``unless`` suppresses a firing if a listed trigger fired on or before that date;
* an obligation activates once per firing of its trigger and per bearer; ``$target`` is the
  attacked state, ``$other_parties`` every other party; it falls due ``deadline.within`` after
  00:00 UTC of the firing date;
* an exception applies when its ``when`` trigger fired for the same state on or before the firing.

Example:
    >>> from servanda.evaluation.reference import evaluate
    >>> # evaluate(instrument, events, geometries) -> EvaluationResult
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.evaluation.geometry import NamedGeometry
from servanda.evaluation.trace import TRACE_FORMAT, TraceNode
from servanda.model.events import Event
from servanda.model.instrument import Deadline, Instrument, Obligation, Predicate, Trigger
from servanda.model.vocabulary import (
    EVENT_CLASS_GROUPS,
    OPPOSED_ACTIONS,
    Discretion,
    EventClass,
    ExceptionEffect,
    Modality,
)

NO_TARGET = ""


class EvaluationError(ServandaError):
    """The instrument cannot be evaluated (e.g. a cyclic trigger); `servanda check` reports why."""


@dataclass(frozen=True)
class Firing:
    """A trigger firing for one attacked state."""

    trigger: str
    target: str
    on: date
    evidence: tuple[str, ...]


@dataclass
class Activation:
    """An obligation that applies to one bearer because of one firing (or because it is standing)."""

    obligation: str
    clause: str
    bearer: str
    beneficiaries: list[str]
    action: str
    modality: str
    discretion: str
    trigger: str | None
    triggered_on: date | None
    due: datetime | None
    status: str
    evidence: list[str]
    trace: TraceNode

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "obligation": self.obligation,
            "clause": self.clause,
            "bearer": self.bearer,
            "beneficiaries": self.beneficiaries,
            "action": self.action,
            "modality": self.modality,
            "discretion": self.discretion,
            "trigger": self.trigger,
            "triggered_on": self.triggered_on.isoformat() if self.triggered_on else None,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "evidence": self.evidence,
            "trace": self.trace.to_json(),
        }


@dataclass
class EnforcementActivation:
    """An enforcement mechanism set off by a breach trigger."""

    enforcement: str
    mechanism: str
    by: list[str]
    against: list[str]
    trigger: str
    on: date
    evidence: list[str]


@dataclass
class EvaluationResult:
    """Everything the evaluator found."""

    instrument: str
    as_of: date | None
    events_considered: int
    firings: list[Firing] = field(default_factory=list)
    activations: list[Activation] = field(default_factory=list)
    enforcement: list[EnforcementActivation] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    why_not: dict[str, TraceNode] = field(default_factory=dict)
    events_rejected: int = 0
    input_diagnostics: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def activated(self, obligation: str) -> list[Activation]:
        """Activations of one obligation."""
        return [a for a in self.activations if a.obligation == obligation]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "format": "servanda-evaluation/1",
            "trace_format": TRACE_FORMAT,
            "instrument": self.instrument,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "events_considered": self.events_considered,
            "firings": [
                {
                    "trigger": f.trigger,
                    "target": f.target or None,
                    "on": f.on.isoformat(),
                    "evidence": list(f.evidence),
                }
                for f in self.firings
            ],
            "activations": [a.to_json() for a in self.activations],
            "enforcement": [
                {
                    "enforcement": e.enforcement,
                    "mechanism": e.mechanism,
                    "by": e.by,
                    "against": e.against,
                    "trigger": e.trigger,
                    "on": e.on.isoformat(),
                    "evidence": e.evidence,
                }
                for e in self.enforcement
            ],
            "conflicts": self.conflicts,
            "why_not": {k: v.to_json() for k, v in self.why_not.items()},
            "events_rejected": self.events_rejected,
            "input_diagnostics": [d.to_json() for d in self.input_diagnostics],
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- predicates


def expand_classes(names: Iterable[str]) -> set[EventClass]:
    """Event classes named by ``names`` (class names or group names)."""
    out: set[EventClass] = set()
    for name in names:
        if name in EVENT_CLASS_GROUPS:
            out |= EVENT_CLASS_GROUPS[name]
        else:
            out.add(EventClass(name))
    return out


class PredicateContext:
    """What predicates need besides the event: the instrument and its geometries."""

    def __init__(
        self, instrument: Instrument, geometries: Mapping[str, NamedGeometry], membership_dates: bool = True
    ):
        self.instrument = instrument
        self.geometries = geometries
        self.membership_dates = membership_dates

    def codes(self, refs: list[str], on: date | None = None) -> set[str]:
        """Codes named by a list of codes and selectors (with ``on``: parties bound that day)."""
        return set(self.instrument.expand(refs, on if self.membership_dates else None))

    def holds(self, predicate: Predicate, event: Event) -> bool:
        """Whether ``predicate`` holds for ``event``."""
        key = predicate.key
        if key == "all":
            return all(self.holds(p, event) for p in predicate.all or [])
        if key == "any":
            return any(self.holds(p, event) for p in predicate.any or [])
        if key == "not":
            assert predicate.not_ is not None
            return not self.holds(predicate.not_, event)
        if key == "event_class":
            return event.event_class in expand_classes(predicate.event_class or [])
        if key == "actor":
            return event.actor is not None and event.actor in self.codes(predicate.actor or [], event.date)
        if key == "target":
            attacked = event.attacked_state
            return attacked is not None and attacked in self.codes(predicate.target or [], event.date)
        if key == "country":
            return event.country is not None and event.country in self.codes(
                predicate.country or [], event.date
            )
        if key in ("inside", "outside"):
            name = predicate.inside if key == "inside" else predicate.outside
            assert name is not None
            if event.lon is None or event.lat is None:
                return False  # location unknown: neither provably inside nor outside
            inside = self.geometries[name].contains_lonlat(event.lon, event.lat)
            return inside if key == "inside" else not inside
        if key == "min_deaths":
            return event.deaths >= (predicate.min_deaths or 0)
        if key == "on_target_territory":
            return event.country is not None and event.target in (None, event.country)
        raise AssertionError(f"unknown predicate key {key}")

    def atoms(self, predicate: Predicate) -> list[Predicate]:
        """Leaf predicates, in file order (for why-not explanations)."""
        if predicate.key in ("all", "any"):
            children = predicate.all if predicate.key == "all" else predicate.any
            return [a for child in children or [] for a in self.atoms(child)]
        if predicate.key == "not":
            assert predicate.not_ is not None
            return self.atoms(predicate.not_)
        return [predicate]


def describe_predicate(predicate: Predicate) -> str:
    """Short text form: ``event_class in [armed_attack]``."""
    key = predicate.key
    value = getattr(predicate, "not_" if key == "not" else key)
    if key in ("all", "any"):
        return f"{key}(" + ", ".join(describe_predicate(p) for p in value) + ")"
    if key == "not":
        return f"not({describe_predicate(value)})"
    if isinstance(value, list):
        return f"{key} in [{', '.join(value)}]"
    return f"{key} {value}"


# --------------------------------------------------------------------------- evaluator


def evaluate(
    instrument: Instrument,
    events: Sequence[Event],
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None = None,
) -> EvaluationResult:
    """Which obligations activate, for whom, when they fall due, on what evidence, and why (not)."""
    considered = sorted((e for e in events if as_of is None or e.date <= as_of), key=lambda e: (e.date, e.id))
    ctx = PredicateContext(instrument, geometries)
    triggers = instrument.triggers()
    firings: dict[str, list[Firing]] = {}

    def fire(trigger_id: str, stack: tuple[str, ...] = ()) -> list[Firing]:
        if trigger_id in firings:
            return firings[trigger_id]
        if trigger_id in stack:
            raise EvaluationError(
                Diagnostic("E302", f"cyclic trigger reference: {' -> '.join((*stack, trigger_id))}")
            )
        trigger = triggers[trigger_id]
        result = _fire(trigger, considered, ctx, lambda t: fire(t, (*stack, trigger_id)))
        firings[trigger_id] = result
        return result

    result = EvaluationResult(instrument.id, as_of, len(considered))
    for trigger_id in triggers:
        result.firings.extend(fire(trigger_id))

    for clause in instrument.clauses:
        for obligation in clause.obligations:
            result.activations.extend(_activate(instrument, clause.id, obligation, firings, triggers))
        for enforcement in clause.enforcement:
            for firing in firings.get(enforcement.activated_by, []):
                result.enforcement.append(
                    EnforcementActivation(
                        enforcement.id,
                        enforcement.mechanism.value,
                        _expand_for(instrument, enforcement.by, firing.target),
                        _expand_for(instrument, enforcement.against, firing.target),
                        firing.trigger,
                        firing.on,
                        list(firing.evidence),
                    )
                )

    result.conflicts = _runtime_conflicts(instrument, result.activations)
    result.notes = precision_notes(instrument, result.firings, considered, geometries)
    activated = {a.obligation for a in result.activations}
    for obligation_id, obligation in instrument.obligations().items():
        if obligation_id not in activated or all(
            a.status == "suspended" for a in result.activated(obligation_id)
        ):
            result.why_not[obligation_id] = why_not(
                instrument, obligation, considered, ctx, firings, triggers, result
            )
    return result


def _fire(trigger: Trigger, events: Sequence[Event], ctx: PredicateContext, fire: Any) -> list[Firing]:
    start = counts_from(trigger, ctx.instrument)
    if trigger.match is not None:
        by_target: dict[str, list[Event]] = defaultdict(list)
        for event in events:
            if start is not None and event.date < start:
                continue
            if ctx.holds(trigger.match, event):
                per_target = trigger.threshold is None or trigger.threshold.per_target
                by_target[(event.attacked_state or NO_TARGET) if per_target else NO_TARGET].append(event)
        found = [_first_firing(trigger, target, matched) for target, matched in by_target.items()]
        base = [f for f in found if f is not None]
    else:
        components = [fire(t) for t in (trigger.all_of or trigger.any_of or [])]
        base = _compose(trigger, components)
    if start is not None:
        base = [f for f in base if f.on >= start]
    if trigger.unless:
        blockers = [f for t in trigger.unless for f in fire(t)]
        base = [
            f
            for f in base
            if not any(
                b.on <= f.on and (b.target == f.target or NO_TARGET in (b.target, f.target)) for b in blockers
            )
        ]
    return sorted(base, key=lambda f: (f.on, f.target))


def counts_from(trigger: Trigger, instrument: Instrument) -> date | None:
    """First date whose events count for ``trigger``: its ``counts_from``, and never before entry into force.

    An instrument without an ``in_force`` date (a proposal) is evaluated as if in force.
    """
    explicit: date | None
    if trigger.counts_from == "signed":
        explicit = instrument.signed
    elif trigger.counts_from == "in_force":
        explicit = instrument.in_force or instrument.signed
    else:
        explicit = trigger.counts_from if isinstance(trigger.counts_from, date) else None
    dates = [d for d in (explicit, instrument.in_force) if d is not None]
    return max(dates) if dates else None


#: Distance (km) within which an event of a given location precision may lie on the other side of a boundary.
PRECISION_KM = {1: 0.0, 2: 25.0, 3: 50.0}


def precision_notes(
    instrument: Instrument,
    firings: Sequence[Firing],
    events: Sequence[Event],
    geometries: Mapping[str, NamedGeometry],
) -> list[str]:
    """Warnings about evidence whose date or place is less precise than the test it passed."""
    by_id = {e.id: e for e in events}
    triggers = instrument.triggers()
    notes: list[str] = []
    for firing in firings:
        trigger = triggers[firing.trigger]
        names = sorted(geometry_names(trigger.match)) if trigger.match is not None else []
        for event_id in firing.evidence:
            event = by_id.get(event_id)
            if event is None:
                continue
            if event.date_precision != "day":
                notes.append(
                    f"`{firing.trigger}`: evidence `{event.id}` is dated to the {event.date_precision}; "
                    f"the firing date {firing.on} (and any deadline) assumes its first day"
                )
            tolerance = PRECISION_KM.get(event.geo_precision, 100.0)
            if tolerance and event.lon is not None and event.lat is not None:
                for name in names:
                    distance = geometries[name].distance_km(event.lon, event.lat)
                    if distance <= tolerance:
                        notes.append(
                            f"`{firing.trigger}`: evidence `{event.id}` has location precision "
                            f"{event.geo_precision} and lies {distance:.0f} km from the edge of `{name}`; "
                            "whether it is inside is uncertain"
                        )
    return list(dict.fromkeys(notes))


def geometry_names(predicate: Predicate) -> set[str]:
    """Names of the geometries a predicate tests."""
    key = predicate.key
    if key in ("all", "any"):
        return {n for p in getattr(predicate, key) or [] for n in geometry_names(p)}
    if key == "not":
        assert predicate.not_ is not None
        return geometry_names(predicate.not_)
    if key in ("inside", "outside"):
        return {str(getattr(predicate, key))}
    return set()


def _first_firing(trigger: Trigger, target: str, matched: list[Event]) -> Firing | None:
    threshold = trigger.threshold
    if threshold is None:
        first = matched[0].date
        return Firing(trigger.id, target, first, tuple(e.id for e in matched if e.date == first))
    for end in sorted({e.date for e in matched}):
        start = window_start(end, threshold.window)
        window = [e for e in matched if start <= e.date <= end]
        if len(window) >= threshold.min_events and sum(e.deaths for e in window) >= threshold.min_deaths:
            return Firing(trigger.id, target, end, tuple(e.id for e in window))
    return None


def window_start(end: date, window: Any) -> date:
    """First day of a rolling window of length ``window`` ending (inclusive) on ``end``.

    >>> from servanda.model.periods import Duration
    >>> window_start(date(2025, 3, 7), Duration(amount=7, unit="days"))
    datetime.date(2025, 3, 1)
    """
    back = datetime(end.year, end.month, end.day)
    if window.unit.value == "hours":
        days = max(1, -(-window.amount // 24))
        return end - timedelta(days=days - 1)
    if window.unit.value in ("days", "weeks"):
        return end - timedelta(days=int(window.approx_days()) - 1)
    months = window.amount if window.unit.value == "months" else 12 * window.amount
    from servanda.model.periods import add_months

    return add_months(back, -months).date() + timedelta(days=1)


def _compose(trigger: Trigger, components: list[list[Firing]]) -> list[Firing]:
    if not components:
        return []
    per_component: list[dict[str, Firing]] = [{f.target: f for f in firings} for firings in components]
    out: list[Firing] = []
    if trigger.all_of is not None:
        targets = set(per_component[0])
        for comp in per_component[1:]:
            targets &= set(comp) | ({*targets} if NO_TARGET in comp else set())
        for target in sorted(targets):
            parts = [comp.get(target) or comp.get(NO_TARGET) for comp in per_component]
            if any(p is None for p in parts):
                continue
            chosen = [p for p in parts if p is not None]
            evidence = tuple(dict.fromkeys(e for p in chosen for e in p.evidence))
            out.append(Firing(trigger.id, target, max(p.on for p in chosen), evidence))
    else:
        best: dict[str, Firing] = {}
        for comp in per_component:
            for target, firing in comp.items():
                if target not in best or firing.on < best[target].on:
                    best[target] = Firing(trigger.id, target, firing.on, firing.evidence)
        out = list(best.values())
    return out


def _expand_for(instrument: Instrument, refs: list[str], target: str, on: date | None = None) -> list[str]:
    """Codes for ``refs`` in the context of a firing against ``target`` on ``on`` (parties bound that day)."""
    out: list[str] = []
    for ref in refs:
        if ref == "$target":
            out.extend([target] if target else [])
        elif ref == "$other_parties":
            out.extend(p for p in instrument.party_codes if p != target and instrument.bound_on(p, on))
        else:
            out.extend(instrument.expand([ref], on))
    return list(dict.fromkeys(out))


def due_at(deadline: Deadline | None, on: date) -> datetime | None:
    """Due instant for a trigger on ``on`` (00:00 UTC of that day plus the deadline)."""
    if deadline is None:
        return None
    return deadline.within.add_to(datetime(on.year, on.month, on.day))


def _activate(
    instrument: Instrument,
    clause_id: str,
    obligation: Obligation,
    firings: Mapping[str, list[Firing]],
    triggers: Mapping[str, Trigger],
) -> list[Activation]:
    out: list[Activation] = []
    exceptions = [(c.id, x) for c in instrument.clauses for x in c.exceptions if obligation.id in x.to]
    if obligation.standing:
        start = instrument.in_force or instrument.signed
        suspended = [
            (exc_clause, exc, firings[exc.when][0])
            for exc_clause, exc in exceptions
            if exc.effect is ExceptionEffect.SUSPEND and firings.get(exc.when)
        ]
        if suspended:
            exc_clause, exc, first = suspended[0]
            status, evidence = "suspended", list(first.evidence)
            trace = TraceNode(
                "obligation",
                obligation.id,
                False,
                f"standing obligation suspended from {first.on.isoformat()} by exception `{exc.id}`",
                clause_id,
                evidence,
                [
                    TraceNode(
                        "exception",
                        exc.id,
                        True,
                        f"`{exc.when}` fired on {first.on.isoformat()}",
                        exc_clause,
                        evidence,
                    )
                ],
            )
        else:
            status, evidence = "active", []
            trace = TraceNode(
                "obligation",
                obligation.id,
                True,
                "standing obligation, applies from entry into force",
                clause_id,
            )
        beneficiaries = _expand_for(instrument, obligation.beneficiary, NO_TARGET)
        for bearer in _expand_for(instrument, obligation.bearer, NO_TARGET):
            out.append(
                Activation(
                    obligation.id,
                    clause_id,
                    bearer,
                    beneficiaries,
                    obligation.action.value,
                    obligation.modality.value,
                    obligation.discretion.value,
                    None,
                    start,
                    None,
                    status,
                    list(evidence),
                    trace,
                )
            )
        return out
    if obligation.trigger is None:
        return out
    trigger_clause = instrument.clause_of(obligation.trigger)
    for firing in firings.get(obligation.trigger, []):
        status, discretion, deadline = "active", obligation.discretion, obligation.deadline
        trigger_node = TraceNode(
            "trigger",
            firing.trigger,
            True,
            f"fired on {firing.on.isoformat()}" + (f" against {firing.target}" if firing.target else ""),
            trigger_clause.id if trigger_clause else None,
            list(firing.evidence),
        )
        children = [trigger_node]
        applying = []
        for exc_clause, exc in exceptions:
            hit = [
                f
                for f in firings.get(exc.when, [])
                if f.on <= firing.on
                and (exc.any_target or f.target == firing.target or NO_TARGET in (f.target, firing.target))
            ]
            children.append(
                TraceNode(
                    "exception",
                    exc.id,
                    bool(hit),
                    f"`{exc.when}` fired on {hit[0].on.isoformat()}"
                    if hit
                    else f"`{exc.when}` did not fire first",
                    exc_clause,
                    list(hit[0].evidence) if hit else [],
                )
            )
            if hit:
                applying.append(exc)
        winners = [x for x in applying if not any(x.id in y.prevails_over for y in applying)]
        for exc in winners:
            if exc.effect is ExceptionEffect.SUSPEND:
                status = "suspended"
            else:
                status = "modified" if status == "active" else status
                discretion = exc.modify_discretion or discretion
                deadline = exc.modify_deadline or deadline
        if len({(x.effect, x.modify_discretion, x.modify_deadline) for x in winners}) > 1:
            status = "conflict"
        due = due_at(deadline, firing.on)
        detail = (
            f"due {due.isoformat()}"
            if due
            else (obligation.promptness.value if obligation.promptness.value != "none" else "no deadline")
        )
        for bearer in _expand_for(instrument, obligation.bearer, firing.target, firing.on):
            trace = TraceNode(
                "obligation",
                obligation.id,
                status != "suspended",
                f"{status}; {detail}",
                clause_id,
                list(firing.evidence),
                children,
            )
            out.append(
                Activation(
                    obligation.id,
                    clause_id,
                    bearer,
                    _expand_for(instrument, obligation.beneficiary, firing.target),
                    obligation.action.value,
                    obligation.modality.value,
                    discretion.value if isinstance(discretion, Discretion) else str(discretion),
                    firing.trigger,
                    firing.on,
                    due,
                    status,
                    list(firing.evidence),
                    trace,
                )
            )
    return out


def _runtime_conflicts(instrument: Instrument, activations: list[Activation]) -> list[str]:
    obligations = instrument.obligations()
    active = [a for a in activations if a.status in ("active", "modified")]
    out: list[str] = []
    by_bearer: dict[str, list[Activation]] = defaultdict(list)
    for a in active:
        by_bearer[a.bearer].append(a)
    for bearer, items in by_bearer.items():
        seen: set[tuple[str, str]] = set()
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.obligation == b.obligation or (a.obligation, b.obligation) in seen:
                    continue
                oa, ob = obligations[a.obligation], obligations[b.obligation]
                if not opposed(oa, ob):
                    continue
                if b.obligation in oa.prevails_over or a.obligation in ob.prevails_over:
                    continue
                seen.add((a.obligation, b.obligation))
                out.append(f"{bearer}: `{a.obligation}` and `{b.obligation}` both apply and neither prevails")
    return out


def opposed(a: Obligation, b: Obligation) -> bool:
    """True when one bearer cannot comply with both (same action forbidden/required, or opposed actions)."""
    required = {Modality.OBLIGATION}
    if a.action == b.action:
        return {a.modality, b.modality} == {Modality.OBLIGATION, Modality.PROHIBITION}
    if frozenset({a.action, b.action}) in OPPOSED_ACTIONS:
        return a.modality in required and b.modality in required
    return False


# --------------------------------------------------------------------------- why not


def why_not(
    instrument: Instrument,
    obligation: Obligation,
    events: Sequence[Event],
    ctx: PredicateContext,
    firings: Mapping[str, list[Firing]],
    triggers: Mapping[str, Trigger],
    result: EvaluationResult,
) -> TraceNode:
    """Explain why ``obligation`` did not activate (or was suspended)."""
    clause = instrument.clause_of(obligation.id)
    root = TraceNode("obligation", obligation.id, False, "", clause.id if clause else None)
    if obligation.trigger is None:
        root.detail = "no trigger" if not obligation.standing else "standing"
        return root
    if firings.get(obligation.trigger):
        suspended = [a for a in result.activated(obligation.id) if a.status == "suspended"]
        if suspended:
            root.detail = "suspended by an exception"
            root.children = suspended[0].trace.children
        else:
            root.detail = "trigger fired but the obligation names no bearer for that firing"
        return root
    root.detail = f"trigger `{obligation.trigger}` did not fire"
    root.children.append(explain_trigger(triggers[obligation.trigger], events, ctx, firings, triggers))
    return root


def explain_trigger(
    trigger: Trigger,
    events: Sequence[Event],
    ctx: PredicateContext,
    firings: Mapping[str, list[Firing]],
    triggers: Mapping[str, Trigger],
) -> TraceNode:
    """Per-test counts over the events, showing which test removed them."""
    clause = ctx.instrument.clause_of(trigger.id)
    node = TraceNode("trigger", trigger.id, bool(firings.get(trigger.id)), "", clause.id if clause else None)
    if trigger.match is None:
        parts = trigger.all_of or trigger.any_of or []
        for part in parts:
            if firings.get(part):
                node.children.append(
                    TraceNode("trigger", part, True, f"fired on {firings[part][0].on.isoformat()}")
                )
            else:
                node.children.append(explain_trigger(triggers[part], events, ctx, firings, triggers))
        node.detail = ("needs all of: " if trigger.all_of else "needs any of: ") + ", ".join(parts)
        return node
    start = counts_from(trigger, ctx.instrument)
    if start is not None:
        earlier = sum(1 for e in events if e.date < start)
        node.children.append(
            TraceNode(
                "test",
                f"date on or after {start.isoformat()}",
                len(events) > earlier,
                f"{earlier} of {len(events)} events are earlier and do not count",
            )
        )
        events = [e for e in events if e.date >= start]
    total = len(events)
    for atom in ctx.atoms(trigger.match):
        passing = [e for e in events if ctx.holds(atom, e)]
        node.children.append(
            TraceNode(
                "test",
                describe_predicate(atom),
                bool(passing),
                f"{len(passing)} of {total} events pass",
                evidence=[e.id for e in passing[:10]],
            )
        )
    matched = [e for e in events if ctx.holds(trigger.match, e)]
    detail = f"{len(matched)} of {total} events match `{describe_predicate(trigger.match)}`"
    if matched and trigger.threshold is not None:
        threshold = trigger.threshold
        best_deaths, best_count = 0, 0
        for end in sorted({e.date for e in matched}):
            start = window_start(end, threshold.window)
            window = [e for e in matched if start <= e.date <= end]
            best_deaths = max(best_deaths, sum(e.deaths for e in window))
            best_count = max(best_count, len(window))
        detail += (
            f"; the best {threshold.window} window held {best_count} events and {best_deaths} deaths"
            f" (needs {threshold.min_events} and {threshold.min_deaths})"
        )
    if trigger.unless and matched:
        detail += f"; suppressed by `unless`: {', '.join(t for t in trigger.unless if firings.get(t))}"
    node.detail = detail
    return node
