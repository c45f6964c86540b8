"""``credibility``: how often commitments like an instrument's were honoured in war.

Example:
    >>> out = credibility("nato.nat@1949")
    >>> out.to_json()["instrument"], 0 <= out.estimate.to_json()["probability"] <= 1
    ('nato.nat@1949', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import load_instrument_file
from servanda.services.errors import translated

if TYPE_CHECKING:
    from servanda.analyses.atop.coding import AtopCoding
    from servanda.model.instrument import Instrument


@dataclass
class CredibilityResult:
    """The instrument's ATOP coding, the settled features and the model's estimate."""

    instrument: Instrument
    coding: AtopCoding
    features: dict[str, Any]
    notes: list[str]
    estimate: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument.id,
            "atop": dict(self.features),
            "settled": self.notes,
            "estimate": self.estimate.to_json(),
        }


def credibility(name: str | Path, *, war_year: int | None = None, level: float = 0.9) -> CredibilityResult:
    """Predict P(honour) for an instrument from its ATOP coding (C7xx usage errors for bad options).

    >>> 0 < credibility("nato.nat@1949").estimate.probability < 1
    True
    """
    from servanda.analyses.atop.coding import code_instrument
    from servanda.analyses.credibility import predict
    from servanda.analyses.packages.answer import credibility_features

    instrument, _ = load_instrument_file(name)
    coding = code_instrument(instrument)
    features, notes = credibility_features(coding)
    with translated(exit_code=2):
        estimate = predict(
            features, war_year=war_year, level=level, legal_form=instrument.legal_form.kind.value
        )
    return CredibilityResult(instrument, coding, dict(features), list(notes), estimate)
