"""What the time expressions mean: when events start to count, rolling windows, due instants.

Example:
    >>> from servanda.model.periods import Duration
    >>> window_start(date(2025, 3, 7), Duration(amount=7, unit="days"))
    datetime.date(2025, 3, 1)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from servanda.model.instrument import Deadline, Instrument, Trigger
from servanda.model.periods import Duration, add_months


def counts_from(trigger: Trigger, instrument: Instrument) -> date | None:
    """First date whose events count for ``trigger``: its ``counts_from``, and never before entry into force.

    An instrument without an ``in_force`` date (a proposal) is evaluated as if in force.
    """
    explicit: date | None
    if trigger.counts_from == "signed":
        explicit = instrument.signed
    elif trigger.counts_from == "in_force":
        explicit = instrument.in_force or instrument.signed
    else:
        explicit = trigger.counts_from if isinstance(trigger.counts_from, date) else None
    dates = [d for d in (explicit, instrument.in_force) if d is not None]
    return max(dates) if dates else None


def window_start(end: date, window: Duration) -> date:
    """First day of a rolling window of length ``window`` ending (inclusive) on ``end``.

    >>> window_start(date(2025, 3, 31), Duration(amount=1, unit="months"))
    datetime.date(2025, 3, 1)
    """
    back = datetime(end.year, end.month, end.day)
    if window.unit.value == "hours":
        days = max(1, -(-window.amount // 24))
        return end - timedelta(days=days - 1)
    if window.unit.value in ("days", "weeks"):
        return end - timedelta(days=int(window.approx_days()) - 1)
    months = window.amount if window.unit.value == "months" else 12 * window.amount
    return add_months(back, -months).date() + timedelta(days=1)


def due_at(deadline: Deadline | None, on: date) -> datetime | None:
    """Due instant for a trigger on ``on`` (00:00 UTC of that day plus the deadline)."""
    if deadline is None:
        return None
    return deadline.within.add_to(datetime(on.year, on.month, on.day))
