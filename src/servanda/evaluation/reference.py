"""The reference evaluator: simple, obviously correct, and the oracle for every faster engine.

It walks events one by one in plain Python. Semantics (documented in docs/format.md): what a
predicate, a selector, a geometry and a time window mean is in :mod:`servanda.semantics`; when
triggers fire is in :mod:`.firing`, which obligations apply and when they fall due in
:mod:`.activation`, run-time conflicts in :mod:`.conflicts`, why-not explanations in
:mod:`.explanations`. Only events dated on or before ``as_of`` count, in (date, id) order.

Example:
    >>> from servanda.evaluation.reference import ReferenceEngine
    >>> ReferenceEngine.name
    'reference'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from servanda.evaluation.activation import activate, enforcement_activations
from servanda.evaluation.conflicts import runtime_conflicts
from servanda.evaluation.explanations import add_why_not
from servanda.evaluation.firing import evidence_rows, fire_all, precision_notes
from servanda.evaluation.results import EvaluationResult, Firing
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.predicates import PredicateContext


def evaluate(
    instrument: Instrument,
    events: Sequence[Event],
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None = None,
    *,
    trace: bool = True,
) -> EvaluationResult:
    """Which obligations activate, for whom, when they fall due, on what evidence, and (with ``trace``) why not.

    Raises :class:`~servanda.evaluation.results.EvaluationError` for a cyclic trigger reference.
    """
    considered = sorted((e for e in events if as_of is None or e.date <= as_of), key=lambda e: (e.date, e.id))
    ctx = PredicateContext(instrument, geometries)
    rows: dict[Firing, tuple[Event, ...]] = {}
    firings = fire_all(considered, ctx, rows, as_of=as_of)

    result = EvaluationResult(instrument.id, as_of, len(considered))
    result.firings = [f for fired in firings.values() for f in fired]
    for clause in instrument.clauses:
        for obligation in clause.obligations:
            result.activations.extend(activate(instrument, clause.id, obligation, firings))
    result.enforcement = enforcement_activations(instrument, firings)
    result.conflicts = runtime_conflicts(instrument, result.activations)
    result.notes = precision_notes(instrument, result.firings, evidence_rows(firings, rows), geometries)
    if trace:
        add_why_not(instrument, considered, geometries, firings, result)
    return result


class ReferenceEngine:
    """The reference evaluator as an :class:`~servanda.evaluation.engine.Evaluator`."""

    name = "reference"
    evaluate = staticmethod(evaluate)
