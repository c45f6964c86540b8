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
import shapely
from shapely.geometry.base import BaseGeometry

#: WGS84 semi-major axis (m) and flattening.
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
E = math.sqrt(E2)

#: Centre of the projection (Ukraine): 32° E, 48.5° N.
LON0 = 32.0
LAT0 = 48.5

#: Edges are densified to this step (degrees) before projecting.
DENSIFY_DEG = 0.05


def _q(sin_phi: np.ndarray | float) -> np.ndarray | float:
    """Snyder eq. 3-12: ``q`` of the authalic latitude."""
    s = sin_phi
    return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * np.log((1 - E * s) / (1 + E * s)))


QP = float(_q(1.0))
#: Radius of the authalic sphere (m), Snyder eq. 3-13.
RQ = A * math.sqrt(QP / 2)


def _constants(lon0: float, lat0: float) -> tuple[float, float, float, float]:
    phi1 = math.radians(lat0)
    beta1 = math.asin(float(_q(math.sin(phi1))) / QP)
    m1 = math.cos(phi1) / math.sqrt(1 - E2 * math.sin(phi1) ** 2)
    d = A * m1 / (RQ * math.cos(beta1))
    return math.radians(lon0), beta1, d, m1


def laea(coords: np.ndarray, lon0: float = LON0, lat0: float = LAT0) -> np.ndarray:
    """Project ``(n, 2)`` lon/lat degrees to metres (x east, y north); Snyder eqs. 24-19 to 24-21.

    >>> laea(np.array([[32.0, 48.5]])).round(6).tolist()
    [[0.0, 0.0]]
    """
    lam0, beta1, d, _ = _constants(lon0, lat0)
    lam = np.radians(coords[:, 0]) - lam0
    beta = np.arcsin(np.clip(_q(np.sin(np.radians(coords[:, 1]))) / QP, -1.0, 1.0))
    sb, cb, cl = np.sin(beta), np.cos(beta), np.cos(lam)
    b = RQ * np.sqrt(2 / (1 + math.sin(beta1) * sb + math.cos(beta1) * cb * cl))
    x = b * d * cb * np.sin(lam)
    y = (b / d) * (math.cos(beta1) * sb - math.sin(beta1) * cb * cl)
    return np.column_stack([x, y])


def project(geometry: BaseGeometry, densify: float | None = DENSIFY_DEG) -> BaseGeometry:
    """``geometry`` (lon/lat) in the equal-area projection, metres; edges densified first."""
    if densify:
        geometry = shapely.segmentize(geometry, densify)
    return shapely.transform(geometry, laea)


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
