"""Diagnostics (codes C701–C711) raised by the credibility model.

Every warning or error carries a stable code, a one-line message, the feature it concerns (if any) and a
hint on how to fix it. The full table, with minimal examples, is at the end of ``docs/credibility.md``.

>>> d = Diagnostic("C701", "warning", "conditio is missing; imputed", feature="conditio")
>>> d.code, d.severity
('C701', 'warning')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

#: code -> (title, default hint). The docs table is checked against this mapping by the tests.
CODES: dict[str, tuple[str, str]] = {
    "C701": (
        "feature missing, imputed",
        "Code the missing ATOP variable(s) in the instrument; until then the estimate averages over the "
        "values seen in the training data.",
    ),
    "C702": (
        "value outside the data's support",
        "Check the ATOP coding of this variable; the value was never observed in the training data or in "
        "ATOP 4.01, so the model cannot say anything about it.",
    ),
    "C703": (
        "combination of features never seen in the training data",
        "Read the estimate as an extrapolation; compare it with the reference-class rate and the nearest "
        "training cases named in the message.",
    ),
    "C704": (
        "combination of features rarely seen in the training data",
        "Treat the estimate as resting on very few cases; the interval understates the uncertainty.",
    ),
    "C705": (
        "instrument type not represented in the data",
        "No case of this pledge type entered the Berkemeier & Fuhrmann performance sample; do not read "
        "the probability as an empirical estimate for this type.",
    ),
    "C706": (
        "small reference class, pooled",
        "The pledge-type × era class has fewer than 10 cases; the reported base rate pools both eras.",
    ),
    "C707": (
        "unknown input key",
        "Use ATOP column names (lower case, e.g. 'defense', 'defcoloc'); the key was ignored.",
    ),
    "C708": (
        "invalid input value",
        "Pass numbers (int/float/bool) or None for missing; strings and NaN-like text are not accepted.",
    ),
    "C709": (
        "model does not beat the base rate",
        "Cross-validation shows no gain over the era base rate; rely on the reference-class rate instead.",
    ),
    "C710": (
        "model file missing or invalid",
        "Reinstall servanda or refit: python -m servanda.analyses.credibility.refit --data ... --atop ... "
        "--out src/servanda/data/credibility/model.json",
    ),
    "C711": (
        "refit input invalid",
        "Point --data at BerkemeierFuhrmannRAP2018_0303.dta and --atop at the ATOP 4.01 alliance-level CSV.",
    ),
}


@dataclass(frozen=True)
class Diagnostic:
    """One coded finding about an input or the model.

    >>> Diagnostic("C707", "warning", "unknown key 'defence'", feature="defence").feature
    'defence'
    """

    code: str
    severity: Severity
    message: str
    feature: str | None = None
    hint: str = ""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")
        if not self.hint:
            object.__setattr__(self, "hint", CODES[self.code][1])

    @property
    def title(self) -> str:
        """Short name of the code, e.g. ``'feature missing, imputed'``."""
        return CODES[self.code][0]

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready form."""
        return asdict(self)

    def __str__(self) -> str:
        where = f" [{self.feature}]" if self.feature else ""
        return f"{self.code} {self.severity}{where}: {self.message}"


class CredibilityError(Exception):
    """An error with a diagnostic code (C708, C710, C711).

    >>> try:
    ...     raise CredibilityError(Diagnostic("C708", "error", "bad value"))
    ... except CredibilityError as e:
    ...     e.diagnostic.code
    'C708'
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    @property
    def code(self) -> str:
        """The diagnostic code, e.g. ``'C708'``."""
        return self.diagnostic.code
