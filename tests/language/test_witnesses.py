"""Differential test of the static trigger checks against brute-force search over random events."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.evaluation.engine import get_engine
from servanda.language.loader import load_instrument_text
from servanda.language.witnesses import can_fire, fires_on_every_event
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.model.vocabulary import EventClass
from servanda.semantics.predicates import PredicateContext

VALID = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "diagnostics/fixtures/_valid.yaml").read_text(encoding="utf-8")
)
STATES = ["UKR", "RUS", "USA", "POL"]
CLASSES = ["shelling", "air_strike", "threat_of_force", "armed_attack", "threat"]

atoms = st.one_of(
    st.builds(
        lambda v: {"event_class": v}, st.lists(st.sampled_from(CLASSES), min_size=1, max_size=2, unique=True)
    ),
    st.builds(lambda v: {"actor": v}, st.lists(st.sampled_from(STATES), min_size=1, max_size=2, unique=True)),
    st.builds(
        lambda v: {"target": v},
        st.lists(st.sampled_from([*STATES, "$parties"]), min_size=1, max_size=2, unique=True),
    ),
    st.builds(
        lambda v: {"country": v},
        st.lists(st.sampled_from([*STATES, "$beneficiaries"]), min_size=1, max_size=2, unique=True),
    ),
    st.builds(lambda v: {"min_deaths": v}, st.integers(0, 5)),
    st.builds(lambda: {"on_target_territory": True}),
)
predicates = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(lambda v: {"all": v}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda v: {"any": v}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda v: {"not": v}, inner),
    ),
    max_leaves=6,
)
random_events = st.lists(
    st.builds(
        lambda i, cls, actor, target, country, deaths: Event(
            id=f"r{i}",
            date=date(2026, 1, 1),
            event_class=EventClass(cls),
            actor=actor,
            target=target,
            country=country,
            deaths=deaths,
        ),
        st.integers(0, 10**6),
        st.sampled_from([c.value for c in EventClass]),
        st.sampled_from([*STATES, "CHN", None]),
        st.sampled_from([*STATES, "CHN", None]),
        st.sampled_from([*STATES, "CHN", None]),
        st.integers(0, 8),
    ),
    min_size=1,
    max_size=40,
)


def instrument_with(match: dict[str, Any]) -> Instrument:
    data = yaml.safe_load(yaml.safe_dump(VALID))
    data["clauses"][0]["triggers"][0]["match"] = match
    result = load_instrument_text(yaml.safe_dump(data, sort_keys=False), "w.yaml")
    assert result.instrument is not None, result.diagnostics
    return result.instrument


@settings(max_examples=120, deadline=None)
@given(predicates, random_events)
def test_static_answers_agree_with_brute_force(match: dict[str, Any], events: list[Event]) -> None:
    inst = instrument_with(match)
    trigger = inst.triggers()["armed_attack"]
    assert trigger.match is not None
    ctx = PredicateContext(inst, {})
    hits = [ctx.holds(trigger.match, e) for e in events]
    fires = can_fire(trigger, inst, {})
    every = fires_on_every_event(trigger, inst, {})
    if any(hits):
        assert fires is True  # a concrete event fires it, so it must be satisfiable
    if fires is False:
        assert not any(hits)
    if every is True:
        assert all(hits)


@settings(max_examples=80, deadline=None)
@given(predicates, random_events)
def test_witness_verdicts_agree_with_the_engine(match: dict[str, Any], events: list[Event]) -> None:
    """What the checker decides statically, the evaluator confirms on concrete events."""
    inst = instrument_with(match)
    trigger = inst.triggers()["armed_attack"]
    result = get_engine().evaluate(inst, events, {}, trace=False)
    fired = [f for f in result.firings if f.trigger == trigger.id]
    fires = can_fire(trigger, inst, {})
    if fired:
        assert fires is True
    if fires is False:
        assert not fired and not result.activated("consult")
    if fires_on_every_event(trigger, inst, {}) is True:
        assert fired  # every event matches, so the first one fires it
    assert result.why_not == {}  # trace=False: the engine skips explanations
