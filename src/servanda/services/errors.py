"""The one adapter between the analyses' exceptions and the service layer's coded errors.

Every service raises :class:`ServiceError` (or its subclass :class:`InstrumentError`) for bad input: it
carries the coded diagnostics, the source texts to render them against, and the exit status a command
line should use (1: the input is invalid; 2: a usage error such as an unknown id or a bad option value).
The analyses still raise their own exception classes; :func:`translated` maps them here, in one place, so
switching to a single ``ServandaError`` base later is a change to this module only.

Example:
    >>> err = usage("E101", "no such file or bundled id `x`", "x", "`servanda library` lists bundled ids")
    >>> err.exit_code, err.code
    (2, 'E101')
    >>> err.to_json()["diagnostics"][0]["code"]
    'E101'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from servanda.language.diagnostics import Diagnostic, render

#: Exit statuses shared by every interface.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_SOFTWARE = 0, 1, 2, 70


def diagnostic_json(diagnostic: Any) -> dict[str, Any]:
    """The JSON of any diagnostic class in the code base (``to_json`` or ``to_dict``)."""
    if hasattr(diagnostic, "to_json"):
        return dict(diagnostic.to_json())
    return dict(diagnostic.to_dict())


def render_diagnostic(diagnostic: Any, texts: Mapping[str, str | None] | None = None) -> str:
    """Plain-text rendering of any diagnostic class, with its source line when the text is known."""
    if isinstance(diagnostic, Diagnostic):
        if not diagnostic.file and diagnostic.span is None:  # a usage error: no location to show
            help_line = f"\n  = help: {diagnostic.hint}" if diagnostic.hint else ""
            return f"{diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}{help_line}"
        return render(diagnostic, (texts or {}).get(diagnostic.file))
    if hasattr(diagnostic, "render"):
        return str(diagnostic.render())
    return str(diagnostic)


def severity_of(diagnostic: Any) -> str:
    """``error`` or ``warning`` (``info`` counts as a warning)."""
    return "error" if getattr(diagnostic, "severity", "error") == "error" else "warning"


class ServiceError(Exception):
    """Bad input: coded diagnostics, the texts to render them, and the exit status for a command line."""

    def __init__(
        self,
        diagnostics: Sequence[Any],
        texts: Mapping[str, str | None] | None = None,
        exit_code: int = EXIT_FINDINGS,
    ):
        self.diagnostics = list(diagnostics)
        self.texts: dict[str, str | None] = dict(texts or {})
        self.exit_code = exit_code
        super().__init__("\n".join(render_diagnostic(d, self.texts) for d in self.diagnostics))

    @property
    def code(self) -> str:
        """The code of the first diagnostic."""
        return str(self.diagnostics[0].code) if self.diagnostics else ""

    def to_json(self) -> dict[str, Any]:
        """``{"exit_code": .., "diagnostics": [...]}``."""
        return {"exit_code": self.exit_code, "diagnostics": [diagnostic_json(d) for d in self.diagnostics]}


class InstrumentError(ServiceError, ValueError):
    """An instrument did not load (unknown id: exit 2; invalid file: exit 1); ``diagnostics`` say why."""

    def __init__(self, diagnostics: list[Diagnostic], text: str | None, exit_code: int = EXIT_FINDINGS):
        texts = {d.file: text for d in diagnostics} if text is not None else {}
        super().__init__(diagnostics, texts, exit_code)


def usage(code: str, message: str, location: str = "", hint: str | None = None) -> ServiceError:
    """A usage error (exit status 2) with one diagnostic."""
    return ServiceError([Diagnostic(code, message, location, hint=hint)], exit_code=EXIT_USAGE)


def from_exception(exc: BaseException, exit_code: int = EXIT_FINDINGS) -> ServiceError | None:
    """The :class:`ServiceError` for an analysis exception, or None when ``exc`` is not bad input."""
    if isinstance(exc, ServiceError):
        return exc
    from servanda.analyses.credibility.diagnostics import CredibilityError
    from servanda.analyses.packages.diagnostics import PackageError
    from servanda.analyses.ratification.diagnostics import AnalysisError
    from servanda.evaluation.results import EvaluationError

    if isinstance(exc, AnalysisError):
        return ServiceError(exc.diagnostics, exit_code=exit_code)
    if isinstance(exc, PackageError):
        return ServiceError(exc.diagnostics, exc.texts, exit_code)
    if isinstance(exc, CredibilityError):
        d = exc.diagnostic
        return usage(d.code, str(d.message), "", d.hint)
    if isinstance(exc, EvaluationError):
        return usage("E302", str(exc))
    return None


@contextmanager
def translated(exit_code: int = EXIT_FINDINGS) -> Iterator[None]:
    """Re-raise the analyses' exceptions as :class:`ServiceError` (with ``exit_code``)."""
    try:
        yield
    except ServiceError:
        raise
    except Exception as exc:
        error = from_exception(exc, exit_code)
        if error is None:
            raise
        raise error from exc
