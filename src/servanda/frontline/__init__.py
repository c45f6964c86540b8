"""Front-line series: reading control-map snapshots and measuring them (layer 4).

:mod:`~servanda.frontline.readers` reads processed DeepState-derived files, raw DeepStateMap history
snapshots (four naming eras) and user layers into :class:`Snapshot` objects by category;
:mod:`~servanda.frontline.area` gives ellipsoidal areas in km² (Lambert azimuthal equal-area on WGS84);
:mod:`~servanda.frontline.frozen` gives instruments the line in force on a date (``read_line``).

Example:
    >>> from servanda.frontline import classify
    >>> classify("Статус невідомий /// Unknown status /// geoJSON.status.unknown")[0]
    'unknown'
"""

from servanda.frontline.area import area_km2, cell_area_km2, project, spherical_area_km2
from servanda.frontline.frozen import occupied_on, read_line, series_of, snapshot_on
from servanda.frontline.readers import (
    CATEGORIES,
    OCCUPIED,
    Series,
    Snapshot,
    SnapshotRef,
    classify,
    index_series,
    read_snapshot,
    ukraine_outline,
)

__all__ = [
    "CATEGORIES",
    "OCCUPIED",
    "Series",
    "Snapshot",
    "SnapshotRef",
    "area_km2",
    "cell_area_km2",
    "classify",
    "index_series",
    "occupied_on",
    "project",
    "read_line",
    "read_snapshot",
    "series_of",
    "snapshot_on",
    "spherical_area_km2",
    "ukraine_outline",
]
