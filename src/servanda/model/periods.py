"""Durations with explicit units, and the rounding policy for adding them to dates.

Policy (documented in ``docs/format.md``):

* a trigger known to the day starts at 00:00 UTC of that day (the earliest instant the
  evidence allows), so a deadline computed from it is the earliest it can be;
* ``hours`` are exact; ``days`` and ``weeks`` are calendar days;
* ``months`` and ``years`` are calendar arithmetic; a day that does not exist in the target
  month clamps to the month's last day (31 January + 1 month = 28/29 February);
* an inclusive deadline is met by acting at the due instant itself; an exclusive one is not;
* every date read from a user lies in years 1800–2200 (:data:`MIN_DATE` … :data:`MAX_DATE`); an
  arithmetic result outside the calendar raises :class:`DateOutOfRange` (code E210), never
  ``OverflowError``.

Example:
    >>> from datetime import datetime
    >>> Duration(amount=1, unit=TimeUnit.MONTHS).add_to(datetime(2025, 1, 31))
    datetime.datetime(2025, 2, 28, 0, 0)
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StrictInt,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.model.vocabulary import TimeUnit

_SHORTHAND = re.compile(r"^\s*(\d+)\s*(hours?|days?|weeks?|months?|years?|h|d|w|y)\s*$", re.IGNORECASE)
_UNIT_ALIASES = {"h": "hours", "d": "days", "w": "weeks", "y": "years"}

#: Longest duration accepted anywhere in an instrument (terms, notices, deadlines, windows).
MAX_YEARS = 200
MAX_DAYS = MAX_YEARS * 365.25

#: The documented range of every date read from a user (docs/format.md#input-limits).
MIN_YEAR = 1800
MAX_YEAR = 2200
MIN_DATE = date(MIN_YEAR, 1, 1)
MAX_DATE = date(MAX_YEAR, 12, 31)


class DateOutOfRange(ServandaError, ValueError):
    """Date arithmetic left the calendar (code E210); raised instead of ``OverflowError``.

    A :class:`~servanda.diagnostics.ServandaError` (one E210 diagnostic) and, for pydantic validators,
    a ``ValueError``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(Diagnostic("E210", message))


def date_range_problem(day: date) -> str | None:
    """Why ``day`` is outside the supported range, or None.

    >>> date_range_problem(date(9999, 12, 31))
    '9999-12-31 is outside the supported range 1800-01-01 to 2200-12-31'
    """
    if MIN_DATE <= day <= MAX_DATE:
        return None
    return f"{day.isoformat()} is outside the supported range {MIN_DATE} to {MAX_DATE}"


def _in_range(day: date) -> date:
    checked = day.date() if isinstance(day, datetime) else day
    problem = date_range_problem(checked)
    if problem is not None:
        raise PydanticCustomError("date_out_of_range", problem)
    return day


#: A ``date`` validated to lie in years 1800–2200; use for every date a user writes.
BoundedDate = Annotated[date, AfterValidator(_in_range)]


def parse_user_date(value: str | date) -> date:
    """A date given by a user (``YYYY-MM-DD`` or a ``date``), checked against the range.

    Raises ``ValueError`` (with a message for the user) when invalid or out of range.

    >>> parse_user_date("2025-02-28")
    datetime.date(2025, 2, 28)
    """
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"`{value}` is not a valid date; write an existing date as YYYY-MM-DD") from None
    problem = date_range_problem(day)
    if problem is not None:
        raise ValueError(problem)
    return day


def parse_duration_shorthand(value: Any) -> Any:
    """Turn ``"24 hours"`` into ``{"amount": 24, "unit": "hours"}``; refuse a bare number.

    >>> parse_duration_shorthand("24 hours")
    {'amount': 24, 'unit': 'hours'}
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        raise PydanticCustomError(
            "duration_without_unit",
            "`{amount}` has no unit: write `{amount} hours`, `{amount} days`, … (hours, days, weeks, months, years)",
            {"amount": value},
        )
    if isinstance(value, str):
        match = _SHORTHAND.match(value)
        if not match:
            if value.strip().isdigit():
                raise PydanticCustomError(
                    "duration_without_unit",
                    "`{amount}` has no unit: write `{amount} hours`, `{amount} days`, … (hours, days, weeks, months, years)",
                    {"amount": value.strip()},
                )
            raise PydanticCustomError(
                "duration_syntax",
                "`{value}` is not a duration; write e.g. `24 hours`, `6 months`, `10 years`",
                {"value": value},
            )
        unit = match.group(2).lower()
        unit = _UNIT_ALIASES.get(unit, unit)
        if not unit.endswith("s"):
            unit += "s"
        return {"amount": int(match.group(1)), "unit": unit}
    if isinstance(value, dict) and "amount" in value and "unit" not in value:
        raise PydanticCustomError(
            "duration_without_unit",
            "`{amount}` has no unit: add `unit:` (hours, days, weeks, months or years)",
            {"amount": value.get("amount")},
        )
    return value


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar-month addition with end-of-month clamping.

    >>> add_months(datetime(2024, 1, 31), 1)
    datetime.datetime(2024, 2, 29, 0, 0)
    """
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    if not 1 <= year <= 9999:
        raise DateOutOfRange(f"{moment.date()} plus {months} month(s) leaves the calendar")
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


class Duration(BaseModel):
    """An amount of time with an explicit unit. Written `{amount: 24, unit: hours}` or `"24 hours"`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    amount: StrictInt = Field(ge=0, description="A whole number of units.")
    unit: TimeUnit = Field(description="hours, days, weeks, months or years.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return parse_duration_shorthand(value)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        mapping = handler(core_schema)
        mapping = handler.resolve_ref_schema(mapping)
        shorthand = {
            "type": "string",
            "pattern": r"^\s*\d+\s*(hours?|days?|weeks?|months?|years?|h|d|w|y)\s*$",
            "description": "Shorthand such as `24 hours`, `6 months`, `10 years`.",
        }
        return {"anyOf": [mapping, shorthand], "title": "Duration"}

    @model_validator(mode="after")
    def _bounded(self) -> Duration:
        if self.approx_days() > MAX_DAYS:
            raise PydanticCustomError(
                "duration_too_long",
                "{value} is longer than the {limit}-year limit for durations",
                {"value": str(self), "limit": MAX_YEARS},
            )
        return self

    def add_to(self, moment: datetime) -> datetime:
        """The instant ``self`` after ``moment`` under the documented rounding policy.

        Raises :class:`DateOutOfRange` (never ``OverflowError``) when the result leaves the calendar.
        """
        try:
            return self._add(moment)
        except OverflowError:
            raise DateOutOfRange(f"{moment.date()} plus {self} leaves the calendar") from None

    def _add(self, moment: datetime) -> datetime:
        if self.unit is TimeUnit.HOURS:
            return moment + timedelta(hours=self.amount)
        if self.unit is TimeUnit.DAYS:
            return moment + timedelta(days=self.amount)
        if self.unit is TimeUnit.WEEKS:
            return moment + timedelta(weeks=self.amount)
        if self.unit is TimeUnit.MONTHS:
            return add_months(moment, self.amount)
        return add_months(moment, 12 * self.amount)

    def add_to_date(self, day: date) -> date:
        """Like :meth:`add_to` for a calendar date (the start of the day)."""
        return self.add_to(datetime(day.year, day.month, day.day)).date()

    def approx_days(self) -> float:
        """Length in days, months as 30.4375 and years as 365.25 (for comparisons only)."""
        factor = {"hours": 1 / 24, "days": 1, "weeks": 7, "months": 30.4375, "years": 365.25}
        return self.amount * factor[self.unit.value]

    def __str__(self) -> str:
        unit = self.unit.value[:-1] if self.amount == 1 else self.unit.value
        return f"{self.amount} {unit}"
