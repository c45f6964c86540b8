"""Finite witness search: can a trigger ever fire, does it fire on every event?

Each predicate test splits its dimension (event class, actor, target, country, location,
deaths) into blocks of values it cannot tell apart. One representative event per combination
of blocks is a complete set of witnesses for single-event predicates, so the answers are exact
for ``match`` triggers; composite triggers are decided from their parts (``unless`` is treated
as never blocking, which can only over-approximate "can fire"). Past ``MAX_WITNESSES``
combinations the check is reported undecided (W405).

Example:
    >>> from servanda.api import geometries_of, load
    >>> verdict = analyse_triggers(load("nato.nat@1949"), geometries_of("nato.nat@1949"))["armed_attack_on_a_party"]
    >>> verdict.can_fire, verdict.fires_on_every_event
    (True, False)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from servanda.model.events import Event
from servanda.model.instrument import (
    ActorIn,
    CountryIn,
    EventClassIs,
    Inside,
    Instrument,
    MinDeaths,
    OnTargetTerritory,
    Outside,
    Predicate,
    TargetIn,
    Trigger,
)
from servanda.model.vocabulary import EventClass
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.predicates import (
    PredicateContext,
    atoms,
    declared_geometry_names,
    expand_classes,
    party_refs,
)

MAX_WITNESSES = 50_000
OTHER_STATE = "ATA"  # a code no security instrument names; stands for "any other state"


def _blocks(universe: list[str], sets: list[set[str]]) -> list[str]:
    """One representative per membership signature."""
    reps: dict[tuple[bool, ...], str] = {}
    for value in universe:
        reps.setdefault(tuple(value in s for s in sets), value)
    return list(reps.values())


def _regions(geometries: list[BaseGeometry]) -> list[tuple[float, float] | None]:
    cells: list[BaseGeometry] = [box(-180, -90, 180, 90)]
    for geometry in geometries:
        nxt: list[BaseGeometry] = []
        for cell in cells:
            for part in (shapely.intersection(cell, geometry), shapely.difference(cell, geometry)):
                if not part.is_empty and part.area > 1e-9:
                    nxt.append(part)
        cells = nxt
    points: list[tuple[float, float] | None] = []
    for cell in cells:
        point = cell.representative_point()
        points.append((point.x, point.y))
    points.append(None)  # an event without coordinates
    return points


class WitnessSpace:
    """The witness events for a set of predicates within one instrument."""

    def __init__(
        self, instrument: Instrument, geometries: Mapping[str, NamedGeometry], predicates: list[Predicate]
    ):
        self.ctx = PredicateContext(instrument, geometries, membership_dates=False)
        leaves = [a for p in predicates for a in atoms(p)]
        class_sets = [
            {c.value for c in expand_classes(a.event_class)} for a in leaves if isinstance(a, EventClassIs)
        ]
        self.classes = _blocks([c.value for c in EventClass], class_sets)

        def party_values(kind: type[ActorIn] | type[TargetIn] | type[CountryIn]) -> list[str]:
            sets = [self.ctx.codes(party_refs(a)) for a in leaves if isinstance(a, kind)]
            universe = [*sorted(set().union(*sets)), OTHER_STATE] if sets else [OTHER_STATE]
            return [*_blocks(universe, sets), ""]

        self.actors = party_values(ActorIn)
        self.targets = party_values(TargetIn)
        self.countries = party_values(CountryIn)
        if any(isinstance(a, OnTargetTerritory) for a in leaves):
            self.countries = list(dict.fromkeys([*self.countries, *self.targets]))
        names = sorted(
            {n for a in leaves if isinstance(a, Inside | Outside) for n in declared_geometry_names(a)}
        )
        self.points = _regions([geometries[n].geometry for n in names if n in geometries])
        deaths = {0, 1} | {a.min_deaths for a in leaves if isinstance(a, MinDeaths)}
        self.deaths = sorted(deaths)

    @property
    def size(self) -> int:
        """Number of witness events."""
        return (
            len(self.classes)
            * len(self.actors)
            * len(self.targets)
            * len(self.countries)
            * len(self.points)
            * len(self.deaths)
        )

    def events(self) -> list[Event]:
        """Every witness event."""
        out = []
        combos = itertools.product(
            self.classes, self.actors, self.targets, self.countries, self.points, self.deaths
        )
        for i, (cls, actor, target, country, point, deaths) in enumerate(combos):
            out.append(
                Event(
                    id=f"w{i}",
                    date=date(2000, 1, 1),
                    event_class=EventClass(cls),
                    actor=actor or None,
                    target=target or None,
                    country=country or None,
                    lon=point[0] if point else None,
                    lat=point[1] if point else None,
                    deaths=deaths,
                )
            )
        return out


@dataclass(frozen=True)
class TriggerVerdict:
    """What the witness search found for one trigger (None: undecided)."""

    witnesses: int | None  # witness events tried; None for a composite trigger
    can_fire: bool | None
    fires_on_every_event: bool | None


def analyse_triggers(
    instrument: Instrument, geometries: Mapping[str, NamedGeometry]
) -> dict[str, TriggerVerdict]:
    """Verdicts for every trigger; each ``match`` is searched once, composites reuse their parts."""
    triggers = instrument.triggers()
    verdicts: dict[str, TriggerVerdict] = {}

    def verdict(trigger_id: str, seen: frozenset[str]) -> TriggerVerdict:
        if trigger_id in verdicts:
            return verdicts[trigger_id]
        trigger = triggers[trigger_id]
        if trigger_id in seen:
            return TriggerVerdict(None, None, False)  # a cycle (reported as E302)
        if trigger.territory is not None:
            # fires on the front-line series, not on events: it can fire whenever the line moves
            result = TriggerVerdict(None, True, False)
        elif trigger.match is None:
            parts = [
                verdict(p, seen | {trigger_id}).can_fire
                for p in (trigger.all_of or trigger.any_of or [])
                if p in triggers
            ]
            if trigger.all_of is not None:
                fires = False if False in parts else (None if None in parts else True)
            else:
                fires = True if True in parts else (None if None in parts else False)
            result = TriggerVerdict(None, fires, False)
        else:
            result = _match_verdict(trigger, instrument, geometries)
        verdicts[trigger_id] = result
        return result

    for trigger_id in triggers:
        verdict(trigger_id, frozenset())
    return verdicts


def _match_verdict(
    trigger: Trigger, instrument: Instrument, geometries: Mapping[str, NamedGeometry]
) -> TriggerVerdict:
    assert trigger.match is not None
    space = WitnessSpace(instrument, geometries, [trigger.match])
    if space.size > MAX_WITNESSES:
        return TriggerVerdict(space.size, None, None)
    threshold = trigger.threshold
    needs_deaths = threshold is not None and threshold.min_deaths > 0
    single_event = threshold is None or (threshold.min_deaths == 0 and threshold.min_events == 1)
    hits = [(event, space.ctx.holds(trigger.match, event)) for event in space.events()]
    fires = any(hit and not (needs_deaths and event.deaths == 0) for event, hit in hits)
    every = single_event and all(hit for _, hit in hits)
    return TriggerVerdict(space.size, fires, every)


def can_fire(
    trigger: Trigger, instrument: Instrument, geometries: Mapping[str, NamedGeometry]
) -> bool | None:
    """True if some events fire ``trigger``, False if none can, None if undecided."""
    return analyse_triggers(instrument, geometries)[trigger.id].can_fire


def fires_on_every_event(
    trigger: Trigger, instrument: Instrument, geometries: Mapping[str, NamedGeometry]
) -> bool | None:
    """True if the ``match`` predicate holds for every possible event."""
    return analyse_triggers(instrument, geometries)[trigger.id].fires_on_every_event
