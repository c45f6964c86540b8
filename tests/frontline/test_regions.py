"""``servanda frontline --regions``: occupied km² per region of a user's admin-1 layer.

The regions layer is synthetic, built here: the bundled Ukraine outline (Natural Earth, public domain) cut
into four boxes at 33 E and 48.5 N. No admin-1 data is bundled or invented.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import box, mapping
from typer.testing import CliRunner

from servanda.analyses.frontline import OUTSIDE, read_regions
from servanda.frontline import ukraine_outline
from servanda.interfaces.cli.app import app
from servanda.services.errors import ServiceError
from servanda.services.frontline import REGION_CSV_COLUMNS, frontline

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = "examples/ukraine-2025/geometries/frontline"
NAMES = ("North-West", "South-West", "North-East", "South-East")


@pytest.fixture(autouse=True)
def _from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "200")


def _write(path: Path, features: list[dict[str, Any]]) -> str:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return str(path)


def _boxes() -> list[Any]:
    minx, miny, maxx, maxy = ukraine_outline().buffer(1.0).bounds
    return [
        box(minx, 48.5, 33, maxy),
        box(minx, miny, 33, 48.5),
        box(33, 48.5, maxx, maxy),
        box(33, miny, maxx, 48.5),
    ]


def _layer(tmp_path: Path, field: str = "shapeName", outline: Any = None) -> str:
    outline = ukraine_outline() if outline is None else outline
    features = [
        {
            "type": "Feature",
            "properties": {field: name},
            "geometry": mapping(shapely.intersection(b, outline)),
        }
        for name, b in zip(NAMES, _boxes(), strict=True)
    ]
    return _write(tmp_path / "admin1.geojson", features)


@pytest.fixture(scope="module")
def covering(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Four regions covering Ukraine's outline grown by 1° (so no occupied area lies outside them)."""
    return _layer(tmp_path_factory.mktemp("regions"), outline=ukraine_outline().buffer(1.0))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["frontline", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_regions_add_up_to_the_national_area(covering: str) -> None:
    out = frontline(BUNDLED, regions=covering, changes="2025-06-01,2025-12-01")
    assert out.regions is not None and out.regions.names == list(NAMES) and out.regions.field == "shapeName"
    assert len(out.rows) == 4
    for row in out.rows:
        total = row.occupied_km2
        assert abs(sum(row.region_km2) - total) <= 0.001 * total, row.date
        assert row.outside_km2 <= 0.001 * total
        assert row.region_km2[0] == 0.0  # nothing occupied north-west of 33 E / 48.5 N
        assert row.region_km2[3] > row.region_km2[2] > row.region_km2[1] > 1000
    for item in out.region_rows():
        assert 0.0 <= item["share"] <= 1.0
        assert item["share"] == pytest.approx(item["occupied_km2"] / item["region_km2"], abs=1e-6)
    assert out.change is not None
    gained = sum(c.gained_km2 for c in out.region_changes)
    lost = sum(c.lost_km2 for c in out.region_changes)
    assert gained == pytest.approx(out.change.gained_km2, rel=1e-3)
    assert lost == pytest.approx(out.change.lost_km2, rel=1e-3)


def test_occupied_beyond_the_regions_is_reported_not_lost(tmp_path: Path) -> None:
    out = frontline(BUNDLED, regions=_layer(tmp_path), changes="2025-06-01,2025-12-01")
    for row in out.rows:
        # DeepState's polygons reach into the Sea of Azov and past the 1:10m coast: reported, not dropped
        assert row.outside_km2 > 0
        assert sum(row.region_km2) + row.outside_km2 == pytest.approx(row.occupied_km2, abs=0.1)
    names = [c.region for c in out.region_changes]
    assert names[-1] == OUTSIDE and names[:-1] == list(NAMES)
    assert out.change is not None
    assert sum(c.gained_km2 for c in out.region_changes) == pytest.approx(out.change.gained_km2, abs=0.1)
    rows = list(
        csv.DictReader(io.StringIO(_run("--series", BUNDLED, "--regions", _layer(tmp_path), "-f", "csv")[1]))
    )
    assert [r["region"] for r in rows].count(OUTSIDE) == 4


def test_json_rows_and_changes(covering: str) -> None:
    status, out, _ = _run(
        "--series", BUNDLED, "--regions", covering, "--changes", "2025-06-01,2025-12-01", "-f", "json"
    )
    assert status == 0
    data = json.loads(out)["regions"]
    assert data["field"] == "shapeName" and len(data["rows"]) == 16
    assert all(set(r) == {"date", "region", "occupied_km2", "region_km2", "share"} for r in data["rows"])
    assert {r["region"] for r in data["rows"]} == set(NAMES)
    assert [c["region"] for c in data["changes"]][:4] == list(NAMES)
    south_east = next(c for c in data["changes"] if c["region"] == "South-East")
    assert south_east["gained_km2"] > south_east["lost_km2"] > 0
    assert len(data["outside_km2"]) == 4


def test_csv_one_row_per_date_and_region(covering: str) -> None:
    status, out, _ = _run("--series", BUNDLED, "--regions", covering, "--from", "2025-06-01", "-f", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == REGION_CSV_COLUMNS
    assert len(rows) == 3 * 4
    assert {r["date"] for r in rows} == {"2025-06-01", "2025-12-01", "2026-08-22"}
    assert all(0 <= float(r["share"]) <= 1 for r in rows)


def test_text_table_and_oblast_alias(covering: str) -> None:
    status, out, err = _run(
        "--series", BUNDLED, "--regions", covering, "--oblast", "--changes", "2025-06-01,2025-12-01"
    )
    assert status == 0, err
    assert "Occupied area by region" in out and "South-East" in out and "gained 2025-06-01→2025-12-01" in out


def test_region_field_and_default_name_fields(tmp_path: Path) -> None:
    assert read_regions(_layer(tmp_path, "NAME_1")).field == "NAME_1"
    path = _layer(tmp_path, "oblast")
    assert read_regions(path, "oblast").names == list(NAMES)
    status, _, err = _run("--series", BUNDLED, "--regions", path)
    assert status == 2 and "error[V971]" in err and "`oblast`" in err and "Traceback" not in err
    status, _, err = _run("--series", BUNDLED, "--regions", path, "--region-field", "nom")
    assert status == 2 and "error[V971]" in err and "--region-field" in err


def _projected(tmp_path: Path) -> str:
    ring = [[3_500_000, 5_500_000], [3_600_000, 5_500_000], [3_600_000, 5_600_000], [3_500_000, 5_500_000]]
    return _write(tmp_path / "m.geojson", [{"type": "Feature", "properties": {"name": "X"},
                                           "geometry": {"type": "Polygon", "coordinates": [ring]}}])  # fmt: skip


def _swapped(tmp_path: Path) -> str:
    ring = [[48, 30], [49, 30], [49, 31], [48, 30]]
    return _write(tmp_path / "s.geojson", [{"type": "Feature", "properties": {"name": "X"},
                                           "geometry": {"type": "Polygon", "coordinates": [ring]}}])  # fmt: skip


def _points(tmp_path: Path) -> str:
    return _write(tmp_path / "p.geojson", [{"type": "Feature", "properties": {"name": "Kyiv"},
                                           "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}}])  # fmt: skip


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: _write(p / "empty.geojson", []), "V965"),
        (_projected, "V963"),
        (_swapped, "V964"),
        (_points, "V965"),
        (lambda p: str(p / "missing.geojson"), "V960"),
        (
            lambda p: (p / "bad.geojson").write_text("{nope", encoding="utf-8") and str(p / "bad.geojson"),
            "V961",
        ),
        (lambda p: (p / "a.gpkg").write_bytes(b"SQLite format 3") and str(p / "a.gpkg"), "V972"),
    ],
)
def test_bad_region_layers_give_coded_diagnostics_and_exit_2(tmp_path: Path, make: Any, code: str) -> None:
    path = make(tmp_path)
    status, out, err = _run("--series", BUNDLED, "--regions", path)
    assert status == 2 and f"error[{code}]" in err and "Traceback" not in out + err
    with pytest.raises(ServiceError) as exc:
        frontline(BUNDLED, regions=path)
    assert exc.value.exit_code == 2 and exc.value.code == code


def test_oblast_needs_regions_and_region_field_needs_regions() -> None:
    with pytest.raises(ServiceError) as exc:
        frontline(BUNDLED, oblast=True)
    assert exc.value.exit_code == 2 and exc.value.code == "V975"
    with pytest.raises(ServiceError) as exc:
        frontline(BUNDLED, region_field="name")
    assert exc.value.exit_code == 2 and exc.value.code == "V971"


def test_features_sharing_a_name_are_united_and_repairs_are_noted(tmp_path: Path) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[30, 48], [31, 49], [31, 48], [30, 49], [30, 48]]]}
    features = [
        {"type": "Feature", "properties": {"name": "A"}, "geometry": mapping(box(30, 46, 31, 47))},
        {"type": "Feature", "properties": {"name": "A"}, "geometry": mapping(box(31, 46, 32, 47))},
        {"type": "Feature", "properties": {"name": "B"}, "geometry": bowtie},
        {
            "type": "Feature",
            "properties": {"name": "C"},
            "geometry": {"type": "Point", "coordinates": [30, 50]},
        },
    ]
    regions = read_regions(_write(tmp_path / "r.geojson", features))
    assert regions.names == ["A", "B"]
    assert regions.km2[0] == pytest.approx(2 * regions.km2[0] / 2) and regions.km2[0] > 15_000
    assert sorted(n.code for n in regions.notes) == ["V967", "V968"]


def test_a_shapefile_layer_is_read_like_geojson(tmp_path: Path) -> None:
    shapefile = pytest.importorskip("shapefile")
    base = tmp_path / "admin1"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON) as writer:
        writer.field("NAME_1", "C", size=40)
        for name, b in zip(NAMES, _boxes(), strict=True):
            writer.poly([[list(map(float, xy)) for xy in b.exterior.coords][::-1]])
            writer.record(name)
    regions = read_regions(f"{base}.shp")
    assert regions.field == "NAME_1" and regions.names == list(NAMES)
    assert all(km2 > 50_000 for km2 in regions.km2)


def test_instrument_geometry_feature_matches_properties_name_only(tmp_path: Path) -> None:
    from servanda.semantics.geometry import GeometryError, read_geojson

    named = Path(_layer(tmp_path, "name"))
    south_east = read_geojson(named, feature="South-East")
    assert south_east.bounds[0] == pytest.approx(33.0) and south_east.bounds[3] <= 48.5 + 1e-9
    other = tmp_path / "gb"
    other.mkdir()
    with pytest.raises(GeometryError, match="no feature named"):
        read_geojson(Path(_layer(other, "shapeName")), feature="South-East")
