"""Point-by-point comparison of guarantee instruments with a baseline (by default NATO Art. 5).

There is no tally of verdicts: the dimensions are incommensurable. A reader who wants one number gives
weights (:meth:`Comparison.weighted`), and the weights are printed with the score.

>>> from servanda.api import load
>>> result = compare(load("us_kor.mdt@1953"), load("nato.nat@1949"))
>>> result.verdict("legal_form"), result.verdict("obligation")
('equivalent', 'weaker')
>>> result.weighted({"obligation": 2, "automaticity": 1}).score
-0.6667

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
#: Points per verdict in a user-weighted summary; ``absent`` counts as weaker when the baseline has content.
VERDICT_POINTS = {"stronger": 1.0, "equivalent": 0.0, "weaker": -1.0}


@dataclass(frozen=True)
class WeightedSummary:
    """A user-weighted summary: Σ w·points / Σ w over the weighted dimensions (−1 weaker … +1 stronger).

    Dimensions where neither side has content are left out (and listed); their weight does not count.
    """

    weights: dict[str, float]
    points: dict[str, float]
    skipped: tuple[str, ...]
    score: float

    def describe(self) -> str:
        """``score -0.67 with weights obligation=2, automaticity=1`` (the weights always printed)."""
        ws = ", ".join(f"{k}={v:g}" for k, v in self.weights.items())
        skipped = f"; not counted (nothing on either side): {', '.join(self.skipped)}" if self.skipped else ""
        return f"user-weighted score {self.score:+.2f} (−1 weaker … +1 stronger) with weights {ws}{skipped}"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "weights": self.weights,
            "points": self.points,
            "skipped": list(self.skipped),
            "score": self.score,
            "scale": "-1 weaker .. +1 stronger; absent counts -1 when the baseline has content",
        }


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
    practice: bool = True
    summary: WeightedSummary | None = None

    def verdict(self, dimension_id: str) -> str:
        """Verdict on one dimension."""
        return next(r.verdict for r in self.results if r.dimension.id == dimension_id)

    def weighted(self, weights: dict[str, float]) -> WeightedSummary:
        """The user-weighted summary over the dimensions named in ``weights`` (ids of :data:`DIMENSIONS`).

        Raises ``KeyError`` for an unknown dimension and ``ValueError`` for a negative or all-zero weight.
        """
        by_id = {r.dimension.id: r for r in self.results}
        unknown = [k for k in weights if k not in by_id]
        if unknown:
            raise KeyError(unknown[0])
        if any(w < 0 for w in weights.values()) or not any(w > 0 for w in weights.values()):
            raise ValueError("weights must be non-negative and not all zero")
        points: dict[str, float] = {}
        skipped: list[str] = []
        for k in weights:
            r = by_id[k]
            if r.verdict == "absent":
                if r.baseline.absent:
                    skipped.append(k)
                    continue
                points[k] = -1.0
            else:
                points[k] = VERDICT_POINTS[r.verdict]
        total = sum(weights[k] for k in points)
        score = sum(weights[k] * points[k] for k in points) / total if total > 0 else 0.0
        return WeightedSummary(dict(weights), points, tuple(skipped), round(score, 4))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping (no tally: per-dimension verdicts, and the weighted summary when asked)."""
        return {
            "subject": self.subject.to_json(),
            "baseline": self.baseline.to_json(),
            "practice_included": self.practice,
            "dimensions": [r.to_json() for r in self.results],
            "weighted_summary": self.summary.to_json() if self.summary is not None else None,
        }


def _name(instrument: Instrument) -> str:
    return instrument.short_title or instrument.title


def compare(
    subject: Instrument,
    baseline: Instrument,
    *,
    subject_file: str | None = None,
    baseline_file: str | None = None,
    practice: bool = True,
    weights: dict[str, float] | None = None,
) -> Comparison:
    """Compare ``subject`` with ``baseline`` on every dimension of :data:`DIMENSIONS`.

    ``practice`` reads each side's cited layer of practice (``analyses/compare/practice.py``: NATO's
    integrated command, forward presence, nuclear umbrella) with its text; ``False`` compares texts only.
    ``weights`` (dimension id → weight) adds a user-weighted summary.
    """
    mine = Perspective.of(subject, practice=practice)
    theirs = Perspective.of(baseline, like=mine, practice=practice)
    result = Comparison(
        Side(subject.id, _name(subject), subject_file, mine, subject.illustrative),
        Side(baseline.id, _name(baseline), baseline_file, theirs, baseline.illustrative),
        practice=practice,
    )
    for dim in DIMENSIONS:
        a = dim.read(subject, mine)
        b = dim.read(baseline, theirs)
        result.results.append(DimensionResult(dim, a, b, verdict(a, b)))
    if weights:
        result.summary = result.weighted(weights)
    return result


__all__ = [
    "DEFAULT_BASELINE",
    "DIMENSIONS",
    "FORMAT",
    "Comparison",
    "DimensionResult",
    "Side",
    "WeightedSummary",
    "compare",
]
