"""Point-in-geometry for millions of points: a coarse grid index in front of shapely's exact test.

A :class:`GridIndex` lays a regular grid over a geometry's bounding box (one spare cell on every
side) and classifies each cell once: *inside* when the cell, widened by a small margin, lies in the
geometry's interior; *outside* when the widened cell does not touch the geometry; *boundary*
otherwise. A point in an inside or outside cell is answered from the cell; a point in a boundary cell
goes to shapely's vectorised exact test. The exact test is ``intersects_xy``, which for a point is
``covers``: a point on the boundary counts as inside, exactly as
:meth:`servanda.semantics.geometry.NamedGeometry.contains_lonlat`. The margin makes a point that
floating-point rounding puts in a neighbouring cell still fall in a cell that answers correctly.
Points without coordinates (NaN) are neither inside nor outside: :func:`inside_mask` returns False
for them and callers treat them as the reference evaluator does.

Example:
    >>> import numpy as np
    >>> from shapely.geometry import box
    >>> index = GridIndex(box(0, 0, 1, 1), cell=0.25)
    >>> index.contains(np.array([0.5, 1.0, 2.0, np.nan]), np.array([0.5, 0.3, 2.0, 0.0])).tolist()
    [True, True, False, False]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

OUTSIDE, INSIDE, BOUNDARY = np.int8(0), np.int8(1), np.int8(2)

#: Default cell size (degrees) and the most cells along one axis.
CELL_DEGREES = 0.05
MAX_CELLS = 512


class GridIndex:
    """A regular grid over ``geometry`` whose interior and exterior cells answer without an exact test."""

    def __init__(self, geometry: BaseGeometry, cell: float | None = None) -> None:
        self.geometry = geometry
        shapely.prepare(geometry)
        minx, miny, maxx, maxy = (float(v) for v in geometry.bounds)
        span = max(maxx - minx, maxy - miny, 1e-9)
        size = cell if cell is not None else max(CELL_DEGREES, span / (MAX_CELLS - 2))
        self.cell = size
        self.x0 = minx - size
        self.y0 = miny - size
        self.nx = math.ceil((maxx - self.x0) / size) + 2
        self.ny = math.ceil((maxy - self.y0) / size) + 2
        margin = size * 1e-6
        xs = self.x0 + np.arange(self.nx) * size
        ys = self.y0 + np.arange(self.ny) * size
        gx, gy = np.meshgrid(xs, ys)
        boxes = shapely.box(gx - margin, gy - margin, gx + size + margin, gy + size + margin)
        inside = shapely.contains_properly(geometry, boxes)
        touches = shapely.intersects(geometry, boxes)
        states = np.full(boxes.shape, BOUNDARY, dtype=np.int8)
        states[inside] = INSIDE
        states[~touches] = OUTSIDE
        self.states = states

    def cell_states(self, x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The state (0 outside, 1 inside, 2 boundary) of the cell of each point; NaN points: outside."""
        with np.errstate(invalid="ignore"):
            fx = np.floor((x - self.x0) / self.cell)
            fy = np.floor((y - self.y0) / self.cell)
            ok = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        out = np.zeros(x.shape, dtype=np.int8)
        out[ok] = self.states[fy[ok].astype(np.int64), fx[ok].astype(np.int64)]
        return out

    def contains(self, x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Whether each point lies inside or on the boundary (NaN coordinates: False)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        states = self.cell_states(x, y)
        result = states == INSIDE
        exact = np.flatnonzero(states == BOUNDARY)
        if exact.size:
            result[exact] = shapely.intersects_xy(self.geometry, x[exact], y[exact])
        return result


_CACHE: dict[int, tuple[BaseGeometry, GridIndex]] = {}


def index_for(geometry: BaseGeometry) -> GridIndex:
    """The grid index of ``geometry``, built once per geometry object (a small cache keeps the last few)."""
    key = id(geometry)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is geometry:
        return hit[1]
    if len(_CACHE) >= 32:
        _CACHE.pop(next(iter(_CACHE)))
    index = GridIndex(geometry)
    _CACHE[key] = (geometry, index)
    return index
