"""Which source wrote a file: from its extension, header or shape, never from its name alone.

* ``acled``: CSV whose header has ``event_id_cnty`` and ``event_date`` (31 columns, or older layouts
  with ``data_id``/``actor_dyad``...), or JSON ``{"status": .., "data": [...]}`` (the ACLED API).
* ``ucdp_ged``: CSV whose header has ``relid`` and ``type_of_violence`` (49 columns).
* ``ucdp_api``: JSON ``{"TotalCount": .., "Result": [...]}`` or a bare list of GED records.
* ``gdelt2`` / ``gdelt1``: headerless tab-separated lines of 61 / 57–58 fields (``.zip`` or not).
* ``canonical``: servanda's own CSV/JSON/YAML (columns ``id``, ``date``, ``event_class``...) or Parquet.

Excel workbooks cannot be read (no Excel engine is installed with servanda): V912 says to save as CSV.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
    >>> _ = path.write_text("id,date,event_class\\ne1,2025-01-01,shelling\\n")
    >>> detect_source(path)
    'canonical'
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from servanda.sources._common import check_file, events_kind, fail, first_line, load_json

#: Every source name ``--source`` accepts.
SOURCES: tuple[str, ...] = ("acled", "ucdp_ged", "ucdp_api", "gdelt2", "gdelt1", "canonical")

_CANONICAL_KEYS = {"id", "date", "event_class"}


def _header_source(names: set[str]) -> str | None:
    if {"event_id_cnty", "event_date"} <= names:
        return "acled"
    if {"relid", "type_of_violence"} <= names:
        return "ucdp_ged"
    if names >= _CANONICAL_KEYS:
        return "canonical"
    return None


def json_source(data: Any) -> str | None:
    """The source of a parsed JSON document, or None.

    >>> json_source({"status": 200, "data": []}), json_source([{"relid": "x", "type_of_violence": 1}]), json_source({"events": []})
    ('acled', 'ucdp_api', 'canonical')
    """
    if isinstance(data, dict):
        if "Result" in data:
            return "ucdp_api"
        if "data" in data and isinstance(data["data"], list):
            return "acled"
        if "events" in data:
            return "canonical"
        return None
    if isinstance(data, list):
        first = next((row for row in data if isinstance(row, dict)), None)
        if first is None:
            return "canonical"
        keys = set(first)
        if {"relid", "type_of_violence"} <= keys:
            return "ucdp_api"
        if {"event_id_cnty", "event_date"} <= keys:
            return "acled"
        return "canonical"
    return None


def detect_source(path: str | Path) -> str:
    """The source name of ``path`` (one of :data:`SOURCES`); raises ``ServandaError`` when unknown."""
    path = Path(path)
    file = str(path)
    if not path.exists() and not path.is_symlink():
        raise fail("V910", f"no such events file `{path}`", file)
    check_file(path, events_kind(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".xlsm"):
        raise fail(
            "V912",
            "Excel workbooks cannot be read: no Excel engine is installed with servanda",
            file,
            hint="open the file and save it as CSV (UTF-8), then read the CSV",
        )
    if suffix in (".parquet", ".pq"):
        return "canonical"
    if suffix in (".yaml", ".yml"):
        return "canonical"
    if path.stat().st_size == 0:
        raise fail("V911", "the events file is empty", file)
    if suffix == ".json":
        data = load_json(path)
        found = json_source(data)
        if found is None:
            raise fail("V910", "JSON of no known source", file, hint=_SOURCE_HINT)
        return found
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [m for m in archive.infolist() if not m.is_dir()]
                if not names:
                    raise fail("V911", "the zip archive is empty", file)
                with archive.open(names[0]) as handle:
                    line = handle.readline(1 << 16).decode("utf-8", errors="replace").rstrip("\r\n")
        except zipfile.BadZipFile as exc:
            raise fail("V910", f"not a readable zip archive: {exc}", file) from None
    else:
        line = first_line(path)
    if not line.strip():
        raise fail("V911", "the events file is empty (its first line is blank)", file)
    return _line_source(line, file)


_SOURCE_HINT = "give --source (" + ", ".join(SOURCES) + ") or see docs/sources.md for the layouts read"


def _line_source(line: str, file: str) -> str:
    tabs = line.count("\t") + 1
    if tabs >= 50 and line.split("\t", 1)[0].strip().isdigit():
        if tabs == 61:
            return "gdelt2"
        if tabs in (57, 58):
            return "gdelt1"
        raise fail(
            "V917",
            f"a headerless tab-separated line of {tabs} fields: GDELT 2.0 has 61, GDELT 1.0 57 or 58",
            file,
            hint="the first line may be cut off; give --source gdelt2 or gdelt1 to read the rest",
        )
    for delimiter in (",", "\t", ";", "|"):
        names = {n.strip().strip('"').lower() for n in line.split(delimiter)}
        found = _header_source(names)
        if found is None:
            continue
        if delimiter != ",":
            shown = {"\t": "tab", ";": "semicolon", "|": "pipe"}[delimiter]
            raise fail(
                "V913",
                f"the header is {shown}-separated; {found} files are comma-separated",
                file,
                hint="re-export the file as comma-separated CSV (Excel: 'CSV UTF-8 (Comma delimited)')",
            )
        return found
    raise fail("V910", "the header matches no known events source", file, hint=_SOURCE_HINT)
