"""How the front line moved: the area series, the snapshot on a date, and changes between two dates.

Works on a :class:`~servanda.frontline.Series` (snapshots read on demand, one at a time, so memory stays
that of one or two snapshots). Areas are ellipsoidal km² (:func:`servanda.frontline.area_km2`).

Example:
    >>> from servanda.frontline import index_series
    >>> series = index_series("examples/ukraine-2025/geometries/frontline")
    >>> rows, notes = area_series(series, date(2025, 1, 1), date(2026, 8, 22))
    >>> [r.date.isoformat() for r in rows], [n.code for n in notes]
    (['2024-07-08', '2025-06-01', '2025-12-01', '2026-08-22'], ['V970'])
    >>> change = changes(series, date(2025, 6, 1), date(2025, 12, 1))[0]
    >>> change.gained_km2 > change.lost_km2 > 0
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from servanda.analyses.frontline.regions import (
    ADMIN1_HINT,
    OUTSIDE,
    RegionChange,
    Regions,
    read_regions,
    region_changes,
)
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.frontline import Series, Snapshot, area_km2
from servanda.frontline.frozen import snapshot_on

__all__ = [
    "ADMIN1_HINT",
    "MIN_PART_KM2",
    "OUTSIDE",
    "AreaRow",
    "Change",
    "RegionChange",
    "Regions",
    "area_series",
    "changes",
    "read_regions",
    "region_changes",
    "snapshot_on",
]

#: Changed parts smaller than this (km²) are dropped from the change polygons as redrawing noise.
MIN_PART_KM2 = 0.01


@dataclass(frozen=True)
class AreaRow:
    """Areas (km²) of one snapshot of the series."""

    date: date
    file: str
    kind: str
    era: str
    areas: dict[str, float]
    notes: tuple[Diagnostic, ...] = ()
    #: With regions: occupied km² per region (in :attr:`Regions.names` order) and km² in no region.
    region_km2: tuple[float, ...] = ()
    outside_km2: float = 0.0

    @property
    def occupied_km2(self) -> float:
        """The occupied area (``occupied`` ∪ ``cadr_calr`` ∪ ``crimea``), km²."""
        return self.areas["occupied_total"]

    def to_json(self) -> dict[str, Any]:
        """JSON form: date, file, kind, naming era, areas by category."""
        return {
            "date": self.date.isoformat(),
            "file": self.file,
            "kind": self.kind,
            "era": self.era,
            "areas_km2": self.areas,
        }


def area_series(
    series: Series, start: date | None = None, end: date | None = None, regions: Regions | None = None
) -> tuple[list[AreaRow], list[Diagnostic]]:
    """Areas of every snapshot from ``start`` to ``end`` (inclusive); with ``regions``, also per region.

    When no snapshot is dated ``start``, the nearest earlier one is carried in (noted V970); raises V974
    when the range holds no snapshot at all, or starts after the series ends.
    """
    notes: list[Diagnostic] = []
    refs = [r for r in series.refs if (start is None or r.date >= start) and (end is None or r.date <= end)]
    if start is not None and start > series.refs[-1].date:
        refs = []
    elif start is not None and not any(r.date == start for r in refs):
        earlier = [r for r in series.refs if r.date < start]
        if earlier:
            refs.insert(0, earlier[-1])
            notes.append(
                Diagnostic(
                    "V970",
                    f"no snapshot on {start} (--from); the series starts the range with {earlier[-1].date}",
                    series.source,
                    level="warning",
                )
            )
    if not refs:
        first, last = series.refs[0].date, series.refs[-1].date
        raise ServandaError(
            Diagnostic(
                "V974",
                f"no snapshot from {start or 'the start'} to {end or 'the end'}; the series runs {first} to {last}",
                series.source,
                hint=f"use dates from {first} to {last}",
            )
        )
    rows = []
    for ref in refs:
        snapshot = series.read(ref)
        areas = snapshot.areas_km2()
        per_region: tuple[float, ...] = ()
        outside = 0.0
        if regions is not None:
            km2 = regions.occupied_km2(snapshot.occupied)
            per_region = tuple(round(float(v), 2) for v in km2)
            outside = round(areas["occupied_total"] - float(km2.sum()), 2)
            outside = outside if outside >= 0.1 else 0.0  # below the 0.1 km² rounding of the total: none
        rows.append(
            AreaRow(
                ref.date,
                snapshot.file,
                snapshot.kind,
                snapshot.era,
                areas,
                snapshot.notes,
                per_region,
                outside,
            )
        )
    return rows, notes


@dataclass(frozen=True)
class Change:
    """How the occupied area changed between two snapshots: the polygons gained and lost."""

    before: Snapshot
    after: Snapshot
    gained: BaseGeometry
    lost: BaseGeometry
    notes: tuple[Diagnostic, ...] = field(default=())

    @property
    def gained_km2(self) -> float:
        """Area newly occupied between the two dates (km²)."""
        return round(area_km2(self.gained), 2)

    @property
    def lost_km2(self) -> float:
        """Area no longer occupied (km²)."""
        return round(area_km2(self.lost), 2)

    @property
    def net_km2(self) -> float:
        """Net change of the occupied area (km²): gained − lost."""
        return round(self.gained_km2 - self.lost_km2, 2)

    def parts(self) -> list[tuple[str, BaseGeometry, float]]:
        """``(gained|lost, polygon, km²)`` per changed part, largest first."""
        out = []
        for side, geometry in (("gained", self.gained), ("lost", self.lost)):
            for part in getattr(geometry, "geoms", [geometry]):
                if not part.is_empty:
                    out.append((side, part, round(area_km2(part), 3)))
        return sorted(out, key=lambda p: -p[2])

    def to_json(self) -> dict[str, Any]:
        """Summary: both snapshots (date, file), km² gained, lost and net, and the number of parts."""
        parts = self.parts()
        return {
            "from": {"date": self.before.date.isoformat(), "file": self.before.file},
            "to": {"date": self.after.date.isoformat(), "file": self.after.file},
            "gained_km2": self.gained_km2,
            "lost_km2": self.lost_km2,
            "net_km2": self.net_km2,
            "gained_parts": sum(1 for p in parts if p[0] == "gained"),
            "lost_parts": sum(1 for p in parts if p[0] == "lost"),
        }

    def to_geojson(self) -> dict[str, Any]:
        """The changed polygons as a GeoJSON FeatureCollection (``change``: gained/lost, ``area_km2``)."""
        features = [
            {
                "type": "Feature",
                "properties": {
                    "change": side,
                    "area_km2": km2,
                    "from": self.before.date.isoformat(),
                    "to": self.after.date.isoformat(),
                },
                "geometry": mapping(shapely.set_precision(part, 1e-6)),
            }
            for side, part, km2 in self.parts()
        ]
        return {"type": "FeatureCollection", "features": features}


def _clean(geometry: BaseGeometry) -> BaseGeometry:
    parts = [
        p
        for p in getattr(geometry, "geoms", [geometry])
        if p.geom_type == "Polygon" and area_km2(p) >= MIN_PART_KM2
    ]
    return shapely.MultiPolygon(parts) if parts else shapely.MultiPolygon()


def changes(
    series: Series, first: date, second: date, *, strict: bool = False
) -> tuple[Change, list[Diagnostic]]:
    """The change of the occupied area from ``first`` to ``second`` (snapshots resolved by :func:`snapshot_on`)."""
    if second < first:
        first, second = second, first
    notes = []
    refs = []
    for day, option in ((first, "--changes D1"), (second, "--changes D2")):
        ref, note = snapshot_on(series, day, strict=strict, option=option)
        refs.append(ref)
        if note is not None:
            notes.append(note)
    before, after = series.read(refs[0]), series.read(refs[1])
    a, b = before.occupied, after.occupied
    gained = _clean(shapely.difference(b, a))
    lost = _clean(shapely.difference(a, b))
    return Change(before, after, gained, lost, tuple(notes)), notes
