"""What the party selectors in a list of parties mean.

Instrument selectors (`$parties`, `$guarantors`, `$beneficiaries`) name the parties holding a role,
optionally only those bound on a day (between accession and withdrawal). Event selectors (`$target`,
`$other_parties`) only mean something for one firing: the attacked state and every other party.

Example:
    >>> # codes(instrument, ["$guarantors", "POL"], on=date(2025, 1, 1)) -> {"USA", "GBR", "POL"}
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from servanda.model.instrument import Instrument


def codes(instrument: Instrument, refs: Iterable[str], on: date | None = None) -> frozenset[str]:
    """Codes named by codes and instrument selectors (with ``on``: only parties bound that day)."""
    return frozenset(instrument.expand(list(refs), on))


def expand_for(instrument: Instrument, refs: list[str], target: str, on: date | None = None) -> list[str]:
    """Codes for ``refs`` in the context of a firing against ``target`` on ``on`` (parties bound that day).

    ``$target`` is the attacked state (nothing when the firing has none), ``$other_parties`` every
    other party bound on ``on``; order is file order, without repeats.
    """
    out: list[str] = []
    for ref in refs:
        if ref == "$target":
            out.extend([target] if target else [])
        elif ref == "$other_parties":
            out.extend(p for p in instrument.party_codes if p != target and instrument.bound_on(p, on))
        else:
            out.extend(instrument.expand([ref], on))
    return list(dict.fromkeys(out))
