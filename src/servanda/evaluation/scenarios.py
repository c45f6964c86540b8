"""Scenario tests in YAML (format ``servanda-test/1``), in the spirit of OpenFisca's YAML tests.

A scenario names an instrument, gives events, and states the obligations expected::

    format: servanda-test/1
    name: armed attack on Poland activates Art. 5 for every other party
    instrument: nato.nat@1949          # bundled id, or a path relative to this file
    as_of: 2025-06-30                  # optional
    events_file: ../events/x.yaml      # optional: events shared by several scenarios (added to `events`)
    events:
      - {id: e1, date: 2025-03-01, lon: 21.0, lat: 52.2, actor: RUS, target: POL, country: POL,
         event_class: missile_strike, deaths: 3}
    expect:
      activated:
        - {obligation: assist, bearer: USA, beneficiary: POL, triggered_on: 2025-03-01, evidence: [e1]}
      not_activated: [consult_on_request]
      count: {assist: 31}

``activated`` entries match an activation when every key given agrees (``due`` as ISO datetime,
``status`` active/suspended/modified/conflict). ``run_scenario`` returns the failures as text.

Example:
    >>> # failures = run_scenario(Path("tests/scenarios/library/nato_art5.yaml"))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servanda.api import InstrumentError, geometries_of, load
from servanda.evaluation.events_io import read_events, read_events_data
from servanda.evaluation.reference import Activation, EvaluationResult, evaluate
from servanda.io.yaml_source import read_source

SCENARIO_FORMAT = "servanda-test/1"


class ScenarioError(Exception):
    """The scenario file itself is wrong (not the instrument's behaviour)."""


def _instrument_path(spec: str, base: Path) -> str | Path:
    candidate = base / spec
    return candidate if candidate.exists() else spec


def run_scenario_file(path: Path) -> tuple[list[str], EvaluationResult | None]:
    """Evaluate the scenario in ``path``; returns (failures, result)."""
    doc = read_source(path)
    if doc.data is None or doc.diagnostics:
        raise ScenarioError("; ".join(f"{d.code} {d.location}: {d.message}" for d in doc.diagnostics))
    data: dict[str, Any] = doc.data
    if data.get("format") != SCENARIO_FORMAT:
        raise ScenarioError(f"{path}: `format: {SCENARIO_FORMAT}` expected")
    instrument_spec = _instrument_path(str(data["instrument"]), path.parent)
    try:
        instrument = load(instrument_spec)
    except InstrumentError as exc:
        raise ScenarioError(f"{path}: instrument does not load:\n{exc}") from exc
    rows = list(data.get("events") or [])
    batch = read_events_data(rows, str(path))
    if data.get("events_file"):
        shared = read_events(path.parent / str(data["events_file"]))
        batch.events = [*shared.events, *batch.events]
        batch.rejected += shared.rejected
        batch.diagnostics += shared.diagnostics
    if batch.rejected or (data.get("events_file") and not batch.events):
        raise ScenarioError("; ".join(d.message for d in batch.diagnostics) or "no events")
    result = evaluate(instrument, batch.events, geometries_of(instrument_spec), data.get("as_of"))
    return check_expectations(result, data.get("expect") or {}), result


def _matches(activation: Activation, wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        if key == "beneficiary":
            if value not in activation.beneficiaries:
                return False
        elif key == "due":
            if activation.due is None or activation.due.isoformat() != str(value).replace(" ", "T"):
                return False
        elif key == "evidence":
            if sorted(activation.evidence) != sorted(value):
                return False
        elif key == "triggered_on":
            if str(activation.triggered_on) != str(value):
                return False
        elif getattr(activation, key) != value:
            return False
    return True


def check_expectations(result: EvaluationResult, expect: dict[str, Any]) -> list[str]:
    """Differences between ``result`` and the expectations, as readable lines (empty = pass)."""
    failures: list[str] = []
    for wanted in expect.get("activated") or []:
        if not any(_matches(a, wanted) for a in result.activations):
            near = [a for a in result.activations if a.obligation == wanted.get("obligation")]
            shown = (
                "; ".join(
                    f"bearer={a.bearer} for={a.beneficiaries} on={a.triggered_on} due={a.due} status={a.status} "
                    f"evidence={a.evidence}"
                    for a in near[:3]
                )
                or "no activation of that obligation"
            )
            failures.append(f"expected activation {wanted} — got: {shown}")
    for obligation in expect.get("not_activated") or []:
        live = [a for a in result.activated(obligation) if a.status != "suspended"]
        if live:
            failures.append(
                f"expected `{obligation}` not to activate, but it did for {sorted({a.bearer for a in live})}"
            )
    for obligation, count in (expect.get("count") or {}).items():
        got = len(result.activated(obligation))
        if got != count:
            failures.append(f"expected {count} activations of `{obligation}`, got {got}")
    for wanted in expect.get("enforcement") or []:
        if not any(
            e.enforcement == wanted.get("enforcement") and str(e.on) == str(wanted.get("on", e.on))
            for e in result.enforcement
        ):
            failures.append(f"expected enforcement {wanted}")
    if "conflicts" in expect and len(result.conflicts) != expect["conflicts"]:
        failures.append(f"expected {expect['conflicts']} conflicts, got {result.conflicts}")
    return failures
