"""The canonical event record every trigger is evaluated against.

Source adapters (ACLED, UCDP GED, GDELT; planned) map their rows to this record; see ``docs/format.md``.
Fields follow ``shared/research/events.md`` §5.

Example:
    >>> e = Event(id="e1", date="2025-03-01", lon=36.2, lat=49.9, actor="RUS", target="UKR",
    ...           country="UKR", event_class="shelling", deaths=2)
    >>> e.event_class.value
    'shelling'
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from servanda.model.codes import StateCode
from servanda.model.periods import BoundedDate
from servanda.model.vocabulary import EventClass

#: The largest death count one event may carry: a bound far above any recorded event that keeps counts
#: inside 64-bit integers (a larger number is a data error, refused as such).
MAX_DEATHS = 10**9


class Event(BaseModel):
    """One conflict event, normalised."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="Source event id (the evidence id), e.g. `UKR10558`.")
    source: str = Field(default="manual", description="acled, ucdp_ged, gdelt, manual, synthetic …")
    date: BoundedDate = Field(description="Start date of the event (years 1800–2200).")
    date_end: BoundedDate | None = Field(default=None, description="End date when the source gives a range.")
    date_precision: Literal["day", "week", "month", "year"] = "day"
    lon: float | None = Field(default=None, ge=-180, le=180)
    lat: float | None = Field(default=None, ge=-90, le=90)
    geo_precision: int = Field(default=1, ge=1, le=7, description="1 exact … 7 country (UCDP where_prec).")
    actor: str | None = Field(default=None, description="Perpetrator (side A), ISO3 where a state.")
    target: StateCode | None = Field(default=None, description="State attacked (side B): ISO 3166 alpha-3.")
    country: StateCode | None = Field(
        default=None, description="ISO 3166 alpha-3 of the country where it took place."
    )
    event_class: EventClass
    deaths: int = Field(default=0, ge=0, le=MAX_DEATHS, description="Best estimate of deaths.")
    deaths_low: int | None = Field(default=None, ge=0, le=MAX_DEATHS)
    deaths_high: int | None = Field(default=None, ge=0, le=MAX_DEATHS)
    notes: str | None = None
    source_url: str | None = None

    @field_validator("lon", "lat", "deaths", "deaths_low", "deaths_high", "geo_precision", mode="before")
    @classmethod
    def _finite(cls, value: object) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            what = "NaN (not a number)" if math.isnan(value) else "infinite"
            raise PydanticCustomError(
                "not_finite", "the value is {what}; give a finite number", {"what": what}
            )
        if isinstance(value, str) and value.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
            what = "NaN (not a number)" if "nan" in value.lower() else "infinite"
            raise PydanticCustomError(
                "not_finite", "the value is {what}; give a finite number", {"what": what}
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("give both `lon` and `lat`, or neither")
        if self.date_end is not None and self.date_end < self.date:
            raise ValueError(f"`date_end` {self.date_end} is before `date` {self.date}")
        if (
            self.deaths_low is not None
            and self.deaths_high is not None
            and self.deaths_low > self.deaths_high
        ):
            raise ValueError("`deaths_low` is greater than `deaths_high`")
        return self

    @property
    def attacked_state(self) -> str | None:
        """The state attacked: ``target`` if given, else the country where it happened."""
        return self.target or self.country
