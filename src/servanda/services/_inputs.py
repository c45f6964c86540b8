"""Plain-input coercion shared by the services: instrument names, dates, paths.

Example:
    >>> as_date("2026-01-01", "as_of")
    datetime.date(2026, 1, 1)
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services.errors import InstrumentError, ServiceError, usage

if TYPE_CHECKING:
    from servanda.model.instrument import Instrument


def require_name(name: Any, what: str = "instrument") -> str | Path:
    """``name`` if it is a path or a string, else a TypeError naming the accepted types."""
    if isinstance(name, str | Path) and str(name):
        return name
    raise TypeError(
        f"{what} must be a bundled id or a path (str or pathlib.Path), not {type(name).__name__}"
        + (" (empty)" if isinstance(name, str | Path) else "")
    )


def as_date(value: Any, option: str, code: str = "E205") -> date | None:
    """A ``date`` from a date, datetime or ISO string (``None`` stays None); bad strings and dates outside
    the supported range (``servanda.model.periods.MIN_DATE``..``MAX_DATE``) are coded errors."""
    from servanda.model.periods import date_range_problem

    if value is None:
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise usage(code, f"`{option} {value}` is not a valid date", "", "write YYYY-MM-DD") from None
    else:
        raise TypeError(
            f"{option} must be a date, a datetime or an ISO string YYYY-MM-DD, not {type(value).__name__}"
        )
    problem = date_range_problem(day)
    if problem is not None:
        raise usage(
            code, f"`{option} {day.isoformat()}`: {problem}", "", "write a date between 1800 and 2200"
        )
    return day


def resolve_instrument(name: str | Path, what: str = "instrument") -> Path:
    """The file of a path or bundled id; an unknown one is E101 (exit 2) with a suggestion."""
    from servanda.diagnostics import Diagnostic
    from servanda.language.library import UnknownInstrument, resolve

    require_name(name, what)
    try:
        return resolve(name)
    except UnknownInstrument as exc:
        hint = (
            f"did you mean `{exc.suggestion}`?" if exc.suggestion else "`servanda library` lists bundled ids"
        )
        diagnostic = Diagnostic("E101", f"no such {what} file or bundled id `{name}`", "", hint=hint)
        raise InstrumentError([diagnostic], None, exit_code=2) from exc


def load_instrument_file(name: str | Path, what: str = "instrument") -> tuple[Instrument, Path]:
    """Resolve and load an instrument; invalid files raise :class:`InstrumentError` (exit 1)."""
    from servanda.language.loader import load_instrument

    path = resolve_instrument(name, what)
    result = load_instrument(path)
    if result.instrument is None:
        raise InstrumentError(result.diagnostics, result.document.text)
    return result.instrument, path


__all__ = ["ServiceError", "as_date", "load_instrument_file", "require_name", "resolve_instrument"]
