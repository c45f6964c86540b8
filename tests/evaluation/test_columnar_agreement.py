"""The columnar engine agrees with the reference evaluator: generated instruments and events, and every scenario file.

Hypothesis generates instruments within the format (event classes and groups, actor/target/country
codes and selectors, parties with accession and withdrawal dates, thresholds with windows, deaths
and per-target or summed counting, ``counts_from``, inside/outside a square whose boundary points
are generated on purpose (also with ``uncertain: match|ignore`` and imprecise locations, whose discs
straddle the edges), ``all``/``any``/``not``, ``all_of``/``any_of``/``unless``, exceptions,
enforcement and opposed obligations) and event sets (duplicate dates and ids, window edges, dates on
accession/withdrawal days, missing coordinates); both engines must give the same firings,
activations, enforcement, conflicts and notes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from servanda.evaluation.columnar import ColumnarEngine
from servanda.evaluation.engine import get_engine
from servanda.evaluation.reference import ReferenceEngine
from servanda.evaluation.results import EvaluationResult
from servanda.evaluation.scenarios import SCENARIO_FORMAT, run_scenario_file
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import GeometryTable, NamedGeometry
from servanda.sources.schema import events_frame

ROOT = Path(__file__).resolve().parents[2]
BASE: dict[str, Any] = yaml.safe_load(
    (ROOT / "tests/diagnostics/fixtures/_valid.yaml").read_text(encoding="utf-8")
)
#: A 2°×2° square; generated points sit inside, outside and exactly on its edges and corners.
SQUARE = GeometryTable(sq=NamedGeometry("sq", box(0.0, 0.0, 2.0, 2.0)))
START = date(2025, 1, 1)
PARTIES = ["USA", "GBR", "POL", "UKR"]
CODES = [*PARTIES, "RUS", "BLR"]
CLASSES = ["shelling", "air_strike", "cyber_attack", "threat_of_force", "nuclear_use"]
GROUPS = ["armed_attack", "threat", "nuclear"]
SELECTORS = ["$parties", "$guarantors", "$beneficiaries"]

days = st.integers(0, 16).map(lambda n: START + timedelta(days=n))
maybe_day = st.none() | days
coordinate = st.sampled_from([0.0, 1.0, 2.0, 0.5, 1.5, -1.0, 2.5, 3.0, 0.1, 1.9, -0.3, 2.3])


@st.composite
def parties(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for code in PARTIES:
        roles = ["party", *draw(st.lists(st.sampled_from(["guarantor", "beneficiary"]), unique=True))]
        party: dict[str, Any] = {"state": code, "roles": roles}
        joined = draw(maybe_day)
        if joined is not None:
            party["joined"] = joined
        left = draw(maybe_day)
        if left is not None and (joined is None or left > joined):
            party["left"] = left
        out.append(party)
    return out


def party_list() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from([*CODES, *SELECTORS]), min_size=1, max_size=3, unique=True)


atoms = st.one_of(
    st.builds(
        lambda c: {"event_class": c}, st.lists(st.sampled_from(CLASSES + GROUPS), min_size=1, max_size=3)
    ),
    st.builds(lambda c: {"actor": c}, party_list()),
    st.builds(lambda c: {"target": c}, party_list()),
    st.builds(lambda c: {"country": c}, party_list()),
    st.just({"inside": "sq"}),
    st.just({"outside": "sq"}),
    st.builds(lambda u: {"inside": "sq", "uncertain": u}, st.sampled_from(["match", "ignore"])),
    st.builds(lambda u: {"outside": "sq", "uncertain": u}, st.sampled_from(["match", "ignore"])),
    st.builds(lambda n: {"min_deaths": n}, st.integers(0, 6)),
    st.just({"on_target_territory": True}),
)
predicates = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(lambda p: {"all": p}, st.lists(inner, max_size=3)),
        st.builds(lambda p: {"any": p}, st.lists(inner, max_size=3)),
        st.builds(lambda p: {"not": p}, inner),
    ),
    max_leaves=5,
)
thresholds = st.none() | st.fixed_dictionaries(
    {
        "window": st.sampled_from(["1 days", "3 days", "7 days", "1 weeks", "1 months"]),
        "min_deaths": st.integers(0, 15),
        "min_events": st.integers(1, 4),
        "per_target": st.booleans(),
    }
)
counts_from = st.none() | st.sampled_from(["signed", "in_force"]) | days


@st.composite
def instruments(draw: st.DrawFn) -> Instrument:
    data = dict(BASE)
    data["parties"] = draw(parties())
    signed = draw(maybe_day)
    in_force = draw(maybe_day)
    if signed is not None:
        data["signed"] = signed
    if in_force is not None and (signed is None or in_force >= signed):
        data["in_force"] = in_force
    triggers: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 3))):
        trigger: dict[str, Any] = {"id": f"t{i}", "kind": "attack", "match": draw(predicates)}
        threshold = draw(thresholds)
        if threshold is not None:
            trigger["threshold"] = threshold
        start = draw(counts_from)
        if start is not None:
            trigger["counts_from"] = start
        triggers.append(trigger)
    if len(triggers) > 1 and draw(st.booleans()):
        ids = [t["id"] for t in triggers]
        composed: dict[str, Any] = {"id": "tc", "kind": "attack"}
        composed[draw(st.sampled_from(["all_of", "any_of"]))] = draw(
            st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)
        )
        start = draw(counts_from)
        if start is not None:
            composed["counts_from"] = start
        triggers.append(composed)
    if len(triggers) > 1 and draw(st.booleans()):
        triggers[-1]["unless"] = [draw(st.sampled_from([t["id"] for t in triggers[:-1]]))]
    obligations: list[dict[str, Any]] = []
    for t in triggers:
        obligations.append(
            {
                "id": f"o_{t['id']}",
                "modality": "obligation",
                "bearer": draw(st.sampled_from([["$target"], ["$other_parties"], ["$guarantors"], ["USA"]])),
                "beneficiary": ["$target"],
                "action": "assist",
                "discretion": "mandatory",
                "trigger": t["id"],
                "deadline": {"within": draw(st.sampled_from(["24 hours", "3 days", "1 months"]))},
            }
        )
    obligations.append(
        {
            "id": "refrain",
            "modality": "prohibition",
            "bearer": ["$parties"],
            "action": "assist",
            "discretion": "mandatory",
            "trigger": draw(st.sampled_from([t["id"] for t in triggers])),
        }
    )
    clause = dict(BASE["clauses"][0])
    clause["triggers"] = triggers
    clause["obligations"] = obligations
    if draw(st.booleans()):
        clause["exceptions"] = [
            {
                "id": "x",
                "to": [obligations[0]["id"]],
                "when": draw(st.sampled_from([t["id"] for t in triggers])),
                "effect": draw(st.sampled_from(["suspend", "modify"])),
                "modify_discretion": "best_efforts",
                "any_target": draw(st.booleans()),
            }
        ]
    if draw(st.booleans()):
        clause["enforcement"] = [
            {
                "id": "snap",
                "mechanism": "sanctions_snapback",
                "by": ["$guarantors"],
                "against": ["$target"],
                "activated_by": draw(st.sampled_from([t["id"] for t in triggers])),
            }
        ]
    data["clauses"] = [clause]
    return Instrument.model_validate(data)


@st.composite
def event_sets(draw: st.DrawFn) -> list[Event]:
    out = []
    for i in range(draw(st.integers(0, 25))):
        located = draw(st.booleans()) or draw(st.booleans())
        out.append(
            Event(
                id=f"e{draw(st.integers(0, i))}",  # repeats happen: duplicate ids
                date=draw(days),
                event_class=draw(st.sampled_from(CLASSES)),
                actor=draw(st.none() | st.sampled_from(CODES)),
                target=draw(st.none() | st.sampled_from(CODES)),
                country=draw(st.none() | st.sampled_from(CODES)),
                deaths=draw(st.integers(0, 8)),
                lon=draw(coordinate) if located else None,
                lat=draw(coordinate) if located else None,
                geo_precision=draw(st.sampled_from([1, 1, 2, 3, 5])),
                date_precision=draw(st.sampled_from(["day", "day", "month"])),
            )
        )
    return out


def comparable(result: EvaluationResult) -> dict[str, Any]:
    """Everything an engine must agree on (the why-not trees only when traced)."""
    data = result.to_json()
    data["firings"] = [(f.trigger, f.target, f.on, f.evidence) for f in result.firings]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), event_sets(), st.none() | days)
def test_columnar_agrees_with_the_reference_on_generated_cases(
    instrument: Instrument, events: list[Event], as_of: date | None
) -> None:
    expected = ReferenceEngine().evaluate(instrument, events, SQUARE, as_of, trace=False)
    got = ColumnarEngine().evaluate(instrument, events, SQUARE, as_of)
    assert comparable(got) == comparable(expected)
    framed = ColumnarEngine().evaluate_frame(instrument, events_frame(events), SQUARE, as_of)
    assert comparable(framed) == comparable(expected)
    lazy = ColumnarEngine().evaluate_frame(instrument, events_frame(events).lazy(), SQUARE, as_of)
    assert comparable(lazy) == comparable(expected)
    # a zero memory budget forces the two streaming passes (daily sums, then evidence) instead of one
    streamed = ColumnarEngine(memory_budget_mb=0).evaluate_frame(
        instrument, events_frame(events).lazy(), SQUARE, as_of
    )
    assert comparable(streamed) == comparable(expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), event_sets(), st.none() | days)
def test_traced_columnar_results_carry_the_reference_why_not_trees(
    instrument: Instrument, events: list[Event], as_of: date | None
) -> None:
    expected = ReferenceEngine().evaluate(instrument, events, SQUARE, as_of, trace=True)
    got = ColumnarEngine().evaluate(instrument, events, SQUARE, as_of, trace=True)
    assert comparable(got) == comparable(expected)
    framed = ColumnarEngine().evaluate_frame(instrument, events_frame(events), SQUARE, as_of, trace=True)
    assert comparable(framed) == comparable(expected)


def test_untraced_columnar_results_leave_why_not_empty_but_firings_identical() -> None:
    instrument = Instrument.model_validate(BASE)
    quiet = [Event(id="e1", date=START, event_class="shelling", target="POL")]
    got = ColumnarEngine().evaluate(instrument, quiet, {})
    assert got.why_not == {} and got.activations == []
    assert "consult" in ReferenceEngine().evaluate(instrument, quiet, {}).why_not


SCENARIOS = sorted(
    p
    for p in (ROOT / "tests" / "scenarios").rglob("*.yaml")
    if SCENARIO_FORMAT in p.read_text(encoding="utf-8", errors="replace")[:500]
)


@pytest.mark.parametrize("engine", ["reference", "columnar"])
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_file_passes_on_both_engines(path: Path, engine: str) -> None:
    failures, _ = run_scenario_file(path, get_engine(engine))
    assert failures == []


def test_scenario_files_give_identical_results_on_both_engines() -> None:
    assert len(SCENARIOS) > 20
    for path in SCENARIOS:
        _, expected = run_scenario_file(path, get_engine("reference"))
        _, got = run_scenario_file(path, get_engine("columnar"))
        expected.why_not = {}
        assert comparable(got) == comparable(expected), path.name


@pytest.mark.parametrize("field", ["actor", "target", "country"])
def test_selectors_name_a_party_from_its_accession_day_until_the_day_before_withdrawal(field: str) -> None:
    data = dict(BASE)
    data["in_force"] = START
    data["parties"] = [
        {"state": "USA", "roles": ["party", "guarantor"]},
        {
            "state": "POL",
            "roles": ["party"],
            "joined": START + timedelta(days=5),
            "left": START + timedelta(days=9),
        },
    ]
    clause = dict(BASE["clauses"][0])
    clause["triggers"] = [{"id": "t", "kind": "attack", "match": {field: ["$parties"]}}]
    clause["obligations"] = [{**BASE["clauses"][0]["obligations"][0], "trigger": "t", "bearer": ["USA"]}]
    data["clauses"] = [clause]
    instrument = Instrument.model_validate(data)
    events = [
        Event(id=f"d{n}", date=START + timedelta(days=n), event_class="shelling", **{field: "POL"})
        for n in (4, 5, 8, 9)
    ]
    firings_by_day = {}
    for n in (4, 5, 8, 9):
        single = [e for e in events if e.id == f"d{n}"]
        expected = ReferenceEngine().evaluate(instrument, single, {}, trace=False)
        got = ColumnarEngine().evaluate(instrument, single, {})
        assert comparable(got) == comparable(expected)
        firings_by_day[n] = bool(got.firings)
    assert firings_by_day == {4: False, 5: True, 8: True, 9: False}


def test_a_scenario_read_from_parquet_gives_the_reference_answer(tmp_path: Path) -> None:
    path = ROOT / "tests/scenarios/ukraine-2025/can_attack_across_line.yaml"
    _, expected = run_scenario_file(path, get_engine("reference"))
    assert expected.activations, "the scenario should activate something"
    from servanda.evaluation.scenarios import _instrument_path, _load

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    instrument, geometries = _load(_instrument_path(str(data["instrument"]), path.parent), path)
    from servanda.sources.rows import read_events_data

    events = read_events_data(list(data.get("events") or []), str(path)).events
    events_frame(events).write_parquet(tmp_path / "events.parquet")
    got = ColumnarEngine().evaluate_frame(
        instrument, pl.scan_parquet(tmp_path / "events.parquet"), geometries, data.get("as_of")
    )
    expected.why_not = {}
    assert comparable(got) == comparable(expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instruments(), event_sets(), st.none() | days)
def test_the_group_by_fallback_of_the_binned_daily_counts_agrees(
    instrument: Instrument, events: list[Event], as_of: date | None
) -> None:
    from unittest import mock

    import servanda.evaluation.columnar.engine as columnar

    expected = ReferenceEngine().evaluate(instrument, events, SQUARE, as_of, trace=False)
    with mock.patch.object(columnar, "MAX_BINS", 0):  # no bins allowed: the hash group-by answers
        got = ColumnarEngine().evaluate_frame(instrument, events_frame(events), SQUARE, as_of)
    assert comparable(got) == comparable(expected)
