"""Obligation lifecycle: from trigger to honoured, breached or disputed, with the rule that decided it.

See ``docs/monitor.md``. :func:`monitor_units` runs the evaluation engine on canonical events and
matches compliance records (:func:`load_compliance`) against each activation.

>>> from servanda.analyses.monitor import RULES
>>> RULES["B1"]
'breached: the deadline passed with no qualifying action recorded'
"""

from servanda.analyses.monitor.compliance import ComplianceLoad, load_compliance
from servanda.analyses.monitor.lifecycle import (
    Consequence,
    Lifecycle,
    LifecycleRow,
    Unit,
    counterfactual_instrument,
    daily_series,
    monitor_units,
)
from servanda.analyses.monitor.rules import CONDUCT, QUALIFYING, RULES, conduct_classes, qualifying_actions

__all__ = [
    "CONDUCT",
    "QUALIFYING",
    "RULES",
    "ComplianceLoad",
    "Consequence",
    "Lifecycle",
    "LifecycleRow",
    "Unit",
    "conduct_classes",
    "counterfactual_instrument",
    "daily_series",
    "load_compliance",
    "monitor_units",
    "qualifying_actions",
]
