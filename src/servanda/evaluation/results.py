"""What an evaluation finds, whichever engine computed it: firings, activations, enforcement, traces.

Result format ``servanda-evaluation/1``; trace nodes (why an obligation activated, or why not) in
format ``servanda-trace/1``. Every engine returns an :class:`EvaluationResult`; an engine asked for
``trace=False`` may leave ``why_not`` empty.

Example:
    >>> node = TraceNode("trigger", "armed_attack_on_a_party", True, "fired on 2025-03-01")
    >>> node.to_json()["result"]
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from servanda.diagnostics import ServandaError

TRACE_FORMAT = "servanda-trace/1"


@dataclass
class TraceNode:
    """One step of an explanation: a predicate, trigger, exception or obligation."""

    kind: str
    label: str
    result: bool | None
    detail: str = ""
    clause: str | None = None
    evidence: list[str] = field(default_factory=list)
    children: list[TraceNode] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready tree."""
        return {
            "kind": self.kind,
            "label": self.label,
            "result": self.result,
            "detail": self.detail,
            "clause": self.clause,
            "evidence": list(self.evidence),
            "children": [c.to_json() for c in self.children],
        }

    def lines(self, depth: int = 0) -> list[str]:
        """Indented text lines, for terminals and golden files."""
        mark = {True: "✓", False: "✗", None: "·"}[self.result]
        where = f" [{self.clause}]" if self.clause else ""
        text = f"{'  ' * depth}{mark} {self.kind} {self.label}{where}"
        if self.detail:
            text += f": {self.detail}"
        out = [text]
        for child in self.children:
            out.extend(child.lines(depth + 1))
        return out


#: The target of a firing that is not per attacked state (``per_target: false``, or no attacked state).
NO_TARGET = ""


class EvaluationError(ServandaError):
    """The instrument cannot be evaluated (e.g. a cyclic trigger); `servanda check` reports why."""


@dataclass(frozen=True)
class Firing:
    """A trigger firing for one attacked state."""

    trigger: str
    target: str
    on: date
    evidence: tuple[str, ...]


@dataclass
class Activation:
    """An obligation that applies to one bearer because of one firing (or because it is standing)."""

    obligation: str
    clause: str
    bearer: str
    beneficiaries: list[str]
    action: str
    modality: str
    discretion: str
    trigger: str | None
    triggered_on: date | None
    due: datetime | None
    status: str
    evidence: list[str]
    trace: TraceNode

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "obligation": self.obligation,
            "clause": self.clause,
            "bearer": self.bearer,
            "beneficiaries": self.beneficiaries,
            "action": self.action,
            "modality": self.modality,
            "discretion": self.discretion,
            "trigger": self.trigger,
            "triggered_on": self.triggered_on.isoformat() if self.triggered_on else None,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "evidence": self.evidence,
            "trace": self.trace.to_json(),
        }


@dataclass
class EnforcementActivation:
    """An enforcement mechanism set off by a breach trigger."""

    enforcement: str
    mechanism: str
    by: list[str]
    against: list[str]
    trigger: str
    on: date
    evidence: list[str]


@dataclass
class EvaluationResult:
    """Everything the evaluator found."""

    instrument: str
    as_of: date | None
    events_considered: int
    firings: list[Firing] = field(default_factory=list)
    activations: list[Activation] = field(default_factory=list)
    enforcement: list[EnforcementActivation] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    why_not: dict[str, TraceNode] = field(default_factory=dict)
    events_rejected: int = 0
    input_diagnostics: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def activated(self, obligation: str) -> list[Activation]:
        """Activations of one obligation."""
        return [a for a in self.activations if a.obligation == obligation]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "format": "servanda-evaluation/1",
            "trace_format": TRACE_FORMAT,
            "instrument": self.instrument,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "events_considered": self.events_considered,
            "firings": [
                {
                    "trigger": f.trigger,
                    "target": f.target or None,
                    "on": f.on.isoformat(),
                    "evidence": list(f.evidence),
                }
                for f in self.firings
            ],
            "activations": [a.to_json() for a in self.activations],
            "enforcement": [
                {
                    "enforcement": e.enforcement,
                    "mechanism": e.mechanism,
                    "by": e.by,
                    "against": e.against,
                    "trigger": e.trigger,
                    "on": e.on.isoformat(),
                    "evidence": e.evidence,
                }
                for e in self.enforcement
            ],
            "conflicts": self.conflicts,
            "why_not": {k: v.to_json() for k, v in self.why_not.items()},
            "events_rejected": self.events_rejected,
            "input_diagnostics": [d.to_json() for d in self.input_diagnostics],
            "notes": self.notes,
        }
