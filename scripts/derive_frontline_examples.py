"""Derive the small bundled front-line series of examples/ukraine-2025 from ../shared (GPL-3.0 data).

Each of four monthly DeepState-derived snapshots (cyterat/deepstate-map-data) is simplified with
``shapely.simplify(preserve_topology=True)`` to about 200 vertices; parts under 5 km² are dropped.
The NOTICE beside the files records the source, commit, licence and the figures printed here.

    python3 -m uv run --frozen python scripts/derive_frontline_examples.py --shared ../shared
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from servanda.frontline import area_km2

DATES = ("20240708", "20250601", "20251201", "20260822")
TARGET_VERTICES = 200
OUT = Path("examples/ukraine-2025/geometries/frontline")


def simplify(geometry: shapely.Geometry) -> tuple[shapely.Geometry, float, shapely.Geometry]:
    parts = [p for p in geometry.geoms if area_km2(p) >= 5.0]
    geometry = shapely.MultiPolygon(parts)
    tolerance = 0.001
    while True:
        simple = shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), 1e-5)
        if shapely.get_num_coordinates(simple) <= TARGET_VERTICES:
            return simple, tolerance, geometry
        tolerance *= 1.15


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    source = args.shared / "data" / "frontline" / "deepstate_occupied_monthly"
    OUT.mkdir(parents=True, exist_ok=True)
    for day in DATES:
        path = source / f"deepstatemap_data_{day}.geojson"
        raw = path.read_bytes()
        geometry = shape(json.loads(raw)["features"][0]["geometry"])
        simple, tolerance, kept = simplify(geometry)
        hausdorff = kept.hausdorff_distance(simple)
        data = {
            "type": "FeatureCollection",
            "name": f"deepstatemap_data_{day}",
            "features": [
                {
                    "type": "Feature",
                    "properties": {
                        "source": "DeepStateMap via cyterat/deepstate-map-data, "
                        f"data/deepstatemap_data_{day}.geojson (commit e904719a6726c7e6b5d6e87a7701e1b77b18e554)",
                        "licence": "GPL-3.0 (see NOTICE.md and LICENSE-GPL-3.0.txt in geometries/)",
                        "source_sha256": hashlib.sha256(raw).hexdigest(),
                        "simplification": f"shapely.simplify(preserve_topology=True), tolerance {tolerance:.4f} deg, "
                        f"{shapely.get_num_coordinates(geometry)} -> {shapely.get_num_coordinates(simple)} vertices, "
                        f"Hausdorff {hausdorff:.3f} deg from the kept parts; parts < 5 km2 dropped",
                        "area_km2_source": round(area_km2(geometry), 1),
                        "area_km2": round(area_km2(simple), 1),
                    },
                    "geometry": mapping(simple),
                }
            ],
        }
        (OUT / path.name).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        print(
            day,
            data["features"][0]["properties"]["simplification"],
            round(area_km2(geometry), 1),
            "->",
            round(area_km2(simple), 1),
        )


if __name__ == "__main__":
    main()
