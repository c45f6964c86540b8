"""The front line as instruments use it: the control map in force on a date, and the snapshots after it.

:func:`read_line` is the :data:`servanda.semantics.geometry.LineReader` the checker, the scenario runner and
the API pass to :func:`servanda.semantics.geometry.load_geometries`: it indexes a series (cached), picks the
snapshot dated on the requested day or the nearest earlier one (reported as a V970 note), and reads it.
:func:`occupied_on` reads the occupied area of one snapshot of a series (cached), for territorial triggers.

Example:
    >>> from datetime import date
    >>> from pathlib import Path
    >>> line = read_line(Path("examples/ukraine-2025/geometries/frontline"), date(2025, 12, 14))
    >>> line.on, line.file, [d.code for d in line.notes]
    (datetime.date(2025, 12, 1), 'deepstatemap_data_20251201.geojson', ['V970'])
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.frontline.readers import Series, SnapshotRef, index_series, ukraine_outline
from servanda.semantics.geometry import FrozenLine


@lru_cache(maxsize=16)
def _series(source: str) -> Series:
    return index_series(source)


def series_of(path: Path) -> Series:
    """The index of a series (a folder of dated snapshots or one file), cached per path."""
    return _series(str(path))


def snapshot_on(series: Series, day: date, *, strict: bool = False, option: str = "date"
                ) -> tuple[SnapshotRef, Diagnostic | None]:  # fmt: skip
    """The snapshot dated ``day``, else the nearest earlier one with a V970 warning (an error if ``strict``).

    Raises V970 as an error when no snapshot is on or before ``day``.
    """
    earlier = [r for r in series.refs if r.date <= day]
    if not earlier:
        raise ServandaError(
            Diagnostic(
                "V970",
                f"no snapshot on or before {day} ({option}); the series starts on {series.refs[0].date}",
                series.source,
                hint=f"pick a date from {series.refs[0].date} to {series.refs[-1].date}",
                level="error",
            )
        )
    ref = earlier[-1]
    if ref.date == day:
        return ref, None
    diagnostic = Diagnostic(
        "V970",
        f"no snapshot on {day} ({option}); using the nearest earlier one, {ref.date}",
        series.source,
        hint="pass a date of the series, or drop --strict" if strict else None,
        level="error" if strict else "warning",
    )
    if strict:
        raise ServandaError(diagnostic)
    return ref, diagnostic


#: A few snapshots stay in memory (the frozen line and the ones a window compares), not a whole series.
@lru_cache(maxsize=8)
def _occupied(source: str, day: date) -> BaseGeometry:
    series = _series(source)
    ref = next(r for r in series.refs if r.date == day)
    return series.read(ref).occupied


def occupied_on(path: Path, ref: SnapshotRef) -> BaseGeometry:
    """The occupied area of snapshot ``ref`` of the series at ``path`` (cached)."""
    return _occupied(str(path), ref.date)


def read_line(path: Path, on: date) -> FrozenLine:
    """The control map of the series at ``path`` in force on ``on`` (the nearest earlier snapshot, noted)."""
    series = series_of(path)
    ref, diagnostic = snapshot_on(series, on, option="frozen line")
    notes: tuple[Diagnostic, ...] = ()
    if diagnostic is not None:
        notes = (
            Diagnostic(
                "V970",
                f"the line frozen on {on} is the snapshot of {ref.date} (`{ref.path.name}`), "
                "the nearest earlier one",
                str(path),
                level="note",
            ),
        )
    return FrozenLine(
        series=path,
        requested=on,
        on=ref.date,
        file=ref.path.name,
        occupied=occupied_on(path, ref),
        outline=ukraine_outline(),
        notes=notes,
    )
