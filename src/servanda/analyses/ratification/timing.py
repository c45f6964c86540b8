"""Time to ratify: an exact daily distribution of completion dates per jurisdiction.

The route's duration is the sum of independent parts, each a discrete distribution over days:

1. the **agenda-setter delay** (calendar days) — a mixture of a routine log-normal delay (median
   ``routine_median_days × priority multiplier``) and, with ``holdout_probability``, a hold-out
   log-normal (median ``holdout_median_days``): who controls the agenda drives most delay;
2. each **stage**: ``min_days`` plus a discretised log-normal extra (median
   ``median_extra_days``, shape ``sigma``), capped at ``cap_days`` (e.g. Japan's 30-day rule),
   counted in calendar days or in *sitting days* of the legislature (weekdays it sits, outside
   its yearly recesses). Optional stages (constitutional review) happen with ``probability``;
   negative procedures are skipped with ``bypass_probability`` (executive waiver).

Calendar-day parts are added by convolution. Sitting-day parts are convolved in "sitting-day
index" space and mapped back to dates, so recesses stretch the calendar time exactly. Mass
beyond the horizon (default 4 years) is kept as ``overflow``. No sampling is involved.

Example:
    >>> d = DayDistribution(date(2022, 7, 5), np.array([0.0, 0.5, 0.5]), 0.0)
    >>> d.quantile(0.5), d.date_at(d.quantile(0.5))
    (1, datetime.date(2022, 7, 6))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from servanda.analyses.legislatures.jurisdictions import (
    Agenda,
    DayUnit,
    Jurisdiction,
    LegislativeCalendar,
    Route,
    Stage,
    StageKind,
)

FloatArray = NDArray[np.float64]
DEFAULT_HORIZON = 4 * 365 + 1
_TAIL = 1e-13


@dataclass(frozen=True)
class DayDistribution:
    """P(completion on day ``start + i``) for i < horizon; ``overflow`` = P(later than the horizon)."""

    start: date
    pmf: FloatArray
    overflow: float

    @property
    def horizon(self) -> int:
        """Number of days covered."""
        return len(self.pmf)

    def cdf(self, days: int) -> float:
        """P(completed within ``days`` days of the start, inclusive)."""
        if days < 0:
            return 0.0
        return float(min(1.0, self.pmf[: days + 1].sum()))

    def within(self, end: date) -> float:
        """P(completed on or before ``end``)."""
        return self.cdf((end - self.start).days)

    def quantile(self, q: float) -> int | None:
        """Smallest day index with cdf ≥ q (None if beyond the horizon)."""
        cum = np.cumsum(self.pmf)
        idx = int(np.searchsorted(cum, q - 1e-12, side="left"))
        return idx if idx < len(cum) else None

    def date_at(self, day: int | None) -> date | None:
        """Calendar date of a day index."""
        return None if day is None else self.start + timedelta(days=day)

    def summary(self) -> dict[str, object]:
        """Median and 80 % interval as day counts and dates."""
        lo, med, hi = self.quantile(0.1), self.quantile(0.5), self.quantile(0.9)
        return {
            "start": self.start.isoformat(),
            "median_days": med,
            "p10_days": lo,
            "p90_days": hi,
            "median_date": _iso(self.date_at(med)),
            "p10_date": _iso(self.date_at(lo)),
            "p90_date": _iso(self.date_at(hi)),
            "p_within_365_days": self.cdf(365),
            "p_beyond_horizon": self.overflow,
            "cdf_every_30_days": [self.cdf(d) for d in range(30, min(self.horizon, 731), 30)],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --------------------------------------------------------------------------- building blocks


def lognormal_pmf(median: float, sigma: float, horizon: int) -> tuple[FloatArray, float]:
    """Discretised log-normal over 0..horizon-1 days (rounded to the nearest day) and tail mass.

    >>> pmf, tail = lognormal_pmf(10.0, 0.5, 100)
    >>> int(np.argmax(np.cumsum(pmf) >= 0.5))
    10
    """
    if median <= 0:
        pmf = np.zeros(horizon)
        pmf[0] = 1.0
        return pmf, 0.0
    edges = np.concatenate(([0.0], np.arange(horizon) + 0.5))
    cdf = stats.lognorm.cdf(edges, s=sigma, scale=median)
    cdf[0] = 0.0
    pmf = np.diff(cdf)
    return pmf, float(1.0 - cdf[-1])


def stage_pmf(
    min_days: int, median_extra: float, sigma: float, cap: int | None, horizon: int
) -> tuple[FloatArray, float]:
    """Duration pmf ``min_days + X`` (X log-normal), capped at ``cap`` days, and tail mass."""
    extra, tail = lognormal_pmf(median_extra, sigma, horizon)
    pmf = np.zeros(horizon)
    if min_days < horizon:
        pmf[min_days:] = extra[: horizon - min_days]
        tail += float(extra[horizon - min_days :].sum())
    else:
        tail = 1.0
    if cap is not None and cap < horizon:
        pmf[cap] += pmf[cap + 1 :].sum() + tail
        pmf[cap + 1 :] = 0.0
        tail = 0.0
    return pmf, tail


def mixture(parts: list[tuple[float, FloatArray, float]]) -> tuple[FloatArray, float]:
    """Weighted mixture of (weight, pmf, tail) parts."""
    pmf = sum(w * p for w, p, _ in parts)
    tail = sum(w * t for w, _, t in parts)
    return np.asarray(pmf, dtype=float), float(tail)


def sitting_days(cal: LegislativeCalendar, start: date, horizon: int) -> NDArray[np.bool_]:
    """Boolean array: does the legislature sit on day ``start + i``?

    >>> cal = LegislativeCalendar(sitting_weekdays=[0, 1, 2, 3, 4], source="x")
    >>> sitting_days(cal, date(2024, 1, 5), 4).tolist()   # Fri, Sat, Sun, Mon
    [True, False, False, True]
    """
    days = np.datetime64(start.isoformat(), "D") + np.arange(horizon)
    weekday = (days.astype(np.int64) + 3) % 7
    sits = np.isin(weekday, np.array(cal.sitting_weekdays))
    month = days.astype("datetime64[M]")
    mmdd = (month.astype(np.int64) % 12 + 1) * 100 + (days - month).astype(np.int64) + 1
    for r in cal.recesses:
        s = int(r.start.replace("-", ""))
        e = int(r.end.replace("-", ""))
        inside = (mmdd >= s) & (mmdd <= e) if s <= e else (mmdd >= s) | (mmdd <= e)
        sits &= ~inside
    return np.asarray(sits, dtype=bool)


def advance_calendar(p: FloatArray, over: float, q: FloatArray, q_tail: float) -> tuple[FloatArray, float]:
    """Add a calendar-day duration ``q`` to completion distribution ``p`` (exact convolution)."""
    h = len(p)
    full = np.convolve(p, q)
    new = full[:h].copy()
    lost = float(full[h:].sum())
    return new, over + lost + (1.0 - over) * q_tail


def advance_sitting(
    p: FloatArray, over: float, q: FloatArray, q_tail: float, sits: NDArray[np.bool_]
) -> tuple[FloatArray, float]:
    """Add a duration of ``n`` sitting days (``n ~ q``) to ``p``: complete on the n-th sitting day after.

    Zero days complete the same day. Convolution runs over the sitting-day index
    ``cum[s]`` (sitting days up to day s), then maps index m back to the day of the m-th sitting.
    """
    h = len(p)
    cum = np.cumsum(sits)
    pos = np.flatnonzero(sits)
    new = p * q[0]
    r = np.bincount(cum, weights=p, minlength=len(pos) + 1)
    conv = np.convolve(r, q[1:])  # index j -> sitting index j + 1 -> day pos[j]
    k = min(len(conv), len(pos))
    new = new + np.bincount(pos[:k], weights=conv[:k], minlength=h)[:h]
    lost = float(conv[k:].sum())
    return new, over + lost + (1.0 - over) * q_tail


# --------------------------------------------------------------------------- routes


def agenda_pmf(agenda: Agenda, multiplier: float, horizon: int) -> tuple[FloatArray, float]:
    """Agenda-setter delay: (1 − h)·routine + h·hold-out, both log-normal in calendar days."""
    routine = lognormal_pmf(agenda.routine_median_days * multiplier, agenda.routine_sigma, horizon)
    hold = lognormal_pmf(agenda.holdout_median_days, agenda.holdout_sigma, horizon)
    h = agenda.holdout_probability
    return mixture([(1.0 - h, *routine), (h, *hold)])


def stage_duration(
    stage: Stage, horizon: int, bypass: float | None = None, slack: float = 1.0
) -> tuple[FloatArray, float]:
    """Duration pmf of one stage (``median_extra_days`` scaled by ``slack``), with optional-stage
    and waiver mixtures applied."""
    pmf, tail = stage_pmf(
        stage.min_days, stage.median_extra_days * slack, stage.sigma, stage.cap_days, horizon
    )
    zero = np.zeros(horizon)
    zero[0] = 1.0
    if stage.kind is StageKind.CONSTITUTIONAL_REVIEW and stage.probability < 1.0:
        pmf, tail = mixture([(stage.probability, pmf, tail), (1.0 - stage.probability, zero, 0.0)])
    if stage.kind is StageKind.NEGATIVE_PROCEDURE:
        b = stage.bypass_probability if bypass is None else bypass
        if b > 0.0:
            pmf, tail = mixture([(1.0 - b, pmf, tail), (b, zero, 0.0)])
    return pmf, tail


LEGISLATIVE_STAGES = frozenset({StageKind.VOTE, StageKind.NEGATIVE_PROCEDURE, StageKind.UPPER_HOUSE_DELAY})


def needs_legislature(route: Route) -> bool:
    """True if the route has a legislative stage (then the agenda-setter delay applies)."""
    return any(s.kind in LEGISLATIVE_STAGES for s in route.stages)


@dataclass(frozen=True)
class StageTiming:
    """A stage's own median duration (in its unit) for reports."""

    label: str
    unit: str
    median_days: int | None


def time_to_ratify(
    jur: Jurisdiction,
    route: Route,
    start: date,
    *,
    agenda: Agenda | None = None,
    priority_multiplier: float = 1.0,
    bypass: float | None = None,
    horizon: int = DEFAULT_HORIZON,
    until_parliament: bool = False,
) -> tuple[DayDistribution, list[StageTiming]]:
    """Completion-date distribution of ``route`` in ``jur`` for an instrument signed on ``start``.

    The distribution is conditional on every stage passing (see :mod:`.guarantors` for the
    probability that it does). With ``until_parliament`` it stops at the end of the last
    legislative stage (the date parliaments' trackers report), not at deposit.
    """
    stages = list(route.stages)
    if until_parliament:
        last = max(
            (i for i, st in enumerate(stages) if st.kind in LEGISLATIVE_STAGES), default=len(stages) - 1
        )
        stages = stages[: last + 1]
    p = np.zeros(horizon)
    p[0] = 1.0
    over = 0.0
    timings = []
    if needs_legislature(route):
        q, q_tail = agenda_pmf(agenda or jur.agenda, priority_multiplier, horizon)
        p, over = advance_calendar(p, over, q, q_tail)
        timings.append(StageTiming("agenda-setter delay", "calendar", _median(q)))
    sits = sitting_days(jur.calendar, start, horizon)
    for stage in stages:
        q, q_tail = stage_duration(stage, horizon, bypass, priority_multiplier)
        if stage.unit is DayUnit.SITTING:
            p, over = advance_sitting(p, over, q, q_tail, sits)
        else:
            p, over = advance_calendar(p, over, q, q_tail)
        timings.append(StageTiming(stage.label, stage.unit.value, _median(q)))
    p = np.clip(p, 0.0, None)
    return DayDistribution(start, p, float(min(1.0, max(0.0, over)))), timings


def _median(q: FloatArray) -> int | None:
    cum = np.cumsum(q)
    idx = int(np.searchsorted(cum, 0.5))
    return idx if idx < len(q) else None
