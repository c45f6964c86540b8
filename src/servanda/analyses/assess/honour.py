"""What "honoured" means for each kind of obligation, and where its probability comes from.

Each activated duty of a guarantor is put in one obligation type by what it obliges (its ``action`` and
``means``); a guarantor is judged on its **strongest** activated type (``armed_defence`` > ``military_aid`` >
``economic_aid`` > ``sanctions`` > ``consultation``), so "honoured" means "performs that duty".

Only ``armed_defence`` has a record: in Berkemeier & Fuhrmann (2018) honouring a defence pledge means taking
part militarily, and the credibility model (``docs/credibility.md``) gives its probability from the
instrument's ATOP coding (post-1945 defence pacts: 6 of 43). The data cannot separate the other types: no case
in them is a pledge of arms deliveries, money, sanctions or consultation (a consultation-only pact enters
only when the allies fought each other). For those types servanda does **not** invent a rate: it borrows the
defence-pact record as a prior with a wider interval (the wider of the record's own interval and that of a
Beta with the same mean and an effective sample of :data:`PRIOR_CASES` cases) and says so (P817). A cheaper duty may well be honoured more often (Leeds 2003:
the cost of fulfilment predicts violation), but nothing in the data measures by how much, so the default
never rates a weaker promise above a defence pact; pass ``priors`` to state your own.

Example:
    >>> duty_type("assist", ["use_armed_force", "impose_sanctions"])
    'armed_defence'
    >>> duty_type("provide_financial_assistance", [])
    'economic_aid'
    >>> duty_type("refrain_from_force", []) is None
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scipy.stats import beta

#: Obligation types, strongest first.
TYPES: tuple[str, ...] = ("armed_defence", "military_aid", "economic_aid", "sanctions", "consultation")

#: What "honoured" means for each type.
MEANING: dict[str, str] = {
    "armed_defence": "its armed forces take part in repelling the attack",
    "military_aid": "it delivers the promised arms, equipment or intelligence",
    "economic_aid": "it delivers the promised financial or economic assistance",
    "sanctions": "it imposes (or restores) the promised sanctions on the attacker",
    "consultation": "it consults (meets) within the stated time",
}

_ACTION_TYPE: dict[str, str] = {
    "use_armed_force": "armed_defence",
    "deploy_forces": "armed_defence",
    "station_forces": "armed_defence",
    "provide_military_assistance": "military_aid",
    "provide_intelligence": "military_aid",
    "grant_basing": "military_aid",
    "provide_financial_assistance": "economic_aid",
    "provide_economic_assistance": "economic_aid",
    "fund": "economic_aid",
    "impose_sanctions": "sanctions",
    "restore_sanctions": "sanctions",
    "consult": "consultation",
    "inform": "consultation",
    "report_to_unsc": "consultation",
    "seek_unsc_action": "consultation",
}

#: Effective number of cases of a borrowed prior (a widened defence-pact record).
PRIOR_CASES = 10.0


def duty_type(action: str, means: Iterable[str]) -> str | None:
    """The obligation type of one duty: the strongest of its action and (for ``assist``) its means."""
    found = [_ACTION_TYPE[a] for a in [action, *means] if a in _ACTION_TYPE]
    return min(found, key=TYPES.index) if found else None


def strongest(types: Iterable[str | None]) -> str | None:
    """The strongest type among ``types`` (None when there is none).

    >>> strongest(["sanctions", None, "military_aid"])
    'military_aid'
    """
    known = [t for t in types if t is not None]
    return min(known, key=TYPES.index) if known else None


@dataclass(frozen=True)
class Honouring:
    """P(honoured | in force, attack) for one guarantor's obligation type, and its basis."""

    type: str
    probability: float
    interval: tuple[float, float]
    basis: str  # "data" or "prior" (borrowed) or "user"
    source: str
    separated: bool  # the data separate this type from the others

    @property
    def meaning(self) -> str:
        """What honouring means for the type."""
        return MEANING[self.type]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "type": self.type,
            "meaning": self.meaning,
            "probability": self.probability,
            "interval": list(self.interval),
            "basis": self.basis,
            "source": self.source,
            "separated_by_data": self.separated,
        }


def _beta_interval(mean: float, cases: float, level: float) -> tuple[float, float]:
    a, b = mean * cases + 0.5, (1.0 - mean) * cases + 0.5
    lo, hi = beta.ppf([(1 - level) / 2, (1 + level) / 2], a, b)
    return float(lo), float(hi)


def honouring(
    kind: str,
    defence: tuple[float, tuple[float, float], str],
    *,
    level: float = 0.9,
    priors: Mapping[str, float] | None = None,
) -> Honouring:
    """P(honoured) for obligation type ``kind``.

    ``defence`` is the credibility estimate for a defence pledge (probability, interval, reference class
    described), from the guarantor's instrument. ``priors`` maps a type to a probability stated by the
    user (it replaces the default for that type; its interval is that of :data:`PRIOR_CASES` cases).

    >>> h = honouring("economic_aid", (0.14, (0.07, 0.24), "defence pacts, 1945–2003: 6 of 43 honoured"))
    >>> h.basis, h.probability, h.separated
    ('prior', 0.14, False)
    """
    if kind not in TYPES:
        raise ValueError(f"unknown obligation type {kind!r}")
    p, interval, described = defence
    if priors and kind in priors:
        q = float(priors[kind])
        return Honouring(
            kind,
            q,
            _beta_interval(q, PRIOR_CASES, level),
            "user",
            "stated by the user",
            kind == "armed_defence",
        )
    if kind == "armed_defence":
        return Honouring(kind, p, interval, "data", f"credibility model ({described})", True)
    lo, hi = _beta_interval(p, PRIOR_CASES, level)
    return Honouring(
        kind,
        p,
        (min(lo, interval[0]), max(hi, interval[1])),  # never narrower than the record it borrows
        "prior",
        f"borrowed defence-pact record ({described}), widened to {PRIOR_CASES:g} cases: "
        "the data have no case of this type",
        False,
    )
