"""Named geometries: GeoJSON files, front-line control maps and their set algebra, loaded with shapely.

A geometry of an instrument (:class:`servanda.model.instrument.Geometry`) is resolved here, once, for the
checker, every engine and the analyses: its source (a GeoJSON file, a front-line control map as of a date
— the line *frozen* then —, or another named geometry), grown by ``buffer_km`` (in the equal-area
projection of :mod:`.projection`, never in degrees), united with ``union``, cut to ``intersect`` and
reduced by ``minus``. Reading front-line snapshots is :mod:`servanda.frontline`'s job (a higher layer): the
caller passes a :data:`LineReader` (``servanda.frontline.frozen.read_line``).

Imprecise locations: an event of location precision *p* lies somewhere in a disc of
:data:`PRECISION_KM` [*p*] km around its point. Against a geometry it is *inside* when the whole disc is
(the point lies in the geometry shrunk by the radius), *outside* when none of it is (the point lies
outside the geometry grown by the radius), and *uncertain* otherwise (:func:`classify`). The shrunk and
grown geometries are derived geometries named ``<name>@core<r>`` and ``<name>@hull<r>``
(:func:`derived_name`), computed once and cached, so that every engine tests them like any geometry.

Example:
    >>> from shapely.geometry import Point, box
    >>> g = NamedGeometry("square", box(0, 0, 1, 1))
    >>> g.contains_lonlat(0.5, 0.5), g.contains_lonlat(2, 2)
    (True, False)
"""

from __future__ import annotations

import graphlib
import math
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.reader import read_json
from servanda.semantics.projection import project, unproject

if TYPE_CHECKING:
    from servanda.model.instrument import FrontlineAt, Geometry, GeometryPart, Instrument

#: Radius (km) of the disc an event of a given location precision may lie in (canonical ``geo_precision``:
#: 1 exact, 2 near a place (ACLED 2), 3 within a district, 4-7 a region or a country (ACLED 3 maps to 4;
#: UCDP ``where_prec`` is the scale itself); beyond 3: :data:`DEFAULT_PRECISION_KM`.
PRECISION_KM = {1: 0.0, 2: 25.0, 3: 50.0}
DEFAULT_PRECISION_KM = 100.0
#: Every radius a disc can have (the derived geometries an ``uncertain:`` test needs).
RADII_KM = (25.0, 50.0, 100.0)

#: The line of contact keeps this distance (km) from Ukraine's border and coast (see ``FrozenLine.contact_line``).
BORDER_MARGIN_KM = 2.0

#: How an event's location relates to a geometry.
Placement = Literal["inside", "outside", "uncertain", "unknown"]


def radius_km(geo_precision: int) -> float:
    """Radius (km) of the disc of an event of this location precision.

    >>> radius_km(1), radius_km(2), radius_km(3), radius_km(7)
    (0.0, 25.0, 50.0, 100.0)
    """
    return PRECISION_KM.get(geo_precision, DEFAULT_PRECISION_KM)


def radii_km(precision: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """:func:`radius_km` of each element of an integer array (vectorised)."""
    p = np.asarray(precision)
    out = np.full(p.shape, DEFAULT_PRECISION_KM, dtype=np.float64)
    for level, km in PRECISION_KM.items():
        out[p == level] = km
    return out


class GeometryError(ServandaError):
    """A geometry could not be loaded (E305, or the front-line code V960-V970), located by ``where``.

    ``where`` is the path of the offending key inside the geometry's entry, e.g. ``("frontline", "date")``.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "E305",
        where: tuple[str | int, ...] = ("file",),
        hint: str | None = None,
        level: Literal["error", "warning", "note"] | None = None,
    ) -> None:
        super().__init__(Diagnostic(code, message, hint=hint, level=level))
        self.where = where


@dataclass(frozen=True)
class FrozenLine:
    """A front-line snapshot as an instrument uses it: the control map in force on ``requested``."""

    series: Path
    requested: date
    on: date
    file: str
    occupied: BaseGeometry
    outline: BaseGeometry
    notes: tuple[Diagnostic, ...] = ()

    @property
    def held(self) -> BaseGeometry:
        """Ukraine's outline minus the occupied area."""
        return shapely.difference(self.outline, self.occupied)

    def contact_line(self) -> BaseGeometry:
        """The line of contact (lon/lat): the occupied area's edge where it borders held territory (within
        50 m of it) and lies at least :data:`BORDER_MARGIN_KM` inside Ukraine's outline, so that edges along the
        international border or the coast, and slivers between them and the outline, are not part of it."""
        occupied_m = project(self.occupied)
        held_m = project(self.held)
        inland = shapely.buffer(project(self.outline), -BORDER_MARGIN_KM * 1000.0)
        line = shapely.intersection(shapely.boundary(occupied_m), shapely.buffer(held_m, 50.0))
        line = shapely.intersection(line, inland)
        return unproject(shapely.line_merge(line) if line.geom_type == "MultiLineString" else line)


#: Reads the control map of a series (a folder or file) as of a date; raises :class:`ServandaError`.
LineReader = Callable[[Path, date], FrozenLine]


@dataclass(frozen=True)
class NamedGeometry:
    """A geometry with its name; ``covers`` semantics (boundary points are inside).

    ``line`` is the frozen front line the geometry was built from, if any (its series and date are what a
    ``territory`` trigger watches).
    """

    name: str
    geometry: BaseGeometry
    line: FrozenLine | None = field(default=None, compare=False)

    def contains_lonlat(self, lon: float, lat: float) -> bool:
        """True if the point lies inside or on the boundary."""
        return bool(self.geometry.covers(Point(lon, lat)))

    def distance_km(self, lon: float, lat: float) -> float:
        """Approximate distance (km) from the point to the geometry's boundary (equirectangular)."""
        from math import cos, radians

        point = Point(lon, lat)
        degrees = float(self.geometry.boundary.distance(point))
        return degrees * 111.32 * max(cos(radians(lat)), 0.2)


def read_geojson(path: Path, feature: str | None = None) -> BaseGeometry:
    """Union of the geometries in a GeoJSON file (FeatureCollection, Feature or bare geometry).

    With ``feature``, only the features whose ``properties.name`` equals it.
    """
    data, result = read_json(path, "geojson")
    if result.diagnostics:
        problem = result.diagnostics[0]
        if problem.message.startswith("no such file"):
            raise GeometryError(f"no such file `{path}`")
        where = f" (line {problem.span.line})" if problem.span and problem.span.line > 1 else ""
        raise GeometryError(f"`{path}` is not readable GeoJSON: {problem.message}{where}")
    if not isinstance(data, dict):
        raise GeometryError(f"`{path}` is not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        features = [f for f in data.get("features", []) if isinstance(f, dict)]
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"geometry": data, "properties": {}}]
    if feature is not None:
        names = sorted({str((f.get("properties") or {}).get("name")) for f in features})
        features = [f for f in features if (f.get("properties") or {}).get("name") == feature]
        if not features:
            raise GeometryError(f"`{path}` has no feature named `{feature}` (names: {', '.join(names)})")
    items = [f.get("geometry") for f in features]
    geometries: list[BaseGeometry] = []
    for item in items:
        if not item:
            continue
        if not isinstance(item, dict):
            raise GeometryError(f"`{path}` holds a geometry that is not a GeoJSON object")
        bad = _bad_coordinate(item.get("coordinates"))
        if bad is not None:
            raise GeometryError(f"`{path}` holds an invalid {item.get('type', 'geometry')}: {bad}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                geometry = shape(item)
                reason = None if shapely.is_valid(geometry) else shapely.is_valid_reason(geometry)
        except (
            ValueError,
            TypeError,
            AttributeError,
            KeyError,
            IndexError,
            RuntimeWarning,
            ShapelyError,
        ) as exc:
            first = str(exc).split("\n")[0][:120]
            raise GeometryError(f"`{path}` holds an invalid {item.get('type', 'geometry')}: {first}") from exc
        if reason is not None:
            raise GeometryError(
                f"`{path}` holds an invalid {item.get('type', 'geometry')}: {reason} "
                "(repair it, e.g. with `mapshaper -clean` or QGIS 'Fix geometries')"
            )
        geometries.append(geometry)
    if not geometries:
        raise GeometryError(f"`{path}` holds no geometry")
    merged = shapely.union_all([shapely.make_valid(g) for g in geometries])
    if merged.is_empty:
        raise GeometryError(f"`{path}` holds only empty geometries")
    shapely.prepare(merged)
    return merged


def _bad_coordinate(coordinates: Any) -> str | None:
    """Why a coordinate array is unusable (not a number, NaN, infinite), walked without recursion."""
    stack = [coordinates]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif item is None:
            continue
        elif isinstance(item, bool) or not isinstance(item, int | float):
            return f"coordinate `{str(item)[:40]}` is not a number"
        elif isinstance(item, float) and not math.isfinite(item):
            return f"coordinate {'NaN' if math.isnan(item) else 'infinite'} (give finite degrees)"
    return None


def buffer_km(geometry: BaseGeometry, km: float) -> BaseGeometry:
    """``geometry`` (lon/lat) grown by ``km`` on every side (negative: shrunk), in the equal-area projection.

    >>> from shapely.geometry import Point
    >>> grown = buffer_km(Point(32.0, 48.5), 10.0)
    >>> from servanda.semantics.projection import project
    >>> round(project(grown, densify=None).area / 1e6, 0)  # a disc of 10 km: 314 km²
    314.0
    """
    if km == 0:
        return geometry
    grown = shapely.buffer(project(geometry), km * 1000.0, quad_segs=16)
    return shapely.make_valid(unproject(grown)) if not grown.is_empty else grown


@dataclass
class _Dates:
    in_force: date | None
    signed: date | None


def _frozen_on(spec: FrontlineAt, dates: _Dates, where: tuple[str | int, ...]) -> date:
    if isinstance(spec.date, date):
        return spec.date
    value = dates.in_force if spec.date == "in_force" else dates.signed
    if value is None:
        raise GeometryError(
            f"the line is frozen on `{spec.date}`, but the instrument has no `{spec.date}` date",
            where=(*where, "frontline", "date"),
            hint=f"give the instrument a `{spec.date}` date, or write the date itself",
        )
    return value


def _read_line(
    base: Path, spec: FrontlineAt, dates: _Dates, read_line: LineReader | None, where: tuple[str | int, ...]
) -> FrozenLine:
    on = _frozen_on(spec, dates, where)
    if read_line is None:
        raise GeometryError(
            "front-line geometries need a front-line reader (servanda.frontline.frozen.read_line)",
            where=(*where, "frontline"),
        )
    try:
        return read_line(base / spec.series, on)
    except ServandaError as exc:
        first = exc.diagnostics[0]
        key = "date" if first.code == "V970" else "series"
        raise GeometryError(
            first.message,
            code=first.code,
            where=(*where, "frontline", key),
            hint=first.hint,
            level=first.level,
        ) from exc


def _side(line: FrozenLine, side: str) -> BaseGeometry:
    if side == "occupied":
        return line.occupied
    if side == "held":
        return line.held
    return line.contact_line()


def _source(
    base: Path,
    spec: Geometry | GeometryPart,
    resolved: Mapping[str, NamedGeometry],
    dates: _Dates,
    read_line: LineReader | None,
    where: tuple[str | int, ...],
) -> tuple[BaseGeometry, FrozenLine | None]:
    line: FrozenLine | None = None
    if spec.file is not None:
        try:
            geometry = read_geojson(base / spec.file, spec.feature)
        except GeometryError as exc:
            raise GeometryError(exc.diagnostics[0].message, where=(*where, "file")) from exc
    elif spec.frontline is not None:
        line = _read_line(base, spec.frontline, dates, read_line, where)
        geometry = _side(line, spec.frontline.side)
    else:
        assert spec.geometry is not None
        if spec.geometry not in resolved:
            raise GeometryError(
                f"undefined geometry `{spec.geometry}`", code="E301", where=(*where, "geometry")
            )
        named = resolved[spec.geometry]
        geometry, line = named.geometry, named.line
    if spec.buffer_km:
        geometry = buffer_km(geometry, spec.buffer_km)
    return geometry, line


def resolve_geometry(
    base: Path,
    name: str,
    spec: Geometry,
    resolved: Mapping[str, NamedGeometry] | None = None,
    *,
    read_line: LineReader | None = None,
    in_force: date | None = None,
    signed: date | None = None,
) -> NamedGeometry:
    """Resolve one named geometry of an instrument (files relative to ``base``).

    ``resolved`` holds the geometries it may name (``geometry:``); ``read_line`` reads front-line series.
    Raises :class:`GeometryError` located inside the entry.
    """
    dates = _Dates(in_force, signed)
    known = resolved or {}
    geometry, line = _source(base, spec, known, dates, read_line, ())
    for group in ("union", "intersect", "minus"):
        for k, part in enumerate(getattr(spec, group)):
            other, other_line = _source(base, part, known, dates, read_line, (group, k))
            line = line or other_line
            if group == "union":
                geometry = shapely.union(geometry, other)
            elif group == "intersect":
                geometry = shapely.intersection(geometry, other)
            else:
                geometry = shapely.difference(geometry, other)
    if geometry.is_empty:
        raise GeometryError(f"geometry `{name}` is empty after its set operations", where=())
    shapely.prepare(geometry)
    return NamedGeometry(name, geometry, line)


def load_geometry(base: Path, spec: Any, *, read_line: LineReader | None = None) -> BaseGeometry:
    """Build a geometry from its spec relative to ``base`` (no references to other named geometries)."""
    return resolve_geometry(base, "geometry", spec, read_line=read_line).geometry


def geometry_order(instrument: Instrument) -> list[str]:
    """Names of the instrument's geometries, each after the geometries it names (cycles: file order).

    A cycle is reported by the checker (E302); here the remaining names keep file order.
    """
    graph = {
        n: {
            r
            for r in [g.geometry, *(p.geometry for p in g.parts())]
            if r is not None and r in instrument.geometries
        }
        for n, g in instrument.geometries.items()
    }
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:
        return list(instrument.geometries)


def load_geometries(
    base: Path, instrument: Instrument, *, read_line: LineReader | None = None
) -> GeometryTable:
    """Every named geometry of ``instrument`` (the first problem raises :class:`GeometryError`)."""
    table = GeometryTable()
    for name in geometry_order(instrument):
        table[name] = resolve_geometry(
            base,
            name,
            instrument.geometries[name],
            table,
            read_line=read_line,
            in_force=instrument.in_force,
            signed=instrument.signed,
        )
    return table.derive_all(tested_names(instrument))


def tested_names(instrument: Instrument) -> set[str]:
    """Every geometry name the instrument's ``inside``/``outside`` tests read, derived ones included."""
    from servanda.model.instrument import AllOf, AnyOf, Inside, Not, Outside

    out: set[str] = set()
    stack = [t.match for t in instrument.triggers().values() if t.match is not None]
    while stack:
        item = stack.pop()
        if isinstance(item, AllOf):
            stack.extend(item.all)
        elif isinstance(item, AnyOf):
            stack.extend(item.any)
        elif isinstance(item, Not):
            stack.append(item.not_)
        elif isinstance(item, Inside | Outside):
            name = item.inside if isinstance(item, Inside) else item.outside
            out |= {name} | (derived_names(name) if item.uncertain else set())
    return out


# --------------------------------------------------------------------------- imprecise locations

_DERIVED = re.compile(r"^(?P<name>.+)@(?P<kind>core|hull)(?P<r>\d+(?:\.\d+)?)$")
#: Stand-in for a geometry shrunk to nothing: a speck at the South Pole no event is placed on.
_NOWHERE = shapely.Point(0.0, -89.999999).buffer(1e-9)
_CACHE: dict[tuple[int, str, float], tuple[BaseGeometry, BaseGeometry]] = {}


def derived_name(name: str, kind: Literal["core", "hull"], radius: float) -> str:
    """Name of ``name`` shrunk (``core``) or grown (``hull``) by ``radius`` km.

    >>> derived_name("zone", "core", 25.0)
    'zone@core25'
    """
    return f"{name}@{kind}{radius:g}"


def derived_names(name: str) -> set[str]:
    """Every derived geometry an ``uncertain:`` test of ``name`` reads."""
    return {derived_name(name, k, r) for r in RADII_KM for k in ("core", "hull")}


def derive(base: NamedGeometry, kind: Literal["core", "hull"], radius: float) -> NamedGeometry:
    """``base`` shrunk or grown by ``radius`` km (cached per geometry object)."""
    key = (id(base.geometry), kind, radius)
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not base.geometry:
        if len(_CACHE) >= 64:
            _CACHE.pop(next(iter(_CACHE)))
        out = buffer_km(base.geometry, -radius if kind == "core" else radius)
        if out.is_empty:
            out = _NOWHERE
        shapely.prepare(out)
        hit = (base.geometry, out)
        _CACHE[key] = hit
    return NamedGeometry(derived_name(base.name, kind, radius), hit[1], base.line)


def lookup(geometries: Mapping[str, NamedGeometry], name: str) -> NamedGeometry:
    """``geometries[name]``, deriving ``<name>@core<r>``/``<name>@hull<r>`` when not stored."""
    if name in geometries:
        return geometries[name]
    found = _DERIVED.match(name)
    if found is None or found["name"] not in geometries:
        raise KeyError(name)
    kind: Literal["core", "hull"] = "core" if found["kind"] == "core" else "hull"
    return derive(geometries[found["name"]], kind, float(found["r"]))


class GeometryTable(dict[str, NamedGeometry]):
    """The named geometries of an instrument; derived names (:func:`derived_name`) resolve on first use.

    >>> from shapely.geometry import box
    >>> table = GeometryTable(square=NamedGeometry("square", box(31, 48, 33, 49)))
    >>> table["square@hull25"].contains_lonlat(33.2, 48.5), "square@hull25" in table
    (True, True)
    """

    def __missing__(self, name: str) -> NamedGeometry:
        found = lookup(dict(self), name)
        self[name] = found
        return found

    def derive_all(self, names: set[str]) -> GeometryTable:
        """Store the derived geometries among ``names`` whose base is present (so a plain copy keeps them)."""
        for name in sorted(names):
            base = _DERIVED.match(name)
            if name not in self and base is not None and base["name"] in self:
                self[name] = lookup(self, name)
        return self


def classify(
    geometries: Mapping[str, NamedGeometry],
    name: str,
    lon: np.ndarray[Any, Any],
    lat: np.ndarray[Any, Any],
    precision: np.ndarray[Any, Any],
) -> np.ndarray[Any, Any]:
    """Placement of each event against geometry ``name``: 1 inside, 0 outside, 2 uncertain, -1 no location.

    Vectorised over events (shapely ``intersects_xy`` on arrays): a precise event (radius 0) is tested
    as a point (boundary inside); an imprecise one is inside when its point lies in the geometry shrunk by
    its radius, outside when it lies outside the geometry grown by it, else uncertain.

    >>> from shapely.geometry import box
    >>> table = GeometryTable(held=NamedGeometry("held", box(30, 47, 36, 50)))
    >>> classify(table, "held", np.array([33.0, 36.1, 36.1, 40.0, np.nan]),
    ...          np.array([48.5, 48.5, 48.5, 48.5, 48.5]), np.array([2, 1, 2, 3, 1])).tolist()
    [1, 0, 2, 0, -1]
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    radius = radii_km(np.asarray(precision))
    out = np.full(lon.shape, -1, dtype=np.int8)
    located = ~(np.isnan(lon) | np.isnan(lat))
    exact = located & (radius == 0)
    if exact.any():
        inside = shapely.intersects_xy(lookup(geometries, name).geometry, lon[exact], lat[exact])
        out[exact] = inside.astype(np.int8)
    for r in np.unique(radius[located & (radius > 0)]):
        rows = located & (radius == r)
        core = lookup(geometries, derived_name(name, "core", float(r))).geometry
        hull = lookup(geometries, derived_name(name, "hull", float(r))).geometry
        x, y = lon[rows], lat[rows]
        placed = np.full(x.shape, 2, dtype=np.int8)
        placed[~shapely.intersects_xy(hull, x, y)] = 0
        placed[shapely.intersects_xy(core, x, y)] = 1
        out[rows] = placed
    return out


def placement(geometries: Mapping[str, NamedGeometry], name: str, lon: float | None, lat: float | None,
              precision: int) -> Placement:  # fmt: skip
    """:func:`classify` for one event."""
    if lon is None or lat is None:
        return "unknown"
    code = int(classify(geometries, name, np.array([lon]), np.array([lat]), np.array([precision]))[0])
    return ("outside", "inside", "uncertain")[code]
