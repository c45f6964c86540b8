"""Durability Markov chain: hand calculations, orderings, properties, simulation cross-check, diagnostics."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.analyses.durability.analysis import analyse_durability
from servanda.analyses.durability.model import (
    EXIT_ORDER,
    DurabilityInputs,
    ElectionEvent,
    election_events,
    exit_probability,
    inputs_for,
    monthly_hazard,
    survival,
)
from servanda.analyses.legislatures.jurisdictions import Election, load_jurisdiction
from servanda.analyses.legislatures.stances import empty_stances, parse_stances
from servanda.analyses.packages.guarantees import GuaranteeSpec
from servanda.diagnostics import ServandaError

START = date(2027, 1, 1)


def inp(**kw: object) -> DurabilityInputs:
    base: dict[str, object] = dict(
        jurisdiction="X",
        legal_form="treaty",
        start=START,
        term_months=60,
        notice_months=0,
        locked=False,
        events=[],
        early_turnover_per_year=0.0,
        p_oppose=0.5,
        p_exit=0.4,
        lock_factor=0.25,
    )
    base.update(kw)
    return DurabilityInputs(**base)  # type: ignore[arg-type]


def test_nothing_changes_without_turnover() -> None:
    assert survival(inp()).survival.tolist() == [1.0] * 61


def test_certain_opposition_and_exit_hand_calculation() -> None:
    # election in month 12: turnover 0.5, opposes 0.5 -> P(opposed) = 0.25; exit certain, no notice
    c = survival(inp(events=[ElectionEvent(12, 0.5, "e")], p_exit=1.0))
    assert c.at_month(11) == 1.0
    assert c.at_month(12) == pytest.approx(0.75)
    assert c.at_month(60) == pytest.approx(0.75)


def test_notice_is_a_lag() -> None:
    c = survival(inp(events=[ElectionEvent(12, 1.0, "e")], p_oppose=1.0, p_exit=1.0, notice_months=6))
    assert c.at_month(17) == 1.0  # notice given in month 12, effective 6 months later
    assert c.at_month(18) == 0.0


def test_constant_hazard_hand_calculation() -> None:
    # opposed from month 1 (turnover certain), hazard h per month: S(m) = (1-h)^m for m >= 1
    p_exit = 0.4
    h = monthly_hazard(p_exit, 48)
    c = survival(inp(events=[ElectionEvent(1, 1.0, "e")], p_oppose=1.0, p_exit=p_exit))
    for m in (1, 12, 48):
        assert c.at_month(m) == pytest.approx((1 - h) ** m)
    assert c.at_month(48) == pytest.approx(1 - p_exit)


def test_exit_difficulty_ordering_and_lock() -> None:
    ps = [exit_probability(f) for f in EXIT_ORDER]
    assert ps[0] > ps[1] > ps[2]
    assert ps[2] == pytest.approx(ps[3])  # CEA ~ treaty
    ev = [ElectionEvent(24, 0.6, "e")]
    curves = [
        survival(inp(legal_form=f, p_exit=exit_probability(f), events=ev)).at_month(60) for f in EXIT_ORDER
    ]
    locked = survival(inp(p_exit=exit_probability("treaty"), events=ev, locked=True)).at_month(60)
    assert curves[0] < curves[1] < curves[2] <= curves[3] < locked


@given(p1=st.floats(0.0, 1.0), p2=st.floats(0.0, 1.0), early=st.floats(0.0, 0.5), notice=st.integers(0, 12))
@settings(max_examples=40, deadline=None)
def test_survival_properties(p1: float, p2: float, early: float, notice: int) -> None:
    lo, hi = sorted((p1, p2))
    ev = [ElectionEvent(20, 0.5, "a"), ElectionEvent(68, 0.5, "b")]
    a = survival(
        inp(p_oppose=lo, events=ev, early_turnover_per_year=early, notice_months=notice, term_months=120)
    )
    b = survival(
        inp(p_oppose=hi, events=ev, early_turnover_per_year=early, notice_months=notice, term_months=120)
    )
    for c in (a, b):
        assert np.all(np.diff(c.survival) <= 1e-12)
        assert np.all((c.survival >= -1e-12) & (c.survival <= 1 + 1e-12))
    assert np.all(b.survival <= a.survival + 1e-12)  # more opposition -> less survival


def test_chain_agrees_with_simulation() -> None:
    i = inp(
        events=[ElectionEvent(10, 0.6, "a"), ElectionEvent(58, 0.6, "b")],
        early_turnover_per_year=0.1,
        notice_months=6,
        p_oppose=0.4,
        term_months=96,
    )
    exact = survival(i)
    rng = np.random.default_rng(5)
    n = 20_000
    h = monthly_hazard(i.p_exit, 48)
    bg = monthly_hazard(i.early_turnover_per_year, 12)
    state = np.zeros(n, dtype=int)  # 0 support, 1 opposed, 2 notice, 3 withdrawn
    left = np.zeros(n, dtype=int)
    elections = {e.month: e.p_turnover for e in i.events}
    alive = np.empty(i.term_months + 1)
    alive[0] = 1.0
    for m in range(1, i.term_months + 1):
        ticking = state == 2
        left[ticking] -= 1
        state[ticking & (left == 0)] = 3
        turn_p = 1 - (1 - elections.get(m, 0.0)) * (1 - bg)
        turn = (rng.random(n) < turn_p) & (state < 2)
        opp = rng.random(n) < i.p_oppose
        state[turn] = np.where(opp[turn], 1, 0)
        go = (state == 1) & (rng.random(n) < h)
        state[go] = 2
        left[go] = i.notice_months
        alive[m] = (state != 3).mean()
    se = np.sqrt(exact.survival * (1 - exact.survival) / n) + 1e-4
    assert np.all(np.abs(alive - exact.survival) < 4.5 * se)


def test_election_events_roll_forward_or_fail() -> None:
    el = [Election(kind="general", next=date(2026, 5, 1), interval_years=4, source="t")]
    events, notes = election_events(el, START, 120, 0.5, strict=False, where="t")
    assert [n.code for n in notes] == ["D601"] and notes[0].severity == "warning"
    assert [e.label for e in events] == ["general 2030-05-01", "general 2034-05-01"]
    with pytest.raises(ServandaError) as exc:
        election_events(el, START, 120, 0.5, strict=True, where="t")
    assert exc.value.diagnostics[0].code == "D601"


def test_user_calendar_in_past_is_an_error() -> None:
    s = parse_stances(
        {
            "format": "servanda-stances/1",
            "id": "t",
            "jurisdictions": {
                "USA": {
                    "elections": [
                        {"kind": "presidential", "next": "2024-11-05", "interval_years": 4, "source": "t"}
                    ]
                }
            },
        },
        "t",
    )
    with pytest.raises(ServandaError) as exc:
        analyse_durability(GuaranteeSpec("t@1", "t", "USA", "treaty", term_years=10), s, START)
    assert exc.value.diagnostics[0].code == "D601"


def test_us_presidential_turnover_takes_office_in_january_2029() -> None:
    i, _ = inputs_for(load_jurisdiction("USA"), "treaty", START, 120)
    assert i.events[0].label.startswith("presidential 2028-11-07")
    assert i.events[0].month == 25  # January 2029 (inauguration), counted from January 2027
    assert [e.month for e in i.events] == [25, 73, 121][:2]


def test_bad_durability_inputs() -> None:
    with pytest.raises(ServandaError) as exc:
        survival(inp(p_oppose=1.5))
    assert exc.value.diagnostics[0].code == "D602"
    with pytest.raises(ServandaError) as exc:
        survival(inp(term_months=0))
    assert exc.value.diagnostics[0].code == "D603"
    with pytest.raises(ServandaError) as exc:
        exit_probability("handshake")
    assert exc.value.diagnostics[0].code == "D604"


def test_indefinite_term_uses_ten_years_with_note() -> None:
    c = analyse_durability(GuaranteeSpec("t@1", "t", "GBR", "treaty"), empty_stances(), START)
    assert c.inputs.term_months == 120
    assert [n.code for n in c.notes] == ["D603"]


# --------------------------------------------------------------------------- review regressions: horizons


def _reference_chain(i: DurabilityInputs) -> np.ndarray:
    """The chain as dense matrices over S, O, N_L..N_1, W (what the delay-line implementation replaces)."""
    size = 3 + i.notice_months
    o, w = 1, size - 1
    h = monthly_hazard(i.p_exit * (i.lock_factor if i.locked else 1.0), i.exit_horizon_months)
    bg = monthly_hazard(i.early_turnover_per_year, 12)
    election = np.zeros(i.term_months + 1)
    for e in i.events:
        if 0 < e.month <= i.term_months:
            election[e.month] = 1 - (1 - election[e.month]) * (1 - e.p_turnover)
    exit_m = np.eye(size)
    exit_m[o, o] = 1 - h
    exit_m[o, 2 if i.notice_months else w] += h
    count = np.eye(size)
    for k in range(i.notice_months):
        count[2 + k, 2 + k], count[2 + k, 3 + k] = 0.0, 1.0
    v = np.zeros(size)
    v[0] = 1.0
    out = [1.0]
    for m in range(1, i.term_months + 1):
        turn = 1 - (1 - election[m]) * (1 - bg)
        t = np.eye(size)
        t[0, 0], t[0, 1] = 1 - turn * i.p_oppose, turn * i.p_oppose
        t[1, 1], t[1, 0] = 1 - turn * (1 - i.p_oppose), turn * (1 - i.p_oppose)
        v = v @ count @ t @ exit_m
        out.append(1 - v[w])
    return np.array(out)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 90),
    st.integers(0, 120),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 0.5),
    st.lists(st.tuples(st.integers(0, 95), st.floats(0, 1)), max_size=5),
)
def test_delay_line_chain_equals_the_matrix_chain(
    term: int, notice: int, p_oppose: float, p_exit: float, early: float, events: list[tuple[int, float]]
) -> None:
    i = inp(
        term_months=term,
        notice_months=notice,
        p_oppose=p_oppose,
        p_exit=p_exit,
        early_turnover_per_year=early,
        events=[ElectionEvent(m, p, "e") for m, p in events],
    )
    assert np.allclose(survival(i).survival, _reference_chain(i), atol=1e-12)


def test_notice_longer_than_the_term_is_exact_and_cheap() -> None:
    # A 200-year notice used to allocate a (2403 x 2403) matrix per month (18 GB for 2000 years).
    long = survival(inp(term_months=2400, notice_months=2400, early_turnover_per_year=0.5, p_exit=1.0))
    assert long.at_year(200) == 1.0  # notice never runs out within the term
    assert long.survival.nbytes <= 8 * 2401


@pytest.mark.parametrize(
    ("kw", "code", "text"),
    [
        ({"term_years": 99_999_999}, "E210", "200-year maximum"),
        ({"term_years": 201}, "E210", "200-year maximum"),
        ({"term_years": float("nan")}, "D603", "not positive"),
        ({"term_years": 10, "notice_months": 24_000}, "E210", "withdrawal notice"),
        ({"term_years": 10, "notice_months": -1}, "E210", "withdrawal notice"),
    ],
)
def test_huge_or_invalid_durations_are_refused(kw: dict[str, float], code: str, text: str) -> None:
    spec = GuaranteeSpec("x@1", "x", "USA", "treaty", source="x.yaml", **kw)
    with pytest.raises(ServandaError) as exc:
        analyse_durability(spec, empty_stances(), START)
    d = exc.value.diagnostics[0]
    assert d.code == code and text in d.message and d.location == "x.yaml"


@pytest.mark.parametrize("years", [0.0, -5.0, 1e9, float("nan"), float("inf")])
def test_years_outside_the_horizon_are_refused(years: float) -> None:
    spec = GuaranteeSpec("x@1", "x", "USA", "treaty", term_years=10)
    with pytest.raises(ServandaError) as exc:
        analyse_durability(spec, empty_stances(), START, years=years)
    assert exc.value.diagnostics[0].code == "E210"


def test_long_term_can_be_cut_with_years() -> None:
    spec = GuaranteeSpec("x@1", "x", "USA", "treaty", term_years=99_999_999)
    curve = analyse_durability(spec, empty_stances(), START, years=15)
    assert curve.inputs.term_months == 180


def test_chain_refuses_horizons_past_the_limit() -> None:
    with pytest.raises(ServandaError) as exc:
        survival(inp(term_months=12 * 200 + 1))
    assert exc.value.diagnostics[0].code == "E210"


def test_elections_near_the_end_of_the_calendar_do_not_overflow() -> None:
    el = Election(kind="parliamentary", next=date(9990, 6, 1), interval_years=4, source="x")
    events, _ = election_events([el], date(9980, 1, 1), 12 * 30, 0.5, strict=False, where="x")
    assert [e.label.split()[-1][:4] for e in events] == ["9990", "9994", "9998"]
    old = Election(kind="parliamentary", next=date(2020, 6, 1), interval_years=4, source="x")
    events, notes = election_events([old], date(9999, 11, 1), 12, 0.5, strict=False, where="x")
    assert events == [] and [n.code for n in notes] == ["D601"]


def test_election_interval_below_a_month_is_refused_not_looping() -> None:
    el = Election(kind="parliamentary", next=date(2028, 1, 1), interval_years=0.01, source="x")
    with pytest.raises(ServandaError) as exc:
        election_events([el], START, 120, 0.5, strict=True, where="stances")
    assert (
        exc.value.diagnostics[0].code == "E210"
        and "stances: elections.0" in exc.value.diagnostics[0].location
    )
