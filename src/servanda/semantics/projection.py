"""The equal-area projection servanda measures and buffers in: Lambert azimuthal equal-area on WGS84.

pyproj is not a dependency, so the projection is written out from Snyder (1987), *Map Projections — A
Working Manual*, USGS Professional Paper 1395, §24 (oblique aspect on the ellipsoid: eqs. 3-12, 3-11,
24-2, 24-3, 24-19 to 24-21 forward; 24-28 to 24-30, the series 3-18 and Newton steps on 3-16 inverse), centred on Ukraine and
vectorised with numpy over all vertices through :func:`shapely.transform`. Being equal-area, planar areas
of projected polygons are ellipsoidal areas (:func:`servanda.frontline.area.area_km2`); distances and
buffers in it are true to within 0.5 % over Ukraine (scale error of an azimuthal projection within
~900 km of its centre), which is how ``buffer_km`` and the precision discs of imprecise events are drawn.

Example:
    >>> import numpy as np
    >>> xy = laea(np.array([[36.2, 49.99]]))
    >>> laea_inverse(xy).round(9).tolist()
    [[36.2, 49.99]]
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


def laea_inverse(xy: np.ndarray, lon0: float = LON0, lat0: float = LAT0) -> np.ndarray:
    """Metres back to ``(n, 2)`` lon/lat degrees; Snyder eqs. 24-28 to 24-30, the series 3-18, Newton on 3-16."""
    lam0, beta1, d, _ = _constants(lon0, lat0)
    x, y = xy[:, 0], xy[:, 1]
    rho = np.hypot(x / d, d * y)
    ce = 2 * np.arcsin(np.clip(rho / (2 * RQ), -1.0, 1.0))
    safe = np.where(rho == 0, 1.0, rho)
    sin_beta = np.cos(ce) * math.sin(beta1) + d * y * np.sin(ce) * math.cos(beta1) / safe
    beta = np.where(rho == 0, beta1, np.arcsin(np.clip(sin_beta, -1.0, 1.0)))
    lam = lam0 + np.arctan2(
        x * np.sin(ce), d * rho * math.cos(beta1) * np.cos(ce) - d * d * y * math.sin(beta1) * np.sin(ce)
    )
    e4, e6 = E2 * E2, E2 * E2 * E2
    phi = (
        beta
        + (E2 / 3 + 31 * e4 / 180 + 517 * e6 / 5040) * np.sin(2 * beta)
        + (23 * e4 / 360 + 251 * e6 / 3780) * np.sin(4 * beta)
        + (761 * e6 / 45360) * np.sin(6 * beta)
    )
    q = QP * np.sin(beta)
    for _ in range(2):  # Newton steps on eq. 3-16: exact to rounding
        sp = np.sin(phi)
        one = 1 - E2 * sp * sp
        phi = phi + one * one / (2 * np.cos(phi)) * (
            q / (1 - E2) - sp / one + (1 / (2 * E)) * np.log((1 - E * sp) / (1 + E * sp))
        )
    return np.column_stack([np.degrees(lam), np.degrees(phi)])


def unproject(geometry: BaseGeometry) -> BaseGeometry:
    """A projected geometry (metres) back in lon/lat degrees."""
    return shapely.transform(geometry, laea_inverse)
