"""When a ``territory`` trigger fires: area gained on a front-line series, not events (one implementation).

Every engine calls :func:`territory_firings`. For the trigger's ``line`` geometry (a ``frontline:``
geometry: a series and the date its line is frozen), the snapshots dated after that date (and on or before
``as_of``) are walked in date order; on each, the *reference* line is

* ``against: frozen`` without a ``window``: the frozen line;
* with a ``window``: the line in force on the window's first day (the nearest snapshot on or before it),
  never earlier than the frozen line;
* ``against: previous`` without a ``window``: the previous snapshot.

The gain is the occupied area minus the reference's (``side_gaining: occupier``) or the reverse
(``holder``), cut to ``within``; its ellipsoidal area (km², :func:`servanda.frontline.area_km2`) must be
positive and at least ``min_km2``, and with ``reaches`` the gain must touch that geometry. The first
snapshot that qualifies fires for ``target``, with the two snapshots and the area as evidence:
``snapshot:<file>@<date>`` (reference, then current) and ``gained_km2:<area>``.

Example:
    >>> evidence_note("advance", ("snapshot:a_20251201.geojson@2025-12-01",
    ...     "snapshot:a_20251209.geojson@2025-12-09", "gained_km2:57.3"))
    '`advance`: 57.3 km² gained between a_20251201.geojson (2025-12-01) and a_20251209.geojson (2025-12-09)'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import shapely

from servanda.diagnostics import Diagnostic
from servanda.evaluation.results import EvaluationError, Firing
from servanda.frontline.area import area_km2
from servanda.frontline.frozen import occupied_on, series_of
from servanda.frontline.readers import SnapshotRef
from servanda.model.instrument import Instrument, Trigger
from servanda.semantics.geometry import NamedGeometry
from servanda.semantics.time import window_start

SNAPSHOT = "snapshot:"
GAINED = "gained_km2:"


def snapshot_id(ref: SnapshotRef) -> str:
    """The evidence id of a snapshot: ``snapshot:<file name>@<date>``."""
    return f"{SNAPSHOT}{ref.path.name}@{ref.date.isoformat()}"


def _in_force(refs: list[SnapshotRef], day: date) -> SnapshotRef | None:
    earlier = [r for r in refs if r.date <= day]
    return earlier[-1] if earlier else None


def territory_firings(
    trigger: Trigger,
    instrument: Instrument,
    geometries: Mapping[str, NamedGeometry],
    as_of: date | None = None,
) -> list[Firing]:
    """The firing of a ``territory`` trigger (at most one), or none; see the module docstring."""
    spec = trigger.territory
    assert spec is not None
    line_geometry = geometries.get(spec.line)
    line = line_geometry.line if line_geometry is not None else None
    if line is None:
        raise EvaluationError(
            Diagnostic(
                "E305",
                f"trigger `{trigger.id}`: `{spec.line}` is not a front-line geometry (define it with `frontline:`)",
            )
        )
    series = series_of(line.series)
    refs = list(series.refs)
    frozen = _in_force(refs, line.requested)
    if frozen is None:  # the checker reports this (V970); nothing to compare with
        return []
    within = geometries[spec.within].geometry if spec.within else None
    reaches = geometries[spec.reaches].geometry if spec.reaches else None
    previous = frozen
    for ref in refs:
        if ref.date <= line.requested:
            continue
        if as_of is not None and ref.date > as_of:
            break
        if spec.window is not None:
            first_day = max(window_start(ref.date, spec.window), line.requested)
            reference = _in_force(refs, first_day) or frozen
        elif spec.against == "previous":
            reference = previous
        else:
            reference = frozen
        previous = ref
        now, then = occupied_on(line.series, ref), occupied_on(line.series, reference)
        gained = (
            shapely.difference(now, then)
            if spec.side_gaining == "occupier"
            else shapely.difference(then, now)
        )
        if within is not None:
            gained = shapely.intersection(gained, within)
        km2 = area_km2(gained)
        if km2 <= 0 or km2 < spec.min_km2:
            continue
        if reaches is not None and not shapely.intersects(gained, reaches):
            continue
        evidence = (snapshot_id(reference), snapshot_id(ref), f"{GAINED}{km2:.1f}")
        return [Firing(trigger.id, spec.target, ref.date, evidence)]
    return []


def evidence_note(trigger_id: str, evidence: tuple[str, ...]) -> str | None:
    """The result note that spells out a territorial firing's evidence, or None for event evidence."""
    snapshots = [e.removeprefix(SNAPSHOT) for e in evidence if e.startswith(SNAPSHOT)]
    gained = [e.removeprefix(GAINED) for e in evidence if e.startswith(GAINED)]
    if len(snapshots) != 2 or not gained:
        return None
    (a_file, a_day), (b_file, b_day) = (s.rsplit("@", 1) for s in snapshots)
    return f"`{trigger_id}`: {gained[0]} km² gained between {a_file} ({a_day}) and {b_file} ({b_day})"
