"""Occupied area per region (oblast): a user's admin-1 polygon layer crossed with the front-line series.

The regions layer (GeoJSON or Shapefile, WGS84 lon/lat — e.g. Natural Earth ``ne_10m_admin_1_states_provinces``
filtered to Ukraine, or geoBoundaries UKR ADM1) is read through the front-line readers' hardened paths:
size limit, JSON errors, projected-CRS (V963) and swapped lon/lat (V964) refusal, ``make_valid`` repairs
(V967), dropped degenerate features (V968). Regions are projected once to the equal-area LAEA projection;
each snapshot's occupied area is projected once and crossed with every region in one vectorised
:func:`shapely.intersection` call, so km² are ellipsoidal like the national series.

Example:
    >>> import json, tempfile
    >>> from shapely.geometry import box, mapping
    >>> layer = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "properties": {"name": n}, "geometry": mapping(box(x, 44, x + 10, 53))}
    ...     for n, x in (("West", 22), ("East", 32))]}
    >>> path = tempfile.mkstemp(suffix=".geojson")[1]
    >>> _ = open(path, "w").write(json.dumps(layer))
    >>> regions = read_regions(path)
    >>> regions.names, regions.field
    (['West', 'East'], 'name')
    >>> km2 = regions.occupied_km2(box(31, 47, 33, 48))
    >>> bool(abs(km2[0] - km2[1]) < 1 and km2[0] > 7000)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.frontline.area import area_km2, project
from servanda.frontline.readers import _features_of, _polygonal, check_coordinates

#: Name properties tried in order when no ``--region-field`` is given (Natural Earth, GADM, geoBoundaries).
NAME_FIELDS: tuple[str, ...] = ("name", "NAME_1", "shapeName", "name_en")
#: The name given to the occupied (or changed) area that lies in no region of the layer.
OUTSIDE = "(outside the regions)"
#: Where to get admin-1 boundaries (none are bundled), for messages.
ADMIN1_HINT = (
    "download an admin-1 layer: Natural Earth `ne_10m_admin_1_states_provinces` (public domain, "
    "naturalearthdata.com; filter `adm0_a3 = UKR`) or geoBoundaries UKR ADM1 (CC BY 4.0, geoboundaries.org)"
)


def _error(code: str, message: str, file: str, hint: str, path: str | None = None) -> ServandaError:
    return ServandaError(Diagnostic(code, message, file, hint=hint, path=path))


@dataclass(frozen=True)
class Regions:
    """Named region polygons (lon/lat) with their equal-area projections and areas (km²)."""

    file: str
    field: str
    names: list[str]
    geometries: np.ndarray
    projected: np.ndarray
    km2: np.ndarray
    notes: tuple[Diagnostic, ...] = ()

    def occupied_km2(self, occupied: BaseGeometry) -> np.ndarray:
        """km² of ``occupied`` (lon/lat) within each region: one vectorised intersection over all regions."""
        if occupied.is_empty:
            return np.zeros(len(self.names))
        return shapely.area(shapely.intersection(self.projected, project(occupied))) / 1e6


def _name_field(features: list[dict[str, Any]], wanted: str | None, file: str) -> str:
    keys: dict[str, None] = {}
    for feature in features:
        props = feature.get("properties")
        if isinstance(props, dict):
            keys.update(dict.fromkeys(props))
    available = ", ".join(f"`{k}`" for k in list(keys)[:12]) or "none"
    if wanted is not None:
        if wanted not in keys:
            raise _error(
                "V971",
                f"the regions layer has no property `{wanted}` (properties: {available})",
                file,
                "pass --region-field with one of the listed properties",
                "--region-field",
            )
        return wanted
    for candidate in NAME_FIELDS:
        if candidate in keys:
            return candidate
    raise _error(
        "V971",
        f"the regions layer has none of the name properties {', '.join(NAME_FIELDS)} (properties: {available})",
        file,
        "name the property holding each region's name with --region-field NAME",
        "--region-field",
    )


def read_regions(path: str | Path, region_field: str | None = None) -> Regions:
    """Read an admin-1 polygon layer: one region per distinct name (features sharing a name are united).

    Raises :class:`~servanda.diagnostics.ServandaError`: V960 (no file), V961/V962/V972 (unreadable),
    V965 (empty or no polygon), V963/V964 (not lon/lat), V971 (no name property).
    """
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise _error("V960", f"no such regions file `{file}`", file, ADMIN1_HINT, "--regions")
    features = _features_of(path)
    if not features:
        raise _error("V965", "the regions layer is empty (no features)", file, ADMIN1_HINT, "--regions")
    name_field = _name_field(features, region_field, file)
    by_name: dict[str, list[BaseGeometry]] = {}
    skipped: list[str] = []
    repaired: list[str] = []
    unnamed = 0
    for index, feature in enumerate(features):
        props = feature.get("properties") or {}
        value = props.get(name_field) if isinstance(props, dict) else None
        name = str(value).strip() if value not in (None, "") else ""
        where = f"features[{index}]" + (f" ({name[:40]})" if name else "")
        item = feature.get("geometry")
        try:
            geometry = shape(item) if isinstance(item, dict) else None
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.GEOSException):
            geometry = None
        if geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            skipped.append(where)
            continue
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
            repaired.append(where)
        geometry = _polygonal(geometry)
        if geometry.is_empty or geometry.area == 0:
            skipped.append(where)
            continue
        if not name:
            unnamed += 1
            name = where
        by_name.setdefault(name, []).append(geometry)
    if not by_name:
        raise _error(
            "V965",
            f"no polygon among the {len(features)} feature(s) of the regions layer",
            file,
            "give an admin-1 area layer (Polygon / MultiPolygon), not points or lines",
            "--regions",
        )
    names = list(by_name)
    geometries = np.array(
        [shapely.union_all(parts) if len(parts) > 1 else parts[0] for parts in by_name.values()], dtype=object
    )
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    check_coordinates((float(minx), float(miny), float(maxx), float(maxy)), file)
    notes = []
    if repaired:
        notes.append(Diagnostic("V967", f"{len(repaired)} invalid region polygon(s) repaired with make_valid: "
                                f"{', '.join(repaired[:5])}" + (" ..." if len(repaired) > 5 else ""), file))  # fmt: skip
    if skipped:
        notes.append(Diagnostic("V968", f"{len(skipped)} region feature(s) without a polygon, or empty after "
                                f"repair, dropped: {', '.join(skipped[:5])}" + (" ..." if len(skipped) > 5 else ""),
                                file, level="warning"))  # fmt: skip
    if unnamed:
        notes.append(Diagnostic("V968", f"{unnamed} region feature(s) have no `{name_field}`; named by position "
                                "(features[i])", file, level="warning"))  # fmt: skip
    projected = project(geometries)
    km2 = shapely.area(projected) / 1e6
    return Regions(file, name_field, names, geometries, projected, km2, tuple(notes))


@dataclass(frozen=True)
class RegionChange:
    """km² gained and lost in one region between the two ``--changes`` snapshots."""

    region: str
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        """Gained − lost (km²)."""
        return round(self.gained_km2 - self.lost_km2, 2)

    def to_json(self) -> dict[str, Any]:
        """``{region, gained_km2, lost_km2, net_km2}``."""
        return {
            "region": self.region,
            "gained_km2": self.gained_km2,
            "lost_km2": self.lost_km2,
            "net_km2": self.net_km2,
        }


def region_changes(regions: Regions, gained: BaseGeometry, lost: BaseGeometry) -> list[RegionChange]:
    """Split the gained and lost polygons (lon/lat) by region (two vectorised intersections).

    What lies in no region is a last entry :data:`OUTSIDE` when it is at least 0.01 km², so the
    entries add up to the whole change.

    >>> from shapely.geometry import box
    >>> cell = np.array([box(30, 48, 31, 49)])
    >>> r = Regions("t", "name", ["A"], cell, project(cell), np.array([8217.7]))
    >>> c = region_changes(r, box(30, 48, 30.5, 49), box(40, 40, 41, 41))[0]
    >>> round(c.gained_km2), c.lost_km2
    (4109, 0.0)
    """
    gained_km2 = regions.occupied_km2(gained)
    lost_km2 = regions.occupied_km2(lost)
    out = [
        RegionChange(name, round(float(g), 2), round(float(lo), 2))
        for name, g, lo in zip(regions.names, gained_km2, lost_km2, strict=True)
    ]
    rest_gained = max(0.0, round(area_km2(gained) - float(gained_km2.sum()), 2))
    rest_lost = max(0.0, round(area_km2(lost) - float(lost_km2.sum()), 2))
    if rest_gained >= 0.01 or rest_lost >= 0.01:
        out.append(RegionChange(OUTSIDE, rest_gained, rest_lost))
    return out
