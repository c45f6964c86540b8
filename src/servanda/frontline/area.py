"""Areas in km² on the WGS84 ellipsoid: a Lambert azimuthal equal-area projection centred on Ukraine.

pyproj is not a dependency, so the projection is written out from Snyder (1987), *Map Projections — A
Working Manual*, USGS Professional Paper 1395, §24 (oblique aspect on the ellipsoid, eqs. 3-12, 3-11,
24-2, 24-3, 24-19 to 24-21) and vectorised with numpy over all vertices through :func:`shapely.transform`.
The projection is *equal-area*: the planar area of a projected polygon is the ellipsoidal area of the
polygon whose edges are the projected straight edges. GeoJSON edges are straight in longitude/latitude,
so edges are first densified to :data:`DENSIFY_DEG` degrees; the remaining edge error is far below a km²
for Ukraine-sized shapes.

Example:
    >>> from shapely.geometry import box
    >>> round(area_km2(box(30, 48, 31, 49)), 1)  # a 1° x 1° cell at 48-49° N
    8217.7
    >>> round(cell_area_km2(30, 48, 31, 49), 1)  # the closed form on the ellipsoid
    8217.7
"""

from __future__ import annotations

import math

import numpy as np
from shapely.geometry.base import BaseGeometry

from servanda.semantics.projection import (
    DENSIFY_DEG,
    E2,
    LAT0,
    LON0,
    QP,
    RQ,
    A,
    E,
    F,
    _q,
    laea,
    laea_inverse,
    project,
    unproject,
)

__all__ = [
    "DENSIFY_DEG",
    "E2",
    "LAT0",
    "LON0",
    "QP",
    "RQ",
    "A",
    "E",
    "F",
    "area_km2",
    "cell_area_km2",
    "laea",
    "laea_inverse",
    "project",
    "spherical_area_km2",
    "unproject",
]  # fmt: skip


def area_km2(geometry: BaseGeometry) -> float:
    """Ellipsoidal (WGS84) area of a lon/lat geometry in km² (0 for points and lines)."""
    if geometry.is_empty:
        return 0.0
    return float(project(geometry).area) / 1e6


def cell_area_km2(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Exact ellipsoidal area (km²) of a longitude/latitude cell: ``a² Δλ (q(φ2) − q(φ1)) / 2``.

    >>> round(cell_area_km2(0, -90, 360, 90) / 1e6, 3)  # the whole WGS84 ellipsoid, million km²
    510.066
    """
    dlam = math.radians(lon2 - lon1)
    q1 = float(_q(math.sin(math.radians(lat1))))
    q2 = float(_q(math.sin(math.radians(lat2))))
    return A * A * dlam * (q2 - q1) / 2 / 1e6


def spherical_area_km2(geometry: BaseGeometry, radius_km: float = 6371.0072) -> float:
    """Area (km²) by the spherical ring-area formula (Chamberlain & Duquette 2007), as in SOURCE.md.

    Used only to compare with the figures of other tools; :func:`area_km2` is servanda's area.

    >>> from shapely.geometry import box
    >>> round(spherical_area_km2(box(30, 48, 31, 49)), 0)  # edges not densified
    8193.0
    """
    total = 0.0
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        for i, ring in enumerate(rings):
            c = np.radians(np.asarray(ring.coords)[:, :2])
            lon, lat = c[:, 0], c[:, 1]
            s = np.sum((np.roll(lon, -1) - lon) * (2 + np.sin(lat) + np.sin(np.roll(lat, -1))))
            ring_area = float(abs(s)) * radius_km * radius_km / 2
            total += ring_area if i == 0 else -ring_area
    return total
