"""The catalogue of diagnostic codes: one static table, the single source ``docs/errors.md`` is generated from.

Codes never change meaning once published. Ranges: E1xx reading the file, E2xx the format, E3xx meaning,
W4xx warnings of the checker, R5xx ratification, D6xx durability, C7xx credibility, P8xx packages and
scenarios, V9xx events files. The severity here is the code's usual one; a diagnostic may lower it (a
bundled election calendar in the past is a warning, a credibility finding may be a note).

Example:
    >>> CATALOGUE["E301"].title
    'undefined reference'
    >>> CATALOGUE["R509"].severity
    'warning'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class CodeInfo:
    """One entry of the catalogue."""

    code: str
    severity: Severity
    title: str
    explanation: str
    fix: str


def _code(code: str, severity: Severity, title: str, explanation: str, fix: str) -> tuple[str, CodeInfo]:
    return code, CodeInfo(code, severity, title, explanation, fix)


#: Every diagnostic code servanda reports, by code.
CATALOGUE: dict[str, CodeInfo] = dict(
    [
        # -- E1xx: reading the file ----------------------------------------------
        _code(
            "E101",
            "error",
            "file cannot be read",
            "The path does not exist, is a folder without instrument files, or cannot be opened.",
            "Check the path; `servanda library` lists bundled ids you can use instead of a path.",
        ),
        _code(
            "E102",
            "error",
            "file is not UTF-8",
            "Instrument files are UTF-8 text. The byte at the reported position is not valid UTF-8 (often a file saved as Windows-1252); a UTF-16 or UTF-32 file, or a binary file with NUL bytes, is named as such.",
            "Re-save the file as UTF-8 (e.g. `iconv -f cp1252 -t utf-8`).",
        ),
        _code(
            "E103",
            "error",
            "file too large",
            "The file is larger than its limit (2 MiB for an instrument, package, scenario, stance or jurisdiction; 2 MiB for events YAML, 256 MiB for events JSON, 2 GiB for events CSV, 64 MiB for GeoJSON), which guards against runaway input. The size is checked before the file is parsed.",
            "Split the instrument, or move bulky material (geometries, event data) into separate files.",
        ),
        _code(
            "E104",
            "error",
            "YAML syntax error",
            "The YAML parser could not read the file at the reported position.",
            "Fix the indentation or quoting at the position shown; quote strings that contain `: ` or `#`.",
        ),
        _code(
            "E105",
            "error",
            "duplicate key",
            "A mapping has the same key twice. YAML parsers silently keep the last one; servanda refuses to guess which you meant.",
            "Remove or rename one of the two keys.",
        ),
        _code(
            "E106",
            "error",
            "anchors and aliases are not allowed",
            "YAML anchors (`&a`) and aliases (`*a`) are refused: they hide repetition and enable 'billion laughs' expansion bombs.",
            "Write the repeated content out, or use a selector such as `$parties`.",
        ),
        _code(
            "E107",
            "error",
            "explicit YAML tags are not allowed",
            "Tags such as `!!python/object` or `!custom` are refused; values are typed by the format.",
            "Remove the tag; quote the value if it must be a string.",
        ),
        _code(
            "E108",
            "error",
            "not an instrument mapping",
            "The document's top level must be a mapping with `format: servanda/1`; it is empty, a list or a scalar, or the file holds several documents.",
            "Start the file with `format: servanda/1` followed by the instrument's keys, one document per file.",
        ),
        _code(
            "E109",
            "error",
            "unsupported format version",
            "The `format` key names a version this servanda does not read.",
            "Write `format: servanda/1`.",
        ),
        # -- E2xx: the format ----------------------------------------------------
        _code(
            "E201",
            "error",
            "unknown key",
            "The key is not part of the format at this place (misspelt, or belongs elsewhere).",
            "Use one of the keys listed in the message, or see docs/format.md.",
        ),
        _code(
            "E202",
            "error",
            "missing key",
            "A required key is absent.",
            "Add the key shown; the valid form is in docs/format.md.",
        ),
        _code(
            "E203",
            "error",
            "wrong type",
            "The value has the wrong type (e.g. a list where a mapping is expected, text where a number is).",
            "Write a value of the type named in the message.",
        ),
        _code(
            "E204",
            "error",
            "value not in vocabulary",
            "The value is not one of the allowed words for this key (closed vocabulary).",
            "Use one of the allowed values; the closest is suggested.",
        ),
        _code(
            "E205",
            "error",
            "impossible date",
            "The date does not exist in the calendar (e.g. 2025-02-30) or is not written YYYY-MM-DD.",
            "Write an existing date as YYYY-MM-DD.",
        ),
        _code(
            "E206",
            "error",
            "unknown country or organisation code",
            "Parties are ISO 3166-1 alpha-3 codes (`UKR`, `USA`) or organisations (`org:EU`).",
            "Use the alpha-3 code suggested, e.g. `GBR` not `UK`.",
        ),
        _code(
            "E207",
            "error",
            "malformed identifier",
            "Ids are snake_case (`art_5__para_1`); instrument ids carry a version (`nato.nat@1949`).",
            "Rename using lowercase letters, digits and underscores; add `@version` to instrument ids.",
        ),
        _code(
            "E208",
            "error",
            "duplicate id",
            "Two elements (clauses, triggers, obligations, sources, parties…) share an id, so references are ambiguous.",
            "Give each element a unique id.",
        ),
        _code(
            "E209",
            "error",
            "duration without unit",
            "A deadline, notice period or window is a bare number; 24 could be hours or days.",
            "Write the unit: `24 hours` or `{amount: 24, unit: hours}`.",
        ),
        _code(
            "E210",
            "error",
            "value out of range",
            "A number is outside its allowed range (e.g. negative deaths, an amount of zero).",
            "Use a value within the range stated.",
        ),
        _code(
            "E211",
            "error",
            "malformed element",
            "An element breaks a structural rule (a predicate with two keys, a trigger with both `match` and `all_of`, an obligation both standing and triggered, an illustrative instrument without a note).",
            "Follow the rule in the message; the valid forms are in docs/format.md.",
        ),
        # -- E3xx: meaning -------------------------------------------------------
        _code(
            "E301",
            "error",
            "undefined reference",
            "A reference names a trigger, obligation, exception, source, clause or geometry that is not defined.",
            "Define the element, or correct the name (the closest defined name is suggested).",
        ),
        _code(
            "E302",
            "error",
            "cyclic reference",
            "Triggers or priorities refer to each other in a cycle, so none can be evaluated first.",
            "Break the cycle: a trigger cannot depend on itself, and priorities must form an order.",
        ),
        _code(
            "E303",
            "error",
            "conflicting obligations without priority",
            "Two rules can apply to the same bearer at once with opposed actions (e.g. an obligation to use force and a prohibition of force) and neither says it prevails.",
            "Add `prevails_over: [other_id]` to the rule that should win, or make their triggers exclusive.",
        ),
        _code(
            "E304",
            "error",
            "overlapping exceptions without priority",
            "Two exceptions to the same obligation can apply to the same events with different effects, and neither prevails.",
            "Add `prevails_over` to one exception, or make their `when` triggers exclusive.",
        ),
        _code(
            "E305",
            "error",
            "geometry cannot be loaded",
            "A geometry file is missing, not GeoJSON, empty or invalid.",
            "Check the path (relative to the instrument file) and the GeoJSON; repair with shapely `make_valid`.",
        ),
        _code(
            "E306",
            "error",
            "selector names nobody",
            "A selector such as `$guarantors` is used but no party has that role, or an event selector (`$target`) is used outside an obligation or enforcement.",
            "Give a party the role, or name the states directly.",
        ),
        _code(
            "E320",
            "error",
            "trigger can never fire",
            "No combination of events satisfies the trigger (e.g. an event class that is both `shelling` and `air_strike`, or inside two disjoint geometries). The obligations it activates are dead.",
            "Correct the predicate; `servanda check --explain` shows the witnesses tried.",
        ),
        _code(
            "E321",
            "error",
            "obligation no trigger can activate",
            "The obligation is neither `standing: true` nor tied to a trigger that can fire.",
            "Add `trigger:` naming a trigger that can fire, or mark it `standing: true`.",
        ),
        # -- W4xx: warnings of the checker ---------------------------------------
        _code(
            "W401",
            "warning",
            "trigger fires on every event",
            "The trigger's predicate holds for every event whatever its class, actor or place (e.g. `any: [inside: a, outside: a]`), so it does not discriminate.",
            "Tighten the predicate; if intended, describe it as a `situation` trigger.",
        ),
        _code(
            "W402",
            "warning",
            "withdrawal at will",
            "A party may withdraw without notice, waiting period or lock: the guarantee binds only while the guarantor wishes.",
            "Add a notice period (`notice: 1 year`), an `earliest_after`, or a withdrawal lock.",
        ),
        _code(
            "W403",
            "warning",
            "unused definition",
            "A trigger, geometry or source is defined but nothing refers to it.",
            "Remove it, or reference it.",
        ),
        _code(
            "W404",
            "warning",
            "dates out of order",
            "Entry into force precedes signature, or termination precedes entry into force.",
            "Check the dates against the sources.",
        ),
        _code(
            "W405",
            "warning",
            "check undecided",
            "A static check tried its maximum number of witness events without deciding; the result is unknown.",
            "Simplify the predicate, or rely on scenario tests for it.",
        ),
        _code(
            "W406",
            "warning",
            "bearer is not a party",
            "An obligation binds a state that is not among the instrument's parties.",
            "Add the state to `parties`, or correct the code.",
        ),
        _code(
            "W407",
            "warning",
            "no duration or exit terms",
            "The instrument states neither a term nor withdrawal terms, so its durability cannot be assessed.",
            "If the text is silent, keep `unspecified` and cite the silence in a note.",
        ),
        _code(
            "W408",
            "warning",
            "event selector without event context",
            "`$target` or `$other_parties` is used in a standing obligation, which has no triggering events.",
            "Name the states directly.",
        ),
        _code(
            "W409",
            "warning",
            "trigger start date unknown",
            'A trigger counts events from `signed` or `in_force`, but the instrument does not give that date, so every event counts ("future" attacks cannot be told from past ones).',
            "Add the instrument's `signed` / `in_force` date, or give `counts_from` an explicit date.",
        ),
        _code(
            "W410",
            "warning",
            "legal form of another state",
            "The legal form is a US form (congressional-executive agreement) but the United States is not a party, so no legislature has a route for it and `servanda ratify` cannot model it.",
            "Use `treaty` (approval by the legislature) or `sole_executive_agreement` for other states.",
        ),
        # -- R5xx: ratification --------------------------------------------------
        _code(
            "R501",
            "error",
            "unknown jurisdiction",
            "A state code names no bundled jurisdiction file (or is not ISO 3166 alpha-3).",
            "Use an ISO3 code of the library (`did you mean` is suggested), or add data/jurisdictions/XXX.yaml.",
        ),
        _code(
            "R502",
            "error",
            "no route for this legal form",
            "The jurisdiction file maps no route to the instrument's legal form (e.g. a congressional-executive agreement outside the US).",
            "Use a legal form the state supports (listed in the message) or add the route with its source.",
        ),
        _code(
            "R503",
            "error",
            "seat totals do not add up",
            "The blocs of a dated composition do not sum to the chamber's seats.",
            "Correct the bloc seats, or add a vacant bloc `{id: vacant, seats: N, vacant: true}`.",
        ),
        _code(
            "R504",
            "error",
            "probability or cohesion out of range",
            "A support/bypass/referral probability is outside [0, 1] or a cohesion outside (0, 1].",
            "Write probabilities as numbers between 0 and 1 (0.8, not 80).",
        ),
        _code(
            "R505",
            "error",
            "instrument without a jurisdiction",
            "A package instrument names no guarantor state, so there is no procedure to analyse.",
            "Give a party `roles: [guarantor]` with an ISO3 `state`.",
        ),
        _code(
            "R506",
            "error",
            "file does not match its schema",
            "A jurisdiction, stance or case file does not parse or has unknown/missing keys or wrong types.",
            "Fix the key named in the location; see the file formats in docs/ratification.md.",
        ),
        _code(
            "R507",
            "error",
            "unknown chamber",
            "A stage or proxy names a chamber the jurisdiction does not define.",
            "Use one of the chamber ids listed in the message.",
        ),
        _code(
            "R508",
            "error",
            "no composition at the analysis date",
            "No dated composition (or ParlGov election) exists on or before the date, and no proxy chamber is set.",
            "Add a dated `compositions` entry with a source, or set `proxy_of`.",
        ),
        _code(
            "R509",
            "warning",
            "no stance for the package",
            "No stance file was given or bundled for this package; global default stances are used.",
            "Pass --stances FILE.",
        ),
        _code(
            "R510",
            "error",
            "not an instrument or package",
            "The path is neither an instrument file nor a package folder, or a package entry names a missing file.",
            "Pass an instrument YAML (`format: servanda/1`) or a folder of them.",
        ),
        _code(
            "R511",
            "warning",
            "proxy composition",
            "A chamber has no composition data; the shares of another chamber are scaled to its size.",
            "Add the chamber's own dated composition with a source.",
        ),
        _code(
            "R512",
            "warning",
            "stale composition",
            "The composition used predates an election whose result is not in the data.",
            "Add the composition elected since, with its source.",
        ),
        # -- D6xx: durability ----------------------------------------------------
        _code(
            "D601",
            "error",
            "election calendar in the past",
            "The next election of a calendar is before the analysis start (an error for user-supplied calendars; bundled ones are rolled forward with a warning).",
            "Set `next` to the coming election.",
        ),
        _code(
            "D602",
            "error",
            "durability probability out of range",
            "p_turnover, p_oppose_after_turnover or another durability probability is outside [0, 1].",
            "Write a probability between 0 and 1.",
        ),
        _code(
            "D603",
            "error",
            "term missing or not positive",
            "The instrument's term is not a positive duration (indefinite terms use a 10-year horizon, noted).",
            "Give `term.length` (e.g. `10 years`) or pass --years.",
        ),
        _code(
            "D604",
            "error",
            "no exit difficulty for legal form",
            "The legal form has no exit-difficulty parameter.",
            "Use one of the five legal forms of the instrument model.",
        ),
        # -- C7xx: credibility ---------------------------------------------------
        _code(
            "C701",
            "warning",
            "feature missing, imputed",
            "The credibility model reports: feature missing, imputed (see docs/credibility.md).",
            "Code the missing ATOP variable(s) in the instrument; until then the estimate averages over the values seen in the training data.",
        ),
        _code(
            "C702",
            "warning",
            "value outside the data's support",
            "The credibility model reports: value outside the data's support (see docs/credibility.md).",
            "Check the ATOP coding of this variable; the value was never observed in the training data or in ATOP 4.01, so the model cannot say anything about it.",
        ),
        _code(
            "C703",
            "warning",
            "combination of features never seen in the training data",
            "The credibility model reports: combination of features never seen in the training data (see docs/credibility.md).",
            "Read the estimate as an extrapolation; compare it with the reference-class rate and the nearest training cases named in the message.",
        ),
        _code(
            "C704",
            "warning",
            "combination of features rarely seen in the training data",
            "The credibility model reports: combination of features rarely seen in the training data (see docs/credibility.md).",
            "Treat the estimate as resting on very few cases; the interval understates the uncertainty.",
        ),
        _code(
            "C705",
            "warning",
            "instrument type not represented in the data",
            "The credibility model reports: instrument type not represented in the data (see docs/credibility.md).",
            "No case of this pledge type entered the Berkemeier & Fuhrmann performance sample; do not read the probability as an empirical estimate for this type.",
        ),
        _code(
            "C706",
            "warning",
            "small reference class, pooled",
            "The credibility model reports: small reference class, pooled (see docs/credibility.md).",
            "The pledge-type × era class has fewer than 10 cases; the reported base rate pools both eras.",
        ),
        _code(
            "C707",
            "warning",
            "unknown input key",
            "The credibility model reports: unknown input key (see docs/credibility.md).",
            "Use ATOP column names (lower case, e.g. 'defense', 'defcoloc'); the key was ignored.",
        ),
        _code(
            "C708",
            "error",
            "invalid input value",
            "The credibility model reports: invalid input value (see docs/credibility.md).",
            "Pass numbers (int/float/bool) or None for missing; strings and NaN-like text are not accepted.",
        ),
        _code(
            "C709",
            "warning",
            "model does not beat the base rate",
            "The credibility model reports: model does not beat the base rate (see docs/credibility.md).",
            "Cross-validation shows no gain over the era base rate; rely on the reference-class rate instead.",
        ),
        _code(
            "C710",
            "error",
            "model file missing or invalid",
            "The credibility model reports: model file missing or invalid (see docs/credibility.md).",
            "Reinstall servanda or refit: python -m servanda.analyses.credibility.refit --data ... --atop ... --out src/servanda/data/credibility/model.json",
        ),
        _code(
            "C711",
            "error",
            "refit input invalid",
            "The credibility model reports: refit input invalid (see docs/credibility.md).",
            "Point --data at BerkemeierFuhrmannRAP2018_0303.dta and --atop at the ATOP 4.01 alliance-level CSV.",
        ),
        # -- P8xx: packages and scenarios ----------------------------------------
        _code(
            "P801",
            "error",
            "package not found",
            "The path is neither a package file nor a folder holding `package.yaml`.",
            "Pass a `package.yaml` (format `servanda-package/1`) or the folder that holds one.",
        ),
        _code(
            "P802",
            "error",
            "not a package file",
            "The file cannot be read as YAML, or its `format` is not `servanda-package/1`.",
            "Start the file with `format: servanda-package/1`; fix the YAML error shown.",
        ),
        _code(
            "P803",
            "error",
            "unknown key in package file",
            "The key is not part of the package format at this place.",
            "Use one of the keys listed (id, title, illustrative, illustrative_note, beneficiary, ceasefire_date, instruments, sources; instrument entries take `file` or `id`).",
        ),
        _code(
            "P804",
            "error",
            "missing or invalid value in package file",
            "A required key is missing, or a value has the wrong type (e.g. a date that does not exist, a beneficiary that is not an ISO 3166 alpha-3 code).",
            "Add the key, or write the value in the form shown.",
        ),
        _code(
            "P805",
            "error",
            "instrument file not found",
            "An entry of `instruments` names a file that does not exist (paths are relative to the package file).",
            "Correct the file name (the closest existing file is suggested) or remove the entry.",
        ),
        _code(
            "P806",
            "error",
            "unknown instrument id",
            "An entry `{id: ...}` names an id that is not in the bundled library.",
            "Use an id listed by `servanda library`, or `file:` for an instrument file.",
        ),
        _code(
            "P807",
            "error",
            "instrument does not load",
            "The instrument file has errors (shown as notes) or a geometry it names cannot be read.",
            "Run `servanda check` on the file and fix what it reports.",
        ),
        _code(
            "P808",
            "error",
            "instrument does not protect the package beneficiary",
            "The package names a beneficiary, but this instrument has no party with role `beneficiary` for it, so none of its obligations can answer an attack on the beneficiary.",
            "Give the beneficiary `roles: [beneficiary]` in the instrument, or remove it from the package.",
        ),
        _code(
            "P809",
            "warning",
            "instrument without a guarantor",
            "No party other than the beneficiary has the role `guarantor`: the instrument adds no guarantor to the package.",
            "Give the guaranteeing state `roles: [party, guarantor]`.",
        ),
        _code(
            "P810",
            "warning",
            "instrument listed twice",
            "The same instrument (file or id) appears twice in `instruments`; it is analysed once.",
            "Remove the repeated entry.",
        ),
        _code(
            "P811",
            "error",
            "illustrative package without a note",
            "`illustrative: true` needs `illustrative_note` saying what the package is and what it is modelled on.",
            "Add `illustrative_note:` with the reporting the package is modelled on.",
        ),
        _code(
            "P812",
            "error",
            "scenario without a date",
            "A scenario event has no `date`, or `--attack-at` was given without `--date`: no trigger can be evaluated and no deadline computed without one.",
            "Give every event `date: YYYY-MM-DD`, or pass `--date YYYY-MM-DD` with `--attack-at`.",
        ),
        _code(
            "P813",
            "error",
            "scenario has no usable events",
            "The scenario file cannot be read, is not `format: servanda-scenario/1` with `events:`, or every event was rejected.",
            "Write `events:` as a list of canonical events (docs/format.md#event); fix the rejected rows shown.",
        ),
        _code(
            "P814",
            "error",
            "invalid scenario option",
            "`--attack-at` is not `LON,LAT` within range, `--date` is not a date, `--class` is not an event class, or an actor/target is not an ISO3 code.",
            "Write e.g. `--attack-at 35.14,47.84 --date 2026-03-05 --class missile_strike --actor RUS`.",
        ),
        _code(
            "P815",
            "error",
            "invalid probability option",
            "`--correlation` must be between 0 and 1, `--level` between 0 and 1 exclusive.",
            "Pass e.g. `--correlation 0.3`.",
        ),
        _code(
            "P816",
            "warning",
            "instrument not in force on the scenario date",
            "The instrument is proposed, signed but not in force, or terminated on the date of the scenario; it is evaluated as if it were in force.",
            "Read the answer as what the instrument would require if it were in force.",
        ),
        # -- V9xx: events files --------------------------------------------------
        _code(
            "V901",
            "error",
            "invalid event row",
            "A row of canonical events (YAML, JSON, CSV or an inline `events:` list, read row by row for evaluate, package and scenario files) does not fit the canonical event record (missing id or date, unknown event class, coordinates out of range, a CSV line with too few or too many fields, a duplicate id). The row is skipped and counted with the value quoted as written; rows of other sources are rejected with the V914–V925 codes instead.",
            "Correct the row; the canonical columns are listed in docs/format.md#events.",
        ),
        _code(
            "V902",
            "error",
            "events file cannot be read",
            "The canonical events input of evaluate, package or a scenario file is missing, empty, or not YAML, JSON or CSV (the reader's own reason is quoted: not a regular file, too large, not UTF-8, nested too deeply). Files of other sources fail with V910–V926 or E101–E104 instead.",
            "Give a `.yaml`, `.json` or `.csv` file with the canonical columns.",
        ),
        # -- V910–V929: event source adapters (servanda.sources) ---------------------
        _code(
            "V910",
            "error",
            "events file of no known source",
            "The file could not be opened as any supported events source (ACLED, UCDP GED CSV or API JSON, GDELT 1.0/2.0, servanda canonical CSV/JSON/YAML/Parquet): it is missing, not parseable, or its header matches no source.",
            "Check the path and the file; give `--source` to force a source; docs/sources.md lists the layouts read.",
        ),
        _code(
            "V911",
            "error",
            "empty events file",
            "The events file has no bytes, no header or a blank first line, so there is nothing to read.",
            "Download or export the file again.",
        ),
        _code(
            "V912",
            "error",
            "Excel workbook: convert to CSV",
            "servanda ships no Excel engine, so `.xlsx`/`.xls` files are not read.",
            "Open the workbook and save the sheet as `CSV UTF-8 (Comma delimited)`, then read the CSV.",
        ),
        _code(
            "V913",
            "error",
            "wrong delimiter",
            "The header is separated by semicolons, tabs or pipes, but the source publishes comma-separated files (a spreadsheet re-saved it with a locale delimiter).",
            "Re-export the file comma-separated.",
        ),
        _code(
            "V914",
            "error",
            "unreadable date",
            "Rows whose date is missing, in no format the source uses, impossible (31 February), or whose end date is before the start. They are rejected and counted, grouped by reason.",
            "Use YYYY-MM-DD; ACLED files may also use DD/MM/YYYY or DD Month YYYY, UCDP files MM/DD/YYYY.",
        ),
        _code(
            "V915",
            "error",
            "bad coordinates",
            "Rows whose longitude or latitude is not a number, out of range, given alone, or apparently swapped (latitude beyond ±90 while longitude is within it), or whose precision is outside its scale. They are rejected and counted.",
            "Longitude goes in [-180, 180] and latitude in [-90, 90]; check the columns are not swapped.",
        ),
        _code(
            "V916",
            "error",
            "bad death count",
            "Rows whose fatalities/deaths (or UCDP best/low/high) are not whole numbers ≥ 0, or whose low estimate exceeds the high one. They are rejected and counted.",
            "Give whole numbers; leave the cell empty when unknown.",
        ),
        _code(
            "V917",
            "error",
            "truncated or malformed line",
            "A line has fewer or more fields than the layout (a GDELT 2.0 line of 58 fields where 61 are expected, a CSV row cut off before its last columns, unbalanced quotes). The row is rejected and counted, never shifted into the wrong columns.",
            "Download the file again; check the archive was fully extracted.",
        ),
        _code(
            "V918",
            "warning",
            "duplicate event id",
            "The same event id appears more than once in one file. The first row is kept; later ones are rejected and counted.",
            "Remove the duplicates, or check the export was not concatenated twice.",
        ),
        _code(
            "V919",
            "note",
            "value kept unmapped",
            "Values that have no entry in a mapping table: an actor that is not a state (kept as text in `actor`/`actor_text`), an event type that becomes `other`, a country code without an ISO 3166 equivalent. Rows are kept; the values are counted.",
            "Nothing to do if the values are expected; otherwise extend the mapping tables in src/servanda/data/sources/.",
        ),
        _code(
            "V920",
            "warning",
            "event out of scope",
            "Rows whose event type maps to no servanda event class (GDELT CAMEO roots other than 13, 15, 18, 19, 20; a UCDP type_of_violence other than 1–3; a canonical event_class outside the vocabulary). They are rejected and counted by type.",
            "See docs/sources.md for the classes read from each source.",
        ),
        _code(
            "V921",
            "note",
            "encoding repaired",
            "The file began with a UTF-8 byte-order mark (removed) or was not UTF-8 and was read as Windows-1252, the encoding Excel uses for CSV on Windows.",
            "Nothing to do; to silence it, save the file as UTF-8 without BOM.",
        ),
        _code(
            "V922",
            "error",
            "required column missing",
            "The header lacks a column the source cannot be read without (ACLED `event_id_cnty`, `event_date`...; UCDP `id`, `date_start`...; canonical `id`, `date`, `event_class`).",
            "Check the header row is intact, or give the right `--source`.",
        ),
        _code(
            "V923",
            "error",
            "unknown source",
            "`--source` names no supported source, or a source that cannot read this kind of file.",
            "Use one of acled, ucdp_ged, ucdp_api, gdelt2, gdelt1, canonical.",
        ),
        _code(
            "V924",
            "error",
            "event without id",
            "Rows with no event id are rejected and counted: an id is the evidence every finding cites.",
            "Give every row an id (ACLED `event_id_cnty`, UCDP `id`, GDELT `GLOBALEVENTID`).",
        ),
        _code(
            "V925",
            "error",
            "not a state code",
            "A canonical row's `country` or `target` is not an ISO 3166-1 alpha-3 code. The row is rejected and counted.",
            "Use ISO 3166-1 alpha-3 codes such as UKR or RUS.",
        ),
        _code(
            "V926",
            "note",
            "partial API page",
            "A UCDP API JSON page holds fewer records than its `TotalCount`: only this page was read.",
            "Fetch every page (`?page=` …) and read each file.",
        ),
        # -- V940–V959: monitor and compliance records ----------------------------
        _code(
            "V940",
            "error",
            "compliance file cannot be read",
            "The compliance file is missing, empty, not YAML or CSV, or does not declare `format: servanda-compliance/1` (YAML) or the compliance columns (CSV).",
            "Give a `.yaml` file starting with `format: servanda-compliance/1` and a `records:` list, or a `.csv` file with the columns actor, action, beneficiary, date, source, status (docs/format.md#compliance-records).",
        ),
        _code(
            "V941",
            "error",
            "invalid compliance record",
            "A compliance record is missing a required field or has a bad value (an unknown state code, an impossible date, an unknown status). The record is skipped and counted; the monitor reports how many records were read, accepted and rejected.",
            "Correct the field shown; each record needs actor, action, date and source, and `status` is one of taken, denied, partial.",
        ),
        _code(
            "V942",
            "error",
            "unknown action in a compliance record",
            "The `action` of a compliance record is not in the instrument vocabulary (`servanda.model.vocabulary.Action`), so it cannot be matched against any obligation. The record is skipped and counted.",
            "Use an action of the vocabulary (docs/format.md lists them), e.g. `consult` or `provide_military_assistance`.",
        ),
        _code(
            "V943",
            "error",
            "no events to monitor",
            "`servanda monitor` needs events: give `--events FILE` (one or more) or `--store PATH`, not both and not neither.",
            "Pass e.g. `--events conflict.csv`, or `--store events.duckdb` for the event store.",
        ),
        _code(
            "V944",
            "error",
            "event source or store not available",
            "The event source adapters or the event store this option needs are not part of this installation.",
            "Give canonical events with `--events FILE`, or install a servanda that includes the event store.",
        ),
        _code(
            "V945",
            "error",
            "invalid monitor period",
            "`--from` is after `--to`, so no day is monitored.",
            "Swap the dates or drop one of them.",
        ),
    ]
)

#: Catalogue codes no source file raises, with the reason (checked by tests/diagnostics/test_catalogue.py).
RESERVED: dict[str, str] = {}
