"""The monitor's rules, stated once: which actions qualify for an obligation, which conduct breaches a duty.

``QUALIFYING[action]`` is the set of recorded actions that honour an obligation to do ``action``
(besides the action itself and the obligation's own ``means``). ``CONDUCT[action]`` is the set of
event classes whose occurrence, by the bearer against the protected state, breaches a duty to do
``action`` (duties to refrain, to respect, to hold fire). ``RULES`` gives each decision rule a short id
and the sentence every output quotes.

Example:
    >>> Action.ASSIST in qualifying_actions(Action.ASSIST, [])
    True
    >>> Action.PROVIDE_INTELLIGENCE in qualifying_actions(Action.ASSIST, [])
    True
    >>> sorted(c.value for c in CONDUCT[Action.REFRAIN_FROM_THREAT_OF_FORCE])
    ['force_buildup', 'nuclear_threat', 'threat_of_force']
"""

from __future__ import annotations

from collections.abc import Iterable

from servanda.model.vocabulary import EVENT_CLASS_GROUPS, Action, EventClass

_ASSISTANCE = frozenset(
    {
        Action.PROVIDE_MILITARY_ASSISTANCE,
        Action.PROVIDE_FINANCIAL_ASSISTANCE,
        Action.PROVIDE_ECONOMIC_ASSISTANCE,
        Action.PROVIDE_INTELLIGENCE,
        Action.IMPOSE_SANCTIONS,
        Action.DEPLOY_FORCES,
        Action.USE_ARMED_FORCE,
        Action.FUND,
    }
)

#: Recorded actions, other than the action itself, that honour an obligation to do the key action.
QUALIFYING: dict[Action, frozenset[Action]] = {
    # "assist" is open-ended: any concrete form of help counts.
    Action.ASSIST: _ASSISTANCE,
    # Restoring sanctions is done by imposing them again.
    Action.RESTORE_SANCTIONS: frozenset({Action.IMPOSE_SANCTIONS}),
    # Seeking Security Council action includes reporting to it.
    Action.SEEK_UNSC_ACTION: frozenset({Action.REPORT_TO_UNSC}),
    # Stationing forces is a deployment that stays; a deployment starts it.
    Action.STATION_FORCES: frozenset({Action.DEPLOY_FORCES}),
    # Economic and financial assistance are interchangeable forms of funding.
    Action.PROVIDE_ECONOMIC_ASSISTANCE: frozenset({Action.PROVIDE_FINANCIAL_ASSISTANCE, Action.FUND}),
    Action.PROVIDE_FINANCIAL_ASSISTANCE: frozenset({Action.FUND}),
    Action.FUND: frozenset({Action.PROVIDE_FINANCIAL_ASSISTANCE}),
}

_ARMED = EVENT_CLASS_GROUPS["armed_attack"]

#: Event classes that breach a duty to do the key action when the bearer commits them against the
#: protected state. Duties whose action is not a key here cannot be tested from events.
CONDUCT: dict[Action, frozenset[EventClass]] = {
    Action.REFRAIN_FROM_FORCE: _ARMED | {EventClass.ATTACK_ON_CIVILIANS, EventClass.CEASEFIRE_VIOLATION},
    Action.REFRAIN_FROM_THREAT_OF_FORCE: EVENT_CLASS_GROUPS["threat"],
    Action.REFRAIN_FROM_NUCLEAR_USE: frozenset({EventClass.NUCLEAR_USE}),
    Action.REFRAIN_FROM_ECONOMIC_COERCION: frozenset({EventClass.ECONOMIC_COERCION}),
    Action.RESPECT_BORDERS: frozenset({EventClass.TERRITORIAL_SEIZURE, EventClass.GROUND_ASSAULT}),
    Action.RESPECT_SOVEREIGNTY: frozenset({EventClass.TERRITORIAL_SEIZURE, EventClass.GROUND_ASSAULT}),
    Action.CEASE_FIRE: _ARMED | {EventClass.CEASEFIRE_VIOLATION, EventClass.ATTACK_ON_CIVILIANS},
}

#: Conduct that breaches a *prohibition* to do the key action.
PROHIBITED_CONDUCT: dict[Action, frozenset[EventClass]] = {
    Action.USE_ARMED_FORCE: _ARMED | {EventClass.ATTACK_ON_CIVILIANS},
    Action.DEPLOY_FORCES: frozenset({EventClass.FORCE_BUILDUP, EventClass.GROUND_ASSAULT}),
}

#: Every decision rule: id -> the sentence outputs quote (details are appended per row).
RULES: dict[str, str] = {
    "H1": "honoured: a qualifying action was recorded between the trigger and the deadline",
    "P1": "pending: the deadline has not passed as of the monitor's end date",
    "P2": "pending: the obligation has no deadline, so it cannot lapse; no qualifying action recorded yet",
    "B1": "breached: the deadline passed with no qualifying action recorded",
    "B2": "breached: the qualifying action was recorded only after the deadline",
    "B3": "breached: the deadline passed and a source reports the action was not taken",
    "B4": "breached: the deadline passed with only partial action recorded",
    "D1": "disputed: one source records the action as taken, another as not taken",
    "C1": "breached by conduct: events show the bearer acting against the protected state",
    "C2": "honoured so far: no event in the data shows conduct by the bearer breaching the duty",
    "D2": "disputed: events show conduct breaching the duty, a compliance record says it was kept",
    "D3": "disputed: a source says the duty was not kept, the events show no breaching conduct",
    "S1": "suspended: an exception suspends the obligation",
    "N1": "standing, not testable from events: no conduct in the data can breach it, and no deadline applies",
    "N2": "not monitored: a permission or right is not an obligation to honour",
}


def qualifying_actions(action: Action, means: Iterable[Action]) -> frozenset[Action]:
    """Recorded actions that honour an obligation to do ``action`` with the named ``means``."""
    return frozenset({action, *QUALIFYING.get(action, frozenset()), *means})


def conduct_classes(action: Action, modality: str) -> frozenset[EventClass] | None:
    """Event classes whose commission breaches the duty, or None when events cannot test it."""
    if modality == "prohibition":
        return PROHIBITED_CONDUCT.get(action)
    if modality == "obligation":
        return CONDUCT.get(action)
    return None
