"""Named geometries: feature selection and subtraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servanda.model.instrument import Geometry
from servanda.semantics.geometry import GeometryError, load_geometry, read_geojson


def _write(path: Path) -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]]}
    corner = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"name": "country"}, "geometry": square},
                    {"type": "Feature", "properties": {"name": "occupied_area"}, "geometry": corner},
                ],
            }
        ),
        encoding="utf-8",
    )


def test_feature_selection_and_minus(tmp_path: Path) -> None:
    _write(tmp_path / "g.geojson")
    spec = Geometry.model_validate(
        {
            "file": "g.geojson",
            "feature": "country",
            "description": "held",
            "minus": [{"file": "g.geojson", "feature": "occupied_area"}],
        }
    )
    held = load_geometry(tmp_path, spec)
    assert held.area == pytest.approx(12.0)
    assert read_geojson(tmp_path / "g.geojson").area == pytest.approx(16.0)


def test_unknown_feature_names_the_available_ones(tmp_path: Path) -> None:
    _write(tmp_path / "g.geojson")
    with pytest.raises(GeometryError, match="names: country, occupied_area"):
        read_geojson(tmp_path / "g.geojson", "occupied")
