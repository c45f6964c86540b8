"""Instrument queries shared by the analyses (ATOP coding, compare, packages).

Citations point to the clause an element lives in, with its label and the source pinpoints, so every
coded value or comparison cell can say what it rests on. Obligation views pair each obligation with
its clause and the symbolic cases of its trigger (:mod:`servanda.semantics.cases`); ``bearing`` says
how a member bears an obligation; ``members``, ``guarantors``, ``beneficiaries`` read the party roles.

Example:
    >>> from servanda.api import load
    >>> nato = load("nato.nat@1949")
    >>> views = [v for v in obligation_views(nato) if v.obligation.id == "assist"]
    >>> len(views[0].cases), sorted(views[0].cases[0].inside), views[0].cases[0].actors is None
    (1, ['north_atlantic_area'], True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from servanda.model.instrument import Clause, Instrument, Obligation, SourceRef
from servanda.model.vocabulary import (
    EVENT_CLASS_GROUPS,
    EVENT_SELECTORS,
    Action,
    Discretion,
    EventClass,
    Modality,
    Role,
)
from servanda.semantics.cases import Case, trigger_cases
from servanda.semantics.selectors import codes

ARMED_ATTACK: frozenset[EventClass] = EVENT_CLASS_GROUPS["armed_attack"]
THREATS: frozenset[EventClass] = EVENT_CLASS_GROUPS["threat"]

#: Discretion levels that make a written promise (ATOP codes promises).
PROMISE: frozenset[Discretion] = frozenset(
    {Discretion.MANDATORY, Discretion.DEEMS_NECESSARY, Discretion.BEST_EFFORTS}
)
#: Discretion levels that only declare an intent or a policy.
DECLARATION: frozenset[Discretion] = frozenset({Discretion.INTENT, Discretion.POLICY})

#: Means that make an ``assist`` obligation one to fight.
ARMED_MEANS: frozenset[Action] = frozenset({Action.USE_ARMED_FORCE, Action.DEPLOY_FORCES})


# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class Citation:
    """What a coded value or a comparison cell rests on: a clause (id, label) and its source pinpoints.

    >>> Citation("art_5", "Article 5", ("nato_text, Art. 5",)).short()
    'Article 5 [art_5; nato_text, Art. 5]'
    """

    clause: str | None
    label: str
    pinpoints: tuple[str, ...] = ()

    def short(self) -> str:
        """``Article 5 [art_5; nato_text, Art. 5]``."""
        inner = "; ".join(([self.clause] if self.clause else []) + list(self.pinpoints))
        return f"{self.label} [{inner}]" if inner else self.label

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"clause": self.clause, "label": self.label, "pinpoints": list(self.pinpoints)}


def pinpoints(refs: Iterable[SourceRef]) -> tuple[str, ...]:
    """``ref, pinpoint`` strings for source references."""
    return tuple(f"{r.ref}, {r.pinpoint}" if r.pinpoint else r.ref for r in refs)


def cite_clause(clause: Clause) -> Citation:
    """Citation of a whole clause."""
    return Citation(clause.id, clause.label, pinpoints(clause.sources))


def cite(instrument: Instrument, element_id: str | None) -> list[Citation]:
    """Citation of the clause that defines ``element_id`` (a trigger, obligation, institution …) or is it."""
    if element_id is None:
        return []
    clause = instrument.clause_of(element_id) or next(
        (c for c in instrument.clauses if c.id == element_id), None
    )
    return [cite_clause(clause)] if clause else []


def merge_citations(*groups: Iterable[Citation]) -> list[Citation]:
    """Citations without repeats, in order."""
    return list(dict.fromkeys(c for g in groups for c in g))


# --------------------------------------------------------------------------- trigger chains


def trigger_chain(instrument: Instrument, trigger_id: str) -> list[str]:
    """The trigger and every trigger it is composed of (for citations)."""
    out: list[str] = []
    todo = [trigger_id]
    triggers = instrument.triggers()
    while todo:
        t = todo.pop(0)
        if t in out or t not in triggers:
            continue
        out.append(t)
        todo.extend(triggers[t].any_of or [])
        todo.extend(triggers[t].all_of or [])
    return out


# --------------------------------------------------------------------------- who bears what


@dataclass(frozen=True)
class Bearing:
    """How a member bears an obligation: always, only for attacks on others, or only when itself attacked."""

    always: bool = False
    when_other_attacked: bool = False
    when_self_attacked: bool = False

    @property
    def bears(self) -> bool:
        """Bears it in some case."""
        return self.always or self.when_other_attacked or self.when_self_attacked


def bearing(instrument: Instrument, obligation: Obligation, member: str) -> Bearing:
    """How ``member`` bears ``obligation`` (selectors expanded).

    >>> from servanda.api import load
    >>> nato = load("nato.nat@1949")
    >>> bearing(nato, nato.obligations()["assist"], "USA").when_other_attacked
    True
    """
    always = member in codes(instrument, [b for b in obligation.bearer if b not in EVENT_SELECTORS])
    return Bearing(
        always=always,
        when_other_attacked="$other_parties" in obligation.bearer and member in instrument.party_codes,
        when_self_attacked="$target" in obligation.bearer,
    )


def members(instrument: Instrument) -> list[str]:
    """States (not organisations) that are parties, in file order."""
    return [
        p.state for p in instrument.parties if not p.state.startswith("org:") and Role.PARTY in p.roles
    ] or [p.state for p in instrument.parties if not p.state.startswith("org:")]


def guarantors(instrument: Instrument) -> list[str]:
    """Parties with the role guarantor."""
    return instrument.parties_with(Role.GUARANTOR)


def beneficiaries(instrument: Instrument) -> list[str]:
    """Parties with the role beneficiary."""
    return instrument.parties_with(Role.BENEFICIARY)


@dataclass
class ObligationView:
    """An obligation with its clause and trigger cases, for the analyses."""

    obligation: Obligation
    clause: Clause
    trigger_kind: str | None
    cases: list[Case] = field(default_factory=list)

    @property
    def is_active_support(self) -> bool:
        """Active military support: use or deploy armed force, or ``assist`` by unnamed or armed means.

        ``assist`` whose named means are all non-military (aid, sanctions, money) is not active support.
        """
        o = self.obligation
        if set(o.means) & ARMED_MEANS or o.action in ARMED_MEANS:
            return True
        return o.action is Action.ASSIST and not o.means

    @property
    def is_duty(self) -> bool:
        """An obligation (not a permission or right)."""
        return self.obligation.modality is Modality.OBLIGATION


def obligation_views(instrument: Instrument) -> list[ObligationView]:
    """Every obligation with its clause and (for triggered ones) its trigger kind and cases."""
    triggers = instrument.triggers()
    out: list[ObligationView] = []
    for clause in instrument.clauses:
        for o in clause.obligations:
            trigger = triggers.get(o.trigger) if o.trigger else None
            out.append(
                ObligationView(
                    o,
                    clause,
                    trigger.kind.value if trigger else None,
                    trigger_cases(instrument, o.trigger) if o.trigger else [],
                )
            )
    return out
