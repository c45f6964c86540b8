"""Adapter from instrument files and package folders to :class:`GuaranteeSpec` records.

Reads instruments with :func:`servanda.language.loader.load_instrument` (the project's loader)
and keeps only what the analyses need: id, title, legal form, signature date, the guarantor
parties (one spec per guarantor state), term, withdrawal notice and withdrawal locks.

A *package* is a folder. If it holds a ``package.yaml`` (``format: servanda-package/1``) its
``instruments`` list names the files (strings, or mappings with ``file``/``path``); otherwise
every instrument file (``format: servanda/1``) in the folder is taken.

Example:
    >>> from pathlib import Path
    >>> name, specs, notes = specs_from_path(Path("src/servanda/data/library/nato_nat_1949.yaml"))
    >>> specs[0].jurisdiction, specs[0].legal_form, specs[0].locks
    ('USA', 'treaty', ('senate_two_thirds', 'act_of_congress'))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from servanda.analyses.ratification.diagnostics import AnalysisError, Diagnostic
from servanda.analyses.ratification.package import GuaranteeSpec

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


def specs_from_instrument(instrument: Any, source: str) -> list[GuaranteeSpec]:
    """One spec per guarantor state of an instrument (R505 if it names no guarantor state)."""
    guarantors = [
        p.state for p in instrument.parties if "guarantor" in [getattr(r, "value", r) for r in p.roles]
    ]
    states = [g for g in guarantors if not g.startswith("org:")]
    if not states:
        raise AnalysisError.one(
            "R505",
            f"instrument `{instrument.id}` has no guarantor state, so no jurisdiction to analyse",
            source,
            "give a party `roles: [guarantor]` with an ISO3 `state` (organisations have no ratification route)",
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


def _load(path: Path) -> Any:
    from servanda.language.loader import load_instrument

    result = load_instrument(path)
    if result.instrument is None:
        raise AnalysisError(
            [
                Diagnostic(d.code, d.message, d.location, d.hint or "run `servanda check` on the file")
                for d in result.diagnostics
                if d.severity == "error"
            ]
            or [Diagnostic("R510", "not an instrument file", str(path), "run `servanda check` on the file")]
        )
    return result.instrument


def _format_of(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    return data.get("format") if isinstance(data, dict) else None


def _package_files(folder: Path) -> tuple[str, list[Path]]:
    manifest = folder / "package.yaml"
    if manifest.is_file():
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        entries = data.get("instruments", []) if isinstance(data, dict) else []
        files = []
        for i, e in enumerate(entries):
            rel = (
                e if isinstance(e, str) else (e.get("file") or e.get("path")) if isinstance(e, dict) else None
            )
            if not rel:
                raise AnalysisError.one(
                    "R510",
                    "package entry names no file",
                    f"{manifest}: instruments.{i}",
                    "write the instrument file name, e.g. `- us_guarantee.yaml`",
                )
            files.append((folder / rel).resolve())
        name = (
            str(data.get("id") or data.get("title") or folder.name) if isinstance(data, dict) else folder.name
        )
        return name, files
    files = sorted(
        p for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")] if _format_of(p) == "servanda/1"
    )
    return folder.name, files


def specs_from_path(path: Path) -> tuple[str, list[GuaranteeSpec], list[Diagnostic]]:
    """(package name, specs, notes) for an instrument file or a package folder."""
    if path.is_dir():
        name, files = _package_files(path)
        if not files:
            raise AnalysisError.one(
                "R510",
                "the folder holds no instrument files",
                str(path),
                "pass an instrument YAML (`format: servanda/1`) or a package folder",
            )
    elif path.is_file():
        name, files = path.stem, [path]
    else:
        raise AnalysisError.one(
            "R510",
            "no such file or folder",
            str(path),
            "pass an instrument YAML or a package folder such as examples/ukraine-2025",
        )
    specs: list[GuaranteeSpec] = []
    errors: list[Diagnostic] = []
    for f in files:
        if not f.is_file():
            errors.append(
                Diagnostic("R510", "package names a file that does not exist", str(f), "fix package.yaml")
            )
            continue
        try:
            specs.extend(specs_from_instrument(_load(f), str(f)))
        except AnalysisError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise AnalysisError(errors)
    return name, specs, []
