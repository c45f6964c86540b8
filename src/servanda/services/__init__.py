"""The service layer: one framework-free function per user task, each returning a typed result.

Every interface (the CLI, the Python API, a future web server) calls these and only renders what they
return. Each takes plain inputs (paths, bundled ids, strings, dates or ISO strings, keyword options),
does the whole orchestration, and returns a dataclass with ``to_json()`` (the JSON the CLI prints for
``--format json``) that carries its diagnostics. Bad input raises :class:`ServiceError` with coded
diagnostics and the exit status an interface should use. Heavy libraries are imported only when a
service runs, so importing this package is cheap.

Example:
    >>> from servanda import services
    >>> services.check("tests/diagnostics/fixtures/_valid.yaml").errors
    0
"""

from servanda.services.atop import AtopResult, atop
from servanda.services.check import CheckResult, FileCheck, check
from servanda.services.compare import CompareResult, compare
from servanda.services.core import LibraryResult, SchemaResult, ShowResult, library, schema, show
from servanda.services.credibility import CredibilityResult, credibility
from servanda.services.errors import InstrumentError, ServiceError
from servanda.services.evaluate import EvaluateResult, evaluate
from servanda.services.events import EventsInspection, inspect_events, read_events
from servanda.services.frontline import FrontlineResult, frontline
from servanda.services.monitor import MonitorResult, monitor
from servanda.services.package import PackageResult, package
from servanda.services.ratify import DurabilityResult, RatifyResult, durability, ratify
from servanda.services.store import (
    StoreEventsResult,
    StoreExportResult,
    StoreImportResult,
    StoreIngestResult,
    StoreListResult,
    store_events,
    store_export,
    store_import,
    store_ingest,
    store_list,
)

__all__ = [
    "AtopResult",
    "CheckResult",
    "CompareResult",
    "CredibilityResult",
    "DurabilityResult",
    "EvaluateResult",
    "EventsInspection",
    "FileCheck",
    "FrontlineResult",
    "InstrumentError",
    "LibraryResult",
    "MonitorResult",
    "PackageResult",
    "RatifyResult",
    "SchemaResult",
    "ServiceError",
    "ShowResult",
    "StoreEventsResult",
    "StoreExportResult",
    "StoreImportResult",
    "StoreIngestResult",
    "StoreListResult",
    "atop",
    "check",
    "compare",
    "credibility",
    "durability",
    "evaluate",
    "frontline",
    "inspect_events",
    "library",
    "monitor",
    "package",
    "ratify",
    "read_events",
    "schema",
    "show",
    "store_events",
    "store_export",
    "store_import",
    "store_ingest",
    "store_list",
]
