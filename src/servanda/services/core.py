"""``show``, ``library`` and ``schema``: read-only views of instruments and the format.

Example:
    >>> show("nato.nat@1949").instrument.id
    'nato.nat@1949'
    >>> any(row["id"] == "nato.nat@1949" for row in library().rows)
    True
    >>> schema().to_json()["title"]
    'servanda instrument (servanda/1)'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import load_instrument_file

if TYPE_CHECKING:
    from servanda.model.instrument import Instrument


@dataclass
class ShowResult:
    """One instrument, loaded, and its file."""

    instrument: Instrument
    path: Path

    def to_json(self) -> dict[str, Any]:
        return dict(self.instrument.model_dump(mode="json", by_alias=True, exclude_none=True))


def show(name: str | Path) -> ShowResult:
    """Load an instrument by path or bundled id to show it (unknown: E101, exit 2; invalid: exit 1)."""
    instrument, path = load_instrument_file(name)
    return ShowResult(instrument, path)


@dataclass
class LibraryResult:
    """The bundled reference instruments, one row each (``id`` None for a file that does not load)."""

    rows: list[dict[str, Any]]

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in self.rows
        ]


def library() -> LibraryResult:
    """List the bundled reference instruments."""
    from servanda.language.library import library_files
    from servanda.language.loader import load_instrument

    rows: list[dict[str, Any]] = []
    for path in library_files():
        result = load_instrument(path)
        inst = result.instrument
        if inst is None:
            rows.append({"id": None, "file": str(path), "error": result.diagnostics[0].message})
            continue
        rows.append(
            {
                "id": inst.id,
                "title": inst.short_title or inst.title,
                "legal_form": inst.legal_form.kind.value,
                "status": inst.status.value,
                "signed": inst.signed,
                "parties": len(inst.parties),
                "clauses": len(inst.clauses),
                "file": path.name,
            }
        )
    return LibraryResult(rows)


@dataclass
class SchemaResult:
    """The JSON Schema of the instrument format."""

    schema: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.schema


def schema() -> SchemaResult:
    """The JSON Schema of the instrument format (for editors)."""
    from servanda.model.schema import instrument_schema

    return SchemaResult(dict(instrument_schema()))
