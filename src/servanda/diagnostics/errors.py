"""The one exception base: :class:`ServandaError` carries the diagnostics that stopped the work.

Every error about bad input (an instrument, package, stance, jurisdiction, scenario or events file, an
option, a model file) is a ``ServandaError``; interfaces print ``error.diagnostics`` with the one
renderer (``error.texts`` holds the source texts so the span can be underlined) and never a traceback.

Example:
    >>> try:
    ...     raise ServandaError.one("R501", "unknown jurisdiction `XXX`", "stances.yaml", path="XXX")
    ... except ServandaError as e:
    ...     print(e.code, e.diagnostics[0].location)
    R501 stances.yaml: XXX
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from servanda.diagnostics.catalogue import Severity
from servanda.diagnostics.diagnostic import Diagnostic, Span
from servanda.diagnostics.render import render_all


class ServandaError(Exception):
    """Raised with one or more diagnostics (and optionally the source texts to render them)."""

    def __init__(
        self,
        diagnostics: Diagnostic | Iterable[Diagnostic],
        texts: Mapping[str, str | None] | None = None,
    ) -> None:
        self.diagnostics: list[Diagnostic] = (
            [diagnostics] if isinstance(diagnostics, Diagnostic) else list(diagnostics)
        )
        self.texts: dict[str, str | None] = dict(texts or {})
        super().__init__(self.render())

    @classmethod
    def one(
        cls,
        code: str,
        message: str,
        file: str = "",
        span: Span | None = None,
        *,
        path: str | None = None,
        hint: str | None = None,
        level: Severity | None = None,
    ) -> ServandaError:
        """An error holding a single diagnostic."""
        return cls(Diagnostic(code, message, file, span, hint=hint, path=path, level=level))

    @property
    def code(self) -> str:
        """The code of the first diagnostic (``""`` if there is none)."""
        return self.diagnostics[0].code if self.diagnostics else ""

    def render(self) -> str:
        """All diagnostics, rendered with their source lines where known."""
        return render_all(self.diagnostics, self.texts)
