"""Which seat composition a chamber had on a date: explicit dated entries, ParlGov, or a proxy.

Rule: among the chamber's own dated compositions and (if ``parlgov: true``) the ParlGov
election results, take the latest with ``as_of <= on``. A chamber without any data but with
``proxy_of`` borrows the other chamber's shares, scaled to its seats by largest remainder
(note R511). A composition past its ``valid_until`` is used with warning R512.

Example:
    >>> from servanda.analyses.legislatures.jurisdictions import load_jurisdiction
    >>> comp, notes = composition_at(load_jurisdiction("USA"), "senate", date(2025, 6, 1))
    >>> comp.total, [b.id for b in comp.blocs]
    (100, ['R', 'D', 'I'])
"""

from __future__ import annotations

from datetime import date

import numpy as np

from servanda.analyses.legislatures.jurisdictions import Bloc, Composition, Jurisdiction
from servanda.analyses.legislatures.parlgov import parlgov_composition
from servanda.diagnostics import Diagnostic, ServandaError


def _own(jur: Jurisdiction, chamber_id: str, on: date) -> Composition | None:
    chamber = jur.chamber(chamber_id)
    candidates = [c for c in chamber.compositions if c.as_of <= on]
    if chamber.parlgov:
        pg = parlgov_composition(jur.code, on)
        if pg is not None:
            candidates.append(pg)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c.as_of, not c.proxy))


def scale_blocs(blocs: list[Bloc], seats: int) -> list[Bloc]:
    """Scale bloc seats to a new total by largest remainder (Hamilton).

    >>> [b.seats for b in scale_blocs([Bloc(id="a", seats=3), Bloc(id="b", seats=1)], 10)]
    [8, 2]
    """
    raw = np.array([b.seats for b in blocs], dtype=float)
    quota = raw / raw.sum() * seats
    base = np.floor(quota).astype(int)
    rest = seats - int(base.sum())
    order = np.argsort(-(quota - base), kind="stable")
    base[order[:rest]] += 1
    return [b.model_copy(update={"seats": int(s)}) for b, s in zip(blocs, base, strict=True)]


def composition_at(jur: Jurisdiction, chamber_id: str, on: date) -> tuple[Composition, list[Diagnostic]]:
    """The composition of ``chamber_id`` on ``on`` and any notes about it (R511, R512)."""
    chamber = jur.chamber(chamber_id)
    notes: list[Diagnostic] = []
    comp = _own(jur, chamber_id, on)
    if comp is None and chamber.proxy_of is not None:
        base = _own(jur, chamber.proxy_of, on)
        if base is not None:
            voting = [b for b in base.blocs if not b.vacant]
            comp = Composition(
                as_of=base.as_of,
                seats=chamber.seats,
                blocs=scale_blocs(voting, chamber.seats),
                source=base.source,
                verified=False,
                note=f"proxy: shares of `{chamber.proxy_of}` scaled to {chamber.seats} seats",
                proxy=True,
            )
            notes.append(
                Diagnostic(
                    "R511",
                    f"{jur.name} {chamber.name}: no composition data; using the shares of `{chamber.proxy_of}`",
                    f"jurisdictions/{jur.code}.yaml",
                    path=f"chambers.{chamber.id}",
                    hint="add a dated `compositions` entry with a source",
                    level="warning",
                )
            )
    if comp is None:
        raise ServandaError.one(
            "R508",
            f"{jur.name} {chamber.name}: no seat composition on or before {on}",
            f"jurisdictions/{jur.code}.yaml",
            path=f"chambers.{chamber.id}",
            hint="add a dated `compositions` entry (as_of, blocs, source) or set `proxy_of`",
        )
    if chamber.newer_election is not None and comp.as_of < chamber.newer_election <= on:
        notes.append(
            Diagnostic(
                "R512",
                f"{jur.name} {chamber.name}: composition of {comp.as_of} predates the election of "
                f"{chamber.newer_election}, whose result is not in the data",
                f"jurisdictions/{jur.code}.yaml",
                path=f"chambers.{chamber.id}",
                hint="add the composition elected since, with its source",
                level="warning",
            )
        )
    elif comp.valid_until is not None and comp.valid_until < on:
        notes.append(
            Diagnostic(
                "R512",
                f"{jur.name} {chamber.name}: composition of {comp.as_of} was valid until {comp.valid_until}; "
                f"no newer data for {on}",
                f"jurisdictions/{jur.code}.yaml",
                path=f"chambers.{chamber.id}",
                hint="add the composition elected since, with its source",
                level="warning",
            )
        )
    return comp, notes
