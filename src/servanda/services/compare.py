"""``compare``: instruments point by point with a baseline (default NATO Art. 5), every cell cited.

Example:
    >>> out = compare(["anzus@1951"])
    >>> out.to_json()["format"], out.comparisons[0].baseline.id
    ('servanda-compare/1', 'nato.nat@1949')
    >>> compare("anzus@1951", weights="obligation=2,clock=1").comparisons[0].summary.weights
    {'obligation': 2.0, 'clock': 1.0}
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import load_instrument_file
from servanda.services.errors import usage

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


#: Whether the cited layer of practice (NATO as practised) is read by default.
DEFAULT_PRACTICE = True


def parse_weights(weights: str | Mapping[str, float] | None) -> dict[str, float] | None:
    """``"obligation=2,clock=1"`` or a mapping → weights by dimension id; bad names or values raise E110.

    >>> parse_weights("obligation=2, automaticity=0.5")
    {'obligation': 2.0, 'automaticity': 0.5}
    >>> from servanda.services.errors import ServiceError
    >>> try:
    ...     parse_weights("obligaton=1")
    ... except ServiceError as exc:
    ...     print(exc.code, exc.exit_code)
    E110 2
    """
    from servanda.analyses.compare import DIMENSIONS

    if weights is None or (isinstance(weights, str) and not weights.strip()):
        return None
    ids = [d.id for d in DIMENSIONS]
    hint = "dimensions: " + ", ".join(ids)
    pairs: list[tuple[str, object]] = []
    if isinstance(weights, str):
        for part in weights.split(","):
            key, eq, text = part.partition("=")
            if not eq:
                raise usage("E110", f"`{part.strip()}` in `--weights` is not NAME=WEIGHT", "--weights", hint)
            pairs.append((key.strip(), text.strip()))
    else:
        pairs = [(str(k), v) for k, v in weights.items()]
    out: dict[str, float] = {}
    for name, value in pairs:
        if name not in ids:
            close = difflib.get_close_matches(name, ids, n=1)
            raise usage(
                "E110",
                f"unknown comparison dimension `{name}` in `--weights`",
                "--weights",
                f"did you mean `{close[0]}`? {hint}" if close else hint,
            )
        try:
            w = float(value) if isinstance(value, str | int | float) else float("nan")
        except ValueError:
            w = float("nan")
        if not w >= 0 or w == float("inf"):
            raise usage(
                "E110",
                f"weight `{value}` of `{name}` is not a finite number ≥ 0",
                "--weights",
                "e.g. obligation=2",
            )
        out[name] = w
    if not any(w > 0 for w in out.values()):
        raise usage(
            "E110", "every weight in `--weights` is zero", "--weights", "give at least one weight > 0"
        )
    return out


def compare(
    instruments: str | Path | Sequence[str | Path],
    *,
    against: str | Path = DEFAULT_BASELINE,
    practice: bool = DEFAULT_PRACTICE,
    weights: str | Mapping[str, float] | None = None,
) -> CompareResult:
    """Compare each instrument with ``against``; unknown or invalid instruments raise coded errors.

    ``practice`` (default True) reads the cited layer of practice with the text (NATO's integrated command,
    forward presence and nuclear umbrella); ``False`` compares texts only. ``weights`` (``"dim=w,..."`` or a
    mapping) adds a user-weighted summary, printed with its weights; there is no unweighted tally.
    """
    from servanda.analyses.compare import compare as run

    parsed = parse_weights(weights)
    names = [instruments] if isinstance(instruments, str | Path) else list(instruments)
    baseline, baseline_path = load_instrument_file(against, "baseline")
    results = []
    for name in names:
        subject, path = load_instrument_file(name)
        results.append(
            run(
                subject,
                baseline,
                subject_file=str(path),
                baseline_file=str(baseline_path),
                practice=practice,
                weights=parsed,
            )
        )
    return CompareResult(results)
