"""Diagnostic codes P801–P816 of packages and scenarios.

:func:`register_codes` adds them to the central catalogue (``servanda.analyses`` calls it on import), so
package findings are ordinary :class:`~servanda.language.diagnostics.Diagnostic` objects; the table with
message, minimal example and fix is at the end of ``docs/packages.md`` and in ``docs/errors.md``.

Example:
    >>> import servanda.analyses
    >>> d = PackageDiagnostic("P805", "no instrument file `usa.yml`", "pkg/package.yaml", hint="did you mean `usa.yaml`?")
    >>> print(render(d, None))
    error[P805]: no instrument file `usa.yml`
      --> pkg/package.yaml
      = help: did you mean `usa.yaml`?
"""

from __future__ import annotations

from typing import Literal

from servanda.language.diagnostics import Diagnostic, render

Severity = Literal["error", "warning"]

#: code -> (severity, title, explanation, fix)
CODES: dict[str, tuple[Severity, str, str, str]] = {
    "P801": (
        "error",
        "package not found",
        "The path is neither a package file nor a folder holding `package.yaml`.",
        "Pass a `package.yaml` (format `servanda-package/1`) or the folder that holds one.",
    ),
    "P802": (
        "error",
        "not a package file",
        "The file cannot be read as YAML, or its `format` is not `servanda-package/1`.",
        "Start the file with `format: servanda-package/1`; fix the YAML error shown.",
    ),
    "P803": (
        "error",
        "unknown key in package file",
        "The key is not part of the package format at this place.",
        "Use one of the keys listed (id, title, illustrative, illustrative_note, beneficiary, ceasefire_date, "
        "instruments, sources; instrument entries take `file` or `id`).",
    ),
    "P804": (
        "error",
        "missing or invalid value in package file",
        "A required key is missing, or a value has the wrong type (e.g. a date that does not exist, a "
        "beneficiary that is not an ISO 3166 alpha-3 code).",
        "Add the key, or write the value in the form shown.",
    ),
    "P805": (
        "error",
        "instrument file not found",
        "An entry of `instruments` names a file that does not exist (paths are relative to the package file).",
        "Correct the file name (the closest existing file is suggested) or remove the entry.",
    ),
    "P806": (
        "error",
        "unknown instrument id",
        "An entry `{id: ...}` names an id that is not in the bundled library.",
        "Use an id listed by `servanda library`, or `file:` for an instrument file.",
    ),
    "P807": (
        "error",
        "instrument does not load",
        "The instrument file has errors (shown as notes) or a geometry it names cannot be read.",
        "Run `servanda check` on the file and fix what it reports.",
    ),
    "P808": (
        "error",
        "instrument does not protect the package beneficiary",
        "The package names a beneficiary, but this instrument has no party with role `beneficiary` for it, "
        "so none of its obligations can answer an attack on the beneficiary.",
        "Give the beneficiary `roles: [beneficiary]` in the instrument, or remove it from the package.",
    ),
    "P809": (
        "warning",
        "instrument without a guarantor",
        "No party other than the beneficiary has the role `guarantor`: the instrument adds no guarantor to "
        "the package.",
        "Give the guaranteeing state `roles: [party, guarantor]`.",
    ),
    "P810": (
        "warning",
        "instrument listed twice",
        "The same instrument (file or id) appears twice in `instruments`; it is analysed once.",
        "Remove the repeated entry.",
    ),
    "P811": (
        "error",
        "illustrative package without a note",
        "`illustrative: true` needs `illustrative_note` saying what the package is and what it is modelled on.",
        "Add `illustrative_note:` with the reporting the package is modelled on.",
    ),
    "P812": (
        "error",
        "scenario without a date",
        "A scenario event has no `date`, or `--attack-at` was given without `--date`: no trigger can be "
        "evaluated and no deadline computed without one.",
        "Give every event `date: YYYY-MM-DD`, or pass `--date YYYY-MM-DD` with `--attack-at`.",
    ),
    "P813": (
        "error",
        "scenario has no usable events",
        "The scenario file cannot be read, is not `format: servanda-scenario/1` with `events:`, or every event "
        "was rejected.",
        "Write `events:` as a list of canonical events (docs/format.md#event); fix the rejected rows shown.",
    ),
    "P814": (
        "error",
        "invalid scenario option",
        "`--attack-at` is not `LON,LAT` within range, `--date` is not a date, `--class` is not an event "
        "class, or an actor/target is not an ISO3 code.",
        "Write e.g. `--attack-at 35.14,47.84 --date 2026-03-05 --class missile_strike --actor RUS`.",
    ),
    "P815": (
        "error",
        "invalid probability option",
        "`--correlation` must be between 0 and 1, `--level` between 0 and 1 exclusive.",
        "Pass e.g. `--correlation 0.3`.",
    ),
    "P816": (
        "warning",
        "instrument not in force on the scenario date",
        "The instrument is proposed, signed but not in force, or terminated on the date of the scenario; it "
        "is evaluated as if it were in force.",
        "Read the answer as what the instrument would require if it were in force.",
    ),
}


def severity(code: str) -> Severity:
    """Severity of a P8xx code."""
    return CODES[code][0]


def register_codes() -> None:
    """Add the P8xx codes to the central catalogue (so ``servanda.language.diagnostics.Diagnostic`` accepts them)."""
    from servanda.language.catalogue import register

    for code, (sev, title, explanation, fix) in CODES.items():
        register(code, title, explanation, fix, sev)


#: Package findings are ordinary diagnostics: the P8xx codes are registered in the central catalogue.
PackageDiagnostic = Diagnostic


class PackageError(Exception):
    """Raised with the diagnostics that stop an analysis (and the source texts to render them)."""

    def __init__(self, diagnostics: list[PackageDiagnostic], texts: dict[str, str | None] | None = None):
        self.diagnostics = diagnostics
        self.texts = texts or {}
        super().__init__("\n".join(render(d, self.texts.get(d.file)) for d in diagnostics))
