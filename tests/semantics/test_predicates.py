"""Differential tests: `semantics` against a brute-force re-statement of the format's meaning.

The oracle below reads predicates as written in a file (plain mappings) and events as plain fields,
and re-states docs/format.md without using any servanda code beyond the class-group table: the
predicate truth of :class:`PredicateContext` and the symbolic cases of :func:`predicate_cases` must
agree with it on generated predicates, parties (with accession and withdrawal dates) and events.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from servanda.model.events import Event
from servanda.model.instrument import Instrument, Trigger
from servanda.model.vocabulary import EVENT_CLASS_GROUPS, EventClass
from servanda.semantics.cases import Case, predicate_cases
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.predicates import PredicateContext, atoms, describe, geometry_names

STATES = ["UKR", "RUS", "USA", "POL"]
CLASSES = ["shelling", "air_strike", "missile_strike", "threat_of_force", "armed_attack", "threat"]
SELECTORS = ["$parties", "$guarantors", "$beneficiaries"]
BOX = (20.0, 40.0, 40.0, 60.0)  # lon_min, lat_min, lon_max, lat_max of geometry `zone`
GEOMETRIES = {"zone": NamedGeometry("zone", box(*BOX))}

refs = st.lists(st.sampled_from([*STATES, *SELECTORS]), min_size=1, max_size=3, unique=True)
leaves = st.one_of(
    st.builds(
        lambda v: {"event_class": v}, st.lists(st.sampled_from(CLASSES), min_size=1, max_size=2, unique=True)
    ),
    st.builds(lambda v: {"actor": v}, refs),
    st.builds(lambda v: {"target": v}, refs),
    st.builds(lambda v: {"country": v}, refs),
    st.just({"inside": "zone"}),
    st.just({"outside": "zone"}),
    st.builds(lambda v: {"min_deaths": v}, st.integers(0, 6)),
    st.just({"on_target_territory": True}),
)
predicates = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(lambda v: {"all": v}, st.lists(inner, min_size=0, max_size=3)),
        st.builds(lambda v: {"any": v}, st.lists(inner, min_size=0, max_size=3)),
        st.builds(lambda v: {"not": v}, inner),
    ),
    max_leaves=7,
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
parties = st.fixed_dictionaries(
    {
        "USA": st.sampled_from([["party", "guarantor"], ["guarantor"], ["party"]]),
        "UKR": st.sampled_from([["party", "beneficiary"], ["beneficiary"]]),
        "POL": st.sampled_from([["party"], ["party", "guarantor"], ["party", "beneficiary"]]),
    }
).flatmap(
    lambda roles: st.tuples(
        st.just(roles),
        st.dictionaries(st.sampled_from(list(roles)), st.tuples(st.none() | days, st.none() | days)),
    )
)
located = st.tuples(st.floats(0, 60), st.floats(20, 80))
events = st.builds(
    lambda cls, actor, target, country, where, deaths, day: Event(
        id="e",
        date=day,
        event_class=EventClass(cls),
        actor=actor,
        target=target,
        country=country,
        lon=where[0] if where else None,
        lat=where[1] if where else None,
        deaths=deaths,
    ),
    st.sampled_from([c.value for c in EventClass]),
    st.sampled_from([*STATES, "CHN", None]),
    st.sampled_from([*STATES, "CHN", None]),
    st.sampled_from([*STATES, "CHN", None]),
    st.none() | located,
    st.integers(0, 8),
    days,
)


def make_instrument(
    roles: dict[str, list[str]], dates: dict[str, tuple[date | None, date | None]]
) -> Instrument:
    return Instrument.model_validate(
        {
            "format": "servanda/1",
            "id": "example.guarantee@2025",
            "title": "Example guarantee",
            "status": "proposed",
            "sources": [{"id": "text", "citation": "Example guarantee text"}],
            "parties": [
                {
                    "state": s,
                    "roles": r,
                    "joined": dates.get(s, (None, None))[0],
                    "left": dates.get(s, (None, None))[1],
                }
                for s, r in roles.items()
            ],
            "legal_form": {"kind": "treaty", "ratification": "proposed"},
            "term": {"length": "10 years", "withdrawal": {"allowed": True}},
            "clauses": [{"id": "art_1", "label": "Article 1", "text": "Text.", "sources": [{"ref": "text"}]}],
        }
    )


# --------------------------------------------------------------------------- the oracle


def in_zone(e: Event) -> bool | None:
    if e.lon is None or e.lat is None:
        return None
    return BOX[0] <= e.lon <= BOX[2] and BOX[1] <= e.lat <= BOX[3]


def named(
    refs: list[str],
    roles: dict[str, list[str]],
    dates: dict[str, tuple[date | None, date | None]],
    on: date | None,
) -> set[str]:
    def bound(s: str) -> bool:
        joined, left = dates.get(s, (None, None))
        return on is None or ((joined is None or joined <= on) and (left is None or on < left))

    role_of = {"$parties": None, "$guarantors": "guarantor", "$beneficiaries": "beneficiary"}
    out: set[str] = set()
    for ref in refs:
        if ref in role_of:
            out |= {s for s, r in roles.items() if (role_of[ref] is None or role_of[ref] in r) and bound(s)}
        else:
            out.add(ref)
    return out


def truth(
    p: dict[str, Any], e: Event, roles: dict[str, list[str]], dates: dict[str, Any], on: date | None
) -> bool:
    ((key, value),) = p.items()
    if key == "all":
        return all(truth(c, e, roles, dates, on) for c in value)
    if key == "any":
        return any(truth(c, e, roles, dates, on) for c in value)
    if key == "not":
        return not truth(value, e, roles, dates, on)
    if key == "event_class":
        return any(e.event_class.value == n or e.event_class in EVENT_CLASS_GROUPS.get(n, ()) for n in value)
    if key == "actor":
        return e.actor in named(value, roles, dates, on)
    if key == "target":
        return (e.target or e.country) in named(value, roles, dates, on)
    if key == "country":
        return e.country in named(value, roles, dates, on)
    if key == "inside":
        return in_zone(e) is True
    if key == "outside":
        return in_zone(e) is False
    if key == "min_deaths":
        return e.deaths >= value
    if key == "on_target_territory":
        return e.country is not None and (e.target is None or e.target == e.country)
    raise AssertionError(key)


def admits(case: Case, e: Event) -> bool:
    attacked = e.target or e.country
    zone = in_zone(e)
    return (
        e.event_class in case.classes
        and (case.actors is None or e.actor in case.actors)
        and e.actor not in case.excluded_actors
        and (case.targets is None or attacked in case.targets)
        and attacked not in case.excluded_targets
        and (case.countries is None or e.country in case.countries)
        and e.country not in case.excluded_countries
        and all(zone is True for _ in case.inside)
        and all(zone is False for _ in case.outside)
        and e.deaths >= case.min_deaths
        and (not case.own_territory or (e.country is not None and e.target in (None, e.country)))
    )


def parse(match: dict[str, Any]) -> Any:
    trigger = Trigger.model_validate({"id": "t", "kind": "attack", "match": match})
    assert trigger.match is not None
    return trigger.match


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(predicates, parties, st.lists(events, min_size=1, max_size=12))
def test_holds_agrees_with_the_oracle(match: dict[str, Any], who: Any, sample: list[Event]) -> None:
    roles, dates = who
    inst = make_instrument(roles, dates)
    predicate = parse(match)
    ctx = PredicateContext(inst, GEOMETRIES)
    undated = PredicateContext(inst, GEOMETRIES, membership_dates=False)
    for e in sample:
        assert ctx.holds(predicate, e) == truth(match, e, roles, dates, e.date), (describe(predicate), e)
        assert undated.holds(predicate, e) == truth(match, e, roles, dates, None)


@settings(max_examples=300, deadline=None)
@given(predicates, parties, st.lists(events, min_size=1, max_size=12))
def test_cases_are_exact_unless_opaque(match: dict[str, Any], who: Any, sample: list[Event]) -> None:
    roles, _ = who
    inst = make_instrument(roles, {})
    predicate = parse(match)
    cases = predicate_cases(inst, predicate)
    ctx = PredicateContext(inst, GEOMETRIES)
    for e in sample:
        if e.lon is None:
            continue  # `not inside` holds for an unlocated event, `outside` does not: cases assume a location
        holds = ctx.holds(predicate, e)
        if not any(c.opaque for c in cases):
            assert holds == any(admits(c, e) for c in cases), (describe(predicate), cases, e)
        elif holds:
            assert any(c.opaque or admits(c, e) for c in cases)


@settings(max_examples=200, deadline=None)
@given(predicates)
def test_atoms_description_and_geometries_follow_the_file(match: dict[str, Any]) -> None:
    predicate = parse(match)

    def leaves_of(p: dict[str, Any]) -> list[dict[str, Any]]:
        ((key, value),) = p.items()
        if key in ("all", "any"):
            return [leaf for c in value for leaf in leaves_of(c)]
        return leaves_of(value) if key == "not" else [p]

    assert [describe(a) for a in atoms(predicate)] == [describe(parse(leaf)) for leaf in leaves_of(match)]
    zone_used = any("inside" in leaf or "outside" in leaf for leaf in leaves_of(match))
    assert geometry_names(predicate) == ({"zone"} if zone_used else set())
