"""``frontline``: the front line as a time series — areas by date, changes between two dates, the line on a date.

Reads a folder of snapshots (or one layer with ``date_field``) through :mod:`servanda.frontline`, measures
each in ellipsoidal km² and, with ``changes``, the polygons gained and lost between two dates. With
``regions`` (a user's admin-1 polygon layer), also the occupied km² and share of every region on every
date, and the change per region. Bad input raises :class:`~servanda.services.errors.ServiceError` with
V960–V975 diagnostics (exit 1 for a bad snapshot file, 2 for a bad option or regions layer).

Example:
    >>> out = frontline("examples/ukraine-2025/geometries/frontline", start="2025-06-01", changes="2025-06-01,2025-12-01")
    >>> [r["date"] for r in out.to_json()["series"]]
    ['2025-06-01', '2025-12-01', '2026-08-22']
    >>> out.change is not None and out.change.net_km2 > 0
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.diagnostics import Diagnostic
from servanda.services._inputs import require_name
from servanda.services.errors import EXIT_USAGE, ServiceError, translated

if TYPE_CHECKING:
    from servanda.analyses.frontline import AreaRow, Change, RegionChange, Regions
    from servanda.frontline import Snapshot

#: Columns of the CSV form of the area series.
CSV_COLUMNS = (
    "date",
    "kind",
    "era",
    "occupied_total",
    "occupied",
    "cadr_calr",
    "crimea",
    "unknown",
    "liberated",
    "file",
)
#: Columns of the CSV form with ``regions``: one row per date and region.
REGION_CSV_COLUMNS = ("date", "region", "occupied_km2", "region_km2", "share")


def _set_aside(rows: list[AreaRow], source: str) -> list[Diagnostic]:
    """The V973 notes of the snapshots read: as they are for one, summed into one note for several."""
    notes = [n for r in rows for n in r.notes if n.code == "V973"]
    if len(notes) <= 1:
        return notes
    return [
        Diagnostic(
            "V973",
            f"{len(notes)} of {len(rows)} snapshots had polygons outside Ukraine or of no counted category set aside "
            f"(first: {Path(notes[0].file).name}: {notes[0].message})",
            source,
        )
    ]


def _option_error(message: str, option: str, hint: str) -> ServiceError:
    return ServiceError([Diagnostic("V971", message, "", hint=hint, path=option)], exit_code=EXIT_USAGE)


#: The Python parameter behind each option, for messages about wrong argument types.
_PARAMETER = {"--from": "start", "--to": "end"}


def _date(value: date | str | None, option: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(
            f"{_PARAMETER.get(option, option.lstrip('-'))} must be a date, a datetime or an ISO string YYYY-MM-DD, "
            f"not {type(value).__name__}"
        )
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _option_error(
            f"`{option} {value}` is not a date", option, "write YYYY-MM-DD, e.g. 2025-12-01"
        ) from None


def _pair(value: str | tuple[date | str, date | str] | None) -> tuple[date, date] | None:
    if value is None:
        return None
    if not isinstance(value, str | tuple | list):
        raise TypeError(f"changes must be 'D1,D2' or a pair of dates, not {type(value).__name__}")
    items = value.split(",") if isinstance(value, str) else list(value)
    if len(items) != 2:
        raise _option_error(
            f"`--changes {value}` is not two dates",
            "--changes",
            "write two dates, e.g. --changes 2025-12-01,2025-12-31",
        )
    first, second = _date(items[0], "--changes"), _date(items[1], "--changes")
    assert first is not None and second is not None
    return first, second


@dataclass
class FrontlineResult:
    """The area series, the snapshot the line is drawn from, and optionally the change between two dates."""

    source: str
    start: date | None
    end: date | None
    rows: list[AreaRow]
    line: Snapshot
    change: Change | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    oblast: bool = False
    regions: Regions | None = None
    region_changes: list[RegionChange] = field(default_factory=list)

    def region_rows(self) -> list[dict[str, Any]]:
        """With regions: ``{date, region, occupied_km2, region_km2, share}`` per date and region.

        ``share`` is the occupied share of the region (0 to 1); the occupied km² in no region is left out
        (it is in the JSON's ``outside_km2`` and, when not zero, a CSV row :data:`~servanda.analyses.frontline.OUTSIDE`).
        """
        if self.regions is None:
            return []
        out = []
        for row in self.rows:
            for name, km2, total in zip(self.regions.names, row.region_km2, self.regions.km2, strict=True):
                out.append(
                    {
                        "date": row.date.isoformat(),
                        "region": name,
                        "occupied_km2": km2,
                        "region_km2": round(float(total), 2),
                        "share": round(min(1.0, km2 / float(total)), 6) if total > 0 else 0.0,
                    }
                )
        return out

    def csv_rows(self) -> list[dict[str, Any]]:
        """One dict per snapshot with :data:`CSV_COLUMNS` (areas in km², empty when a category is absent).

        With regions, one dict per date and region with :data:`REGION_CSV_COLUMNS`, then a row
        :data:`~servanda.analyses.frontline.OUTSIDE` for each date whose occupied area reaches beyond the regions.
        """
        if self.regions is not None:
            from servanda.analyses.frontline import OUTSIDE

            outside = [
                {"date": r.date.isoformat(), "region": OUTSIDE, "occupied_km2": r.outside_km2,
                 "region_km2": "", "share": ""}
                for r in self.rows
                if r.outside_km2 > 0
            ]  # fmt: skip
            return self.region_rows() + outside
        return [
            {
                "date": r.date.isoformat(),
                "kind": r.kind,
                "era": r.era,
                **{c: r.areas.get(c, "") for c in CSV_COLUMNS[3:9]},
                "file": r.file,
            }
            for r in self.rows
        ]

    def to_json(self) -> dict[str, Any]:
        """What ``servanda frontline --format json`` prints."""
        return {
            "series": [r.to_json() for r in self.rows],
            "source": self.source,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "line": {
                "date": self.line.date.isoformat(),
                "file": self.line.file,
                "areas_km2": self.line.areas_km2(),
            },
            "changes": self.change.to_json() if self.change else None,
            "area_method": "ellipsoidal (WGS84), Lambert azimuthal equal-area centred 32E 48.5N, edges densified to 0.05 deg",
            "regions": self._regions_json(),
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }

    def _regions_json(self) -> dict[str, Any] | None:
        if self.regions is None:
            return None
        return {
            "file": self.regions.file,
            "field": self.regions.field,
            "rows": self.region_rows(),
            "outside_km2": [{"date": r.date.isoformat(), "occupied_km2": r.outside_km2} for r in self.rows],
            "changes": [c.to_json() for c in self.region_changes] if self.change else None,
        }


def frontline(
    series: str | Path,
    *,
    start: date | str | None = None,
    end: date | str | None = None,
    changes: str | tuple[date | str, date | str] | None = None,
    strict: bool = False,
    date_field: str | None = None,
    oblast: bool = False,
    regions: str | Path | None = None,
    region_field: str | None = None,
) -> FrontlineResult:
    """Area series of ``series`` from ``start`` to ``end``, the line as of ``end``, and the change between two dates.

    A date without a snapshot uses the nearest earlier one (a V970 warning), or raises with ``strict``.
    With ``regions`` (a GeoJSON or Shapefile admin-1 layer in lon/lat, names from ``region_field`` or the
    first of ``name``, ``NAME_1``, ``shapeName``, ``name_en``), also the occupied km² and share per region;
    ``oblast=True`` asks for the same and needs ``regions`` (V975, exit 2, without it).
    The Python API serves it as ``servanda.frontline_series`` (``servanda.frontline`` is the readers'
    package).

    >>> out = frontline("examples/ukraine-2025/geometries/frontline", changes=("2025-06-01", "2025-12-01"))
    >>> out.rows[0].date.isoformat(), out.change is not None and out.change.gained_km2 > 0
    ('2024-07-08', True)
    """
    from servanda.analyses.frontline import (
        ADMIN1_HINT,
        area_series,
        read_regions,
        region_changes,
        snapshot_on,
    )
    from servanda.analyses.frontline import changes as change_between
    from servanda.frontline import index_series

    require_name(series, "series")
    for name, value in (("date_field", date_field), ("region_field", region_field)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if regions is not None:
        require_name(regions, "regions")
    if oblast and regions is None:
        raise ServiceError(
            [Diagnostic("V975", "--oblast needs an admin-1 layer: pass --regions FILE (none is bundled)", "",
                        hint=ADMIN1_HINT, path="--oblast")],
            exit_code=EXIT_USAGE,
        )  # fmt: skip
    if region_field is not None and regions is None:
        raise _option_error(
            "--region-field is given without --regions", "--region-field", "add --regions FILE"
        )
    first, last = _date(start, "--from"), _date(end, "--to")
    if first and last and first > last:
        raise _option_error(f"--from {first} is after --to {last}", "--from", "swap the two dates")
    pair = _pair(changes)
    layer = None
    diagnostics: list[Diagnostic] = []
    if regions is not None:
        with translated(EXIT_USAGE):
            layer = read_regions(regions, region_field)
        diagnostics += layer.notes
    with translated():
        indexed = index_series(series, date_field=date_field)
        diagnostics += indexed.notes
        rows, notes = area_series(indexed, first, last, layer)
        diagnostics += notes
        for row in rows:
            diagnostics += [n for n in row.notes if n.code in ("V967", "V968")]
        diagnostics += _set_aside(rows, indexed.source)
        if last is not None:
            ref, note = snapshot_on(indexed, last, strict=strict, option="--to")
            if note is not None and note not in diagnostics:
                diagnostics.append(note)
        else:
            ref = indexed.refs[-1]
        line = indexed.read(ref)
        change = None
        if pair is not None:
            change, notes = change_between(indexed, pair[0], pair[1], strict=strict)
            diagnostics += notes
    by_region = region_changes(layer, change.gained, change.lost) if layer is not None and change else []
    return FrontlineResult(
        str(series), first, last, rows, line, change, diagnostics, oblast, layer, by_region
    )
