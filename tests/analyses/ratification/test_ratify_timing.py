"""Time to ratify: calendar arithmetic, sitting days, caps, priority, and Monte Carlo agreement."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.analyses.legislatures.jurisdictions import (
    Agenda,
    LegislativeCalendar,
    Recess,
    Route,
    Stage,
    load_jurisdiction,
)
from servanda.analyses.ratification.montecarlo import simulate_completion_days
from servanda.analyses.ratification.timing import (
    DayDistribution,
    advance_calendar,
    advance_sitting,
    lognormal_pmf,
    sitting_days,
    stage_pmf,
    time_to_ratify,
)

WEEKDAYS = LegislativeCalendar(sitting_weekdays=[0, 1, 2, 3, 4], source="test")


def point(h: int, day: int = 0) -> np.ndarray:
    p = np.zeros(h)
    p[day] = 1.0
    return p


def test_lognormal_pmf_median_and_mass() -> None:
    pmf, tail = lognormal_pmf(20.0, 0.5, 400)
    assert pmf.sum() + tail == pytest.approx(1.0)
    assert int(np.searchsorted(np.cumsum(pmf), 0.5)) == 20
    zero, t0 = lognormal_pmf(0.0, 0.5, 10)
    assert zero[0] == 1.0 and t0 == 0.0


def test_stage_pmf_min_and_cap() -> None:
    pmf, tail = stage_pmf(5, 0.0, 0.6, None, 50)
    assert pmf[5] == 1.0
    capped, tail = stage_pmf(3, 100.0, 0.8, 30, 200)
    assert tail == 0.0
    assert capped[31:].sum() == 0.0
    assert capped.sum() == pytest.approx(1.0)
    assert capped[30] > 0.9  # a 100-day median is cut at the 30-day limit


def test_sitting_days_weekends_and_recess() -> None:
    # 2024-01-05 is a Friday
    assert sitting_days(WEEKDAYS, date(2024, 1, 5), 4).tolist() == [True, False, False, True]
    cal = LegislativeCalendar(recesses=[Recess(start="12-30", end="01-02")], source="t")
    # 2023-12-29 Fri sits, 30-31 weekend, 1-2 Jan recess, 3 Jan Wed sits
    assert sitting_days(cal, date(2023, 12, 29), 6).tolist() == [True, False, False, False, False, True]


def test_advance_sitting_hand_example() -> None:
    sits = sitting_days(WEEKDAYS, date(2024, 1, 5), 14)  # from a Friday
    q = point(14, 1)  # exactly one sitting day
    new, over = advance_sitting(point(14), 0.0, q, 0.0, sits)
    assert int(np.argmax(new)) == 3 and over == 0.0  # the next Monday
    q = point(14, 0)
    new, _ = advance_sitting(point(14), 0.0, q, 0.0, sits)
    assert int(np.argmax(new)) == 0  # zero days: same day
    q = point(14, 5)  # five sitting days from Friday -> next Friday
    new, _ = advance_sitting(point(14), 0.0, q, 0.0, sits)
    assert int(np.argmax(new)) == 7


def test_advance_overflow_is_kept() -> None:
    new, over = advance_calendar(point(10, 8), 0.0, point(10, 5), 0.0)
    assert new.sum() == 0.0 and over == pytest.approx(1.0)


def test_recess_delays_completion() -> None:
    stage = Stage(
        kind="vote", chamber="c", threshold="majority_of_votes_cast", unit="sitting", min_days=3, source="t"
    )
    route = Route(description="t", stages=[stage], source="t")
    jur = load_jurisdiction("DEU").model_copy(
        update={"calendar": LegislativeCalendar(recesses=[Recess(start="07-12", end="09-07")], source="t")}
    )
    agenda = Agenda(
        setter="t",
        routine_median_days=1,
        routine_sigma=0.01,
        holdout_probability=0.0,
        rationale="t",
        source="t",
    )
    d, _ = time_to_ratify(jur, route, date(2024, 7, 10), agenda=agenda)
    # agenda 1 day -> 11 July (Thu); 3 sitting days: 12 July onwards is recess -> 9, 10, 11 Sept
    assert d.date_at(d.quantile(0.5)) == date(2024, 9, 11)


def test_distribution_sums_to_one_for_every_bundled_route() -> None:
    for code in ("USA", "GBR", "FRA", "DEU", "CAN", "JPN", "TUR"):
        jur = load_jurisdiction(code)
        for route in jur.routes.values():
            d, _ = time_to_ratify(jur, route, date(2026, 1, 1))
            assert d.pmf.sum() + d.overflow == pytest.approx(1.0, abs=1e-9)
            assert np.all(d.pmf >= 0)


def test_japan_upper_house_capped_at_30_days() -> None:
    jur = load_jurisdiction("JPN")
    route = jur.route("treaty")
    hoc = route.stages[1]
    assert hoc.kind.value == "upper_house_delay" and hoc.cap_days == 30


@given(mult=st.floats(1.0, 6.0))
@settings(max_examples=15, deadline=None)
def test_lower_priority_is_stochastically_later(mult: float) -> None:
    jur = load_jurisdiction("ITA")
    route = jur.route("treaty")
    fast, _ = time_to_ratify(jur, route, date(2026, 2, 1), priority_multiplier=1.0)
    slow, _ = time_to_ratify(jur, route, date(2026, 2, 1), priority_multiplier=mult)
    cf, cs = np.cumsum(fast.pmf), np.cumsum(slow.pmf)
    assert np.all(cs <= cf + 1e-9)


def test_day_distribution_quantiles() -> None:
    d = DayDistribution(date(2022, 7, 5), np.array([0.1, 0.4, 0.4, 0.0]), 0.1)
    assert d.quantile(0.1) == 0 and d.quantile(0.5) == 1 and d.quantile(0.9) == 2
    assert d.quantile(0.95) is None
    assert d.cdf(1) == pytest.approx(0.5)
    assert d.within(date(2022, 7, 7)) == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("code", "form", "start"),
    [
        ("USA", "congressional_executive_agreement", date(2026, 7, 20)),
        ("GBR", "treaty", date(2026, 7, 1)),
        ("FRA", "treaty", date(2026, 6, 15)),
        ("JPN", "treaty", date(2026, 5, 1)),
    ],
)
def test_exact_timing_agrees_with_monte_carlo(code: str, form: str, start: date) -> None:
    jur = load_jurisdiction(code)
    route = jur.route(form)
    exact, _ = time_to_ratify(jur, route, start, bypass=0.4)
    stages = [
        s.model_copy(update={"bypass_probability": 0.4}) if s.kind.value == "negative_procedure" else s
        for s in route.stages
    ]
    n = 20_000
    days = simulate_completion_days(jur.agenda, stages, jur.calendar, start, n, seed=11)
    cdf = np.cumsum(exact.pmf)
    for q_day in (30, 60, 120, 365):
        p = float(cdf[q_day])
        mc = float((days <= q_day).mean())
        se = np.sqrt(max(p * (1 - p), 1e-4) / n)
        assert abs(mc - p) < 4.5 * se, (code, q_day, p, mc)
