"""Why an obligation did not activate (reference engine): per-test counts over the events.

A why-not tree names the trigger that did not fire and, for a ``match``, how many events each
atom of the predicate lets through (in file order), how many fall before ``counts_from``, and the
best rolling window a ``threshold`` saw; composite triggers explain each part that did not fire.

Example:
    >>> # why_not(instrument, obligation, events, ctx, firings, result).lines()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from servanda.evaluation.results import EvaluationResult, Firing, TraceNode
from servanda.model.events import Event
from servanda.model.instrument import Instrument, Obligation, Trigger
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.predicates import PredicateContext, atoms, describe
from servanda.semantics.time import counts_from, window_start


def why_not(
    instrument: Instrument,
    obligation: Obligation,
    events: Sequence[Event],
    ctx: PredicateContext,
    firings: Mapping[str, list[Firing]],
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
    root.children.append(explain_trigger(ctx.instrument.triggers()[obligation.trigger], events, ctx, firings))
    return root


def explain_trigger(
    trigger: Trigger,
    events: Sequence[Event],
    ctx: PredicateContext,
    firings: Mapping[str, list[Firing]],
) -> TraceNode:
    """Per-test counts over the events, showing which test removed them."""
    clause = ctx.instrument.clause_of(trigger.id)
    node = TraceNode("trigger", trigger.id, bool(firings.get(trigger.id)), "", clause.id if clause else None)
    if trigger.territory is not None:
        spec = trigger.territory
        node.detail = (
            f"front line `{spec.line}`: needs ≥ {spec.min_km2:g} km² gained by the {spec.side_gaining}"
            + (f" within {spec.window}" if spec.window else "")
            + (f" inside `{spec.within}`" if spec.within else "")
            + (f", reaching `{spec.reaches}`" if spec.reaches else "")
        )
        return node
    if trigger.match is None:
        parts = trigger.all_of or trigger.any_of or []
        for part in parts:
            if firings.get(part):
                node.children.append(
                    TraceNode("trigger", part, True, f"fired on {firings[part][0].on.isoformat()}")
                )
            else:
                node.children.append(explain_trigger(ctx.instrument.triggers()[part], events, ctx, firings))
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
    for atom in atoms(trigger.match):
        passing = [e for e in events if ctx.holds(atom, e)]
        node.children.append(
            TraceNode(
                "test",
                describe(atom),
                bool(passing),
                f"{len(passing)} of {total} events pass",
                evidence=[e.id for e in passing[:10]],
            )
        )
    matched = [e for e in events if ctx.holds(trigger.match, e)]
    detail = f"{len(matched)} of {total} events match `{describe(trigger.match)}`"
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


def add_why_not(
    instrument: Instrument,
    considered: Sequence[Event],
    geometries: Mapping[str, NamedGeometry],
    firings: Mapping[str, list[Firing]],
    result: EvaluationResult,
) -> None:
    """Put in ``result.why_not`` a tree for each obligation that did not activate (or only suspended).

    Every engine calls this with the events it considered, in (date, id) order, and its firings.
    """
    ctx = PredicateContext(instrument, geometries)
    activated = {a.obligation for a in result.activations}
    for obligation_id, obligation in instrument.obligations().items():
        if obligation_id not in activated or all(
            a.status == "suspended" for a in result.activated(obligation_id)
        ):
            result.why_not[obligation_id] = why_not(
                instrument, obligation, considered, ctx, dict(firings), result
            )
