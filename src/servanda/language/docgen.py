"""Generate the reference parts of ``docs/format.md`` and all of ``docs/errors.md`` from the model.

``python scripts/gen_docs.py`` rewrites them; ``tests/test_docs_current.py`` fails when they are stale.

Example:
    >>> "| `id` |" in model_reference()
    True
"""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from servanda.diagnostics import CATALOGUE
from servanda.model import instrument as m
from servanda.model import vocabulary as v
from servanda.model.events import Event

MODELS: list[type[BaseModel]] = [
    m.Instrument,
    m.Source,
    m.SourceRef,
    m.Party,
    m.LegalForm,
    m.Geometry,
    m.GeometryPart,
    m.FrontlineAt,
    m.Term,
    m.Withdrawal,
    m.WithdrawalLock,
    m.Clause,
    m.Trigger,
    m.PredicateKeys,
    m.Threshold,
    m.Territory,
    m.Obligation,
    m.Deadline,
    m.Condition,
    m.ExceptionRule,
    m.Enforcement,
    m.Funding,
    m.Institution,
    m.Duration,
    Event,
]
VOCABULARIES: list[type[v.Described]] = [
    v.Role,
    v.LegalFormKind,
    v.RatificationStatus,
    v.InstrumentStatus,
    v.Modality,
    v.Action,
    v.Discretion,
    v.Promptness,
    v.ConditionKind,
    v.TriggerKind,
    v.EventClass,
    v.EnforcementMechanism,
    v.FundingSource,
    v.InstitutionKind,
    v.TimeUnit,
    v.Renewal,
    v.LockRequirement,
    v.ExceptionEffect,
]


def _type_name(annotation: Any) -> str:
    if annotation == m.Predicate:
        return "[Predicate](#predicate)"  # the tagged union, documented by its keys
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base = _type_name(args[0])
        validators = " ".join(str(a) for a in args[1:])
        if "_check_state" in validators or "_check_party_code" in validators:
            return "party code"
        if "_check_party_or_selector" in validators:
            return "party code or selector"
        if "_check_currency" in validators:
            return "ISO 4217 code"
        if "pattern" in validators:
            return "id"
        return base
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if origin is typing.Literal:
        return " or ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
        if issubclass(annotation, BaseModel):
            return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
        return {"str": "text", "int": "integer", "float": "number", "bool": "true/false", "date": "date"}.get(
            annotation.__name__, annotation.__name__
        )
    return str(annotation).replace("typing.", "")


def model_reference() -> str:
    """Markdown tables of every model's keys (name, type, required, meaning)."""
    out: list[str] = []
    for model in MODELS:
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out += [
            f"### {model.model_config.get('title') or model.__name__}",
            "",
            doc,
            "",
            "| key | type | required | meaning |",
            "|---|---|---|---|",
        ]
        for name, field in model.model_fields.items():
            key = field.alias or name
            required = (
                "yes"
                if field.is_required()
                else f"no (default `{_default(field.default)}`)"
                if not callable(field.default_factory)
                else "no"
            )
            description = (field.description or "").replace("|", "\\|")
            type_name = _type_name(field.annotation)
            if any(getattr(meta, "pattern", None) for meta in field.metadata):
                type_name = "id"
            elif any("_check_" in repr(meta) for meta in field.metadata):
                type_name = _type_name(typing.Annotated[field.annotation, *field.metadata])
            out.append(f"| `{key}` | {type_name} | {required} | {description} |")
        out.append("")
    return "\n".join(out)


def _default(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def vocabulary_reference() -> str:
    """Markdown tables of every closed vocabulary."""
    out: list[str] = []
    for vocabulary in VOCABULARIES:
        out += [f"### {vocabulary.__name__}", "", "| value | meaning |", "|---|---|"]
        for member in vocabulary:
            out.append(f"| `{member.value}` | {member.describe()} |")
        out.append("")
    out += ["### Event class groups", "", "| group | classes |", "|---|---|"]
    for group, classes in v.EVENT_CLASS_GROUPS.items():
        out.append(f"| `{group}` | {', '.join(sorted(c.value for c in classes))} |")
    out += ["", "### Selectors", "", "| selector | meaning |", "|---|---|"]
    for selector, meaning in v.SELECTORS.items():
        out.append(f"| `{selector}` | {meaning} |")
    return "\n".join(out) + "\n"


#: Where each analysis documents its codes with examples.
ANALYSIS_PAGES = {
    "R": "docs/ratification.md",
    "D": "docs/durability.md",
    "C": "docs/credibility.md",
    "P": "docs/packages.md",
}

BEGIN = "<!-- BEGIN GENERATED REFERENCE: do not edit; run `python scripts/gen_docs.py` -->"
END = "<!-- END GENERATED REFERENCE -->"


def format_doc(current: str) -> str:
    """``docs/format.md`` with its generated section replaced."""
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    body = (
        "## Reference: keys\n\n"
        + model_reference()
        + "\n## Reference: vocabularies\n\n"
        + vocabulary_reference()
    )
    return f"{head}{BEGIN}\n\n{body}\n{END}{tail}"


def errors_doc(fixtures: Path, golden: Path) -> str:
    """The whole of ``docs/errors.md``."""
    base = (fixtures / "_valid.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    out = [
        "# Diagnostic codes",
        "",
        "Every problem servanda reports has a stable code. `E` codes are errors (`servanda check` exits 1),",
        "`W` codes warnings (exit 0; `--strict` makes them fail). E1xx: reading the file; E2xx: the format;",
        "E3xx: meaning; W4xx: warnings; V9xx: event files; analyses add R5xx (ratification), D6xx (durability),",
        "C7xx (credibility) and P8xx (packages); a `note` is a remark that never fails a command. All come from",
        "one static catalogue (`servanda.diagnostics.catalogue`) and print the same way.",
        "",
        "With `--format json`, every command that fails prints one document on standard output:",
        '`{"format": "servanda-error/1", "exit_code": .., "diagnostics": [...]}` (its findings, e.g. rejected',
        "event rows, also appear in the command's own JSON), each diagnostic (`Diagnostic.to_json()`) with",
        "the keys `code`, `message`, `file`, `span` (`line`, `col`,",
        "`end_line`, `end_col`, or null), `breadcrumb`, `hint`, `notes`, `path` (a path inside the document",
        "when no span is known, or a model feature), `location` (`file:line:col`), `severity` and `title`.",
        "",
        "Each entry gives the message, a minimal example (as a change to the valid file",
        "`tests/diagnostics/fixtures/_valid.yaml`), what went wrong, how to fix it, and the exact output",
        "(kept as a golden file in `tests/diagnostics/golden/`).",
        "",
        "Exit status of every command: 0 clean; 1 errors found; 2 usage error (unknown id or path, bad option",
        "value, unwritable output); 70 (EX_SOFTWARE) an internal error, i.e. a bug in servanda: instead of a",
        "traceback, a short report names the command line, the servanda version, the exception and where it",
        "was raised.",
        "",
        "| code | severity | title |",
        "|---|---|---|",
    ]
    codes = sorted(CATALOGUE, key=lambda c: (c[0] != "E", c[0] != "W", c))
    out += [f"| [{c}](#{c.lower()}) | {CATALOGUE[c].severity} | {CATALOGUE[c].title} |" for c in codes]
    out.append("")
    for code in codes:
        entry = CATALOGUE[code]
        out += [f"## {code}", "", f"**{entry.title}** ({entry.severity})", ""]
        fixture = fixtures / f"{code}.yaml"
        expected = golden / f"{code}.txt"
        if expected.exists():
            first = expected.read_text(encoding="utf-8").splitlines()[0]
            out += [f"**Message:** `{first}`", ""]
        if fixture.exists() and code.startswith(("E", "W")):
            try:
                text = fixture.read_text(encoding="utf-8").splitlines(keepends=True)
            except UnicodeDecodeError:
                text = fixture.read_text(encoding="cp1252").splitlines(keepends=True)
                out += ["**What you wrote:** the file saved as Windows-1252 (here the `é` of `café`).", ""]
            else:
                diff = list(difflib.unified_diff(base, text, "_valid.yaml", f"{code}.yaml", n=1))
                out += ["**What you wrote:**", "", "```diff", *[d.rstrip("\n") for d in diff], "```", ""]
        elif fixture.exists():
            out += [
                "**What you wrote:**",
                "",
                "```yaml",
                fixture.read_text(encoding="utf-8").rstrip(),
                "```",
                "",
            ]
        out += [f"**What went wrong:** {entry.explanation}", "", f"**How to fix:** {entry.fix}", ""]
        page = ANALYSIS_PAGES.get(code[0])
        if page:
            out += [
                f"**Message, minimal example and output:** see the table of codes at the end of `{page}`.",
                "",
            ]
        if expected.exists():
            out += ["**Output:**", "", "```text", expected.read_text(encoding="utf-8").rstrip(), "```", ""]
    return "\n".join(out)
