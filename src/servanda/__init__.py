"""servanda: security guarantees between states, written as code.

Every task is one function here (they load lazily, so ``import servanda`` stays light):
``load, check, show, library, evaluate, schema, compare, atop, credibility, package, ratify,
durability, read_events, monitor, frontline_series``; see :mod:`servanda.api`, whose ``__all__`` is the one list of
public names. ``servanda.EventStore`` is the as-of event store (:mod:`servanda.store`).

>>> import servanda
>>> servanda.load("nato.nat").title
'The North Atlantic Treaty'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from servanda.api import *  # noqa: F403
    from servanda.store import EventStore as EventStore


def __getattr__(name: str) -> Any:
    # Public names (and ``__all__``) load servanda.api on first use; dunder probes stay cheap.
    if name == "EventStore":  # served by the store, which imports DuckDB: only on first use
        return importlib.import_module("servanda.store").EventStore
    if name == "__all__" or not name.startswith("_"):
        api = importlib.import_module("servanda.api")
        if name == "__all__":
            return ["__version__", "EventStore", *api.__all__]
        if name in api.__all__:
            return getattr(api, name)
    raise AttributeError(f"module 'servanda' has no attribute {name!r}")


def __dir__() -> list[str]:
    api = importlib.import_module("servanda.api")
    return sorted([*globals(), "EventStore", *api.__all__])
