"""The front line inside instruments: geometry expressions, the checker's references, territorial triggers.

The bundled series (examples/ukraine-2025/geometries/frontline, four simplified snapshots) serves the
expressions and the checker; the December 2025 daily series in ../shared (skipped when absent) the
done-when test, whose expected date is computed here independently (plain json + shapely differences,
areas on the authalic sphere in a sinusoidal equal-area projection — not servanda's code).
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
import yaml
from shapely.geometry import shape

from servanda.evaluation.reference import ReferenceEngine
from servanda.frontline import area_km2, ukraine_outline
from servanda.frontline.frozen import read_line
from servanda.language.checker import check_file
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import GeometryError, load_geometries

ROOT = Path(__file__).resolve().parents[2]
SERIES = ROOT / "examples/ukraine-2025/geometries/frontline"
BASE: dict[str, Any] = yaml.safe_load((ROOT / "tests/diagnostics/fixtures/_valid.yaml").read_text("utf-8"))


def write(tmp_path: Path, geometries: dict[str, Any], triggers: list[dict[str, Any]] | None = None,
          **top: Any) -> Path:  # fmt: skip
    """An instrument file in ``tmp_path`` with these geometries and (optionally) triggers, each activating one
    obligation."""
    data = json.loads(json.dumps(BASE, default=str))
    data.update(top)
    data["geometries"] = geometries
    clause = data["clauses"][0]
    if triggers is not None:
        clause["triggers"] = triggers
        clause["obligations"] = [
            {**clause["obligations"][0], "id": f"o_{t['id']}", "trigger": t["id"]} for t in triggers
        ]
    path = tmp_path / "instrument.yaml"
    data = json.loads(json.dumps(data, default=str))  # no shared objects: no YAML anchors
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def line(date_: str = "2025-12-14", side: str = "occupied", series: str | Path = SERIES) -> dict[str, Any]:
    return {"series": str(series), "date": date_, "side": side}


# --------------------------------------------------------------------------- geometry expressions


def test_frozen_line_uses_the_nearest_earlier_snapshot_and_says_so() -> None:
    frozen = read_line(SERIES, date(2025, 12, 14))
    assert (frozen.on, frozen.file) == (date(2025, 12, 1), "deepstatemap_data_20251201.geojson")
    assert [d.code for d in frozen.notes] == ["V970"] and "nearest earlier" in frozen.notes[0].message
    exact = read_line(SERIES, date(2025, 12, 1))
    assert exact.notes == ()


def test_sides_buffers_and_set_algebra(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "occupied": {"frontline": line(side="occupied"), "description": "occupied on 14 Dec 2025"},
            "held": {"frontline": line(side="held"), "description": "held"},
            "zone": {"frontline": line(side="line"), "buffer_km": 15, "description": "15 km each side"},
            "zone_held": {
                "geometry": "zone",
                "intersect": [{"geometry": "held"}],
                "description": "held side",
            },
            "zone_or_occupied": {"geometry": "zone", "union": [{"geometry": "occupied"}], "description": "u"},
            "held_beyond_zone": {"geometry": "held", "minus": [{"geometry": "zone"}], "description": "m"},
        },
    )
    instrument = Instrument.model_validate(yaml.safe_load(path.read_text("utf-8")))
    g = {
        n: area_km2(v.geometry) for n, v in load_geometries(tmp_path, instrument, read_line=read_line).items()
    }
    outline = area_km2(ukraine_outline())
    # occupied + held = Ukraine's outline (the occupied area reaches a little beyond it)
    assert abs(g["held"] + area_km2(shapely.intersection(read_line(SERIES, date(2025, 12, 14)).occupied,
                                                         ukraine_outline())) - outline) < 1.0  # fmt: skip
    frozen = read_line(SERIES, date(2025, 12, 14))
    length_km = shapely.length(__import__("servanda.semantics.projection", fromlist=["project"]).project(
        frozen.contact_line())) / 1000  # fmt: skip
    # a 15 km buffer on each side of a line: about 30 km times its length (plus the round ends, minus overlaps)
    assert 800 < length_km < 1600
    assert 0.85 * 30 * length_km < g["zone"] < 1.05 * 30 * length_km + math.pi * 15**2 * 80
    # set algebra: the zone's held side, the zone with the occupied area, the held area beyond the zone
    zone = load_geometries(tmp_path, instrument, read_line=read_line)["zone"].geometry
    in_occupied = area_km2(shapely.intersection(zone, frozen.occupied))
    assert g["zone_held"] < g["zone"] and g["zone_held"] + in_occupied <= g["zone"] * 1.001
    assert g["zone_or_occupied"] == pytest.approx(g["zone"] + g["occupied"] - in_occupied, rel=2e-3)
    assert g["held_beyond_zone"] == pytest.approx(g["held"] - g["zone_held"], rel=2e-3)


def test_the_line_can_be_frozen_on_entry_into_force(tmp_path: Path) -> None:
    geometries = {"occ": {"frontline": line(date_="in_force"), "description": "frozen on entry into force"}}
    path = write(tmp_path, geometries, in_force="2025-06-20")
    instrument = Instrument.model_validate(yaml.safe_load(path.read_text("utf-8")))
    loaded = load_geometries(tmp_path, instrument, read_line=read_line)
    assert loaded["occ"].line is not None and loaded["occ"].line.on == date(2025, 6, 1)
    no_date = write(tmp_path, geometries)
    with pytest.raises(GeometryError, match="no `in_force` date"):
        load_geometries(tmp_path, Instrument.model_validate(yaml.safe_load(no_date.read_text("utf-8"))),
                        read_line=read_line)  # fmt: skip


# --------------------------------------------------------------------------- checker


def codes_at(path: Path) -> list[tuple[str, str, str | None]]:
    report = check_file(path)
    return [(d.code, d.severity, d.breadcrumb) for d in report.diagnostics if d.code != "W403"]


def find(path: Path, code: str) -> Any:
    return next(d for d in check_file(path).diagnostics if d.code == code)


def test_checker_reports_a_missing_series_where_it_is_written(tmp_path: Path) -> None:
    path = write(tmp_path, {"occ": {"frontline": line(series="no/such/folder"), "description": "x"}})
    found = find(path, "V960")
    assert found.severity == "error" and "no/such/folder" in found.message
    text = path.read_text("utf-8").splitlines()
    assert found.span is not None and "series" in text[found.span.line - 1]


def test_checker_reports_a_date_before_the_first_snapshot(tmp_path: Path) -> None:
    path = write(tmp_path, {"occ": {"frontline": line(date_="2023-01-01"), "description": "x"}})
    found = find(path, "V970")
    assert found.severity == "error" and "starts on 2024-07-08" in found.message
    assert "date" in path.read_text("utf-8").splitlines()[found.span.line - 1]


def test_checker_notes_the_snapshot_used_for_a_date_without_one(tmp_path: Path) -> None:
    path = write(tmp_path, {"occ": {"frontline": line(), "description": "x"}})
    found = find(path, "V970")
    assert found.severity == "note" and "2025-12-01" in found.message
    assert check_file(path).errors == 0


def test_negative_buffer_is_a_located_format_error(tmp_path: Path) -> None:
    path = write(tmp_path, {"z": {"frontline": line(side="line"), "buffer_km": -5, "description": "x"}})
    report = check_file(path)
    bad = [d for d in report.diagnostics if d.severity == "error"]
    assert bad and bad[0].code.startswith("E2") and "greater than or equal to 0" in bad[0].message
    assert "buffer_km" in path.read_text("utf-8").splitlines()[bad[0].span.line - 1]


def test_undefined_and_cyclic_geometry_references(tmp_path: Path) -> None:
    undefined = write(tmp_path, {"a": {"geometry": "nowhere", "description": "x"}})
    assert "undefined geometry `nowhere`" in find(undefined, "E301").message
    cyclic = write(
        tmp_path, {"a": {"geometry": "b", "description": "x"}, "b": {"geometry": "a", "description": "y"}}
    )
    assert "cyclic geometry reference" in find(cyclic, "E302").message


def test_two_sources_in_one_geometry_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, {"a": {"file": "x.geojson", "frontline": line(), "description": "x"}})
    assert "exactly one of `file`, `frontline`, `geometry`" in find(path, "E211").message


def territory(**spec: Any) -> dict[str, Any]:
    return {"id": "advance", "kind": "breach", "territory": {"line": "frozen", "target": "UKR", **spec}}


def test_a_territory_trigger_needs_a_front_line_geometry(tmp_path: Path) -> None:
    square = tmp_path / "sq.geojson"
    square.write_text(
        json.dumps({"type": "Polygon", "coordinates": [[[30, 48], [31, 48], [31, 49], [30, 48]]]})
    )
    path = write(tmp_path, {"frozen": {"file": "sq.geojson", "description": "x"}}, [territory(min_km2=50)])
    assert "`frozen` is not a front-line geometry" in find(path, "E305").message
    missing = write(tmp_path, {"frozen": {"frontline": line(), "description": "x"}},
                    [territory(min_km2=50, within="oblast")])  # fmt: skip
    assert "undefined geometry `oblast`" in find(missing, "E301").message


def test_the_example_checks_clean() -> None:
    report = check_file(ROOT / "examples/ukraine-2025/usa.yaml")
    assert report.errors == 0 and report.warnings == 0
    assert {d.code for d in report.diagnostics} == {"V970"}  # the two frozen lines' snapshot, as notes
    # the derived geometries of the `uncertain:` test are stored, so a plain copy (as services make) keeps them
    assert {"buffer_zone@core25", "buffer_zone@hull100"} <= set(dict(report.geometries))


# --------------------------------------------------------------------------- territorial triggers (bundled)


def evaluate(path: Path, as_of: date | None = None) -> Any:
    report = check_file(path)
    assert report.errors == 0, [d.message for d in report.diagnostics]
    assert report.instrument is not None
    return ReferenceEngine().evaluate(report.instrument, [], report.geometries, as_of, trace=True)


def test_an_advance_against_the_frozen_line_fires_with_both_snapshots(tmp_path: Path) -> None:
    path = write(tmp_path, {"frozen": {"frontline": line(), "description": "x"}}, [territory(min_km2=50)])
    result = evaluate(path)
    [firing] = result.firings
    assert (firing.on, firing.target) == (date(2026, 8, 22), "UKR")
    assert firing.evidence[:2] == (
        "snapshot:deepstatemap_data_20251201.geojson@2025-12-01",
        "snapshot:deepstatemap_data_20260822.geojson@2026-08-22",
    )
    gained = float(firing.evidence[2].removeprefix("gained_km2:"))
    old, new = (read_line(SERIES, date(2025, 12, 1)).occupied, read_line(SERIES, date(2026, 8, 22)).occupied)
    assert gained == pytest.approx(area_km2(shapely.difference(new, old)), abs=0.05)
    assert any("km² gained between deepstatemap_data_20251201.geojson" in n for n in result.notes)
    [activation] = result.activations
    assert activation.triggered_on == date(2026, 8, 22) and list(activation.evidence) == list(firing.evidence)
    assert evaluate(path, as_of=date(2026, 8, 21)).firings == []  # the snapshot is not known yet


def test_threshold_side_within_and_reaches(tmp_path: Path) -> None:
    geometries = {"frozen": {"frontline": line(), "description": "x"}}
    # more than was gained: no firing; the holder (Ukraine) gained less than 2,000 km²
    assert evaluate(write(tmp_path, geometries, [territory(min_km2=1e5)])).firings == []
    holder = evaluate(write(tmp_path, geometries, [territory(side_gaining="holder", min_km2=2000)]))
    assert holder.firings == []
    # within a box around Pokrovsk (occupied in 2026 on this series) and reaching the town itself
    box = {
        "type": "Polygon",
        "coordinates": [[[36.5, 47.9], [37.8, 47.9], [37.8, 48.6], [36.5, 48.6], [36.5, 47.9]]],
    }
    (tmp_path / "box.geojson").write_text(json.dumps(box))
    (tmp_path / "town.geojson").write_text(json.dumps({"type": "Point", "coordinates": [37.18, 48.28]}))
    geometries |= {
        "box": {"file": "box.geojson", "description": "x"},
        "town": {"file": "town.geojson", "description": "y"},
    }
    within = evaluate(write(tmp_path, geometries, [territory(within="box", reaches="town")]))
    [firing] = within.firings
    inside = float(firing.evidence[2].removeprefix("gained_km2:"))
    old, new = (read_line(SERIES, date(2025, 12, 1)).occupied, read_line(SERIES, date(2026, 8, 22)).occupied)
    assert inside == pytest.approx(
        area_km2(shapely.intersection(shapely.difference(new, old), shape(box))), abs=0.05
    )
    far = {"type": "Point", "coordinates": [30.52, 50.45]}  # Kyiv: never reached
    (tmp_path / "town.geojson").write_text(json.dumps(far))
    assert evaluate(write(tmp_path, geometries, [territory(reaches="town")])).firings == []


def test_against_previous_compares_consecutive_snapshots(tmp_path: Path) -> None:
    geometries = {"frozen": {"frontline": line(date_="2024-07-08"), "description": "x"}}
    result = evaluate(write(tmp_path, geometries, [territory(against="previous", min_km2=50)]))
    [firing] = result.firings
    assert firing.evidence[:2] == (
        "snapshot:deepstatemap_data_20240708.geojson@2024-07-08",
        "snapshot:deepstatemap_data_20250601.geojson@2025-06-01",
    )


# --------------------------------------------------------------------------- done when: December 2025 daily


def sinusoidal_km2(geometry: Any) -> float:
    """Area on the authalic sphere (R = 6371.007 km), sinusoidal equal-area projection; independent of servanda."""
    r = 6371.0072

    def to_xy(coords: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(coords[:, 0] - 32.0), np.radians(coords[:, 1])
        return np.column_stack([r * lon * np.cos(lat), r * lat])

    return float(shapely.transform(shapely.segmentize(geometry, 0.05), to_xy).area)


@pytest.mark.shared
def test_fifty_km2_in_thirty_days_fires_on_the_right_day_of_december_2025(
    shared_dir: Path, tmp_path: Path
) -> None:
    daily = shared_dir / "data/frontline/deepstate_occupied_daily_2025-12"
    if not daily.is_dir():
        pytest.skip("the December 2025 daily series is not in ../shared")
    files = sorted(daily.glob("deepstatemap_data_202512*.geojson"))
    occupied = {}
    for f in files:
        data = json.loads(f.read_text("utf-8"))
        features = data["features"] if data.get("type") == "FeatureCollection" else [data]
        occupied[f.name] = shapely.make_valid(shapely.union_all([shape(x["geometry"]) for x in features]))
    # independently: every day after the frozen line (1 December) compared with the line in force when its
    # 30-day window began (never before 1 December): the first day gaining 50 km² or more
    names = list(occupied)
    expected = None
    for _i, name in enumerate(names[1:], start=1):
        day = int(name[-10:-8])
        first_day = max(day - 29, 1)
        reference = names[first_day - 1]
        gained = sinusoidal_km2(shapely.difference(occupied[name], occupied[reference]))
        if gained >= 50:
            expected = (name, reference, gained)
            break
    assert expected is not None
    path = write(
        tmp_path,
        {
            "frozen": {
                "frontline": line(date_="2025-12-01", series=daily),
                "description": "DeepState 1 Dec 2025",
            }
        },
        [territory(min_km2=50, window="30 days")],
    )
    [firing] = evaluate(path).firings
    name, reference, gained = expected
    assert firing.on == date(2025, 12, int(name[-10:-8]))
    assert firing.evidence[0] == f"snapshot:{reference}@2025-12-{reference[-10:-8]}"
    assert firing.evidence[1] == f"snapshot:{name}@2025-12-{name[-10:-8]}"
    assert float(firing.evidence[2].removeprefix("gained_km2:")) == pytest.approx(gained, rel=5e-3)
