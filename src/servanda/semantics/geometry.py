"""Named geometries: GeoJSON files referenced by instruments, loaded with shapely.

Example:
    >>> from shapely.geometry import Point, box
    >>> g = NamedGeometry("square", box(0, 0, 1, 1))
    >>> g.contains_lonlat(0.5, 0.5), g.contains_lonlat(2, 2)
    (True, False)
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.reader import read_json


class GeometryError(ServandaError):
    """A geometry file could not be loaded (reported as E305)."""

    def __init__(self, message: str) -> None:
        super().__init__(Diagnostic("E305", message))


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


def read_geojson(path: Path, feature: str | None = None) -> BaseGeometry:
    """Union of the geometries in a GeoJSON file (FeatureCollection, Feature or bare geometry).

    With ``feature``, only the features whose ``properties.name`` equals it.
    """
    data, result = read_json(path, "geojson")
    if result.diagnostics:
        problem = result.diagnostics[0]
        if problem.message.startswith("no such file"):
            raise GeometryError(f"no such file `{path}`")
        where = f" (line {problem.span.line})" if problem.span and problem.span.line > 1 else ""
        raise GeometryError(f"`{path}` is not readable GeoJSON: {problem.message}{where}")
    if not isinstance(data, dict):
        raise GeometryError(f"`{path}` is not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        features = [f for f in data.get("features", []) if isinstance(f, dict)]
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"geometry": data, "properties": {}}]
    if feature is not None:
        names = sorted({str((f.get("properties") or {}).get("name")) for f in features})
        features = [f for f in features if (f.get("properties") or {}).get("name") == feature]
        if not features:
            raise GeometryError(f"`{path}` has no feature named `{feature}` (names: {', '.join(names)})")
    items = [f.get("geometry") for f in features]
    geometries: list[BaseGeometry] = []
    for item in items:
        if not item:
            continue
        if not isinstance(item, dict):
            raise GeometryError(f"`{path}` holds a geometry that is not a GeoJSON object")
        bad = _bad_coordinate(item.get("coordinates"))
        if bad is not None:
            raise GeometryError(f"`{path}` holds an invalid {item.get('type', 'geometry')}: {bad}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                geometry = shape(item)
                reason = None if shapely.is_valid(geometry) else shapely.is_valid_reason(geometry)
        except (
            ValueError,
            TypeError,
            AttributeError,
            KeyError,
            IndexError,
            RuntimeWarning,
            ShapelyError,
        ) as exc:
            first = str(exc).split("\n")[0][:120]
            raise GeometryError(f"`{path}` holds an invalid {item.get('type', 'geometry')}: {first}") from exc
        if reason is not None:
            raise GeometryError(
                f"`{path}` holds an invalid {item.get('type', 'geometry')}: {reason} "
                "(repair it, e.g. with `mapshaper -clean` or QGIS 'Fix geometries')"
            )
        geometries.append(geometry)
    if not geometries:
        raise GeometryError(f"`{path}` holds no geometry")
    merged = shapely.union_all([shapely.make_valid(g) for g in geometries])
    if merged.is_empty:
        raise GeometryError(f"`{path}` holds only empty geometries")
    shapely.prepare(merged)
    return merged


def _bad_coordinate(coordinates: Any) -> str | None:
    """Why a coordinate array is unusable (not a number, NaN, infinite), walked without recursion."""
    stack = [coordinates]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif item is None:
            continue
        elif isinstance(item, bool) or not isinstance(item, int | float):
            return f"coordinate `{str(item)[:40]}` is not a number"
        elif isinstance(item, float) and not math.isfinite(item):
            return f"coordinate {'NaN' if math.isnan(item) else 'infinite'} (give finite degrees)"
    return None


def load_geometry(base: Path, spec: Any) -> BaseGeometry:
    """Build a named geometry from its spec (``file``, ``feature``, ``minus``) relative to ``base``."""
    geometry = read_geojson(base / spec.file, spec.feature)
    for part in spec.minus:
        geometry = shapely.difference(geometry, read_geojson(base / part.file, part.feature))
    if geometry.is_empty:
        raise GeometryError(f"`{spec.file}` minus {len(spec.minus)} part(s) is empty")
    shapely.prepare(geometry)
    return geometry
