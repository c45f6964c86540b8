"""The Dask engine agrees with the reference evaluator on a 2-worker LocalCluster (processes).

Every bundled scenario file, and hypothesis-generated instruments and events written to several
Parquet partitions (so that rolling windows straddle partitions), must give the reference's firings,
activations, enforcement, conflicts, notes and event count. A deterministic case pins a window whose
three events lie in three partitions. Scheduler problems are coded diagnostics (V950, V951).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_columnar_agreement import (
    BASE,
    SCENARIOS,
    SQUARE,
    START,
    comparable,
    event_sets,
    instruments,
)

from servanda.evaluation.dask import DaskEngine, SchedulerError
from servanda.evaluation.engine import get_engine
from servanda.evaluation.reference import ReferenceEngine
from servanda.evaluation.scenarios import run_scenario_file
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.sources.schema import events_frame


@pytest.fixture(scope="module")
def dask_engine() -> Iterator[DaskEngine]:
    from servanda.evaluation.dask.engine import local_cluster

    cluster = local_cluster(2)  # processes=True, one thread each, no dashboard
    try:
        engine = DaskEngine(scheduler=cluster.scheduler_address)
        with engine.session():
            yield engine
    finally:
        cluster.close()


def _partitions(events: list[Event], folder: Path, parts: int) -> str:
    """``events`` written in input order to ``parts`` Parquet files; the glob naming them."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    frame = events_frame(events)
    size = max(1, -(-frame.height // parts))
    for i in range(parts):
        frame.slice(i * size, size).write_parquet(folder / f"part-{i:02d}.parquet")
    return str(folder / "*.parquet")


def test_every_scenario_file_gives_the_reference_answer(dask_engine: DaskEngine) -> None:
    assert len(SCENARIOS) > 20
    for path in SCENARIOS:
        _, expected = run_scenario_file(path, get_engine("reference"))
        failures, got = run_scenario_file(path, dask_engine)
        assert failures == [], path.name
        expected.why_not = {}
        assert comparable(got) == comparable(expected), path.name


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    instruments(),
    event_sets(),
    st.none() | st.integers(0, 16).map(lambda n: START + timedelta(days=n)),
    st.integers(1, 4),
)
def test_partitioned_parquet_gives_the_reference_answer_on_generated_cases(
    dask_engine: DaskEngine,
    tmp_path_factory: pytest.TempPathFactory,
    instrument: Instrument,
    events: list[Event],
    as_of: date | None,
    parts: int,
) -> None:
    expected = ReferenceEngine().evaluate(instrument, events, SQUARE, as_of, trace=False)
    pattern = _partitions(events, tmp_path_factory.mktemp("parts"), parts)
    got = dask_engine.evaluate_frame(instrument, pattern, SQUARE, as_of)
    assert comparable(got) == comparable(expected)


def _threshold_instrument() -> Instrument:
    data: dict[str, Any] = dict(BASE)
    clause = dict(BASE["clauses"][0])
    clause["triggers"] = [
        {
            "id": "t",
            "kind": "attack",
            "match": {"event_class": ["shelling"]},
            "threshold": {"min_events": 3, "window": "7 days"},
        }
    ]
    clause["obligations"] = [{**BASE["clauses"][0]["obligations"][0], "trigger": "t"}]
    data["clauses"] = [clause]
    return Instrument.model_validate(data)


def test_a_window_straddling_three_partitions_fires_with_evidence_from_each(
    dask_engine: DaskEngine, tmp_path: Path
) -> None:
    instrument = _threshold_instrument()
    events = [
        Event(id=f"s{n}", date=START + timedelta(days=n), event_class="shelling", target="POL")
        for n in (0, 3, 6, 20)
    ]
    pattern = _partitions(events, tmp_path, 4)  # one event per partition
    got = dask_engine.evaluate_frame(instrument, pattern, {}, None)
    expected = ReferenceEngine().evaluate(instrument, events, {}, None, trace=False)
    assert [(f.target, f.on, f.evidence) for f in got.firings] == [
        ("POL", START + timedelta(days=6), ("s0", "s3", "s6"))
    ]
    assert comparable(got) == comparable(expected)
    # a dask dataframe with the same partitions, and Event objects, give the same answer
    import dask.dataframe as dd

    frame = dd.read_parquet(pattern)
    assert comparable(dask_engine.evaluate_frame(instrument, frame, {}, None)) == comparable(expected)
    assert comparable(dask_engine.evaluate(instrument, events, {}, None)) == comparable(expected)


def test_traced_results_carry_the_reference_why_not_trees(dask_engine: DaskEngine, tmp_path: Path) -> None:
    instrument = _threshold_instrument()
    events = [Event(id="q", date=START, event_class="shelling", target="POL")]
    expected = ReferenceEngine().evaluate(instrument, events, {}, None, trace=True)
    got = dask_engine.evaluate_frame(instrument, _partitions(events, tmp_path, 2), {}, None, trace=True)
    assert got.why_not and comparable(got) == comparable(expected)


def test_malformed_scheduler_address_and_worker_count_are_v951() -> None:
    with pytest.raises(SchedulerError) as caught:
        DaskEngine(scheduler="localhost:8786")
    assert caught.value.diagnostics[0].code == "V951"
    with pytest.raises(SchedulerError) as caught:
        DaskEngine(workers=0)
    assert caught.value.diagnostics[0].code == "V951"


def test_unreachable_scheduler_is_v950_not_a_traceback() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = DaskEngine(scheduler=f"tcp://127.0.0.1:{port}", timeout=1)
    with pytest.raises(SchedulerError) as caught:
        engine.evaluate_frame(_threshold_instrument(), pl.DataFrame(), {}, None)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "V950" and str(port) in diagnostic.message and diagnostic.hint


def test_evaluate_and_package_services_run_on_a_given_scheduler(dask_engine: DaskEngine) -> None:
    from servanda.services.evaluate import evaluate
    from servanda.services.package import package

    address = dask_engine.scheduler
    assert address is not None
    events = [{"id": "a", "date": "2026-03-01", "target": "UKR", "event_class": "shelling"}]
    valid = "tests/diagnostics/fixtures/_valid.yaml"
    on_dask = evaluate(valid, events, engine="dask", scheduler=address)
    reference = evaluate(valid, events, engine="reference")
    assert on_dask.engine == "dask" and on_dask.result.activations
    assert comparable(on_dask.result) == comparable(reference.result)  # traced: why-not trees too
    attack = {"attack_at": "35.14,47.84", "date": "2026-03-05", "actor": "RUS"}
    got = package("examples/ukraine-2025", engine="dask", scheduler=address, **attack).to_json()
    expected = package("examples/ukraine-2025", engine="reference", **attack).to_json()
    assert got == expected


def test_a_path_naming_no_parquet_file_is_v947_before_any_cluster_starts(tmp_path: Path) -> None:
    from servanda.diagnostics import ServandaError

    for path in (str(tmp_path / "none-*.parquet"), tmp_path):
        with pytest.raises(ServandaError) as caught:
            DaskEngine().evaluate_frame(_threshold_instrument(), path, {}, None)
        assert caught.value.diagnostics[0].code == "V947"
