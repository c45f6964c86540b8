"""What a predicate means: its truth on one event, its atoms, its description, the geometries it tests.

One implementation, dispatched by predicate type (never by key), used by the checker's witness
search, every evaluator and the analyses. Truth on one event:

* ``all`` / ``any`` / ``not`` compose as in logic (``all: []`` holds, ``any: []`` does not);
* ``event_class`` holds when the event's class is one of the classes or in one of the groups;
* ``actor`` / ``target`` / ``country`` hold when the perpetrator / attacked state / country is one
  of the codes, selectors naming the parties bound on the event's date (see :mod:`.selectors`);
  an unknown actor, target or country never matches;
* ``inside`` / ``outside`` hold for a located event inside (boundary included) / outside the
  geometry; an event without coordinates is neither provably inside nor outside: both are false;
  with ``uncertain:`` an imprecise event is placed by its precision disc
  (:func:`servanda.semantics.geometry.classify`): ``inside`` holds when it is inside, or uncertain with
  ``uncertain: match``; ``outside`` when it is outside, or uncertain with ``uncertain: match``;
* ``min_deaths`` holds when the event caused at least that many deaths;
* ``on_target_territory`` holds when the event has a country and no target, or its target is
  that country.

Example:
    >>> from servanda.model.instrument import AnyOf, EventClassIs, MinDeaths
    >>> describe(AnyOf(any=[EventClassIs(event_class=["armed_attack"]), MinDeaths(min_deaths=5)]))
    'any(event_class in [armed_attack], min_deaths 5)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import assert_never

from servanda.model.events import Event
from servanda.model.instrument import (
    PREDICATE_KINDS,
    ActorIn,
    AllOf,
    AnyOf,
    Atom,
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
from servanda.model.vocabulary import EVENT_CLASS_GROUPS, EventClass
from servanda.semantics.geometry import NamedGeometry, derived_names, placement
from servanda.semantics.selectors import codes

#: The key a predicate kind is written with in a file (``not`` for :class:`Not`).
KEY_OF: dict[type, str] = {kind: key for key, kind in PREDICATE_KINDS.items()}


def key_of(predicate: Predicate) -> str:
    """The key ``predicate`` is written with in a file (for locating it, not for dispatch)."""
    return KEY_OF[type(predicate)]


def expand_classes(names: Iterable[str]) -> frozenset[EventClass]:
    """Event classes named by ``names`` (class names or group names)."""
    out: set[EventClass] = set()
    for name in names:
        out |= EVENT_CLASS_GROUPS[name] if name in EVENT_CLASS_GROUPS else {EventClass(name)}
    return frozenset(out)


def children(predicate: Predicate) -> list[Predicate]:
    """Direct sub-predicates (empty for an atom)."""
    match predicate:
        case AllOf():
            return list(predicate.all)
        case AnyOf():
            return list(predicate.any)
        case Not():
            return [predicate.not_]
        case _:
            return []


def atoms(predicate: Predicate) -> list[Atom]:
    """Leaf predicates, in file order (for why-not explanations and witness spaces)."""
    match predicate:
        case AllOf() | AnyOf() | Not():
            return [a for child in children(predicate) for a in atoms(child)]
        case _:
            return [predicate]


def describe(predicate: Predicate) -> str:
    """Short text form: ``event_class in [armed_attack]``, ``all(…)``, ``not(…)``, ``min_deaths 3``."""
    match predicate:
        case AllOf() | AnyOf():
            return f"{key_of(predicate)}(" + ", ".join(describe(p) for p in children(predicate)) + ")"
        case Not():
            return f"not({describe(predicate.not_)})"
        case EventClassIs():
            return f"event_class in [{', '.join(predicate.event_class)}]"
        case ActorIn() | TargetIn() | CountryIn():
            return f"{key_of(predicate)} in [{', '.join(party_refs(predicate))}]"
        case Inside():
            extra = f" (uncertain: {predicate.uncertain})" if predicate.uncertain else ""
            return f"inside {predicate.inside}{extra}"
        case Outside():
            extra = f" (uncertain: {predicate.uncertain})" if predicate.uncertain else ""
            return f"outside {predicate.outside}{extra}"
        case MinDeaths():
            return f"min_deaths {predicate.min_deaths}"
        case OnTargetTerritory():
            return f"on_target_territory {predicate.on_target_territory}"
        case _:
            assert_never(predicate)


def party_refs(predicate: ActorIn | TargetIn | CountryIn) -> list[str]:
    """The codes and selectors a party test lists."""
    match predicate:
        case ActorIn():
            return list(predicate.actor)
        case TargetIn():
            return list(predicate.target)
        case CountryIn():
            return list(predicate.country)
        case _:
            assert_never(predicate)


def declared_geometry_names(predicate: Predicate) -> set[str]:
    """Names of the instrument's geometries a predicate refers to."""
    match predicate:
        case Inside():
            return {predicate.inside}
        case Outside():
            return {predicate.outside}
        case _:
            return {n for child in children(predicate) for n in declared_geometry_names(child)}


def geometry_names(predicate: Predicate) -> set[str]:
    """Names of the geometries a predicate tests: the declared ones and, for an ``uncertain:`` test, the
    derived ones it reads (``<name>@core<r>``, ``<name>@hull<r>``; see :mod:`.geometry`)."""
    match predicate:
        case Inside() | Outside():
            name = predicate.inside if isinstance(predicate, Inside) else predicate.outside
            return {name} | (derived_names(name) if predicate.uncertain else set())
        case _:
            return {n for child in children(predicate) for n in geometry_names(child)}


class PredicateContext:
    """What predicates need besides the event: the instrument (for selectors) and its geometries.

    With ``membership_dates=False`` selectors name every party whatever the event's date (the
    checker's witness search, whose events have no meaningful date).
    """

    def __init__(
        self, instrument: Instrument, geometries: Mapping[str, NamedGeometry], membership_dates: bool = True
    ):
        self.instrument = instrument
        self.geometries = geometries
        self.membership_dates = membership_dates

    def codes(self, refs: Iterable[str], on: date | None = None) -> set[str]:
        """Codes named by a list of codes and selectors (with ``on``: parties bound that day)."""
        return set(codes(self.instrument, refs, on if self.membership_dates else None))

    def holds(self, predicate: Predicate, event: Event) -> bool:
        """Whether ``predicate`` holds for ``event``."""
        match predicate:
            case AllOf():
                return all(self.holds(p, event) for p in predicate.all)
            case AnyOf():
                return any(self.holds(p, event) for p in predicate.any)
            case Not():
                return not self.holds(predicate.not_, event)
            case EventClassIs():
                return event.event_class in expand_classes(predicate.event_class)
            case ActorIn():
                return event.actor is not None and event.actor in self.codes(predicate.actor, event.date)
            case TargetIn():
                attacked = event.attacked_state
                return attacked is not None and attacked in self.codes(predicate.target, event.date)
            case CountryIn():
                return event.country is not None and event.country in self.codes(
                    predicate.country, event.date
                )
            case Inside() | Outside():
                if event.lon is None or event.lat is None:
                    return False  # location unknown: neither provably inside nor outside
                name = predicate.inside if isinstance(predicate, Inside) else predicate.outside
                if predicate.uncertain is None:
                    inside = self.geometries[name].contains_lonlat(event.lon, event.lat)
                    return inside if isinstance(predicate, Inside) else not inside
                placed = placement(self.geometries, name, event.lon, event.lat, event.geo_precision)
                wanted = "inside" if isinstance(predicate, Inside) else "outside"
                return placed == wanted or (placed == "uncertain" and predicate.uncertain == "match")
            case MinDeaths():
                return event.deaths >= predicate.min_deaths
            case OnTargetTerritory():
                return event.country is not None and event.target in (None, event.country)
            case _:
                assert_never(predicate)
