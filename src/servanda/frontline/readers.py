"""Front-line snapshots as they come: processed DeepState files, raw DeepStateMap history, user layers.

A *snapshot* is the control map on one date: polygons by category (:data:`CATEGORIES`), in WGS84
longitude/latitude, valid (repaired with :func:`shapely.make_valid` where needed) and clipped of nothing
— polygons lying mostly outside Ukraine are set aside, not cut. A *series* is a folder of snapshot files
(or one layer whose features carry a date property); it is indexed cheaply by date from the file names
and each snapshot is read only when asked for, so a long series needs the memory of one snapshot.

Kinds of file, told apart by name and content:

* ``deepstatemap_data_YYYYMMDD.geojson`` — the processed DeepState-derived occupied area
  (cyterat/deepstate-map-data): one MultiPolygon, category ``occupied`` (it already unites Occupied,
  CADR/CALR and Crimea);
* ``deepstate_raw_<UTC ISO>_<unix ts>.geojson`` or ``<unix ts>.geojson`` — raw DeepStateMap history
  snapshots; the category is read from the ``name`` property across its four naming eras
  (:func:`classify`);
* any other GeoJSON (or Shapefile, when ``pyshp`` is installed) — a user layer: the date comes from
  ``--date-field`` or a date in the file name; features named like DeepState's categories are classified,
  the others count as ``occupied``.

Example:
    >>> category, era = classify("Окуповано /// Occupied /// geoJSON.status.occupied")
    >>> category, era
    ('occupied', 'keys')
    >>> classify("Звільнено 25.03 /// Taken back 25.03")
    ('liberated', 'english')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from servanda.diagnostics import Diagnostic, ServandaError, Span
from servanda.frontline.area import area_km2

#: Categories of a control map. ``occupied``, ``cadr_calr`` (ORDLO, occupied before 2022) and ``crimea``
#: together are the occupied area; ``unknown`` is DeepState's grey zone; ``other`` is never counted.
CATEGORIES: tuple[str, ...] = ("occupied", "cadr_calr", "crimea", "unknown", "liberated", "other")
OCCUPIED: tuple[str, ...] = ("occupied", "cadr_calr", "crimea")
#: Categories that count as "Ukrainian polygons" of a snapshot.
UKRAINIAN: tuple[str, ...] = ("occupied", "cadr_calr", "crimea", "unknown", "liberated")

Kind = Literal["processed", "raw", "layer"]
Era = Literal["ukrainian", "english", "bilingual", "keys", "none"]

#: Largest snapshot file read (bytes); checked before parsing.
MAX_BYTES = 64 * 1024 * 1024
#: A polygon is Ukrainian when at least this share of its area lies within Ukraine's outline grown by
#: :data:`OUTLINE_MARGIN_DEG` (DeepState draws spits, estuaries and strips along the border).
INSIDE_SHARE = 0.5
OUTLINE_MARGIN_DEG = 0.1

SUFFIXES = (".geojson", ".json", ".shp", ".gpkg")

_PROCESSED = re.compile(r"deepstatemap_data_(\d{8})")
_RAW = re.compile(r"deepstate_raw_(\d{8}T\d{6}Z)_(\d+)")
_UNIX = re.compile(r"^(\d{9,11})$")
_ISO = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")

_FOREIGN = (
    "transnistria", "придністров", "abkhaz", "абхаз", "petsamo", "петсамо", "salla", "салла",
    "karelia", "карелі", "kuril", "куриль", "prussia", "прусс", "latvia", "латві", "estonia",
    "естоні", "ichkeria", "ічкері", "tskhinvali", "цхінвал", "pechorsk", "печорськ",
)  # fmt: skip
_KEYS = {
    "geojson.status.occupied": "occupied",
    "geojson.status.unknown": "unknown",
    "geojson.status.dismissed": "liberated",
    "geojson.territories.ordlo": "cadr_calr",
    "geojson.territories.crimea": "crimea",
    "geojson.territories.tuzla": "crimea",
}
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cadr_calr", ("ордло", "cadr")),
    ("crimea", ("крим", "crimea", "тузла", "tuzla")),
    ("unknown", ("статус невідомий", "unknown status", "під питанням", "contested", "невідомо", "начебто")),
    ("liberated", ("звільнено", "liberated", "taken back", "орки відсутні")),
    ("occupied", ("окупов", "occupied", "зайняті ворогом")),
)


def _norm(name: str) -> str:
    return " ".join(name.replace("\xa0", " ").split()).lower()


def classify(name: str) -> tuple[str, Era]:
    """The category of a DeepStateMap feature ``name`` and the naming era it is written in.

    Eras: ``ukrainian`` (2022-04: "Окуповано"), ``english`` ("UA /// EN", 2022: "Taken back", "Contested"),
    ``bilingual`` ("UA /// EN", 2022-10 on: "Liberated", "Unknown status") and ``keys`` (2025: a third part
    ``geoJSON.status.*`` / ``geoJSON.territories.*``). Editorial polygons outside Ukraine are ``other``.

    >>> classify("ОРДЛО /// CADR and CALR\\xa0/// geoJSON.territories.ordlo")
    ('cadr_calr', 'keys')
    >>> classify("Окупована Абхазія.\\n///\\nOccupied Abkhazia.")
    ('other', 'english')
    >>> classify("Під питанням")
    ('unknown', 'ukrainian')
    """
    n = _norm(name)
    era: Era
    if "geojson." in n:
        era = "keys"
    elif "///" in n:
        era = "bilingual" if ("liberated" in n or "unknown status" in n) else "english"
    else:
        era = "ukrainian" if n else "none"
    if era == "keys":
        key = n[n.index("geojson.") :].split()[0].split("_at")[0]
        if key in _KEYS:
            return _KEYS[key], era
        return "other", era
    if any(word in n for word in _FOREIGN):
        return "other", era
    for category, words in _WORDS:
        if any(word in n for word in words):
            return category, era
    return "other", era


def file_era(eras: Iterable[Era]) -> Era:
    """The naming era of a file: the latest era any of its feature names is written in."""
    order: tuple[Era, ...] = ("none", "ukrainian", "english", "bilingual", "keys")
    return max(eras, key=order.index, default="none")


@dataclass(frozen=True)
class Snapshot:
    """The control map on one date: polygons by category (lon/lat), with what reading it noted."""

    date: date
    file: str
    kind: Kind
    categories: Mapping[str, BaseGeometry]
    era: Era = "none"
    notes: tuple[Diagnostic, ...] = ()

    @property
    def occupied(self) -> BaseGeometry:
        """The occupied area: ``occupied`` ∪ ``cadr_calr`` ∪ ``crimea``."""
        parts = [self.categories[c] for c in OCCUPIED if c in self.categories]
        return shapely.union_all(parts) if parts else shapely.Polygon()

    def areas_km2(self) -> dict[str, float]:
        """Ellipsoidal area (km²) of each category present, and ``occupied_total`` (the union)."""
        out = {c: round(area_km2(g), 1) for c, g in self.categories.items() if c != "other"}
        out["occupied_total"] = round(area_km2(self.occupied), 1)
        return out


@dataclass(frozen=True)
class SnapshotRef:
    """One entry of a series index: a date and where to read it (a file, or a date value of a layer)."""

    date: date
    path: Path
    kind: Kind
    date_value: str | None = None


@dataclass
class Series:
    """A front-line series: snapshot references sorted by date, read on demand."""

    source: str
    refs: list[SnapshotRef]
    date_field: str | None = None
    notes: list[Diagnostic] = field(default_factory=list)

    @property
    def dates(self) -> list[date]:
        """The dates of the series, ascending."""
        return [r.date for r in self.refs]

    def read(self, ref: SnapshotRef) -> Snapshot:
        """Read one snapshot of the series."""
        return read_snapshot(ref.path, date_field=self.date_field, on=ref.date if ref.date_value else None)

    def __iter__(self) -> Iterator[SnapshotRef]:
        return iter(self.refs)


def _error(code: str, message: str, file: str = "", *, hint: str | None = None, span: Span | None = None,
           path: str | None = None) -> ServandaError:  # fmt: skip
    return ServandaError(Diagnostic(code, message, file, span, hint=hint, path=path))


@cache
def ukraine_outline() -> BaseGeometry:
    """Ukraine's internationally recognised outline (Natural Earth 1:10m, DEU view, public domain), bundled.

    >>> 590_000 < area_km2(ukraine_outline()) < 605_000
    True
    """
    text = resources.files("servanda").joinpath("data", "frontline", "ukraine.geojson").read_text("utf-8")
    data = json.loads(text)
    geometry = shapely.union_all([shape(f["geometry"]) for f in data["features"]])
    shapely.prepare(geometry)
    return geometry


@cache
def _outline_grown() -> BaseGeometry:
    grown = ukraine_outline().buffer(OUTLINE_MARGIN_DEG)
    shapely.prepare(grown)
    return grown


# -- dates -------------------------------------------------------------------------------------------


def date_of_name(name: str) -> tuple[date, Kind] | None:
    """Date and kind from a file name, or None.

    >>> date_of_name("deepstatemap_data_20251201.geojson")
    (datetime.date(2025, 12, 1), 'processed')
    >>> date_of_name("deepstate_raw_20220701T060252Z_1656655372.geojson")
    (datetime.date(2022, 7, 1), 'raw')
    >>> date_of_name("1656655372.geojson")
    (datetime.date(2022, 7, 1), 'raw')
    >>> date_of_name("line-2025-03-01.geojson")
    (datetime.date(2025, 3, 1), 'layer')
    """
    stem = Path(name).stem
    try:
        if m := _PROCESSED.search(stem):
            return datetime.strptime(m.group(1), "%Y%m%d").date(), "processed"
        if m := _RAW.search(stem):
            return datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ").date(), "raw"
        if m := _UNIX.match(stem):
            return datetime.fromtimestamp(int(m.group(1)), tz=UTC).date(), "raw"
        if m := _ISO.search(stem):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "layer"
    except ValueError:
        return None
    return None


def parse_date(value: Any) -> date | None:
    """A date from a property value (``YYYY-MM-DD``, ISO date-time, ``YYYYMMDD``), or None."""
    text = str(value).strip()
    for candidate in (text[:10], text[:8]):
        for pattern in ("%Y-%m-%d", "%Y%m%d"):
            try:
                return datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
    return None


# -- reading files ---------------------------------------------------------------------------------


def _load_json(path: Path) -> Any:
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _error("V960", f"cannot read `{file}`: {exc.strerror or exc}", file) from exc
    if size > MAX_BYTES:
        raise _error(
            "V962",
            f"`{path.name}` is {size:,} bytes; the limit is {MAX_BYTES:,}",
            file,
            hint="split the layer into one file per date, or simplify it",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error("V961", f"`{path.name}` is not UTF-8 (byte {exc.start})", file) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(
            "V961",
            f"`{path.name}` is not JSON: {exc.msg}",
            file,
            span=Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1),
        ) from exc


def _features(data: Any, file: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or "type" not in data:
        raise _error("V961", "not a GeoJSON object (no `type` member)", file)
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise _error("V961", "FeatureCollection without a `features` list", file, path="features")
        return [f for f in features if isinstance(f, dict)]
    if kind == "Feature":
        return [data]
    if (isinstance(kind, str) and "coordinates" in data) or kind == "GeometryCollection":
        return [{"type": "Feature", "properties": {}, "geometry": data}]
    raise _error("V961", f"GeoJSON `type` is `{kind}`, not a FeatureCollection, Feature or geometry", file)


def _read_shapefile(path: Path) -> list[dict[str, Any]]:
    try:
        import shapefile
    except ImportError as exc:
        raise _error(
            "V972",
            f"`{path.name}` is a Shapefile, and the `pyshp` reader is not installed",
            str(path),
            hint="convert it to GeoJSON: `ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson in.shp`",
        ) from exc
    try:
        reader = shapefile.Reader(str(path))
        out = [
            {
                "type": "Feature",
                "properties": dict(sr.record.as_dict()),
                "geometry": sr.shape.__geo_interface__,
            }
            for sr in reader.iterShapeRecords()
        ]
        reader.close()
    except (shapefile.ShapefileException, OSError, ValueError) as exc:
        raise _error("V961", f"`{path.name}` is not a readable Shapefile: {exc}", str(path)) from exc
    return out


def _features_of(path: Path) -> list[dict[str, Any]]:
    suffix = path.suffix.lower()
    if suffix == ".gpkg":
        raise _error(
            "V972",
            f"`{path.name}` is a GeoPackage; servanda has no GeoPackage reader",
            str(path),
            hint="convert it to GeoJSON: `ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson in.gpkg`",
        )
    if suffix == ".shp":
        return _read_shapefile(path)
    return _features(_load_json(path), str(path))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The polygonal part of a geometry (from a GeometryCollection, or after repair), or an empty polygon."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    if geometry.geom_type == "GeometryCollection":
        parts = [_polygonal(g) for g in geometry.geoms]
        parts = [p for p in parts if not p.is_empty]
        return shapely.union_all(parts) if parts else shapely.Polygon()
    return shapely.Polygon()


def check_coordinates(bounds: tuple[float, float, float, float], file: str) -> None:
    """Refuse a layer in a projected CRS (V963) or with longitude and latitude swapped (V964).

    >>> check_coordinates((22.1, 44.4, 40.2, 52.4), "ok.geojson")
    >>> check_coordinates((44.4, 22.1, 52.4, 40.2), "swapped.geojson")
    Traceback (most recent call last):
    ...
    servanda.diagnostics.errors.ServandaError: error[V964]: ...
    """
    minx, miny, maxx, maxy = bounds
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
        raise _error(
            "V963",
            f"coordinates reach x {minx:,.0f}..{maxx:,.0f}, y {miny:,.0f}..{maxy:,.0f}: the layer is in a "
            "projected CRS (metres?), not WGS84 longitude/latitude",
            file,
            hint="reproject to EPSG:4326: `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`",
        )
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if 43 <= cx <= 54 and 21 <= cy <= 42 and not (21 <= cx <= 42 and 43 <= cy <= 54):
        raise _error(
            "V964",
            f"coordinates centre on x {cx:.1f}, y {cy:.1f}: longitude and latitude look swapped "
            "(Ukraine is longitude 22-41 E, latitude 44-53 N)",
            file,
            hint="write positions as [longitude, latitude]",
        )


def _geometries(
    features: list[dict[str, Any]], file: str, kind: Kind
) -> tuple[dict[str, list[BaseGeometry]], list[Era], list[Diagnostic]]:
    """Features -> valid polygonal geometries by category; repairs and drops noted."""
    by_category: dict[str, list[BaseGeometry]] = {}
    eras: list[Era] = []
    notes: list[Diagnostic] = []
    repaired: list[str] = []
    emptied: list[str] = []
    polygon_features = 0
    bounds: list[tuple[float, float, float, float]] = []
    for index, feature in enumerate(features):
        item = feature.get("geometry")
        if not isinstance(item, dict) or item.get("type") in (
            "Point",
            "MultiPoint",
            "LineString",
            "MultiLineString",
        ):
            continue
        props = feature.get("properties") or {}
        name = str(props.get("name") or "") if isinstance(props, dict) else ""
        where = f"features[{index}]" + (f" ({_norm(name)[:40]})" if name else "")
        try:
            geometry = shape(item)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.GEOSException):
            emptied.append(where)
            continue
        if geometry.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            continue
        polygon_features += 1
        if not geometry.is_empty:
            bounds.append(geometry.bounds)
        if kind == "processed":
            category = "occupied"
        else:
            category, era = classify(name)
            if kind == "raw":
                eras.append(era)
            elif category == "other" and not any(word in _norm(name) for word in _FOREIGN):
                category = "occupied"
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
            if category != "other":  # a set-aside polygon's repair is no news
                repaired.append(where)
        geometry = _polygonal(geometry)
        if geometry.is_empty or geometry.area == 0:
            if category != "other":
                emptied.append(where)
            continue
        by_category.setdefault(category, []).append(geometry)
    if polygon_features == 0:
        raise _error(
            "V965",
            f"no polygon among {len(features)} feature(s)",
            file,
            hint="give an area layer (Polygon / MultiPolygon), not points or lines",
        )
    if bounds:
        xs = [b[0] for b in bounds] + [b[2] for b in bounds]
        ys = [b[1] for b in bounds] + [b[3] for b in bounds]
        check_coordinates((min(xs), min(ys), max(xs), max(ys)), file)
    if repaired:
        notes.append(
            Diagnostic(
                "V967",
                f"{len(repaired)} invalid polygon(s) repaired with make_valid: {', '.join(repaired[:5])}"
                + (" ..." if len(repaired) > 5 else ""),
                file,
            )
        )
    if emptied:
        notes.append(
            Diagnostic(
                "V968",
                f"{len(emptied)} feature(s) empty or degenerate after repair, dropped: {', '.join(emptied[:5])}"
                + (" ..." if len(emptied) > 5 else ""),
                file,
            )
        )
    return by_category, eras, notes


def _set_aside_outside(
    by_category: dict[str, list[BaseGeometry]], file: str
) -> tuple[dict[str, BaseGeometry], list[Diagnostic]]:
    """Union per category, keeping only polygon parts mostly within Ukraine's (grown) outline."""
    grown = _outline_grown()
    out: dict[str, BaseGeometry] = {}
    outside_km2 = 0.0
    outside_parts = 0
    for category, geometries in by_category.items():
        if category == "other":
            outside_parts += len(geometries)
            outside_km2 += sum(area_km2(g) for g in geometries)
            continue
        kept = []
        for geometry in geometries:
            for part in getattr(geometry, "geoms", [geometry]):
                if grown.contains(part):
                    kept.append(part)
                    continue
                share = part.intersection(grown).area / part.area if part.area else 0.0
                if share >= INSIDE_SHARE:
                    kept.append(part)
                else:
                    outside_parts += 1
                    outside_km2 += area_km2(part)
        if kept:
            merged = shapely.union_all(kept)
            merged = _polygonal(merged if merged.is_valid else shapely.make_valid(merged))
            if not merged.is_empty:
                out[category] = merged
    notes = []
    if outside_parts:
        notes.append(
            Diagnostic(
                "V973",
                f"{outside_parts} polygon(s) outside Ukraine or of no counted category set aside "
                f"({outside_km2:,.0f} km²)",
                file,
            )
        )
    return out, notes


def read_snapshot(path: str | Path, *, date_field: str | None = None, on: date | None = None) -> Snapshot:
    """Read one snapshot file; with ``date_field`` and ``on``, only the features dated ``on``.

    Raises :class:`~servanda.diagnostics.ServandaError` (V960-V969, V972) for a file that cannot be used.

    >>> s = read_snapshot("examples/ukraine-2025/geometries/frontline/deepstatemap_data_20251201.geojson")
    >>> s.date, s.kind, 114_000 < s.areas_km2()["occupied_total"] < 117_000
    (datetime.date(2025, 12, 1), 'processed', True)
    """
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise _error("V960", f"no such snapshot file `{file}`", file)
    named = date_of_name(path.name)
    features = _features_of(path)
    kind: Kind = named[1] if named else "layer"
    snapshot_date = named[0] if named else None
    if date_field is not None:
        dated = []
        for feature in features:
            props = feature.get("properties") or {}
            value = props.get(date_field) if isinstance(props, dict) else None
            d = parse_date(value) if value is not None else None
            if d is not None and (on is None or d == on):
                dated.append((d, feature))
        if not dated:
            raise _error(
                "V969",
                f"no feature has a date in property `{date_field}`" + (f" equal to {on}" if on else ""),
                file,
                hint="name the property that holds each feature's date with --date-field",
            )
        features = [f for _, f in dated]
        snapshot_date = on or min(d for d, _ in dated)
        kind = "layer" if kind != "raw" else kind
    if snapshot_date is None:
        raise _error(
            "V969",
            f"`{path.name}` has no date in its name",
            file,
            hint="rename it e.g. `line_2025-12-01.geojson`, or pass --date-field NAME",
        )
    if not features:
        raise _error("V965", "the collection is empty (no features)", file, hint="check the export")
    by_category, eras, notes = _geometries(features, file, kind)
    categories, aside = _set_aside_outside(by_category, file)
    if not any(c in categories for c in UKRAINIAN):
        raise _error(
            "V966",
            "no occupied, grey-zone or liberated polygon in Ukraine",
            file,
            hint="check that this is a Ukraine control map; polygons outside Ukraine are not counted",
        )
    return Snapshot(
        date=snapshot_date,
        file=file,
        kind=kind,
        categories=categories,
        era=file_era(eras) if kind == "raw" else "none",
        notes=tuple(notes + aside),
    )


def index_series(source: str | Path, *, date_field: str | None = None) -> Series:
    """Index a series: a folder of snapshot files, or one layer file with ``date_field``.

    Files whose name carries no date are skipped with a note (V969) unless ``date_field`` is given.

    >>> series = index_series("examples/ukraine-2025/geometries/frontline")
    >>> [d.isoformat() for d in series.dates]
    ['2024-07-08', '2025-06-01', '2025-12-01', '2026-08-22']
    """
    path = Path(source)
    text = str(source)
    if path.is_file():
        if date_field is None:
            named = date_of_name(path.name)
            if named is None:
                raise _error("V969", f"`{path.name}` has no date in its name", text,
                             hint="pass --date-field NAME naming the feature property with the date")  # fmt: skip
            return Series(text, [SnapshotRef(named[0], path, named[1])])
        features = _features_of(path)
        values = sorted(
            {
                d
                for f in features
                if (d := parse_date((f.get("properties") or {}).get(date_field) or "")) is not None
            }
        )
        if not values:
            raise _error("V969", f"no feature has a date in property `{date_field}`", text,
                         hint="name the property that holds each feature's date with --date-field")  # fmt: skip
        return Series(text, [SnapshotRef(d, path, "layer", d.isoformat()) for d in values], date_field)
    if not path.is_dir():
        raise _error("V960", f"no such file or folder `{text}`", text, hint="give a folder of snapshot files")
    refs: list[SnapshotRef] = []
    notes: list[Diagnostic] = []
    for child in sorted(path.iterdir()):
        if not child.is_file() or child.suffix.lower() not in SUFFIXES:
            continue
        named = date_of_name(child.name)
        if named is None:
            notes.append(Diagnostic("V969", f"`{child.name}` has no date in its name; skipped", str(child),
                                    level="warning"))  # fmt: skip
            continue
        refs.append(SnapshotRef(named[0], child, named[1]))
    if not refs:
        raise _error(
            "V960",
            f"`{text}` holds no dated snapshot file ({', '.join(SUFFIXES)})",
            text,
            hint="name files like deepstatemap_data_YYYYMMDD.geojson or line_YYYY-MM-DD.geojson",
        )
    refs.sort(key=lambda r: (r.date, r.path.name))
    return Series(text, refs, None, notes)
