"""Generated artefacts (JSON Schema, docs reference, errors page) match the model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from servanda.io.yaml_source import read_source
from servanda.language.docgen import errors_doc, format_doc
from servanda.language.library import library_files
from servanda.model.schema import instrument_schema

ROOT = Path(__file__).resolve().parent.parent


def test_published_schema_is_current() -> None:
    published = json.loads((ROOT / "src/servanda/data/schema/instrument.schema.json").read_text())
    assert published == json.loads(json.dumps(instrument_schema())), (
        "run: servanda schema -o src/servanda/data/schema/instrument.schema.json"
    )


def test_library_files_validate_against_published_schema() -> None:
    schema = instrument_schema()
    for path in library_files():
        data = read_source(path).data
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_docs_are_current() -> None:
    import servanda.analyses  # noqa: F401

    fmt = (ROOT / "docs/format.md").read_text(encoding="utf-8")
    assert format_doc(fmt) == fmt, "run: uv run --frozen python scripts/gen_docs.py"
    errors = errors_doc(ROOT / "tests/diagnostics/fixtures", ROOT / "tests/diagnostics/golden")
    assert errors == (ROOT / "docs/errors.md").read_text(encoding="utf-8"), "run: python scripts/gen_docs.py"
