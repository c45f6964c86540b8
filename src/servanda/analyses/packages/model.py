"""The package format ``servanda-package/1`` and its loader (diagnostics P801–P811).

A package lists several instruments guaranteeing one beneficiary::

    format: servanda-package/1
    id: ukraine2025.package@2025-12
    title: Bilateral security guarantees to Ukraine (illustrative)
    illustrative: true
    illustrative_note: "..."
    beneficiary: UKR
    ceasefire_date: 2025-12-14
    instruments:
      - {file: usa.yaml}                       # relative to the package file
      - {id: gbr_ukr.security_cooperation@2024}  # or a bundled library id
    sources: [{id: ..., citation: ..., url: ...}]

Example:
    >>> loaded = load_package("no/such/folder")
    >>> loaded.ok, loaded.diagnostics[0].code
    (False, 'P801')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from servanda.analyses.query import beneficiaries, guarantors
from servanda.diagnostics import Diagnostic
from servanda.diagnostics import render as render_instrument_diagnostic
from servanda.io.yaml_source import SourceDocument, read_source
from servanda.language.checker import check_file
from servanda.language.library import UnknownInstrument, resolve
from servanda.language.loader import validation_diagnostics
from servanda.model.codes import PartyCode, suggest
from servanda.model.instrument import Instrument, Source
from servanda.semantics.geometry import NamedGeometry

PACKAGE_FORMAT = "servanda-package/1"
MANIFEST = "package.yaml"


class InstrumentEntry(BaseModel):
    """One instrument of the package: a file (relative to the package file) or a bundled id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = Field(default=None, description="Instrument file, relative to the package file.")
    id: str | None = Field(
        default=None, description="Bundled library id, e.g. `gbr_ukr.security_cooperation@2024`."
    )

    @model_validator(mode="after")
    def _one(self) -> InstrumentEntry:
        if (self.file is None) == (self.id is None):
            raise ValueError("an instrument entry has exactly one of `file` or `id`")
        return self


class PackageFile(BaseModel):
    """The package file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str
    id: str = Field(min_length=1)
    title: str = Field(min_length=3)
    illustrative: bool = False
    illustrative_note: str | None = None
    beneficiary: PartyCode
    ceasefire_date: dt.date | None = None
    instruments: list[InstrumentEntry] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    note: str | None = None


@dataclass
class PackageInstrument:
    """A loaded instrument of the package."""

    entry: InstrumentEntry
    path: Path
    instrument: Instrument
    geometries: dict[str, NamedGeometry]
    text: str | None

    @property
    def guarantors(self) -> list[str]:
        """Guarantor states of the instrument."""
        return guarantors(self.instrument)


@dataclass
class Package:
    """A validated package with its instruments loaded."""

    file: Path
    spec: PackageFile
    instruments: list[PackageInstrument]

    @property
    def beneficiary(self) -> str:
        """The state the package protects."""
        return self.spec.beneficiary

    def guarantor_states(self) -> list[str]:
        """Every guarantor state (other than the beneficiary), in package order."""
        out: list[str] = []
        for item in self.instruments:
            out += [g for g in item.guarantors if g != self.beneficiary and not g.startswith("org:")]
        return list(dict.fromkeys(out))


@dataclass
class PackageLoad:
    """The outcome of :func:`load_package`: the package (if no error) and every diagnostic."""

    file: str
    package: Package | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, str | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the package loaded (warnings may remain)."""
        return self.package is not None

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == "error"]


def package_file(path: str | Path) -> Path | None:
    """The package file named by ``path`` (the file itself, or ``package.yaml`` in a folder)."""
    p = Path(path)
    if p.is_dir():
        manifest = p / MANIFEST
        return manifest if manifest.is_file() else None
    return p if p.is_file() else None


def unreadable_yaml(
    code: str, what: str, path: str, doc: SourceDocument, hint: str | None = None
) -> Diagnostic:
    """One diagnostic for a package or scenario file the YAML reader refused, its problems as notes."""
    return Diagnostic(
        code,
        f"the {what} file is not readable YAML",
        path,
        doc.diagnostics[0].span if doc.diagnostics else None,
        notes=tuple(f"{d.code} {d.location}: {d.message}" for d in doc.diagnostics),
        hint=hint,
    )


def load_package(path: str | Path) -> PackageLoad:
    """Read and validate a package and load its instruments. Never raises for bad input."""
    file = package_file(path)
    if file is None:
        hint = (
            f"the folder has no `{MANIFEST}`; create one with `format: {PACKAGE_FORMAT}`"
            if Path(path).is_dir()
            else "pass a package file or a folder such as examples/ukraine-2025"
        )
        return PackageLoad(
            str(path),
            diagnostics=[Diagnostic("P801", f"no package at `{path}`", str(path), hint=hint)],
        )
    doc = read_source(file)
    result = PackageLoad(str(file), texts={str(file): doc.text})
    if doc.data is None or doc.diagnostics:
        result.diagnostics.append(
            unreadable_yaml("P802", "package", str(file), doc, hint="fix the YAML problem shown")
        )
        return result
    data = doc.data
    if not isinstance(data, dict) or data.get("format") != PACKAGE_FORMAT:
        shown = data.get("format") if isinstance(data, dict) else None
        span = doc.span_of(("format",)) if isinstance(data, dict) and "format" in data else None
        what = "no `format` key" if shown is None else f"format `{shown}`"
        result.diagnostics.append(
            Diagnostic(
                "P802",
                f"{what}; a package file has `format: {PACKAGE_FORMAT}`",
                str(file),
                span,
                hint=f"write `format: {PACKAGE_FORMAT}` as the first line",
            )
        )
        return result
    try:
        spec = PackageFile.model_validate(data)
    except ValidationError as exc:
        result.diagnostics.extend(_translate(exc, doc))
        return result
    if spec.illustrative and not spec.illustrative_note:
        result.diagnostics.append(
            Diagnostic(
                "P811",
                "an illustrative package needs `illustrative_note`",
                str(file),
                doc.key_span_of(("illustrative",)),
                hint="say what the package is and what reporting it is modelled on",
            )
        )
    items = _load_instruments(spec, file, doc, result)
    if not result.errors:
        result.package = Package(file, spec, items)
    return result


def _translate(exc: ValidationError, doc: SourceDocument) -> list[Diagnostic]:
    """The loader's located translation (unknown key → P803, every other schema problem → P804)."""
    out = []
    general = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if len(loc) >= 2 and loc[0] == "instruments" and str(error["type"]) == "model_type":
            shown = error.get("input")
            example = f"- {{file: {shown}}}" if isinstance(shown, str) else "- {file: usa.yaml}"
            out.append(
                Diagnostic(
                    "P804",
                    f"instruments[{loc[1]}] is not an entry `{{file: ...}}` or `{{id: ...}}`",
                    doc.file,
                    doc.span_of(loc[:2]),
                    hint=f"write `{example}` (a file relative to the package file) or `- {{id: nato.nat@1949}}`",
                )
            )
        else:
            general.append(error)
    for d in validation_diagnostics(general, doc, PackageFile):
        hint = d.hint.replace("docs/format.md", "docs/packages.md") if d.hint else None
        out.append(replace(d, code="P803" if d.code == "E201" else "P804", hint=hint))
    return out


def _load_instruments(
    spec: PackageFile, file: Path, doc: SourceDocument, result: PackageLoad
) -> list[PackageInstrument]:
    items: list[PackageInstrument] = []
    seen: dict[str, int] = {}
    folder = file.parent
    for k, entry in enumerate(spec.instruments):
        where = ("instruments", k, "file" if entry.file is not None else "id")
        span = doc.span_of(where)
        crumb = f"instruments[{k}]"
        if entry.file is not None:
            path = folder / entry.file
            if not path.is_file():
                choices = sorted(p.name for p in folder.glob("*.y*ml") if p.name != MANIFEST)
                close = suggest(Path(entry.file).name, choices)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else ("files here: " + ", ".join(choices) if choices else None)
                )
                result.diagnostics.append(
                    Diagnostic("P805", f"no instrument file `{entry.file}`", str(file), span, crumb, hint)
                )
                continue
        else:
            assert entry.id is not None
            try:
                path = resolve(entry.id)
            except UnknownInstrument as exc:
                hint = (
                    f"did you mean `{exc.suggestion}`?"
                    if exc.suggestion
                    else "`servanda library` lists the bundled ids"
                )
                result.diagnostics.append(
                    Diagnostic("P806", f"unknown instrument id `{entry.id}`", str(file), span, crumb, hint)
                )
                continue
        key = str(path.resolve())
        if key in seen:
            result.diagnostics.append(
                Diagnostic(
                    "P810",
                    f"`{entry.file or entry.id}` is listed twice (first at instruments[{seen[key]}])",
                    str(file),
                    span,
                    crumb,
                    "remove the repeated entry",
                )
            )
            continue
        seen[key] = k
        report = check_file(path)
        result.texts[str(path)] = report.load.document.text
        if report.instrument is None or report.errors:
            errors = [d for d in report.diagnostics if d.severity == "error"]
            notes = tuple(
                render_instrument_diagnostic(d, report.load.document.text).splitlines()[0]
                + f" ({d.location})"
                for d in errors[:5]
            )
            result.diagnostics.append(
                Diagnostic(
                    "P807",
                    f"instrument `{entry.file or entry.id}` has {len(errors)} error(s)",
                    str(file),
                    span,
                    crumb,
                    f"run `servanda check {path}`",
                    notes,
                )
            )
            continue
        instrument = report.instrument
        geometries: dict[str, NamedGeometry] = dict(report.geometries)
        if spec.beneficiary not in beneficiaries(instrument):
            result.diagnostics.append(
                Diagnostic(
                    "P808",
                    f"`{instrument.id}` does not name the package beneficiary {spec.beneficiary} as a beneficiary",
                    str(file),
                    span,
                    crumb,
                    f"add `{{state: {spec.beneficiary}, roles: [party, beneficiary]}}` to its parties, or remove it from the package",
                )
            )
            continue
        if not [g for g in guarantors(instrument) if g != spec.beneficiary]:
            result.diagnostics.append(
                Diagnostic(
                    "P809",
                    f"`{instrument.id}` names no guarantor besides the beneficiary",
                    str(file),
                    span,
                    crumb,
                    "give the guaranteeing state `roles: [party, guarantor]`",
                )
            )
        items.append(PackageInstrument(entry, path, instrument, geometries, report.load.document.text))
    return items
