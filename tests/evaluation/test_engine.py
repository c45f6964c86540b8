"""The engine seam: lookup by name, optional tracing, scenarios on any engine, and the package layering."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from servanda.evaluation import engine as engines
from servanda.evaluation.engine import Evaluator, UnknownEngine, engine_names, get_engine, register
from servanda.evaluation.reference import ReferenceEngine
from servanda.evaluation.results import EvaluationResult
from servanda.evaluation.scenarios import run_scenario_file
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import NamedGeometry

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "servanda"
#: A scenario in which an obligation does not activate, so a traced result explains why not.
SCENARIO = (
    ROOT / "tests" / "scenarios" / "library" / "anzus_art5_australian_forces_in_us_not_metropolitan.yaml"
)


def test_reference_is_the_default_engine_and_unknown_names_say_what_exists() -> None:
    assert isinstance(get_engine(), ReferenceEngine)
    assert "reference" in engine_names()
    with pytest.raises(UnknownEngine, match=r"known: .*reference"):
        get_engine("no-such-engine")


class CountingEngine:
    """A stand-in for a later engine: delegates to the reference engine and counts its calls."""

    name = "counting"
    calls: ClassVar[list[bool]] = []

    def evaluate(
        self,
        instrument: Instrument,
        events: Sequence[Event],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = True,
    ) -> EvaluationResult:
        self.calls.append(trace)
        return ReferenceEngine().evaluate(instrument, events, geometries, as_of, trace=trace)


def test_a_registered_engine_runs_scenario_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "_FACTORIES", dict(engines._FACTORIES))
    register("counting", CountingEngine)
    engine: Evaluator = get_engine("counting")
    CountingEngine.calls.clear()
    failures, result = run_scenario_file(SCENARIO, engine)
    assert failures == [] and result is not None
    assert CountingEngine.calls == [True]


def test_trace_false_skips_explanations_only() -> None:
    traced = run_scenario_file(SCENARIO)[1]
    assert traced is not None and traced.why_not
    quiet = ReferenceEngine()
    failures, untraced = run_scenario_file(SCENARIO, _NoTrace(quiet))
    assert failures == [] and untraced is not None
    assert untraced.why_not == {}
    without = {k: v for k, v in traced.to_json().items() if k != "why_not"}
    assert {k: v for k, v in untraced.to_json().items() if k != "why_not"} == without


class _NoTrace:
    name = "no-trace"

    def __init__(self, inner: Evaluator):
        self.inner = inner

    def evaluate(
        self,
        instrument: Instrument,
        events: Sequence[Event],
        geometries: Mapping[str, NamedGeometry],
        as_of: date | None = None,
        *,
        trace: bool = True,
    ) -> EvaluationResult:
        return self.inner.evaluate(instrument, events, geometries, as_of, trace=False)
