"""Build the bundled ATOP 4.01 excerpt (``servanda/data/atop/``) from the full files, and read it.

The excerpt keeps six alliances and only the columns the ATOP export and the credibility model use.
Cell text is copied verbatim from the source CSVs (empty cell = missing).

Rebuild (from the repository root)::

    uv run --frozen python -m servanda.analyses.credibility.excerpt \\
        --alliance ../shared/data/atop/atop-alliance-level.csv \\
        --member ../shared/data/atop/atop-member-level.csv \\
        --out src/servanda/data/atop

>>> rows = read_excerpt("alliance")
>>> sorted(int(r["atopid"]) for r in rows)
[3075, 3180, 3215, 3220, 3240, 3375]
>>> nato = atop_row(3180)
>>> nato["defense"], nato["base"], nato["length"]
(1.0, 3.0, 240.0)
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from servanda.analyses.atop.coding import CONDITION_COLUMNS
from servanda.analyses.tables import read_csv, read_csv_text, write_csv

#: NATO, US–Japan 1960, US–ROK, ANZUS, Rio, US–Japan 1951.
ATOPIDS: tuple[int, ...] = (3180, 3375, 3240, 3215, 3075, 3220)

_PLEDGES = ("defense", "offense", "neutral", "nonagg", "consul", "active")
_CONDITIONAL = ("conditio", "defcon", "offcon", "neucon", "concon")
_DEPTH = (
    "milcon",
    "milaid",
    "intcom",
    "subord",
    "organ1",
    "orgpurp1",
    "organ2",
    "orgpurp2",
    "base",
    "contrib",
)
_OTHER = ("asymm", "notaiden", "specthrt", "noothall", "conwtin", "medarb", "dipaid", "terrres", "interv")
_ECON = ("nomicoop", "ecaid")
_DURATION = ("speclgth", "length", "renounce", "proren", "renewlgt")

ALLIANCE_COLUMNS: tuple[str, ...] = (
    "atopid",
    "begyr",
    "begmo",
    "begday",
    "endyr",
    "endmo",
    "endday",
    "ineffect",
    "bilat",
    "maxphase",
    *_DURATION,
    *_PLEDGES,
    *_CONDITIONAL,
    *_OTHER,
    *_DEPTH,
    *_ECON,
    "version",
)

_MEMBER_CONDITIONS = (*CONDITION_COLUMNS, "olimob")

MEMBER_COLUMNS: tuple[str, ...] = (
    "atopid",
    "member",
    "phase",
    "maxphase",
    "yrent",
    "moent",
    "dayent",
    "yrexit",
    "moexit",
    "dayexit",
    "ineffect",
    "bilat",
    *_DURATION,
    *_PLEDGES,
    *_CONDITIONAL,
    *_MEMBER_CONDITIONS,
    "asymm",
    "obvary",
    "notaiden",
    "specthrt",
    "noothall",
    "conwtin",
    "medarb",
    "dipaid",
    "terrres",
    "interv",
    *_DEPTH,
    *_ECON,
    "version",
)

FILES = {"alliance": "atop-4.01-alliance-excerpt.csv", "member": "atop-4.01-member-excerpt.csv"}


def extract(source: Path, columns: Sequence[str], ids: Sequence[int] = ATOPIDS) -> list[list[str]]:
    """Rows (header first) of ``source`` for ``ids``, restricted to ``columns``, cells verbatim."""
    header, table = read_csv(source)
    missing = [c for c in columns if c not in header]
    if missing:
        raise ValueError(f"{source}: missing columns {missing}")
    keep = {str(i) for i in ids}
    rows = [[row[c] for c in columns] for row in table if row[header[0]] in keep]
    return [list(columns), *rows]


def write_excerpt(alliance: Path, member: Path, out: Path) -> dict[str, int]:
    """Write both excerpt CSVs into ``out``; return row counts."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for level, src, cols in (("alliance", alliance, ALLIANCE_COLUMNS), ("member", member, MEMBER_COLUMNS)):
        rows = extract(src, cols)
        write_csv(out / FILES[level], rows[0], rows[1:])
        counts[level] = len(rows) - 1
    return counts


def read_excerpt(level: str = "alliance") -> list[dict[str, str]]:
    """The bundled excerpt rows as dictionaries of cell text (``level``: 'alliance' or 'member')."""
    ref = resources.files("servanda").joinpath(f"data/atop/{FILES[level]}")
    return read_csv_text(ref.read_text(encoding="utf-8"))[1]


def _num(cell: str) -> float | None:
    return None if cell.strip() == "" else float(cell)


def atop_row(atopid: int, *, member: int | None = None, phase: int | None = None) -> dict[str, float | None]:
    """One bundled ATOP row as numbers (None = empty cell), alliance level unless ``member`` is given.

    For the member level, ``phase`` picks the phase (default: the last one).

    >>> atop_row(3375, member=740)["defense"]  # Japan has no defence obligation under the 1960 treaty
    0.0
    """
    if member is None:
        rows = [r for r in read_excerpt("alliance") if int(r["atopid"]) == atopid]
    else:
        rows = [
            r for r in read_excerpt("member") if int(r["atopid"]) == atopid and int(r["member"]) == member
        ]
        if phase is not None:
            rows = [r for r in rows if int(r["phase"]) == phase]
        rows = sorted(rows, key=lambda r: int(r["phase"]))[-1:]
    if not rows:
        raise KeyError(f"atopid {atopid} (member {member}, phase {phase}) is not in the bundled excerpt")
    return {k: _num(v) for k, v in rows[0].items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m servanda.analyses.credibility.excerpt")
    ap.add_argument("--alliance", required=True, type=Path)
    ap.add_argument("--member", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)
    print(write_excerpt(args.alliance, args.member, args.out))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
