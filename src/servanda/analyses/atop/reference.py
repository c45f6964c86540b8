"""ATOP 4.01 reference rows and the agreement of servanda's coding with them.

The rows come from the excerpt bundled in ``servanda/data/atop/`` (alliance- and member-level CSV files,
see its ``SOURCE.md``); when a row is not there, from the directory named by ``$SERVANDA_ATOP_DIR`` or the
full ATOP 4.01 files in ``../shared/data/atop/`` of a source checkout.

An instrument is compared with the ATOP *phase* that codes the same text: NATO's instrument encodes the 1949
treaty, which is ATOP phase 1 (4 April 1949 – 19 June 1951); phase 2 adds ``base = 3`` and ``organ1 = 3`` from
the 1951 agreements on the status of forces and of the organisation, which the treaty text does not contain.

Example:
    >>> from servanda.api import load
    >>> from servanda.analyses.atop.coding import code_instrument
    >>> report = agreement(code_instrument(load("anzus@1951")), 3215)
    >>> report.row("defense").status
    'agree'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from servanda.analyses.atop.coding import AtopCoding
from servanda.analyses.atop.cow import cow_code
from servanda.analyses.tables import read_csv

#: Variables the agreement is checked on (issue 3: pledges, conditions, asymmetry, depth, economics, exit).
CHECKED_ALLIANCE: tuple[str, ...] = (
    "bilat",
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "consul",
    "active",
    "conditio",
    "defcon",
    "concon",
    "asymm",
    "noothall",
    "intcom",
    "milcon",
    "base",
    "milaid",
    "organ1",
    "orgpurp1",
    "ecaid",
    "nomicoop",
    "speclgth",
    "length",
    "renounce",
    "proren",
)
CHECKED_MEMBER: tuple[str, ...] = (
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "consul",
    "defcoadv",
    "defcoloc",
    "defcocon",
    "defconum",
    "defcodem",
    "defconpr",
    "concoadv",
    "concoloc",
    "concocon",
    "concoreq",
)


@dataclass(frozen=True)
class Benchmark:
    """A library instrument and the ATOP alliance (and phase) that codes the same text."""

    instrument: str
    atopid: int
    phase: int | None = None
    note: str = ""


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "nato.nat@1949",
        3180,
        1,
        "phase 1 (1949-04-04 to 1951-06-19) codes the treaty text; phase 2 adds base = 3 and organ1 = 3 "
        "from the 1951 agreements",
    ),
    Benchmark("us_jpn.tmcs@1960", 3375),
    Benchmark("us_kor.mdt@1953", 3240),
    Benchmark("anzus@1951", 3215),
)


def _bundled_dir() -> Path:
    return Path(str(resources.files("servanda").joinpath("data/atop")))


def _fallback_dirs() -> list[Path]:
    out = []
    if os.environ.get("SERVANDA_ATOP_DIR"):
        out.append(Path(os.environ["SERVANDA_ATOP_DIR"]))
    out.append(Path(__file__).resolve().parents[5] / "shared" / "data" / "atop")
    return out


@cache
def _read(path: Path) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    header, rows = read_csv(path)
    return tuple(header), tuple(rows)


def _tables(directory: Path) -> dict[str, Path]:
    """``{"alliance": path, "member": path}`` for the CSV files in ``directory``."""
    out: dict[str, Path] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.csv")):
        header, _ = _read(path)
        if "atopid" not in header:
            continue
        level = "member" if "member" in header else "alliance"
        out.setdefault(level, path)
    return out


def reference_rows(atopid: int, level: str) -> tuple[list[dict[str, str]], str | None]:
    """ATOP rows of one alliance at ``level`` (``alliance`` or ``member``) and the file they came from."""
    for directory in [_bundled_dir(), *_fallback_dirs()]:
        path = _tables(directory).get(level)
        if path is None:
            continue
        rows = [r for r in _read(path)[1] if _int(r.get("atopid")) == atopid]
        if rows:
            return rows, str(path)
    return [], None


def phases(atopid: int) -> list[int]:
    """The phases ATOP's member rows give for ``atopid`` (``[0]`` for an alliance with one phase).

    >>> phases(3180), phases(3215)
    ([1, 2], [0])
    """
    rows, _ = reference_rows(atopid, "member")
    return sorted({p for p in (_int(r.get("phase")) for r in rows) if p is not None})


def _int(text: str | None) -> int | None:
    if text is None or text.strip() in ("", "NA", "."):
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


@dataclass(frozen=True)
class AgreementRow:
    """One variable (alliance level, or one member's) compared with ATOP."""

    variable: str
    member: str | None
    ours: int | None
    atop: int | None
    status: str  # agree, differ, undecided (ours missing), absent (not in ATOP)
    rule: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "variable": self.variable,
            "member": self.member,
            "servanda": self.ours,
            "atop": self.atop,
            "status": self.status,
            "rule": self.rule,
        }


@dataclass
class AgreementReport:
    """servanda's coding of an instrument against ATOP's rows for one alliance (and phase)."""

    instrument: str
    atopid: int
    phase: int | None
    source: str | None
    rows: list[AgreementRow] = field(default_factory=list)

    def row(self, variable: str, member: str | None = None) -> AgreementRow:
        """The row of one variable (alliance level unless ``member`` is given)."""
        return next(r for r in self.rows if r.variable == variable and r.member == member)

    def disagreements(self) -> list[AgreementRow]:
        """Rows where both sides have a code and the codes differ."""
        return [r for r in self.rows if r.status == "differ"]

    def counts(self) -> dict[str, int]:
        """Number of rows per status."""
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "instrument": self.instrument,
            "atopid": self.atopid,
            "phase": self.phase,
            "source": self.source,
            "counts": self.counts(),
            "rows": [r.to_json() for r in self.rows],
        }


def _phase_rows(rows: list[dict[str, str]], phase: int | None) -> list[dict[str, str]]:
    if phase is None:
        return rows
    return [r for r in rows if _int(r.get("phase")) == phase]


def _aggregate(rows: Iterable[dict[str, str]], variable: str) -> int | None:
    values = [v for v in (_int(r.get(variable)) for r in rows) if v is not None]
    return max(values) if values else None


def _status(ours: int | None, atop: int | None) -> str:
    if atop is None:
        return "absent"
    if ours is None:
        return "undecided"
    return "agree" if ours == atop else "differ"


def agreement(
    coding: AtopCoding, atopid: int, phase: int | None = None, *, members_too: bool = True
) -> AgreementReport:
    """Compare ``coding`` with ATOP's rows for ``atopid`` (member rows of ``phase`` when given)."""
    member_rows, member_source = reference_rows(atopid, "member")
    member_rows = _phase_rows(member_rows, phase)
    alliance_rows, alliance_source = reference_rows(atopid, "alliance")
    report = AgreementReport(coding.instrument_id, atopid, phase, member_source or alliance_source)
    for var in CHECKED_ALLIANCE:
        if member_rows and any(var in r for r in member_rows):
            atop = _aggregate(member_rows, var)
        else:
            atop = _aggregate(alliance_rows, var) if phase is None else None
        coded = coding.alliance[var]
        report.rows.append(AgreementRow(var, None, coded.value, atop, _status(coded.value, atop), coded.rule))
    if members_too:
        by_cow = {_int(r.get("member")): r for r in member_rows}
        for member, coded_row in coding.members.items():
            ref = by_cow.get(cow_code(member))
            if ref is None and member == "DEU":
                ref = by_cow.get(260)
            if ref is None:
                continue
            for var in CHECKED_MEMBER:
                atop = _int(ref.get(var))
                coded = coded_row[var]
                report.rows.append(
                    AgreementRow(var, member, coded.value, atop, _status(coded.value, atop), coded.rule)
                )
    return report
