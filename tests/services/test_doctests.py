"""The docstring examples of the API, the services and the CLI renderers run (they are documentation)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import servanda.interfaces.cli
import servanda.services

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "servanda",
    "servanda.api",
    *(m.name for m in pkgutil.walk_packages(servanda.services.__path__, "servanda.services.")),
    *(m.name for m in pkgutil.walk_packages(servanda.interfaces.cli.__path__, "servanda.interfaces.cli.")),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
