"""Diagnostics: what the loader and checker report, and how it is printed.

A diagnostic carries a catalogue code, a message, the file and span it points at, the clause
breadcrumb and an optional hint ("did you mean …"). Rendering follows compilers (Catala, rustc):

    error[E301]: undefined trigger `armed_atack`
      --> nato.yaml:42:18
       |
    42 |     trigger: armed_atack
       |              ^^^^^^^^^^^
       = in: Article 5 (art_5) › obligation `assist`
       = help: did you mean `armed_attack`?

Example:
    >>> d = Diagnostic("E301", "undefined trigger `x`", "a.yaml", Span(3, 5, 3, 6))
    >>> d.severity
    'error'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from servanda.language.catalogue import CATALOGUE, Severity


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based, end-inclusive-of-line, end-exclusive-of-column region of a file."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file."""

    code: str
    message: str
    file: str
    span: Span | None = None
    breadcrumb: str | None = None
    hint: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def severity(self) -> Severity:
        """``error`` or ``warning``, from the catalogue."""
        return CATALOGUE[self.code].severity

    @property
    def location(self) -> str:
        """``file:line:col`` (or just the file)."""
        if self.span is None:
            return self.file
        return f"{self.file}:{self.span.line}:{self.span.col}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (stable keys; see docs/errors.md)."""
        data = asdict(self)
        data["severity"] = self.severity
        data["title"] = CATALOGUE[self.code].title
        data["notes"] = list(self.notes)
        return data


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, position, then code."""
    if d.span is None:
        return (d.file, 0, 0, d.code)
    return (d.file, d.span.line, d.span.col, d.code)


#: Longest source line shown in full; longer lines are shown as a window around the span.
MAX_SHOWN = 160


def render(diagnostic: Diagnostic, source_text: str | None) -> str:
    """Render one diagnostic as plain text with the source line and the span underlined."""
    head = f"{diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"
    lines = [head, f"  --> {diagnostic.location}"]
    span = diagnostic.span
    if span is not None and source_text is not None:
        source_lines = source_text.splitlines()
        if 1 <= span.line <= len(source_lines):
            text = source_lines[span.line - 1].replace("\t", " ")
            number = str(span.line)
            gutter = " " * len(number)
            end_col = span.end_col if span.end_line == span.line else len(text) + 1
            width = max(1, min(end_col, len(text) + 1) - span.col)
            if len(text) > MAX_SHOWN:  # show a window of a very long line around the span
                start = max(0, span.col - 1 - MAX_SHOWN // 4)
                text = ("…" if start else "") + text[start : start + MAX_SHOWN] + "…"
                span = Span(span.line, span.col - start + (1 if start else 0), span.end_line, span.end_col)
                width = min(width, MAX_SHOWN)
            lines += [
                f"{gutter} |",
                f"{number} | {text}",
                f"{gutter} | {' ' * (span.col - 1)}{'^' * width}",
            ]
    pad = " " * (len(str(span.line)) if span else 1)
    if diagnostic.breadcrumb:
        lines.append(f"{pad} = in: {diagnostic.breadcrumb}")
    for note in diagnostic.notes:
        lines.append(f"{pad} = note: {note}")
    if diagnostic.hint:
        lines.append(f"{pad} = help: {diagnostic.hint}")
    return "\n".join(lines)


def summary(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Counts of (errors, warnings)."""
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity == "error")
    return errors, len(items) - errors
