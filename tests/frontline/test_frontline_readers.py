"""Reading snapshots: naming eras, dates, geometry types, repairs and refusals (each a coded diagnostic)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from servanda.diagnostics import ServandaError
from servanda.frontline import area_km2, classify, index_series, read_snapshot, readers
from servanda.frontline.readers import date_of_name

BUNDLED = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "geometries" / "frontline"
SQUARE = [[[36.0, 48.0], [36.5, 48.0], [36.5, 48.5], [36.0, 48.5], [36.0, 48.0]]]
SQUARE_2 = [[[35.0, 47.0], [35.2, 47.0], [35.2, 47.2], [35.0, 47.2], [35.0, 47.0]]]


def _write(folder: Path, name: str, *geometries: dict[str, Any], names: list[str] | None = None) -> Path:
    features = [
        {"type": "Feature", "properties": {"name": names[i]} if names else {}, "geometry": g}
        for i, g in enumerate(geometries)
    ]
    path = folder / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _code(exc: pytest.ExceptionInfo[ServandaError]) -> str:
    return exc.value.diagnostics[0].code


@pytest.mark.parametrize(
    ("name", "category", "era"),
    [
        ("Окуповано", "occupied", "ukrainian"),
        ("Рубіжне. Території зайняті ворогом", "occupied", "ukrainian"),
        ("ОРДЛО", "cadr_calr", "ukrainian"),
        ("Крим", "crimea", "ukrainian"),
        ("Під питанням", "unknown", "ukrainian"),
        ("Начебто звільнено 26.03. Читайте опис. Треба уточнення", "unknown", "ukrainian"),
        ("Звільнено 31.03-02.04", "liberated", "ukrainian"),
        ("Придністров'я", "other", "ukrainian"),
        ("Багатокутник 11", "other", "ukrainian"),
        ("Окуповано /// Occupied", "occupied", "english"),
        ("Звільнено 05.04 /// Taken back 05.04", "liberated", "english"),
        ("Під питанням /// Contested\n", "unknown", "english"),
        ("Окупований Крим /// Occupied Crimea", "crimea", "english"),
        ("Статус невідомий /// Unknown status\n", "unknown", "bilingual"),
        ("Звільнено\xa0/// Liberated", "liberated", "bilingual"),
        ("ОРДЛО /// CADR and CALR\n", "cadr_calr", "english"),
        ("Окупована область Петсамо\n///\nOccupied Petsamo", "other", "english"),
        (
            "Тимчасово окупована територія Карелії.\n///\nThe temporarily occupied territory",
            "other",
            "english",
        ),
        ("Окуповано /// Occupied\xa0/// geoJSON.status.occupied", "occupied", "keys"),
        ("Статус невідомий /// Unknown status /// geoJSON.status.unknown\n", "unknown", "keys"),
        (
            "Звільнено 02.07 /// Liberated 02.07\xa0/// geoJSON.status.dismissed_at {{at:02.07}}",
            "liberated",
            "keys",
        ),
        ("ОРДЛО /// CADR and CALR\xa0/// geoJSON.territories.ordlo", "cadr_calr", "keys"),
        ("Окупований Крим /// Occupied Crimea\xa0/// geoJSON.territories.crimea", "crimea", "keys"),
        ("Придністров'я/// Transnistria /// geoJSON.territories.transnistria", "other", "keys"),
        ("Окупована Абхазія.\n///\nOccupied Abkhazia.\n/// geoJSON.territories.abkhazia", "other", "keys"),
        ("Зміїний ///\xa0Snake Island /// geoJSON.zmiinyi_island", "other", "keys"),
    ],
)
def test_classify_across_the_four_naming_eras(name: str, category: str, era: str) -> None:
    assert classify(name) == (category, era)


def test_dates_from_file_names() -> None:
    assert date_of_name("deepstatemap_data_20240708.geojson") == (date(2024, 7, 8), "processed")
    assert date_of_name("deepstate_raw_20250802T202026Z_1754166026.geojson") == (date(2025, 8, 2), "raw")
    assert date_of_name("1754166026.geojson") == (date(2025, 8, 2), "raw")
    assert date_of_name("control_2026-01-31.json") == (date(2026, 1, 31), "layer")
    assert date_of_name("line_final.geojson") is None
    assert date_of_name("line_2025-02-30.geojson") is None


def test_bundled_series_reads_with_areas() -> None:
    series = index_series(BUNDLED)
    assert [d.isoformat() for d in series.dates] == ["2024-07-08", "2025-06-01", "2025-12-01", "2026-08-22"]
    areas = [series.read(r).areas_km2()["occupied_total"] for r in series]
    assert areas == sorted(areas) and 109_000 < areas[0] < 112_000 and 117_000 < areas[-1] < 119_000


def test_polygon_multipolygon_and_geometry_collection_give_the_same_area(tmp_path: Path) -> None:
    poly = {"type": "Polygon", "coordinates": SQUARE}
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE]}
    collection = {
        "type": "GeometryCollection",
        "geometries": [poly, {"type": "Point", "coordinates": [36, 48]}],
    }
    areas = []
    for i, geometry in enumerate((poly, multi, collection)):
        snapshot = read_snapshot(_write(tmp_path, f"line_2025-12-0{i + 1}.geojson", geometry))
        assert snapshot.kind == "layer" and set(snapshot.categories) == {"occupied"}
        areas.append(snapshot.areas_km2()["occupied"])
    assert areas[0] == areas[1] == areas[2] > 0


def test_bare_geometry_and_single_feature_are_read(tmp_path: Path) -> None:
    (tmp_path / "a_2025-01-01.geojson").write_text(json.dumps({"type": "Polygon", "coordinates": SQUARE}))
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": SQUARE}}
    (tmp_path / "b_2025-01-02.geojson").write_text(json.dumps(feature))
    a = read_snapshot(tmp_path / "a_2025-01-01.geojson").areas_km2()["occupied"]
    b = read_snapshot(tmp_path / "b_2025-01-02.geojson").areas_km2()["occupied"]
    assert a == b > 1000


def test_self_intersection_is_repaired_with_a_note(tmp_path: Path) -> None:
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[36.0, 48.0], [36.5, 48.5], [36.5, 48.0], [36.0, 48.5], [36.0, 48.0]]],
    }
    snapshot = read_snapshot(_write(tmp_path, "l_2025-12-01.geojson", bow_tie))
    assert [n.code for n in snapshot.notes] == ["V967"] and "features[0]" in snapshot.notes[0].message
    # the two triangles of the bow-tie: half the square
    square = area_km2(
        read_snapshot(
            _write(tmp_path, "s_2025-12-01.geojson", {"type": "Polygon", "coordinates": SQUARE})
        ).occupied
    )
    assert snapshot.areas_km2()["occupied"] == pytest.approx(square / 2, rel=1e-3)


def test_degenerate_feature_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    flat = {"type": "Polygon", "coordinates": [[[36.0, 48.0], [36.5, 48.0], [36.0, 48.0], [36.0, 48.0]]]}
    snapshot = read_snapshot(
        _write(tmp_path, "l_2025-12-01.geojson", {"type": "Polygon", "coordinates": SQUARE}, flat)
    )
    assert "V968" in {n.code for n in snapshot.notes} and snapshot.areas_km2()["occupied"] > 0


def test_only_degenerate_geometry_is_no_ukrainian_polygon(tmp_path: Path) -> None:
    flat = {"type": "Polygon", "coordinates": [[[36.0, 48.0], [36.5, 48.0], [36.0, 48.0], [36.0, 48.0]]]}
    with pytest.raises(ServandaError) as exc:
        read_snapshot(_write(tmp_path, "l_2025-12-01.geojson", flat))
    assert _code(exc) == "V966"


@pytest.mark.parametrize(
    ("coordinates", "code", "words"),
    [
        (
            [[[4007501, 6106854], [4063160, 6106854], [4063160, 6190443], [4007501, 6106854]]],
            "V963",
            "projected CRS",
        ),
        ([[[48.0, 36.0], [48.5, 36.0], [48.5, 36.5], [48.0, 36.0]]], "V964", "swapped"),
    ],
)
def test_projected_or_swapped_layers_are_refused(
    tmp_path: Path, coordinates: Any, code: str, words: str
) -> None:
    with pytest.raises(ServandaError) as exc:
        read_snapshot(
            _write(tmp_path, "l_2025-12-01.geojson", {"type": "Polygon", "coordinates": coordinates})
        )
    assert _code(exc) == code and words in exc.value.diagnostics[0].message
    assert exc.value.diagnostics[0].hint


def test_empty_collection_and_points_only(tmp_path: Path) -> None:
    with pytest.raises(ServandaError) as exc:
        read_snapshot(_write(tmp_path, "l_2025-12-01.geojson"))
    assert _code(exc) == "V965"
    with pytest.raises(ServandaError) as exc:
        read_snapshot(_write(tmp_path, "p_2025-12-01.geojson", {"type": "Point", "coordinates": [36, 48]}))
    assert _code(exc) == "V965"


def test_editorial_polygons_outside_ukraine_are_set_aside(tmp_path: Path) -> None:
    abkhazia = {"type": "Polygon", "coordinates": [[[40.5, 43.0], [41.5, 43.0], [41.5, 43.5], [40.5, 43.0]]]}
    moldova = {"type": "Polygon", "coordinates": [[[29.0, 47.0], [29.4, 47.0], [29.4, 47.4], [29.0, 47.0]]]}
    occupied = {"type": "Polygon", "coordinates": SQUARE}
    names = [
        "Окуповано /// Occupied",
        "Окупована Абхазія.\n///\nOccupied Abkhazia.",
        "Окуповано /// Occupied",
    ]
    snapshot = read_snapshot(
        _write(
            tmp_path,
            "deepstate_raw_20250101T000000Z_1735689600.geojson",
            occupied,
            abkhazia,
            moldova,
            names=names,
        )
    )
    assert snapshot.kind == "raw" and set(snapshot.categories) == {"occupied"}
    assert snapshot.areas_km2()["occupied"] == pytest.approx(
        area_km2(snapshot.categories["occupied"]), abs=0.1
    )
    (note,) = [n for n in snapshot.notes if n.code == "V973"]
    assert note.message.startswith("2 polygon(s)")


def test_snapshot_with_no_ukrainian_polygon(tmp_path: Path) -> None:
    poland = {"type": "Polygon", "coordinates": [[[19.0, 50.0], [19.5, 50.0], [19.5, 50.5], [19.0, 50.0]]]}
    with pytest.raises(ServandaError) as exc:
        read_snapshot(_write(tmp_path, "l_2025-12-01.geojson", poland))
    assert _code(exc) == "V966"


def test_not_json_is_located(tmp_path: Path) -> None:
    path = tmp_path / "l_2025-12-01.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [}\n', encoding="utf-8")
    with pytest.raises(ServandaError) as exc:
        read_snapshot(path)
    d = exc.value.diagnostics[0]
    assert d.code == "V961" and d.span is not None and d.span.line == 2


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "l_2025-12-01.geojson"
    path.write_bytes(b'{"name": "\xd0\xff"}')
    with pytest.raises(ServandaError) as exc:
        read_snapshot(path)
    assert _code(exc) == "V961"


def test_size_cap_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "l_2025-12-01.geojson", {"type": "Polygon", "coordinates": SQUARE})
    monkeypatch.setattr(readers, "MAX_BYTES", 50)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file above the cap"))
    with pytest.raises(ServandaError) as exc:
        read_snapshot(path)
    assert _code(exc) == "V962" and "limit is 50" in exc.value.diagnostics[0].message


def test_layer_with_a_date_field(tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {"day": "2025-12-01"},
            "geometry": {"type": "Polygon", "coordinates": SQUARE},
        },
        {
            "type": "Feature",
            "properties": {"day": "2025-12-02T03:00:00Z"},
            "geometry": {"type": "Polygon", "coordinates": SQUARE},
        },
        {
            "type": "Feature",
            "properties": {"day": "2025-12-02"},
            "geometry": {"type": "Polygon", "coordinates": SQUARE_2},
        },
    ]
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    series = index_series(path, date_field="day")
    assert series.dates == [date(2025, 12, 1), date(2025, 12, 2)]
    first, second = (series.read(r).areas_km2()["occupied"] for r in series)
    assert second > first
    with pytest.raises(ServandaError) as exc:
        index_series(path, date_field="when")
    assert _code(exc) == "V969"
    with pytest.raises(ServandaError) as exc:
        index_series(path)
    assert _code(exc) == "V969"


def test_series_folder_problems(tmp_path: Path) -> None:
    with pytest.raises(ServandaError) as exc:
        index_series(tmp_path / "missing")
    assert _code(exc) == "V960"
    with pytest.raises(ServandaError) as exc:
        index_series(tmp_path)
    assert _code(exc) == "V960"
    _write(tmp_path, "undated.geojson", {"type": "Polygon", "coordinates": SQUARE})
    _write(tmp_path, "l_2025-12-01.geojson", {"type": "Polygon", "coordinates": SQUARE})
    series = index_series(tmp_path)
    assert series.dates == [date(2025, 12, 1)] and [n.code for n in series.notes] == ["V969"]


def test_geopackage_asks_for_geojson(tmp_path: Path) -> None:
    (tmp_path / "l_2025-12-01.gpkg").write_bytes(b"SQLite format 3\x00")
    with pytest.raises(ServandaError) as exc:
        read_snapshot(tmp_path / "l_2025-12-01.gpkg")
    assert _code(exc) == "V972" and "ogr2ogr" in (exc.value.diagnostics[0].hint or "")


def test_shapefile_read_with_pyshp_or_refused_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapefile = pytest.importorskip("shapefile")
    base = tmp_path / "line_2025-12-01"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON) as writer:
        writer.field("name", "C")
        writer.poly([[tuple(p) for p in reversed(SQUARE[0])]])
        writer.record("Окуповано")
    snapshot = read_snapshot(base.with_suffix(".shp"))
    assert snapshot.areas_km2()["occupied"] > 1000
    monkeypatch.setitem(sys.modules, "shapefile", None)
    with pytest.raises(ServandaError) as exc:
        read_snapshot(base.with_suffix(".shp"))
    assert _code(exc) == "V972"
