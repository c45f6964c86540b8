"""Root test configuration: docstring examples (``--doctest-modules`` over ``src/servanda``).

A docstring whose examples read ``../shared`` (the full research data beside a source checkout) says
``needs ../shared``; its examples are skipped, with that reason, when the folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

SHARED = Path(__file__).resolve().parent.parent / "shared"
MARK = "needs ../shared"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason="../shared is not present")
    for item in items:
        if isinstance(item, DoctestItem) and item.dtest is not None and MARK in (item.dtest.docstring or ""):
            item.add_marker(skip)
