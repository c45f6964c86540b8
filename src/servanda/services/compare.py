"""``compare``: instruments point by point with a baseline (default NATO Art. 5), every cell cited.

Example:
    >>> out = compare(["anzus@1951"])
    >>> out.to_json()["format"], out.comparisons[0].baseline.id
    ('servanda-compare/1', 'nato.nat@1949')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import load_instrument_file

if TYPE_CHECKING:
    from servanda.analyses.compare import Comparison

#: The default baseline instrument.
DEFAULT_BASELINE = "nato.nat@1949"


@dataclass
class CompareResult:
    """One comparison per instrument, against the same baseline."""

    comparisons: list[Comparison]

    def to_json(self) -> dict[str, Any]:
        from servanda.analyses.compare import FORMAT

        return {"format": FORMAT, "comparisons": [c.to_json() for c in self.comparisons]}


def compare(
    instruments: str | Path | Sequence[str | Path], *, against: str | Path = DEFAULT_BASELINE
) -> CompareResult:
    """Compare each instrument with ``against``; unknown or invalid instruments raise coded errors."""
    from servanda.analyses.compare import compare as run

    names = [instruments] if isinstance(instruments, str | Path) else list(instruments)
    baseline, baseline_path = load_instrument_file(against, "baseline")
    results = []
    for name in names:
        subject, path = load_instrument_file(name)
        results.append(run(subject, baseline, subject_file=str(path), baseline_file=str(baseline_path)))
    return CompareResult(results)
