"""Read compliance records (``servanda-compliance/1``, YAML or CSV) with coded, located diagnostics.

Bad records are skipped and counted, never lost silently: ``read == accepted + rejected``. YAML goes
through the strict positional reader, so every diagnostic points at ``file:line:col``; CSV diagnostics
point at the line of the row.

Example:
    >>> load = load_compliance("no/such/file.yaml")
    >>> load.diagnostics[0].code, load.read
    ('V940', 0)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from servanda.diagnostics import Diagnostic, Span
from servanda.io.yaml_source import SourceDocument, read_source
from servanda.model.codes import suggest
from servanda.model.compliance import COMPLIANCE_COLUMNS, COMPLIANCE_FORMAT, ComplianceRecord
from servanda.model.vocabulary import Action


@dataclass
class ComplianceLoad:
    """Records read from one compliance file: accepted records, counts and diagnostics."""

    file: str
    records: list[ComplianceRecord] = field(default_factory=list)
    read: int = 0
    rejected: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """Records accepted."""
        return len(self.records)

    @property
    def reconciles(self) -> bool:
        """Every record read was accepted or rejected."""
        return self.read == self.accepted + self.rejected

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (counts and diagnostics)."""
        return {
            "file": self.file,
            "read": self.read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _unreadable(file: str, message: str, span: Span | None = None) -> ComplianceLoad:
    hint = f"start a YAML file with `format: {COMPLIANCE_FORMAT}`, or give a CSV with columns " + ", ".join(
        COMPLIANCE_COLUMNS[1:7]
    )
    return ComplianceLoad(file, diagnostics=[Diagnostic("V940", message, file, span, hint=hint)])


def _record(data: Any, index: int, file: str, where: Any, load: ComplianceLoad) -> ComplianceRecord | None:
    """Validate one record; ``where(path)`` gives the span of a field path inside the record."""
    load.read += 1
    if not isinstance(data, dict):
        load.rejected += 1
        load.diagnostics.append(
            Diagnostic(
                "V941", f"record {index + 1} is not a mapping", file, where(()), path=f"records[{index}]"
            )
        )
        return None
    action = data.get("action")
    if isinstance(action, str) and action not in {a.value for a in Action}:
        load.rejected += 1
        near = suggest(action, {a.value for a in Action})
        load.diagnostics.append(
            Diagnostic(
                "V942",
                f"record {index + 1}: `{action}` is not an action of the vocabulary",
                file,
                where(("action",)),
                hint=f"did you mean `{near[0]}`?" if near else "see docs/format.md for the actions",
                path=f"records[{index}].action",
            )
        )
        return None
    values = {k: v for k, v in data.items() if not (v == "" and k not in ("actor", "source"))}
    values.setdefault("id", f"{Path(file).name}#{index + 1}")
    try:
        return ComplianceRecord.model_validate(values)
    except ValidationError as exc:
        load.rejected += 1
        error = exc.errors()[0]
        loc = tuple(str(p) for p in error["loc"])
        name = ".".join(loc) or "record"
        message = str(error["msg"])
        shown = "is missing" if error["type"] == "missing" else ": " + message[:1].lower() + message[1:]
        more = len(exc.errors()) - 1
        load.diagnostics.append(
            Diagnostic(
                "V941",
                f"record {index + 1}: `{name}` {shown}".replace("` :", "`:")
                + (f" (and {more} more)" if more else ""),
                file,
                where(loc[:1]),
                path=f"records[{index}].{name}",
            )
        )
        return None


def _from_yaml(path: Path) -> ComplianceLoad:
    file = str(path)
    doc: SourceDocument = read_source(path)
    if doc.data is None:
        first = doc.diagnostics[0] if doc.diagnostics else None
        return _unreadable(file, first.message if first else "empty file", first.span if first else None)
    data = doc.data
    if not isinstance(data, dict) or data.get("format") != COMPLIANCE_FORMAT:
        shown = data.get("format") if isinstance(data, dict) else None
        what = "no `format` key" if shown is None else f"format `{shown}`"
        span = doc.span_of(("format",)) if isinstance(data, dict) else None
        return _unreadable(file, f"{what}; a compliance file has `format: {COMPLIANCE_FORMAT}`", span)
    extra = sorted(set(data) - {"format", "records", "note"})
    records = data.get("records")
    if extra or not isinstance(records, list):
        message = f"unknown key `{extra[0]}`" if extra else "`records` must be a list of records"
        key = (extra[0],) if extra else ("records",)
        return _unreadable(file, message, doc.key_span_of(key))
    load = ComplianceLoad(file)
    for i, item in enumerate(records):
        record = _record(item, i, file, lambda p, i=i: doc.span_of(("records", i, *p)), load)
        if record is not None:
            load.records.append(record)
    return load


def _from_csv(path: Path) -> ComplianceLoad:
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unreadable(file, f"not UTF-8 (byte {exc.start})")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    required = {"actor", "action", "date", "source"}
    if not header or not required <= set(header):
        missing = ", ".join(sorted(required - set(header)))
        return _unreadable(file, f"the CSV header lacks the columns {missing}", Span(1, 1, 1, 2))
    unknown = [h for h in header if h not in COMPLIANCE_COLUMNS]
    if unknown:
        return _unreadable(file, f"unknown CSV column `{unknown[0]}`", Span(1, 1, 1, 2))
    load = ComplianceLoad(file)
    reader.fieldnames = header
    for i, row in enumerate(reader):
        line = reader.line_num
        data = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k is not None}
        if None in row:
            load.read += 1
            load.rejected += 1
            load.diagnostics.append(
                Diagnostic(
                    "V941", f"record {i + 1} has more fields than the header", file, Span(line, 1, line, 2)
                )
            )
            continue
        record = _record(data, i, file, lambda _p, line=line: Span(line, 1, line, 2), load)
        if record is not None:
            load.records.append(record)
    return load


def load_compliance(path: str | Path) -> ComplianceLoad:
    """Read a compliance file (``.yaml``/``.yml`` or ``.csv``). Never raises for bad input."""
    path = Path(path)
    if not path.is_file():
        return _unreadable(str(path), f"no such compliance file `{path}`")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _from_yaml(path)
    if suffix == ".csv":
        return _from_csv(path)
    return _unreadable(
        str(path), f"`{suffix or path.name}` is not a compliance file type (.yaml, .yml, .csv)"
    )
