"""Durations with explicit units, and the rounding policy for adding them to dates.

Policy (documented in ``docs/format.md``):

* a trigger known to the day starts at 00:00 UTC of that day (the earliest instant the
  evidence allows), so a deadline computed from it is the earliest it can be;
* ``hours`` are exact; ``days`` and ``weeks`` are calendar days;
* ``months`` and ``years`` are calendar arithmetic; a day that does not exist in the target
  month clamps to the month's last day (31 January + 1 month = 28/29 February);
* an inclusive deadline is met by acting at the due instant itself; an exclusive one is not.

Example:
    >>> from datetime import datetime
    >>> Duration(amount=1, unit=TimeUnit.MONTHS).add_to(datetime(2025, 1, 31))
    datetime.datetime(2025, 2, 28, 0, 0)
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, StrictInt, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from servanda.model.vocabulary import TimeUnit

_SHORTHAND = re.compile(r"^\s*(\d+)\s*(hours?|days?|weeks?|months?|years?|h|d|w|y)\s*$", re.IGNORECASE)
_UNIT_ALIASES = {"h": "hours", "d": "days", "w": "weeks", "y": "years"}

#: Longest duration accepted anywhere in an instrument (terms, notices, deadlines, windows).
MAX_YEARS = 200
MAX_DAYS = MAX_YEARS * 365.25


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
        """The instant ``self`` after ``moment`` under the documented rounding policy."""
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
