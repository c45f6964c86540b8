"""The one renderer of diagnostics, compiler style (Catala, rustc), used for every code:

    error[E301]: undefined trigger `armed_atack`
      --> nato.yaml:42:18
       |
    42 |     trigger: armed_atack
       |              ^^^^^^^^^^^
       = in: Article 5 (art_5) › obligation `assist`
       = help: did you mean `armed_attack`?

Example:
    >>> from servanda.diagnostics.diagnostic import Diagnostic
    >>> print(render(Diagnostic("P805", "no instrument file `usa.yml`", "pkg/package.yaml", hint="did you mean `usa.yaml`?"), None))
    error[P805]: no instrument file `usa.yml`
      --> pkg/package.yaml
      = help: did you mean `usa.yaml`?
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from servanda.diagnostics.diagnostic import Diagnostic, Span

#: Longest source line shown in full; longer lines are shown as a window around the span.
MAX_SHOWN = 160


def render(diagnostic: Diagnostic, source_text: str | None) -> str:
    """Render one diagnostic as plain text with the source line and the span underlined."""
    head = f"{diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"
    lines = [head]
    if diagnostic.location:
        lines.append(f"  --> {diagnostic.location}")
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


def render_all(diagnostics: Iterable[Diagnostic], texts: Mapping[str, str | None] | None = None) -> str:
    """Render several diagnostics, each with the source text of its file when ``texts`` has it."""
    texts = texts or {}
    return "\n".join(render(d, texts.get(d.file)) for d in diagnostics)
