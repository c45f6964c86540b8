"""The service layer's errors: :class:`ServiceError` is a :class:`~servanda.diagnostics.ServandaError` with an exit status.

Every service raises :class:`ServiceError` (or its subclass :class:`InstrumentError`) for bad input: it
carries the coded diagnostics (the one :class:`~servanda.diagnostics.Diagnostic`), the source texts to render
them against, and the exit status a command line should use (1: the input is invalid; 2: a usage error
such as an unknown id or a bad option value). The analyses raise plain ``ServandaError``;
:func:`translated` gives them the exit status of the task at hand.

Example:
    >>> err = usage("E101", "no such file or bundled id `x`", "x", "`servanda library` lists bundled ids")
    >>> err.exit_code, err.code
    (2, 'E101')
    >>> err.to_json()["diagnostics"][0]["code"]
    'E101'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from servanda.diagnostics import Diagnostic, ServandaError, render

#: Exit statuses shared by every interface.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_SOFTWARE = 0, 1, 2, 70


def render_diagnostic(diagnostic: Diagnostic, texts: Mapping[str, str | None] | None = None) -> str:
    """Plain-text rendering (the one renderer), with the source line when the file's text is in ``texts``."""
    return render(diagnostic, (texts or {}).get(diagnostic.file))


def severity_of(diagnostic: Diagnostic) -> str:
    """``error`` or ``warning`` (a note counts as a warning)."""
    return "error" if diagnostic.severity == "error" else "warning"


class ServiceError(ServandaError):
    """Bad input: coded diagnostics, the texts to render them, and the exit status for a command line."""

    def __init__(
        self,
        diagnostics: Diagnostic | Iterable[Diagnostic],
        texts: Mapping[str, str | None] | None = None,
        exit_code: int = EXIT_FINDINGS,
    ):
        super().__init__(diagnostics, texts)
        self.exit_code = exit_code

    def to_json(self) -> dict[str, Any]:
        """``{"exit_code": .., "diagnostics": [...]}`` (each diagnostic's ``to_json()``)."""
        return {"exit_code": self.exit_code, "diagnostics": [d.to_json() for d in self.diagnostics]}


class InstrumentError(ServiceError, ValueError):
    """An instrument did not load (unknown id: exit 2; invalid file: exit 1); ``diagnostics`` say why."""

    def __init__(self, diagnostics: list[Diagnostic], text: str | None, exit_code: int = EXIT_FINDINGS):
        texts = {d.file: text for d in diagnostics} if text is not None else {}
        super().__init__(diagnostics, texts, exit_code)


def usage(code: str, message: str, location: str = "", hint: str | None = None) -> ServiceError:
    """A usage error (exit status 2) with one diagnostic."""
    return ServiceError([Diagnostic(code, message, location, hint=hint)], exit_code=EXIT_USAGE)


def from_exception(exc: BaseException, exit_code: int = EXIT_FINDINGS) -> ServiceError | None:
    """The :class:`ServiceError` for a :class:`ServandaError` (with ``exit_code``), or None for any other exception."""
    if isinstance(exc, ServiceError):
        return exc
    if isinstance(exc, ServandaError):
        return ServiceError(exc.diagnostics, exc.texts, exit_code)
    return None


@contextmanager
def translated(exit_code: int = EXIT_FINDINGS) -> Iterator[None]:
    """Re-raise a :class:`ServandaError` from the layers below as :class:`ServiceError` with ``exit_code``."""
    try:
        yield
    except ServiceError:
        raise
    except ServandaError as exc:
        raise ServiceError(exc.diagnostics, exc.texts, exit_code) from exc
