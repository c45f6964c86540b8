"""Adapter from instrument files and package folders to :class:`GuaranteeSpec` records.

Reads instruments with :func:`servanda.language.loader.load_instrument` (the project's loader)
and keeps only what the analyses need: id, title, legal form, signature date, the guarantor
parties (one spec per guarantor state), term, withdrawal notice and withdrawal locks.

The input may be an instrument file, a bundled instrument id (``nato.nat`` or ``nato.nat@1949``,
resolved with :func:`servanda.language.library.resolve`), a package, or a folder of instrument
files. A *package* (``format: servanda-package/1``: a ``package.yaml`` or a folder holding one) is
read by :func:`servanda.analyses.packages.model.load_package`, so its problems carry the same
located diagnostics as ``servanda package`` (``P805 --> package.yaml:25:12 … did you mean``). A
folder without ``package.yaml`` contributes every instrument file (``format: servanda/1``) in it.

A guarantor state without a bundled jurisdiction file is reported (R501) at its ``state`` in
the instrument file. A path that does not exist and is no bundled id raises
:class:`InputNotFound` (R510, with a suggestion), which the CLI reports with exit status 2.

Example:
    >>> from pathlib import Path
    >>> name, specs, notes = specs_from_path(Path("src/servanda/data/library/nato_nat_1949.yaml"))
    >>> specs[0].jurisdiction, specs[0].legal_form, specs[0].locks
    ('USA', 'treaty', ('senate_two_thirds', 'act_of_congress'))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from servanda.analyses.legislatures.jurisdictions import jurisdiction_codes, unknown_jurisdiction
from servanda.analyses.packages.model import MANIFEST, PACKAGE_FORMAT, load_package
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.yaml_source import SourceDocument, read_source


@dataclass(frozen=True)
class GuaranteeSpec:
    """The few instrument fields the analyses need (adapter target for the instrument model)."""

    instrument_id: str
    title: str
    jurisdiction: str
    legal_form: str
    signed: date | None = None
    term_years: float | None = None
    notice_months: float | None = None
    locks: tuple[str, ...] = ()
    source: str = ""


_YEAR_FACTORS = {
    "hours": 1 / (24 * 365.25),
    "days": 1 / 365.25,
    "weeks": 7 / 365.25,
    "months": 1 / 12,
    "years": 1.0,
}
_MONTH_FACTORS = {
    "hours": 1 / (24 * 30.4375),
    "days": 1 / 30.4375,
    "weeks": 7 / 30.4375,
    "months": 1.0,
    "years": 12.0,
}


def _unit(d: Any) -> str:
    unit = getattr(d, "unit", None)
    return str(getattr(unit, "value", unit))


def _years(d: Any) -> float | None:
    if d is None or isinstance(d, str):
        return None
    return float(d.amount) * _YEAR_FACTORS[_unit(d)]


def _months(d: Any) -> float | None:
    if d is None or isinstance(d, str):
        return None
    return float(d.amount) * _MONTH_FACTORS[_unit(d)]


def specs_from_instrument(
    instrument: Any, source: str, document: SourceDocument | None = None
) -> list[GuaranteeSpec]:
    """One spec per guarantor state of an instrument (R505, at its parties, if it names no guarantor state)."""
    guarantors = [
        p.state for p in instrument.parties if "guarantor" in [getattr(r, "value", r) for r in p.roles]
    ]
    states = [g for g in guarantors if not g.startswith("org:")]
    if not states:
        raise ServandaError.one(
            "R505",
            f"instrument `{instrument.id}` has no guarantor state, so no jurisdiction to analyse",
            source,
            document.key_span_of(("parties",)) if document is not None else None,
            hint="give a party `roles: [guarantor]` with an ISO3 `state` (organisations have no ratification route)",
        )
    term = instrument.term
    locks = [lk for lk in getattr(term, "locks", [])]
    withdrawal = getattr(term, "withdrawal", None)
    notice = _months(getattr(withdrawal, "notice", None)) if withdrawal is not None else None
    out = []
    for state in dict.fromkeys(states):
        reqs = tuple(getattr(r, "value", str(r)) for lk in locks if lk.state == state for r in lk.requires)
        out.append(
            GuaranteeSpec(
                instrument_id=instrument.id,
                title=getattr(instrument, "short_title", None) or instrument.title,
                jurisdiction=state,
                legal_form=getattr(instrument.legal_form.kind, "value", str(instrument.legal_form.kind)),
                signed=instrument.signed,
                term_years=_years(term.length),
                notice_months=notice,
                locks=reqs,
                source=source,
            )
        )
    return out


class InputNotFound(ServandaError):
    """The input names no file, folder or bundled instrument id (R510; exit status 2 in the CLI)."""


def resolve_input(name: str | Path) -> Path:
    """An existing path, or the library file of a bundled instrument id; :class:`InputNotFound` otherwise."""
    from servanda.language.library import UnknownInstrument, resolve

    try:
        return resolve(name)
    except UnknownInstrument as exc:
        hint = f"did you mean `{exc.suggestion}`? " if exc.suggestion else ""
        raise InputNotFound(
            [
                Diagnostic(
                    "R510",
                    f"no such file, folder or bundled instrument id `{name}`",
                    str(name),
                    hint=hint + "pass an instrument YAML, a package folder such as examples/ukraine-2025, "
                    "or a bundled id (`servanda library` lists them)",
                )
            ]
        ) from None


def _unknown_guarantors(instrument: Any, path: Path, document: SourceDocument | None) -> list[Diagnostic]:
    """R501 for each guarantor state without a jurisdiction file, at its ``state`` in the file."""
    known = set(jurisdiction_codes())
    out: list[Diagnostic] = []
    for i, party in enumerate(instrument.parties):
        state = party.state
        roles = [getattr(r, "value", r) for r in party.roles]
        if "guarantor" not in roles or state.startswith("org:") or state in known:
            continue
        doc = document if document is not None else read_source(path)
        base = unknown_jurisdiction(state, str(path))
        out.append(
            Diagnostic("R501", base.message, str(path), doc.span_of(("parties", i, "state")), hint=base.hint)
        )
    return out


def _load(path: Path) -> tuple[Any, SourceDocument]:
    from servanda.language.loader import load_instrument

    result = load_instrument(path)
    if result.instrument is None:
        raise ServandaError(
            [d for d in result.diagnostics if d.severity == "error"]
            or [
                Diagnostic(
                    "R510", "not an instrument file", str(path), hint="run `servanda check` on the file"
                )
            ],
            {str(path): result.document.text},
        )
    return result.instrument, result.document


def _format_of(path: Path) -> str | None:
    data = read_source(path).data  # the hardened reader: size, encoding and nesting checked first
    return data.get("format") if isinstance(data, dict) else None


def _from_package(path: Path) -> tuple[str, list[GuaranteeSpec], list[Diagnostic]]:
    """Specs of a ``servanda-package/1`` package, with the package loader's located diagnostics."""
    loaded = load_package(path)
    if loaded.package is None:
        raise ServandaError([d for d in loaded.diagnostics if d.severity == "error"], loaded.texts)
    notes = [d for d in loaded.diagnostics if d.severity != "error"]
    specs: list[GuaranteeSpec] = []
    errors: list[Diagnostic] = []
    for item in loaded.package.instruments:
        unknown = _unknown_guarantors(item.instrument, item.path, None)
        if unknown:
            errors.extend(unknown)
            continue
        try:
            specs.extend(specs_from_instrument(item.instrument, str(item.path)))
        except ServandaError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise ServandaError(errors)
    return loaded.package.spec.id, specs, notes


def specs_from_path(path: str | Path) -> tuple[str, list[GuaranteeSpec], list[Diagnostic]]:
    """(package name, specs, notes) for an instrument file or id, a package, or a folder of instruments."""
    path = resolve_input(path)
    if path.is_dir():
        if (path / MANIFEST).is_file():
            return _from_package(path)
        name = path.name
        files = sorted(
            p for p in [*path.glob("*.yaml"), *path.glob("*.yml")] if _format_of(p) == "servanda/1"
        )
        if not files:
            raise ServandaError.one(
                "R510",
                "the folder holds no instrument files",
                str(path),
                hint=f"pass an instrument YAML (`format: servanda/1`), a package (`{MANIFEST}`, "
                f"`format: {PACKAGE_FORMAT}`) or a folder of instrument files",
            )
    elif _format_of(path) == PACKAGE_FORMAT:
        return _from_package(path)
    else:
        name, files = path.stem, [path]
    specs: list[GuaranteeSpec] = []
    errors: list[Diagnostic] = []
    for f in files:
        try:
            instrument, document = _load(f)
            unknown = _unknown_guarantors(instrument, f, document)
            if unknown:
                errors.extend(unknown)
                continue
            specs.extend(specs_from_instrument(instrument, str(f), document))
        except ServandaError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise ServandaError(errors)
    return name, specs, []
