"""Test configuration: collects YAML scenario tests (``format: servanda-test/1``) under tests/scenarios.

Scenarios run on the reference engine; ``pytest --engine NAME`` runs them on another registered engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servanda.evaluation.engine import REFERENCE_ENGINE, engine_names, get_engine
from servanda.evaluation.scenarios import SCENARIO_FORMAT, run_scenario_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        default=REFERENCE_ENGINE,
        choices=engine_names(),
        help="evaluation engine the YAML scenario files run on (default: reference)",
    )


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and "scenarios" in file_path.parts:
        head = file_path.read_text(encoding="utf-8", errors="replace")[:500]
        if SCENARIO_FORMAT in head:
            return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioItem(pytest.Item):
    def runtest(self) -> None:
        failures, _ = run_scenario_file(self.path, get_engine(self.config.getoption("--engine")))
        if failures:
            raise ScenarioFailure(failures)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            return "\n".join(f"  - {line}" for line in excinfo.value.failures)
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class ScenarioFailure(Exception):
    def __init__(self, failures: list[str]):
        super().__init__("\n".join(failures))
        self.failures = failures


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
