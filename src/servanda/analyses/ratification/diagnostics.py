"""Coded diagnostics for the ratification (R5xx) and durability (D6xx) analyses.

Bad input never ends in a traceback: loaders and models raise :class:`AnalysisError`, which
carries one or more :class:`Diagnostic` records (code, message, location, fix). The CLI prints
them and exits with status 1.

Example:
    >>> d = Diagnostic("R501", "unknown jurisdiction `XXX`", "stances.yaml: USA", "use an ISO3 code")
    >>> d.render()
    'error[R501] stances.yaml: USA: unknown jurisdiction `XXX`\\n  fix: use an ISO3 code'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "note"]

#: Every code: (title, what went wrong, how to fix, catalogue severity). The same table closes
#: docs/ratification.md and docs/durability.md; :func:`register_codes` adds it to the project
#: catalogue (``servanda.language.catalogue``) so docs/errors.md lists it.
CODE_TABLE: dict[str, tuple[str, str, str, str]] = {
    "R501": (
        "unknown jurisdiction",
        "A state code names no bundled jurisdiction file (or is not ISO 3166 alpha-3).",
        "Use an ISO3 code of the library (`did you mean` is suggested), or add data/jurisdictions/XXX.yaml.",
        "error",
    ),
    "R502": (
        "no route for this legal form",
        "The jurisdiction file maps no route to the instrument's legal form "
        "(e.g. a congressional-executive agreement outside the US).",
        "Use a legal form the state supports (listed in the message) or add the route with its source.",
        "error",
    ),
    "R503": (
        "seat totals do not add up",
        "The blocs of a dated composition do not sum to the chamber's seats.",
        "Correct the bloc seats, or add a vacant bloc `{id: vacant, seats: N, vacant: true}`.",
        "error",
    ),
    "R504": (
        "probability or cohesion out of range",
        "A support/bypass/referral probability is outside [0, 1] or a cohesion outside (0, 1].",
        "Write probabilities as numbers between 0 and 1 (0.8, not 80).",
        "error",
    ),
    "R505": (
        "instrument without a jurisdiction",
        "A package instrument names no guarantor state, so there is no procedure to analyse.",
        "Give a party `roles: [guarantor]` with an ISO3 `state`.",
        "error",
    ),
    "R506": (
        "file does not match its schema",
        "A jurisdiction, stance or case file does not parse or has unknown/missing keys or wrong types.",
        "Fix the key named in the location; see the file formats in docs/ratification.md.",
        "error",
    ),
    "R507": (
        "unknown chamber",
        "A stage or proxy names a chamber the jurisdiction does not define.",
        "Use one of the chamber ids listed in the message.",
        "error",
    ),
    "R508": (
        "no composition at the analysis date",
        "No dated composition (or ParlGov election) exists on or "
        "before the date, and no proxy chamber is set.",
        "Add a dated `compositions` entry with a source, or set `proxy_of`.",
        "error",
    ),
    "R509": (
        "no stance for the package",
        "No stance file was given or bundled for this package; global default stances are used.",
        "Pass --stances FILE.",
        "warning",
    ),
    "R510": (
        "not an instrument or package",
        "The path is neither an instrument file nor a package folder, or a "
        "package entry names a missing file.",
        "Pass an instrument YAML (`format: servanda/1`) or a folder of them.",
        "error",
    ),
    "R511": (
        "proxy composition",
        "A chamber has no composition data; the shares of another chamber are scaled to its size.",
        "Add the chamber's own dated composition with a source.",
        "warning",
    ),
    "R512": (
        "stale composition",
        "The composition used predates an election whose result is not in the data.",
        "Add the composition elected since, with its source.",
        "warning",
    ),
    "D601": (
        "election calendar in the past",
        "The next election of a calendar is before the analysis start "
        "(an error for user-supplied calendars; bundled ones are rolled forward with a warning).",
        "Set `next` to the coming election.",
        "error",
    ),
    "D602": (
        "durability probability out of range",
        "p_turnover, p_oppose_after_turnover or another durability probability is outside [0, 1].",
        "Write a probability between 0 and 1.",
        "error",
    ),
    "D603": (
        "term missing or not positive",
        "The instrument's term is not a positive duration (indefinite terms use a 10-year horizon, noted).",
        "Give `term.length` (e.g. `10 years`) or pass --years.",
        "error",
    ),
    "D604": (
        "no exit difficulty for legal form",
        "The legal form has no exit-difficulty parameter.",
        "Use one of the five legal forms of the instrument model.",
        "error",
    ),
}

#: Code → title.
CODES: dict[str, str] = {code: row[0] for code, row in CODE_TABLE.items()}


def register_codes() -> None:
    """Register the R5xx/D6xx codes with the project's diagnostic catalogue (idempotent).

    Not called at import time: registering changes the generated docs/errors.md, so the lead
    calls it where the catalogue of analyses is assembled (then regenerates the docs).
    """
    try:
        from servanda.language.catalogue import register
    except ImportError:  # pragma: no cover - catalogue not available
        return
    for code, (title, explanation, fix, severity) in CODE_TABLE.items():
        register(code, title, explanation, fix, "warning" if severity == "warning" else "error")


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input: a code, what is wrong, where, and how to fix it.

    ``rendered`` holds the full terminal rendering when the finding comes from the instrument or
    package loader (``file:line:col``, the source line with the span underlined, ``= help:``); it is
    what :meth:`render` prints, and it is left out of :meth:`to_dict`.
    """

    code: str
    message: str
    location: str = ""
    fix: str = ""
    severity: Severity = "error"
    rendered: str | None = field(default=None, compare=False, repr=False)

    def render(self) -> str:
        """One or two lines for a terminal (the loader's rendering when there is one)."""
        if self.rendered:
            return self.rendered
        where = f" {self.location}:" if self.location else ""
        text = f"{self.severity}[{self.code}]{where} {self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text

    def to_dict(self) -> dict[str, str]:
        """JSON-ready mapping."""
        return {
            "code": self.code,
            "message": self.message,
            "location": self.location,
            "fix": self.fix,
            "severity": self.severity,
        }


@dataclass
class AnalysisError(Exception):
    """Raised with the diagnostics that stopped an analysis."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("; ".join(d.render() for d in self.diagnostics))

    @classmethod
    def one(cls, code: str, message: str, location: str = "", fix: str = "") -> AnalysisError:
        """An error holding a single diagnostic."""
        return cls([Diagnostic(code, message, location, fix)])

    @classmethod
    def from_validation(cls, exc: Any, where: str, fix: str, code: str = "R506") -> AnalysisError:
        """One diagnostic per pydantic validation error, located by its path under ``where``."""
        return cls(
            [
                Diagnostic(code, e["msg"], where + ": " + ".".join(str(p) for p in e["loc"]), fix)
                for e in exc.errors()
            ]
        )


def check_probability(value: float, location: str, code: str = "R504", name: str = "probability") -> None:
    """Raise a coded diagnostic unless ``0 <= value <= 1``.

    >>> check_probability(0.5, "x")
    >>> check_probability(1.5, "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    servanda.analyses.ratification.diagnostics.AnalysisError: error[R504] x: probability 1.5 ...
    """
    if not (0.0 <= value <= 1.0):
        raise AnalysisError.one(
            code,
            f"{name} {value!r} is outside [0, 1]",
            location,
            f"write the {name} as a number between 0 and 1 (e.g. 0.8, not 80)",
        )
