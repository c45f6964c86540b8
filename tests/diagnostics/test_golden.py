"""One failing fixture per diagnostic code, with a golden expected output.

Re-record the golden files with ``SERVANDA_RESET_GOLDEN=1 uv run --frozen pytest tests/diagnostics``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from servanda.evaluation.events_io import read_events
from servanda.io.yaml_source import MAX_BYTES
from servanda.language.catalogue import CATALOGUE
from servanda.language.checker import check, check_file
from servanda.language.diagnostics import Diagnostic, render
from servanda.language.loader import load_instrument_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
CORE_CODES = sorted(c for c in CATALOGUE if c[0] in "EWV")


def produce(code: str) -> tuple[list[Diagnostic], str | None]:
    """Run the fixture for ``code``; returns the diagnostics and the source text for rendering."""
    relative = f"tests/diagnostics/fixtures/{code}.yaml"
    if code == "E101":
        report = check_file("tests/diagnostics/fixtures/E101-no-such-file.yaml")
        return report.diagnostics, None
    if code == "E103":
        big = (FIXTURES / "_valid.yaml").read_text(encoding="utf-8") + "#" * MAX_BYTES
        report = check(load_instrument_text(big, relative))
        return report.diagnostics, None
    if code.startswith("V"):
        batch = read_events(relative)
        return batch.diagnostics, (ROOT / relative).read_text(encoding="utf-8")
    report = check_file(relative)
    return report.diagnostics, report.load.document.text


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("code", CORE_CODES)
def test_fixture_produces_code_and_golden_output(code: str) -> None:
    diagnostics, text = produce(code)
    assert code in {d.code for d in diagnostics}, (
        f"fixture for {code} produced {[d.code for d in diagnostics]}"
    )
    rendered = "\n".join(render(d, text) for d in diagnostics) + "\n"
    golden = GOLDEN / f"{code}.txt"
    if os.environ.get("SERVANDA_RESET_GOLDEN") or not golden.exists():
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", CORE_CODES)
def test_every_diagnostic_points_inside_its_file(code: str) -> None:
    diagnostics, text = produce(code)
    for diagnostic in diagnostics:
        if diagnostic.span is None or text is None:
            continue
        lines = text.splitlines()
        assert 1 <= diagnostic.span.line <= max(1, len(lines) + 1)


def test_valid_base_has_no_diagnostics() -> None:
    report = check_file("tests/diagnostics/fixtures/_valid.yaml")
    assert report.diagnostics == []
