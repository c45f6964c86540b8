"""What an ingest did with every row: read = accepted + rejected, rejections grouped by reason.

A 1,000-row file with one bad date format gives ONE group of 1,000 rows (with the first five
locations), not 1,000 diagnostics. Values that were kept but could not be mapped (an actor that is no
state, an event type that becomes ``other``) are counted per mapping in ``unmapped``.

Example:
    >>> report = IngestReport(source="acled", file="x.csv", sha256="0" * 64, rows_read=3, accepted=2,
    ...     groups=[RejectGroup("V914", "unreadable date", 1, ["x.csv:4"])])
    >>> report.rejected, report.reconciles
    (1, True)
    >>> print(report.lines()[0])
    x.csv (acled): 3 rows read = 2 accepted + 1 rejected
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from servanda.diagnostics import Diagnostic
from servanda.diagnostics.catalogue import CATALOGUE

#: How many row locations a rejection group keeps.
FIRST_LOCATIONS = 5


@dataclass
class RejectGroup:
    """Rejected rows sharing one reason: the code, the reason, how many, and where the first were."""

    code: str
    reason: str
    count: int
    locations: list[str] = field(default_factory=list)
    hint: str | None = None

    def diagnostic(self, file: str) -> Diagnostic:
        """The one grouped diagnostic of this reason."""
        where = ", ".join(self.locations)
        more = f" (first at {where})" if where else ""
        return Diagnostic(
            self.code, f"{self.count:,} row(s) rejected: {self.reason}{more}", file, hint=self.hint
        )

    def to_json(self) -> dict[str, Any]:
        """Stable JSON keys."""
        return {
            "code": self.code,
            "reason": self.reason,
            "count": self.count,
            "locations": list(self.locations),
            "hint": self.hint,
        }


@dataclass
class IngestReport:
    """The account of one file's ingest; see the module docstring."""

    source: str
    file: str
    sha256: str
    rows_read: int = 0
    accepted: int = 0
    groups: list[RejectGroup] = field(default_factory=list)
    unmapped: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    duplicates: int = 0

    @property
    def rejected(self) -> int:
        """Rows rejected, over every reason."""
        return sum(g.count for g in self.groups)

    @property
    def errors(self) -> int:
        """Rows rejected for an error-severity reason (not out-of-scope events or duplicate ids)."""
        return sum(g.count for g in self.groups if CATALOGUE[g.code].severity == "error")

    @property
    def reconciles(self) -> bool:
        """``rows_read == accepted + rejected``: no row was lost."""
        return self.rows_read == self.accepted + self.rejected

    def diagnostics(self) -> list[Diagnostic]:
        """File-level notes, then one diagnostic per rejection group, then one per unmapped mapping."""
        found = list(self.notes)
        found += [g.diagnostic(self.file) for g in self.groups]
        for mapping, counts in self.unmapped.items():
            total = sum(counts.values())
            top = ", ".join(f"{value!r} ({n:,})" for value, n in _top(counts, 3))
            found.append(
                Diagnostic(
                    "V919",
                    f"{total:,} event(s) of {mapping}: {top}",
                    self.file,
                )
            )
        return found

    def to_json(self) -> dict[str, Any]:
        """Stable JSON: counts, groups, unmapped values and the diagnostics."""
        return {
            "source": self.source,
            "file": self.file,
            "sha256": self.sha256,
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejected_errors": self.errors,
            "reconciles": self.reconciles,
            "duplicates": self.duplicates,
            "groups": [g.to_json() for g in self.groups],
            "unmapped": {k: dict(_top(v, len(v))) for k, v in self.unmapped.items()},
            "diagnostics": [d.to_json() for d in self.diagnostics()],
        }

    def summary(self) -> str:
        """The counts in one line, as every events command prints them.

        >>> IngestReport(source="canonical", file="x.csv", sha256="", rows_read=100, accepted=93,
        ...     groups=[RejectGroup("V901", "bad", 7)]).summary()
        '100 rows read = 93 accepted + 7 rejected'
        """
        return f"{self.rows_read:,} rows read = {self.accepted:,} accepted + {self.rejected:,} rejected"

    def lines(self) -> list[str]:
        """The report as text lines (counts first; they reconcile)."""
        out = [f"{self.file} ({self.source}): {self.summary()}"]
        for g in self.groups:
            where = f"; first at {', '.join(g.locations)}" if g.locations else ""
            out.append(f"  rejected {g.count:,} [{g.code}] {g.reason}{where}")
        for mapping, counts in self.unmapped.items():
            for value, n in _top(counts, 10):
                out.append(f"  unmapped {n:,} events of {mapping}: {value}")
            if len(counts) > 10:
                rest = sum(n for _, n in _top(counts, len(counts))[10:])
                out.append(f"  unmapped {rest:,} events of {len(counts) - 10:,} further {mapping} values")
        for note in self.notes:
            out.append(f"  note [{note.code}] {note.message}")
        return out


def _top(counts: dict[str, int], n: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass
class Ingest:
    """The canonical frame of one file and the report of how it was read."""

    frame: pl.DataFrame
    report: IngestReport

    def to_json(self) -> dict[str, Any]:
        """The report's JSON (the frame is data, not a report)."""
        return self.report.to_json()
