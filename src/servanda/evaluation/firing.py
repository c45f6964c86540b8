"""When triggers fire (reference engine): matches, thresholds over rolling windows, composition.

* a ``match`` trigger fires, separately for each attacked state, on the first date on which a
  matching event occurs; with a ``threshold``, on the first date whose rolling window (ending that
  day, inclusive) holds at least ``min_events`` matching events and ``min_deaths`` deaths
  (``per_target: false`` sums over every attacked state);
* only events on or after the trigger's ``counts_from`` date (and entry into force) count;
* ``all_of`` fires (per attacked state) when the last component has fired; ``any_of`` when the
  first has; ``unless`` suppresses a firing if a listed trigger fired on or before that date;
* a ``territory`` trigger fires on a front-line series (:mod:`.territory`, shared by every engine).

Example:
    >>> # fire_all(instrument, events, PredicateContext(instrument, geometries)) -> {trigger id: [Firing]}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from servanda.diagnostics import Diagnostic
from servanda.evaluation.results import NO_TARGET, EvaluationError, Firing
from servanda.evaluation.territory import evidence_note, territory_firings
from servanda.model.events import Event
from servanda.model.instrument import Inside, Instrument, Outside, Trigger
from servanda.semantics.geometry import PRECISION_KM, NamedGeometry, placement, radius_km
from servanda.semantics.predicates import PredicateContext, atoms, declared_geometry_names
from servanda.semantics.time import counts_from, window_start


def resolve_triggers(
    trigger_ids: Iterable[str], fire_one: Callable[[str, Callable[[str], list[Firing]]], list[Firing]]
) -> dict[str, list[Firing]]:
    """Firings of every trigger, each computed once, composites after the triggers they name.

    ``fire_one(trigger_id, fire)`` computes one trigger's firings and calls ``fire(other_id)`` for the
    triggers it is composed of; a cycle is an :class:`EvaluationError` (E302). Every engine resolves
    composition this way.

    >>> resolve_triggers(["a", "b"], lambda t, fire: fire("b") if t == "a" else [])
    {'a': [], 'b': []}
    """
    ids = list(trigger_ids)
    firings: dict[str, list[Firing]] = {}

    def fire(trigger_id: str, stack: tuple[str, ...] = ()) -> list[Firing]:
        if trigger_id in firings:
            return firings[trigger_id]
        if trigger_id in stack:
            raise EvaluationError(
                Diagnostic("E302", f"cyclic trigger reference: {' -> '.join((*stack, trigger_id))}")
            )
        result = fire_one(trigger_id, lambda other: fire(other, (*stack, trigger_id)))
        firings[trigger_id] = result
        return result

    for trigger_id in ids:
        fire(trigger_id)
    return {t: firings[t] for t in ids}


def fire_all(
    events: Sequence[Event],
    ctx: PredicateContext,
    rows: dict[Firing, tuple[Event, ...]] | None = None,
    *,
    as_of: date | None = None,
) -> dict[str, list[Firing]]:
    """Firings of every trigger of ``ctx.instrument`` over ``events`` (sorted by date, then id).

    ``rows``, if given, receives for each ``match`` firing the events counted in it (its evidence
    rows; see :func:`evidence_rows`). ``as_of`` bounds the snapshots a ``territory`` trigger reads
    (events are already bounded by the caller).
    """
    triggers = ctx.instrument.triggers()
    counted = rows if rows is not None else {}
    return resolve_triggers(
        triggers, lambda trigger_id, fire: _fire(triggers[trigger_id], events, ctx, fire, counted, as_of)
    )


def evidence_rows(
    firings: Mapping[str, Sequence[Firing]], rows: Mapping[Firing, tuple[Event, ...]]
) -> list[Event]:
    """The events counted in the ``match`` firings that survived (``unless`` may remove some)."""
    return [e for fired in firings.values() for f in fired for e in rows.get(f, ())]


def _fire(
    trigger: Trigger,
    events: Sequence[Event],
    ctx: PredicateContext,
    fire: Callable[[str], list[Firing]],
    rows: dict[Firing, tuple[Event, ...]],
    as_of: date | None = None,
) -> list[Firing]:
    start = counts_from(trigger, ctx.instrument)
    if trigger.territory is not None:
        base = territory_firings(trigger, ctx.instrument, ctx.geometries, as_of)
    elif trigger.match is not None:
        by_target: dict[str, list[Event]] = defaultdict(list)
        for event in events:
            if start is not None and event.date < start:
                continue
            if ctx.holds(trigger.match, event):
                per_target = trigger.threshold is None or trigger.threshold.per_target
                by_target[(event.attacked_state or NO_TARGET) if per_target else NO_TARGET].append(event)
        base = []
        for target, matched in by_target.items():
            found = _first_firing(trigger, target, matched)
            if found is not None:
                base.append(found[0])
                rows[found[0]] = found[1]
    else:
        base = compose(trigger, [fire(t) for t in (trigger.all_of or trigger.any_of or [])])
    return settle(trigger, base, start, fire)


def settle(
    trigger: Trigger, base: list[Firing], start: date | None, fire: Callable[[str], list[Firing]]
) -> list[Firing]:
    """What every engine does to a trigger's firings: drop those before ``start`` (``counts_from``),
    those an ``unless`` trigger pre-empts (fired on or before, same target or untargeted), and sort.

    >>> settle(Trigger(id="t", kind="attack", all_of=["a"]), [], None, lambda t: [])
    []
    """
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


def _first_firing(
    trigger: Trigger, target: str, matched: list[Event]
) -> tuple[Firing, tuple[Event, ...]] | None:
    """The first firing for one attacked state, and the events counted in it."""
    threshold = trigger.threshold
    if threshold is None:
        first = matched[0].date
        counted = tuple(e for e in matched if e.date == first)
        return Firing(trigger.id, target, first, tuple(e.id for e in counted)), counted
    for end in sorted({e.date for e in matched}):
        start = window_start(end, threshold.window)
        window = tuple(e for e in matched if start <= e.date <= end)
        if len(window) >= threshold.min_events and sum(e.deaths for e in window) >= threshold.min_deaths:
            return Firing(trigger.id, target, end, tuple(e.id for e in window)), window
    return None


def compose(trigger: Trigger, components: list[list[Firing]]) -> list[Firing]:
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


__all__ = ["PRECISION_KM", "compose", "evidence_rows", "fire_all", "precision_notes", "resolve_triggers"]


def precision_notes(
    instrument: Instrument,
    firings: Sequence[Firing],
    evidence: Sequence[Event],
    geometries: Mapping[str, NamedGeometry],
) -> list[str]:
    """Notes on the evidence: the area and snapshots of a territorial firing; evidence whose date or place
    is less precise than the test it passed (an ``uncertain: match`` test: every uncertain event counted).

    ``evidence`` are the events counted in the firings (:func:`evidence_rows`). Notes follow the
    firings and their evidence ids; the notes of events sharing an id are sorted, so the answer does
    not depend on input order.
    """
    by_id: dict[str, list[Event]] = defaultdict(list)
    for event in evidence:
        by_id[event.id].append(event)
    triggers = instrument.triggers()
    notes: list[str] = []
    for firing in firings:
        trigger = triggers[firing.trigger]
        territorial = evidence_note(firing.trigger, firing.evidence)
        if territorial is not None:
            notes.append(territorial)
        leaves = atoms(trigger.match) if trigger.match is not None else []
        uncertain = sorted(
            {a.inside if isinstance(a, Inside) else a.outside for a in leaves
             if isinstance(a, Inside | Outside) and a.uncertain is not None}
        )  # fmt: skip
        names = sorted(declared_geometry_names(trigger.match)) if trigger.match is not None else []
        names = [n for n in names if n not in uncertain]
        for event_id in firing.evidence:
            found: set[str] = set()
            for event in by_id.get(event_id, ()):
                found.update(_event_notes(firing, event, names, geometries))
                found.update(_uncertain_notes(firing, event, uncertain, geometries))
            notes.extend(sorted(found))
    return list(dict.fromkeys(notes))


def _event_notes(
    firing: Firing, event: Event, names: list[str], geometries: Mapping[str, NamedGeometry]
) -> list[str]:
    notes = []
    if event.date_precision != "day":
        notes.append(
            f"`{firing.trigger}`: evidence `{event.id}` is dated to the {event.date_precision}; "
            f"the firing date {firing.on} (and any deadline) assumes its first day"
        )
    tolerance = radius_km(event.geo_precision)
    if tolerance and event.lon is not None and event.lat is not None:
        for name in names:
            distance = geometries[name].distance_km(event.lon, event.lat)
            if distance <= tolerance:
                notes.append(
                    f"`{firing.trigger}`: evidence `{event.id}` has location precision "
                    f"{event.geo_precision} and lies {distance:.0f} km from the edge of `{name}`; "
                    "whether it is inside is uncertain"
                )
    return notes


def _uncertain_notes(
    firing: Firing, event: Event, names: list[str], geometries: Mapping[str, NamedGeometry]
) -> list[str]:
    return [
        f"`{firing.trigger}`: evidence `{event.id}` (location precision {event.geo_precision}, "
        f"{radius_km(event.geo_precision):g} km) is uncertain for `{name}` and counted (`uncertain: match`)"
        for name in names
        if placement(geometries, name, event.lon, event.lat, event.geo_precision) == "uncertain"
    ]
