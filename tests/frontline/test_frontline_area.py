"""Ellipsoidal areas: the Lambert azimuthal equal-area projection against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from servanda.frontline.area import area_km2, cell_area_km2, laea, project, spherical_area_km2


@pytest.mark.parametrize("lat", [44, 46, 48, 50, 52])
@pytest.mark.parametrize("lon", [22, 31, 40])
def test_one_degree_cells_match_the_closed_form(lon: int, lat: int) -> None:
    exact = cell_area_km2(lon, lat, lon + 1, lat + 1)
    assert area_km2(box(lon, lat, lon + 1, lat + 1)) == pytest.approx(exact, rel=2e-6)


def test_cell_at_48_north_known_value() -> None:
    # a^2 * dlambda * (q(49) - q(48)) / 2 on WGS84; the authalic sphere gives about 0.3 % more at this latitude
    assert cell_area_km2(30, 48, 31, 49) == pytest.approx(8217.73, abs=0.01)
    assert area_km2(box(30, 48, 31, 49)) == pytest.approx(8217.73, abs=0.01)


def test_whole_ellipsoid_surface() -> None:
    assert cell_area_km2(-180, -90, 180, 90) == pytest.approx(510_065_621.7, rel=1e-9)


def test_centre_maps_to_origin_and_projection_preserves_small_areas_far_from_it() -> None:
    assert np.allclose(laea(np.array([[32.0, 48.5]])), 0.0)
    small = box(39.9, 52.9, 40.0, 53.0)  # 1 000 km from the centre
    assert area_km2(small) == pytest.approx(cell_area_km2(39.9, 52.9, 40.0, 53.0), rel=1e-6)


def test_holes_and_parts_count() -> None:
    outer = box(30, 48, 31, 49)
    hole = box(30.25, 48.25, 30.75, 48.75)
    with_hole = Polygon(outer.exterior.coords, [hole.exterior.coords])
    assert area_km2(with_hole) == pytest.approx(area_km2(outer) - area_km2(hole), rel=1e-9)
    two = MultiPolygon([box(30, 48, 31, 49), box(32, 48, 33, 49)])
    assert area_km2(two) == pytest.approx(2 * cell_area_km2(30, 48, 31, 49), rel=1e-5)
    assert area_km2(Polygon()) == 0.0


def test_densification_makes_parallels_follow_the_graticule() -> None:
    cell = box(30, 48, 31, 49)
    assert project(cell).area / 1e6 == pytest.approx(cell_area_km2(30, 48, 31, 49), rel=2e-6)
    assert project(cell, densify=None).area / 1e6 != pytest.approx(cell_area_km2(30, 48, 31, 49), rel=2e-6)


def test_spherical_ring_area_differs_by_a_known_amount() -> None:
    # the undensified ring-area formula on the authalic sphere (as SOURCE.md's figures) is 0.3 % lower here
    ratio = spherical_area_km2(box(30, 48, 31, 49)) / cell_area_km2(30, 48, 31, 49)
    assert 0.995 < ratio < 0.998
