"""Symbolic case analysis: the alternatives under which a predicate or trigger can hold.

A trigger is flattened into *cases*: alternatives (``any``/``any_of``) each with the restrictions that must
all hold (``all``/``all_of``): which event classes, which actors (named or excluded), which attacked states,
where (countries, geometries, the attacked state's own territory). A negation of a party, place or class
test becomes an exclusion; any other negation makes the case *opaque* (not summarised). Used by the ATOP
coding, the comparison and the package analysis.

Example:
    >>> from servanda.model.instrument import EventClassIs, Not, ActorIn, AllOf
    >>> p = AllOf(all=[EventClassIs(event_class=["missile_strike"]), Not(not_=ActorIn(actor=["RUS"]))])
    >>> # predicate_cases(instrument, p) -> [Case(classes={missile_strike}, excluded_actors={"RUS"})]
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from servanda.model.instrument import (
    ActorIn,
    AllOf,
    AnyOf,
    CountryIn,
    EventClassIs,
    Inside,
    Instrument,
    MinDeaths,
    Not,
    OnTargetTerritory,
    Outside,
    Predicate,
    TargetIn,
)
from servanda.model.vocabulary import EventClass
from servanda.semantics.predicates import expand_classes
from servanda.semantics.selectors import codes

ALL_CLASSES: frozenset[EventClass] = frozenset(EventClass)


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


def predicate_cases(instrument: Instrument, predicate: Predicate) -> list[Case]:
    """Alternatives of a predicate (disjunctive normal form over its atoms)."""
    match predicate:
        case AllOf():
            cases = [Case()]
            for child in predicate.all:
                cases = [a.merge(b) for a in cases for b in predicate_cases(instrument, child)]
            return cases
        case AnyOf():
            return [c for child in predicate.any for c in predicate_cases(instrument, child)]
        case Not():
            return [negate(instrument, predicate.not_)]
        case EventClassIs():
            return [Case(classes=expand_classes(predicate.event_class))]
        case ActorIn():
            return [Case(actors=codes(instrument, predicate.actor))]
        case TargetIn():
            return [Case(targets=codes(instrument, predicate.target))]
        case CountryIn():
            return [Case(countries=codes(instrument, predicate.country))]
        case Inside():
            return [Case(inside=frozenset({predicate.inside}))]
        case Outside():
            return [Case(outside=frozenset({predicate.outside}))]
        case MinDeaths():
            return [Case(min_deaths=predicate.min_deaths)]
        case OnTargetTerritory():
            return [Case(own_territory=True)]
        case _:
            assert_never(predicate)


def negate(instrument: Instrument, inner: Predicate) -> Case:
    """The case of ``not inner``: an exclusion for party, place and class tests; opaque otherwise."""
    match inner:
        case ActorIn():
            return Case(excluded_actors=codes(instrument, inner.actor))
        case TargetIn():
            return Case(excluded_targets=codes(instrument, inner.target))
        case CountryIn():
            return Case(excluded_countries=codes(instrument, inner.country))
        case Inside():
            return Case(outside=frozenset({inner.inside}))
        case Outside():
            return Case(inside=frozenset({inner.outside}))
        case EventClassIs():
            return Case(classes=ALL_CLASSES - expand_classes(inner.event_class))
        case _:
            return Case(opaque=True)


def trigger_cases(instrument: Instrument, trigger_id: str, _stack: tuple[str, ...] = ()) -> list[Case]:
    """Alternatives under which trigger ``trigger_id`` can fire (empty for an unknown or cyclic trigger)."""
    triggers = instrument.triggers()
    trigger = triggers.get(trigger_id)
    if trigger is None or trigger_id in _stack:
        return []
    stack = (*_stack, trigger_id)
    if trigger.territory is not None:  # a change of the front line, against its target: not an event test
        return [Case(targets=frozenset({trigger.territory.target}), opaque=True)]
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
