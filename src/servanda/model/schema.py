"""The JSON Schema of the instrument format, generated from the model.

The published copy is ``src/servanda/data/schema/instrument.schema.json``; a test keeps it equal
to :func:`instrument_schema` (regenerate with ``servanda schema -o <that path>``).

Example:
    >>> instrument_schema()["title"]
    'servanda instrument (servanda/1)'
"""

from __future__ import annotations

from typing import Any

from servanda.model.instrument import Instrument

SCHEMA_ID = "https://servanda.dev/schema/instrument-1.json"


def instrument_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for ``servanda/1`` instrument files."""
    schema = Instrument.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "servanda instrument (servanda/1)",
    }
