"""Conflicts at run time: one bearer under two opposed obligations, neither prevailing.

Example:
    >>> # runtime_conflicts(instrument, result.activations) -> ["USA: `a` and `b` both apply ..."]
"""

from __future__ import annotations

from collections import defaultdict

from servanda.evaluation.results import Activation
from servanda.model.instrument import Instrument
from servanda.semantics.obligations import opposed


def runtime_conflicts(instrument: Instrument, activations: list[Activation]) -> list[str]:
    """Pairs of opposed obligations that both apply to one bearer and neither prevails over the other."""
    obligations = instrument.obligations()
    active = [a for a in activations if a.status in ("active", "modified")]
    out: list[str] = []
    by_bearer: dict[str, list[Activation]] = defaultdict(list)
    for a in active:
        by_bearer[a.bearer].append(a)
    for bearer, items in by_bearer.items():
        seen: set[tuple[str, str]] = set()
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.obligation == b.obligation or (a.obligation, b.obligation) in seen:
                    continue
                oa, ob = obligations[a.obligation], obligations[b.obligation]
                if not opposed(oa, ob):
                    continue
                if b.obligation in oa.prevails_over or a.obligation in ob.prevails_over:
                    continue
                seen.add((a.obligation, b.obligation))
                out.append(f"{bearer}: `{a.obligation}` and `{b.obligation}` both apply and neither prevails")
    return out
