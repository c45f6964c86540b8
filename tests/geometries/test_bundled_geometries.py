"""Bundled GeoJSON geometries: well-formed, valid, cited, and right about well-known places."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from servanda.api import load
from servanda.semantics.geometry import load_geometry, read_geojson

REPO_ROOT = Path(__file__).resolve().parents[2]
UKRAINE_DIR = REPO_ROOT / "examples" / "ukraine-2025"
EXAMPLE_DIR = UKRAINE_DIR / "geometries"
LIBRARY_DIR = REPO_ROOT / "src" / "servanda" / "data" / "library" / "geometries"
SHARED = REPO_ROOT.parent / "shared"
DEEPSTATE_20251214 = (
    SHARED / "data/frontline/deepstate_occupied_daily_2025-12/deepstatemap_data_20251214.geojson"
)

EXAMPLE_FILES = sorted(EXAMPLE_DIR.glob("*.geojson"))
LIBRARY_FILES = sorted(LIBRARY_DIR.glob("*.geojson"))
REQUIRED = ("id", "title", "date", "source", "licence", "derivation", "simplification", "caveats")
LIBRARY_REQUIRED = ("treaty", "treaty_article", "article_text")
# The one file derived from DeepState (../shared/README.md allows no more), with its two features.
DEEPSTATE_DERIVED = ("line_of_contact_2025-12-14",)
LINE_OF_CONTACT_FILE = EXAMPLE_DIR / "line_of_contact_2025-12-14.geojson"
INSTRUMENTS = ("usa", "gbr", "fra", "deu", "can", "jpn")
EARTH_RADIUS_KM = 6371.0072

KYIV = (30.52, 50.45)
KHARKIV = (36.23, 49.99)
DONETSK = (37.80, 48.00)
SEVASTOPOL = (33.52, 44.62)
SIMFEROPOL = (34.10, 44.95)
BELGOROD = (36.59, 50.60)
WASHINGTON = (-77.04, 38.91)
PARIS = (2.35, 48.86)
ANKARA = (32.85, 39.93)
HONOLULU = (-157.86, 21.31)
GUAM = (144.79, 13.44)
TOKYO = (139.69, 35.69)
SEOUL = (126.98, 37.57)
PYONGYANG = (125.75, 39.03)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def geometry(stem: str) -> BaseGeometry:
    path = EXAMPLE_DIR / f"{stem}.geojson"
    if not path.exists():
        path = LIBRARY_DIR / f"{stem}.geojson"
    merged = shapely.union_all([shape(f["geometry"]) for f in _load(path)["features"]])
    shapely.prepare(merged)
    return merged


def properties(stem: str) -> dict[str, Any]:
    path = EXAMPLE_DIR / f"{stem}.geojson"
    if not path.exists():
        path = LIBRARY_DIR / f"{stem}.geojson"
    props: dict[str, Any] = _load(path)["features"][0]["properties"]
    return props


def inside(stem: str, point: tuple[float, float]) -> bool:
    return bool(geometry(stem).covers(Point(point)))


@cache
def feature(name: str) -> BaseGeometry:
    """A feature of the DeepState-derived file, selected by ``properties.name`` as instruments do."""
    return read_geojson(LINE_OF_CONTACT_FILE, feature=name)


def feature_properties(name: str) -> dict[str, Any]:
    matches = [f for f in _load(LINE_OF_CONTACT_FILE)["features"] if f["properties"].get("name") == name]
    assert len(matches) == 1, name
    props: dict[str, Any] = matches[0]["properties"]
    return props


@cache
def held() -> BaseGeometry:
    """The territory held by Ukraine as the instruments compute it at load time."""
    path = UKRAINE_DIR / "usa.yaml"
    return load_geometry(path.parent, load(path).geometries["ukraine_held"])


def covers(geom: BaseGeometry, point: tuple[float, float]) -> bool:
    return bool(geom.covers(Point(point)))


def _ring_area_km2(coords: np.ndarray) -> float:
    lam, phi = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    total = np.sum((lam[1:] - lam[:-1]) * (2.0 + np.sin(phi[:-1]) + np.sin(phi[1:])))
    return abs(float(total)) * EARTH_RADIUS_KM**2 / 2.0


def area_km2(geom: BaseGeometry) -> float:
    """Spherical ring-area formula, the method the build script uses."""
    total = 0.0
    for polygon in shapely.get_parts(shapely.segmentize(geom, 0.05)):
        if isinstance(polygon, Polygon):
            total += _ring_area_km2(np.asarray(polygon.exterior.coords))
            total -= sum(_ring_area_km2(np.asarray(r.coords)) for r in polygon.interiors)
    return total


def test_the_bundled_files_are_there() -> None:
    # Exactly one DeepState-derived file, plus the Natural Earth outline of Ukraine.
    assert {p.stem for p in EXAMPLE_FILES} == {*DEEPSTATE_DERIVED, "ukraine"}
    assert [f["properties"]["name"] for f in _load(LINE_OF_CONTACT_FILE)["features"]] == [
        "line_of_contact",
        "occupied_area",
    ]
    assert {"north_atlantic_area", "pacific_area", "japan_administered", "korea_south", "europe"} <= {
        p.stem for p in LIBRARY_FILES
    }
    assert (EXAMPLE_DIR / "NOTICE.md").exists()
    assert (
        (EXAMPLE_DIR / "LICENSE-GPL-3.0.txt")
        .read_text()
        .startswith("                    GNU GENERAL PUBLIC LICENSE")
    )
    assert (LIBRARY_DIR / "SOURCES.md").exists()


@pytest.mark.parametrize("path", EXAMPLE_FILES + LIBRARY_FILES, ids=lambda p: p.name)
def test_file_is_valid_cited_geojson(path: Path) -> None:
    assert path.stat().st_size < 200_000
    data = _load(path)
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    names = [f["properties"].get("name") for f in data["features"]]
    if len(names) > 1:  # features that instruments select by name
        assert None not in names and len(set(names)) == len(names)
    for item in data["features"]:
        assert item["type"] == "Feature"
        geom = shape(item["geometry"])
        assert not geom.is_empty
        assert geom.is_valid, shapely.is_valid_reason(geom)
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        props = item["properties"]
        required = REQUIRED + (LIBRARY_REQUIRED if path.parent == LIBRARY_DIR else ())
        missing = [key for key in required if not str(props.get(key, "")).strip()]
        assert not missing, f"{path.name} lacks {missing}"
        assert props["id"] == (path.stem if len(names) == 1 else f"{props['name']}_{props['date']}")
        if path.stem in DEEPSTATE_DERIVED:
            assert "GPL-3.0" in props["licence"]
            assert props["source_commit"] == "e904719a6726c7e6b5d6e87a7701e1b77b18e554"
        elif geom.geom_type in ("Polygon", "MultiPolygon"):
            assert "public domain" in props["licence"] or "servanda" in props["licence"]
        if "area_km2" in props:
            assert area_km2(geom) == pytest.approx(props["area_km2"], rel=1e-3)


def test_shells_are_counter_clockwise() -> None:
    """RFC 7946 right-hand rule: shells counter-clockwise, holes clockwise."""
    for path in EXAMPLE_FILES + LIBRARY_FILES:
        for item in _load(path)["features"]:
            for polygon in shapely.get_parts(shape(item["geometry"])):
                if isinstance(polygon, Polygon):
                    assert polygon.exterior.is_ccw, path.name
                    assert not any(ring.is_ccw for ring in polygon.interiors), path.name


# ------------------------------------------------------------------------------ Ukraine example


def test_the_instruments_compute_the_held_territory_from_the_bundle() -> None:
    for code in INSTRUMENTS:
        spec = load(UKRAINE_DIR / f"{code}.yaml").geometries["ukraine_held"]
        assert spec.file == "geometries/ukraine.geojson" and spec.feature is None
        assert [(m.file, m.feature) for m in spec.minus] == [
            ("geometries/line_of_contact_2025-12-14.geojson", "occupied_area")
        ]


def test_kyiv_and_kharkiv_are_held_by_ukraine() -> None:
    for city in (KYIV, KHARKIV):
        assert covers(held(), city)
        assert not covers(feature("occupied_area"), city)


def test_donetsk_and_sevastopol_are_occupied() -> None:
    for city in (DONETSK, SEVASTOPOL):
        assert covers(feature("occupied_area"), city)
        assert not covers(held(), city)


def test_ukraine_outline_includes_crimea_and_not_its_neighbours() -> None:
    assert inside("ukraine", SIMFEROPOL)
    assert inside("ukraine", KYIV)
    assert not inside("ukraine", (37.62, 55.75))  # Moscow
    assert not inside("ukraine", (27.56, 53.90))  # Minsk
    assert not inside("ukraine", BELGOROD)
    assert not covers(feature("occupied_area"), BELGOROD)  # clipped at the Russian border


def test_held_and_occupied_do_not_overlap_and_stay_in_ukraine() -> None:
    occupied, ukraine = feature("occupied_area"), geometry("ukraine")
    assert area_km2(held().intersection(occupied)) < 0.01
    assert area_km2(held().difference(ukraine)) < 0.01
    assert area_km2(held()) + area_km2(occupied) == pytest.approx(area_km2(ukraine), rel=0.01)


def test_held_territory_is_the_mainland_and_islands_without_specks() -> None:
    area = area_km2(held())
    assert area == pytest.approx(feature_properties("occupied_area")["ukraine_held_area_km2"], abs=0.1)
    assert 480_000 < area < 485_000
    # The slivers between DeepState's line and Natural Earth's border or coast belong to the occupied area,
    # and the exact load-time difference leaves no hairline pieces along the border.
    assert min(area_km2(part) for part in shapely.get_parts(held())) > 1


def test_occupied_area_is_a_plausible_size() -> None:
    assert 110_000 < area_km2(feature("occupied_area")) < 120_000


def test_line_of_contact_follows_the_occupied_boundary() -> None:
    line = feature("line_of_contact")
    assert line.geom_type in ("LineString", "MultiLineString")
    boundary = feature("occupied_area").boundary
    assert line.hausdorff_distance(boundary) > 1  # only part of the boundary
    points = shapely.points(shapely.get_coordinates(line))
    assert float(shapely.distance(points, boundary).max()) < 1e-4
    assert float(shapely.distance(points, held()).max()) < 1e-4  # and it faces held territory
    assert 1_100 < feature_properties("line_of_contact")["length_km"] < 1_400
    # the line separates Kharkiv (held) from Donetsk (occupied) but touches neither
    assert line.distance(Point(KHARKIV)) > 0.2 and line.distance(Point(DONETSK)) > 0.2


@pytest.mark.shared
@pytest.mark.skipif(not DEEPSTATE_20251214.exists(), reason="../shared is absent")
def test_simplified_occupied_area_matches_the_deepstate_original() -> None:
    original = shapely.union_all([shape(f["geometry"]) for f in _load(DEEPSTATE_20251214)["features"]])
    simplified = feature("occupied_area")
    props = feature_properties("occupied_area")
    original_area = area_km2(original)
    assert original_area == pytest.approx(props["source_area_km2"], rel=1e-3)
    # Only the spill-over into Russia (about 1,000 km2) removed, the slivers (about 940 km2) added and
    # simplification separate the two.
    assert 0.985 < area_km2(simplified) / original_area <= 1.0
    assert area_km2(original.difference(simplified)) < 1_100
    # Beyond the 0.1 km simplification tolerance (0.002 degrees is about 150-220 m), only the slivers of
    # Natural Earth's Ukraine and the 2 m rim are added; outside Ukraine, only the rim.
    added = simplified.difference(original.buffer(0.002))
    assert area_km2(added) <= props["slivers_added_km2"] + props["rim_km2"]
    assert area_km2(added.difference(geometry("ukraine").buffer(3e-5))) < 0.01
    # Away from the Russian border, the simplified boundary stays within 0.2 km of the original's.
    far_from_russia = geometry("ukraine").buffer(-0.05)
    vertices = shapely.points(shapely.get_coordinates(simplified.boundary.intersection(far_from_russia)))
    lat = np.radians(shapely.get_coordinates(vertices)[:, 1])
    km = shapely.distance(vertices, original.boundary) * 111.32 * np.maximum(np.cos(lat), 0.5)
    assert float(km.max()) < 0.2
    assert "Hausdorff distance" in props["simplification"]


# ----------------------------------------------------------------------------------- treaty areas


@pytest.mark.parametrize(
    "point",
    [
        WASHINGTON,
        PARIS,
        ANKARA,
        (-15.43, 28.10),
        (-25.67, 37.74),
        (-64.78, 32.30),
        (-21.94, 64.15),
        (15.60, 78.22),
        (-149.90, 61.20),
        (173.18, 52.93),
        (28.00, 40.70),
        (-5.35, 36.14),
        (36.16, 36.20),
    ],
    ids=[
        "Washington",
        "Paris",
        "Ankara",
        "Las Palmas",
        "Ponta Delgada",
        "Bermuda",
        "Reykjavik",
        "Svalbard",
        "Anchorage",
        "Attu",
        "Sea of Marmara",
        "Gibraltar",
        "Antakya",
    ],
)
def test_inside_north_atlantic_area(point: tuple[float, float]) -> None:
    assert inside("north_atlantic_area", point)


@pytest.mark.parametrize(
    "point",
    [
        HONOLULU,
        GUAM,
        (-66.10, 18.47),
        (-5.31, 35.888),
        (-2.94, 35.29),
        (33.36, 35.17),
        (34.0, 43.0),
        (50.0, 42.0),
        (3.06, 36.75),
        (60.60, 56.84),
    ],
    ids=[
        "Honolulu",
        "Guam",
        "San Juan",
        "Ceuta",
        "Melilla",
        "Nicosia",
        "Black Sea",
        "Caspian",
        "Algiers",
        "Yekaterinburg",
    ],
)
def test_outside_north_atlantic_area(point: tuple[float, float]) -> None:
    assert not inside("north_atlantic_area", point)


def test_pacific_area() -> None:
    for point in (
        HONOLULU,
        GUAM,
        TOKYO,
        SEOUL,
        (151.21, -33.87),
        (174.76, -36.85),
        (120.98, 14.60),
        (-170.70, -14.28),
    ):
        assert inside("pacific_area", point), point
    for point in (WASHINGTON, PARIS, (116.40, 39.90), (77.20, 28.60)):
        assert not inside("pacific_area", point), point
    assert len(shapely.get_parts(geometry("pacific_area"))) == 2  # split at the antimeridian


def test_japan_administered() -> None:
    assert inside("japan_administered", TOKYO)
    assert inside("japan_administered", (127.68, 26.21))  # Naha, Okinawa
    assert not inside("japan_administered", (147.90, 45.00))  # Etorofu, administered by Russia
    assert not inside("japan_administered", (131.8667, 37.2417))  # Dokdo/Takeshima, administered by the ROK
    assert not inside("japan_administered", SEOUL)


def test_korea_south() -> None:
    for point in (SEOUL, (129.08, 35.18), (126.53, 33.50), (125.69, 37.665), (131.8667, 37.2417)):
        assert inside("korea_south", point), point
    assert not inside("korea_south", PYONGYANG)
    assert not inside("korea_south", TOKYO)


def test_europe_is_the_eu_member_states() -> None:
    for point in (PARIS, (24.94, 60.17), (33.36, 35.17), (-15.43, 28.10), (23.73, 37.98)):
        assert inside("europe", point), point
    for point in ((-0.13, 51.51), (10.75, 59.91), KYIV, (-52.33, 4.92)):
        assert not inside("europe", point), point


def test_treaty_areas_cite_their_articles() -> None:
    assert "Art. 6" in properties("north_atlantic_area")["treaty_article"]
    assert "Tropic of Cancer" in properties("north_atlantic_area")["article_text"]
    assert "Arts. IV and V" in properties("pacific_area")["treaty_article"]
    assert "Art. III" in properties("korea_south")["treaty_article"]
    assert "Art. V" in properties("japan_administered")["treaty_article"]
    assert "42(7)" in properties("europe")["treaty_article"]
    assert math.isfinite(properties("north_atlantic_area")["area_km2"])
