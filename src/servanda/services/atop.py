"""``atop``: code instruments into ATOP 4.01 variables, or measure agreement with ATOP's own coding.

Example:
    >>> out = atop(["nato.nat@1949"])
    >>> out.codings[0].instrument_id, out.reports
    ('nato.nat@1949', [])
    >>> atop(["nato.nat@1949"], against=3180).reports[0].atopid
    3180
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.services._inputs import load_instrument_file
from servanda.services.errors import usage

if TYPE_CHECKING:
    from servanda.analyses.atop.coding import AtopCoding
    from servanda.analyses.atop.reference import AgreementReport

#: Columns of the agreement CSV.
AGREEMENT_COLUMNS = ["servanda_id", "atopid", "variable", "member", "servanda", "atop", "status", "rule"]


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    """CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@dataclass
class AtopResult:
    """Codings (plain coding) or agreement reports (``against``/``benchmarks``), never both."""

    codings: list[AtopCoding] = field(default_factory=list)
    reports: list[AgreementReport] = field(default_factory=list)
    member_level: bool = False

    @property
    def is_agreement(self) -> bool:
        return bool(self.reports)

    def to_json(self) -> list[dict[str, Any]]:
        if self.reports:
            return [r.to_json() for r in self.reports]
        return [c.to_json() for c in self.codings]

    def to_csv(self) -> str:
        """ATOP-style CSV (alliance or member rows), or the agreement rows."""
        from servanda.analyses.atop.coding import ALLIANCE_COLUMNS, MEMBER_COLUMNS

        if self.reports:
            rows = [
                {
                    "servanda_id": r.instrument,
                    "atopid": str(r.atopid),
                    **{k: "" if v is None else str(v) for k, v in row.to_json().items()},
                }
                for r in self.reports
                for row in r.rows
            ]
            return to_csv(rows, AGREEMENT_COLUMNS)
        if self.member_level:
            return to_csv(
                [row for c in self.codings for row in c.member_rows()],
                ["servanda_id", "servanda_member", *MEMBER_COLUMNS],
            )
        return to_csv(
            [c.alliance_row() for c in self.codings], ["servanda_id", "servanda_title", *ALLIANCE_COLUMNS]
        )


def atop(
    paths: str | Path | Sequence[str | Path] | None = None,
    *,
    member_level: bool = False,
    against: int | None = None,
    phase: int | None = None,
    benchmarks: bool = False,
) -> AtopResult:
    """Code instruments into ATOP variables, or compare with ATOP alliance ``against`` (and ``phase``).

    ``benchmarks`` adds the agreement for NATO, US-Japan, US-ROK and ANZUS. Coded usage errors: E204
    (bad phase), E101 (nothing to code, unknown atopid).
    """
    from servanda.analyses.atop.coding import code_instrument
    from servanda.analyses.atop.reference import BENCHMARKS, agreement, phases

    names = [] if paths is None else ([paths] if isinstance(paths, str | Path) else list(paths))
    if phase is not None:
        if against is None:
            raise usage(
                "E204",
                f"`--phase {phase}` applies only to a comparison with `--against ATOPID`",
                "",
                "e.g. `servanda atop nato.nat@1949 --against 3180 --phase 1`",
            )
        known = phases(against)
        if known and phase not in known:
            listed = ", ".join(map(str, known))
            raise usage(
                "E204",
                f"ATOP alliance {against} has no phase {phase}",
                "",
                f"use one of: {listed}"
                + (" (0: the alliance has a single phase)" if known == [0] else "")
                + ", or leave out `--phase` to compare with every phase",
            )
    if benchmarks or against is not None:
        reports = []
        if benchmarks:
            for b in BENCHMARKS:
                reports.append(
                    agreement(code_instrument(load_instrument_file(b.instrument)[0]), b.atopid, b.phase)
                )
        if against is not None:
            if not names:
                raise usage(
                    "E101",
                    "`--against` needs an instrument",
                    "",
                    "e.g. `servanda atop nato.nat@1949 --against 3180`",
                )
            for name in names:
                coding = code_instrument(load_instrument_file(name)[0])
                default = next(
                    (
                        b.phase
                        for b in BENCHMARKS
                        if b.atopid == against and b.instrument == coding.instrument_id
                    ),
                    None,
                )
                reports.append(agreement(coding, against, phase if phase is not None else default))
        if any(not r.rows or r.source is None for r in reports):
            raise usage(
                "E101",
                "no ATOP rows found for that atopid",
                "",
                "the bundled excerpt holds 3075, 3180, 3215, 3220, 3240, 3375",
            )
        return AtopResult(reports=reports, member_level=member_level)
    if not names:
        raise usage(
            "E101", "no instrument given", "", "e.g. `servanda atop nato.nat@1949`, or `--benchmarks`"
        )
    return AtopResult(
        codings=[code_instrument(load_instrument_file(n)[0]) for n in names], member_level=member_level
    )
