"""The grid index answers point-in-geometry exactly as ``NamedGeometry.contains_lonlat`` (boundary inside)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from servanda.evaluation.columnar.spatial import BOUNDARY, INSIDE, OUTSIDE, GridIndex, index_for
from servanda.language.checker import check_file
from servanda.semantics.geometry import NamedGeometry

ROOT = Path(__file__).resolve().parents[2]


def reference(geometry: NamedGeometry, xs: np.ndarray, ys: np.ndarray) -> list[bool]:
    return [geometry.contains_lonlat(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


def test_the_ukraine_geometry_vertices_edges_and_random_points_agree_with_the_reference() -> None:
    report = check_file(ROOT / "examples/ukraine-2025/usa.yaml")
    held = report.geometries["ukraine_held"]
    vertices = shapely.get_coordinates(held.geometry.boundary)[::7]
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = held.geometry.bounds
    random = np.column_stack([rng.uniform(minx - 1, maxx + 1, 4000), rng.uniform(miny - 1, maxy + 1, 4000)])
    points = np.vstack([vertices, random])
    index = index_for(held.geometry)
    got = index.contains(points[:, 0], points[:, 1]).tolist()
    assert got == reference(held, points[:, 0], points[:, 1])
    assert any(got[: len(vertices)])  # vertices lie on the boundary, which counts as inside
    states = set(index.states.ravel().tolist())
    assert {int(INSIDE), int(OUTSIDE), int(BOUNDARY)} <= states  # every kind of cell occurs


grid_values = st.sampled_from([-0.5, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 1e-12, 2 - 1e-12])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(grid_values, grid_values), min_size=1, max_size=30),
    st.sampled_from([0.1, 0.25, 0.5, 1.0]),
)
def test_points_on_cell_edges_and_geometry_boundaries_agree(
    points: list[tuple[float, float]], cell: float
) -> None:
    shape = MultiPolygon([box(0, 0, 2, 2), Polygon([(2.5, 0), (4, 0), (4, 3)])]).difference(
        box(0.5, 0.5, 1, 1)
    )
    geometry = NamedGeometry("g", shape)
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    assert GridIndex(shape, cell=cell).contains(xs, ys).tolist() == reference(geometry, xs, ys)


def test_points_without_coordinates_are_not_inside() -> None:
    index = GridIndex(box(0, 0, 1, 1), cell=0.5)
    assert index.contains(np.array([np.nan, 0.5]), np.array([0.5, np.nan])).tolist() == [False, False]
