"""The bundled reference library and id resolution.

``servanda show nato.nat@1949`` and ``servanda show nato.nat`` (newest version) both resolve here.

Example:
    >>> from servanda.language.library import library_files, resolve
    >>> resolve("nato.nat@1949").name
    'nato_nat_1949.yaml'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.model.codes import suggest

LIBRARY_DIR = Path(__file__).resolve().parent.parent / "data" / "library"
_ID_LINE = re.compile(r"^id:\s*([^\s#]+)", re.MULTILINE)


def library_files() -> list[Path]:
    """Every bundled instrument file, sorted by name."""
    return sorted(LIBRARY_DIR.glob("*.yaml"))


@cache
def library_index() -> dict[str, Path]:
    """Instrument id → file, read from each file's top-level ``id:`` line."""
    out: dict[str, Path] = {}
    for path in library_files():
        match = _ID_LINE.search(path.read_text(encoding="utf-8"))
        if match:
            out[yaml.safe_load(match.group(1))] = path
    return out


class UnknownInstrument(ServandaError):
    """Neither a path nor a bundled id (E101, with the closest bundled id as ``suggestion``)."""

    def __init__(self, name: str, suggestion: str | None):
        hint = f"did you mean `{suggestion}`?" if suggestion else "`servanda library` lists bundled ids"
        super().__init__(Diagnostic("E101", f"no such file or bundled id `{name}`", name, hint=hint))
        self.name = name
        self.suggestion = suggestion


def resolve(name: str | Path) -> Path:
    """A path for ``name``: an existing path, a bundled id, or an id without its version (newest)."""
    path = Path(name)
    if path.exists():
        return path
    index = library_index()
    text = str(name)
    if text in index:
        return index[text]
    versions = sorted(i for i in index if i.split("@")[0] == text)
    if versions:
        return index[versions[-1]]
    close = suggest(text, set(index) | {i.split("@")[0] for i in index})
    raise UnknownInstrument(text, close[0] if close else None)
