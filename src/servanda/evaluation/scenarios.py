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
``status`` active/suspended/modified/conflict). ``run_scenario_file`` returns the failures as text.
It runs on any evaluation engine (default: the reference engine), so every scenario file also
tests a new engine: ``pytest --engine NAME``.

Example:
    >>> failures, result = run_scenario_file(Path("tests/scenarios/library/nato_art4_threat_consultation.yaml"))
    >>> failures, len(result.activated("consult"))
    ([], 32)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.evaluation.engine import Evaluator, get_engine
from servanda.evaluation.results import Activation, EvaluationResult
from servanda.frontline.frozen import read_line
from servanda.io.yaml_source import read_source
from servanda.language.library import UnknownInstrument, resolve
from servanda.language.loader import load_instrument
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import GeometryError, NamedGeometry, load_geometries
from servanda.sources.rows import read_events, read_events_data

SCENARIO_FORMAT = "servanda-test/1"


class ScenarioError(ServandaError):
    """The scenario file itself is wrong (not the instrument's behaviour)."""


def _instrument_path(spec: str, base: Path) -> str | Path:
    candidate = base / spec
    return candidate if candidate.exists() else spec


def _load(spec: str | Path, scenario: Path) -> tuple[Instrument, dict[str, NamedGeometry]]:
    """The scenario's instrument (a path or bundled id) and its geometries, or a :class:`ScenarioError`."""
    try:
        path = resolve(spec)
    except UnknownInstrument as exc:
        raise ScenarioError(exc.diagnostics, exc.texts) from exc
    loaded = load_instrument(path)
    if loaded.instrument is None:
        raise ScenarioError(loaded.diagnostics, {d.file: loaded.document.text for d in loaded.diagnostics})
    instrument = loaded.instrument
    try:
        geometries = load_geometries(path.parent, instrument, read_line=read_line)
    except GeometryError as exc:
        raise ScenarioError(exc.diagnostics, exc.texts) from exc
    return instrument, geometries


def run_scenario_file(
    path: Path, engine: Evaluator | None = None
) -> tuple[list[str], EvaluationResult | None]:
    """Evaluate the scenario in ``path`` on ``engine`` (default: the reference engine); returns (failures, result)."""
    doc = read_source(path)
    if doc.data is None or doc.diagnostics:
        raise ScenarioError(
            doc.diagnostics or [Diagnostic("E108", "empty scenario file", str(path))], {str(path): doc.text}
        )
    data: dict[str, Any] = doc.data
    if data.get("format") != SCENARIO_FORMAT:
        raise ScenarioError(
            Diagnostic(
                "E109",
                "not a scenario file",
                str(path),
                doc.span_of(("format",)),
                hint=f"write `format: {SCENARIO_FORMAT}`",
            )
        )
    instrument, geometries = _load(_instrument_path(str(data["instrument"]), path.parent), path)
    rows = list(data.get("events") or [])
    batch = read_events_data(rows, str(path))
    if data.get("events_file"):
        shared = read_events(path.parent / str(data["events_file"]))
        batch.events = [*shared.events, *batch.events]
        batch.rejected += shared.rejected
        batch.diagnostics += shared.diagnostics
    if batch.rejected or (data.get("events_file") and not batch.events):
        raise ScenarioError(batch.diagnostics or [Diagnostic("V902", "no events", str(path))])
    result = (engine or get_engine()).evaluate(instrument, batch.events, geometries, data.get("as_of"))
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
