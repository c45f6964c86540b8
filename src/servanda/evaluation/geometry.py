"""Named geometries: GeoJSON files referenced by instruments, loaded with shapely.

Example:
    >>> from shapely.geometry import Point, box
    >>> g = NamedGeometry("square", box(0, 0, 1, 1))
    >>> g.contains_lonlat(0.5, 0.5), g.contains_lonlat(2, 2)
    (True, False)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry


class GeometryError(Exception):
    """A geometry file could not be loaded (reported as E305)."""


@dataclass(frozen=True)
class NamedGeometry:
    """A geometry with its name; ``covers`` semantics (boundary points are inside)."""

    name: str
    geometry: BaseGeometry

    def contains_lonlat(self, lon: float, lat: float) -> bool:
        """True if the point lies inside or on the boundary."""
        return bool(self.geometry.covers(Point(lon, lat)))

    def distance_km(self, lon: float, lat: float) -> float:
        """Approximate distance (km) from the point to the geometry's boundary (equirectangular)."""
        from math import cos, radians

        point = Point(lon, lat)
        degrees = float(self.geometry.boundary.distance(point))
        return degrees * 111.32 * max(cos(radians(lat)), 0.2)


def read_geojson(path: Path) -> BaseGeometry:
    """Union of the geometries in a GeoJSON file (FeatureCollection, Feature or bare geometry)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GeometryError(f"no such file `{path}`") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeometryError(f"`{path}` is not readable GeoJSON: {exc}") from exc
    if not isinstance(data, dict):
        raise GeometryError(f"`{path}` is not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        items = [f.get("geometry") for f in data.get("features", []) if isinstance(f, dict)]
    elif data.get("type") == "Feature":
        items = [data.get("geometry")]
    else:
        items = [data]
    geometries: list[BaseGeometry] = []
    for item in items:
        if not item:
            continue
        try:
            geometries.append(shape(item))
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise GeometryError(f"`{path}` holds an invalid geometry: {exc}") from exc
    if not geometries:
        raise GeometryError(f"`{path}` holds no geometry")
    merged = shapely.union_all([shapely.make_valid(g) for g in geometries])
    if merged.is_empty:
        raise GeometryError(f"`{path}` holds only empty geometries")
    shapely.prepare(merged)
    return merged
