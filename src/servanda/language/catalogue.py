"""The catalogue of diagnostic codes: the single list ``docs/errors.md`` is generated from.

Codes never change meaning once published. ``E`` codes are errors (``servanda check`` exits 1),
``W`` codes warnings. Ranges: E1xx reading the file, E2xx the format, E3xx meaning;
W4xx warnings; later analyses add R5xx (ratification), D6xx (durability), C7xx (credibility),
P8xx (packages and scenarios), V9xx (events).

Example:
    >>> CATALOGUE["E301"].title
    'undefined reference'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class CodeInfo:
    """One entry of the catalogue."""

    code: str
    severity: Severity
    title: str
    explanation: str
    fix: str


def _entries(*items: tuple[str, str, str, str]) -> dict[str, CodeInfo]:
    out: dict[str, CodeInfo] = {}
    for code, title, explanation, fix in items:
        severity: Severity = "warning" if code.startswith("W") else "error"
        out[code] = CodeInfo(code, severity, title, explanation, fix)
    return out


CATALOGUE: dict[str, CodeInfo] = _entries(
    (
        "E101",
        "file cannot be read",
        "The path does not exist, is a folder without instrument files, or cannot be opened.",
        "Check the path; `servanda library` lists bundled ids you can use instead of a path.",
    ),
    (
        "E102",
        "file is not UTF-8",
        "Instrument files are UTF-8 text. The byte at the reported position is not valid UTF-8 "
        "(often a file saved as Windows-1252); a UTF-16 or UTF-32 file, or a binary file with NUL bytes, "
        "is named as such.",
        "Re-save the file as UTF-8 (e.g. `iconv -f cp1252 -t utf-8`).",
    ),
    (
        "E103",
        "file too large",
        "The file is larger than its limit (2 MiB for an instrument, package, scenario, stance or jurisdiction; "
        "2 MiB for events YAML, 256 MiB for events JSON, 2 GiB for events CSV, 64 MiB for GeoJSON), which guards against "
        "runaway input. The size is checked before the file is parsed.",
        "Split the instrument, or move bulky material (geometries, event data) into separate files.",
    ),
    (
        "E104",
        "YAML syntax error",
        "The YAML parser could not read the file at the reported position.",
        "Fix the indentation or quoting at the position shown; quote strings that contain `: ` or `#`.",
    ),
    (
        "E105",
        "duplicate key",
        "A mapping has the same key twice. YAML parsers silently keep the last one; servanda refuses "
        "to guess which you meant.",
        "Remove or rename one of the two keys.",
    ),
    (
        "E106",
        "anchors and aliases are not allowed",
        "YAML anchors (`&a`) and aliases (`*a`) are refused: they hide repetition and enable "
        "'billion laughs' expansion bombs.",
        "Write the repeated content out, or use a selector such as `$parties`.",
    ),
    (
        "E107",
        "explicit YAML tags are not allowed",
        "Tags such as `!!python/object` or `!custom` are refused; values are typed by the format.",
        "Remove the tag; quote the value if it must be a string.",
    ),
    (
        "E108",
        "not an instrument mapping",
        "The document's top level must be a mapping with `format: servanda/1`; it is empty, a list or a scalar, "
        "or the file holds several documents.",
        "Start the file with `format: servanda/1` followed by the instrument's keys, one document per file.",
    ),
    (
        "E109",
        "unsupported format version",
        "The `format` key names a version this servanda does not read.",
        "Write `format: servanda/1`.",
    ),
    (
        "E201",
        "unknown key",
        "The key is not part of the format at this place (misspelt, or belongs elsewhere).",
        "Use one of the keys listed in the message, or see docs/format.md.",
    ),
    (
        "E202",
        "missing key",
        "A required key is absent.",
        "Add the key shown; the valid form is in docs/format.md.",
    ),
    (
        "E203",
        "wrong type",
        "The value has the wrong type (e.g. a list where a mapping is expected, text where a number is).",
        "Write a value of the type named in the message.",
    ),
    (
        "E204",
        "value not in vocabulary",
        "The value is not one of the allowed words for this key (closed vocabulary).",
        "Use one of the allowed values; the closest is suggested.",
    ),
    (
        "E205",
        "impossible date",
        "The date does not exist in the calendar (e.g. 2025-02-30) or is not written YYYY-MM-DD.",
        "Write an existing date as YYYY-MM-DD.",
    ),
    (
        "E206",
        "unknown country or organisation code",
        "Parties are ISO 3166-1 alpha-3 codes (`UKR`, `USA`) or organisations (`org:EU`).",
        "Use the alpha-3 code suggested, e.g. `GBR` not `UK`.",
    ),
    (
        "E207",
        "malformed identifier",
        "Ids are snake_case (`art_5__para_1`); instrument ids carry a version (`nato.nat@1949`).",
        "Rename using lowercase letters, digits and underscores; add `@version` to instrument ids.",
    ),
    (
        "E208",
        "duplicate id",
        "Two elements (clauses, triggers, obligations, sources, parties…) share an id, so references are ambiguous.",
        "Give each element a unique id.",
    ),
    (
        "E209",
        "duration without unit",
        "A deadline, notice period or window is a bare number; 24 could be hours or days.",
        "Write the unit: `24 hours` or `{amount: 24, unit: hours}`.",
    ),
    (
        "E210",
        "value out of range",
        "A number is outside its allowed range (e.g. negative deaths, an amount of zero).",
        "Use a value within the range stated.",
    ),
    (
        "E211",
        "malformed element",
        "An element breaks a structural rule (a predicate with two keys, a trigger with both `match` and "
        "`all_of`, an obligation both standing and triggered, an illustrative instrument without a note).",
        "Follow the rule in the message; the valid forms are in docs/format.md.",
    ),
    (
        "E301",
        "undefined reference",
        "A reference names a trigger, obligation, exception, source, clause or geometry that is not defined.",
        "Define the element, or correct the name (the closest defined name is suggested).",
    ),
    (
        "E302",
        "cyclic reference",
        "Triggers or priorities refer to each other in a cycle, so none can be evaluated first.",
        "Break the cycle: a trigger cannot depend on itself, and priorities must form an order.",
    ),
    (
        "E303",
        "conflicting obligations without priority",
        "Two rules can apply to the same bearer at once with opposed actions (e.g. an obligation to use force "
        "and a prohibition of force) and neither says it prevails.",
        "Add `prevails_over: [other_id]` to the rule that should win, or make their triggers exclusive.",
    ),
    (
        "E304",
        "overlapping exceptions without priority",
        "Two exceptions to the same obligation can apply to the same events with different effects, and neither "
        "prevails.",
        "Add `prevails_over` to one exception, or make their `when` triggers exclusive.",
    ),
    (
        "E305",
        "geometry cannot be loaded",
        "A geometry file is missing, not GeoJSON, empty or invalid.",
        "Check the path (relative to the instrument file) and the GeoJSON; repair with shapely `make_valid`.",
    ),
    (
        "E306",
        "selector names nobody",
        "A selector such as `$guarantors` is used but no party has that role, or an event selector "
        "(`$target`) is used outside an obligation or enforcement.",
        "Give a party the role, or name the states directly.",
    ),
    (
        "E320",
        "trigger can never fire",
        "No combination of events satisfies the trigger (e.g. an event class that is both `shelling` and "
        "`air_strike`, or inside two disjoint geometries). The obligations it activates are dead.",
        "Correct the predicate; `servanda check --explain` shows the witnesses tried.",
    ),
    (
        "E321",
        "obligation no trigger can activate",
        "The obligation is neither `standing: true` nor tied to a trigger that can fire.",
        "Add `trigger:` naming a trigger that can fire, or mark it `standing: true`.",
    ),
    (
        "V901",
        "invalid event row",
        "A row of an events file does not fit the canonical event record (missing id or date, unknown event "
        "class, coordinates out of range). The row is skipped and counted; the counts are reported.",
        "Correct the row; the canonical columns are listed in docs/format.md#events.",
    ),
    (
        "V902",
        "events file cannot be read",
        "The events file is missing, empty, or not YAML, JSON or CSV.",
        "Give a `.yaml`, `.json` or `.csv` file with the canonical columns.",
    ),
    (
        "V903",
        "foreign events export",
        "The events file is an export of another event dataset (ACLED, UCDP GED or GDELT), recognised by "
        "its columns. servanda reads canonical events; source adapters for these datasets are planned.",
        "Map the columns to the canonical event fields (docs/format.md#event); the adapters "
        "(`--source acled|ucdp|gdelt`) will read such files directly once they land.",
    ),
    (
        "W401",
        "trigger fires on every event",
        "The trigger's predicate holds for every event whatever its class, actor or place (e.g. "
        "`any: [inside: a, outside: a]`), so it does not discriminate.",
        "Tighten the predicate; if intended, describe it as a `situation` trigger.",
    ),
    (
        "W402",
        "withdrawal at will",
        "A party may withdraw without notice, waiting period or lock: the guarantee binds only while the "
        "guarantor wishes.",
        "Add a notice period (`notice: 1 year`), an `earliest_after`, or a withdrawal lock.",
    ),
    (
        "W403",
        "unused definition",
        "A trigger, geometry or source is defined but nothing refers to it.",
        "Remove it, or reference it.",
    ),
    (
        "W404",
        "dates out of order",
        "Entry into force precedes signature, or termination precedes entry into force.",
        "Check the dates against the sources.",
    ),
    (
        "W405",
        "check undecided",
        "A static check tried its maximum number of witness events without deciding; the result is unknown.",
        "Simplify the predicate, or rely on scenario tests for it.",
    ),
    (
        "W406",
        "bearer is not a party",
        "An obligation binds a state that is not among the instrument's parties.",
        "Add the state to `parties`, or correct the code.",
    ),
    (
        "W407",
        "no duration or exit terms",
        "The instrument states neither a term nor withdrawal terms, so its durability cannot be assessed.",
        "If the text is silent, keep `unspecified` and cite the silence in a note.",
    ),
    (
        "W409",
        "trigger start date unknown",
        "A trigger counts events from `signed` or `in_force`, but the instrument does not give that date, so "
        'every event counts ("future" attacks cannot be told from past ones).',
        "Add the instrument's `signed` / `in_force` date, or give `counts_from` an explicit date.",
    ),
    (
        "W410",
        "legal form of another state",
        "The legal form is a US form (congressional-executive agreement) but the United States is not a party, "
        "so no legislature has a route for it and `servanda ratify` cannot model it.",
        "Use `treaty` (approval by the legislature) or `sole_executive_agreement` for other states.",
    ),
    (
        "W408",
        "event selector without event context",
        "`$target` or `$other_parties` is used in a standing obligation, which has no triggering events.",
        "Name the states directly.",
    ),
)


def register(code: str, title: str, explanation: str, fix: str, severity: Severity | None = None) -> CodeInfo:
    """Add an analysis' code to the catalogue (idempotent; a code may not change meaning).

    Analyses call this at import time for their R5xx/D6xx/C7xx/P8xx codes, so that
    ``Diagnostic`` accepts them and ``docs/errors.md`` lists them.
    """
    if severity is None:
        severity = "warning" if code.startswith("W") else "error"
    entry = CodeInfo(code, severity, title, explanation, fix)
    existing = CATALOGUE.get(code)
    if existing is not None and existing != entry:
        raise ValueError(f"diagnostic code {code} is already registered with another meaning")
    CATALOGUE[code] = entry
    return entry
