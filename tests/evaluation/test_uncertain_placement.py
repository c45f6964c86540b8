"""Imprecise locations are placed by their precision disc: inside, outside or uncertain, on both engines.

The zone is a 200 km square drawn in servanda's equal-area projection around its centre (32° E, 48.5° N), so
that distances from its edges are exact in metres; events sit exactly at the precision radius from an
edge, 50 m either side of it, on the edge, at the centre and far away.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
import yaml

from servanda.evaluation.columnar import ColumnarEngine
from servanda.evaluation.reference import ReferenceEngine
from servanda.model.events import Event
from servanda.model.instrument import Instrument
from servanda.semantics.geometry import GeometryTable, NamedGeometry, classify, placement
from servanda.semantics.projection import laea_inverse, unproject

ROOT = Path(__file__).resolve().parents[2]
BASE: dict[str, Any] = yaml.safe_load((ROOT / "tests/diagnostics/fixtures/_valid.yaml").read_text("utf-8"))
HALF = 100_000.0  # metres: the square spans ±100 km around the projection's centre
ZONE = unproject(shapely.segmentize(shapely.box(-HALF, -HALF, HALF, HALF), 1000.0))


def table() -> GeometryTable:
    return GeometryTable(zone=NamedGeometry("zone", ZONE))


def lonlat(x_m: float) -> tuple[float, float]:
    """The point ``x_m`` metres east of the centre (on the horizontal axis)."""
    lon, lat = laea_inverse(np.array([[x_m, 0.0]]))[0]
    return float(lon), float(lat)


#: (label, metres east of the centre, location precision, expected placement). A point exactly at the radius
#: from an edge is a tie (the closed disc touches the edge): floating-point rounding decides between the two
#: neighbouring placements, so either is accepted; 50 m either side of it decides.
CASES = [
    ("centre, precise", 0.0, 1, "inside"),
    ("on the edge, precise", -HALF, 1, "inside"),  # the boundary counts as inside
    ("1 m outside the edge, precise", -HALF - 1.0, 1, "outside"),
    ("on the edge, 25 km disc", -HALF, 2, "uncertain"),
    ("exactly 25 km inside, 25 km disc", -HALF + 25_000.0, 2, "inside|uncertain"),  # a tie: rounding decides
    ("25 km - 50 m inside, 25 km disc", -HALF + 24_950.0, 2, "uncertain"),
    ("25 km + 50 m inside, 25 km disc", -HALF + 25_050.0, 2, "inside"),
    ("exactly 25 km outside, 25 km disc", -HALF - 25_000.0, 2, "uncertain|outside"),  # a tie
    ("25 km + 50 m outside, 25 km disc", -HALF - 25_050.0, 2, "outside"),
    ("25 km - 50 m outside, 25 km disc", -HALF - 24_950.0, 2, "uncertain"),
    ("exactly 50 km inside, 50 km disc", -HALF + 50_000.0, 3, "inside|uncertain"),
    ("50 km - 50 m inside, 50 km disc", -HALF + 49_950.0, 3, "uncertain"),
    ("50 km + 50 m outside, 50 km disc", -HALF - 50_050.0, 3, "outside"),
    ("centre, 100 km disc", 0.0, 5, "uncertain"),  # the square is 200 km wide: the disc reaches its edges
    ("far away, 100 km disc", -6 * HALF, 7, "outside"),
]


@pytest.mark.parametrize(("label", "x", "precision", "expected"), CASES, ids=[c[0] for c in CASES])
def test_placement_at_the_boundaries(label: str, x: float, precision: int, expected: str) -> None:
    lon, lat = lonlat(x)
    assert placement(table(), "zone", lon, lat, precision) in expected.split("|")


def test_classify_is_vectorised_and_marks_missing_locations() -> None:
    points = [lonlat(x) for _, x, _, _ in CASES]
    lon = np.array([p[0] for p in points] + [np.nan])
    lat = np.array([p[1] for p in points] + [48.5])
    precision = np.array([c[2] for c in CASES] + [1])
    got = classify(table(), "zone", lon, lat, precision).tolist()
    codes = {"outside": 0, "inside": 1, "uncertain": 2}
    one_by_one = [
        codes[placement(table(), "zone", p[0], p[1], c[2])] for p, c in zip(points, CASES, strict=True)
    ]
    assert got == [*one_by_one, -1]
    assert all(g in {codes[e] for e in c[3].split("|")} for g, c in zip(got, CASES, strict=False))


def instrument(predicate: dict[str, Any]) -> Instrument:
    data = dict(BASE)
    clause = dict(BASE["clauses"][0])
    clause["triggers"] = [{"id": "t", "kind": "breach", "match": predicate}]
    clause["obligations"] = [{**BASE["clauses"][0]["obligations"][0], "trigger": "t"}]
    data["clauses"] = [clause]
    return Instrument.model_validate(data)


def events() -> list[Event]:
    start = date(2026, 1, 1)
    out = []
    for i, (_, x, precision, _) in enumerate(CASES):
        lon, lat = lonlat(x)
        out.append(
            Event(
                id=f"e{i:02d}",
                date=start + timedelta(days=i),
                event_class="shelling",
                lon=lon,
                lat=lat,
                geo_precision=precision,
                actor="RUS",
                target="UKR",
            )
        )
    out.append(Event(id="nowhere", date=start, event_class="shelling", actor="RUS", target="UKR"))
    return out


def expected_ids(test: str, uncertain: str) -> list[str]:
    """The events the test holds for, by their placement (ties placed as :func:`placement` places them)."""
    wanted = {"inside": {"inside"}, "outside": {"outside"}}[test]
    if uncertain == "match":
        wanted = wanted | {"uncertain"}
    placed = [placement(table(), "zone", *lonlat(c[1]), c[2]) for c in CASES]
    assert all(p in c[3].split("|") for p, c in zip(placed, CASES, strict=True))
    return [f"e{i:02d}" for i, p in enumerate(placed) if p in wanted]


@pytest.mark.parametrize("test", ["inside", "outside"])
@pytest.mark.parametrize("uncertain", ["ignore", "match"])
def test_both_engines_count_exactly_the_placed_events(test: str, uncertain: str) -> None:
    inst = instrument({"all": [{"actor": ["RUS"]}, {test: "zone", "uncertain": uncertain}]})
    evs = events()
    want = expected_ids(test, uncertain)
    for engine in (ReferenceEngine(), ColumnarEngine()):
        # one event at a time: the trigger fires on exactly the events placed as wanted
        fired = [e.id for e in evs if engine.evaluate(inst, [e], table(), trace=False).firings]
        assert fired == want, type(engine).__name__
    reference = ReferenceEngine().evaluate(inst, evs, table(), trace=False)
    columnar = ColumnarEngine().evaluate(inst, evs, table())
    assert reference.firings == columnar.firings
    assert reference.notes == columnar.notes
    if uncertain == "match":
        # an uncertain event that was counted is named in the notes
        assert reference.firings[0].evidence[0] in want
        uncertain_first = next(e for e in evs if e.id == reference.firings[0].evidence[0])
        if (
            placement(
                table(), "zone", uncertain_first.lon, uncertain_first.lat, uncertain_first.geo_precision
            )
            == "uncertain"
        ):
            assert any("is uncertain for `zone` and counted" in n for n in reference.notes)


def test_without_the_option_the_reported_point_is_tested_as_before() -> None:
    inst = instrument({"inside": "zone"})
    lon, lat = lonlat(-HALF + 10_000.0)  # 10 km inside the edge, reported with a 25 km disc
    event = Event(id="x", date=date(2026, 1, 1), event_class="shelling", lon=lon, lat=lat, geo_precision=2)
    result = ReferenceEngine().evaluate(inst, [event], table(), trace=False)
    assert [f.evidence for f in result.firings] == [("x",)]
    assert any("whether it is inside is uncertain" in n for n in result.notes)
