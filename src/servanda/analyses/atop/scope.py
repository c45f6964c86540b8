"""What an instrument's triggers and obligations cover, read off the encoding (shared by ``atop`` and ``compare``).

A trigger is flattened into *cases*: alternatives (``any``/``any_of``) each with the restrictions that must
all hold (``all``/``all_of``): which event classes, which actors (named or excluded), which attacked states,
where (countries, geometries, the attacked state's own territory). Citations point to the clause an element
lives in, with its label and the source pinpoints, so every coded value or comparison cell can say what it
rests on.

Example:
    >>> from servanda.api import load
    >>> nato = load("nato.nat@1949")
    >>> cases = trigger_cases(nato, "armed_attack_on_a_party")
    >>> len(cases), sorted(cases[0].inside), cases[0].actors is None
    (1, ['north_atlantic_area'], True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from servanda.model.instrument import Clause, Instrument, Obligation, Predicate, SourceRef
from servanda.model.vocabulary import EVENT_CLASS_GROUPS, Action, Discretion, EventClass, Modality, Role

ALL_CLASSES: frozenset[EventClass] = frozenset(EventClass)
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


# --------------------------------------------------------------------------- trigger cases


@dataclass(frozen=True)
class Case:
    """One alternative way a trigger can fire: every restriction listed must hold."""

    classes: frozenset[EventClass] = ALL_CLASSES
    actors: frozenset[str] | None = None
    excluded_actors: frozenset[str] = frozenset()
    targets: frozenset[str] | None = None
    excluded_targets: frozenset[str] = frozenset()
    countries: frozenset[str] | None = None
    excluded_countries: frozenset[str] = frozenset()
    inside: frozenset[str] = frozenset()
    outside: frozenset[str] = frozenset()
    min_deaths: int = 0
    threshold: bool = False
    opaque: bool = False
    own_territory: bool = False

    def merge(self, other: Case) -> Case:
        """Both cases' restrictions at once (``all``)."""
        return Case(
            self.classes & other.classes,
            _meet(self.actors, other.actors),
            self.excluded_actors | other.excluded_actors,
            _meet(self.targets, other.targets),
            self.excluded_targets | other.excluded_targets,
            _meet(self.countries, other.countries),
            self.excluded_countries | other.excluded_countries,
            self.inside | other.inside,
            self.outside | other.outside,
            max(self.min_deaths, other.min_deaths),
            self.threshold or other.threshold,
            self.opaque or other.opaque,
            self.own_territory or other.own_territory,
        )

    @property
    def location_restricted(self) -> bool:
        """The event must happen in named countries, inside/outside a geometry, or in the attacked state."""
        return bool(
            self.countries is not None
            or self.inside
            or self.outside
            or self.excluded_countries
            or self.own_territory
        )

    @property
    def has_region(self) -> bool:
        """A geometry restricts where (a named area rather than a state's territory)."""
        return bool(self.inside or self.outside)

    @property
    def actor_restricted(self) -> bool:
        """Only named actors count (a specified adversary)."""
        return self.actors is not None

    def possible_targets(self) -> set[str] | None:
        """Attacked states the case allows (None: any state)."""
        if self.targets is None:
            return None
        return set(self.targets) - set(self.excluded_targets)


def _meet(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return a & b


def _codes(instrument: Instrument, refs: list[str]) -> frozenset[str]:
    return frozenset(instrument.expand(refs))


def _classes(names: Iterable[str]) -> frozenset[EventClass]:
    out: set[EventClass] = set()
    for name in names:
        out |= EVENT_CLASS_GROUPS[name] if name in EVENT_CLASS_GROUPS else {EventClass(name)}
    return frozenset(out)


def predicate_cases(instrument: Instrument, predicate: Predicate) -> list[Case]:
    """Alternatives of a predicate (disjunctive normal form over its atoms)."""
    key = predicate.key
    if key == "all":
        cases = [Case()]
        for child in predicate.all or []:
            cases = [a.merge(b) for a in cases for b in predicate_cases(instrument, child)]
        return cases
    if key == "any":
        return [c for child in predicate.any or [] for c in predicate_cases(instrument, child)]
    if key == "not":
        assert predicate.not_ is not None
        return [_negate(instrument, predicate.not_)]
    if key == "event_class":
        return [Case(classes=_classes(predicate.event_class or []))]
    if key == "actor":
        return [Case(actors=_codes(instrument, predicate.actor or []))]
    if key == "target":
        return [Case(targets=_codes(instrument, predicate.target or []))]
    if key == "country":
        return [Case(countries=_codes(instrument, predicate.country or []))]
    if key == "inside":
        return [Case(inside=frozenset({predicate.inside or ""}))]
    if key == "outside":
        return [Case(outside=frozenset({predicate.outside or ""}))]
    if key == "min_deaths":
        return [Case(min_deaths=predicate.min_deaths or 0)]
    if key == "on_target_territory":
        return [Case(own_territory=True)]
    raise AssertionError(f"unknown predicate key {key}")


def _negate(instrument: Instrument, inner: Predicate) -> Case:
    key = inner.key
    if key == "actor":
        return Case(excluded_actors=_codes(instrument, inner.actor or []))
    if key == "target":
        return Case(excluded_targets=_codes(instrument, inner.target or []))
    if key == "country":
        return Case(excluded_countries=_codes(instrument, inner.country or []))
    if key == "inside":
        return Case(outside=frozenset({inner.inside or ""}))
    if key == "outside":
        return Case(inside=frozenset({inner.outside or ""}))
    if key == "event_class":
        return Case(classes=ALL_CLASSES - _classes(inner.event_class or []))
    return Case(opaque=True)


def trigger_cases(instrument: Instrument, trigger_id: str, _stack: tuple[str, ...] = ()) -> list[Case]:
    """Alternatives under which trigger ``trigger_id`` can fire (empty for an unknown or cyclic trigger)."""
    triggers = instrument.triggers()
    trigger = triggers.get(trigger_id)
    if trigger is None or trigger_id in _stack:
        return []
    stack = (*_stack, trigger_id)
    if trigger.match is not None:
        cases = predicate_cases(instrument, trigger.match)
        if trigger.threshold is not None:
            cases = [replace(c, threshold=True) for c in cases]
        return cases
    if trigger.any_of is not None:
        return [c for t in trigger.any_of for c in trigger_cases(instrument, t, stack)]
    cases = [Case()]
    for t in trigger.all_of or []:
        cases = [a.merge(b) for a in cases for b in trigger_cases(instrument, t, stack)]
    return cases


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
    always = member in instrument.expand(
        [b for b in obligation.bearer if b not in ("$target", "$other_parties")]
    )
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
