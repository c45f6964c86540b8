"""The reference evaluator's semantics, on small hand-checked cases."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servanda.evaluation.reference import evaluate
from servanda.language.loader import load_instrument_text
from servanda.model.events import Event
from servanda.model.periods import Duration
from servanda.semantics.time import window_start
from servanda.sources.rows import read_events_data

BASE = (Path(__file__).resolve().parent.parent / "diagnostics/fixtures/_valid.yaml").read_text(
    encoding="utf-8"
)

THRESHOLD = BASE.replace(
    """          all:
            - event_class: [armed_attack]
            - target: [UKR]""",
    """          all:
            - event_class: [shelling]
            - actor: [RUS]
        threshold: {window: 7 days, min_deaths: 10, min_events: 2}""",
)


def instrument(text: str = BASE):
    result = load_instrument_text(text, "t.yaml")
    assert result.instrument is not None, result.diagnostics
    return result.instrument


def ev(
    i: int, day: str, deaths: int = 0, cls: str = "shelling", target: str = "UKR", actor: str = "RUS"
) -> Event:
    return Event(
        id=f"e{i}",
        date=date.fromisoformat(day),
        event_class=cls,
        target=target,
        country=target,
        actor=actor,
        deaths=deaths,
        lon=36.0,
        lat=49.0,
    )


def test_consultation_clock_runs_24_hours_from_start_of_attack_day() -> None:
    result = evaluate(instrument(), [ev(1, "2026-03-01", 3)], {})
    (activation,) = result.activated("consult")
    assert activation.bearer == "USA" and activation.beneficiaries == ["UKR"]
    assert activation.triggered_on == date(2026, 3, 1)
    assert activation.due == datetime(2026, 3, 2, 0, 0)
    assert activation.evidence == ["e1"]


def test_first_matching_day_fires_and_later_events_do_not_refire() -> None:
    result = evaluate(instrument(), [ev(2, "2026-03-05"), ev(1, "2026-03-01"), ev(3, "2026-03-01")], {})
    (activation,) = result.activated("consult")
    assert activation.triggered_on == date(2026, 3, 1)
    assert sorted(activation.evidence) == ["e1", "e3"]


def test_attack_on_another_state_does_not_activate_and_why_not_says_which_test_failed() -> None:
    result = evaluate(instrument(), [ev(1, "2026-03-01", target="POL")], {})
    assert result.activated("consult") == []
    trace = result.why_not["consult"]
    lines = "\n".join(trace.lines())
    assert "target in [UKR]" in lines and "0 of 1 events pass" in lines


def test_threshold_window_is_inclusive_of_both_ends() -> None:
    inst = instrument(THRESHOLD)
    # 5 deaths on day 1 and 5 on day 7: the 7-day window ending on day 7 starts on day 1.
    fired = evaluate(inst, [ev(1, "2026-03-01", 5), ev(2, "2026-03-07", 5)], {})
    assert [a.triggered_on for a in fired.activated("consult")] == [date(2026, 3, 7)]
    # day 8 is outside that window.
    quiet = evaluate(inst, [ev(1, "2026-03-01", 5), ev(2, "2026-03-08", 5)], {})
    assert quiet.activated("consult") == []
    assert "the best 7 days window held 1 events and 5 deaths" in quiet.why_not["consult"].lines()[1]


def test_as_of_ignores_later_events() -> None:
    result = evaluate(instrument(), [ev(1, "2026-03-01")], {}, as_of=date(2026, 2, 28))
    assert result.activated("consult") == [] and result.events_considered == 0


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert Duration(amount=1, unit="months").add_to(datetime(2025, 1, 31)) == datetime(2025, 2, 28)
    assert Duration(amount=1, unit="years").add_to(datetime(2024, 2, 29)) == datetime(2025, 2, 28)
    assert window_start(date(2025, 3, 31), Duration(amount=1, unit="months")) == date(2025, 3, 1)


def test_rejected_event_rows_are_counted_and_reconcile() -> None:
    batch = read_events_data(
        [
            {"id": "a", "date": "2026-01-01", "event_class": "shelling"},
            {"id": "a", "date": "2026-01-02", "event_class": "shelling"},
            {"id": "b", "event_class": "shelling"},
            "junk",
        ],
        "x",
    )
    assert (batch.rows, len(batch.events), batch.rejected) == (4, 1, 3)
    assert batch.reconciles()


# ----------------------------------------------------------------- properties of the oracle

events_strategy = st.lists(
    st.builds(
        lambda i, d, deaths, cls, target: ev(
            i,
            (
                date(2026, 1, 1).toordinal() + d and date.fromordinal(date(2026, 1, 1).toordinal() + d)
            ).isoformat(),
            deaths,
            cls,
            target,
        ),
        st.integers(0, 10_000),
        st.integers(0, 60),
        st.integers(0, 20),
        st.sampled_from(["shelling", "air_strike", "threat_of_force"]),
        st.sampled_from(["UKR", "POL"]),
    ),
    max_size=25,
    unique_by=lambda e: e.id,
)


@settings(max_examples=60, deadline=None)
@given(events_strategy)
def test_threshold_fires_iff_some_window_meets_it(events: list[Event]) -> None:
    inst = instrument(THRESHOLD)
    result = evaluate(inst, events, {})
    matching = [e for e in events if e.event_class.value == "shelling"]
    by_target: dict[str, list[Event]] = {}
    for e in matching:
        by_target.setdefault(e.target or "", []).append(e)
    expected = {}
    for target, items in by_target.items():
        for end in sorted({e.date for e in items}):
            window = [e for e in items if 0 <= (end - e.date).days <= 6]
            if len(window) >= 2 and sum(e.deaths for e in window) >= 10:
                expected[target] = end
                break
    got = {a.beneficiaries[0] if a.beneficiaries else "": a.triggered_on for a in result.activated("consult")}
    # beneficiary is UKR in the base file; compare firing dates per attacked state instead
    fired = {f.target: f.on for f in result.firings}
    assert fired == expected
    assert len(got) <= 1


@settings(max_examples=60, deadline=None)
@given(events_strategy, st.integers(0, 60))
def test_adding_later_events_never_changes_an_earlier_firing(events: list[Event], cut: int) -> None:
    inst = instrument()
    cutoff = date.fromordinal(date(2026, 1, 1).toordinal() + cut)
    early = evaluate(inst, events, {}, as_of=cutoff)
    full = evaluate(inst, events, {})
    for firing in early.firings:
        assert firing in full.firings


@pytest.mark.parametrize("deaths", [0, 9, 10])
def test_threshold_boundary(deaths: int) -> None:
    inst = instrument(THRESHOLD)
    result = evaluate(inst, [ev(1, "2026-03-01", deaths), ev(2, "2026-03-02", 0)], {})
    assert bool(result.activated("consult")) == (deaths >= 10)


def test_counts_from_ignores_events_before_signature() -> None:
    text = BASE.replace("status: proposed\n", "status: in_force\nsigned: 2026-02-01\n").replace(
        "        kind: attack\n", "        kind: attack\n        counts_from: signed\n"
    )
    inst = instrument(text)
    result = evaluate(inst, [ev(1, "2026-01-15", 3), ev(2, "2026-02-03", 1)], {})
    (activation,) = result.activated("consult")
    assert activation.triggered_on == date(2026, 2, 3) and activation.evidence == ["e2"]
    none = evaluate(inst, [ev(1, "2026-01-15", 3)], {})
    assert "1 of 1 events are earlier" in "\n".join(none.why_not["consult"].lines())


def test_exception_with_any_target_applies_to_attacks_by_the_beneficiary() -> None:
    text = (
        BASE.replace(
            "    obligations:\n",
            """      - id: beneficiary_attacks
        kind: breach
        match: {all: [{event_class: [armed_attack]}, {actor: [UKR]}]}
    obligations:
""",
        )
        + """    exceptions:
      - id: void_if_beneficiary_attacks
        to: [consult]
        when: beneficiary_attacks
        effect: suspend
        any_target: true
"""
    )
    inst = instrument(text)
    attack_by_ukr = ev(1, "2026-03-01", cls="shelling", target="RUS", actor="UKR")
    attack_on_ukr = ev(2, "2026-03-02")
    (activation,) = evaluate(inst, [attack_by_ukr, attack_on_ukr], {}).activated("consult")
    assert activation.status == "suspended"
    same_target_only = instrument(text.replace("        any_target: true\n", ""))
    (activation,) = evaluate(same_target_only, [attack_by_ukr, attack_on_ukr], {}).activated("consult")
    assert activation.status == "active"


def test_on_target_territory_requires_the_event_in_the_attacked_state() -> None:
    text = BASE.replace(
        "            - target: [UKR]\n",
        "            - target: [UKR]\n            - on_target_territory: true\n",
    )
    inst = instrument(text)
    abroad = Event(id="x", date=date(2026, 3, 1), event_class="shelling", target="UKR", country="MDA")
    home = Event(id="y", date=date(2026, 3, 2), event_class="shelling", target="UKR", country="UKR")
    (activation,) = evaluate(inst, [abroad, home], {}).activated("consult")
    assert activation.evidence == ["y"]


def test_threshold_summed_over_all_targets_when_per_target_is_false() -> None:
    summed = instrument(THRESHOLD.replace("min_events: 2}", "min_events: 2, per_target: false}"))
    events = [ev(1, "2026-03-01", 5, target="UKR"), ev(2, "2026-03-02", 5, target="POL")]
    assert evaluate(instrument(THRESHOLD), events, {}).activated("consult") == []
    (activation,) = evaluate(summed, events, {}).activated("consult")
    assert activation.triggered_on == date(2026, 3, 2) and sorted(activation.evidence) == ["e1", "e2"]


def test_exception_suspends_a_standing_obligation_from_its_firing() -> None:
    text = (
        BASE.replace(
            "    obligations:\n",
            """      - id: attack_by_a_nuclear_ally
        kind: attack
        match: {event_class: [nuclear_use]}
    obligations:
      - id: no_nuclear_use
        modality: obligation
        bearer: [USA]
        action: refrain_from_nuclear_use
        discretion: mandatory
        standing: true
""",
        )
        + """    exceptions:
      - id: self_defence
        to: [no_nuclear_use]
        when: attack_by_a_nuclear_ally
        effect: suspend
"""
    )
    inst = instrument(text)
    (quiet,) = evaluate(inst, [ev(1, "2026-03-01")], {}).activated("no_nuclear_use")
    assert quiet.status == "active"
    (hit,) = evaluate(inst, [ev(2, "2026-03-05", cls="nuclear_use")], {}).activated("no_nuclear_use")
    assert hit.status == "suspended" and hit.evidence == ["e2"]


def test_unknown_exit_terms_do_not_warn_withdrawal_at_will() -> None:
    from servanda.language.checker import check

    text = BASE.replace(
        "  withdrawal: {allowed: true, notice: 1 year}", "  withdrawal: {allowed: unspecified}"
    )
    report = check(load_instrument_text(text, "t.yaml"))
    assert report.diagnostics == []
    until = BASE.replace(
        "  length: 10 years\n", "  length: until_event\n  ends_on: Ukraine's accession to NATO\n"
    )
    assert check(load_instrument_text(until, "u.yaml")).diagnostics == []
