"""Point-by-point comparison of guarantee instruments with a baseline (by default NATO Art. 5).

>>> from servanda.api import load
>>> result = compare(load("us_kor.mdt@1953"), load("nato.nat@1949"))
>>> result.verdict("legal_form"), result.verdict("obligation")
('equivalent', 'weaker')

Dimensions, scales and verdict rules: ``docs/compare.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servanda.analyses.compare.dimensions import DIMENSIONS, Cell, Dimension, Perspective, verdict
from servanda.model.instrument import Instrument

FORMAT = "servanda-compare/1"
DEFAULT_BASELINE = "nato.nat@1949"
VERDICTS = ("stronger", "equivalent", "weaker", "absent")


@dataclass(frozen=True)
class Side:
    """One instrument in a comparison, with the states whose guarantee is read."""

    id: str
    title: str
    file: str | None
    perspective: Perspective
    illustrative: bool = False

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "guarantors": list(self.perspective.guarantors),
            "beneficiaries": list(self.perspective.beneficiaries),
            "illustrative": self.illustrative,
        }


@dataclass(frozen=True)
class DimensionResult:
    """One row: both cells and the verdict."""

    dimension: Dimension
    subject: Cell
    baseline: Cell
    verdict: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "id": self.dimension.id,
            "title": self.dimension.title,
            "rule": self.dimension.rule,
            "verdict": self.verdict,
            "subject": self.subject.to_json(),
            "baseline": self.baseline.to_json(),
        }


@dataclass
class Comparison:
    """An instrument compared with a baseline on every dimension."""

    subject: Side
    baseline: Side
    results: list[DimensionResult] = field(default_factory=list)

    def verdict(self, dimension_id: str) -> str:
        """Verdict on one dimension."""
        return next(r.verdict for r in self.results if r.dimension.id == dimension_id)

    def tally(self) -> dict[str, int]:
        """Number of dimensions per verdict."""
        return {v: sum(1 for r in self.results if r.verdict == v) for v in VERDICTS}

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "subject": self.subject.to_json(),
            "baseline": self.baseline.to_json(),
            "tally": self.tally(),
            "dimensions": [r.to_json() for r in self.results],
        }


def _name(instrument: Instrument) -> str:
    return instrument.short_title or instrument.title


def compare(
    subject: Instrument,
    baseline: Instrument,
    *,
    subject_file: str | None = None,
    baseline_file: str | None = None,
) -> Comparison:
    """Compare ``subject`` with ``baseline`` on every dimension of :data:`DIMENSIONS`."""
    mine = Perspective.of(subject)
    theirs = Perspective.of(baseline, like=mine)
    result = Comparison(
        Side(subject.id, _name(subject), subject_file, mine, subject.illustrative),
        Side(baseline.id, _name(baseline), baseline_file, theirs, baseline.illustrative),
    )
    for dim in DIMENSIONS:
        a = dim.read(subject, mine)
        b = dim.read(baseline, theirs)
        result.results.append(DimensionResult(dim, a, b, verdict(a, b)))
    return result


__all__ = ["DEFAULT_BASELINE", "DIMENSIONS", "FORMAT", "Comparison", "DimensionResult", "Side", "compare"]
