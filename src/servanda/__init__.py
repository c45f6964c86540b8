"""servanda: security guarantees between states, written as code.

Every task is one function here (they load lazily, so ``import servanda`` stays light):
``load, check, show, library, evaluate, schema, compare, atop, credibility, package, ratify,
durability, read_events, monitor``; see :mod:`servanda.api`. ``servanda.EventStore`` is the as-of event store
(:mod:`servanda.store`).

>>> import servanda
>>> servanda.load("nato.nat").title
'The North Atlantic Treaty'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "EventStore",
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
    "geometries_of",
    "library",
    "load",
    "monitor",
    "package",
    "ratify",
    "read_events",
    "schema",
    "show",
]

#: Names served by a module other than :mod:`servanda.api` (imported on first use).
_ELSEWHERE = {"EventStore": "servanda.store"}

_API = frozenset(__all__) - {"__version__", *_ELSEWHERE}

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
        geometries_of,
        library,
        load,
        monitor,
        package,
        ratify,
        read_events,
        schema,
        show,
    )
    from servanda.store import EventStore


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(_ELSEWHERE[name]), name)
    if name in _API:
        from servanda import api

        return getattr(api, name)
    raise AttributeError(f"module 'servanda' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API, *_ELSEWHERE])
