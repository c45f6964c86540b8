"""Which obligations apply, to whom, and when they fall due (reference engine); enforcement set off.

* an obligation activates once per firing of its trigger and per bearer; ``$target`` is the
  attacked state, ``$other_parties`` every other party bound on the firing date; it falls due
  ``deadline.within`` after 00:00 UTC of the firing date;
* a standing obligation applies from entry into force, unless a ``suspend`` exception's trigger fired;
* an exception applies when its ``when`` trigger fired for the same state (any state with
  ``any_target``) on or before the firing; among applying exceptions those no other prevails over
  win; winners that disagree make the activation a ``conflict``;
* an enforcement mechanism is set off by each firing of its ``activated_by`` trigger.

Example:
    >>> # activate(instrument, "art_5", instrument.obligations()["assist"], firings) -> [Activation]
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from servanda.evaluation.results import NO_TARGET, Activation, EnforcementActivation, Firing, TraceNode
from servanda.model.instrument import Instrument, Obligation
from servanda.model.vocabulary import Discretion, ExceptionEffect
from servanda.semantics.selectors import expand_for
from servanda.semantics.time import due_at


def _bound_from(instrument: Instrument, bearer: str, start: date | None) -> date | None:
    """When a standing duty starts for ``bearer``: entry into force, or the bearer's later accession."""
    for party in instrument.parties:
        if party.state == bearer:
            if party.joined is not None and (start is None or party.joined > start):
                return party.joined
            break
    return start


def activate(
    instrument: Instrument,
    clause_id: str,
    obligation: Obligation,
    firings: Mapping[str, list[Firing]],
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
        beneficiaries = expand_for(instrument, obligation.beneficiary, NO_TARGET)
        for bearer in expand_for(instrument, obligation.bearer, NO_TARGET):
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
                    _bound_from(instrument, bearer, start),
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
        for bearer in expand_for(instrument, obligation.bearer, firing.target, firing.on):
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
                    expand_for(instrument, obligation.beneficiary, firing.target),
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


def enforcement_activations(
    instrument: Instrument, firings: Mapping[str, list[Firing]]
) -> list[EnforcementActivation]:
    """Every enforcement mechanism set off, once per firing of its breach trigger, in file order."""
    out: list[EnforcementActivation] = []
    for clause in instrument.clauses:
        for enforcement in clause.enforcement:
            for firing in firings.get(enforcement.activated_by, []):
                out.append(
                    EnforcementActivation(
                        enforcement.id,
                        enforcement.mechanism.value,
                        expand_for(instrument, enforcement.by, firing.target),
                        expand_for(instrument, enforcement.against, firing.target),
                        firing.trigger,
                        firing.on,
                        list(firing.evidence),
                    )
                )
    return out
