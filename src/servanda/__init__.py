"""servanda: security guarantees between states, written as code.

Every task is one function here (they load lazily, so ``import servanda`` stays light):
``load, check, show, library, evaluate, schema, compare, atop, credibility, package, ratify,
durability, frontline_series``; see :mod:`servanda.api`.

>>> import servanda
>>> servanda.load("nato.nat").title
'The North Atlantic Treaty'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "InstrumentError",
    "ServandaError",
    "ServiceError",
    "__version__",
    "atop",
    "check",
    "compare",
    "credibility",
    "durability",
    "evaluate",
    "frontline_series",
    "geometries_of",
    "library",
    "load",
    "package",
    "ratify",
    "schema",
    "show",
]

_API = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from servanda.api import (
        Diagnostic,
        InstrumentError,
        ServandaError,
        ServiceError,
        atop,
        check,
        compare,
        credibility,
        durability,
        evaluate,
        frontline_series,
        geometries_of,
        library,
        load,
        package,
        ratify,
        schema,
        show,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        from servanda import api

        return getattr(api, name)
    raise AttributeError(f"module 'servanda' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
