"""One diagnostic for every layer: a catalogue code, a message and where the problem is.

The place is a file with a source span (``file:line:col``), or a file with a path inside the document
(``stances.yaml: USA.support``) when no span is known, or nothing (a finding about a model feature or an
option). Severity and title come from the catalogue; ``level`` may lower the severity of one finding.

Example:
    >>> d = Diagnostic("E301", "undefined trigger `x`", "a.yaml", Span(3, 5, 3, 6))
    >>> d.severity, d.location
    ('error', 'a.yaml:3:5')
    >>> Diagnostic("R504", "support 80 is outside [0, 1]", "s.yaml", path="USA.support").location
    's.yaml: USA.support'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servanda.diagnostics.catalogue import CATALOGUE, Severity


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based, end-inclusive-of-line, end-exclusive-of-column region of a file."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Diagnostic:
    """One problem (or remark) about one input.

    ``file`` is the file it is about ("" when none), ``span`` the region in it, ``path`` a dotted path
    inside the document (or the name of a model feature) when no span is known, ``breadcrumb`` the
    clause it sits in, ``hint`` how to fix it (often "did you mean …"), ``notes`` further context.
    """

    code: str
    message: str
    file: str = ""
    span: Span | None = None
    breadcrumb: str | None = None
    hint: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    path: str | None = None
    level: Severity | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"diagnostic code {self.code!r} is not in the catalogue")

    @property
    def severity(self) -> Severity:
        """``error``, ``warning`` or ``note``: the finding's own level, else the catalogue's."""
        return self.level or CATALOGUE[self.code].severity

    @property
    def title(self) -> str:
        """The catalogue title of the code."""
        return CATALOGUE[self.code].title

    @property
    def location(self) -> str:
        """``file:line:col``, ``file: path``, the file, the path, or ""."""
        if self.span is not None:
            return f"{self.file}:{self.span.line}:{self.span.col}"
        if self.path:
            return f"{self.file}: {self.path}" if self.file else self.path
        return self.file

    def __str__(self) -> str:
        """One line: ``severity[CODE]: message (location)``; :func:`servanda.diagnostics.render` gives the full form.

        >>> str(Diagnostic("C707", "'defence' is not an ATOP 4.01 column; ignored", path="defence"))
        "warning[C707]: 'defence' is not an ATOP 4.01 column; ignored (defence)"
        """
        where = f" ({self.location})" if self.location else ""
        return f"{self.severity}[{self.code}]: {self.message}{where}"

    def to_json(self) -> dict[str, Any]:
        """The one JSON shape of a diagnostic (stable keys; see docs/errors.md)."""
        span = self.span
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "span": None
            if span is None
            else {"line": span.line, "col": span.col, "end_line": span.end_line, "end_col": span.end_col},
            "breadcrumb": self.breadcrumb,
            "hint": self.hint,
            "notes": list(self.notes),
            "path": self.path,
            "location": self.location,
            "severity": self.severity,
            "title": self.title,
        }


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, position, then code."""
    if d.span is None:
        return (d.file, 0, 0, d.code)
    return (d.file, d.span.line, d.span.col, d.code)


def summary(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """Counts of (errors, other findings)."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    return errors, len(diagnostics) - errors
