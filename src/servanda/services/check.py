"""``check``: validate instrument files, and package, scenario and stance files by their ``format:`` key.

Example:
    >>> result = check(["tests/diagnostics/fixtures/_valid.yaml"])
    >>> result.errors, result.files[0].kind
    (0, 'instrument')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servanda.diagnostics import ServandaError
from servanda.services._inputs import require_name
from servanda.services.errors import ServiceError, severity_of, usage

#: ``format:`` prefixes and the kind of file they name.
FORMATS = {
    "servanda-package/": "package",
    "servanda-scenario/": "scenario",
    "servanda-stances/": "stances",
    "servanda-case/": "case",
    "servanda-test/": "test",
}


@dataclass
class FileCheck:
    """The diagnostics of one checked file (``report`` is the instrument checker's, for instruments)."""

    file: str
    kind: str
    diagnostics: list[Any] = field(default_factory=list)
    instrument: str | None = None
    text: str | None = None
    report: Any = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if severity_of(d) == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if severity_of(d) == "warning")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "instrument": self.instrument}
        if self.kind != "instrument":
            data["kind"] = self.kind
        data.update(
            errors=self.errors,
            warnings=self.warnings,
            diagnostics=[d.to_json() for d in self.diagnostics],
        )
        return data


@dataclass
class CheckResult:
    """Every checked file; ``errors``/``warnings`` are totals. ``strict`` makes warnings fail."""

    files: list[FileCheck]
    strict: bool = False
    skipped: int = 0

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    @property
    def diagnostics(self) -> list[Any]:
        """Every diagnostic of every file."""
        return [d for f in self.files for d in f.diagnostics]

    @property
    def failed(self) -> bool:
        """True when there are errors, or warnings under ``strict``."""
        return bool(self.errors or (self.strict and self.warnings))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "servanda-check/1",
            "files": [f.to_json() for f in self.files],
            "errors": self.errors,
            "warnings": self.warnings,
        }


def file_format(path: Path) -> str:
    """The kind of a YAML file by its ``format:`` key (``instrument`` when it has none we know)."""
    from servanda.io.reader import read_head

    head = read_head(path, 3000)  # the hardened reader: a FIFO or device in a folder never hangs
    for line in head.splitlines():
        stripped = line.strip()
        if stripped.startswith("format:"):
            value = stripped.partition(":")[2].strip().strip("'\"")
            for prefix, kind in FORMATS.items():
                if value.startswith(prefix):
                    return kind
    return "instrument"


def collect_files(paths: Sequence[str | Path]) -> tuple[list[Path], list[str], int]:
    """Files named by ``paths`` (folders searched recursively for .yaml/.yml), names that do not exist, and
    the number of scenario-test files (``servanda-test/1``, run by pytest) skipped in folders."""
    from servanda.language.library import UnknownInstrument, resolve

    files: list[Path] = []
    missing: list[str] = []
    skipped = 0
    for name in paths:
        path = Path(require_name(name, "path"))
        if path.is_dir():
            for found in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
                if file_format(found) == "test":
                    skipped += 1
                else:
                    files.append(found)
        elif path.exists():
            files.append(path)
        else:
            try:
                files.append(resolve(str(path)))
            except UnknownInstrument:
                missing.append(str(path))
    return files, missing, skipped


def check_one(path: Path) -> FileCheck:
    """Check one file, dispatching on its ``format:`` key to the loader of that format."""
    kind = file_format(path)
    if kind == "instrument":
        from servanda.language.checker import check_file

        report = check_file(path)
        return FileCheck(
            report.file,
            "instrument",
            list(report.diagnostics),
            report.instrument.id if report.instrument else None,
            report.load.document.text,
            report,
        )
    if kind == "package":
        from servanda.analyses.packages.model import load_package

        loaded = load_package(path)
        return FileCheck(str(path), kind, list(loaded.diagnostics), text=loaded.texts.get(str(path)))
    if kind == "scenario":
        from servanda.analyses.packages.scenario import load_scenario

        try:
            scenario = load_scenario(path)
        except ServandaError as exc:
            return FileCheck(str(path), kind, list(exc.diagnostics), text=exc.texts.get(str(path)))
        return FileCheck(str(path), kind, list(getattr(scenario, "rejected", [])))
    if kind == "stances":
        from servanda.analyses.legislatures.stances import load_stances

        return _loaded_by(load_stances, path, kind)
    if kind == "case":
        from servanda.analyses.ratification.historical import load_case

        return _loaded_by(load_case, path, kind)
    return FileCheck(str(path), kind)  # scenario tests are run by pytest, not checked here


def _loaded_by(load: Callable[[Path], object], path: Path, kind: str) -> FileCheck:
    """The check of a file whose loader raises :class:`ServandaError` for every problem (stances, cases)."""
    try:
        load(path)
    except ServandaError as exc:
        return FileCheck(str(path), kind, list(exc.diagnostics))
    return FileCheck(str(path), kind)


def check(paths: str | Path | Sequence[str | Path], *, strict: bool = False) -> CheckResult:
    """Check files, folders or bundled ids like a compiler: every problem, with code, location and fix.

    Unknown names and an empty selection raise :class:`ServiceError` (E101, exit 2).
    """
    if isinstance(paths, str | Path):
        names: list[str | Path] = [paths]
    elif isinstance(paths, list | tuple):
        names = list(paths)
    else:
        raise TypeError(
            "check needs a path or bundled id (str or pathlib.Path) or a list of them, "
            f"not {type(paths).__name__}"
        )
    if not names:
        raise TypeError("check needs a path, a bundled id or a list of them, not an empty list")
    files, missing, skipped = collect_files(names)
    for name in missing:
        raise usage(
            "E101", f"no such file, folder or bundled id `{name}`", "", "`servanda library` lists bundled ids"
        )
    if not files:
        hint = (
            f"the folder holds only scenario test files ({skipped}, format servanda-test/1): pytest runs them"
            if skipped
            else "name .yaml files or folders that contain them"
        )
        raise usage("E101", "no instrument files found", "", hint)
    return CheckResult([check_one(f) for f in files], strict, skipped)


__all__ = ["CheckResult", "FileCheck", "ServiceError", "check"]
