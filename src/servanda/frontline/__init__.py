"""Front-line series: reading control-map snapshots and measuring them (layer 4).

:mod:`~servanda.frontline.readers` reads processed DeepState-derived files, raw DeepStateMap history
snapshots (four naming eras) and user layers into :class:`Snapshot` objects by category;
:mod:`~servanda.frontline.area` gives ellipsoidal areas in km² (Lambert azimuthal equal-area on WGS84).

Example:
    >>> from servanda.frontline import classify
    >>> classify("Статус невідомий /// Unknown status /// geoJSON.status.unknown")[0]
    'unknown'
"""

from servanda.frontline.area import area_km2, cell_area_km2, project, spherical_area_km2
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
    "project",
    "read_snapshot",
    "spherical_area_km2",
    "ukraine_outline",
]
