"""Trace nodes: why an obligation activated, or why not (trace format ``servanda-trace/1``).

Example:
    >>> node = TraceNode("trigger", "armed_attack_on_a_party", True, "fired on 2025-03-01")
    >>> node.to_json()["result"]
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
