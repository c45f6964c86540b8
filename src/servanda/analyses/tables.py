"""The analyses' one CSV reader and writer (polars), every cell kept as the text written.

Empty cells read as ``""`` (as the standard library's ``csv`` module gives them), so callers parse
numbers and dates themselves and a cell is never silently re-typed.

>>> header, rows = read_csv_text('iso3,seats\\nDEU,\\n"FRA, x",12\\n')
>>> header, rows
(['iso3', 'seats'], [{'iso3': 'DEU', 'seats': ''}, {'iso3': 'FRA, x', 'seats': '12'}])
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _frame(source: Path | bytes) -> Any:
    import polars as pl

    data = source if isinstance(source, bytes) else source.read_bytes()
    return pl.read_csv(io.BytesIO(data), infer_schema=False, raise_if_empty=False).fill_null("")


def _rows(frame: Any) -> tuple[list[str], list[dict[str, str]]]:
    return list(frame.columns), frame.to_dicts()


def read_csv(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of a CSV file with a header line; cells as text."""
    return _rows(_frame(Path(path)))


def read_csv_text(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of CSV text with a header line; cells as text."""
    return _rows(_frame(text.encode("utf-8")))


def write_csv(path: str | Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Write ``header`` and ``rows`` (cells as text) to ``path`` with ``\\n`` line ends, quoting only when needed."""
    import polars as pl

    columns = list(header)
    frame = pl.DataFrame([list(r) for r in rows], schema={c: pl.String for c in columns}, orient="row")
    frame.write_csv(Path(path), line_terminator="\n")
